//! The audit log: sign-ins (also failed ones) and writes, with the request id the caller saw;
//! readable by admins only.

mod common;

use common::{ADMIN_EMAIL, Caller, PASSWORD, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    sign_ins_and_failures_are_audited_with_their_request_ids,
    writes_are_audited_and_refused_writes_are_not,
    only_admins_read_the_audit_log,
    the_log_can_be_followed_oldest_first,
);

/// Sends `request` and returns the `x-request-id` it was answered with, asserting `status`.
async fn request_id_of(request: reqwest::RequestBuilder, status: u16) -> String {
    let response = request.send().await.expect("request");
    assert_eq!(response.status(), status);
    response
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .expect("x-request-id")
        .to_owned()
}

/// The entries with `action`, newest first.
async fn entries(admin: &Caller, action: &str) -> Vec<Value> {
    let all = admin
        .get_json(&format!("/api/v1/audit?action={action}"))
        .await;
    let all = all.as_array().expect("entries").clone();
    all.into_iter()
        .filter(|entry| entry["action"] == action)
        .collect()
}

async fn sign_ins_and_failures_are_audited_with_their_request_ids(app: TestApp) {
    let admin = app.setup_admin().await;
    let attempt = |password: &str| {
        app.anonymous()
            .post("/api/v1/session")
            .json(&json!({ "email": ADMIN_EMAIL, "password": password }))
    };
    let failed_id = request_id_of(attempt("not the password"), 401).await;
    let success_id = request_id_of(attempt(PASSWORD), 200).await;
    let unknown_id = request_id_of(
        app.anonymous()
            .post("/api/v1/session")
            .json(&json!({ "email": "ghost@example.com", "password": PASSWORD })),
        401,
    )
    .await;

    let failures = entries(&admin, "session.failed").await;
    let failure = failures
        .iter()
        .find(|entry| entry["request_id"] == failed_id.as_str())
        .unwrap_or_else(|| panic!("no audit entry for request {failed_id}: {failures:?}"));
    assert_eq!(failure["actor"], ADMIN_EMAIL);
    assert_eq!(failure["ip"], "127.0.0.1");
    assert!(
        failures
            .iter()
            .any(|entry| entry["request_id"] == unknown_id.as_str()
                && entry["actor"] == "ghost@example.com")
    );

    let sign_ins = entries(&admin, "session.create").await;
    let sign_in = sign_ins
        .iter()
        .find(|entry| entry["request_id"] == success_id.as_str())
        .unwrap_or_else(|| panic!("no audit entry for request {success_id}: {sign_ins:?}"));
    assert_eq!(sign_in["actor"], ADMIN_EMAIL);
    assert!(sign_in["actor_user_id"].is_i64());
    assert!(
        sign_in["at"].as_str().is_some_and(|at| at.ends_with('Z')),
        "{sign_in}"
    );
}

async fn writes_are_audited_and_refused_writes_are_not(app: TestApp) {
    let admin = app.setup_admin().await;
    let create = admin
        .post("/api/v1/clients")
        .json(&json!({ "name": "Acme" }));
    let request_id = request_id_of(create, 201).await;
    let created = entries(&admin, "client.create").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["request_id"], request_id.as_str());
    assert_eq!(created[0]["actor"], ADMIN_EMAIL);
    assert_eq!(created[0]["object_type"], "client");

    let duplicate = admin
        .post("/api/v1/clients")
        .json(&json!({ "name": "Acme" }));
    assert_eq!(send(duplicate).await.0, 409);
    let forged = admin
        .without_csrf()
        .post("/api/v1/clients")
        .json(&json!({ "name": "Forged" }));
    assert_eq!(send(forged).await.0, 403);
    assert_eq!(
        entries(&admin, "client.create").await.len(),
        1,
        "refused writes leave no trace"
    );

    app.create_project(&admin, json!({ "key": "ACME", "name": "Acme" }))
        .await;
    let patch = admin
        .patch("/api/v1/projects/ACME")
        .header("if-match", "\"1\"")
        .json(&json!({ "name": "Acme 2" }));
    let patch_id = request_id_of(patch, 200).await;
    let updates = entries(&admin, "project.update").await;
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["request_id"], patch_id.as_str());
    assert_eq!(updates[0]["object_id"], "ACME");
    assert_eq!(entries(&admin, "project.create").await.len(), 1);
}

async fn only_admins_read_the_audit_log(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let client_id = app.create_client(&admin, "Acme").await;
    let carl = app
        .client_contact(&admin, "carl@acme.example", client_id)
        .await;
    for caller in [&mia.caller, &carl.caller] {
        let (status, body) = send(caller.get("/api/v1/audit")).await;
        assert_eq!(status, 403);
        assert_error(&body, "forbidden");
    }
    let (status, _) = send(app.anonymous().get("/api/v1/audit")).await;
    assert_eq!(status, 401);
}

async fn the_log_can_be_followed_oldest_first(app: TestApp) {
    let admin = app.setup_admin().await;
    for name in ["One", "Two", "Three"] {
        app.create_client(&admin, name).await;
    }
    let newest_first = admin.get_json("/api/v1/audit?action=client.").await;
    let names: Vec<&Value> = newest_first
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| &entry["details"]["name"])
        .collect();
    assert_eq!(names, [&json!("Three"), &json!("Two"), &json!("One")]);

    let first_id = newest_first[2]["id"].as_i64().expect("id");
    let following = admin
        .get_json(&format!("/api/v1/audit?action=client.&after_id={first_id}"))
        .await;
    let names: Vec<&Value> = following
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| &entry["details"]["name"])
        .collect();
    assert_eq!(names, [&json!("Two"), &json!("Three")]);
    let limited = admin.get_json("/api/v1/audit?limit=1").await;
    assert_eq!(limited.as_array().map(Vec::len), Some(1));
}
