//! Workshops produce risks (issue 5 with issue 4's register): a risk created from a workshop in
//! one step, or an existing one linked, remembers the workshop as its origin; the workshop
//! lists it with its other outcomes. Linking an outcome to a workshop or an item to a feature
//! takes an optional If-Match on the parent (ADR 0045) — on SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, post_if, product_team};
use common::{TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    a_workshop_creates_and_links_risks_that_remember_it,
    outcomes_take_an_optional_if_match_on_the_workshop,
    item_links_take_an_optional_if_match_on_the_feature,
    risks_from_a_workshop_show_on_the_web_pages,
);

const WORKSHOPS: &str = "/api/v1/projects/SHOP/workshops";
const RISKS: &str = "/api/v1/projects/SHOP/risks";

/// A held workshop of SHOP (shared with the client, who took part); its JSON.
async fn workshop(team: &ProductTeam, title: &str) -> Value {
    let pm = &team.paula.caller;
    pm.expect_json(
        pm.post(WORKSHOPS).json(&json!({
            "title": title, "kind": "review", "status": "held", "visibility": "shared",
            "participants": [team.paula.id, team.clara.id],
        })),
        201,
    )
    .await
}

fn outcomes_of(workshop: &Value) -> String {
    format!("{WORKSHOPS}/{}/outcomes", workshop["id"])
}

async fn risk(team: &ProductTeam, id: &Value) -> Value {
    team.paula.caller.get_json(&format!("{RISKS}/{id}")).await
}

