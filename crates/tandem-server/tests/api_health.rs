//! The health diagnosis over the API: every signal measured from stored data, ranked so the
//! planted cause comes first, with evidence that names the records behind it; staff only; the
//! weekly history.

mod common;

use common::direction::put_if;
use common::{Caller, TestApp, assert_error, send};
use serde_json::{Value, json};

/// A staffed project `HLTH` (product manager Paula, project manager Jonas) for client Acme,
/// with a full vision board and a persona: nothing to complain about yet.
struct Fixture {
    admin: Caller,
    paula: common::Person,
    client: common::Person,
}

async fn healthy(app: &TestApp) -> Fixture {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    let client_id = app.create_client(&admin, "Acme").await;
    let client = app
        .client_contact(&admin, "clara@acme.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({ "key": "HLTH", "name": "Healthy shop", "client_id": client_id,
                "product_manager": paula.id, "project_manager": jonas.id }),
    )
    .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/HLTH/members")
                .json(&json!({ "user": client.id, "role": "client" })),
            201,
        )
        .await;
    let pm = &paula.caller;
    pm.expect_json(
        put_if(pm, "/api/v1/projects/HLTH/vision", 0).json(&json!({
            "vision": "Groceries in two taps", "target_group": "Busy parents",
            "needs": "Less time shopping", "product": "Mobile shop",
            "business_goals": "Grow online revenue 30 %",
        })),
        200,
    )
    .await;
    pm.expect_json(
        pm.post("/api/v1/projects/HLTH/personas")
            .json(&json!({ "name": "Anna, busy parent", "goals": "Reorder in a minute" })),
        201,
    )
    .await;
    Fixture {
        admin,
        paula,
        client,
    }
}

async fn health(caller: &Caller, key: &str) -> Value {
    caller
        .get_json(&format!("/api/v1/projects/{key}/health"))
        .await
}

fn signal<'a>(verdict: &'a Value, id: &str) -> &'a Value {
    verdict["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("signal {id} in {verdict}"))
}

async fn a_missing_product_manager_is_named_first(app: TestApp) {
    let admin = app.setup_admin().await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    app.create_project(
        &admin,
        json!({ "key": "ORPH", "name": "Orphan", "project_manager": jonas.id }),
    )
    .await;
    let body = health(&jonas.caller, "ORPH").await;
    assert_eq!(body["project_key"], "ORPH");
    let verdict = &body["verdict"];
    let first = &verdict["signals"][0];
    assert_eq!(first["id"], "no_product_manager", "{verdict}");
    assert_eq!(first["side"], "product");
    assert_eq!(first["severity"], "critical");
    assert_eq!(first["next_step"]["owner"], "project_manager");
    assert_eq!(verdict["severity"], "critical");
    assert_eq!(verdict["dominant_side"], "product");
    let sentence = verdict["sentence"].as_str().expect("sentence");
    assert!(
        sentence.contains("Nobody is the product manager"),
        "{sentence}"
    );
    assert_eq!(signal(verdict, "no_project_manager")["severity"], "ok");
}

async fn a_healthy_small_project_is_ok(app: TestApp) {
    let f = healthy(&app).await;
    let verdict = health(&f.paula.caller, "HLTH").await["verdict"].clone();
    assert_eq!(verdict["severity"], "ok", "{verdict}");
    assert!(verdict["dominant_side"].is_null());
    assert!(!verdict["sentence"].as_str().expect("sentence").is_empty());
    let signals = verdict["signals"].as_array().expect("signals");
    assert_eq!(signals.len(), 24, "every signal of issue 6 is measured");
    for id in ["scope_churn", "critical_path_slip"] {
        let s = signal(&verdict, id);
        assert_eq!(s["severity"], "ok");
        let text = s["explanation"].as_str().expect("explanation");
        assert!(
            text.starts_with("Not measurable yet: no baseline"),
            "{text}"
        );
    }
    assert_eq!(
        signal(&verdict, "vision_board")["value"],
        1.0,
        "all five sections are filled"
    );
    assert_eq!(
        signal(&verdict, "no_personas")["evidence"][0]["kind"],
        "persona"
    );
}

