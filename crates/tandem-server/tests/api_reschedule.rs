//! The schedule with the remaining work rescheduled from a status date
//! (`?remaining_from=DATE|today`, MS Project's "reschedule uncompleted work to start after"):
//! work not done yet never starts before the status date, done work keeps its place,
//! dependencies and pins still hold, and the dates are exactly the engine's for the same
//! network; levelling and baselines combine with it. Items report their actual start and
//! finish from their history, and work in progress begun before the status date is split
//! (ADR 0029); a project without a start date runs from the status date.

mod common;

use common::schedule::{assert_rows_match_engine, item, link, row, team_member};
use common::{Caller, TestApp, assert_error, send};
use jiff::civil::{Date, DateTime, date};
use serde_json::{Value, json};
use tandem_core::work::{DependencyKind, ItemType, StatusCategory};
use tandem_engine::calendar::{Calendar, CalendarUid, Duration};
use tandem_engine::cpm::{self, Constraint, Lag, Relation, RelationType, Task, TaskUid};

per_backend!(
    remaining_work_runs_from_the_status_date_as_the_engine_computes,
    baselines_show_the_slip_of_the_rescheduled_plan,
    levelling_runs_on_the_rescheduled_network,
    today_is_the_default_status_date,
    bad_status_dates_are_clear_errors,
    work_in_progress_is_split_at_the_status_date,
    without_a_project_start_the_plan_runs_from_the_status_date,
    done_work_counts_at_its_actual_dates_and_is_never_critical,
    a_running_projects_gantt_opens_with_the_remaining_work_from_today,
    a_baseline_saved_from_the_gantt_is_the_plan_it_shows,
    a_project_not_started_opens_on_the_plain_plan,
);

/// The status date of most scenarios: Wednesday 25 November 2026.
const STATUS_DATE: &str = "2026-11-25";

/// The items of [`plan`], in outline order.
struct Plan {
    admin: Caller,
    /// Done (2 d): it keeps its place at the project start.
    a: i64,
    /// Epic over B and C.
    epic: i64,
    /// In progress, estimated 2 d with 4 h remaining; after A.
    b: i64,
    /// 1 d after B.
    c: i64,
    /// 1 d pinned to Tuesday 1 December, after the status date: the pin wins.
    p: i64,
    /// 1 d pinned to 3 November, before the status date: the status date wins.
    q: i64,
    /// Milestone after C, due 10 November (long past).
    m: i64,
}

/// A project that started Monday 2 November 2026 and is partly done (see [`Plan`]).
async fn plan(app: &TestApp) -> Plan {
    let admin = app.setup_admin().await;
    app.create_project(
        &admin,
        json!({"key": "RSCH", "name": "Running", "start_date": "2026-11-02"}),
    )
    .await;
    let store = &app.store;
    let pid = store.project_by_key("RSCH").await.expect("project").id;
    let status = |category| {
        let store = store.clone();
        async move {
            let workflow = store.workflow(pid).await.expect("workflow");
            workflow
                .statuses
                .iter()
                .find(|s| s.category == category)
                .expect("a status of the category")
                .id
        }
    };
    let (done, in_progress) = (
        status(StatusCategory::Done).await,
        status(StatusCategory::InProgress).await,
    );
    let a = item(store, pid, ItemType::Task, "Analyse", Some(960), None).await;
    let epic = item(store, pid, ItemType::Epic, "Build", None, None).await;
    let b = item(store, pid, ItemType::Task, "Backend", Some(960), Some(epic)).await;
    let c = item(store, pid, ItemType::Task, "Client", Some(480), Some(epic)).await;
    let p = item(store, pid, ItemType::Task, "Pilot", Some(480), None).await;
    let q = item(store, pid, ItemType::Task, "QA plan", Some(480), None).await;
    let m = item(store, pid, ItemType::Milestone, "Release", None, None).await;
    let patches = [
        (a, status_patch(done)),
        (
            b,
            tandem_store::ItemPatch {
                remaining_minutes: Some(Some(240)),
                ..status_patch(in_progress)
            },
        ),
        (p, pinned("2026-12-01")),
        (q, pinned("2026-11-03")),
        (
            m,
            tandem_store::ItemPatch {
                due_date: Some(Some("2026-11-10".to_owned())),
                ..Default::default()
            },
        ),
    ];
    for (id, patch) in patches {
        store.update_item(id, &patch, 1, None).await.expect("patch");
    }
    link(store, a, b, DependencyKind::FinishToStart, 0).await;
    link(store, b, c, DependencyKind::FinishToStart, 0).await;
    link(store, c, m, DependencyKind::FinishToStart, 0).await;
    Plan {
        admin,
        a,
        epic,
        b,
        c,
        p,
        q,
        m,
    }
}

