//! The demo workspace's delivery data, read through the API as its project manager: a few
//! hundred items with dependencies, sprints with history, time, a budget, risks, a baseline
//! and roadblocks blocked since the backlog was written; and the work found along the way
//! (done discovery work and fixed bugs) dated in the past and outside the kick-off baseline,
//! so it earns nothing and moves no plan date.

mod common;

use common::{Caller, TestApp};
use serde_json::Value;
use std::collections::HashSet;

per_backend!(the_demo_holds_a_few_hundred_items_of_delivery_data);

async fn the_demo_holds_a_few_hundred_items_of_delivery_data(app: TestApp) {
    tandem_server::demo::load(&app.store)
        .await
        .expect("demo loads");
    let jonas = demo_person(&app, "jonas@tandem.demo").await;
    let rita = demo_person(&app, "rita@tandem.demo").await;

    let mut total = 0;
    for (caller, key) in [(&jonas, "NWSHOP"), (&jonas, "HELIOS"), (&rita, "FLEET")] {
        let page = caller
            .get_json(&format!("/api/v1/projects/{key}/items?limit=1"))
            .await;
        total += page["total"].as_i64().expect("a total");
    }
    assert!(total >= 300, "a few hundred items, not {total}");

    let sprints = jonas.get_json("/api/v1/projects/NWSHOP/sprints").await;
    let completed = rows(&sprints)
        .iter()
        .filter(|sprint| sprint["state"] == "completed")
        .count();
    assert!(completed >= 2, "sprints with history: {sprints}");
    let entries = jonas
        .get_json("/api/v1/projects/NWSHOP/time-entries?limit=1")
        .await;
    assert!(!rows(&entries).is_empty(), "time entries");
    let risks = jonas.get_json("/api/v1/projects/NWSHOP/risks").await;
    assert!(rows(&risks).len() >= 3, "risks: {risks}");
    // The backlog was written before the first sprint: its roadblocks have waited since.
    let roadblocks = jonas.get_json("/api/v1/projects/NWSHOP/roadblocks").await;
    assert!(!rows(&roadblocks).is_empty(), "roadblocks: {roadblocks}");
    for roadblock in rows(&roadblocks) {
        assert!(roadblock["days_blocked"].as_i64() > Some(14), "{roadblock}");
    }
    let evm = jonas.get_json("/api/v1/projects/NWSHOP/evm").await;
    assert_eq!(evm["pv_source"], "baseline", "{evm}");
    assert!(evm["budget_at_completion"].as_f64() > Some(0.0), "{evm}");

    for (key, epic) in [
        ("NWSHOP", "Discovery and foundations"),
        ("HELIOS", "Discovery and compliance"),
    ] {
        found_work_is_done_in_the_past_and_outside_the_baseline(&jonas, key, epic).await;
    }
}

/// The found work of `key` (the `epic`'s children and the bugs fixed along the way) is done,
/// started before it was finished, finished before today, and not in the kick-off baseline.
async fn found_work_is_done_in_the_past_and_outside_the_baseline(
    jonas: &Caller,
    key: &str,
    epic: &str,
) {
    let epics = jonas
        .get_json(&format!("/api/v1/projects/{key}/items?type=epic&limit=100"))
        .await;
    let epic_key = rows(&epics["items"])
        .iter()
        .find(|item| item["title"] == epic)
        .and_then(|item| item["key"].as_str())
        .unwrap_or_else(|| panic!("{key} has the epic {epic}: {epics}"))
        .to_owned();
    let children = jonas
        .get_json(&format!(
            "/api/v1/projects/{key}/items?parent={epic_key}&limit=100"
        ))
        .await;
    // The backlog's own bugs wait in "To do"; the done ones were found and fixed.
    let bugs = jonas
        .get_json(&format!(
            "/api/v1/projects/{key}/items?type=bug&status=Done&limit=500"
        ))
        .await;
    let found: HashSet<&str> = rows(&children["items"])
        .iter()
        .chain(rows(&bugs["items"]))
        .filter_map(|item| item["key"].as_str())
        .collect();
    assert!(found.len() >= 25, "{key} found work: {found:?}");

    let schedule = jonas
        .get_json(&format!("/api/v1/projects/{key}/schedule"))
        .await;
    let evm = jonas.get_json(&format!("/api/v1/projects/{key}/evm")).await;
    let today = evm["status_date"].as_str().expect("today's status date");
    let mut seen = 0;
    for item in rows(&schedule["items"]) {
        let Some(item_key) = item["key"].as_str().filter(|k| found.contains(k)) else {
            continue;
        };
        seen += 1;
        assert_eq!(item["done"], true, "{item}");
        assert_eq!(
            item["baseline_start"],
            Value::Null,
            "not planned at kick-off: {item}"
        );
        let started = item["actual_start"].as_str().expect("an actual start");
        let finished = item["actual_finish"].as_str().expect("an actual finish");
        assert!(started <= finished, "{item_key}: {item}");
        assert!(
            finished[..10] < *today,
            "{item_key} finished before today: {item}"
        );
    }
    assert_eq!(seen, found.len(), "every found item is in the schedule");
}

/// A demo account's signed-in session.
async fn demo_person(app: &TestApp, email: &str) -> Caller {
    Caller::sign_in(&app.address, email, tandem_server::demo::PASSWORD)
        .await
        .unwrap_or_else(|status| panic!("{email} signs in: {status}"))
}

/// The rows of a JSON array (empty when it is none).
fn rows(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}