async fn evidence_names_the_records_behind_a_signal(app: TestApp) {
    let f = healthy(&app).await;
    let pm = &f.paula.caller;
    let milestone = pm
        .expect_json(
            pm.post("/api/v1/projects/HLTH/items").json(&json!({
                "type": "milestone", "title": "Pilot live", "due_date": "2020-03-02",
            })),
            201,
        )
        .await;
    let decision = pm
        .expect_json(
            pm.post("/api/v1/projects/HLTH/decisions").json(&json!({
                "title": "Payment provider", "due_on": "2020-01-31",
            })),
            201,
        )
        .await;
    let verdict = health(pm, "HLTH").await["verdict"].clone();

    let milestones = signal(&verdict, "overdue_milestones");
    assert_eq!(milestones["severity"], "watch", "{milestones}");
    assert_eq!(milestones["value"], 1.0);
    assert_eq!(milestones["side"], "delivery");
    assert_eq!(milestones["evidence"][0]["kind"], "item");
    assert_eq!(milestones["evidence"][0]["id"], milestone["key"]);
    assert_eq!(milestones["evidence"][0]["label"], "Pilot live");
    assert_eq!(milestones["next_step"]["owner"], "project_manager");

    let decisions = signal(&verdict, "decisions_overdue");
    assert_eq!(decisions["severity"], "watch", "{decisions}");
    assert_eq!(decisions["evidence"][0]["kind"], "decision");
    assert_eq!(
        decisions["evidence"][0]["id"],
        decision["id"].as_i64().expect("id").to_string()
    );
    let explanation = decisions["explanation"].as_str().expect("explanation");
    assert!(
        explanation.starts_with("1 decision is past due"),
        "{explanation}"
    );
}

async fn client_contacts_never_see_the_diagnosis(app: TestApp) {
    let f = healthy(&app).await;
    for path in [
        "/api/v1/projects/HLTH/health",
        "/api/v1/projects/HLTH/health/history",
    ] {
        let (status, body) = send(f.client.caller.get(path)).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_error(&body, "not_found");
        let (status, _) = send(f.admin.get(path)).await;
        assert_eq!(status, 200, "{path}");
    }
    let (status, body) = send(f.admin.get("/api/v1/projects/NOPE/health")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
}

async fn each_diagnosis_keeps_its_week_in_the_history(app: TestApp) {
    let f = healthy(&app).await;
    let project = app.store.project_by_key("HLTH").await.expect("project");
    let older = json!({ "severity": "at_risk", "sentence": "At risk — an older week" });
    app.store
        .save_health_snapshot(project.id, "2026-01-05", &older)
        .await
        .expect("older snapshot");

    let first = health(&f.paula.caller, "HLTH").await;
    let second = health(&f.paula.caller, "HLTH").await;
    assert_eq!(first["verdict"], second["verdict"], "reproducible");
    let history = f
        .paula
        .caller
        .get_json("/api/v1/projects/HLTH/health/history")
        .await;
    let weeks = history["weeks"].as_array().expect("weeks");
    assert_eq!(
        weeks.len(),
        2,
        "two computations in one week are one snapshot: {history}"
    );
    let today: jiff::civil::Date = first["today"]
        .as_str()
        .expect("today")
        .parse()
        .expect("date");
    let monday = today
        .checked_sub(jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())))
        .expect("monday");
    assert_eq!(weeks[0]["week"], monday.to_string());
    assert_eq!(weeks[0]["verdict"], second["verdict"]);
    assert_eq!(weeks[1]["week"], "2026-01-05");
    assert_eq!(weeks[1]["verdict"]["severity"], "at_risk");
    assert!(
        weeks[0]["recorded_at"]
            .as_str()
            .is_some_and(|t| t.contains('T'))
    );
}

per_backend!(
    a_missing_product_manager_is_named_first,
    a_healthy_small_project_is_ok,
    evidence_names_the_records_behind_a_signal,
    client_contacts_never_see_the_diagnosis,
    each_diagnosis_keeps_its_week_in_the_history,
);
