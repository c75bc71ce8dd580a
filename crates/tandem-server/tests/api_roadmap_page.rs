//! The roadmap page over HTTP, on SQLite and PostgreSQL: the product manager sees every
//! feature with its score and move buttons and every release on the timeline with its
//! features; a client contact opening the same URL sees only shared features and releases,
//! no scores and no move buttons, and may not move anything; a move made from a stale page is
//! refused with a message and changes nothing, while a fresh one goes through the feature edit.
//! The roadmap's filters (persona, release or none, MoSCoW, MVP in / out) narrow the JSON
//! answer and the page alike; bad values are refused naming the parameter, and a client
//! contact naming an internal persona or release is refused exactly as for a missing one.
//! The page, whose links outlive what they name, drops such a parameter with a notice.

mod common;

use common::direction::{ProductTeam, product_team};
use common::product::{create, patch};
use common::{Caller, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    the_client_sees_the_shared_roadmap_only,
    a_stale_move_is_refused_and_a_fresh_one_applies,
    each_filter_narrows_the_roadmap_and_they_combine,
    the_page_keeps_the_filters_and_highlights_the_release,
    bad_filters_are_refused_naming_the_parameter,
    a_stale_filter_link_shows_the_rest_of_the_filter,
    a_client_filters_only_what_she_may_see,
    a_long_release_name_is_drawn_whole_on_the_timeline,
);

const BASE: &str = "/api/v1/projects/SHOP";
const PAGE: &str = "/projects/SHOP/roadmap";

/// The roadmap of SHOP: a shared release with a shared and an internal feature, an internal
/// release with a shared feature, and a shared feature on no horizon and in no release; a
/// shared persona (Anna) and an internal one (Ivan).
///
/// | feature          | visible  | release | persona     | MoSCoW | MVP |
/// |------------------|----------|---------|-------------|--------|-----|
/// | Shared checkout  | shared   | spring  | Anna        | must   | in  |
/// | Internal tooling | internal | spring  | Ivan        | should | out |
/// | Pilot stores     | shared   | secret  | Anna, Ivan  | could  | out |
/// | Gift cards       | shared   | –       | –           | must   | out |
struct Roadmap {
    spring: i64,
    secret: i64,
    anna: i64,
    ivan: i64,
    shared: Value,
}

async fn roadmap(pm: &Caller) -> Roadmap {
    let personas = format!("{BASE}/personas");
    let persona = |name: &str, visibility: &str| {
        create(
            pm,
            &personas,
            json!({ "name": name, "visibility": visibility }),
        )
    };
    let anna = persona("Anna, busy parent", "shared").await["id"]
        .as_i64()
        .expect("persona id");
    let ivan = persona("Ivan, warehouse lead", "internal").await["id"]
        .as_i64()
        .expect("persona id");
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
        .as_i64()
        .expect("release id");
    let features = format!("{BASE}/features");
    let feature = |body: Value| create(pm, &features, body);
    let shared = feature(json!({
        "title": "Shared checkout", "horizon": "later", "release_id": spring,
        "visibility": "shared", "reach": 1000, "impact": 2, "confidence": 80, "effort_months": 2,
        "persona_ids": [anna], "moscow": "must", "mvp": true,
    }))
    .await;
    feature(json!({
        "title": "Internal tooling", "horizon": "now", "release_id": spring,
        "visibility": "internal", "persona_ids": [ivan], "moscow": "should",
    }))
    .await;
    feature(json!({
        "title": "Pilot stores", "horizon": "next", "release_id": secret, "visibility": "shared",
        "persona_ids": [anna, ivan], "moscow": "could",
    }))
    .await;
    feature(json!({ "title": "Gift cards", "visibility": "shared", "moscow": "must" })).await;
    Roadmap {
        spring,
        secret,
        anna,
        ivan,
        shared,
    }
}

/// The titles on the roadmap `caller` gets with `query` (`persona=3&mvp=in`), columns in
/// order then the unplaced ones.
async fn titles(caller: &Caller, query: &str) -> Vec<String> {
    let roadmap = caller.get_json(&format!("{BASE}/roadmap?{query}")).await;
    let columns = roadmap["columns"].as_array().expect("columns");
    columns
        .iter()
        .map(|column| &column["features"])
        .chain([&roadmap["unplaced"]])
        .flat_map(|features| features.as_array().expect("features").iter())
        .map(|feature| feature["title"].as_str().expect("title").to_owned())
        .collect()
}

/// The refusal of the roadmap with `query`: 422 `validation_failed` naming `field`; answers
/// the message.
async fn refused(caller: &Caller, query: &str, field: &str) -> String {
    let (status, body) = send(caller.get(&format!("{BASE}/roadmap?{query}"))).await;
    assert_eq!(status, 422, "{query}: {body}");
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        field,
        "{query}"
    );
    body["error"]["message"]
        .as_str()
        .expect("message")
        .to_owned()
}

