//! The health diagnosis over the API: every signal measured from stored data, ranked so the
//! planted cause comes first, with evidence that names the records behind it; staff only; the
//! weekly history.

mod common;

use common::direction::put_if;
use common::product::{create, patch};
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

/// Creates feature `title` on `HLTH` (as Paula) and returns its id.
async fn feature(pm: &Caller, title: &str, status: &str) -> i64 {
    let created = create(
        pm,
        "/api/v1/projects/HLTH/features",
        json!({ "title": title, "status": status }),
    )
    .await;
    created["id"].as_i64().expect("feature id")
}

/// Saves baseline `name` of `HLTH` (as the admin: baselines are the project managers') and
/// returns the baseline's view.
async fn save_baseline(admin: &Caller, name: &str) -> Value {
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/HLTH/baselines")
                .json(&json!({ "name": name })),
            201,
        )
        .await
}

/// The scope churn signal of `HLTH` right now.
async fn churn(caller: &Caller) -> Value {
    signal(&health(caller, "HLTH").await["verdict"], "scope_churn").clone()
}

/// `(kind, id, label)` of each evidence record of `signal`.
fn evidence(signal: &Value) -> Vec<(String, String, String)> {
    signal["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            let text = |field: &str| e[field].as_str().expect("text").to_owned();
            (text("kind"), text("id"), text("label"))
        })
        .collect()
}

async fn scope_churn_counts_features_added_and_removed_since_the_baseline(app: TestApp) {
    let f = healthy(&app).await;
    let pm = &f.paula.caller;
    let mut ids = Vec::new();
    for title in ["Reorder", "Wishlist", "Coupons", "Gift cards", "Slots"] {
        ids.push(feature(pm, title, "planned").await);
    }
    // Rejected before the baseline: never part of its scope.
    let dropped = feature(pm, "Recipes", "rejected").await;
    let plan = save_baseline(&f.admin, "Plan v1").await;
    assert_eq!(plan["features"], 5, "the rejected feature is out: {plan}");
    let listed = f.admin.get_json("/api/v1/projects/HLTH/baselines").await;
    assert_eq!(listed[0]["features"], 5, "{listed}");
    let day = health(pm, "HLTH").await["today"]
        .as_str()
        .expect("today")
        .to_owned();

    let calm = churn(pm).await;
    assert_eq!(calm["severity"], "ok", "{calm}");
    assert_eq!(calm["value"], 0.0);
    assert_eq!(
        calm["explanation"],
        format!(
            "0 of 5 features changed since baseline \"Plan v1\" of {day}: 0 added, 0 removed \
             (0 % churn; threshold 10 %)"
        )
    );
    assert!(evidence(&calm).is_empty());

    // One added, one rejected: 2 of 5 is at risk.
    let added = feature(pm, "Loyalty points", "idea").await;
    let wishlist = format!("/api/v1/projects/HLTH/features/{}", ids[1]);
    let (status, body) = patch(pm, &wishlist, 1, json!({ "status": "rejected" })).await;
    assert_eq!(status, 200, "{body}");
    let moved = churn(pm).await;
    assert_eq!(moved["severity"], "at_risk", "{moved}");
    assert_eq!(moved["value"], 0.4);
    assert_eq!(moved["side"], "product");
    assert_eq!(moved["next_step"]["owner"], "product_manager");
    assert_eq!(
        moved["explanation"],
        format!(
            "2 of 5 features changed since baseline \"Plan v1\" of {day}: 1 added, 1 removed \
             (40 % churn; threshold 25 %)"
        )
    );
    assert_eq!(
        evidence(&moved),
        [
            (
                "feature".into(),
                added.to_string(),
                "Loyalty points (added)".into()
            ),
            (
                "feature".into(),
                ids[1].to_string(),
                "Wishlist (rejected)".into()
            ),
        ]
    );

    // A deleted feature counts as removed and is named by the title the baseline kept; the
    // one rejected before the baseline coming back counts as added.
    let coupons = format!("/api/v1/projects/HLTH/features/{}", ids[2]);
    let (status, _) = send(pm.delete(&coupons).header("If-Match", "\"1\"")).await;
    assert_eq!(status, 204);
    let recipes = format!("/api/v1/projects/HLTH/features/{dropped}");
    let (status, body) = patch(pm, &recipes, 1, json!({ "status": "discovery" })).await;
    assert_eq!(status, 200, "{body}");
    let heavy = churn(pm).await;
    assert_eq!(heavy["severity"], "critical", "{heavy}");
    assert_eq!(heavy["value"], 0.8);
    assert!(
        heavy["explanation"]
            .as_str()
            .expect("explanation")
            .starts_with("4 of 5 features changed since baseline \"Plan v1\""),
        "{heavy}"
    );
    let records = evidence(&heavy);
    assert_eq!(records.len(), 4, "{records:?}");
    assert!(records.contains(&(
        "deleted_feature".into(),
        ids[2].to_string(),
        "Coupons (deleted)".into()
    )));
    assert!(records.contains(&(
        "feature".into(),
        dropped.to_string(),
        "Recipes (added)".into()
    )));

    // A new baseline takes the scope as it stands: no churn against it.
    let next = save_baseline(&f.admin, "Plan v2").await;
    assert_eq!(next["features"], 5, "{next}");
    assert_eq!(churn(pm).await["value"], 0.0);
}

