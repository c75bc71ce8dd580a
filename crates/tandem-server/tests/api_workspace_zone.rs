//! The workspace's time zone (ADR 0039): admins set it with a compare-and-set, its calendar
//! day is "today" for overdue rules, history charts count its days, and people who never
//! chose a zone live in it.

mod common;

use common::direction::{ProductTeam, product_team, put_if};
use common::{Caller, TestApp, assert_error, send};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use reqwest::Method;
use reqwest::header::ETAG;
use serde_json::json;

per_backend!(
    admins_set_the_workspace_zone_with_versions,
    overdue_counts_the_days_of_the_workspace_zone,
    history_charts_count_the_days_of_the_workspace_zone,
    the_settings_page_saves_and_refuses_like_the_api,
);

const SETTING: &str = "/api/v1/settings/time-zone";

/// Today in `zone`, as the test computes it.
fn today_in(zone: &str) -> Date {
    jiff::Timestamp::now()
        .to_zoned(TimeZone::get(zone).expect("a zone"))
        .date()
}

/// Sets the workspace's zone as `admin`, from whatever version it holds.
async fn set_zone(admin: &Caller, zone: &str) {
    let version = admin.get_json(SETTING).await["version"]
        .as_i64()
        .expect("version");
    admin
        .expect_json(
            put_if(admin, SETTING, version).json(&json!({ "time_zone": zone })),
            200,
        )
        .await;
}

async fn admins_set_the_workspace_zone_with_versions(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let response = mia.caller.get(SETTING).send().await.expect("setting");
    assert_eq!(response.headers()[ETAG], "\"0\"");
    let initial: serde_json::Value = response.json().await.expect("json");
    assert_eq!(initial, json!({ "time_zone": "UTC", "version": 0 }));

    let body = json!({ "time_zone": "Pacific/Auckland" });
    let (status, refused) = send(put_if(&mia.caller, SETTING, 0).json(&body)).await;
    assert_eq!(status, 403, "members do not change it: {refused}");
    let (status, refused) = send(admin.request(Method::PUT, SETTING).json(&body)).await;
    assert_eq!(status, 428, "{refused}");
    assert_error(&refused, "precondition_required");
    let (status, refused) =
        send(put_if(&admin, SETTING, 0).json(&json!({ "time_zone": "Mars/Base" }))).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "time_zone"
    );

    let saved = admin
        .expect_json(
            put_if(&admin, SETTING, 0).json(&json!({ "time_zone": "pacific/auckland" })),
            200,
        )
        .await;
    assert_eq!(
        saved,
        json!({ "time_zone": "Pacific/Auckland", "version": 1 })
    );
    let (status, stale) =
        send(put_if(&admin, SETTING, 0).json(&json!({ "time_zone": "Europe/Paris" }))).await;
    assert_eq!(status, 412, "a second admin's stale change loses: {stale}");
    assert_eq!(mia.caller.get_json(SETTING).await, saved);

    // Mia never chose: her session and her zone follow the workspace's. The audit says who.
    assert_eq!(
        mia.caller.get_json("/api/v1/session").await["time_zone"],
        "Pacific/Auckland"
    );
    assert_eq!(
        mia.caller.get_json("/api/v1/session/time-zone").await["time_zone"],
        "Pacific/Auckland"
    );
    let audit = admin
        .get_json("/api/v1/audit?action=settings.time_zone.update")
        .await;
    let entry = audit
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|entry| entry["action"] == "settings.time_zone.update")
        })
        .expect("the change is audited");
    assert_eq!(entry["details"]["from"], "UTC", "{audit}");
    assert_eq!(entry["details"]["to"], "Pacific/Auckland", "{audit}");
}

async fn overdue_counts_the_days_of_the_workspace_zone(app: TestApp) {
    let ProductTeam { admin, paula, .. } = product_team(&app).await;
    // Baker Island (UTC-12) and Kiritimati (UTC+14) are never on the same date: a decision
    // due today on Baker Island is overdue on Kiritimati.
    set_zone(&admin, "Etc/GMT+12").await;
    let pm = &paula.caller;
    let due = today_in("Etc/GMT+12");
    let decision = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
                "title": "Payment provider", "due_on": due.to_string(),
            })),
            201,
        )
        .await;
    assert_eq!(decision["overdue"], false, "due today is not overdue yet");
    let listed = pm
        .get_json("/api/v1/projects/SHOP/decisions?overdue=true")
        .await;
    assert_eq!(listed, json!([]));

    set_zone(&admin, "Pacific/Kiritimati").await;
    assert!(today_in("Pacific/Kiritimati") > due);
    let path = format!("/api/v1/projects/SHOP/decisions/{}", decision["id"]);
    assert_eq!(pm.get_json(&path).await["overdue"], true);
    let listed = pm
        .get_json("/api/v1/projects/SHOP/decisions?overdue=true")
        .await;
    assert_eq!(listed[0]["id"], decision["id"], "{listed}");
}

