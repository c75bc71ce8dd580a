//! Weekly status reports over HTTP: generated on demand (this week by default, or a checked
//! period), kept as history, read as JSON or Markdown (`.md` or `?format=markdown`); client
//! contacts read a client version without costs or internal artefacts and cannot generate.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use serde_json::{Value, json};

struct Fixture {
    paula: Person,
    clara: Person,
    outsider: Person,
    today: String,
}

/// ACME (client Acme, with a budget) run by Paula and Jonas, client contact Clara, and Otto
/// who is not on the project; two decisions taken today, one shared with the client.
async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    let outsider = app.member(&admin, "otto@example.com").await;
    let client_id = app.create_client(&admin, "Acme Corp").await;
    let clara = app
        .client_contact(&admin, "clara@acme.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({
            "key": "ACME", "name": "Acme shop", "client_id": client_id,
            "product_manager": paula.id, "project_manager": jonas.id,
            "budget": { "amount": 50000, "currency": "EUR" },
        }),
    )
    .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/ACME/members")
                .json(&json!({ "user": clara.id, "role": "client" })),
            201,
        )
        .await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    for (title, visibility) in [("Go with Stripe", "internal"), ("Launch in June", "shared")] {
        paula
            .caller
            .expect_json(
                paula
                    .caller
                    .post("/api/v1/projects/ACME/decisions")
                    .json(&json!({
                        "title": title, "status": "accepted", "decided_on": today, "decider": paula.id,
                        "visibility": visibility,
                    })),
                201,
            )
            .await;
    }
    Fixture {
        paula,
        clara,
        outsider,
        today,
    }
}

fn titles(lines: &Value) -> Vec<&str> {
    lines
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line["title"].as_str().expect("title"))
        .collect()
}

async fn generate(caller: &Caller, body: Option<Value>) -> (u16, Value) {
    let request = caller.post("/api/v1/projects/ACME/status-reports");
    send(match body {
        Some(body) => request.json(&body),
        None => request,
    })
    .await
}

async fn generated_reports_are_kept_and_read_as_json_or_markdown(app: TestApp) {
    let f = fixture(&app).await;
    let (status, created) = generate(&f.paula.caller, None).await;
    assert_eq!(status, 201, "{created}");
    let report = &created["report"];
    assert!(report["period_start"].as_str().unwrap() <= f.today.as_str());
    assert!(report["period_end"].as_str().unwrap() >= f.today.as_str());
    assert_eq!(report["client_version"], false);
    assert_eq!(
        titles(&report["product"]["decisions"]),
        ["Launch in June", "Go with Stripe"]
    );
    assert_eq!(report["delivery"]["budget_burn"], 0.0, "staff see costs");
    assert!(report["diagnosis"]["sentence"].is_string());
    assert_eq!(created["generated_by"], "paula");
    let markdown = created["markdown"].as_str().expect("markdown");
    assert!(
        markdown.starts_with("# Status report: Acme shop (ACME)"),
        "{markdown}"
    );
    assert!(markdown.contains("## Product") && markdown.contains("## Delivery"));

    let (status, older) = generate(
        &f.paula.caller,
        Some(json!({ "period_start": "2026-11-02", "period_end": "2026-11-08" })),
    )
    .await;
    assert_eq!(status, 201, "{older}");
    assert_eq!(older["period_start"], "2026-11-02");
    let history = f
        .paula
        .caller
        .get_json("/api/v1/projects/ACME/status-reports")
        .await;
    let history = history.as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["id"], older["id"], "newest first");
    let first_address = f
        .paula
        .caller
        .get_json("/api/v1/projects/ACME/reports")
        .await;
    assert_eq!(
        first_address.as_array(),
        Some(history),
        "the first address still answers"
    );

    let id = created["id"].as_i64().expect("id");
    let read = f
        .paula
        .caller
        .get_json(&format!("/api/v1/reports/{id}"))
        .await;
    assert_eq!(read["markdown"], created["markdown"], "kept as generated");
    for path in [
        format!("/api/v1/reports/{id}.md"),
        format!("/api/v1/reports/{id}?format=markdown"),
    ] {
        let response = f.paula.caller.get(&path).send().await.expect("markdown");
        assert_eq!(response.status(), 200);
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/markdown"), "{kind}");
        assert_eq!(response.text().await.unwrap(), markdown);
    }
}

async fn bad_periods_and_addresses_are_refused(app: TestApp) {
    let f = fixture(&app).await;
    for (body, field) in [
        (
            json!({ "period_start": "2026-11-10", "period_end": "2026-11-02" }),
            "period_end",
        ),
        (json!({ "period_start": "someday" }), "period_start"),
        (
            json!({ "period_start": "2026-01-01", "period_end": "2026-12-31" }),
            "period_end",
        ),
    ] {
        let (status, error) = generate(&f.paula.caller, Some(body)).await;
        assert_eq!(status, 422, "{error}");
        assert_eq!(assert_error(&error, "validation_failed")["field"], field);
    }
    let (status, error) = generate(&f.paula.caller, Some(json!(["not", "a", "period"]))).await;
    assert_eq!(status, 422, "{error}");
    for path in [
        "/api/v1/reports/999",
        "/api/v1/reports/abc",
        "/api/v1/reports/9.md",
    ] {
        let (status, error) = send(f.paula.caller.get(path)).await;
        assert_eq!(status, 404, "{path}: {error}");
        assert_error(&error, "not_found");
    }
    let (_, created) = generate(&f.paula.caller, None).await;
    let id = created["id"].as_i64().expect("id");
    let (status, error) = send(
        f.paula
            .caller
            .get(&format!("/api/v1/reports/{id}?format=pdf")),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    let (status, _) = send(f.outsider.caller.get(&format!("/api/v1/reports/{id}"))).await;
    assert_eq!(status, 404, "not on the project: not found");
    let (status, _) = send(f.paula.caller.get("/api/v1/projects/NOPE/status-reports")).await;
    assert_eq!(status, 404);
}

async fn clients_read_a_client_version_and_cannot_generate(app: TestApp) {
    let f = fixture(&app).await;
    let (status, error) = generate(&f.clara.caller, None).await;
    assert_eq!(status, 403, "{error}");
    assert_error(&error, "forbidden");
    let (_, created) = generate(&f.paula.caller, None).await;
    let id = created["id"].as_i64().expect("id");
    let history = f
        .clara
        .caller
        .get_json("/api/v1/projects/ACME/status-reports")
        .await;
    assert_eq!(history.as_array().expect("history").len(), 1);
    let read = f
        .clara
        .caller
        .get_json(&format!("/api/v1/reports/{id}"))
        .await;
    let report = &read["report"];
    assert_eq!(report["client_version"], true);
    assert_eq!(titles(&report["product"]["decisions"]), ["Launch in June"]);
    assert!(report["delivery"].get("budget").is_none(), "{report}");
    assert!(report["delivery"].get("budget_burn").is_none(), "{report}");
    let markdown = read["markdown"].as_str().expect("markdown");
    assert!(markdown.contains("Client version"), "{markdown}");
    assert!(!markdown.contains("Go with Stripe"), "{markdown}");
    assert!(!markdown.contains("Budget"), "{markdown}");
}

per_backend!(
    generated_reports_are_kept_and_read_as_json_or_markdown,
    bad_periods_and_addresses_are_refused,
    clients_read_a_client_version_and_cannot_generate,
);
