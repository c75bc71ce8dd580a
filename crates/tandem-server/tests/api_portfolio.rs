//! The portfolio API: every visible project with both sides' health, role coverage, next
//! milestone, forecast against target, budget burn (staff only) and open decisions; sorting
//! and filtering with checked parameters; client contacts see their projects without costs.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use serde_json::{Value, json};
use tandem_core::work::ItemType;
use tandem_store::NewItem;

/// ACME (client Acme, both managers, a budget, a milestone, an overdue open decision), BETA
/// (internal, nobody manages it) and OLD (archived).
struct Fixture {
    admin: Caller,
    clara: Person,
    client_id: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    let client_id = app.create_client(&admin, "Acme Corp").await;
    let clara = app
        .client_contact(&admin, "clara@acme.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({
            "key": "ACME", "name": "Acme shop", "client_id": client_id,
            "product_manager": paula.id, "project_manager": jonas.id,
            "start_date": "2026-01-05", "target_launch_date": "2027-06-30",
            "budget": { "amount": 50000, "currency": "EUR" },
        }),
    )
    .await;
    app.create_project(&admin, json!({ "key": "BETA", "name": "Beta tool" }))
        .await;
    app.create_project(&admin, json!({ "key": "OLD", "name": "Old site" }))
        .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/ACME/members")
                .json(&json!({ "user": clara.id, "role": "client" })),
            201,
        )
        .await;
    let acme = app.store.project_by_key("ACME").await.expect("ACME").id;
    let mut milestone = NewItem::new(acme, ItemType::Milestone, "Pilot go-live");
    milestone.due_date = Some("2027-03-01".into());
    app.store.create_item(&milestone).await.expect("milestone");
    paula
        .caller
        .expect_json(
            paula
                .caller
                .post("/api/v1/projects/ACME/decisions")
                .json(&json!({ "title": "Payment provider", "due_on": "2020-01-01" })),
            201,
        )
        .await;
    let old = app.store.project_by_key("OLD").await.expect("OLD");
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/OLD/archive")
                .header("If-Match", format!("\"{}\"", old.version)),
            200,
        )
        .await;
    Fixture {
        admin,
        clara,
        client_id,
    }
}

fn keys(portfolio: &Value) -> Vec<String> {
    portfolio["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|row| row["key"].as_str().expect("key").to_owned())
        .collect()
}

fn row<'a>(portfolio: &'a Value, key: &str) -> &'a Value {
    portfolio["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|row| row["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {portfolio}"))
}

async fn every_visible_project_with_both_sides(app: TestApp) {
    let f = fixture(&app).await;
    let portfolio = f.admin.get_json("/api/v1/portfolio").await;
    assert_eq!(keys(&portfolio), ["ACME", "BETA"], "archived left out");
    let with_archived = f.admin.get_json("/api/v1/portfolio?archived=true").await;
    assert_eq!(keys(&with_archived), ["ACME", "BETA", "OLD"]);

    let beta = row(&portfolio, "BETA");
    assert_eq!(
        beta["roles"]["gaps"],
        json!(["missing_product_manager", "missing_project_manager"])
    );
    assert_eq!(beta["product"]["severity"], "critical", "{beta}");
    assert_eq!(beta["delivery"]["severity"], "critical", "{beta}");
    assert!(
        beta["verdict"].as_str().unwrap().starts_with("Critical"),
        "{beta}"
    );

    let acme = row(&portfolio, "ACME");
    assert_eq!(acme["roles"]["gaps"], json!([]));
    assert_eq!(acme["roles"]["product_manager"], "paula");
    assert_eq!(acme["next_milestone"]["title"], "Pilot go-live");
    assert_eq!(acme["next_milestone"]["date"], "2027-03-01");
    assert_eq!(acme["next_milestone"]["kind"], "milestone");
    assert_eq!(acme["decisions"], json!({ "open": 1, "overdue": 1 }));
    assert_eq!(acme["forecast"]["target"], "2027-06-30");
    assert_eq!(acme["budget_burn"], 0.0, "staff see the burn: {acme}");
}

async fn sorted_and_filtered_by_any_column(app: TestApp) {
    let f = fixture(&app).await;
    let admin = &f.admin;
    assert_eq!(
        keys(
            &admin
                .get_json("/api/v1/portfolio?sort=key&order=desc")
                .await
        ),
        ["BETA", "ACME"]
    );
    let by_product = admin
        .get_json("/api/v1/portfolio?sort=product&order=desc")
        .await;
    let rank = |row: &Value| match row["product"]["severity"].as_str() {
        Some("critical") => 3,
        Some("at_risk") => 2,
        Some("watch") => 1,
        _ => 0,
    };
    let ranks: Vec<i32> = by_product["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(rank)
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{by_product}");
    assert_eq!(by_product["sort"], "product");
    assert_eq!(by_product["order"], "desc");
    assert_eq!(
        keys(&admin.get_json("/api/v1/portfolio?sort=roles").await),
        ["ACME", "BETA"]
    );
    assert_eq!(
        keys(&admin.get_json("/api/v1/portfolio?q=acme").await),
        ["ACME"]
    );
    assert_eq!(
        keys(&admin.get_json("/api/v1/portfolio?q=JONAS").await),
        ["ACME"],
        "manager names"
    );
    let by_client = admin
        .get_json(&format!("/api/v1/portfolio?client={}", f.client_id))
        .await;
    assert_eq!(keys(&by_client), ["ACME"]);
    assert_eq!(
        by_client["clients"],
        json!([{ "name": "Acme Corp", "id": f.client_id }])
    );
    let critical = admin
        .get_json("/api/v1/portfolio?severity=critical&side=product")
        .await;
    assert!(keys(&critical).contains(&"BETA".to_owned()), "{critical}");
    assert!(
        critical["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .all(|row| row["product"]["severity"] == "critical"),
        "{critical}"
    );

    for (query, field) in [
        ("sort=colour", "sort"),
        ("order=sideways", "order"),
        ("severity=bad", "severity"),
        ("side=middle", "side"),
    ] {
        let (status, body) = send(f.admin.get(&format!("/api/v1/portfolio?{query}"))).await;
        assert_eq!(status, 422, "{query}: {body}");
        let details = assert_error(&body, "validation_failed");
        assert_eq!(details["field"], field, "{body}");
    }
}

async fn clients_see_their_projects_without_costs(app: TestApp) {
    let f = fixture(&app).await;
    let portfolio = f.clara.caller.get_json("/api/v1/portfolio").await;
    assert_eq!(keys(&portfolio), ["ACME"]);
    let acme = row(&portfolio, "ACME");
    assert!(
        acme.get("budget_burn").is_none(),
        "no costs for clients: {acme}"
    );
    assert_eq!(
        acme["decisions"]["open"], 0,
        "internal decisions stay internal"
    );
    let (status, _) = send(f.clara.caller.get("/api/v1/portfolio?sort=burn")).await;
    assert_eq!(status, 200, "sorting by a hidden column is harmless");
}

per_backend!(
    every_visible_project_with_both_sides,
    sorted_and_filtered_by_any_column,
    clients_see_their_projects_without_costs,
);