async fn a_baseline_saved_before_any_feature_counts_every_later_feature(app: TestApp) {
    let f = healthy(&app).await;
    let pm = &f.paula.caller;
    let kick_off = save_baseline(&f.admin, "Kick-off").await;
    assert_eq!(
        kick_off["features"], 0,
        "an empty scope is still a scope: {kick_off}"
    );
    let empty = churn(pm).await;
    assert_eq!(empty["severity"], "ok", "{empty}");
    assert_eq!(empty["value"], 0.0);

    // Against an empty scope (counted as one feature) two new features are 200 % churn.
    feature(pm, "Reorder", "idea").await;
    feature(pm, "Wishlist", "idea").await;
    let grown = churn(pm).await;
    assert_eq!(grown["severity"], "critical", "{grown}");
    assert_eq!(grown["value"], 2.0);
    let text = grown["explanation"].as_str().expect("explanation");
    assert!(
        text.starts_with("Baseline \"Kick-off\" of ")
            && text.contains("held no feature; 2 added since"),
        "{text}"
    );
}

async fn a_baseline_from_before_scope_tracking_is_not_measurable(app: TestApp) {
    let f = healthy(&app).await;
    let pm = &f.paula.caller;
    feature(pm, "Reorder", "planned").await;
    save_baseline(&f.admin, "Old plan").await;
    // What migration 0012 leaves on a baseline saved by an older server: no scope.
    app.execute_sql("UPDATE baselines SET has_scope = FALSE")
        .await;
    app.execute_sql("DELETE FROM baseline_features").await;
    let listed = f.admin.get_json("/api/v1/projects/HLTH/baselines").await;
    assert!(listed[0]["features"].is_null(), "{listed}");
    let unknown = churn(pm).await;
    assert_eq!(unknown["severity"], "ok", "{unknown}");
    assert_eq!(
        unknown["explanation"],
        "Not measurable yet: the latest baseline predates scope tracking; save a new one"
    );
    assert_eq!(unknown["next_step"]["owner"], "product_manager");

    save_baseline(&f.admin, "New plan").await;
    feature(pm, "Wishlist", "idea").await;
    let measured = churn(pm).await;
    assert_eq!(measured["value"], 1.0, "{measured}");
    assert!(
        measured["explanation"]
            .as_str()
            .expect("explanation")
            .contains("since baseline \"New plan\""),
        "{measured}"
    );
}

async fn an_old_vision_is_watched_while_the_scope_churns(app: TestApp) {
    let f = healthy(&app).await;
    let pm = &f.paula.caller;
    for title in ["Reorder", "Wishlist", "Coupons", "Gift cards"] {
        feature(pm, title, "planned").await;
    }
    save_baseline(&f.admin, "Plan v1").await;
    feature(pm, "Loyalty points", "idea").await;
    // The vision was written 90 days ago (the API cannot write the past).
    app.execute_sql(&format!(
        "UPDATE vision_revisions SET edited_at = edited_at - {}",
        90_i64 * 86_400_000
    ))
    .await;
    let verdict = health(pm, "HLTH").await["verdict"].clone();
    assert_eq!(signal(&verdict, "scope_churn")["value"], 0.25);
    let vision = signal(&verdict, "vision_board");
    assert_eq!(vision["severity"], "watch", "{vision}");
    let text = vision["explanation"].as_str().expect("explanation");
    assert!(
        text.starts_with("The vision has not changed for")
            && text.contains("while the scope churned 25 %"),
        "{text}"
    );

    // Without churn the same old vision is fine: a stable scope needs no new vision.
    save_baseline(&f.admin, "Plan v2").await;
    let calm = health(pm, "HLTH").await["verdict"].clone();
    assert_eq!(signal(&calm, "vision_board")["severity"], "ok");
}

per_backend!(
    a_missing_product_manager_is_named_first,
    a_healthy_small_project_is_ok,
    evidence_names_the_records_behind_a_signal,
    client_contacts_never_see_the_diagnosis,
    each_diagnosis_keeps_its_week_in_the_history,
    scope_churn_counts_features_added_and_removed_since_the_baseline,
    a_baseline_saved_before_any_feature_counts_every_later_feature,
    a_baseline_from_before_scope_tracking_is_not_measurable,
    an_old_vision_is_watched_while_the_scope_churns,
    time_lost_since_the_baseline_shows_as_critical_path_slip,
    the_forecast_signal_levels_each_persons_work,
);