/// The HTML of `path` as `caller` sees it (200 expected).
async fn html(caller: &Caller, path: &str) -> String {
    let response = caller.get(path).send().await.expect("GET the page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("page text")
}

/// Where `response` landed: its path and query.
fn address(response: &reqwest::Response) -> String {
    let url = response.url();
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
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
    let Roadmap { spring, shared, .. } = roadmap(&paula.caller).await;
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

async fn each_filter_narrows_the_roadmap_and_they_combine(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let Roadmap {
        spring, anna, ivan, ..
    } = roadmap(&paula.caller).await;
    let pm = &paula.caller;
    // Columns now, next, later, then the unplaced.
    let everything = [
        "Internal tooling",
        "Pilot stores",
        "Shared checkout",
        "Gift cards",
    ];
    assert_eq!(titles(pm, "").await, everything);
    // Empty values are "any", as the page's form sends them.
    assert_eq!(
        titles(pm, "persona=&release=&moscow=&mvp=").await,
        everything
    );
    let cases: [(String, &[&str]); 10] = [
        (
            format!("persona={anna}"),
            &["Pilot stores", "Shared checkout"],
        ),
        (
            format!("persona={ivan}"),
            &["Internal tooling", "Pilot stores"],
        ),
        (
            format!("release={spring}"),
            &["Internal tooling", "Shared checkout"],
        ),
        ("release=none".to_owned(), &["Gift cards"]),
        ("moscow=must".to_owned(), &["Shared checkout", "Gift cards"]),
        ("moscow=wont".to_owned(), &[]),
        ("mvp=in".to_owned(), &["Shared checkout"]),
        (
            "mvp=out".to_owned(),
            &["Internal tooling", "Pilot stores", "Gift cards"],
        ),
        (
            format!("persona={anna}&moscow=must&release={spring}&mvp=in"),
            &["Shared checkout"],
        ),
        (format!("persona={anna}&release=none"), &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(titles(pm, &query).await, expected, "{query}");
    }
}

async fn the_page_keeps_the_filters_and_highlights_the_release(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let Roadmap {
        spring,
        anna,
        shared,
        ..
    } = roadmap(&paula.caller).await;
    let query = format!("persona={anna}&release={spring}");
    let page = html(&paula.caller, &format!("{PAGE}?{query}")).await;
    assert!(page.contains("Shared checkout"), "{page}");
    for hidden in ["Internal tooling", "Pilot stores", "Gift cards"] {
        assert!(!page.contains(hidden), "{hidden} is filtered out:\n{page}");
    }
    for shown in [
        format!("<option value=\"{anna}\" selected>Anna, busy parent</option>"),
        format!("<option value=\"{spring}\" selected>2.0 Spring</option>"),
        "rt-chosen".to_owned(),
        format!("release-plan release-plan-chosen\" id=\"release-{spring}\""),
        "0 of 1 matching feature ready".to_owned(),
        "role=\"status\">1 matching feature</span>".to_owned(),
        "href=\"/projects/SHOP/roadmap?sort=rice\">Clear</a>".to_owned(),
        // The score switch and the move buttons keep the filters (askama writes & as &#38;).
        format!("?sort=wsjf&#38;persona={anna}&#38;release={spring}"),
        format!(
            "/roadmap/features/{}/move?persona={anna}&#38;release={spring}",
            shared["id"]
        ),
    ] {
        assert!(page.contains(&shown), "{shown} missing:\n{page}");
    }

    // A move from the filtered page comes back to it.
    let id = shared["id"].as_i64().expect("id");
    let csrf = paula.caller.csrf_token().unwrap_or_default().to_owned();
    let moved = paula
        .caller
        .post(&format!("{PAGE}/features/{id}/move?{query}"))
        .form(&[
            ("horizon", "now".to_owned()),
            ("version", shared["version"].to_string()),
            ("_csrf", csrf),
        ])
        .send()
        .await
        .expect("POST the move");
    assert_eq!(moved.status(), 200);
    assert!(moved.url().as_str().contains(&query), "{}", moved.url());
}

async fn bad_filters_are_refused_naming_the_parameter(app: TestApp) {
    let ProductTeam { paula, admin, .. } = product_team(&app).await;
    roadmap(&paula.caller).await;
    let pm = &paula.caller;
    app.create_project(&admin, json!({ "key": "OTHER", "name": "Other" }))
        .await;
    let elsewhere = create(
        &admin,
        "/api/v1/projects/OTHER/releases",
        json!({ "name": "Not ours", "visibility": "shared" }),
    )
    .await["id"]
        .clone();
    let theirs = format!("release={elsewhere}");
    for (query, field) in [
        ("persona=anna", "persona"),
        ("persona=999999", "persona"),
        ("release=next", "release"),
        ("release=999999", "release"),
        (theirs.as_str(), "release"),
        ("moscow=maybe", "moscow"),
        ("mvp=yes", "mvp"),
    ] {
        refused(pm, query, field).await;
    }
    // Another project's release is refused exactly like a missing one.
    assert_eq!(
        refused(pm, &theirs, "release").await,
        refused(pm, "release=999999", "release").await
    );
}

async fn a_stale_filter_link_shows_the_rest_of_the_filter(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let Roadmap { secret, .. } = roadmap(&paula.caller).await;
    let cleared = "Part of this link&#39;s filter names a persona, release or value";
    // A persona deleted since the link was kept, next to a filter that still holds.
    let link = format!("{PAGE}?persona=999999&mvp=out&sort=wsjf");
    let response = paula.caller.get(&link).send().await.expect("GET the page");
    assert_eq!(response.status(), 200, "the redirect lands on the page");
    assert_eq!(
        address(&response),
        "/projects/SHOP/roadmap?mvp=out&sort=wsjf&notice=roadmap_filter_cleared"
    );
    let page = response.text().await.expect("page");
    assert!(page.contains(cleared), "{page}");
    assert!(page.contains("1 matching feature"), "{page}");
    // A client's link naming an internal release: cleared the same way, no hint of it.
    let response = clara
        .caller
        .get(&format!("{PAGE}?release={secret}"))
        .send()
        .await
        .expect("GET the page");
    assert_eq!(
        address(&response),
        "/projects/SHOP/roadmap?notice=roadmap_filter_cleared"
    );
    assert!(response.text().await.expect("page").contains(cleared));
    // Valid filters are left alone.
    let page = html(&paula.caller, &format!("{PAGE}?mvp=out")).await;
    assert!(!page.contains(cleared), "{page}");
}

async fn a_client_filters_only_what_she_may_see(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let Roadmap {
        spring,
        secret,
        anna,
        ivan,
        ..
    } = roadmap(&paula.caller).await;
    let client = &clara.caller;
    assert_eq!(
        titles(client, "").await,
        ["Pilot stores", "Shared checkout", "Gift cards"]
    );
    // An internal persona or release answers as if it did not exist.
    assert_eq!(
        refused(client, &format!("persona={ivan}"), "persona").await,
        refused(client, "persona=999999", "persona").await
    );
    assert_eq!(
        refused(client, &format!("release={secret}"), "release").await,
        refused(client, "release=999999", "release").await
    );
    assert_eq!(
        titles(client, &format!("persona={anna}")).await,
        ["Pilot stores", "Shared checkout"]
    );
    assert_eq!(
        titles(client, &format!("release={spring}")).await,
        ["Shared checkout"]
    );
    assert_eq!(titles(client, "moscow=should").await, Vec::<String>::new());
    // She sees Pilot stores in no release (its release is internal), so "no release" holds
    // it for her, while the team sees it in the internal release.
    assert_eq!(
        titles(client, "release=none").await,
        ["Pilot stores", "Gift cards"]
    );
    assert_eq!(titles(&paula.caller, "release=none").await, ["Gift cards"]);
    let page = html(client, &format!("{PAGE}?release=none")).await;
    assert!(page.contains("Pilot stores") && page.contains("Gift cards"));
    assert!(!page.contains("Shared checkout"), "{page}");
    assert!(
        !page.contains("Ivan"),
        "internal personas are not offered:\n{page}"
    );
}

/// A release name longer than one line of a label wraps onto more lines of the timeline
/// (SVG `tspan`s) and is drawn whole, not cut with an ellipsis.
async fn a_long_release_name_is_drawn_whole_on_the_timeline(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    roadmap(&paula.caller).await;
    let long = "3.0 Loyalty programme, wishlists and the new one-page checkout";
    create(
        &paula.caller,
        &format!("{BASE}/releases"),
        json!({ "name": long, "target_date": "2030-09-01", "visibility": "shared" }),
    )
    .await;
    let page = html(&paula.caller, PAGE).await;
    for line in [
        "3.0 Loyalty programme,",
        "wishlists and the new",
        "one-page checkout",
    ] {
        assert!(
            page.contains(&format!("\">{line}</tspan>")),
            "{line}:\n{page}"
        );
    }
    assert!(!page.contains("…</tspan>"), "{page}");
    assert!(
        page.contains(&format!("<title>{long}: ")),
        "the tooltip keeps the name"
    );
}
