//! Probes, request ids and the fallback: what load balancers and operators rely on.

mod common;

use common::{TestApp, assert_error};
use serde_json::json;

per_backend!(
    healthz_answers_ok,
    readyz_follows_the_database,
    every_response_carries_a_request_id,
    unknown_routes_are_json_404s,
);

async fn healthz_answers_ok(app: TestApp) {
    let body = app.anonymous().get_json("/healthz").await;
    assert_eq!(body, json!({ "status": "ok" }));
}

async fn readyz_follows_the_database(app: TestApp) {
    let caller = app.anonymous();
    assert_eq!(caller.get_json("/readyz").await, json!({ "status": "ok" }));

    app.store.close().await;
    let body = caller.expect_json(caller.get("/readyz"), 503).await;
    assert_error(&body, "database_unavailable");
}

async fn every_response_carries_a_request_id(app: TestApp) {
    let caller = app.anonymous();
    let mut seen = Vec::new();
    for path in ["/healthz", "/api/v1/projects", "/no/such/page"] {
        let response = caller.get(path).send().await.expect("request");
        let id = response
            .headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_else(|| panic!("{path} has no x-request-id"))
            .to_owned();
        assert!(!seen.contains(&id), "request ids repeat: {id}");
        seen.push(id);
    }
}

async fn unknown_routes_are_json_404s(app: TestApp) {
    let caller = app.anonymous();
    for path in [
        "/api/v1/nothing-here",
        "/api/v2/projects",
        "/api/v1/projects/ACME/nope",
    ] {
        let body = caller.expect_json(caller.get(path), 404).await;
        assert_error(&body, "not_found");
    }
}