fn status_patch(status: i64) -> tandem_store::ItemPatch {
    tandem_store::ItemPatch {
        status_id: Some(status),
        ..Default::default()
    }
}

fn pinned(day: &str) -> tandem_store::ItemPatch {
    tandem_store::ItemPatch {
        start_date: Some(Some(day.to_owned())),
        ..Default::default()
    }
}

fn text(row: &Value, field: &str) -> String {
    row[field].as_str().expect("a text field").to_owned()
}

fn stamp(at: DateTime) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

async fn rescheduled(admin: &Caller, query: &str) -> Value {
    admin
        .get_json(&format!("/api/v1/projects/RSCH/schedule?{query}"))
        .await
}

/// The plan of [`plan`] as the engine sees it with the remaining work held to `from`,
/// written by hand: tasks in outline order A, epic, B, C, P, Q, M.
fn engine_network(from: DateTime) -> cpm::Project {
    let uid = TaskUid;
    let snet = Constraint::StartNoEarlierThan;
    let mut tasks = vec![
        Task::new(uid(1), "A", Duration::Working(0)),
        Task::new(uid(2), "Epic", Duration::Working(0)),
        Task::new(uid(3), "B", Duration::Working(240)),
        Task::new(uid(4), "C", Duration::Working(480)),
        Task::new(uid(5), "P", Duration::Working(480)),
        Task::new(uid(6), "Q", Duration::Working(480)),
        Task::new(uid(7), "M", Duration::Working(0)),
    ];
    // A done item takes no time but is no milestone.
    tasks[0].milestone = false;
    tasks[1].milestone = false;
    tasks[2].parent = Some(uid(2));
    tasks[3].parent = Some(uid(2));
    tasks[2].constraint = snet(from);
    tasks[3].constraint = snet(from);
    tasks[4].constraint = snet(date(2026, 12, 1).at(8, 0, 0, 0).max(from));
    tasks[5].constraint = snet(from);
    // The milestone waits for the status date; its due date is a deadline.
    tasks[6].constraint = snet(from);
    tasks[6].deadline = Some(date(2026, 11, 10).at(17, 0, 0, 0));
    let fs = |predecessor, successor| Relation {
        predecessor: uid(predecessor),
        successor: uid(successor),
        kind: RelationType::FinishStart,
        lag: Lag::Working(0),
    };
    cpm::Project {
        start: date(2026, 11, 2).at(8, 0, 0, 0),
        calendar: CalendarUid(1),
        calendars: vec![Calendar::standard(CalendarUid(1))],
        units: Default::default(),
        tasks,
        relations: vec![fs(1, 3), fs(3, 4), fs(4, 7)],
    }
}