async fn history_charts_count_the_days_of_the_workspace_zone(app: TestApp) {
    let ProductTeam { admin, .. } = product_team(&app).await;
    set_zone(&admin, "Etc/GMT+12").await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/SHOP/items")
                .json(&json!({ "title": "Checkout", "type": "task" })),
            201,
        )
        .await;
    // Created today on Baker Island; on Kiritimati that day ended before the item existed.
    let baker_today = today_in("Etc/GMT+12").to_string();
    let flow = format!("/api/v1/projects/SHOP/cumulative-flow?from={baker_today}&to={baker_today}");
    let on_baker = admin.get_json(&flow).await;
    assert_eq!(on_baker[0]["todo"], 1, "{on_baker}");
    let default = admin
        .get_json("/api/v1/projects/SHOP/cumulative-flow")
        .await;
    let last = default.as_array().and_then(|days| days.last()).cloned();
    assert_eq!(
        last.map(|day| day["date"].clone()),
        Some(json!(baker_today)),
        "the series ends on the workspace's today"
    );

    set_zone(&admin, "Pacific/Kiritimati").await;
    let on_kiritimati = admin.get_json(&flow).await;
    assert_eq!(on_kiritimati[0]["todo"], 0, "{on_kiritimati}");
}

async fn the_settings_page_saves_and_refuses_like_the_api(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let read_only = mia.caller.get_html("/settings/time-zone").await;
    assert!(read_only.contains("Only admins change it."), "{read_only}");
    assert!(!read_only.contains(r#"name="time_zone""#), "{read_only}");

    let page = admin.get_html("/settings/time-zone").await;
    assert!(page.contains(r#"<option value="UTC" selected>"#), "{page}");
    assert!(page.contains(&today_in("UTC").to_string()), "{page}");
    let csrf = admin.csrf_token().expect("a session").to_owned();
    let post = |zone: &str, version: &str| {
        admin.post("/settings/time-zone").form(&[
            ("_csrf", csrf.as_str()),
            ("time_zone", zone),
            ("version", version),
        ])
    };
    let saved = post("Asia/Tokyo", "0").send().await.expect("post the form");
    assert_eq!(saved.status(), 200);
    let shown = saved.text().await.expect("the page");
    assert!(shown.contains("Workspace time zone saved."), "{shown}");
    assert!(
        shown.contains(r#"<dd data-workspace-zone>Asia/Tokyo</dd>"#),
        "{shown}"
    );
    assert!(
        shown.contains(&today_in("Asia/Tokyo").to_string()),
        "{shown}"
    );

    let unknown = post("Mars/Base", "1").send().await.expect("post the form");
    assert_eq!(unknown.status(), 422);
    let shown = unknown.text().await.expect("the page");
    assert!(shown.contains("is not a time zone"), "{shown}");

    // Version 0 is stale now: the page says so and shows the stored zone.
    let stale = post("Europe/Paris", "0")
        .send()
        .await
        .expect("post the form");
    assert_eq!(stale.status(), 422);
    let shown = stale.text().await.expect("the page");
    assert!(shown.contains("Another admin changed"), "{shown}");
    assert!(
        shown.contains(r#"<option value="Asia/Tokyo" selected>"#),
        "{shown}"
    );
    let forbidden = mia
        .caller
        .post("/settings/time-zone")
        .form(&[
            ("_csrf", mia.caller.csrf_token().unwrap_or_default()),
            ("time_zone", "Europe/Paris"),
            ("version", "1"),
        ])
        .send()
        .await
        .expect("post the form");
    assert_eq!(forbidden.status(), 403);
    assert_eq!(admin.get_json(SETTING).await["time_zone"], "Asia/Tokyo");
}