/// Two chained 2-day tasks baselined as planned from a start four weeks ago, then no
/// progress: the plan as it stands today (work not done cannot start in the past) finishes
/// 20 working days after the baseline, and the critical path slip says so and names the late
/// critical work.
async fn time_lost_since_the_baseline_shows_as_critical_path_slip(app: TestApp) {
    use jiff::ToSpan;
    let f = healthy(&app).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let project = f.admin.get_json("/api/v1/projects/HLTH").await;
    f.admin
        .expect_json(
            f.admin
                .patch("/api/v1/projects/HLTH")
                .header("if-match", format!("\"{}\"", project["version"]))
                .json(&json!({ "start_date": (today - 28.days()).to_string() })),
            200,
        )
        .await;
    for title in ["Cart", "Checkout"] {
        f.admin
            .expect_json(
                f.admin
                    .post("/api/v1/projects/HLTH/items")
                    .json(&json!({ "type": "task", "title": title, "estimate_hours": 16 })),
                201,
            )
            .await;
    }
    f.admin
        .expect_json(
            f.admin
                .post("/api/v1/items/HLTH-2/dependencies")
                .json(&json!({ "predecessor": "HLTH-1" })),
            201,
        )
        .await;
    save_baseline(&f.admin, "Kick-off").await;

    let verdict = health(&f.paula.caller, "HLTH").await["verdict"].clone();
    let slip = signal(&verdict, "critical_path_slip");
    assert_eq!(slip["value"], 20.0, "{slip}");
    assert_ne!(slip["severity"], "ok");
    assert!(
        slip["explanation"]
            .as_str()
            .expect("explanation")
            .starts_with("The critical path finishes 20 working days later than the baseline"),
        "{slip}"
    );
    let late: Vec<String> = evidence(slip)
        .into_iter()
        .map(|(_, _, label)| label)
        .collect();
    assert!(
        late.iter().any(|label| label.contains("Checkout")),
        "{late:?}"
    );
}

/// Paula has ten one-day tasks and the target is a week after the start. All at once they
/// would be done on the first day; one after another they end on the second Friday. The
/// diagnosis and the portfolio read the levelled forecast, so the target is missed there;
/// asked for all at once, the forecast shows the optimistic finish.
async fn the_forecast_signal_levels_each_persons_work(app: TestApp) {
    use jiff::ToSpan;
    let f = healthy(&app).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let start = (29..36)
        .map(|n| today + n.days())
        .find(|day| day.weekday() == jiff::civil::Weekday::Monday)
        .expect("a Monday");
    let project = f.admin.get_json("/api/v1/projects/HLTH").await;
    f.admin
        .expect_json(
            f.admin
                .patch("/api/v1/projects/HLTH")
                .header("if-match", format!("\"{}\"", project["version"]))
                .json(&json!({
                    "start_date": start.to_string(),
                    "target_launch_date": (start + 7.days()).to_string(),
                })),
            200,
        )
        .await;
    for n in 1..=10 {
        f.admin
            .expect_json(
                f.admin.post("/api/v1/projects/HLTH/items").json(&json!({
                    "type": "task", "title": format!("Task {n}"), "estimate_hours": 8,
                    "assignee": f.paula.id,
                })),
                201,
            )
            .await;
    }
    let second_friday = (start + 11.days()).to_string();

    let levelled = f
        .admin
        .get_json("/api/v1/projects/HLTH/forecast?level=true")
        .await;
    assert_eq!(
        levelled["finish"]["p85"],
        format!("{second_friday}T17:00:00"),
        "{levelled}"
    );
    let verdict = health(&f.paula.caller, "HLTH").await["verdict"].clone();
    let late = signal(&verdict, "forecast_after_target");
    assert_eq!(late["value"], 4.0, "four days after the target: {late}");
    assert_ne!(late["severity"], "ok");
    assert!(
        late["explanation"]
            .as_str()
            .expect("explanation")
            .contains(&second_friday),
        "{late}"
    );
    let portfolio = f.admin.get_json("/api/v1/portfolio").await;
    let row = portfolio["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|row| row["key"] == "HLTH")
        .expect("HLTH in the portfolio");
    assert_eq!(row["forecast"]["p85"], second_friday.as_str(), "{row}");
    assert_eq!(row["forecast"]["days_late"], 4);

    let plain = f
        .admin
        .get_json("/api/v1/projects/HLTH/forecast?level=false")
        .await;
    assert_eq!(plain["levelled"], false);
    assert_eq!(
        plain["finish"]["p85"],
        format!("{start}T17:00:00"),
        "{plain}"
    );
}
