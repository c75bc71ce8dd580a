//! People and capacity, calendars, time off, workload, budget and risks: profiles with
//! optimistic concurrency, internal figures absent for client contacts, the calendar round
//! trip, workload numbers on a hand-made case (dated work up to its due date, undated work
//! where the levelled plan puts it), risk exposure and the heat map.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use reqwest::Method;
use serde_json::{Value, json};

per_backend!(
    profiles_need_the_version_they_change,
    client_contacts_never_see_rates_budget_or_costs,
    client_pages_show_no_rates_costs_others_time_or_internal_comments,
    calendar_round_trips_and_refuses_bad_hours,
    workload_counts_holidays_and_time_off,
    time_off_is_recorded_by_oneself_or_a_manager,
    budget_totals_lines_and_expenses,
    risks_have_exposure_bands_and_a_heat_map,
    assigned_work_is_spread_and_blocked_items_are_roadblocks,
    undated_work_lands_where_the_levelled_plan_puts_it,
    undated_work_of_an_unschedulable_plan_stays_unscheduled,
);

/// An agency project: admin, a project manager (Jonas), a developer (Mei), a client contact.
struct Team {
    admin: Caller,
    jonas: Person,
    mei: Person,
    clara: Person,
}

async fn team(app: &TestApp) -> Team {
    let admin = app.setup_admin().await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    let mei = app.member(&admin, "mei@example.com").await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let clara = app
        .client_contact(&admin, "clara@northwind.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({
            "key": "SHOP", "name": "Web shop", "client_id": client_id,
            "project_manager": jonas.id,
            "budget": { "amount": 50000, "currency": "EUR" },
        }),
    )
    .await;
    for (person, role) in [(mei.id, "member"), (clara.id, "client")] {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/SHOP/members")
                    .json(&json!({ "user": person, "role": role })),
                201,
            )
            .await;
    }
    Team {
        admin,
        jonas,
        mei,
        clara,
    }
}