async fn a_workshop_creates_and_links_risks_that_remember_it(app: TestApp) {
    let team = product_team(&app).await;
    let pm = &team.paula.caller;
    let review = workshop(&team, "Checkout review").await;
    let outcomes = outcomes_of(&review);

    // One step: a risk rated like the register's form proposes (3 × 3), owned by nobody.
    let created = pm
        .expect_json(
            pm.post(&outcomes).json(&json!({
                "kind": "risk", "title": "Payment provider changes its API",
                "description": "Said by their CTO during the review",
            })),
            201,
        )
        .await;
    assert_eq!(created["kind"], "risk");
    assert_eq!(created["linked"], false);
    let stored = risk(&team, &created["id"]).await;
    assert_eq!(stored["workshop_id"], review["id"]);
    assert_eq!(stored["probability"], 3);
    assert_eq!(stored["impact"], 3);
    assert_eq!(stored["owner"], Value::Null);
    assert_eq!(stored["visibility"], "internal");
    assert_eq!(stored["description"], "Said by their CTO during the review");

    // Rated and owned when the workshop says so; the register's rules hold.
    let rated = pm
        .expect_json(
            pm.post(&outcomes).json(&json!({
                "kind": "risk", "title": "Peak season load", "probability": 4, "impact": 5,
                "owner": team.mei.email,
            })),
            201,
        )
        .await;
    let rated = risk(&team, &rated["id"]).await;
    assert_eq!(
        (&rated["probability"], &rated["impact"], &rated["exposure"]),
        (&json!(4), &json!(5), &json!(20))
    );
    assert_eq!(rated["owner"]["id"], team.mei.id);
    for (body, field) in [
        (
            json!({ "kind": "risk", "title": "x", "impact": 6 }),
            "impact",
        ),
        (json!({ "kind": "risk", "title": "   " }), "title"),
        (
            json!({ "kind": "risk", "title": "x", "owner": "nobody@example.com" }),
            "owner",
        ),
        (json!({ "kind": "budget", "title": "x" }), "kind"),
    ] {
        let (status, error) = send(pm.post(&outcomes).json(&body)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(assert_error(&error, "validation_failed")["field"], field);
    }

    // Linking an existing risk of the register: its version moves on, it remembers the origin.
    let existing = pm
        .expect_json(
            pm.post(RISKS).json(&json!({
                "title": "Client approvals are slow", "probability": 2, "impact": 4,
                "visibility": "shared",
            })),
            201,
        )
        .await;
    assert_eq!(existing["workshop_id"], Value::Null);
    let linked = pm
        .expect_json(
            pm.post(&outcomes)
                .json(&json!({ "kind": "risk", "link_id": existing["id"] })),
            201,
        )
        .await;
    assert_eq!(linked["linked"], true);
    let relinked = risk(&team, &existing["id"]).await;
    assert_eq!(relinked["workshop_id"], review["id"]);
    assert_eq!(
        relinked["version"],
        existing["version"].as_i64().unwrap() + 1
    );
    let (status, error) = send(
        pm.post(&outcomes)
            .json(&json!({ "kind": "risk", "link_id": 999_999 })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&error, "validation_failed")["field"],
        "link_id"
    );

    // The workshop lists its risks beside its other outcomes.
    pm.expect_json(
        pm.post(&outcomes)
            .json(&json!({ "kind": "decision", "title": "Keep the provider" })),
        201,
    )
    .await;
    let page = pm.get_json(&format!("{WORKSHOPS}/{}", review["id"])).await;
    let listed: Vec<(&str, &str)> = page["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["kind"].as_str().unwrap(), o["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("decision", "Keep the provider"),
            ("risk", "Payment provider changes its API"),
            ("risk", "Peak season load"),
            ("risk", "Client approvals are slow"),
        ]
    );

    // The client who took part sees only the shared risk among the outcomes.
    let seen = team
        .clara
        .caller
        .get_json(&format!("{WORKSHOPS}/{}", review["id"]))
        .await;
    let kinds: Vec<&str> = seen["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["Client approvals are slow"]);

    // A client contact may not add outcomes.
    let (status, _) = send(team.clara.caller.post(&outcomes).json(&json!({
        "kind": "risk", "title": "Client adds a risk",
    })))
    .await;
    assert!(
        status == 403 || status == 404,
        "client may not add: {status}"
    );

    // Deleting the workshop keeps its risks and forgets their origin.
    let version = page["version"].as_i64().unwrap();
    let (status, _) = send(
        pm.delete(&format!("{WORKSHOPS}/{}", review["id"]))
            .header("if-match", format!("\"{version}\"")),
    )
    .await;
    assert_eq!(status, 204);
    let orphan = risk(&team, &created["id"]).await;
    assert_eq!(orphan["workshop_id"], Value::Null);
    assert_eq!(orphan["title"], "Payment provider changes its API");
}

async fn outcomes_take_an_optional_if_match_on_the_workshop(app: TestApp) {
    let team = product_team(&app).await;
    let pm = &team.paula.caller;
    let review = workshop(&team, "Launch review").await;
    let outcomes = outcomes_of(&review);
    let read = review["version"].as_i64().unwrap();

    // At the version read: created, and the workshop's version does not move.
    pm.expect_json(
        post_if(pm, &outcomes, read).json(&json!({ "kind": "risk", "title": "Launch slips" })),
        201,
    )
    .await;
    let path = format!("{WORKSHOPS}/{}", review["id"]);
    assert_eq!(pm.get_json(&path).await["version"], read);

    // Someone edits the workshop: an outcome sent with the old version is refused, nothing
    // is written; without If-Match the addition still works (it commutes).
    let edited = pm
        .expect_json(
            common::direction::put_if(pm, &path, read).json(&json!({
                "title": "Launch review", "kind": "review", "status": "held",
                "notes": "Risks discussed",
            })),
            200,
        )
        .await;
    let (status, error) =
        send(post_if(pm, &outcomes, read).json(&json!({ "kind": "risk", "title": "Stale add" })))
            .await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&error, "version_conflict")["current_version"],
        edited["version"]
    );
    let risks = pm.get_json(RISKS).await;
    assert!(
        risks
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["title"] != "Stale add"),
        "{risks}"
    );
    let (status, error) = send(
        pm.post(&outcomes)
            .header("if-match", "yesterday")
            .json(&json!({ "kind": "risk", "title": "Bad header" })),
    )
    .await;
    assert_eq!(status, 400);
    assert_error(&error, "bad_if_match");
    pm.expect_json(
        pm.post(&outcomes)
            .json(&json!({ "kind": "risk", "title": "Added without If-Match" })),
        201,
    )
    .await;
    let linked_stale =
        send(post_if(pm, &outcomes, read).json(&json!({ "kind": "risk", "link_id": 1 }))).await;
    assert_eq!(linked_stale.0, 412);
}

