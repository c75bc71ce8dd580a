//! The OpenAPI document: it describes every API route the server serves, every reference in
//! it resolves, and a snapshot makes any change to the contract a reviewed change.

mod common;

use common::{Backend, send, spawn_app};
use serde_json::Value;
use std::collections::BTreeSet;

/// The API of the foundation (issue 2): method and path template.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("post", "/api/v1/setup"),
    ("post", "/api/v1/session"),
    ("get", "/api/v1/session"),
    ("delete", "/api/v1/session"),
    ("put", "/api/v1/session/password"),
    ("get", "/api/v1/session/time-zone"),
    ("put", "/api/v1/session/time-zone"),
    ("get", "/api/v1/settings/time-zone"),
    ("put", "/api/v1/settings/time-zone"),
    ("get", "/api/v1/session/profile"),
    ("patch", "/api/v1/session/profile"),
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users"),
    ("get", "/api/v1/users/{id}"),
    ("patch", "/api/v1/users/{id}"),
    ("put", "/api/v1/users/{id}/password"),
    ("post", "/api/v1/users/{id}/active"),
    ("get", "/api/v1/projects/{key}/sprints"),
    ("post", "/api/v1/projects/{key}/sprints"),
    ("get", "/api/v1/sprints/{id}"),
    ("patch", "/api/v1/sprints/{id}"),
    ("delete", "/api/v1/sprints/{id}"),
    ("post", "/api/v1/sprints/{id}/items"),
    ("post", "/api/v1/sprints/{id}/start"),
    ("post", "/api/v1/sprints/{id}/complete"),
    ("get", "/api/v1/sprints/{id}/burndown"),
    ("get", "/api/v1/sprints/{id}/burnup"),
    ("get", "/api/v1/projects/{key}/velocity"),
    ("get", "/api/v1/projects/{key}/cumulative-flow"),
    ("get", "/api/v1/projects/{key}/time-entries"),
    ("post", "/api/v1/projects/{key}/time-entries"),
    ("get", "/api/v1/projects/{key}/time-entries.csv"),
    ("get", "/api/v1/projects/{key}/time-report"),
    ("patch", "/api/v1/time-entries/{id}"),
    ("delete", "/api/v1/time-entries/{id}"),
    ("get", "/api/v1/timer"),
    ("post", "/api/v1/timer/start"),
    ("post", "/api/v1/timer/stop"),
    ("post", "/api/v1/clients"),
    ("get", "/api/v1/clients"),
    ("post", "/api/v1/projects"),
    ("get", "/api/v1/projects"),
    ("get", "/api/v1/projects/{key}"),
    ("patch", "/api/v1/projects/{key}"),
    ("post", "/api/v1/projects/{key}/archive"),
    ("get", "/api/v1/projects/{key}/members"),
    ("post", "/api/v1/projects/{key}/members"),
    ("delete", "/api/v1/projects/{key}/members/{user_id}"),
    ("get", "/api/v1/projects/{key}/raci"),
    ("put", "/api/v1/projects/{key}/raci"),
    ("post", "/api/v1/projects/{key}/raci/activities"),
    ("patch", "/api/v1/projects/{key}/raci/activities/{id}"),
    ("delete", "/api/v1/projects/{key}/raci/activities/{id}"),
    (
        "put",
        "/api/v1/projects/{key}/raci/activities/{id}/assignments",
    ),
    ("get", "/api/v1/projects/{key}/roles"),
    ("get", "/api/v1/settings/raci-template"),
    ("put", "/api/v1/settings/raci-template"),
    ("post", "/api/v1/settings/raci-template/from-project"),
    ("get", "/api/v1/settings/health-thresholds"),
    ("put", "/api/v1/settings/health-thresholds"),
    ("get", "/api/v1/notifications"),
    ("post", "/api/v1/notifications/{id}/read"),
    ("post", "/api/v1/notifications/read-all"),
    ("post", "/api/v1/notifications/sweep"),
    ("get", "/api/v1/notifications/outbox"),
    ("post", "/api/v1/notifications/test-email"),
    ("get", "/api/v1/notification-settings"),
    ("put", "/api/v1/notification-settings"),
    ("get", "/api/v1/notification-settings/email-delivery"),
    ("put", "/api/v1/notification-settings/email-delivery"),
    ("get", "/api/v1/portal"),
    ("get", "/api/v1/projects/{key}/health"),
    ("get", "/api/v1/projects/{key}/health/history"),
    ("get", "/api/v1/portfolio"),
    ("get", "/api/v1/projects/{key}/status-reports"),
    ("post", "/api/v1/projects/{key}/status-reports"),
    ("get", "/api/v1/reports/{id}"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/projects/{key}/schedule"),
    ("get", "/api/v1/projects/{key}/baselines"),
    ("post", "/api/v1/projects/{key}/baselines"),
    ("delete", "/api/v1/baselines/{id}"),
    ("get", "/api/v1/projects/{key}/forecast"),
    ("get", "/api/v1/projects/{key}/evm"),
    ("get", "/api/v1/projects/{key}/evm/series"),
    ("get", "/api/v1/projects/{key}/export/msproject"),
    ("post", "/api/v1/projects/{key}/import/msproject"),
    // Product cockpit (issue 5).
    ("get", "/api/v1/projects/{key}/personas"),
    ("post", "/api/v1/projects/{key}/personas"),
    ("get", "/api/v1/projects/{key}/personas/{id}"),
    ("patch", "/api/v1/projects/{key}/personas/{id}"),
    ("delete", "/api/v1/projects/{key}/personas/{id}"),
    ("get", "/api/v1/projects/{key}/hypotheses"),
    ("post", "/api/v1/projects/{key}/hypotheses"),
    ("get", "/api/v1/projects/{key}/assumption-map"),
    ("get", "/api/v1/projects/{key}/hypotheses/{id}"),
    ("patch", "/api/v1/projects/{key}/hypotheses/{id}"),
    ("delete", "/api/v1/projects/{key}/hypotheses/{id}"),
    ("get", "/api/v1/projects/{key}/hypotheses/{id}/experiments"),
    ("post", "/api/v1/projects/{key}/hypotheses/{id}/experiments"),
    (
        "get",
        "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}",
    ),
    (
        "patch",
        "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}",
    ),
    (
        "delete",
        "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}",
    ),
    (
        "post",
        "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}/result",
    ),
    ("get", "/api/v1/projects/{key}/features"),
    ("post", "/api/v1/projects/{key}/features"),
    ("get", "/api/v1/projects/{key}/features/{id}"),
    ("patch", "/api/v1/projects/{key}/features/{id}"),
    ("delete", "/api/v1/projects/{key}/features/{id}"),
    ("get", "/api/v1/projects/{key}/features/{id}/criteria"),
    ("post", "/api/v1/projects/{key}/features/{id}/criteria"),
    (
        "patch",
        "/api/v1/projects/{key}/features/{id}/criteria/{criterion_id}",
    ),
    (
        "delete",
        "/api/v1/projects/{key}/features/{id}/criteria/{criterion_id}",
    ),
    ("get", "/api/v1/projects/{key}/features/{id}/items"),
    ("post", "/api/v1/projects/{key}/features/{id}/items"),
    (
        "delete",
        "/api/v1/projects/{key}/features/{id}/items/{item_key}",
    ),
    ("get", "/api/v1/projects/{key}/mvp"),
    ("get", "/api/v1/projects/{key}/roadmap"),
    // Product direction (tag product).
    ("get", "/api/v1/projects/{key}/vision"),
    ("put", "/api/v1/projects/{key}/vision"),
    ("get", "/api/v1/projects/{key}/vision/revisions"),
    ("get", "/api/v1/projects/{key}/goals"),
    ("post", "/api/v1/projects/{key}/goals"),
    ("get", "/api/v1/projects/{key}/goals/{id}"),
    ("put", "/api/v1/projects/{key}/goals/{id}"),
    ("delete", "/api/v1/projects/{key}/goals/{id}"),
    ("get", "/api/v1/projects/{key}/decisions"),
    ("post", "/api/v1/projects/{key}/decisions"),
    ("get", "/api/v1/projects/{key}/decisions/{id}"),
    ("put", "/api/v1/projects/{key}/decisions/{id}"),
    ("delete", "/api/v1/projects/{key}/decisions/{id}"),
    ("get", "/api/v1/projects/{key}/workshops"),
    ("post", "/api/v1/projects/{key}/workshops"),
    ("get", "/api/v1/projects/{key}/workshops/{id}"),
    ("put", "/api/v1/projects/{key}/workshops/{id}"),
    ("delete", "/api/v1/projects/{key}/workshops/{id}"),
    ("post", "/api/v1/projects/{key}/workshops/{id}/outcomes"),
    ("get", "/api/v1/projects/{key}/feedback"),
    ("post", "/api/v1/projects/{key}/feedback"),
    ("get", "/api/v1/projects/{key}/feedback/{id}"),
    ("patch", "/api/v1/projects/{key}/feedback/{id}"),
    ("post", "/api/v1/projects/{key}/feedback/triage"),
    ("get", "/api/v1/projects/{key}/releases"),
    ("post", "/api/v1/projects/{key}/releases"),
    ("get", "/api/v1/projects/{key}/releases/{id}"),
    ("put", "/api/v1/projects/{key}/releases/{id}"),
    ("delete", "/api/v1/projects/{key}/releases/{id}"),
    ("get", "/api/v1/projects/{key}/releases/{id}/scope"),
    ("get", "/api/v1/projects/{key}/releases/{id}/go-no-go"),
    ("put", "/api/v1/projects/{key}/releases/{id}/go-no-go"),
    ("post", "/api/v1/projects/{key}/releases/{id}/go-no-go"),
    ("get", "/api/v1/projects/{key}/go-no-go-template"),
    ("put", "/api/v1/projects/{key}/go-no-go-template"),
    ("get", "/api/v1/projects/{key}/roadmap/releases"),
    // Work items (issue 4).
    ("get", "/api/v1/projects/{key}/items"),
    ("post", "/api/v1/projects/{key}/items"),
    ("get", "/api/v1/items/{item_key}"),
    ("patch", "/api/v1/items/{item_key}"),
    ("delete", "/api/v1/items/{item_key}"),
    ("get", "/api/v1/items/{item_key}/comments"),
    ("post", "/api/v1/items/{item_key}/comments"),
    ("patch", "/api/v1/items/{item_key}/comments/{id}"),
    ("delete", "/api/v1/items/{item_key}/comments/{id}"),
    ("get", "/api/v1/items/{item_key}/history"),
    ("get", "/api/v1/items/{item_key}/dependencies"),
    ("post", "/api/v1/items/{item_key}/dependencies"),
    ("delete", "/api/v1/items/{item_key}/dependencies/{id}"),
    ("get", "/api/v1/projects/{key}/workflow"),
    ("put", "/api/v1/projects/{key}/workflow"),
    ("get", "/api/v1/projects/{key}/views"),
    ("post", "/api/v1/projects/{key}/views"),
    ("delete", "/api/v1/projects/{key}/views/{id}"),
    ("get", "/api/v1/projects/{key}/members/{user_id}/profile"),
    ("patch", "/api/v1/projects/{key}/members/{user_id}/profile"),
    ("get", "/api/v1/projects/{key}/calendar"),
    ("put", "/api/v1/projects/{key}/calendar"),
    ("get", "/api/v1/projects/{key}/time-off"),
    ("post", "/api/v1/projects/{key}/time-off"),
    ("patch", "/api/v1/projects/{key}/time-off/{id}"),
    ("delete", "/api/v1/projects/{key}/time-off/{id}"),
    ("get", "/api/v1/projects/{key}/workload"),
    ("get", "/api/v1/projects/{key}/budget"),
    ("post", "/api/v1/projects/{key}/budget/lines"),
    ("patch", "/api/v1/projects/{key}/budget/lines/{id}"),
    ("delete", "/api/v1/projects/{key}/budget/lines/{id}"),
    ("get", "/api/v1/projects/{key}/expenses"),
    ("post", "/api/v1/projects/{key}/expenses"),
    ("patch", "/api/v1/projects/{key}/expenses/{id}"),
    ("delete", "/api/v1/projects/{key}/expenses/{id}"),
    ("get", "/api/v1/projects/{key}/risks"),
    ("post", "/api/v1/projects/{key}/risks"),
    ("get", "/api/v1/projects/{key}/risks/heatmap"),
    ("get", "/api/v1/projects/{key}/risks/{id}"),
    ("patch", "/api/v1/projects/{key}/risks/{id}"),
    ("delete", "/api/v1/projects/{key}/risks/{id}"),
    ("get", "/api/v1/projects/{key}/roadblocks"),
    ("get", "/api/v1/projects/{key}/status-report"),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operations(document: &Value) -> BTreeSet<(String, String)> {
    document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| ((*method).to_owned(), path.clone()))
        })
        .collect()
}

