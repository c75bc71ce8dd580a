//! MS Project exchange through the API: a file scheduled by MPXJ, imported into an empty
//! project and exported again, keeps every task's start and finish and every predecessor link;
//! bad files and callers who may not contribute write nothing.

mod common;

use std::collections::HashMap;

use common::{PASSWORD, TestApp, assert_error, send};
use serde_json::json;
use tandem_interop::mspdi::{self, Project, Task};

/// MPXJ-scheduled (tools/mpxj/round_trip_fixture.py): three outline levels, FS/SS/FF/SF links
/// with lags and a lead in whole days, two milestones, a holiday and a two-day break, two
/// resources of which only "Ann Example" is a project member.
const FIXTURE: &str = include_str!("fixtures/msproject_round_trip.xml");

per_backend!(
    an_imported_plan_exports_with_the_same_dates_and_links,
    bad_files_and_outsiders_write_nothing,
);

/// A project without start date or calendar, with Ann Example as a member; the admin's caller.
async fn empty_project(app: &TestApp) -> common::Caller {
    let admin = app.setup_admin().await;
    app.create_project(&admin, json!({"key": "RT", "name": "Round trip"}))
        .await;
    let ann = admin
        .expect_json(
            admin.post("/api/v1/users").json(&json!({
                "email": "ann@example.com", "name": "Ann Example", "password": PASSWORD,
            })),
            201,
        )
        .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/RT/members")
                .json(&json!({ "user": ann["id"], "role": "member" })),
            201,
        )
        .await;
    admin
}

async fn import(caller: &common::Caller, xml: &str) -> (u16, serde_json::Value) {
    send(
        caller
            .post("/api/v1/projects/RT/import/msproject")
            .header("content-type", "application/xml")
            .body(xml.to_owned()),
    )
    .await
}

/// Tasks below the project summary by name (the export prefixes the item key).
fn by_name(project: &Project) -> HashMap<String, &Task> {
    project
        .tasks
        .iter()
        .filter(|task| task.outline_level > 0)
        .map(|task| {
            let name = task.name.clone().unwrap_or_default();
            let title = match name.split_once(' ') {
                Some((key, title)) if key.starts_with("RT-") => title.to_owned(),
                _ => name,
            };
            (title, task)
        })
        .collect()
}

/// `(predecessor name, link type, lag in tenths of minutes)` of each link of `task`.
fn links(task: &Task, names: &HashMap<i32, String>) -> Vec<(String, String, i64)> {
    let mut links: Vec<_> = task
        .predecessors
        .iter()
        .map(|link| {
            (
                names[&link.predecessor_uid].clone(),
                format!("{:?}", link.kind),
                link.lag.amount,
            )
        })
        .collect();
    links.sort();
    links
}

fn uid_names(tasks: &HashMap<String, &Task>) -> HashMap<i32, String> {
    tasks
        .iter()
        .map(|(name, task)| (task.uid, name.clone()))
        .collect()
}

