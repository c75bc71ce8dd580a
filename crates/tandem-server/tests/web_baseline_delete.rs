//! The Gantt page's baseline "Delete" buttons: shown to project managers only, posting a
//! CSRF form that calls the same service as `DELETE /api/v1/baselines/{id}`, so members are
//! refused, and a baseline of another project or one already gone is not found.

mod common;

use common::delivery::{story, team};
use common::{Caller, send};
use serde_json::{Value, json};

per_backend!(the_gantt_page_deletes_baselines_like_the_api);

/// Posts a web form as `caller` (with its CSRF token), following the redirect; the status,
/// the address it ends on and the page.
async fn post_form(caller: &Caller, path: &str) -> (u16, String, String) {
    let body = vec![("_csrf", caller.csrf_token().unwrap_or_default())];
    let response = caller
        .post(path)
        .form(&body)
        .send()
        .await
        .expect("post the form");
    let status = response.status().as_u16();
    let url = response.url().path().to_owned();
    (status, url, response.text().await.expect("the page"))
}

async fn save(caller: &Caller, key: &str, name: &str) -> Value {
    caller
        .expect_json(
            caller
                .post(&format!("/api/v1/projects/{key}/baselines"))
                .json(&json!({ "name": name })),
            201,
        )
        .await
}

async fn the_gantt_page_deletes_baselines_like_the_api(app: common::TestApp) {
    let team = team(&app).await;
    story(&app, team.project_id, "Pay", 3, 480).await;
    let (jonas, mia) = (&team.jonas.caller, &team.mia.caller);
    let first = save(jonas, "ACME", "Kick-off").await;
    let second = save(jonas, "ACME", "Re-plan").await;
    let action = format!("/projects/ACME/baselines/{}/delete", first["id"]);

    let page = jonas.get_html("/projects/ACME/gantt").await;
    assert!(page.contains(&format!(r#"action="{action}""#)), "{page}");
    assert!(
        page.contains("data-confirm=\"Delete the baseline Kick-off"),
        "{page}"
    );
    let page = mia.get_html("/projects/ACME/gantt").await;
    assert!(
        !page.contains(&action),
        "members get no delete button: {page}"
    );

    // The earned value page shows ETC next to EAC (also with no budget or cost yet).
    let evm = jonas.get_html("/projects/ACME/evm").await;
    assert!(
        evm.contains("To complete (ETC)") && evm.contains(r#"id="etc""#),
        "{evm}"
    );

    // A member is refused here as on the API, and the baseline stays.
    let (api_status, _) = send(mia.delete(&format!("/api/v1/baselines/{}", first["id"]))).await;
    let (status, _, _) = post_form(mia, &action).await;
    assert_eq!((status, api_status), (403, 403));
    // Without the CSRF token nothing happens.
    let status = jonas
        .post(&action)
        .form(&[("_csrf", "forged")])
        .send()
        .await
        .expect("post the form")
        .status()
        .as_u16();
    assert!(status >= 400, "{status}");
    assert_eq!(
        jonas
            .get_json("/api/v1/projects/ACME/baselines")
            .await
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let (status, url, page) = post_form(jonas, &action).await;
    assert_eq!((status, url.as_str()), (200, "/projects/ACME/gantt"));
    assert!(!page.contains(&action), "{page}");
    let left = jonas.get_json("/api/v1/projects/ACME/baselines").await;
    let ids: Vec<&Value> = left
        .as_array()
        .expect("a list")
        .iter()
        .map(|b| &b["id"])
        .collect();
    assert_eq!(ids, [&second["id"]]);

    // Gone now, and a baseline of another project is not one of ACME's.
    let (status, _, _) = post_form(jonas, &action).await;
    assert_eq!(status, 404);
    app.create_project(
        &team.admin,
        json!({ "key": "OTHER", "name": "Other", "project_manager": team.jonas.id }),
    )
    .await;
    let other = save(jonas, "OTHER", "Theirs").await;
    let (status, _, _) = post_form(
        jonas,
        &format!("/projects/ACME/baselines/{}/delete", other["id"]),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        jonas
            .get_json("/api/v1/projects/OTHER/baselines")
            .await
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}
