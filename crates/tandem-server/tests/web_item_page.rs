//! The item page's delete and comment forms: they call the same services as the JSON API, so
//! a stale version, an item with children and a person the API refuses are refused here too.

mod common;

use common::delivery::team;
use common::{Caller, send};
use serde_json::{Value, json};

per_backend!(
    the_item_page_deletes_like_the_api,
    the_item_page_edits_and_deletes_comments_like_the_api,
);

async fn create(caller: &Caller, body: Value) -> Value {
    caller
        .expect_json(caller.post("/api/v1/projects/ACME/items").json(&body), 201)
        .await
}

async fn comment(caller: &Caller, key: &str, body: Value) -> Value {
    let path = format!("/api/v1/items/{key}/comments");
    caller
        .expect_json(caller.post(&path).json(&body), 201)
        .await
}

async fn comments(caller: &Caller, key: &str) -> Vec<Value> {
    let list = caller
        .get_json(&format!("/api/v1/items/{key}/comments"))
        .await;
    list.as_array().expect("a list").clone()
}

async fn the_item_page_deletes_like_the_api(app: common::TestApp) {
    let team = team(&app).await;
    let (jonas, carl) = (&team.jonas.caller, &team.carl.caller);
    let epic = create(jonas, json!({ "title": "Checkout", "type": "epic" })).await;
    let story = create(jonas, json!({ "title": "Pay", "parent": "ACME-1" })).await;
    let old = story["version"].to_string();
    let page = jonas.get_html("/items/ACME-2").await;
    assert!(page.contains("Delete ACME-2 and its history?"), "{page}");
    assert!(page.contains(r#"action="/items/ACME-2/delete""#));
    assert!(
        !carl
            .get_html("/items/ACME-2")
            .await
            .contains("/items/ACME-2/delete")
    );

    let (api_status, _) = send(
        carl.delete("/api/v1/items/ACME-2")
            .header("if-match", format!("\"{old}\"")),
    )
    .await;
    let (status, _, _) = carl
        .submit_form("/items/ACME-2/delete", &[("version", &old)])
        .await;
    assert_eq!((status, api_status), (403, 403));

    let changed = jonas
        .expect_json(
            jonas
                .patch("/api/v1/items/ACME-2")
                .header("if-match", format!("\"{old}\""))
                .json(&json!({ "title": "Pay by card" })),
            200,
        )
        .await;
    let (status, _, page) = jonas
        .submit_form("/items/ACME-2/delete", &[("version", &old)])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Someone else changed this item"), "{page}");
    jonas.get_json("/api/v1/items/ACME-2").await;

    let epic_version = epic["version"].to_string();
    let (status, _, page) = jonas
        .submit_form("/items/ACME-1/delete", &[("version", &epic_version)])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("this item has children"), "{page}");
    jonas.get_json("/api/v1/items/ACME-1").await;

    let current = changed["version"].to_string();
    let (status, url, page) = jonas
        .submit_form("/items/ACME-2/delete", &[("version", &current)])
        .await;
    assert_eq!(
        (status, url.as_str()),
        (200, "/projects/ACME/items?notice=item_deleted")
    );
    assert!(!page.contains("Pay by card"), "{page}");
    assert!(page.contains("Item deleted."), "the list says so: {page}");
    let (status, _) = send(jonas.get("/api/v1/items/ACME-2")).await;
    assert_eq!(status, 404);
}

async fn the_item_page_edits_and_deletes_comments_like_the_api(app: common::TestApp) {
    let team = team(&app).await;
    let (jonas, mia, carl) = (&team.jonas.caller, &team.mia.caller, &team.carl.caller);
    create(jonas, json!({ "title": "Checkout" })).await;
    let hers = comment(mia, "ACME-1", json!({ "body": "first draft" })).await;
    let note = comment(
        jonas,
        "ACME-1",
        json!({ "body": "staff only", "internal": true }),
    )
    .await;
    let (hers_path, note_path) = (
        format!("/items/ACME-1/comments/{}", hers["id"]),
        format!("/items/ACME-1/comments/{}", note["id"]),
    );
    let page = mia.get_html("/items/ACME-1").await;
    assert!(page.contains(&format!(r#"action="{hers_path}""#)), "{page}");
    assert!(!page.contains(&format!(r#"action="{note_path}""#)));

    let old = hers["version"].to_string();
    let edit = [("body", "second draft"), ("version", old.as_str())];
    let (status, url, _) = mia.submit_form(&hers_path, &edit).await;
    assert_eq!((status, url.as_str()), (200, "/items/ACME-1?"));
    assert_eq!(comments(mia, "ACME-1").await[0]["body"], "second draft");

    let stale = [("body", "third draft"), ("version", old.as_str())];
    let (status, _, page) = mia.submit_form(&hers_path, &stale).await;
    assert_eq!(status, 422);
    assert!(page.contains("Someone else saved a change here"), "{page}");
    assert!(page.contains("third draft"), "the typed text is kept");
    assert_eq!(comments(mia, "ACME-1").await[0]["body"], "second draft");

    let current = comments(mia, "ACME-1").await[0]["version"].to_string();
    let takeover = [("body", "mine now"), ("version", current.as_str())];
    let (api_status, _) = send(
        jonas
            .patch(&format!("/api/v1/items/ACME-1/comments/{}", hers["id"]))
            .json(&json!({ "body": "mine now", "version": current.parse::<i64>().unwrap() })),
    )
    .await;
    let (status, _, _) = jonas.submit_form(&hers_path, &takeover).await;
    assert_eq!((status, api_status), (403, 403));
    let (status, _, _) = jonas.submit_form(&format!("{hers_path}/delete"), &[]).await;
    assert_eq!(status, 403);
    assert_eq!(comments(mia, "ACME-1").await[0]["body"], "second draft");

    let note_version = note["version"].to_string();
    let keep_internal = [
        ("body", "still staff only"),
        ("internal", "on"),
        ("version", note_version.as_str()),
    ];
    let (status, _, _) = jonas.submit_form(&note_path, &keep_internal).await;
    assert_eq!(status, 200);
    let seen = comments(jonas, "ACME-1").await;
    assert_eq!(
        (&seen[1]["body"], &seen[1]["internal"]),
        (&json!("still staff only"), &json!(true))
    );
    assert_eq!(comments(carl, "ACME-1").await.len(), 1);
    assert!(
        !carl
            .get_html("/items/ACME-1")
            .await
            .contains("still staff only")
    );

    let (status, _, _) = mia.submit_form(&format!("{hers_path}/delete"), &[]).await;
    assert_eq!(status, 200);
    let left = comments(jonas, "ACME-1").await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], note["id"]);
}