async fn an_imported_plan_exports_with_the_same_dates_and_links(app: TestApp) {
    let admin = empty_project(&app).await;
    let (status, summary) = import(&admin, FIXTURE).await;
    assert_eq!(status, 201, "{summary}");
    assert_eq!(summary["items_created"], 11, "{summary}");
    assert_eq!(summary["summaries"], 3);
    assert_eq!(summary["milestones"], 2);
    assert_eq!(summary["dependencies_created"], 8);
    assert_eq!(summary["assigned"], 1);
    assert_eq!(summary["first_key"], "RT-1");
    assert_eq!(summary["last_key"], "RT-11");
    assert_eq!(summary["calendar_imported"], true);
    assert_eq!(summary["start_date_set"], "2025-03-03");
    let warnings = summary["warnings"].to_string();
    assert!(
        warnings.contains("\\\"Contractor\\\" matches no project member"),
        "{warnings}"
    );

    let items = admin.get_json("/api/v1/projects/RT/items?limit=100").await;
    let items = items["items"].as_array().expect("items");
    let item = |title: &str| {
        items
            .iter()
            .find(|item| item["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {items:?}"))
    };
    assert_eq!(item("Design")["type"], "epic");
    assert_eq!(item("Services")["type"], "story");
    assert_eq!(item("Services")["parent"]["key"], item("Build")["key"]);
    assert_eq!(item("Launch")["type"], "milestone");
    assert_eq!(item("Storage")["estimate_hours"], 12.0);
    assert_eq!(item("Requirements")["assignee"]["name"], "Ann Example");
    let calendar = admin.get_json("/api/v1/projects/RT/calendar").await;
    assert_eq!(
        calendar["exceptions"].as_array().map(Vec::len),
        Some(2),
        "{calendar}"
    );

    let response = admin
        .get("/api/v1/projects/RT/export/msproject")
        .send()
        .await
        .expect("export");
    assert_eq!(response.status(), 200);
    let exported = mspdi::read(&response.text().await.expect("xml")).expect("reads back");
    let original = mspdi::read(FIXTURE).expect("the fixture reads");
    assert_eq!(
        exported.calendars[0].exceptions.len(),
        2,
        "the export carries the holidays"
    );
    let (theirs, ours) = (by_name(&original), by_name(&exported));
    assert_eq!(theirs.len(), ours.len());
    let (their_names, our_names) = (uid_names(&theirs), uid_names(&ours));
    for (name, task) in &theirs {
        let back = ours.get(name).unwrap_or_else(|| panic!("{name} exported"));
        assert_eq!(
            (back.start, back.finish),
            (task.start, task.finish),
            "{name}"
        );
        assert_eq!(links(back, &our_names), links(task, &their_names), "{name}");
    }
}

async fn bad_files_and_outsiders_write_nothing(app: TestApp) {
    let admin = empty_project(&app).await;
    let items = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            let project = store.project_by_key("RT").await.expect("project");
            store
                .list_items(project.id, &Default::default())
                .await
                .expect("items")
                .items
                .len()
        }
    };

    let (status, body) = import(&admin, "<Project>\n  <Tasks>\n</Project>").await;
    assert_eq!(status, 422, "{body}");
    let details = assert_error(&body, "malformed_xml");
    assert_eq!(details["line"], 3, "{body}");
    assert!(details["column"].as_u64().is_some(), "{body}");

    // Architecture then waits on Frontend, which waits on Design approved, which waits on
    // Architecture.
    let cycle = FIXTURE.replacen(
        "<PredecessorUID>2</PredecessorUID>",
        "<PredecessorUID>9</PredecessorUID>",
        1,
    );
    let (status, body) = import(&admin, &cycle).await;
    assert_eq!(status, 422, "{body}");
    let details = assert_error(&body, "dependency_cycle");
    assert!(
        details["tasks"].to_string().contains("Architecture"),
        "{body}"
    );

    let missing = FIXTURE.replacen(
        "<PredecessorUID>2</PredecessorUID>",
        "<PredecessorUID>99</PredecessorUID>",
        1,
    );
    let (status, body) = import(&admin, &missing).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        assert_error(&body, "invalid_msproject").is_object() && body.to_string().contains("99"),
        "{body}"
    );

    let (status, body) = send(
        admin
            .post("/api/v1/projects/RT/import/msproject")
            .header("content-type", "application/json")
            .body(FIXTURE),
    )
    .await;
    assert_eq!(status, 415, "{body}");
    assert_error(&body, "unsupported_media_type");

    let viewer = app.member(&admin, "vera@example.com").await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/RT/members")
                .json(&json!({ "user": viewer.id, "role": "viewer" })),
            201,
        )
        .await;
    let (status, body) = import(&viewer.caller, FIXTURE).await;
    assert_eq!(status, 403, "{body}");
    let stranger = app.member(&admin, "sam@example.com").await;
    let (status, _) = import(&stranger.caller, FIXTURE).await;
    assert_eq!(status, 404);

    assert_eq!(items(&app).await, 0, "nothing was written");
    let project = app.store.project_by_key("RT").await.expect("project");
    assert_eq!(project.start_date, None);
}
