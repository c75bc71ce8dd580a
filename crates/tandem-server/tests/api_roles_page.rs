//! The roles page over HTTP, on SQLite and PostgreSQL: each manager's panel lists the
//! decisions they took lately and what waits for them — decisions they are to take (past due
//! ones flagged) and go/no-go records awaiting them — each linked to its record; a client
//! contact sees none of it. `GET /api/v1/projects/{key}/roles` gives the same panels as JSON,
//! with the same permission rule, and flags a missing manager or one person in both roles.
//! The matrix grid, its add form and the default's pages keep exactly one "A" per activity.

mod common;

use common::direction::{ProductTeam, product_team, put_if};
use common::{Caller, TestApp, assert_error, raci_activity, send};
use serde_json::{Value, json};

per_backend!(
    each_manager_sees_what_they_decided_and_what_waits_for_them,
    the_api_names_gaps_both_roles_and_refuses_outsiders,
    the_grid_keeps_exactly_one_accountable,
    the_default_pages_refuse_an_activity_without_an_accountable,
);

const PAGE: &str = "/projects/SHOP/roles";
const API: &str = "/api/v1/projects/SHOP/roles";

/// The rows of `list` (an array of linked rows) of `kind`, as (id, text, on, overdue).
fn rows_of(list: &Value, kind: &str) -> Vec<(i64, String, Value, bool)> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .filter(|row| row["kind"] == kind)
        .map(|row| {
            (
                row["id"].as_i64().expect("an id"),
                row["text"].as_str().expect("a text").to_owned(),
                row["on"].clone(),
                row["overdue"].as_bool().expect("overdue"),
            )
        })
        .collect()
}

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

    // The API gives the same panels.
    let roles = pm.get_json(API).await;
    let product = &roles["product_manager"];
    assert_eq!(product["role"], "product_manager", "{roles}");
    assert_eq!(product["side"], "product");
    assert_eq!(product["person"]["email"], "paula@example.com");
    assert!(
        !product["accountable"]
            .as_array()
            .expect("a list")
            .is_empty(),
        "the default matrix makes the product manager accountable: {product}"
    );
    let decided = rows_of(&product["decided"], "decision");
    assert_eq!(decided.len(), 1, "{product}");
    assert_eq!(decided[0].0, accepted);
    assert_eq!(decided[0].1, "Payment provider — accepted");
    assert!(decided[0].2.is_string(), "a decision date: {product}");
    assert_eq!(
        product["decided"][0]["href"],
        format!("/projects/SHOP/decisions#decision-{accepted}")
    );
    let pending = &product["pending"];
    assert_eq!(
        rows_of(pending, "decision"),
        [(
            open,
            "Decide “Pricing model”".to_owned(),
            json!("2020-01-31"),
            true
        )]
    );
    assert_eq!(
        rows_of(pending, "go_no_go"),
        [(
            release,
            "Go/no-go of 2.0 (1 of 2 criteria met)".to_owned(),
            json!("2027-03-01"),
            false
        )]
    );
    assert!(product["recent"].is_array(), "{product}");
    // Every row the API lists is on the page.
    for row in pending.as_array().expect("pending") {
        let text = row["text"].as_str().expect("text");
        assert!(panel.contains(text), "{text} not on the page: {panel}");
    }

    // A client contact gets what the page gives them: no internal records.
    let theirs = clara.caller.get_json(API).await;
    let product = &theirs["product_manager"];
    assert_eq!(product["person"]["email"], "paula@example.com", "{theirs}");
    assert!(product.get("decided").is_none(), "{theirs}");
    assert!(product.get("recent").is_none(), "{theirs}");
    assert!(
        rows_of(&product["pending"], "decision").is_empty(),
        "{theirs}"
    );
    assert!(
        rows_of(&product["pending"], "go_no_go").is_empty(),
        "{theirs}"
    );
    assert_eq!(
        theirs["product_manager"]["accountable"],
        roles["product_manager"]["accountable"]
    );
}