fn etag(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

async fn profiles_need_the_version_they_change(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    let path = format!("/api/v1/projects/SHOP/members/{}/profile", mei.id);
    let response = jonas.caller.get(&path).send().await.expect("get");
    assert_eq!(etag(&response), "\"0\"");
    let blank: Value = response.json().await.expect("json");
    assert_eq!(blank["discipline"], Value::Null);
    assert_eq!(blank["hourly_rate"], Value::Null);

    let change =
        json!({ "discipline": "developer", "weekly_capacity_hours": 32, "hourly_rate": 85.5 });
    let (status, body) = send(jonas.caller.patch(&path).json(&change)).await;
    assert_eq!(status, 428);
    assert_error(&body, "precondition_required");
    let response = jonas
        .caller
        .patch(&path)
        .header("If-Match", "\"0\"")
        .json(&change)
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    assert_eq!(etag(&response), "\"1\"");
    let saved: Value = response.json().await.expect("json");
    assert_eq!(saved["weekly_capacity_hours"], 32.0);
    assert_eq!(saved["hourly_rate"], 85.5);
    assert_eq!(saved["currency"], "EUR");

    let (status, body) = send(
        jonas
            .caller
            .patch(&path)
            .header("If-Match", "\"0\"")
            .json(&json!({ "discipline": "qa" })),
    )
    .await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&body, "version_conflict")["current_version"],
        1
    );
    let (status, body) = send(
        jonas
            .caller
            .patch(&path)
            .header("If-Match", "\"1\"")
            .json(&json!({ "discipline": "chef" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "discipline"
    );
    let (status, _) = send(
        mei.caller
            .patch(&path)
            .header("If-Match", "\"1\"")
            .json(&json!({ "hourly_rate": 500 })),
    )
    .await;
    assert_eq!(status, 403, "a developer does not set rates");

    let members = jonas.caller.get_json("/api/v1/projects/SHOP/members").await;
    let row = members
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["user_id"] == mei.id)
        .expect("mei listed");
    assert_eq!(row["discipline"], "developer");
    assert_eq!(row["weekly_capacity_hours"], 32.0);
    assert_eq!(row["hourly_rate"], 85.5);
}

async fn client_contacts_never_see_rates_budget_or_costs(app: TestApp) {
    let Team {
        jonas, mei, clara, ..
    } = team(&app).await;
    let path = format!("/api/v1/projects/SHOP/members/{}/profile", mei.id);
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .patch(&path)
                .header("If-Match", "0")
                .json(&json!({ "hourly_rate": 90 })),
            200,
        )
        .await;
    let body = clara.caller.get_json(&path).await;
    assert!(body.get("hourly_rate").is_none(), "rate absent: {body}");
    assert!(body.get("currency").is_none(), "currency absent: {body}");
    let members = clara.caller.get_json("/api/v1/projects/SHOP/members").await;
    for member in members.as_array().expect("members") {
        assert!(member.get("hourly_rate").is_none(), "rate absent: {member}");
    }
    let project = clara.caller.get_json("/api/v1/projects/SHOP").await;
    assert!(project.get("budget").is_none());
    for internal in ["budget", "expenses", "time-off", "workload"] {
        let (status, body) = send(
            clara
                .caller
                .get(&format!("/api/v1/projects/SHOP/{internal}")),
        )
        .await;
        assert_eq!(status, 404, "{internal}: {body}");
        assert_error(&body, "not_found");
    }
    let (status, _) = send(
        clara
            .caller
            .post("/api/v1/projects/SHOP/expenses")
            .json(&json!({ "date": "2026-03-02", "amount": 10, "description": "x" })),
    )
    .await;
    assert_eq!(status, 404);

    let internal = jonas
        .caller
        .expect_json(
            jonas
                .caller
                .post("/api/v1/projects/SHOP/risks")
                .json(&json!({
                    "title": "Payment provider contract", "probability": 3, "impact": 4,
                })),
            201,
        )
        .await;
    let shared = jonas
        .caller
        .expect_json(
            jonas.caller.post("/api/v1/projects/SHOP/risks").json(&json!({
                "title": "Product data late", "probability": 4, "impact": 3, "visibility": "shared",
            })),
            201,
        )
        .await;
    let seen = clara.caller.get_json("/api/v1/projects/SHOP/risks").await;
    let titles: Vec<&str> = seen
        .as_array()
        .expect("risks")
        .iter()
        .filter_map(|r| r["title"].as_str())
        .collect();
    assert_eq!(titles, ["Product data late"]);
    let (status, _) = send(
        clara
            .caller
            .get(&format!("/api/v1/projects/SHOP/risks/{}", internal["id"])),
    )
    .await;
    assert_eq!(status, 404);
    clara
        .caller
        .get_json(&format!("/api/v1/projects/SHOP/risks/{}", shared["id"]))
        .await;
    let heat = clara
        .caller
        .get_json("/api/v1/projects/SHOP/risks/heatmap")
        .await;
    assert_eq!(heat["total"], 1);
}

