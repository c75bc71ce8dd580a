//! Risks linked to the items they threaten: `item_keys` in, `items` (key and title) out,
//! through the API and the risks page; a key naming no item of the project is refused by
//! name and nothing is written; relinking takes the risk's version like any other change.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    risks_link_items_of_their_project,
    unknown_item_keys_are_refused_by_name,
    relinking_needs_the_version_read,
    the_risks_page_links_items_under_a_clean_title,
);

/// Project SHOP with items SHOP-1 "Checkout" and SHOP-2 "Payment", project OTHER with
/// OTHER-1, and a client contact of SHOP.
async fn shop(app: &TestApp) -> (Caller, Person) {
    let admin = app.setup_admin().await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let clara = app
        .client_contact(&admin, "clara@northwind.example", client_id)
        .await;
    for (key, name) in [("SHOP", "Web shop"), ("OTHER", "Other")] {
        app.create_project(
            &admin,
            json!({ "key": key, "name": name, "client_id": client_id }),
        )
        .await;
    }
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/SHOP/members")
                .json(&json!({ "user": clara.id, "role": "client" })),
            201,
        )
        .await;
    for (key, title) in [
        ("SHOP", "Checkout"),
        ("SHOP", "Payment"),
        ("OTHER", "Elsewhere"),
    ] {
        admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/items"))
                    .json(&json!({ "title": title })),
                201,
            )
            .await;
    }
    (admin, clara)
}

async fn new_risk(admin: &Caller, body: Value) -> Value {
    admin
        .expect_json(admin.post("/api/v1/projects/SHOP/risks").json(&body), 201)
        .await
}

fn linked(items: &Value) -> Vec<(&str, &str)> {
    items
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["key"].as_str().expect("key"),
                i["title"].as_str().expect("title"),
            )
        })
        .collect()
}

async fn risks_link_items_of_their_project(app: TestApp) {
    let (admin, clara) = shop(&app).await;
    let risk = new_risk(
        &admin,
        json!({
            "title": "Provider outage", "probability": 3, "impact": 4,
            "visibility": "shared", "item_keys": ["shop-2", " SHOP-1 "],
        }),
    )
    .await;
    let both = [("SHOP-1", "Checkout"), ("SHOP-2", "Payment")];
    assert_eq!(linked(&risk["items"]), both, "in item order: {risk}");
    let unlinked = new_risk(
        &admin,
        json!({ "title": "Nobody linked", "probability": 1, "impact": 1 }),
    )
    .await;
    assert_eq!(unlinked["items"], json!([]));

    let one = admin
        .get_json(&format!("/api/v1/projects/SHOP/risks/{}", risk["id"]))
        .await;
    assert_eq!(linked(&one["items"]), both);
    let list = admin.get_json("/api/v1/projects/SHOP/risks").await;
    let listed = list
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["id"] == risk["id"])
        .expect("listed");
    assert_eq!(linked(&listed["items"]), both);
    // The client contact reads the shared risk with its items.
    let seen = clara
        .caller
        .get_json(&format!("/api/v1/projects/SHOP/risks/{}", risk["id"]))
        .await;
    assert_eq!(linked(&seen["items"]), both);
}

async fn unknown_item_keys_are_refused_by_name(app: TestApp) {
    let (admin, _) = shop(&app).await;
    for (keys, named) in [
        (json!(["SHOP-1", "SHOP-99"]), "SHOP-99"),
        (json!(["OTHER-1"]), "OTHER-1"),
        (json!(["checkout"]), "checkout"),
    ] {
        let (status, body) = send(admin.post("/api/v1/projects/SHOP/risks").json(&json!({
            "title": "Provider outage", "probability": 3, "impact": 4, "item_keys": keys,
        })))
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            assert_error(&body, "validation_failed")["field"],
            "item_keys"
        );
        let message = body["error"]["message"].as_str().expect("message");
        assert!(message.contains(named), "{message}");
    }
    let list = admin.get_json("/api/v1/projects/SHOP/risks").await;
    assert_eq!(list, json!([]), "a refused risk is not registered");
}

