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
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users"),
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
    ("get", "/api/v1/audit"),
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