/// The same absence on the pages a client contact can open: the team page shows no rate,
/// the budget and earned-value pages do not exist for them, the status page shows no cost,
/// the time page none of the team's entries and the item page no internal comment.
async fn client_pages_show_no_rates_costs_others_time_or_internal_comments(app: TestApp) {
    let Team {
        jonas, mei, clara, ..
    } = team(&app).await;
    let pm = &jonas.caller;
    pm.expect_json(
        pm.patch(&format!("/api/v1/projects/SHOP/members/{}/profile", mei.id))
            .header("If-Match", "0")
            .json(&json!({ "hourly_rate": 137 })),
        200,
    )
    .await;
    let item = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/items")
                .json(&json!({ "type": "task", "title": "Checkout page", "estimate_hours": 6 })),
            201,
        )
        .await;
    let key = item["key"].as_str().expect("an item key").to_owned();
    mei.caller
        .expect_json(
            mei.caller
                .post("/api/v1/projects/SHOP/time-entries")
                .json(&json!({ "item_id": item["id"], "date": "2026-11-20",
                               "duration": "3h", "note": "Mei's secret spike" })),
            201,
        )
        .await;
    pm.expect_json(
        pm.post(&format!("/api/v1/items/{key}/comments"))
            .json(&json!({ "body": "Vendor quote is 41,000", "internal": true })),
        201,
    )
    .await;

    // The project manager sees them, so their absence below is the client's view.
    assert!(pm.get_html("/projects/SHOP/team").await.contains("<td>137"));
    assert!(
        pm.get_html(&format!("/items/{key}"))
            .await
            .contains("Vendor quote")
    );

    let client = &clara.caller;
    let team = client.get_html("/projects/SHOP/team").await;
    assert!(!team.contains("<td>137"), "a rate on the team page: {team}");
    for internal in ["/projects/SHOP/budget", "/projects/SHOP/evm"] {
        let response = client.get(internal).send().await.expect("page");
        let status = response.status().as_u16();
        let page = response.text().await.expect("HTML");
        assert!([403, 404].contains(&status), "{internal}: {status}");
        assert!(!page.contains("50,000"), "{internal}: {page}");
    }
    let status_page = client.get_html("/projects/SHOP/status").await;
    for cost in ["50,000", "50000", "Actual cost", "CPI"] {
        assert!(
            !status_page.contains(cost),
            "{cost} on the status page: {status_page}"
        );
    }
    let time = client
        .get("/projects/SHOP/time")
        .send()
        .await
        .expect("page");
    let time = time.text().await.expect("HTML");
    assert!(!time.contains("secret spike"), "another's entry: {time}");
    let item_page = client.get_html(&format!("/items/{key}")).await;
    assert!(item_page.contains("Checkout page"), "{item_page}");
    assert!(
        !item_page.contains("Vendor quote"),
        "an internal comment: {item_page}"
    );
}

async fn calendar_round_trips_and_refuses_bad_hours(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    let response = jonas
        .caller
        .get("/api/v1/projects/SHOP/calendar")
        .send()
        .await
        .expect("get");
    assert_eq!(etag(&response), "\"0\"");
    let standard: Value = response.json().await.expect("json");
    assert_eq!(
        standard["work_week"]["monday"],
        json!([["08:00", "12:00"], ["13:00", "17:00"]])
    );
    assert_eq!(standard["work_week"]["saturday"], json!([]));
    assert_eq!(standard["week_minutes"], 2400);

    let calendar = json!({
        "work_week": {
            "monday": [["09:00", "17:00"]], "tuesday": [["09:00", "17:00"]],
            "wednesday": [["09:00", "17:00"]], "thursday": [["09:00", "17:00"]],
            "friday": [["09:00", "13:00"]],
        },
        "exceptions": [
            { "name": "Christmas", "from": "2026-12-24", "to": "2026-12-26" },
            { "name": "Short day", "from": "2026-12-31", "hours": [["09:00", "12:00"]] },
        ],
    });
    let put = |caller: &Caller, version: &str| {
        caller
            .request(Method::PUT, "/api/v1/projects/SHOP/calendar")
            .header("If-Match", version.to_owned())
            .json(&calendar)
    };
    let (status, _) = send(put(&mei.caller, "0")).await;
    assert_eq!(status, 403, "members do not edit the calendar");
    let saved = jonas.caller.expect_json(put(&jonas.caller, "0"), 200).await;
    assert_eq!(saved["week_minutes"], 36 * 60);
    let (status, _) = send(put(&jonas.caller, "0")).await;
    assert_eq!(status, 412);
    let read = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/calendar")
        .await;
    assert_eq!(read, saved);
    assert_eq!(read["exceptions"][0]["to"], "2026-12-26");
    assert_eq!(
        read["exceptions"][1],
        json!({ "name": "Short day", "from": "2026-12-31", "to": "2026-12-31", "hours": [["09:00", "12:00"]] })
    );
    assert_eq!(read["version"], 1);

    let bad = json!({ "work_week": { "monday": [["17:00", "09:00"]] } });
    let (status, body) = send(
        jonas
            .caller
            .request(Method::PUT, "/api/v1/projects/SHOP/calendar")
            .header("If-Match", "1")
            .json(&bad),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "work_week.monday"
    );
}