async fn remaining_work_runs_from_the_status_date_as_the_engine_computes(app: TestApp) {
    let plan = plan(&app).await;
    let ids = [plan.a, plan.epic, plan.b, plan.c, plan.p, plan.q, plan.m];
    let plain = plan.admin.get_json("/api/v1/projects/RSCH/schedule").await;
    assert_eq!(plain["status_date"], Value::Null);
    // Without a status date the open work stays in the past, where the plan began.
    assert_eq!(text(&row(&plain, plan.b), "start"), "2026-11-02T08:00:00");

    let body = rescheduled(&plan.admin, &format!("remaining_from={STATUS_DATE}")).await;
    assert_eq!(body["status_date"], STATUS_DATE);
    let from = date(2026, 11, 25).at(8, 0, 0, 0);
    let engine = cpm::schedule(&engine_network(from)).expect("the engine schedules it");
    assert_rows_match_engine(&body, &ids, &engine);

    // The done item keeps its place; nothing open starts before the status date.
    for field in ["start", "finish"] {
        assert_eq!(row(&body, plan.a)[field], row(&plain, plan.a)[field]);
    }
    for id in [plan.b, plan.c, plan.p, plan.q, plan.m] {
        let start = text(&row(&body, id), "start");
        assert!(start.as_str() >= "2026-11-25T08:00:00", "{start}");
    }
    // The in-progress item's remaining 4 h run from the status date, its successors follow.
    let span = |id| {
        (
            text(&row(&body, id), "start"),
            text(&row(&body, id), "finish"),
        )
    };
    assert_eq!(
        span(plan.b),
        ("2026-11-25T08:00:00".into(), "2026-11-25T12:00:00".into())
    );
    assert_eq!(
        span(plan.c),
        ("2026-11-25T13:00:00".into(), "2026-11-26T12:00:00".into())
    );
    assert_eq!(text(&row(&body, plan.m), "finish"), "2026-11-26T12:00:00");
    // The later of pin and status date wins.
    assert_eq!(span(plan.p).0, "2026-12-01T08:00:00");
    assert_eq!(span(plan.q).0, "2026-11-25T08:00:00");
    // The epic rolls up from its rescheduled children.
    assert_eq!(
        span(plan.epic),
        (span(plan.b).0, span(plan.c).1),
        "summary roll-up"
    );
    // The milestone due long ago is reported late.
    assert_eq!(row(&body, plan.m)["misses_due_date"], true);
    let violation = &body["violations"][0];
    assert_eq!(violation["key"], "RSCH-7", "{body}");
    assert_eq!(violation["due_date"], "2026-11-10");

    // The Gantt page draws the rescheduled plan and says so.
    let page = plan
        .admin
        .get_html(&format!(
            "/projects/RSCH/gantt?remaining_from={STATUS_DATE}"
        ))
        .await;
    assert!(
        page.contains("Remaining work rescheduled from 2026-11-25"),
        "{page}"
    );

    // A status date on a Saturday holds the work to the next working instant, Monday 08:00.
    let weekend = rescheduled(&plan.admin, "remaining_from=2026-11-28").await;
    assert_eq!(weekend["status_date"], "2026-11-28");
    assert_eq!(text(&row(&weekend, plan.q), "start"), "2026-11-30T08:00:00");
}

async fn baselines_show_the_slip_of_the_rescheduled_plan(app: TestApp) {
    let plan = plan(&app).await;
    plan.admin
        .expect_json(
            plan.admin
                .post("/api/v1/projects/RSCH/baselines")
                .json(&json!({"name": "Kick-off"})),
            201,
        )
        .await;
    let body = rescheduled(&plan.admin, &format!("remaining_from={STATUS_DATE}")).await;
    assert_eq!(body["baseline"]["name"], "Kick-off");
    let b = row(&body, plan.b);
    // Planned Monday 2 November 08:00–12:00; now Wednesday 25 November: 17 working days.
    assert_eq!(b["baseline_finish"], "2026-11-02T12:00:00");
    assert_eq!(b["finish_variance_days"], 17.0, "{b}");
    assert_eq!(row(&body, plan.a)["finish_variance_days"], 0.0);
}

/// Mei has B (4 h left) and Q (1 d): rescheduled and levelled, neither starts before the
/// status date and she never works on both at once.
async fn levelling_runs_on_the_rescheduled_network(app: TestApp) {
    let plan = plan(&app).await;
    let mei = team_member(&app, &plan.admin, "RSCH", "mei@example.com").await;
    let hers = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    for id in [plan.b, plan.q] {
        app.store
            .update_item(id, &hers, 2, None)
            .await
            .expect("assign to Mei");
    }
    let levelled_only = plan
        .admin
        .get_json("/api/v1/projects/RSCH/schedule?level=true")
        .await;
    assert!(
        text(&row(&levelled_only, plan.b), "start").as_str() < "2026-11-25",
        "levelling alone leaves the open work in the past"
    );

    let body = rescheduled(
        &plan.admin,
        &format!("remaining_from={STATUS_DATE}&level=true"),
    )
    .await;
    assert_eq!(body["levelled"], true);
    assert_eq!(body["status_date"], STATUS_DATE);
    let span = |id| {
        (
            text(&row(&body, id), "start"),
            text(&row(&body, id), "finish"),
        )
    };
    let mut spans = [span(plan.b), span(plan.q)];
    for (start, _) in &spans {
        assert!(start.as_str() >= "2026-11-25T08:00:00", "{spans:?}");
    }
    spans.sort();
    assert!(
        spans[0].1 < spans[1].0,
        "Mei works on two items at once: {spans:?}"
    );
    // C follows B wherever levelling put it; the done item keeps its place.
    assert!(text(&row(&body, plan.c), "start") >= span(plan.b).1);
    assert_eq!(text(&row(&body, plan.a), "start"), "2026-11-02T08:00:00");
}