/// Fills a path template with sample values.
fn concrete(path: &str) -> String {
    path.replace("{key}", "ACME")
        .replace("{id}", "1")
        .replace("{user_id}", "1")
        .replace("{experiment_id}", "1")
        .replace("{criterion_id}", "1")
        .replace("{item_key}", "ACME-1")
}

fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|inner| references(inner, found));
        }
        Value::Array(items) => items.iter().for_each(|inner| references(inner, found)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_describes_every_route_and_is_snapshotted() {
    let app = spawn_app(Backend::Sqlite).await;
    let caller = app.anonymous();
    let document = caller.get_json("/api/openapi.json").await;
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );

    let documented = operations(&document);
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(
        documented, expected,
        "documented operations differ from the API"
    );

    // Each documented operation is served (not the fallback 404, not 405) ...
    for (method, path) in &documented {
        let request = caller.request(
            method.to_uppercase().parse().expect("method"),
            &concrete(path),
        );
        let (status, body) = send(request).await;
        assert!(
            status != 404 && status != 405,
            "{method} {path} is not served: {status} {body}"
        );
    }

    // ... and fully described.
    for (method, path) in &documented {
        let operation = &document["paths"][path][method];
        assert!(
            operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path}: tag"
        );
        assert!(
            operation["summary"].is_string() || operation["description"].is_string(),
            "{method} {path}: summary"
        );
        assert!(
            operation["responses"]
                .as_object()
                .is_some_and(|r| !r.is_empty()),
            "{method} {path}: responses"
        );
    }
    let mut targets = Vec::new();
    references(&document, &mut targets);
    for target in targets {
        let pointer = target.trim_start_matches('#');
        assert!(
            document.pointer(pointer).is_some(),
            "dangling reference {target}"
        );
    }

    insta::assert_json_snapshot!("openapi", document);
}