async fn the_api_names_gaps_both_roles_and_refuses_outsiders(app: TestApp) {
    let ProductTeam { admin, paula, .. } = product_team(&app).await;
    let pm = &paula.caller;

    // SHOP has no project manager: a gap, and the delivery activities nobody is accountable
    // for wait for whoever takes the role.
    let roles = pm.get_json(API).await;
    assert_eq!(roles["project_key"], "SHOP");
    assert_eq!(roles["role_gaps"], json!(["missing_project_manager"]));
    assert_eq!(roles["one_person_both_roles"], false);
    assert_eq!(roles["recent_days"], 30);
    let delivery = &roles["project_manager"];
    assert!(delivery["person"].is_null(), "{delivery}");
    assert_eq!(delivery["side"], "delivery");
    assert_eq!(delivery["decided"], json!([]), "{delivery}");

    // An activity without an "A" (writes refuse one, so stored data from before the rule) is
    // pending for its side, linked to its row of the matrix.
    let matrix = pm.get_json("/api/v1/projects/SHOP/raci").await;
    let version = matrix["version"].as_i64().expect("a version");
    let added = common::direction::post_if(pm, "/api/v1/projects/SHOP/raci/activities", version)
        .json(&json!({ "name": "Capacity planning", "side": "delivery",
            "assignments": [{ "role": "project_manager", "letter": "A" }] }));
    let added = pm.expect_json(added, 201).await;
    let id = raci_activity(&added, "Capacity planning")["id"]
        .as_i64()
        .expect("the new activity");
    let shop = app.store.project_by_key("SHOP").await.expect("SHOP");
    app.store
        .set_raci_assignments(shop.id, id, version + 1, &[])
        .await
        .expect("an old row without letters");
    let roles = pm.get_json(API).await;
    let unowned = &roles["project_manager"]["pending"];
    assert_eq!(
        rows_of(unowned, "activity"),
        [(
            id,
            "Name who is accountable for “Capacity planning”".to_owned(),
            Value::Null,
            false
        )],
        "{unowned}"
    );
    let row = unowned
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .expect("the row");
    assert_eq!(row["href"], format!("/projects/SHOP/roles#activity-{id}"));
    assert!(rows_of(&roles["product_manager"]["pending"], "activity").is_empty());
    // ... and Paula's change of the matrix is what she changed lately.
    let recent = &roles["product_manager"]["recent"][0];
    assert_eq!(recent["what"], "Added a responsibility", "{roles}");
    assert!(
        recent["at"].as_str().is_some_and(|at| at.ends_with('Z')),
        "an RFC 3339 time: {recent}"
    );

    // One person in both roles is flagged.
    app.create_project(
        &admin,
        json!({ "key": "SOLO", "name": "Solo", "product_manager": paula.id,
                "project_manager": paula.id }),
    )
    .await;
    let solo = pm.get_json("/api/v1/projects/SOLO/roles").await;
    assert_eq!(solo["one_person_both_roles"], true, "{solo}");
    assert_eq!(solo["role_gaps"], json!([]));
    assert_eq!(
        solo["project_manager"]["person"]["email"],
        "paula@example.com"
    );

    // A project one may not see, or that does not exist, is not found.
    let outsider = app.member(&admin, "olga@example.com").await;
    let (status, body) = send(outsider.caller.get(API)).await;
    assert_eq!(status, 404, "{body}");
    assert_error(&body, "not_found");
    let (status, body) = send(pm.get("/api/v1/projects/NOPE/roles")).await;
    assert_eq!(status, 404, "{body}");
    assert_error(&body, "not_found");
    let (status, _) = send(app.anonymous().get(API)).await;
    assert_eq!(status, 401);
}

/// The grid's row `id` (its `<tr>`), from `page`.
fn grid_row(page: &str, id: i64) -> &str {
    let start = page
        .find(&format!("<tr id=\"activity-{id}\""))
        .unwrap_or_else(|| panic!("no row {id} in {page}"));
    let row = &page[start..];
    &row[..row.find("</tr>").unwrap_or(row.len())]
}

/// Posts the Roles page's add form: `name` on `side` with `accountable` (a grid column's
/// field, or empty), made against matrix `version`.
async fn add_in_grid(
    pm: &Caller,
    version: &Value,
    name: &str,
    side: &str,
    accountable: &str,
) -> (u16, String) {
    let version = version.to_string();
    let fields = [
        ("version", version.as_str()),
        ("name", name),
        ("side", side),
        ("assignments", accountable),
    ];
    pm.post_form("/projects/SHOP/roles/activities", &fields)
        .await
}