async fn workload_counts_holidays_and_time_off(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    let profile = format!("/api/v1/projects/SHOP/members/{}/profile", mei.id);
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .patch(&profile)
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 32 })),
            200,
        )
        .await;
    // Easter Monday is a holiday; Mei is off Wednesday and Thursday that week.
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .request(Method::PUT, "/api/v1/projects/SHOP/calendar")
                .header("If-Match", "0")
                .json(&json!({
                    "work_week": {
                        "monday": [["08:00", "12:00"], ["13:00", "17:00"]],
                        "tuesday": [["08:00", "12:00"], ["13:00", "17:00"]],
                        "wednesday": [["08:00", "12:00"], ["13:00", "17:00"]],
                        "thursday": [["08:00", "12:00"], ["13:00", "17:00"]],
                        "friday": [["08:00", "12:00"], ["13:00", "17:00"]],
                    },
                    "exceptions": [{ "name": "Easter Monday", "from": "2026-04-06" }],
                })),
            200,
        )
        .await;
    mei.caller
        .expect_json(
            mei.caller
                .post("/api/v1/projects/SHOP/time-off")
                .json(&json!({ "from": "2026-04-08", "to": "2026-04-09", "note": "Vacation" })),
            201,
        )
        .await;
    let load = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/workload?from=2026-04-07&weeks=2&as_of=2026-04-06")
        .await;
    assert_eq!(load["weeks"], json!(["2026-04-06", "2026-04-13"]));
    let people = load["people"].as_array().expect("people");
    let mei_row = people.iter().find(|p| p["user_id"] == mei.id).expect("mei");
    // Week 1: Tuesday and Friday of a 40-hour week are left, 16 of 40 hours: 32 h × 0.4.
    assert_eq!(mei_row["weeks"][0]["capacity_minutes"], 32 * 60 * 2 / 5);
    assert_eq!(mei_row["weeks"][1]["capacity_minutes"], 32 * 60);
    assert_eq!(mei_row["weeks"][0]["allocated_minutes"], 0);
    assert_eq!(mei_row["weeks"][0]["over_allocated"], false);
    let jonas_row = people
        .iter()
        .find(|p| p["user_id"] == jonas.id)
        .expect("jonas");
    // Full time, only the holiday: 32 of 40 hours.
    assert_eq!(jonas_row["weeks"][0]["capacity_minutes"], 32 * 60);
    assert!(
        people.iter().all(|p| p["name"] != "clara"),
        "client contacts have no workload"
    );
    let (status, body) = send(jonas.caller.get("/api/v1/projects/SHOP/workload?weeks=40")).await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "weeks");
}