async fn item_links_take_an_optional_if_match_on_the_feature(app: TestApp) {
    let team = product_team(&app).await;
    let pm = &team.paula.caller;
    let feature = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/features")
                .json(&json!({ "title": "Checkout" })),
            201,
        )
        .await;
    let path = format!("/api/v1/projects/SHOP/features/{}", feature["id"]);
    let items = format!("{path}/items");
    let mut keys = Vec::new();
    for title in ["Card form", "Receipt", "Coupons"] {
        let item = pm
            .expect_json(
                pm.post("/api/v1/projects/SHOP/items")
                    .json(&json!({ "type": "story", "title": title })),
                201,
            )
            .await;
        keys.push(item["key"].as_str().unwrap().to_owned());
    }
    let read = pm.get_json(&path).await["version"].as_i64().unwrap();

    let linked = pm
        .expect_json(
            post_if(pm, &items, read).json(&json!({ "key": keys[0] })),
            200,
        )
        .await;
    assert_eq!(linked.as_array().map(Vec::len), Some(1));

    // The feature changes: a link sent with the version read before is refused.
    let changed = pm
        .expect_json(
            pm.patch(&path)
                .header("if-match", format!("\"{read}\""))
                .json(&json!({ "title": "One-page checkout" })),
            200,
        )
        .await;
    let (status, error) = send(post_if(pm, &items, read).json(&json!({ "key": keys[1] }))).await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&error, "version_conflict")["current_version"],
        changed["version"]
    );
    assert_eq!(pm.get_json(&items).await.as_array().map(Vec::len), Some(1));

    // At the current version, or without If-Match, linking works.
    let current = changed["version"].as_i64().unwrap();
    pm.expect_json(
        post_if(pm, &items, current).json(&json!({ "key": keys[1] })),
        200,
    )
    .await;
    let all = pm
        .expect_json(pm.post(&items).json(&json!({ "key": keys[2] })), 200)
        .await;
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let (status, _) = send(
        post_if(pm, "/api/v1/projects/SHOP/features/999999/items", 1)
            .json(&json!({ "key": keys[0] })),
    )
    .await;
    assert_eq!(status, 404);
}

async fn post_form(
    caller: &common::Caller,
    path: &str,
    fields: &[(&str, String)],
) -> (u16, String) {
    let mut form: Vec<(&str, String)> = fields.to_vec();
    form.push(("_csrf", caller.csrf_token().unwrap_or_default().to_owned()));
    let response = caller
        .post(path)
        .form(&form)
        .send()
        .await
        .expect("POST the form");
    let status = response.status().as_u16();
    (status, response.text().await.expect("page"))
}

async fn risks_from_a_workshop_show_on_the_web_pages(app: TestApp) {
    let team = product_team(&app).await;
    let pm = &team.paula.caller;
    let review = workshop(&team, "Ops review").await;
    let id = review["id"].as_i64().unwrap();
    let page = format!("/projects/SHOP/workshops/{id}");
    let action = format!("{page}/outcomes");

    let html = pm.get_html(&page).await;
    assert!(html.contains("Create risk"), "{html}");
    let (status, _) = post_form(
        pm,
        &action,
        &[
            ("kind", "risk".into()),
            ("title", "On-call rota is thin".into()),
            ("probability", "4".into()),
            ("impact", "2".into()),
        ],
    )
    .await;
    assert_eq!(status, 200, "followed the redirect");
    let risks = pm.get_json(RISKS).await;
    let created = &risks[0];
    assert_eq!(created["title"], "On-call rota is thin");
    assert_eq!(
        (&created["probability"], &created["impact"]),
        (&json!(4), &json!(2))
    );
    assert_eq!(created["workshop_id"], id);

    // A refused form comes back with the message under it and what was typed.
    let (status, html) = post_form(
        pm,
        &action,
        &[
            ("kind", "risk".into()),
            ("title", "Rated oddly".into()),
            ("probability", "lots".into()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("choose one of the values offered"), "{html}");
    assert!(html.contains("value=\"Rated oddly\""), "{html}");

    // An existing risk is linked from the page.
    let existing = pm
        .expect_json(
            pm.post(RISKS)
                .json(&json!({ "title": "Vendor lock-in", "probability": 2, "impact": 3 })),
            201,
        )
        .await;
    let html = pm.get_html(&page).await;
    assert!(html.contains("Link risk"), "{html}");
    let (status, _) = post_form(
        pm,
        &action,
        &[
            ("kind", "risk".into()),
            ("link_id", existing["id"].to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(risk(&team, &existing["id"]).await["workshop_id"], id);

    let html = pm.get_html(&page).await;
    assert!(
        html.contains(&format!(
            "href=\"/projects/SHOP/risks#risk-{}\">On-call rota is thin",
            created["id"]
        )),
        "{html}"
    );
    let register = pm.get_html("/projects/SHOP/risks").await;
    assert!(
        register.contains(&format!(
            "From workshop <a href=\"/projects/SHOP/workshops/{id}\">Ops review</a>"
        )),
        "{register}"
    );
}