async fn the_grid_keeps_exactly_one_accountable(app: TestApp) {
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let matrix = pm.get_json("/api/v1/projects/SHOP/raci").await;
    let version = &matrix["version"];
    let vision = raci_activity(&matrix, "Product vision")["id"]
        .as_i64()
        .expect("Product vision");

    // Saving a row with its only A cleared: refused on the row, the letters as submitted.
    let (status, page) = pm
        .post_form(
            &format!("/projects/SHOP/roles/activities/{vision}"),
            &[
                ("version", &version.to_string()),
                ("role:product_manager", "C"),
                ("role:client", "C"),
                ("role:project_manager", "C"),
                ("role:member", ""),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    let row = grid_row(&page, vision);
    assert!(
        row.contains(
            "“Product vision” needs exactly one accountable (A): give a role or a person the A."
        ),
        "{row}"
    );
    assert!(
        !row.contains("value=\"A\" selected"),
        "the A stays cleared as submitted: {row}"
    );
    assert_eq!(
        pm.get_json("/api/v1/projects/SHOP/raci").await,
        matrix,
        "nothing saved"
    );

    // The add form asks for the accountable; without one it is refused at that select.
    let page = pm.get_html(PAGE).await;
    assert!(
        page.contains("<label for=\"f-assignments\">Accountable</label>"),
        "{page}"
    );
    let (status, page) = add_in_grid(pm, version, "Accessibility", "product", "").await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("“Accessibility” needs exactly one accountable (A)"),
        "{page}"
    );
    assert!(
        page.contains("value=\"Accessibility\""),
        "the name is kept: {page}"
    );

    // With a role accountable it is added; a person works the same way.
    let role = "role:product_manager";
    let (status, page) = add_in_grid(pm, version, "Accessibility", "product", role).await;
    assert_eq!(status, 200, "{page}");
    let after = pm.get_json("/api/v1/projects/SHOP/raci").await;
    let added = raci_activity(&after, "Accessibility");
    assert_eq!(added["accountable"], "product manager", "{added}");
    assert_eq!(added["side"], "product", "{added}");
    let person = format!("user:{}", mei.id);
    let (status, page) =
        add_in_grid(pm, &after["version"], "Design system", "delivery", &person).await;
    assert_eq!(status, 200, "{page}");
    let last = pm.get_json("/api/v1/projects/SHOP/raci").await;
    let design = raci_activity(&last, "Design system");
    assert_eq!(design["accountable"], "mei", "{design}");
}

async fn the_default_pages_refuse_an_activity_without_an_accountable(app: TestApp) {
    let ProductTeam { admin, mei, .. } = product_team(&app).await;
    // A row of the default's grid without an A is refused at the row, nothing saved.
    let (status, page) = admin
        .post_form(
            "/settings/raci",
            &[
                ("version", "0"),
                ("name.0", "Accessibility"),
                ("side.0", "product"),
                ("member.0", "R"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("“Accessibility” needs exactly one accountable (A): give a role the A."),
        "{page}"
    );
    let template = admin.get_json("/api/v1/settings/raci-template").await;
    assert_eq!(template["version"], 0, "{template}");

    // A project whose Budget has a person accountable cannot become the default.
    let matrix = admin.get_json("/api/v1/projects/SHOP/raci").await;
    let budget = raci_activity(&matrix, "Budget")["id"].as_i64().expect("id");
    let cells = json!({ "assignments": [{ "user": mei.id, "letter": "A" }] });
    let path = format!("/api/v1/projects/SHOP/raci/activities/{budget}/assignments");
    let version = matrix["version"].as_i64().expect("version");
    admin
        .expect_json(put_if(&admin, &path, version).json(&cells), 200)
        .await;
    let (status, page) = admin
        .post_form("/projects/SHOP/roles/make-default", &[("version", "0")])
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("In SHOP, a person is accountable for “Budget”"),
        "{page}"
    );
    let template = admin.get_json("/api/v1/settings/raci-template").await;
    assert_eq!(template["version"], 0, "{template}");
}