async fn time_off_is_recorded_by_oneself_or_a_manager(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    let (status, body) = send(
        mei.caller
            .post("/api/v1/projects/SHOP/time-off")
            .json(&json!({ "user": jonas.id, "from": "2026-05-04" })),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let entry = jonas
        .caller
        .expect_json(
            jonas.caller.post("/api/v1/projects/SHOP/time-off").json(&json!({
                "user": "mei@example.com", "from": "2026-05-04", "to": "2026-05-08", "note": "Conference",
            })),
            201,
        )
        .await;
    assert_eq!(entry["user_id"], mei.id);
    assert_eq!(entry["everywhere"], false);
    let (status, body) = send(
        mei.caller
            .post("/api/v1/projects/SHOP/time-off")
            .json(&json!({ "from": "2026-05-08", "to": "2026-05-04" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "to");
    let list = mei
        .caller
        .get_json("/api/v1/projects/SHOP/time-off?from=2026-05-01&to=2026-05-31")
        .await;
    assert_eq!(list.as_array().expect("list").len(), 1);
    let path = format!("/api/v1/projects/SHOP/time-off/{}", entry["id"]);
    let (status, _) = send(mei.caller.delete(&path)).await;
    assert_eq!(status, 428);
    let (status, _) = send(mei.caller.delete(&path).header("If-Match", "1")).await;
    assert_eq!(status, 204, "people may remove their own time off");
    let list = mei.caller.get_json("/api/v1/projects/SHOP/time-off").await;
    assert_eq!(list, json!([]));
}

async fn budget_totals_lines_and_expenses(app: TestApp) {
    let Team {
        admin, jonas, mei, ..
    } = team(&app).await;
    let line = jonas
        .caller
        .expect_json(
            jonas
                .caller
                .post("/api/v1/projects/SHOP/budget/lines")
                .json(&json!({
                    "kind": "labour", "name": "Development", "amount": 42000,
                })),
            201,
        )
        .await;
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .post("/api/v1/projects/SHOP/budget/lines")
                .json(&json!({
                    "kind": "fixed", "name": "Licences", "amount": 3000.5,
                })),
            201,
        )
        .await;
    let (status, body) = send(
        jonas
            .caller
            .post("/api/v1/projects/SHOP/budget/lines")
            .json(&json!({
                "kind": "fixed", "name": "Hosting", "amount": 100, "currency": "USD",
            })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "currency"
    );
    let (status, _) = send(
        mei.caller
            .post("/api/v1/projects/SHOP/budget/lines")
            .json(&json!({
                "kind": "fixed", "name": "Hosting", "amount": 100,
            })),
    )
    .await;
    assert_eq!(status, 403);
    jonas
        .caller
        .expect_json(
            jonas.caller.post("/api/v1/projects/SHOP/expenses").json(&json!({
                "date": "2026-03-02", "amount": 1200, "description": "Design agency", "budget_line_id": line["id"],
            })),
            201,
        )
        .await;
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .post("/api/v1/projects/SHOP/expenses")
                .json(&json!({
                    "date": "2026-03-09", "amount": 99.99, "description": "Stock photos",
                })),
            201,
        )
        .await;
    // Labour: 90 minutes logged at 80.00 an hour = 120.00.
    let profile = format!("/api/v1/projects/SHOP/members/{}/profile", mei.id);
    let rate = jonas
        .caller
        .patch(&profile)
        .header("If-Match", "\"0\"")
        .json(&json!({ "hourly_rate": 80 }));
    assert_eq!(send(rate).await.0, 200);
    mei.caller
        .expect_json(
            mei.caller
                .post("/api/v1/projects/SHOP/time-entries")
                .json(&json!({ "date": "2026-03-03", "duration": "1.5h" })),
            201,
        )
        .await;
    let budget = mei.caller.get_json("/api/v1/projects/SHOP/budget").await;
    assert_eq!(budget["planned_labour"], 42000.0);
    assert_eq!(budget["planned_fixed"], 3000.5);
    assert_eq!(budget["planned_total"], 45000.5);
    assert_eq!(budget["expenses_total"], 1299.99);
    assert_eq!(budget["labour_cost_available"], true);
    assert_eq!(budget["labour_cost"], 120.0);
    assert_eq!(budget["actual_cost"], 1419.99);
    assert_eq!(budget["remaining"], 43580.51);
    assert_eq!(budget["project_budget"], 50000.0);

    app.create_project(
        &admin,
        json!({ "key": "OTHER", "name": "Other", "project_manager": jonas.id }),
    )
    .await;
    let (status, body) = send(jonas.caller.post("/api/v1/projects/OTHER/expenses").json(&json!({
        "date": "2026-03-02", "amount": 5, "description": "Wrong line", "budget_line_id": line["id"],
    })))
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "budget_line_id"
    );

    let path = format!("/api/v1/projects/SHOP/budget/lines/{}", line["id"]);
    let (status, _) = send(jonas.caller.delete(&path).header("If-Match", "1")).await;
    assert_eq!(status, 204);
    let expenses = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/expenses")
        .await;
    assert!(
        expenses
            .as_array()
            .expect("expenses")
            .iter()
            .all(|e| e["budget_line_id"].is_null())
    );
}

async fn risks_have_exposure_bands_and_a_heat_map(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    let create = |title: &str, p: i64, i: i64| {
        mei.caller.post("/api/v1/projects/SHOP/risks").json(
            &json!({ "title": title, "probability": p, "impact": i, "owner": "jonas@example.com" }),
        )
    };
    let critical = mei
        .caller
        .expect_json(create("Launch slips past peak season", 4, 5), 201)
        .await;
    assert_eq!(critical["exposure"], 20);
    assert_eq!(critical["severity"], "critical");
    assert_eq!(critical["owner"]["id"], jonas.id);
    assert_eq!(critical["status"], "open");
    assert_eq!(critical["visibility"], "internal");
    let medium = mei
        .caller
        .expect_json(create("Designer away in May", 2, 3), 201)
        .await;
    assert_eq!(medium["severity"], "medium");
    let closed = mei
        .caller
        .expect_json(create("Old API retired", 5, 5), 201)
        .await;
    let path = format!("/api/v1/projects/SHOP/risks/{}", closed["id"]);
    let closed = mei
        .caller
        .expect_json(
            mei.caller
                .patch(&path)
                .header("If-Match", "1")
                .json(&json!({ "status": "closed" })),
            200,
        )
        .await;
    assert_eq!(closed["version"], 2);
    let (status, body) = send(create("Too likely", 6, 1)).await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "probability"
    );

    let heat = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/risks/heatmap")
        .await;
    assert_eq!(heat["total"], 2, "closed risks are not on the map");
    assert_eq!(heat["cells"][4][3], 1, "impact 5, probability 4");
    assert_eq!(heat["cells"][2][1], 1, "impact 3, probability 2");
    let register = jonas.caller.get_json("/api/v1/projects/SHOP/risks").await;
    let exposures: Vec<i64> = register
        .as_array()
        .expect("risks")
        .iter()
        .filter_map(|r| r["exposure"].as_i64())
        .collect();
    assert_eq!(exposures, [25, 20, 6], "highest exposure first");
    let active = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/risks?active=true")
        .await;
    assert_eq!(active.as_array().expect("risks").len(), 2);
    let (status, _) = send(mei.caller.delete(&path).header("If-Match", "2")).await;
    assert_eq!(status, 403, "only managers delete risks");
    let (status, _) = send(jonas.caller.delete(&path).header("If-Match", "2")).await;
    assert_eq!(status, 204);
}

/// One person's row of a workload answer.
fn person_row(load: &Value, user_id: i64) -> Value {
    load["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["user_id"] == user_id)
        .expect("the person's row")
        .clone()
}

async fn assigned_work_is_spread_and_blocked_items_are_roadblocks(app: TestApp) {
    use tandem_core::work::{DependencyKind, ItemType};
    use tandem_store::{NewDependency, NewItem};
    let Team { jonas, mei, .. } = team(&app).await;
    let project = app.store.project_by_key("SHOP").await.expect("project");
    // 30 hours for Mei, due Friday of the second week, from Monday of the first: 10 working
    // days of 8 hours, so 15 hours a week; another 20 hours due on the first Friday.
    let mut spread = NewItem::new(project.id, ItemType::Task, "Checkout page");
    spread.assignee_id = Some(mei.id);
    spread.remaining_minutes = Some(30 * 60);
    spread.due_date = Some("2026-04-24".to_owned());
    let first = app.store.create_item(&spread).await.expect("item");
    let mut urgent = NewItem::new(project.id, ItemType::Task, "Payment integration");
    urgent.assignee_id = Some(mei.id);
    urgent.remaining_minutes = Some(20 * 60);
    urgent.due_date = Some("2026-04-17".to_owned());
    let second = app.store.create_item(&urgent).await.expect("item");
    let mut someday = NewItem::new(project.id, ItemType::Task, "Wishlist");
    someday.assignee_id = Some(mei.id);
    someday.estimate_minutes = Some(4 * 60);
    app.store.create_item(&someday).await.expect("item");

    let load = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/workload?from=2026-04-13&weeks=2&as_of=2026-04-13")
        .await;
    let row = person_row(&load, mei.id);
    assert_eq!(row["weeks"][0]["allocated_minutes"], (15 + 20) * 60);
    assert_eq!(row["weeks"][0]["capacity_minutes"], 40 * 60);
    assert_eq!(row["weeks"][0]["over_allocated"], false);
    // The undated wishlist waits in Mei's levelled queue behind the work due sooner: the
    // second week.
    assert_eq!(row["weeks"][1]["allocated_minutes"], (15 + 4) * 60);
    assert_eq!(row["dated_minutes"], (30 + 20) * 60);
    assert_eq!(row["levelled_minutes"], 4 * 60);
    assert_eq!(row["unscheduled_minutes"], 0);
    assert_eq!(row["overdue_minutes"], 0);
    // A week later the payment work is late: due now, counted this week and named as late.
    let later = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/workload?from=2026-04-20&weeks=1&as_of=2026-04-20")
        .await;
    let late_row = person_row(&later, mei.id);
    assert_eq!(late_row["weeks"][0]["allocated_minutes"], (30 + 20) * 60);
    assert_eq!(late_row["overdue_minutes"], 20 * 60);
    // At 32 hours a week the first week is over-allocated.
    let profile = format!("/api/v1/projects/SHOP/members/{}/profile", mei.id);
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .patch(&profile)
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 32 })),
            200,
        )
        .await;
    let load = jonas
        .caller
        .get_json("/api/v1/projects/SHOP/workload?from=2026-04-13&weeks=1&as_of=2026-04-13")
        .await;
    let over = load["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["user_id"] == mei.id)
        .expect("mei")["weeks"][0]["over_allocated"]
        .clone();
    assert_eq!(over, true);

    app.store
        .add_dependency(
            &NewDependency {
                predecessor_id: second.id,
                successor_id: first.id,
                kind: DependencyKind::FinishToStart,
                lag_days: 0,
            },
            Some(jonas.id),
        )
        .await
        .expect("dependency")
        .expect("no cycle");
    let blocked = mei
        .caller
        .get_json("/api/v1/projects/SHOP/roadblocks")
        .await;
    let blocked = blocked.as_array().expect("roadblocks");
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0]["key"], first.key);
    assert_eq!(blocked[0]["blocked_by"], json!([second.key]));
    assert_eq!(blocked[0]["days_blocked"], 0);
    assert!(
        blocked[0]["blocked_since"]
            .as_str()
            .is_some_and(|s| s.starts_with("20"))
    );
}

