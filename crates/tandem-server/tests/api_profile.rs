//! A person's own profile (ADR 0038): the API, the page, and times on pages shown on the
//! person's clock.

mod common;

use common::{ADMIN_EMAIL, Caller, TestApp, assert_error, send};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use reqwest::header::{ETAG, IF_MATCH};
use serde_json::{Value, json};

per_backend!(
    the_profile_changes_name_and_time_zone_with_versions,
    the_session_carries_the_time_zone,
    pages_show_times_on_the_persons_clock,
    the_profile_page_saves_and_refuses_like_the_api,
);

const PROFILE: &str = "/api/v1/session/profile";

/// Sets the caller's time zone through their profile; returns the profile.
async fn choose_zone(caller: &Caller, zone: &str) -> Value {
    caller
        .expect_json(
            caller.patch(PROFILE).json(&json!({ "time_zone": zone })),
            200,
        )
        .await
}

async fn the_profile_changes_name_and_time_zone_with_versions(app: TestApp) {
    let admin = app.setup_admin().await;
    let response = admin.get(PROFILE).send().await.expect("profile");
    let etag = response.headers()[ETAG].to_str().expect("etag").to_owned();
    let profile: serde_json::Value = response.json().await.expect("json");
    assert_eq!(profile["name"], "Ada Admin");
    assert_eq!(profile["email"], ADMIN_EMAIL);
    assert_eq!(profile["role"], "admin");
    assert_eq!(profile["time_zone"], "UTC", "UTC until chosen");
    assert_eq!(etag, format!("\"{}\"", profile["version"]));

    // A new name needs the version read; the zone alone does not.
    let rename = |name: &str| admin.patch(PROFILE).json(&json!({ "name": name }));
    let (status, refused) = send(rename("Ada Lovelace")).await;
    assert_eq!(status, 428, "{refused}");
    assert_error(&refused, "precondition_required");
    let renamed = admin
        .expect_json(rename("Ada Lovelace").header(IF_MATCH, &etag), 200)
        .await;
    assert_eq!(renamed["name"], "Ada Lovelace");
    assert!(renamed["version"].as_i64() > profile["version"].as_i64());
    let (status, stale) = send(rename("Ada Byron").header(IF_MATCH, &etag)).await;
    assert_eq!(
        status, 412,
        "the other tab's rename is not overwritten: {stale}"
    );
    let zoned = choose_zone(&admin, " america/new_york ").await;
    assert_eq!(
        zoned["time_zone"], "America/New_York",
        "the database's spelling"
    );
    assert_eq!(zoned["name"], "Ada Lovelace");

    // Everything is checked before anything is written.
    let both =
        json!({ "name": "Nobody", "time_zone": "Mars/Olympus_Mons", "version": zoned["version"] });
    let (status, refused) = send(admin.patch(PROFILE).json(&both)).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "time_zone"
    );
    let blank = json!({ "name": "  ", "version": zoned["version"] });
    let (status, refused) = send(admin.patch(PROFILE).json(&blank)).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(assert_error(&refused, "validation_failed")["field"], "name");
    let kept = admin.get_json(PROFILE).await;
    assert_eq!(kept, zoned, "the refusals changed nothing");

    let (status, _) = send(app.anonymous().get(PROFILE)).await;
    assert_eq!(status, 401);
}

async fn the_session_carries_the_time_zone(app: TestApp) {
    let admin = app.setup_admin().await;
    assert_eq!(admin.get_json("/api/v1/session").await["time_zone"], "UTC");
    choose_zone(&admin, "Asia/Tokyo").await;
    assert_eq!(
        admin.get_json("/api/v1/session").await["time_zone"],
        "Asia/Tokyo"
    );
    let signed_in = admin
        .expect_json(
            app.anonymous()
                .post("/api/v1/session")
                .json(&json!({ "email": ADMIN_EMAIL, "password": common::PASSWORD })),
            200,
        )
        .await;
    assert_eq!(signed_in["time_zone"], "Asia/Tokyo");
}

async fn pages_show_times_on_the_persons_clock(app: TestApp) {
    let admin = app.setup_admin().await;
    admin
        .expect_json(
            admin.post("/api/v1/tokens").json(&json!({ "name": "ci" })),
            201,
        )
        .await;
    let tokens = admin.get_json("/api/v1/tokens").await;
    let created: Timestamp = tokens[0]["created_at"]
        .as_str()
        .expect("created_at")
        .parse()
        .expect("an RFC 3339 time");
    let shown_in = |zone: &str| {
        created
            .to_zoned(TimeZone::get(zone).expect("a zone"))
            .strftime("Created %-d %b %Y, %H:%M %Z")
            .to_string()
    };
    let page = admin.get_html("/settings/tokens").await;
    assert!(page.contains(&shown_in("UTC")), "UTC until chosen: {page}");

    choose_zone(&admin, "Asia/Tokyo").await;
    let page = admin.get_html("/settings/tokens").await;
    let tokyo = shown_in("Asia/Tokyo");
    assert!(tokyo.ends_with(" JST"), "{tokyo}");
    assert!(page.contains(&tokyo), "{tokyo} missing: {page}");
}

async fn the_profile_page_saves_and_refuses_like_the_api(app: TestApp) {
    let admin = app.setup_admin().await;
    let page = admin.get_html("/settings/profile").await;
    assert!(page.contains(r#"value="Ada Admin""#), "{page}");
    assert!(page.contains(ADMIN_EMAIL), "{page}");
    assert!(page.contains(r#"<option value="UTC" selected>"#), "{page}");
    assert!(page.contains(r#"href="/settings/password""#), "{page}");
    let version = admin.get_json(PROFILE).await["version"].to_string();
    let csrf = admin.csrf_token().expect("a session").to_owned();
    let post = |name: &str, zone: &str, version: &str| {
        admin.post("/settings/profile").form(&[
            ("_csrf", csrf.as_str()),
            ("name", name),
            ("time_zone", zone),
            ("version", version),
        ])
    };

    let saved = post("Ada Lovelace", "Europe/Berlin", &version)
        .send()
        .await
        .expect("post the form");
    assert_eq!(saved.status(), 200);
    let shown = saved.text().await.expect("the page");
    assert!(shown.contains("Profile saved."), "{shown}");
    assert!(
        shown.contains(r#"<option value="Europe/Berlin" selected>"#),
        "{shown}"
    );
    assert!(shown.contains("Ada Lovelace"), "the header too: {shown}");

    // A refused form comes back as typed, with the message at the field.
    let refused = post("  ", "Europe/Paris", &version)
        .send()
        .await
        .expect("post the form");
    assert_eq!(refused.status(), 422);
    let shown = refused.text().await.expect("the page");
    assert!(shown.contains(r#"aria-invalid="true""#), "{shown}");
    assert!(
        shown.contains(r#"<option value="Europe/Paris" selected>"#),
        "{shown}"
    );

    // The first version is stale now: the page says so and shows the stored profile.
    let stale = post("Ada Byron", "Europe/Paris", &version)
        .send()
        .await
        .expect("post the form");
    assert_eq!(stale.status(), 422);
    let shown = stale.text().await.expect("the page");
    assert!(shown.contains("changed in another tab"), "{shown}");
    assert!(shown.contains(r#"value="Ada Lovelace""#), "{shown}");
    let stored = admin.get_json(PROFILE).await;
    assert_eq!(stored["name"], "Ada Lovelace");
    assert_eq!(stored["time_zone"], "Europe/Berlin");
}