async fn relinking_needs_the_version_read(app: TestApp) {
    let (admin, _) = shop(&app).await;
    let risk = new_risk(
        &admin,
        json!({ "title": "Provider outage", "probability": 3, "impact": 4, "item_keys": ["SHOP-1"] }),
    )
    .await;
    let path = format!("/api/v1/projects/SHOP/risks/{}", risk["id"]);
    let relink = |if_match: Option<&str>, keys: Value| {
        let request = admin.patch(&path).json(&json!({ "item_keys": keys }));
        match if_match {
            Some(tag) => request.header("If-Match", tag),
            None => request,
        }
    };
    let (status, body) = send(relink(None, json!(["SHOP-2"]))).await;
    assert_eq!(status, 428, "{body}");

    let response = relink(Some("\"1\""), json!(["SHOP-2"]))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let body: Value = response.json().await.expect("body");
    assert_eq!(linked(&body["items"]), [("SHOP-2", "Payment")]);
    assert_eq!(body["version"], 2);

    // An old version changes nothing; an unknown key neither.
    let (status, body) = send(relink(Some("\"1\""), json!([]))).await;
    assert_eq!(status, 412, "{body}");
    let (status, body) = send(relink(Some("\"2\""), json!(["SHOP-7"]))).await;
    assert_eq!(status, 422, "{body}");
    let unchanged = admin.get_json(&path).await;
    assert_eq!(linked(&unchanged["items"]), [("SHOP-2", "Payment")]);
    assert_eq!(unchanged["version"], 2);

    // Other fields leave the links alone; an empty list unlinks them all.
    let body = admin
        .expect_json(
            admin
                .patch(&path)
                .header("If-Match", "\"2\"")
                .json(&json!({ "status": "mitigating" })),
            200,
        )
        .await;
    assert_eq!(linked(&body["items"]), [("SHOP-2", "Payment")]);
    let body = admin
        .expect_json(relink(Some("\"3\""), json!([])), 200)
        .await;
    assert_eq!(body["items"], json!([]));
}

async fn the_risks_page_links_items_under_a_clean_title(app: TestApp) {
    let (admin, _) = shop(&app).await;
    let csrf = admin.csrf_token().expect("a session").to_owned();
    let add = |item_keys: &str| {
        admin.post("/projects/SHOP/risks").form(&[
            ("_csrf", csrf.as_str()),
            ("title", "Provider outage"),
            ("probability", "3"),
            ("impact", "4"),
            ("owner", ""),
            ("mitigation", ""),
            ("visibility", "internal"),
            ("review_date", ""),
            ("item_keys", item_keys),
        ])
    };
    let refused = add("SHOP-1, SHOP-42").send().await.expect("post");
    assert_eq!(refused.status(), 422);
    let shown = refused.text().await.expect("page");
    assert!(shown.contains("there is no item SHOP-42"), "{shown}");

    let added = add("SHOP-1, SHOP-2").send().await.expect("post");
    assert_eq!(added.status(), 200, "redirected to the page");
    let page = added.text().await.expect("page");
    let title = page
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title)
        .expect("a title");
    assert_eq!(title, "Risks · Web shop · Tandem");
    assert_eq!(page.matches(r#"id="roadblocks""#).count(), 1, "{page}");
    for (key, title) in [("SHOP-1", "Checkout"), ("SHOP-2", "Payment")] {
        assert!(
            page.contains(&format!(
                r#"<a class="key" href="/items/{key}" title="{title}">{key}</a>"#
            )),
            "{key}: {page}"
        );
    }
    assert!(
        page.contains(r#"name="item_keys" value="SHOP-1, SHOP-2""#),
        "the edit form shows the keys: {page}"
    );
    let list = admin.get_json("/api/v1/projects/SHOP/risks").await;
    assert_eq!(
        linked(&list[0]["items"]),
        [("SHOP-1", "Checkout"), ("SHOP-2", "Payment")]
    );
}