/// Creates an open task of `hours` remaining work assigned to `user_id`, due on `due`.
async fn assigned_task(
    app: &TestApp,
    title: &str,
    user_id: i64,
    hours: i64,
    due: Option<&str>,
) -> tandem_store::Item {
    let project = app.store.project_by_key("SHOP").await.expect("project");
    let mut item = tandem_store::NewItem::new(project.id, tandem_core::work::ItemType::Task, title);
    item.assignee_id = Some(user_id);
    item.remaining_minutes = Some(hours * 60);
    item.due_date = due.map(str::to_owned);
    app.store.create_item(&item).await.expect("item")
}

/// Mei's row of the workload from the week of `as_of`, for `weeks` weeks.
async fn mei_load(jonas: &Person, mei: &Person, as_of: &str, weeks: i64) -> (Value, Value) {
    let load = jonas
        .caller
        .get_json(&format!(
            "/api/v1/projects/SHOP/workload?from={as_of}&weeks={weeks}&as_of={as_of}"
        ))
        .await;
    (person_row(&load, mei.id), load)
}

/// Two independent undated items of 16 hours for a person of 8 hours a day run one after
/// the other (Monday to Thursday), not both in the first two days; a dated item keeps its
/// window up to the due date.
async fn undated_work_lands_where_the_levelled_plan_puts_it(app: TestApp) {
    let Team { jonas, mei, .. } = team(&app).await;
    assigned_task(&app, "Search", mei.id, 16, None).await;
    assigned_task(&app, "Filters", mei.id, 16, None).await;

    let (row, load) = mei_load(&jonas, &mei, "2026-04-13", 2).await;
    assert_eq!(load["levelling_failure"], Value::Null);
    assert_eq!(row["weeks"][0]["allocated_minutes"], 32 * 60);
    assert_eq!(row["weeks"][0]["over_allocated"], false);
    assert_eq!(row["weeks"][1]["allocated_minutes"], 0);
    assert_eq!(row["levelled_minutes"], 32 * 60);
    assert_eq!(row["dated_minutes"], 0);
    assert_eq!(row["unscheduled_minutes"], 0);
    assert_eq!(row["busy_until"], "2026-04-16", "one after the other");
    // From a Thursday: the first item fills Thursday and Friday, the second the Monday and
    // Tuesday after.
    let (row, _) = mei_load(&jonas, &mei, "2026-04-16", 2).await;
    assert_eq!(row["weeks"][0]["allocated_minutes"], 16 * 60);
    assert_eq!(row["weeks"][1]["allocated_minutes"], 16 * 60);
    assert_eq!(row["busy_until"], "2026-04-21");

    // 10 hours due Friday of the second week: 5 hours a week whatever the queue.
    assigned_task(&app, "Launch mail", mei.id, 10, Some("2026-04-24")).await;
    let (row, _) = mei_load(&jonas, &mei, "2026-04-13", 2).await;
    assert_eq!(row["weeks"][0]["allocated_minutes"], (32 + 5) * 60);
    assert_eq!(row["weeks"][1]["allocated_minutes"], 5 * 60);
    assert_eq!(row["dated_minutes"], 10 * 60);
    assert_eq!(row["levelled_minutes"], 32 * 60);
    assert_eq!(row["busy_until"], "2026-04-24");
}