/// `today` is the server's date (UTC), the one the forecast uses as its status date.
async fn today_is_the_default_status_date(app: TestApp) {
    let plan = plan(&app).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let body = rescheduled(&plan.admin, "remaining_from=today").await;
    assert_eq!(body["status_date"], today.to_string());
    // Q, pinned long before, starts on the first working day from today.
    assert_eq!(
        text(&row(&body, plan.q), "start"),
        stamp(first_weekday_from(today).at(8, 0, 0, 0))
    );
    assert_eq!(text(&row(&body, plan.a), "start"), "2026-11-02T08:00:00");
}

/// `day` or the Monday after it when it falls on a weekend.
fn first_weekday_from(day: Date) -> Date {
    match day.weekday() {
        jiff::civil::Weekday::Saturday => day + jiff::Span::new().days(2),
        jiff::civil::Weekday::Sunday => day + jiff::Span::new().days(1),
        _ => day,
    }
}

async fn bad_status_dates_are_clear_errors(app: TestApp) {
    let plan = plan(&app).await;
    for bad in ["soon", "2026-02-30", "25.11.2026", ""] {
        let (status, body) = send(plan.admin.get(&format!(
            "/api/v1/projects/RSCH/schedule?remaining_from={bad}"
        )))
        .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(
            assert_error(&body, "validation_failed")["field"],
            "remaining_from"
        );
    }
    let page = plan
        .admin
        .get("/projects/RSCH/gantt?remaining_from=soon")
        .send()
        .await
        .expect("Gantt page");
    assert_eq!(page.status(), 422, "the Gantt page refuses it too");
    let html = page.text().await.expect("HTML");
    assert!(html.contains("must be start, today or a date"), "{html}");
    // The page's own form sends the day from its date field.
    let chosen = plan
        .admin
        .get_html("/projects/RSCH/gantt?remaining_from=date&status_date=2026-11-25")
        .await;
    assert!(
        chosen.contains("Remaining work rescheduled from 2026-11-25"),
        "{chosen}"
    );
    assert!(
        chosen.contains(r#"name="status_date" value="2026-11-25""#),
        "{chosen}"
    );
    let page = plan
        .admin
        .get("/projects/RSCH/gantt?remaining_from=date&status_date=")
        .send()
        .await
        .expect("Gantt page");
    assert_eq!(page.status(), 422, "a status date must be given");
    let html = page.text().await.expect("HTML");
    assert!(html.contains("choose the status date"), "{html}");
    let (status, body) = send(
        plan.admin
            .post("/api/v1/projects/RSCH/baselines")
            .json(&json!({"name": "Re-plan", "remaining_from": "soon"})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "remaining_from"
    );
}

/// Unix ms of `at` (UTC).
fn ms(at: DateTime) -> i64 {
    at.to_zoned(jiff::tz::TimeZone::UTC)
        .expect("a UTC time")
        .timestamp()
        .as_millisecond()
}

/// Changes item `key` through the API, then moves what that recorded in the project's history
/// to `at`: the API stamps history with the wall clock, so this is how a test (like the
/// demo) lays work out on past days (`Store::backdate_history`).
async fn patch_on(
    app: &TestApp,
    admin: &Caller,
    project_id: i64,
    key: &str,
    body: Value,
    at: DateTime,
) {
    let mark = jiff::Timestamp::now().as_millisecond();
    let item = admin.get_json(&format!("/api/v1/items/{key}")).await;
    let version = item["version"].as_i64().expect("version");
    admin
        .expect_json(
            admin
                .patch(&format!("/api/v1/items/{key}"))
                .header("if-match", format!("\"{version}\""))
                .json(&body),
            200,
        )
        .await;
    backdate(app, project_id, mark, at).await;
}

async fn backdate(app: &TestApp, project_id: i64, since: i64, at: DateTime) {
    app.store
        .backdate_history(project_id, since, ms(at))
        .await
        .expect("backdate");
}

/// Items created through the API on Monday 2 November 09:00; "Hotfix" straight in progress.
async fn split_plan(app: &TestApp, admin: &Caller, project: Value) -> (i64, Vec<i64>) {
    let mark = jiff::Timestamp::now().as_millisecond();
    let created = app.create_project(admin, project).await;
    let key = created["key"].as_str().expect("key").to_owned();
    let mut ids = Vec::new();
    for body in [
        json!({"type": "task", "title": "Design", "estimate_hours": 16}),
        json!({"type": "task", "title": "Build", "estimate_hours": 16}),
        json!({"type": "task", "title": "Hotfix", "estimate_hours": 8, "status": "In progress"}),
        json!({"type": "task", "title": "Later", "estimate_hours": 8}),
    ] {
        let item = admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/items"))
                    .json(&body),
                201,
            )
            .await;
        ids.push(item["id"].as_i64().expect("id"));
    }
    let project_id = app.store.project_by_key(&key).await.expect("project").id;
    backdate(app, project_id, mark, date(2026, 11, 2).at(9, 0, 0, 0)).await;
    (project_id, ids)
}

/// Design was worked 3–5 November and is done; Build was started on 9 November with 4 h
/// left; Hotfix was created in progress on 2 November; Later was never started. Rescheduled
/// from 25 November, Build and Hotfix are split: worked from their actual start to the
/// status date, their remaining work after it.
async fn work_in_progress_is_split_at_the_status_date(app: TestApp) {
    let admin = app.setup_admin().await;
    let (pid, ids) = split_plan(
        &app,
        &admin,
        json!({"key": "SPLT", "name": "Split", "start_date": "2026-11-02"}),
    )
    .await;
    let [design, build, hotfix, later] = ids[..] else {
        panic!("four items")
    };
    let started = json!({"status": "In progress"});
    patch_on(
        &app,
        &admin,
        pid,
        "SPLT-1",
        started.clone(),
        date(2026, 11, 3).at(9, 0, 0, 0),
    )
    .await;
    let done = json!({"status": "Done"});
    patch_on(
        &app,
        &admin,
        pid,
        "SPLT-1",
        done,
        date(2026, 11, 5).at(16, 0, 0, 0),
    )
    .await;
    let building = json!({"status": "In progress", "remaining_hours": 4});
    patch_on(
        &app,
        &admin,
        pid,
        "SPLT-2",
        building,
        date(2026, 11, 9).at(10, 30, 0, 0),
    )
    .await;

    let plain = admin.get_json("/api/v1/projects/SPLT/schedule").await;
    let body = admin
        .get_json(&format!(
            "/api/v1/projects/SPLT/schedule?remaining_from={STATUS_DATE}"
        ))
        .await;
    for schedule in [&plain, &body] {
        let design = row(schedule, design);
        assert_eq!(design["actual_start"], "2026-11-03T09:00:00", "{design}");
        assert_eq!(design["actual_finish"], "2026-11-05T16:00:00");
        assert_eq!(design["split"], false);
        assert_eq!(row(schedule, build)["actual_start"], "2026-11-09T10:30:00");
        assert_eq!(row(schedule, build)["actual_finish"], Value::Null);
        assert_eq!(row(schedule, hotfix)["actual_start"], "2026-11-02T09:00:00");
        let later = row(schedule, later);
        assert_eq!(later["actual_start"], Value::Null, "never started");
        assert_eq!(
            (&later["split"], &later["actual_segment"]),
            (&json!(false), &Value::Null)
        );
    }
    // Not rescheduled, nothing is split.
    assert_eq!(row(&plain, build)["split"], false);
    assert_eq!(row(&plain, build)["actual_segment"], Value::Null);

    // The done item keeps its place (no duration) whatever its actual dates.
    assert_eq!(row(&body, design)["start"], row(&plain, design)["start"]);
    let b = row(&body, build);
    assert_eq!(b["split"], true, "{b}");
    assert_eq!(
        b["actual_segment"],
        json!({"start": "2026-11-09T10:30:00", "finish": "2026-11-25T00:00:00"})
    );
    // Its remaining 4 h run from the status date.
    assert_eq!(
        (text(&b, "start"), text(&b, "finish")),
        ("2026-11-25T08:00:00".into(), "2026-11-25T12:00:00".into())
    );
    let h = row(&body, hotfix);
    assert_eq!(h["split"], true);
    assert_eq!(h["actual_segment"]["start"], "2026-11-02T09:00:00");
    assert_eq!(text(&h, "start").as_str(), "2026-11-25T08:00:00");

    // A status date before Build began splits only Hotfix.
    let early = admin
        .get_json("/api/v1/projects/SPLT/schedule?remaining_from=2026-11-06")
        .await;
    assert_eq!(row(&early, build)["split"], false);
    assert_eq!(row(&early, hotfix)["split"], true);
    assert_eq!(
        row(&early, hotfix)["actual_segment"]["finish"],
        "2026-11-06T00:00:00"
    );

    // Sent back to do, an item is not started any more.
    patch_on(
        &app,
        &admin,
        pid,
        "SPLT-2",
        json!({"status": "To do"}),
        date(2026, 11, 20).at(9, 0, 0, 0),
    )
    .await;
    let reopened = admin
        .get_json(&format!(
            "/api/v1/projects/SPLT/schedule?remaining_from={STATUS_DATE}"
        ))
        .await;
    assert_eq!(row(&reopened, build)["actual_start"], Value::Null);
    assert_eq!(row(&reopened, build)["split"], false);

    // The Gantt page draws Hotfix's worked part and says it is split; its remaining work
    // starts right at the status date, so there is no gap to join.
    let page = admin
        .get_html(&format!(
            "/projects/SPLT/gantt?remaining_from={STATUS_DATE}"
        ))
        .await;
    assert_eq!(page.matches("class=\"gantt-actual\"").count(), 1, "{page}");
    assert_eq!(page.matches("class=\"gantt-split\"").count(), 0);
    assert!(
        page.contains("Started 2026-11-02; remaining work 2026-11-25 – 2026-11-25"),
        "{page}"
    );
    assert!(page.contains("swatch-split\"></span> Split"));
    // Design, done, is drawn at its actual dates (3–5 November) on both Gantts, not as a
    // sliver of no duration at its place in the network.
    let plain_page = admin
        .get_html("/projects/SPLT/gantt?remaining_from=start")
        .await;
    for gantt in [&page, &plain_page] {
        assert_eq!(
            gantt.matches("class=\"gantt-bar gantt-done\"").count(),
            1,
            "{gantt}"
        );
        assert!(
            gantt.contains("title=\"Done: worked 2026-11-03 – 2026-11-05\""),
            "{gantt}"
        );
        assert!(gantt.contains("swatch-done\"></span> Done (actual dates)"));
    }
    // From Saturday 28 November the remaining work waits for Monday: a dotted line joins
    // the worked part to it over the weekend.
    let weekend = admin
        .get_html("/projects/SPLT/gantt?remaining_from=2026-11-28")
        .await;
    assert_eq!(weekend.matches("class=\"gantt-actual\"").count(), 1);
    assert_eq!(weekend.matches("class=\"gantt-split\"").count(), 1);
    assert!(weekend.contains("remaining work 2026-11-30 – 2026-11-30"));
}

/// A project without a start date: rescheduled from a status date in the past, its open work
/// starts then (not today); without a status date it still runs from today.
async fn without_a_project_start_the_plan_runs_from_the_status_date(app: TestApp) {
    let admin = app.setup_admin().await;
    let (_, ids) = split_plan(&app, &admin, json!({"key": "NOST", "name": "No start"})).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let plain = admin.get_json("/api/v1/projects/NOST/schedule").await;
    assert_eq!(plain["start_source"], "today");
    let first_day = stamp(first_weekday_from(today).at(8, 0, 0, 0));
    assert_eq!(text(&row(&plain, ids[3]), "start"), first_day);

    // Monday 2 November, in the past: open work starts then, one after the other only where
    // linked (here nothing is), and the plan says where it starts from.
    let body = admin
        .get_json("/api/v1/projects/NOST/schedule?remaining_from=2026-11-02")
        .await;
    assert_eq!(body["start_source"], "status_date");
    assert_eq!(body["start"], "2026-11-02T08:00:00");
    for id in &ids {
        assert_eq!(text(&row(&body, *id), "start"), "2026-11-02T08:00:00");
    }
    // A Sunday status date: the first working instant is Monday's.
    let sunday = admin
        .get_json("/api/v1/projects/NOST/schedule?remaining_from=2026-11-01")
        .await;
    assert_eq!(sunday["start"], "2026-11-02T08:00:00");
    assert_eq!(text(&row(&sunday, ids[3]), "start"), "2026-11-02T08:00:00");
    // Hotfix, created in progress on 2 November 09:00, began after the start of that date.
    assert_eq!(row(&body, ids[2])["split"], false);
}

/// Design (2 d) then Build (2 d), planned from Monday 2 November. Design really ran from
/// Tuesday 3 November 09:00 to Friday 6 November 16:00. Done, it is not critical (MS
/// Project's rule: finished work can delay nothing); its slip against the kick-off baseline
/// is that of its actual dates, and a baseline saved after it keeps those dates.
async fn done_work_counts_at_its_actual_dates_and_is_never_critical(app: TestApp) {
    let admin = app.setup_admin().await;
    let (pid, ids) = split_plan(
        &app,
        &admin,
        json!({"key": "DONE", "name": "Done work", "start_date": "2026-11-02"}),
    )
    .await;
    let (design, build) = (ids[0], ids[1]);
    common::schedule::link(&app.store, design, build, DependencyKind::FinishToStart, 0).await;
    let discovery = admin
        .expect_json(
            admin
                .post("/api/v1/projects/DONE/items")
                .json(&json!({"type": "epic", "title": "Discovery"})),
            201,
        )
        .await;
    let discovery = discovery["id"].as_i64().expect("epic id");
    let under_discovery = json!({"parent": "DONE-5"});
    patch_on(
        &app,
        &admin,
        pid,
        "DONE-1",
        under_discovery,
        date(2026, 11, 2).at(9, 0, 0, 0),
    )
    .await;
    let before = admin.get_json("/api/v1/projects/DONE/schedule").await;
    assert_eq!(row(&before, discovery)["critical"], true, "{before}");
    let kick_off = admin
        .expect_json(
            admin
                .post("/api/v1/projects/DONE/baselines")
                .json(&json!({"name": "Kick-off"})),
            201,
        )
        .await;
    for (status, at) in [
        ("In progress", date(2026, 11, 3).at(9, 0, 0, 0)),
        ("Done", date(2026, 11, 6).at(16, 0, 0, 0)),
    ] {
        patch_on(&app, &admin, pid, "DONE-1", json!({"status": status}), at).await;
    }

    let plan = admin
        .get_json(&format!(
            "/api/v1/projects/DONE/schedule?baseline={}",
            kick_off["id"]
        ))
        .await;
    let d = row(&plan, design);
    assert_eq!(
        (&d["done"], &d["critical"]),
        (&json!(true), &json!(false)),
        "{d}"
    );
    assert_eq!(row(&plan, build)["critical"], true);
    // The epic over nothing but finished work is not critical either.
    assert_eq!(row(&plan, discovery)["critical"], false);
    assert_eq!(plan["critical_paths"], json!([["DONE-2"]]));
    let links = plan["links"].as_array().expect("links");
    assert!(
        links.iter().all(|link| link["critical"] == false),
        "{links:?}"
    );
    // Planned 2 Nov 08:00 – 3 Nov 17:00: started 9 working hours late, finished 23 late.
    assert_eq!(d["baseline_finish"], "2026-11-03T17:00:00");
    assert_eq!(d["start_variance_days"], 1.13, "{d}");
    assert_eq!(d["finish_variance_days"], 2.88, "{d}");

    let after = admin
        .expect_json(
            admin
                .post("/api/v1/projects/DONE/baselines")
                .json(&json!({"name": "After design"})),
            201,
        )
        .await;
    let again = admin
        .get_json(&format!(
            "/api/v1/projects/DONE/schedule?baseline={}",
            after["id"]
        ))
        .await;
    let d = row(&again, design);
    assert_eq!(d["baseline_start"], "2026-11-03T09:00:00", "{d}");
    assert_eq!(d["baseline_finish"], "2026-11-06T16:00:00");
    assert_eq!(d["finish_variance_days"], 0.0);
}

/// Today's date on the server (UTC).
fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// The option of the Gantt's "Plan from" choice that is selected, as its HTML.
fn selected_plan(value: &str) -> String {
    format!("<option value=\"{value}\" selected>")
}

/// The hidden field that makes the baseline form save the rescheduled plan shown.
fn baseline_from(value: &str) -> String {
    format!("<input type=\"hidden\" name=\"remaining_from\" value=\"{value}\">")
}

/// RSCH started on 2 November: its Gantt opens with the open work from today and says so in
/// its "Plan from" choice (ADR 0037); "project start" draws the plain plan, a date the plan
/// from that date, each kept in the baseline form. A project without a start date runs once
/// an item has begun.
async fn a_running_projects_gantt_opens_with_the_remaining_work_from_today(app: TestApp) {
    let plan = plan(&app).await;
    let today = today().to_string();
    let page = plan.admin.get_html("/projects/RSCH/gantt").await;
    assert!(
        page.contains(&format!("Remaining work rescheduled from {today}")),
        "{page}"
    );
    assert!(page.contains(&selected_plan("today")), "{page}");
    assert!(page.contains(&baseline_from("today")), "{page}");
    assert!(page.contains("swatch-today\"></span> Status date"));

    let plain = plan
        .admin
        .get_html("/projects/RSCH/gantt?remaining_from=start")
        .await;
    assert!(!plain.contains("Remaining work rescheduled"), "{plain}");
    assert!(plain.contains(&selected_plan("start")), "{plain}");
    assert!(!plain.contains("type=\"hidden\" name=\"remaining_from\""));
    assert!(plain.contains("swatch-today\"></span> Today"));
    // QA plan, pinned to 3 November, is drawn there only on the plain plan.
    let pinned_day = "QA plan: 2026-11-03 – 2026-11-03";
    assert!(plain.contains(pinned_day), "{plain}");
    assert!(!page.contains(pinned_day), "{page}");

    let dated = plan
        .admin
        .get_html(&format!(
            "/projects/RSCH/gantt?remaining_from={STATUS_DATE}&level=true"
        ))
        .await;
    assert!(dated.contains(&selected_plan(STATUS_DATE)), "{dated}");
    assert!(dated.contains(&baseline_from(STATUS_DATE)));
    assert!(dated.contains("name=\"level\" value=\"true\" checked"));

    split_plan(
        &app,
        &plan.admin,
        json!({"key": "NOST", "name": "No start"}),
    )
    .await;
    let begun = plan.admin.get_html("/projects/NOST/gantt").await;
    assert!(
        begun.contains(&format!("Remaining work rescheduled from {today}")),
        "{begun}"
    );
}

/// Posts the Gantt's "Save baseline" form as the browser does, following its redirect.
async fn save_from_gantt(caller: &Caller, name: &str, remaining_from: Option<&str>) -> String {
    let csrf = caller.csrf_token().unwrap_or_default().to_owned();
    let mut form = vec![("name", name.to_owned()), ("_csrf", csrf)];
    if let Some(value) = remaining_from {
        form.push(("remaining_from", value.to_owned()));
    }
    let response = caller
        .post("/projects/RSCH/baselines")
        .form(&form)
        .send()
        .await
        .expect("POST the baseline");
    assert_eq!(response.status(), 200);
    response.url().to_string()
}

/// A baseline saved from the Gantt records the plan on the screen: from a running
/// project's default view, the open work from today (so nothing has slipped against it
/// today); from "project start", the plain plan. The page comes back with the same choice.
async fn a_baseline_saved_from_the_gantt_is_the_plan_it_shows(app: TestApp) {
    let plan = plan(&app).await;
    let url = save_from_gantt(&plan.admin, "Re-plan", Some("today")).await;
    assert!(url.contains("remaining_from=today"), "{url}");
    let body = rescheduled(&plan.admin, "remaining_from=today").await;
    assert_eq!(body["baseline"]["name"], "Re-plan");
    for id in [plan.a, plan.b, plan.c, plan.p, plan.q, plan.m] {
        assert_eq!(row(&body, id)["finish_variance_days"], 0.0, "{body}");
    }

    let url = save_from_gantt(&plan.admin, "As planned", None).await;
    assert!(url.contains("remaining_from=start"), "{url}");
    let plain = plan.admin.get_json("/api/v1/projects/RSCH/schedule").await;
    assert_eq!(plain["baseline"]["name"], "As planned");
    let b = row(&plain, plan.b);
    assert_eq!(b["baseline_finish"], "2026-11-02T12:00:00", "{b}");
    assert_eq!(b["finish_variance_days"], 0.0);

    // A refused name shows the Gantt again with the choice the form carried.
    let csrf = plan.admin.csrf_token().unwrap_or_default().to_owned();
    let refused = plan
        .admin
        .post("/projects/RSCH/baselines")
        .form(&[
            ("name", String::new()),
            ("remaining_from", STATUS_DATE.to_owned()),
            ("_csrf", csrf),
        ])
        .send()
        .await
        .expect("POST the baseline");
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.expect("HTML");
    assert!(html.contains(&selected_plan(STATUS_DATE)), "{html}");
}

/// A project that starts in a month, or has no start date and nothing begun, opens on the
/// plain plan: rescheduling from today would draw the same chart.
async fn a_project_not_started_opens_on_the_plain_plan(app: TestApp) {
    let admin = app.setup_admin().await;
    let later = today() + jiff::Span::new().days(30);
    for project in [
        json!({"key": "SOON", "name": "Soon", "start_date": later.to_string()}),
        json!({"key": "IDLE", "name": "Idle"}),
    ] {
        let key = project["key"].as_str().expect("key").to_owned();
        app.create_project(&admin, project).await;
        admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/items"))
                    .json(&json!({"type": "task", "title": "Kick-off"})),
                201,
            )
            .await;
        let page = admin.get_html(&format!("/projects/{key}/gantt")).await;
        assert!(!page.contains("Remaining work rescheduled"), "{page}");
        assert!(page.contains(&selected_plan("start")), "{page}");
    }
}
