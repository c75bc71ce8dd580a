//! The roles page over HTTP, on SQLite and PostgreSQL: each manager's panel lists the
//! decisions they took lately and what waits for them — decisions they are to take (past due
//! ones flagged) and go/no-go records awaiting them — each linked to its record; a client
//! contact sees none of it.

mod common;

use common::direction::{ProductTeam, product_team, put_if};
use common::{Caller, TestApp};
use serde_json::{Value, json};

per_backend!(each_manager_sees_what_they_decided_and_what_waits_for_them);

const PAGE: &str = "/projects/SHOP/roles";

async fn decision(pm: &Caller, body: Value) -> i64 {
    pm.expect_json(pm.post("/api/v1/projects/SHOP/decisions").json(&body), 201)
        .await["id"]
        .as_i64()
        .expect("an id")
}

/// The product manager's half of the page.
fn product_panel(page: &str) -> &str {
    let start = page
        .find("data-role=\"Product manager\"")
        .unwrap_or_else(|| panic!("no product manager panel in {page}"));
    let panel = &page[start..];
    &panel[..panel.find("</article>").unwrap_or(panel.len())]
}

async fn each_manager_sees_what_they_decided_and_what_waits_for_them(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let accepted = decision(
        pm,
        json!({ "title": "Payment provider", "status": "accepted", "decider": paula.id,
                "decision": "Stripe" }),
    )
    .await;
    let open = decision(
        pm,
        json!({ "title": "Pricing model", "decider": paula.id, "due_on": "2020-01-31" }),
    )
    .await;
    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases")
                .json(&json!({ "name": "2.0", "target_date": "2027-03-01" })),
            201,
        )
        .await["id"]
        .as_i64()
        .expect("a release");
    let criteria = json!([
        { "area": "quality", "text": "QA sign-off", "met": true },
        { "area": "operations", "text": "Rollback plan", "met": false },
    ]);
    pm.expect_json(
        put_if(
            pm,
            &format!("/api/v1/projects/SHOP/releases/{release}/go-no-go"),
            0,
        )
        .json(&json!({ "criteria": criteria })),
        200,
    )
    .await;

    let page = pm.get_html(PAGE).await;
    let panel = product_panel(&page);
    let decided = &panel[panel.find("Decided lately").expect("decided")..];
    assert!(
        decided.contains(&format!(
            "<a href=\"/projects/SHOP/decisions#decision-{accepted}\">Payment provider — accepted</a>"
        )),
        "{panel}"
    );
    let pending = &panel[panel.find("Pending").expect("pending")..];
    assert!(
        pending.contains(&format!(
            "<a href=\"/projects/SHOP/decisions#decision-{open}\">Decide “Pricing model”</a> <span class=\"muted small\">2020-01-31</span> <span class=\"badge badge-warning\">Past due</span>"
        )),
        "{pending}"
    );
    assert!(
        pending.contains(&format!(
            "<a href=\"/projects/SHOP/releases/{release}\">Go/no-go of 2.0 (1 of 2 criteria met)</a>"
        )),
        "{pending}"
    );
    assert!(
        !decided[..decided.find("Pending").unwrap_or(decided.len())].contains("Pricing model"),
        "an open decision is not decided yet: {decided}"
    );

    let seen = clara.caller.get_html(PAGE).await;
    for internal in ["Payment provider", "Pricing model", "Go/no-go of 2.0"] {
        assert!(!seen.contains(internal), "a client sees {internal}: {seen}");
    }
}