/// A plan the engine cannot schedule (a dependency from a child to its own parent) still
/// has a workload: its dated work is spread, its undated work is unscheduled and the answer
/// says why.
async fn undated_work_of_an_unschedulable_plan_stays_unscheduled(app: TestApp) {
    use tandem_core::work::DependencyKind;
    use tandem_store::{ItemPatch, NewDependency};
    let Team { jonas, mei, .. } = team(&app).await;
    let parent = assigned_task(&app, "Checkout", mei.id, 0, None).await;
    let child = assigned_task(&app, "Card form", mei.id, 12, None).await;
    assigned_task(&app, "Receipts", mei.id, 8, Some("2026-04-17")).await;
    let under_parent = ItemPatch {
        parent_id: Some(Some(parent.id)),
        ..Default::default()
    };
    app.store
        .update_item(child.id, &under_parent, child.version, None)
        .await
        .expect("child");
    app.store
        .add_dependency(
            &NewDependency {
                predecessor_id: child.id,
                successor_id: parent.id,
                kind: DependencyKind::FinishToStart,
                lag_days: 0,
            },
            Some(jonas.id),
        )
        .await
        .expect("dependency")
        .expect("no cycle between dependencies");
    let schedule = jonas
        .caller
        .get("/api/v1/projects/SHOP/schedule")
        .send()
        .await;
    assert_eq!(schedule.expect("schedule").status(), 422, "unschedulable");

    let (row, load) = mei_load(&jonas, &mei, "2026-04-13", 1).await;
    assert!(
        load["levelling_failure"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{load}"
    );
    assert_eq!(row["unscheduled_minutes"], 12 * 60);
    assert_eq!(row["levelled_minutes"], 0);
    assert_eq!(row["dated_minutes"], 8 * 60);
    assert_eq!(row["weeks"][0]["allocated_minutes"], 8 * 60);
}
