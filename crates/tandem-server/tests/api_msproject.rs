//! MS Project exchange through the API: a file scheduled by MPXJ, imported into an empty
//! project and exported again, keeps every task's start and finish and every predecessor link;
//! people travel as resources with their time off and come back as the same assignees; bad
//! files and callers who may not contribute write nothing.

mod common;

use std::collections::HashMap;

use common::schedule::{item, link};
use common::{PASSWORD, TestApp, assert_error, send};
use jiff::civil::date;
use serde_json::json;
use tandem_core::work::{DependencyKind, ItemType};
use tandem_interop::mspdi::{self, Project, ResourceKind, Task};

/// MPXJ-scheduled (tools/mpxj/round_trip_fixture.py): three outline levels, FS/SS/FF/SF links
/// with lags and a lead in whole days, two milestones, a holiday and a two-day break, two
/// resources of which only "Ann Example" is a project member.
const FIXTURE: &str = include_str!("fixtures/msproject_round_trip.xml");

per_backend!(
    an_imported_plan_exports_with_the_same_dates_and_links,
    people_travel_with_their_work_and_time_off,
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
    // Each item's history starts with its creation, as if created by hand, and a linked
    // item's records the dependency.
    let history = |key: String| {
        let admin = &admin;
        async move {
            let events = admin
                .get_json(&format!("/api/v1/items/{key}/history"))
                .await;
            events.as_array().expect("events").clone()
        }
    };
    let services = history(item("Services")["key"].as_str().expect("key").to_owned()).await;
    assert_eq!(services[0]["kind"], "created", "{services:?}");
    let snapshot = &services[0]["new_value"];
    assert!(snapshot["parent_id"].is_i64(), "{snapshot}");
    assert_eq!(snapshot["parent_id"], item("Build")["id"], "{snapshot}");
    assert_eq!(snapshot["title"], "Services");
    let mut recorded = 0;
    for item in items {
        let events = history(item["key"].as_str().expect("key").to_owned()).await;
        assert_eq!(events[0]["kind"], "created", "{events:?}");
        recorded += events
            .iter()
            .filter(|event| event["kind"] == "dependency_added")
            .count();
    }
    assert_eq!(recorded, 8, "one event per imported dependency");
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

async fn export(caller: &common::Caller, key: &str) -> (String, Project) {
    let response = caller
        .get(&format!("/api/v1/projects/{key}/export/msproject"))
        .send()
        .await
        .expect("export");
    assert_eq!(response.status(), 200);
    let xml = response.text().await.expect("xml");
    let project = mspdi::read(&xml).expect("the export reads back");
    (xml, project)
}

/// SRC starts Monday 23 November 2026: epic Release {Spec (2 d, Ann) → Build (2 d, Bob)} →
/// milestone Ship (Bob), and Docs (4 h, nobody). Bob is away everywhere on Wednesday and
/// Thursday, so Build waits until Friday; Ann works 32 of the calendar's 40 hours and has a
/// rate. Exported, then imported into RT (Ann and Bob are members there too, by the same
/// e-mails), the plan keeps its assignees and every date.
async fn people_travel_with_their_work_and_time_off(app: TestApp) {
    let admin = empty_project(&app).await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let clara = app
        .client_contact(&admin, "clara@northwind.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({"key": "SRC", "name": "Source", "start_date": "2026-11-23", "client_id": client_id}),
    )
    .await;
    let bob = app.member(&admin, "bob@example.com").await;
    let members = admin.get_json("/api/v1/projects/RT/members").await;
    let ann = members
        .as_array()
        .and_then(|members| members.iter().find(|m| m["email"] == "ann@example.com"))
        .and_then(|ann| ann["user_id"].as_i64())
        .expect("Ann is a member of RT");
    let mut joins = vec![("SRC", ann, "member"), ("SRC", bob.id, "member")];
    joins.extend([("SRC", clara.id, "client"), ("RT", bob.id, "member")]);
    for (key, user, role) in joins {
        admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/members"))
                    .json(&json!({ "user": user, "role": role })),
                201,
            )
            .await;
    }
    admin
        .expect_json(
            admin
                .patch(&format!("/api/v1/projects/SRC/members/{ann}/profile"))
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 32, "hourly_rate": 90 })),
            200,
        )
        .await;
    admin
        .expect_json(
            admin.post("/api/v1/projects/SRC/time-off").json(&json!({
                "user": bob.id, "from": "2026-11-25", "to": "2026-11-26",
                "note": "Vacation", "everywhere": true,
            })),
            201,
        )
        .await;
    let store = &app.store;
    let pid = store.project_by_key("SRC").await.expect("project").id;
    let assign = |id: i64, user: i64| async move {
        let patch = tandem_store::ItemPatch {
            assignee_id: Some(Some(user)),
            ..Default::default()
        };
        store
            .update_item(id, &patch, 1, None)
            .await
            .expect("assign");
    };
    let release = item(store, pid, ItemType::Epic, "Release", None, None).await;
    assign(release, ann).await;
    let spec = item(store, pid, ItemType::Task, "Spec", Some(960), Some(release)).await;
    assign(spec, ann).await;
    let build = item(
        store,
        pid,
        ItemType::Task,
        "Build",
        Some(960),
        Some(release),
    )
    .await;
    assign(build, bob.id).await;
    let ship = item(store, pid, ItemType::Milestone, "Ship", None, None).await;
    assign(ship, bob.id).await;
    item(store, pid, ItemType::Task, "Docs", Some(240), None).await;
    link(store, spec, build, DependencyKind::FinishToStart, 0).await;
    link(store, build, ship, DependencyKind::FinishToStart, 0).await;

    let (xml, source) = export(&admin, "SRC").await;
    assert!(!xml.contains("Rate"), "no cost rate is exported: {xml}");
    let resource = |project: &Project, email: &str| {
        project
            .resources
            .iter()
            .find(|r| r.email.as_deref() == Some(email))
            .cloned()
            .unwrap_or_else(|| panic!("{email} in {:?}", project.resources))
    };
    let calendar_of = |project: &Project, email: &str| {
        let uid = resource(project, email).calendar_uid;
        project
            .calendars
            .iter()
            .find(|calendar| Some(calendar.uid) == uid)
            .cloned()
            .expect("a resource calendar")
    };
    let ann_resource = resource(&source, "ann@example.com");
    assert_eq!(ann_resource.name.as_deref(), Some("Ann Example"));
    assert_eq!(ann_resource.kind, ResourceKind::Work);
    assert_eq!(ann_resource.max_units, Some(0.8), "32 of 40 hours");
    assert_eq!(resource(&source, "bob@example.com").max_units, Some(1.0));
    assert!(
        source
            .resources
            .iter()
            .all(|r| r.email.as_deref() != Some("clara@northwind.example")),
        "client contacts are no resources"
    );
    assert!(
        calendar_of(&source, "ann@example.com")
            .exceptions
            .is_empty()
    );
    let bobs = calendar_of(&source, "bob@example.com");
    assert!(!bobs.is_base);
    assert_eq!(bobs.base_calendar_uid, source.properties.calendar_uid);
    assert_eq!(bobs.exceptions.len(), 1, "{bobs:?}");
    let away = &bobs.exceptions[0];
    assert_eq!(away.name.as_deref(), Some("Vacation"));
    assert!(!away.working);
    assert_eq!(
        (away.from.date(), away.to.date()),
        (date(2026, 11, 25), date(2026, 11, 26))
    );

    let tasks = by_name(&source);
    let names = uid_names(&tasks);
    let emails: HashMap<i32, String> = source
        .resources
        .iter()
        .map(|r| (r.uid, r.email.clone().unwrap_or_default()))
        .collect();
    let mut assigned: Vec<(String, String)> = source
        .assignments
        .iter()
        .map(|a| (names[&a.task_uid].clone(), emails[&a.resource_uid].clone()))
        .collect();
    assigned.sort();
    assert_eq!(
        assigned,
        [
            ("SRC-2 Spec".to_owned(), "ann@example.com".to_owned()),
            ("SRC-3 Build".to_owned(), "bob@example.com".to_owned()),
        ],
        "no assignment for the epic, the milestone or unassigned Docs"
    );
    let build_task = tasks["SRC-3 Build"];
    assert_eq!(
        build_task.start,
        Some(date(2026, 11, 27).at(8, 0, 0, 0)),
        "Bob's time off moves Build"
    );
    for assignment in &source.assignments {
        let task = tasks[&names[&assignment.task_uid]];
        assert_eq!(assignment.units, Some(1.0));
        assert_eq!(assignment.work_minutes, Some(task.duration_minutes));
        assert_eq!(
            (assignment.start, assignment.finish),
            (task.start, task.finish)
        );
    }

    let (_, for_client) = export(&clara.caller, "SRC").await;
    assert!(
        calendar_of(&for_client, "bob@example.com")
            .exceptions
            .is_empty(),
        "time off is internal: client contacts do not get it"
    );
    assert_eq!(for_client.assignments.len(), 2);

    let (status, summary) = import(&admin, &xml).await;
    assert_eq!(status, 201, "{summary}");
    assert_eq!(summary["assigned"], 2, "{summary}");
    assert!(
        !summary["warnings"]
            .to_string()
            .contains("matches no project member"),
        "{summary}"
    );
    let items = admin.get_json("/api/v1/projects/RT/items?limit=100").await;
    let assignee = |title: &str| {
        items["items"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["title"] == title))
            .map(|item| item["assignee"]["name"].clone())
            .unwrap_or_else(|| panic!("{title} in {items}"))
    };
    assert_eq!(assignee("SRC-2 Spec"), "Ann Example");
    assert_eq!(assignee("SRC-3 Build"), "bob");
    assert_eq!(assignee("SRC-4 Ship"), json!(null));

    let (_, back) = export(&admin, "RT").await;
    let ours = by_name(&back);
    let our_names = uid_names(&ours);
    assert_eq!(ours.len(), tasks.len());
    for (name, task) in &tasks {
        let again = ours.get(name).unwrap_or_else(|| panic!("{name} exported"));
        assert_eq!(
            (again.start, again.finish),
            (task.start, task.finish),
            "{name}"
        );
        assert_eq!(links(again, &our_names), links(task, &names), "{name}");
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
