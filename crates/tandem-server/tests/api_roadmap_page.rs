//! The roadmap page over HTTP, on SQLite and PostgreSQL: the product manager sees every
//! feature with its score and move buttons and every release on the timeline with its
//! features; a client contact opening the same URL sees only shared features and releases,
//! no scores and no move buttons, and may not move anything; a move made from a stale page is
//! refused with a message and changes nothing, while a fresh one goes through the feature edit.

mod common;

use common::direction::{ProductTeam, product_team};
use common::product::{create, patch};
use common::{Caller, TestApp};
use serde_json::{Value, json};

per_backend!(
    the_client_sees_the_shared_roadmap_only,
    a_stale_move_is_refused_and_a_fresh_one_applies,
);

const BASE: &str = "/api/v1/projects/SHOP";
const PAGE: &str = "/projects/SHOP/roadmap";

/// The roadmap of SHOP: a shared release with a shared and an internal feature, an internal
/// release with a shared feature, and a shared feature on no horizon.
struct Roadmap {
    spring: i64,
    shared: Value,
}

async fn roadmap(pm: &Caller) -> Roadmap {
    let spring = create(
        pm,
        &format!("{BASE}/releases"),
        json!({ "name": "2.0 Spring", "target_date": "2030-04-01", "visibility": "shared" }),
    )
    .await["id"]
        .as_i64()
        .expect("release id");
    let secret = create(
        pm,
        &format!("{BASE}/releases"),
        json!({ "name": "2.1 Secret pilot", "target_date": "2030-06-01", "visibility": "internal" }),
    )
    .await["id"]
        .clone();
    let features = format!("{BASE}/features");
    let feature = |body: Value| create(pm, &features, body);
    let shared = feature(json!({
        "title": "Shared checkout", "horizon": "later", "release_id": spring,
        "visibility": "shared", "reach": 1000, "impact": 2, "confidence": 80, "effort_months": 2,
    }))
    .await;
    feature(json!({
        "title": "Internal tooling", "horizon": "now", "release_id": spring,
        "visibility": "internal",
    }))
    .await;
    feature(json!({
        "title": "Pilot stores", "horizon": "next", "release_id": secret, "visibility": "shared",
    }))
    .await;
    feature(json!({ "title": "Gift cards", "visibility": "shared" })).await;
    Roadmap { spring, shared }
}

/// The HTML of `path` as `caller` sees it (200 expected).
async fn html(caller: &Caller, path: &str) -> String {
    let response = caller.get(path).send().await.expect("GET the page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("page text")
}

/// Posts a card's move form as the browser does: horizon, version and the CSRF field.
async fn move_to(caller: &Caller, id: i64, horizon: &str, version: i64) -> reqwest::Response {
    let csrf = caller.csrf_token().unwrap_or_default().to_owned();
    caller
        .post(&format!("{PAGE}/features/{id}/move"))
        .form(&[
            ("horizon", horizon.to_owned()),
            ("version", version.to_string()),
            ("_csrf", csrf),
        ])
        .send()
        .await
        .expect("POST the move")
}

async fn the_client_sees_the_shared_roadmap_only(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let Roadmap { spring, shared } = roadmap(&paula.caller).await;
    let id = shared["id"].as_i64().expect("feature id");

    let staff = html(&paula.caller, PAGE).await;
    for shown in [
        "Shared checkout",
        "Internal tooling",
        "Pilot stores",
        "Gift cards",
        "2.0 Spring",
        "2.1 Secret pilot",
        "roadmap-move",
        "<svg",
        "0 of 2 features ready",
    ] {
        assert!(staff.contains(shown), "the PM misses {shown}:\n{staff}");
    }
    // The RICE score of the shared feature: 1000 × 2 × 0.8 ÷ 2.
    assert!(staff.contains("800.00"), "{staff}");
    assert!(
        staff.contains(&format!("href=\"/projects/SHOP/releases/{spring}\"")),
        "the timeline links the release"
    );

    let client = html(&clara.caller, PAGE).await;
    for shown in [
        "Shared checkout",
        "Pilot stores",
        "Gift cards",
        "2.0 Spring",
        "<svg",
        "0 of 1 feature ready",
    ] {
        assert!(
            client.contains(shown),
            "the client misses {shown}:\n{client}"
        );
    }
    for hidden in [
        "Internal tooling",
        "2.1 Secret pilot",
        "roadmap-move",
        "800.00",
        "RICE",
        "of 2 features ready",
    ] {
        assert!(!client.contains(hidden), "{hidden} leaked:\n{client}");
    }
    // The client's portal links the page.
    let portal = html(&clara.caller, "/portal").await;
    assert!(
        portal.contains("href=\"/projects/SHOP/roadmap\""),
        "{portal}"
    );

    // A client may not move a feature, even by posting the form.
    let version = shared["version"].as_i64().expect("version");
    let refused = move_to(&clara.caller, id, "now", version).await;
    assert!(
        [403, 404].contains(&refused.status().as_u16()),
        "{}",
        refused.status()
    );
    let after = paula
        .caller
        .get_json(&format!("{BASE}/features/{id}"))
        .await;
    assert_eq!(after["horizon"], "later");
}

async fn a_stale_move_is_refused_and_a_fresh_one_applies(app: TestApp) {
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
    let Roadmap { shared, .. } = roadmap(&paula.caller).await;
    let id = shared["id"].as_i64().expect("feature id");
    let shown = shared["version"].as_i64().expect("version");
    let path = format!("{BASE}/features/{id}");

    // Mei renames the feature after Paula opened the page.
    let (status, renamed) = patch(
        &mei.caller,
        &path,
        shown,
        json!({ "title": "Shared one-page checkout" }),
    )
    .await;
    assert_eq!(status, 200, "{renamed}");

    let stale = move_to(&paula.caller, id, "now", shown).await;
    assert_eq!(stale.status(), 422);
    let page = stale.text().await.expect("page");
    assert!(
        page.contains("Someone changed this feature meanwhile"),
        "{page}"
    );
    assert!(
        page.contains("Shared one-page checkout"),
        "fresh data shown"
    );
    let unchanged = paula.caller.get_json(&path).await;
    assert_eq!(unchanged["horizon"], "later");
    assert_eq!(unchanged["title"], "Shared one-page checkout");

    // From the fresh page the move goes through, like the feature PATCH.
    let current = renamed["version"].as_i64().expect("version");
    let moved = move_to(&paula.caller, id, "now", current).await;
    assert_eq!(moved.status(), 200, "the redirect lands on the page");
    assert!(
        moved.url().as_str().contains("notice=feature_moved"),
        "{}",
        moved.url()
    );
    let page = moved.text().await.expect("page");
    assert!(page.contains("Feature moved on the roadmap."), "{page}");
    let now = paula.caller.get_json(&path).await;
    assert_eq!(now["horizon"], "now");
    assert_eq!(now["version"], current + 1);

    // Off the roadmap, and a horizon that does not exist is refused at its field.
    let unplanned = move_to(&paula.caller, id, "", current + 1).await;
    assert_eq!(unplanned.status(), 200);
    assert_eq!(paula.caller.get_json(&path).await["horizon"], Value::Null);
    let bad = move_to(&paula.caller, id, "someday", current + 2).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.expect("page").contains("Roadmap horizon"));
}
