//! The schedule and forecast APIs: dates equal a direct engine run on the same network,
//! critical path and due-date violations, forecast determinism per seed, clear errors.

mod common;

use common::schedule::{assert_rows_match_engine, item, link, row, team_member};
use common::{TestApp, assert_error, send};
use jiff::civil::date;
use serde_json::{Value, json};
use tandem_core::work::{DependencyKind, ItemType};
use tandem_engine::calendar::{Calendar, CalendarUid, Duration};
use tandem_engine::cpm::{self, Constraint, Lag, Relation, RelationType, Task, TaskUid};

per_backend!(
    schedule_equals_a_direct_engine_run,
    forecast_is_deterministic_for_a_seed,
    pinned_work_waits_in_the_forecast_as_in_the_schedule,
    time_off_moves_work_in_the_forecast_as_in_the_schedule,
    a_start_date_in_time_off_holds_in_the_forecast_as_in_the_schedule,
    a_start_date_after_done_work_holds_in_the_forecast_as_in_the_schedule,
    done_work_and_its_lag_drive_the_forecast_as_the_schedule,
    bad_requests_are_clear_errors,
    earned_value_from_the_schedule_and_progress,
    msproject_export_rereads_with_the_same_dates_and_links,
    holidays_and_time_off_move_work,
    baselines_measure_slip_in_working_days,
    levelling_spreads_one_persons_work,
    levelling_honours_start_links_and_pinned_starts,
    the_levelled_forecast_runs_each_persons_work_in_turn,
);

/// A project starting Monday 23 November 2026: epic E {A (2 d) → B (1 d)} → milestone M
/// (due 24 Nov, too early), and D (4 h) on its own.
async fn plan(app: &TestApp) -> (common::Caller, [i64; 5]) {
    let admin = app.setup_admin().await;
    app.create_project(
            &admin,
            json!({"key": "PLAN", "name": "Plan", "start_date": "2026-11-23", "target_launch_date": "2026-12-04"}),
        )
        .await;
    let pid = app.store.project_by_key("PLAN").await.expect("project").id;
    let store = &app.store;
    let epic = item(store, pid, ItemType::Epic, "Checkout", None, None).await;
    let a = item(store, pid, ItemType::Task, "Build A", Some(960), Some(epic)).await;
    let b = item(store, pid, ItemType::Task, "Build B", Some(480), Some(epic)).await;
    let m = item(store, pid, ItemType::Milestone, "Launch", None, None).await;
    let d = item(store, pid, ItemType::Task, "Docs", Some(240), None).await;
    let patch = tandem_store::ItemPatch {
        due_date: Some(Some("2026-11-24".to_owned())),
        ..Default::default()
    };
    store
        .update_item(m, &patch, 1, None)
        .await
        .expect("due date");
    link(store, a, b, DependencyKind::FinishToStart, 0).await;
    link(store, epic, m, DependencyKind::FinishToStart, 1).await;
    (admin, [epic, a, b, m, d])
}

async fn schedule_equals_a_direct_engine_run(app: TestApp) {
    let (admin, [epic, a, b, m, d]) = plan(&app).await;
    let body = admin.get_json("/api/v1/projects/PLAN/schedule").await;

    // The same network, written by hand for the engine.
    let uid = |n| TaskUid(n);
    let mut tasks = vec![
        Task::new(uid(1), "E", Duration::Working(0)),
        Task::new(uid(2), "A", Duration::Working(960)),
        Task::new(uid(3), "B", Duration::Working(480)),
        Task::new(uid(4), "M", Duration::Working(0)),
        Task::new(uid(5), "D", Duration::Working(240)),
    ];
    tasks[1].parent = Some(uid(1));
    tasks[2].parent = Some(uid(1));
    tasks[3].constraint = Constraint::FinishNoLaterThan(date(2026, 11, 24).at(17, 0, 0, 0));
    let project = cpm::Project {
        start: date(2026, 11, 23).at(8, 0, 0, 0),
        calendar: CalendarUid(1),
        calendars: vec![Calendar::standard(CalendarUid(1))],
        units: Default::default(),
        tasks,
        relations: vec![
            Relation {
                predecessor: uid(2),
                successor: uid(3),
                kind: RelationType::FinishStart,
                lag: Lag::Working(0),
            },
            Relation {
                predecessor: uid(1),
                successor: uid(4),
                kind: RelationType::FinishStart,
                lag: Lag::Working(480),
            },
        ],
    };
    let engine = cpm::schedule(&project).expect("the engine schedules it");
    assert_rows_match_engine(&body, &[epic, a, b, m, d], &engine);
    let by_id = |id: i64| row(&body, id);
    assert_eq!(by_id(b)["summary"], false);
    assert_eq!(by_id(epic)["summary"], true);
    assert_eq!(by_id(d)["critical"], false);
    let paths = body["critical_paths"].as_array().expect("paths");
    assert!(
        paths.iter().any(|p| p == &json!(["PLAN-2", "PLAN-3"])),
        "critical paths {paths:?}"
    );
    let violation = &body["violations"][0];
    assert_eq!(violation["key"], "PLAN-4", "{}", by_id(m));
    assert_eq!(violation["logic_finish"], "2026-11-26T17:00:00");
    assert_eq!(violation["due_date"], "2026-11-24");
    // A (2 d) + B (1 d) + 1 d lag end Thursday evening: two working days late.
    assert_eq!(violation["late_by_days"], 2.0);
}

async fn forecast_is_deterministic_for_a_seed(app: TestApp) {
    let (admin, [_, a, ..]) = plan(&app).await;
    let patch = tandem_store::ItemPatch {
        optimistic_minutes: Some(Some(480)),
        most_likely_minutes: Some(Some(960)),
        pessimistic_minutes: Some(Some(2400)),
        estimate_minutes: Some(None),
        ..Default::default()
    };
    app.store
        .update_item(a, &patch, 1, None)
        .await
        .expect("three points");
    let path = "/api/v1/projects/PLAN/forecast?trials=2000&seed=42";
    let first = admin.get_json(path).await;
    let again = admin.get_json(path).await;
    assert_eq!(first, again, "same seed, same forecast");
    assert_eq!(first["mode"], "network");
    assert_eq!(first["trials"], 2000);
    let p50 = first["finish"]["p50"].as_str().expect("p50");
    let p95 = first["finish"]["p95"].as_str().expect("p95");
    assert!(p50 <= p95, "{p50} <= {p95}");
    let launch = &first["milestones"][0];
    assert_eq!(launch["key"], "PLAN-4");
    // Due the day after the start with at least 3 days of work before it: never met.
    assert_eq!(launch["probability"], 0.0);
    let target = first["target_probability"]
        .as_f64()
        .expect("target probability");
    assert!((0.0..=1.0).contains(&target));
    let counted: u64 = first["histogram"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(counted, 2000);
    let a_index = first["criticality"]
        .as_array()
        .expect("criticality")
        .iter()
        .find(|c| c["key"] == "PLAN-2")
        .expect("A's criticality");
    assert_eq!(
        a_index["criticality"], 1.0,
        "A drives the finish in every trial"
    );
}

/// With fixed estimates there is no uncertainty: every trial is the schedule. An item pinned
/// to a later start must wait for it in the forecast as it does in the schedule. (The
/// launch's deadline is cleared: the schedule honours it as a constraint, while the forecast
/// measures the chance of meeting it.)
async fn pinned_work_waits_in_the_forecast_as_in_the_schedule(app: TestApp) {
    let (admin, [_, a, _, m, _]) = plan(&app).await;
    let no_deadline = tandem_store::ItemPatch {
        due_date: Some(None),
        ..Default::default()
    };
    app.store
        .update_item(m, &no_deadline, 2, None)
        .await
        .expect("no deadline");
    let monday = monday_ahead();
    let patch = tandem_store::ItemPatch {
        start_date: Some(Some(monday.to_string())),
        ..Default::default()
    };
    app.store
        .update_item(a, &patch, 1, None)
        .await
        .expect("pinned");
    let schedule = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    let forecast = admin
        .get_json("/api/v1/projects/PLAN/forecast?trials=50&seed=7")
        .await;
    assert_eq!(forecast["mode"], "network");
    assert_eq!(row(&schedule, a)["start"], format!("{monday}T08:00:00"));
    assert_eq!(forecast["finish"]["p50"], schedule["finish"], "{forecast}");
    assert_eq!(forecast["finish"]["p95"], schedule["finish"]);
    // Fixed estimates have no spread: the page says so instead of drawing one bar.
    let page = admin
        .get("/projects/PLAN/forecast")
        .send()
        .await
        .expect("page");
    let page = page.text().await.expect("page text");
    assert!(page.contains("id=\"no-spread\""), "{page}");
    assert!(!page.contains("fc-bar"), "{page}");
    // A drives the finish in every trial; Docs, with float in every trial, is not listed
    // as "most often critical".
    assert!(
        page.contains("<span class=\"key\">PLAN-2</span> Build A"),
        "{page}"
    );
    assert!(
        !page.contains("<span class=\"key\">PLAN-5</span>"),
        "{page}"
    );
}

/// A Monday four to five weeks ahead: a project start the forecast's status date (today or
/// the project start, whichever is later) equals.
fn monday_ahead() -> jiff::civil::Date {
    let today = jiff::Zoned::now().date();
    (1..=7)
        .map(|n| today + jiff::Span::new().days(28 + n))
        .find(|day| day.weekday() == jiff::civil::Weekday::Monday)
        .expect("a Monday within a week")
}

/// Project PLAN starting on [`monday_ahead`], and its id.
async fn project_from_a_monday(app: &TestApp, admin: &common::Caller) -> (jiff::civil::Date, i64) {
    let monday = monday_ahead();
    app.create_project(
        admin,
        json!({"key": "PLAN", "name": "Plan", "start_date": monday.to_string()}),
    )
    .await;
    let pid = app.store.project_by_key("PLAN").await.expect("project").id;
    (monday, pid)
}

/// Tasks Design, Build and Docs of the given minutes and milestone Launch in project
/// `pid`, unlinked.
async fn design_build_docs_launch(
    store: &tandem_store::Store,
    pid: i64,
    [design, build, docs]: [i64; 3],
) -> [i64; 4] {
    [
        item(store, pid, ItemType::Task, "Design", Some(design), None).await,
        item(store, pid, ItemType::Task, "Build", Some(build), None).await,
        item(store, pid, ItemType::Task, "Docs", Some(docs), None).await,
        item(store, pid, ItemType::Milestone, "Launch", None, None).await,
    ]
}

/// Mei, a member of PLAN's team, away over each `(from, to)` range of days.
async fn mei_away(
    app: &TestApp,
    admin: &common::Caller,
    absences: &[(jiff::civil::Date, jiff::civil::Date)],
) -> common::Person {
    let mei = team_member(app, admin, "PLAN", "mei@example.com").await;
    for (from, to) in absences {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/PLAN/time-off")
                    .json(&json!({"user": mei.id, "from": from.to_string(), "to": to.to_string()})),
                201,
            )
            .await;
    }
    mei
}

/// The forecast of PLAN from `monday` with fixed estimates: its percentiles are the
/// schedule's finish, and milestone `m`'s are the milestone's.
async fn forecast_gives_the_schedules_dates(
    admin: &common::Caller,
    schedule: &Value,
    monday: jiff::civil::Date,
    m: i64,
) {
    let forecast = admin
        .get_json("/api/v1/projects/PLAN/forecast?trials=50&seed=7")
        .await;
    assert_eq!(forecast["mode"], "network");
    assert_eq!(forecast["status_date"], format!("{monday}T08:00:00"));
    for percentile in ["p50", "p85", "p95"] {
        assert_eq!(
            forecast["finish"][percentile], schedule["finish"],
            "{percentile}: {forecast}"
        );
    }
    let launch = &forecast["milestones"][0];
    assert_eq!(launch["item_id"], m);
    assert_eq!(launch["p50"], row(schedule, m)["finish"]);
    assert_eq!(launch["p85"], row(schedule, m)["finish"]);
}

/// Mei's week off (Thursday to the next Wednesday) and a Monday later: B, hers, stops for
/// the week; the milestone's lag, counted on her calendar, skips the Monday. With fixed
/// estimates the forecast's percentiles are the schedule's dates.
async fn time_off_moves_work_in_the_forecast_as_in_the_schedule(app: TestApp) {
    let admin = app.setup_admin().await;
    let (monday, pid) = project_from_a_monday(&app, &admin).await;
    let day = |n: i64| monday + jiff::Span::new().days(n);
    let store = &app.store;
    let [a, b, c, m] = design_build_docs_launch(store, pid, [960, 1_440, 240]).await;
    link(store, a, b, DependencyKind::FinishToStart, 0).await;
    link(store, b, c, DependencyKind::StartToStart, 0).await;
    link(store, b, m, DependencyKind::FinishToStart, 1).await;
    let mei = mei_away(&app, &admin, &[(day(3), day(9)), (day(14), day(14))]).await;
    let hers = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    for id in [b, m] {
        store.update_item(id, &hers, 1, None).await.expect("assign");
    }

    let schedule = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    // B: Wednesday, then Thursday and Friday after the week off.
    assert_eq!(row(&schedule, b)["start"], format!("{}T08:00:00", day(2)));
    assert_eq!(row(&schedule, b)["finish"], format!("{}T17:00:00", day(11)));
    assert_eq!(row(&schedule, c)["finish"], format!("{}T12:00:00", day(2)));
    // A working day of lag on Mei's calendar: not the Monday she is away.
    assert_eq!(row(&schedule, m)["finish"], format!("{}T17:00:00", day(15)));
    assert_eq!(schedule["finish"], format!("{}T17:00:00", day(15)));

    forecast_gives_the_schedules_dates(&admin, &schedule, monday, m).await;
}

/// Mei is away Wednesday and Thursday; Build (hers, two days, after Design) is pinned to
/// start on that Wednesday. The schedule keeps the start on the date and runs the work on
/// Friday and Monday; Docs, started with Build, runs Wednesday to Friday, and Launch after
/// it is on Friday evening. With fixed estimates the forecast gives the same dates.
async fn a_start_date_in_time_off_holds_in_the_forecast_as_in_the_schedule(app: TestApp) {
    start_date_in_time_off(app, false).await;
}

/// The same plan with Design already done: Build is still driven by it (the schedule
/// places done work where its links put it, taking no time), so its start date holds in
/// the forecast too instead of moving past Mei's days off.
async fn a_start_date_after_done_work_holds_in_the_forecast_as_in_the_schedule(app: TestApp) {
    start_date_in_time_off(app, true).await;
}

/// Design done one day after it starts: with a lag of two working days, Build waits for
/// Wednesday in the schedule and in the forecast; a done item linked to nothing changes
/// nothing.
async fn done_work_and_its_lag_drive_the_forecast_as_the_schedule(app: TestApp) {
    let admin = app.setup_admin().await;
    let (monday, pid) = project_from_a_monday(&app, &admin).await;
    let day = |n: i64| monday + jiff::Span::new().days(n);
    let store = &app.store;
    let [a, b, c, m] = design_build_docs_launch(store, pid, [480, 960, 240]).await;
    link(store, a, b, DependencyKind::FinishToStart, 2).await;
    link(store, b, m, DependencyKind::FinishToStart, 0).await;
    mark_done(store, pid, a).await;
    mark_done(store, pid, c).await;

    let schedule = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&schedule, b)["start"], format!("{}T08:00:00", day(2)));
    assert_eq!(schedule["finish"], format!("{}T17:00:00", day(3)));
    forecast_gives_the_schedules_dates(&admin, &schedule, monday, m).await;
}

/// Moves item `id` of project `pid` (still at version 1) to a done status.
async fn mark_done(store: &tandem_store::Store, pid: i64, id: i64) {
    let workflow = store.workflow(pid).await.expect("workflow");
    let done = workflow
        .statuses
        .iter()
        .find(|s| s.category == tandem_core::work::StatusCategory::Done)
        .expect("a done status");
    let patch = tandem_store::ItemPatch {
        status_id: Some(done.id),
        ..Default::default()
    };
    store.update_item(id, &patch, 1, None).await.expect("done");
}

/// See [`a_start_date_in_time_off_holds_in_the_forecast_as_in_the_schedule`]; with
/// `design_done`, Design is done.
async fn start_date_in_time_off(app: TestApp, design_done: bool) {
    let admin = app.setup_admin().await;
    let (monday, pid) = project_from_a_monday(&app, &admin).await;
    let day = |n: i64| monday + jiff::Span::new().days(n);
    let store = &app.store;
    let [a, b, c, m] = design_build_docs_launch(store, pid, [480, 960, 1_440]).await;
    link(store, a, b, DependencyKind::FinishToStart, 0).await;
    link(store, b, c, DependencyKind::StartToStart, 0).await;
    link(store, c, m, DependencyKind::FinishToStart, 0).await;
    let mei = mei_away(&app, &admin, &[(day(2), day(3))]).await;
    let pinned_and_hers = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        start_date: Some(Some(day(2).to_string())),
        ..Default::default()
    };
    store
        .update_item(b, &pinned_and_hers, 1, None)
        .await
        .expect("pinned and assigned");
    if design_done {
        mark_done(store, pid, a).await;
    }

    let schedule = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&schedule, b)["start"], format!("{}T08:00:00", day(2)));
    assert_eq!(row(&schedule, b)["finish"], format!("{}T17:00:00", day(7)));
    assert_eq!(row(&schedule, c)["finish"], format!("{}T17:00:00", day(4)));
    assert_eq!(row(&schedule, m)["finish"], format!("{}T17:00:00", day(4)));
    assert_eq!(schedule["finish"], format!("{}T17:00:00", day(7)));

    forecast_gives_the_schedules_dates(&admin, &schedule, monday, m).await;
}

async fn bad_requests_are_clear_errors(app: TestApp) {
    let (admin, _) = plan(&app).await;
    let (status, body) = send(admin.get("/api/v1/projects/PLAN/forecast?trials=0")).await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "trials");
    let (status, body) = send(admin.get("/api/v1/projects/NOPE/schedule")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    let (status, _) = send(app.anonymous().get("/api/v1/projects/PLAN/schedule")).await;
    assert_eq!(status, 401);
}

async fn earned_value_from_the_schedule_and_progress(app: TestApp) {
    let (admin, [_, a, ..]) = plan(&app).await;
    let (status, _) = send(
        admin
            .patch("/api/v1/projects/PLAN")
            .header("If-Match", "\"1\"")
            .json(&json!({"budget": {"amount": 16800, "currency": "EUR"}})),
    )
    .await;
    assert_eq!(status, 200, "budget set");
    let pid = app.store.project_by_key("PLAN").await.expect("project").id;
    mark_done(&app.store, pid, a).await;

    // Work: A 960 + B 480 + D 240 = 1,680 minutes for 16,800 EUR, 10 EUR a minute.
    // By Tuesday evening A (Mon–Tue) and D (Monday) were planned; A is done.
    let body = admin
        .get_json("/api/v1/projects/PLAN/evm?date=2026-11-24")
        .await;
    assert_eq!(body["pv_source"], "current_schedule");
    assert_eq!(body["unit"], "EUR");
    assert_eq!(body["actual_cost_available"], true);
    assert_eq!(body["actual_cost"], 0.0);
    assert_eq!(body["budget_at_completion"], 16800.0);
    assert_eq!(body["planned_value"], 12000.0);
    assert_eq!(body["earned_value"], 9600.0);
    assert_eq!(body["spi"], 0.8);
    assert_eq!(body["cpi"], Value::Null, "nothing spent yet");
    assert_eq!(body["eac"], Value::Null, "no EAC at CPI without cost");

    // Actual cost: an expense of 1,200 EUR on Monday and 8 h of Jonas at 100 EUR on Tuesday.
    let jonas = app.member(&admin, "jonas@example.com").await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/members")
                .json(&json!({"user": jonas.id, "role": "member"})),
            201,
        )
        .await;
    admin
        .expect_json(
            admin
                .patch(&format!(
                    "/api/v1/projects/PLAN/members/{}/profile",
                    jonas.id
                ))
                .header("If-Match", "0")
                .json(&json!({"hourly_rate": 100})),
            200,
        )
        .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/expenses")
                .json(&json!({"date": "2026-11-23", "amount": 1200, "description": "Licences"})),
            201,
        )
        .await;
    jonas
        .caller
        .expect_json(
            jonas
                .caller
                .post("/api/v1/projects/PLAN/time-entries")
                .json(&json!({"date": "2026-11-24", "duration": "8h", "item_id": a})),
            201,
        )
        .await;
    let monday = admin
        .get_json("/api/v1/projects/PLAN/evm?date=2026-11-23")
        .await;
    assert_eq!(monday["actual_cost"], 1200.0, "{monday}");
    let body = admin
        .get_json("/api/v1/projects/PLAN/evm?date=2026-11-24")
        .await;
    assert_eq!(body["actual_cost"], 2000.0, "{body}");
    assert_eq!(body["cpi"], 4.8);
    // EAC at CPI = BAC / CPI; at budget rate = AC + BAC − EV.
    let close = |field: &str, expected: f64| {
        let got = body[field].as_f64().expect(field);
        assert!((got - expected).abs() < 1e-6, "{field}: {got} ≠ {expected}");
    };
    close("eac", 3500.0);
    close("eac_budget_rate", 2000.0 + 16800.0 - 9600.0);
    close("tcpi", (16800.0 - 9600.0) / (16800.0 - 2000.0));

    // The web page shows the figures of a chosen status date, as the API counts them, and
    // today's without one; a date it cannot read is a message on the page.
    let shows = |page: &str, evm: &Value| {
        [
            ("pv", "planned_value"),
            ("ev", "earned_value"),
            ("ac", "actual_cost"),
        ]
        .iter()
        .all(|(id, field)| {
            let value = evm[field].as_f64().unwrap_or(f64::NAN);
            page.contains(&format!(r#"id="{id}">{value:.0}<"#))
        })
    };
    let page = admin.get_html("/projects/PLAN/evm?date=2026-11-23").await;
    assert!(
        page.contains(r#"<span id="status-date">2026-11-23</span></h1>"#),
        "{page}"
    );
    assert!(shows(&page, &monday), "{page}");
    let now = admin.get_json("/api/v1/projects/PLAN/evm").await;
    assert_ne!(now["planned_value"], monday["planned_value"], "{now}");
    let page = admin.get_html("/projects/PLAN/evm").await;
    let today = format!(
        r#"<span id="status-date">{}</span> <span class="muted">(today)</span>"#,
        now["status_date"].as_str().unwrap_or_default()
    );
    assert!(page.contains(&today) && shows(&page, &now), "{page}");
    let refused = admin
        .get("/projects/PLAN/evm?date=soon")
        .send()
        .await
        .expect("the page");
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("HTML");
    assert!(
        page.contains("Status date: must be a date like 2026-11-23"),
        "{page}"
    );
    assert!(page.contains(&today), "{page}");

    // Saved as a baseline, planned value comes from it (same dates: same value).
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/baselines")
                .json(&json!({"name": "Approved"})),
            201,
        )
        .await;
    let body = admin
        .get_json("/api/v1/projects/PLAN/evm?date=2026-11-24")
        .await;
    assert_eq!(body["pv_source"], "baseline");
    assert_eq!(body["baseline_name"], "Approved");

    let series = admin.get_json("/api/v1/projects/PLAN/evm/series").await;
    let points = series["points"].as_array().expect("points");
    assert_eq!(
        points[0]["date"], "2026-11-27",
        "the first week ends on Friday"
    );
    assert_eq!(points[0]["planned_value"], 16800.0);
    assert_eq!(points[0]["actual_cost"], 2000.0, "AC by the week's end");

    // Costs are internal: a client contact of the project's client gets 403.
    let client_id = app.create_client(&admin, "Northwind").await;
    let version = admin.get_json("/api/v1/projects/PLAN").await["version"].clone();
    let (status, _) = send(
        admin
            .patch("/api/v1/projects/PLAN")
            .header("If-Match", format!("\"{version}\""))
            .json(&json!({"client_id": client_id})),
    )
    .await;
    assert_eq!(status, 200, "client set");
    let clara = app
        .client_contact(&admin, "clara@northwind.test", client_id)
        .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/members")
                .json(&json!({"user": clara.id, "role": "client"})),
            201,
        )
        .await;
    // She sees the schedule (no cost in it), not the earned value.
    let (status, _) = send(clara.caller.get("/api/v1/projects/PLAN/schedule")).await;
    assert_eq!(status, 200);
    let (status, body) = send(clara.caller.get("/api/v1/projects/PLAN/evm")).await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = send(clara.caller.get("/api/v1/projects/PLAN/evm/series")).await;
    assert_eq!(status, 403);
    // Risks: an internal critical one owned by Jonas, a shared low one, a closed one.
    for risk in [
        json!({"title": "Payment provider late", "probability": 4, "impact": 5, "owner": jonas.id}),
        json!({"title": "Copy not ready", "probability": 2, "impact": 2, "visibility": "shared"}),
        json!({"title": "Old worry", "probability": 5, "impact": 5, "status": "closed"}),
    ] {
        admin
            .expect_json(admin.post("/api/v1/projects/PLAN/risks").json(&risk), 201)
            .await;
    }
    let markdown_of = |caller: &common::Caller| {
        let request = caller.get("/api/v1/projects/PLAN/status-report?format=markdown");
        async move {
            let response = request.send().await.expect("markdown");
            response.text().await.expect("text")
        }
    };
    // The status report leaves the budget out for her, not for staff, and names only the
    // risks shared with her.
    let report = clara
        .caller
        .get_json("/api/v1/projects/PLAN/status-report")
        .await;
    assert!(report.get("budget").is_none(), "{report}");
    for cost in ["actual_cost", "burn", "cpi", "earned_value"] {
        assert!(!report.to_string().contains(cost), "{cost}: {report}");
    }
    assert_eq!(report["items_done"], 1);
    // With A done, B (Mon) and the day of lag (Tue) meet the launch's due date.
    assert_eq!(report["slipping_milestones"], json!([]));
    assert_eq!(report["open_risks"], 1);
    assert_eq!(report["risks"][0]["title"], "Copy not ready");
    let markdown = markdown_of(&clara.caller).await;
    assert!(markdown.contains("- Copy not ready (exposure 4, low; open; owner: nobody)"));
    assert!(!markdown.contains("Payment provider"), "{markdown}");
    let page = clara.caller.get_html("/projects/PLAN/status").await;
    assert!(page.contains("Copy not ready"), "{page}");
    for cost in ["## Budget", "Actual cost", "Burn", "CPI"] {
        assert!(!markdown.contains(cost), "{cost}: {markdown}");
        assert!(!page.contains(cost), "{cost}: {page}");
    }

    let report = admin.get_json("/api/v1/projects/PLAN/status-report").await;
    assert_eq!(report["budget"]["unit"], "EUR");
    assert!(
        report["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .all(|note| !note.to_string().contains("risk")),
        "{report}"
    );
    // Open risks by exposure, with owner and status; the closed one is left out.
    assert_eq!(report["open_risks"], 2);
    let risks = report["risks"].as_array().expect("risks");
    let titles: Vec<&str> = risks.iter().filter_map(|r| r["title"].as_str()).collect();
    assert_eq!(titles, ["Payment provider late", "Copy not ready"]);
    assert_eq!(risks[0]["exposure"], 20);
    assert_eq!(risks[0]["status"], "open");
    assert_eq!(risks[0]["owner"]["id"], jonas.id);
    // The launch waits for the unfinished epic: the report's roadblocks are the register's.
    let roadblocks = admin.get_json("/api/v1/projects/PLAN/roadblocks").await;
    assert_eq!(report["roadblocks"], roadblocks);
    assert_eq!(report["roadblocks"][0]["title"], "Launch");
    assert_eq!(report["blocked_items"], 1);
    // Actual cost and CPI are the earned value's; burn is the portfolio's: spent over budget.
    let evm_now = admin.get_json("/api/v1/projects/PLAN/evm").await;
    assert_eq!(report["budget"]["actual_cost"], evm_now["actual_cost"]);
    assert_eq!(report["budget"]["cpi"], evm_now["cpi"]);
    let burn = report["budget"]["burn"].as_f64().expect("burn");
    assert!((burn - 2000.0 / 16800.0).abs() < 1e-9, "{report}");
    let markdown = markdown_of(&admin).await;
    assert!(markdown.starts_with("# Status: Plan (PLAN)"), "{markdown}");
    assert!(markdown.contains("- Done: 1\n- Open: 3"), "{markdown}");
    assert!(markdown.contains("## Budget"), "{markdown}");
    assert!(
        markdown.contains("- Payment provider late (exposure 20, critical; open; owner: "),
        "{markdown}"
    );
    assert!(
        markdown.contains("## Roadblocks\n\n- PLAN-4 Launch: blocked for "),
        "{markdown}"
    );
    assert!(
        markdown.contains("- Burn: 12 % of the budget"),
        "{markdown}"
    );
    assert!(markdown.contains("- Actual cost: "), "{markdown}");
    let page = admin.get_html("/projects/PLAN/status").await;
    for shown in [
        "Payment provider late",
        "Actual cost: ",
        "Burn: 12 % of the budget",
        r#"<a class="key" href="/items/PLAN-4">PLAN-4</a> Launch: blocked for "#,
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (status, body) = send(admin.get("/api/v1/projects/PLAN/evm?date=soon")).await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "date");
}

async fn msproject_export_rereads_with_the_same_dates_and_links(app: TestApp) {
    let (admin, [epic, a, b, m, d]) = plan(&app).await;
    let schedule = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    let response = admin
        .get("/api/v1/projects/PLAN/export/msproject")
        .send()
        .await
        .expect("export");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/xml");
    let xml = response.text().await.expect("xml");
    let project = tandem_interop::mspdi::read(&xml).expect("the export reads back");
    assert_eq!(project.tasks.len(), 5);
    let stamp = |dt: Option<jiff::civil::DateTime>| {
        dt.expect("scheduled")
            .strftime("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    for (task, id) in project.tasks.iter().zip([epic, a, b, m, d]) {
        let row = schedule["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["id"] == id)
            .expect("item");
        assert_eq!(stamp(task.start), row["start"], "{row}");
        assert_eq!(stamp(task.finish), row["finish"], "{row}");
        assert_eq!(task.summary, row["summary"] == true);
        assert_eq!(task.milestone, row["milestone"] == true);
    }
    // A → B (FS) and the epic → launch (FS, one day of lag = 4,800 tenths of a minute).
    let links: Vec<(i32, i32, i64)> = project
        .tasks
        .iter()
        .flat_map(|t| {
            t.predecessors
                .iter()
                .map(move |p| (p.predecessor_uid, t.uid, p.lag.amount))
        })
        .collect();
    assert_eq!(links, vec![(2, 3, 0), (1, 4, 4800)]);
    // Scheduling the file again with the engine gives the same dates.
    let mut reread = project.clone();
    tandem_interop::mspdi::schedule(&mut reread).expect("schedules");
    for (before, after) in project.tasks.iter().zip(&reread.tasks) {
        assert_eq!(before.start, after.start);
        assert_eq!(before.finish, after.finish);
    }
}

async fn holidays_and_time_off_move_work(app: TestApp) {
    let (admin, [_, _, b, _, d]) = plan(&app).await;
    let before = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&before, b)["finish"], "2026-11-25T17:00:00");
    assert_eq!(row(&before, d)["finish"], "2026-11-23T12:00:00");

    // Wednesday 25 November becomes a holiday: B (after A's Monday–Tuesday) moves to Thursday.
    let day = json!([["08:00", "12:00"], ["13:00", "17:00"]]);
    admin
        .expect_json(
            admin
                .request(reqwest::Method::PUT, "/api/v1/projects/PLAN/calendar")
                .header("If-Match", "0")
                .json(&json!({
                    "work_week": {"monday": day, "tuesday": day, "wednesday": day,
                                  "thursday": day, "friday": day},
                    "exceptions": [{"name": "Founders' day", "from": "2026-11-25"}],
                })),
            200,
        )
        .await;
    // Mei is off on Monday 23 November: D, assigned to her, moves to Tuesday morning.
    let mei = team_member(&app, &admin, "PLAN", "mei@example.com").await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/time-off")
                .json(&json!({"user": mei.id, "from": "2026-11-23", "note": "Dentist"})),
            201,
        )
        .await;
    let patch = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    app.store
        .update_item(d, &patch, 1, None)
        .await
        .expect("assign D");

    let after = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&after, b)["start"], "2026-11-26T08:00:00");
    assert_eq!(row(&after, b)["finish"], "2026-11-26T17:00:00");
    assert_eq!(row(&after, d)["start"], "2026-11-24T08:00:00");
    assert_eq!(row(&after, d)["finish"], "2026-11-24T12:00:00");
    // The launch's due date now falls further behind.
    let late = &after["violations"][0];
    assert_eq!(late["logic_finish"], "2026-11-27T17:00:00", "{late}");
    assert_eq!(late["late_by_days"], 2.0, "the holiday is no working day");
}

async fn baselines_measure_slip_in_working_days(app: TestApp) {
    let (admin, [_, a, b, m, d]) = plan(&app).await;
    assert_eq!(
        admin.get_json("/api/v1/projects/PLAN/baselines").await,
        json!([])
    );
    let (status, body) = send(
        admin
            .post("/api/v1/projects/PLAN/baselines")
            .json(&json!({"name": "  "})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "name");
    let first = admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/baselines")
                .json(&json!({"name": "Kick-off"})),
            201,
        )
        .await;
    assert_eq!(first["name"], "Kick-off");
    assert_eq!(first["item_count"], 5);
    assert_eq!(first["created_by"], "Ada Admin");

    let same = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(same["baseline"]["name"], "Kick-off");
    assert_eq!(row(&same, b)["baseline_finish"], "2026-11-25T17:00:00");
    assert_eq!(row(&same, b)["finish_variance_days"], 0.0);

    // A grows by half a day: B starts and finishes half a day late; D does not move.
    let patch = tandem_store::ItemPatch {
        estimate_minutes: Some(Some(1200)),
        ..Default::default()
    };
    app.store
        .update_item(a, &patch, 1, None)
        .await
        .expect("re-estimate A");
    let late = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&late, b)["start_variance_days"], 0.5);
    assert_eq!(row(&late, b)["finish_variance_days"], 0.5);
    assert_eq!(row(&late, d)["finish_variance_days"], 0.0);
    // The milestone is pinned by its due date (finish no later than 24 Nov): no slip.
    assert_eq!(
        row(&late, m)["finish_variance_days"],
        0.0,
        "{}",
        row(&late, m)
    );

    let second = admin
        .expect_json(
            admin
                .post("/api/v1/projects/PLAN/baselines")
                .json(&json!({"name": "Re-plan"})),
            201,
        )
        .await;
    let list = admin.get_json("/api/v1/projects/PLAN/baselines").await;
    assert_eq!(list[0]["name"], "Re-plan", "newest first: {list}");
    let latest = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&latest, b)["finish_variance_days"], 0.0);
    let against_first = admin
        .get_json(&format!(
            "/api/v1/projects/PLAN/schedule?baseline={}",
            first["id"]
        ))
        .await;
    assert_eq!(against_first["baseline"]["name"], "Kick-off");
    assert_eq!(row(&against_first, b)["finish_variance_days"], 0.5);
    let (status, body) = send(admin.get("/api/v1/projects/PLAN/schedule?baseline=999999")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");

    // Members may read baselines but not save or delete them.
    let mei = team_member(&app, &admin, "PLAN", "mei@example.com").await;
    let (status, _) = send(
        mei.caller
            .post("/api/v1/projects/PLAN/baselines")
            .json(&json!({"name": "Mine"})),
    )
    .await;
    assert_eq!(status, 403);
    let path = format!("/api/v1/baselines/{}", second["id"]);
    let (status, _) = send(mei.caller.delete(&path)).await;
    assert_eq!(status, 403);
    let (status, _) = send(admin.delete(&path)).await;
    assert_eq!(status, 204);
    let (status, _) = send(admin.delete(&path)).await;
    assert_eq!(status, 404);
    let list = mei.caller.get_json("/api/v1/projects/PLAN/baselines").await;
    assert_eq!(list.as_array().expect("list").len(), 1);
    let health = app
        .store
        .latest_baseline(app.store.project_by_key("PLAN").await.expect("project").id)
        .await
        .expect("latest")
        .expect("one left");
    assert_eq!(health.baseline.name, "Kick-off");
    assert_eq!(health.items.len(), 5);
}

async fn levelling_spreads_one_persons_work(app: TestApp) {
    let (admin, [_, a, _, _, d]) = plan(&app).await;
    let mei = team_member(&app, &admin, "PLAN", "mei@example.com").await;
    let patch = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    for id in [a, d] {
        app.store
            .update_item(id, &patch, 1, None)
            .await
            .expect("assign to Mei");
    }
    // Without levelling Mei does A (Monday–Tuesday) and D (Monday morning) at once.
    let plain = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(plain["levelled"], false);
    assert_eq!(row(&plain, d)["start"], "2026-11-23T08:00:00");
    // Levelled, the critical A goes first and D waits for Wednesday.
    let levelled = admin
        .get_json("/api/v1/projects/PLAN/schedule?level=true")
        .await;
    assert_eq!(levelled["levelled"], true);
    assert_eq!(row(&levelled, a)["start"], "2026-11-23T08:00:00");
    assert_eq!(row(&levelled, a)["delayed_by_levelling"], false);
    assert_eq!(row(&levelled, d)["start"], "2026-11-25T08:00:00");
    // Four hours of work: the critical path runs it in the morning.
    assert_eq!(row(&levelled, d)["finish"], "2026-11-25T12:00:00");
    assert_eq!(row(&levelled, d)["levelling_delay_days"], 2.0);
    assert_eq!(row(&levelled, d)["delayed_by_levelling"], true);
    let (status, body) = send(admin.get("/api/v1/projects/PLAN/schedule?level=maybe")).await;
    assert_eq!(status, 400, "{body}");
}

/// Mei has A (Mon–Tue, critical), D (4 h, may start a day after A starts: start-to-start
/// with a 1-day lag) and P (1 d, pinned to Wednesday). Levelled, D waits for Mei
/// (Wednesday morning) and P keeps its pin but waits for D (Wednesday 13:00, the next
/// hour Mei is free): never before the link or the pin, never two items at once.
async fn levelling_honours_start_links_and_pinned_starts(app: TestApp) {
    let (admin, [_, a, _, _, d]) = plan(&app).await;
    let mei = team_member(&app, &admin, "PLAN", "mei@example.com").await;
    let pid = app.store.project_by_key("PLAN").await.expect("project").id;
    let p = item(&app.store, pid, ItemType::Task, "Pinned", Some(480), None).await;
    link(&app.store, a, d, DependencyKind::StartToStart, 1).await;
    let assign = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    for id in [a, d] {
        app.store
            .update_item(id, &assign, 1, None)
            .await
            .expect("assign to Mei");
    }
    let pin = tandem_store::ItemPatch {
        start_date: Some(Some("2026-11-25".to_owned())),
        ..assign
    };
    app.store
        .update_item(p, &pin, 1, None)
        .await
        .expect("pinned and assigned");

    let plain = admin.get_json("/api/v1/projects/PLAN/schedule").await;
    assert_eq!(row(&plain, d)["start"], "2026-11-24T08:00:00");
    assert_eq!(row(&plain, p)["start"], "2026-11-25T08:00:00");
    let levelled = admin
        .get_json("/api/v1/projects/PLAN/schedule?level=true")
        .await;
    let span = |id| {
        let row = row(&levelled, id);
        let at = |field: &str| row[field].as_str().expect("a date").to_owned();
        (at("start"), at("finish"))
    };
    let day = |date: &str| (format!("{date}T08:00:00"), format!("{date}T17:00:00"));
    assert_eq!(span(a).0, day("2026-11-23").0);
    assert_eq!(span(a).1, day("2026-11-24").1);
    // Four hours of work, held to the Wednesday levelling gave it.
    assert_eq!(
        span(d),
        (day("2026-11-25").0, "2026-11-25T12:00:00".to_owned())
    );
    assert_eq!(
        span(p),
        (
            "2026-11-25T13:00:00".to_owned(),
            "2026-11-26T12:00:00".to_owned()
        )
    );
    assert_eq!(row(&levelled, d)["delayed_by_levelling"], true);
    assert_eq!(row(&levelled, p)["delayed_by_levelling"], true);
    let mut spans = [span(a), span(d), span(p)];
    spans.sort();
    for pair in spans.windows(2) {
        assert!(
            pair[0].1 < pair[1].0,
            "Mei works on two items at once: {spans:?}"
        );
    }
}

/// Mei's two items, X (2 d) and Y (1 d), with no link between them. The plain forecast runs
/// both from the start, as if she could do both at once; the levelled one (`level=true`)
/// runs them in the levelled plan's order, so with fixed estimates it finishes when the
/// levelled schedule does; and at half time on the project she takes twice as long.
async fn the_levelled_forecast_runs_each_persons_work_in_turn(app: TestApp) {
    let admin = app.setup_admin().await;
    let monday = monday_ahead();
    app.create_project(
        &admin,
        json!({"key": "TURN", "name": "Turns", "start_date": monday.to_string()}),
    )
    .await;
    let pid = app.store.project_by_key("TURN").await.expect("project").id;
    let mei = team_member(&app, &admin, "TURN", "mei@example.com").await;
    let patch = tandem_store::ItemPatch {
        assignee_id: Some(Some(mei.id)),
        ..Default::default()
    };
    for (title, minutes) in [("X", 960), ("Y", 480)] {
        let id = item(&app.store, pid, ItemType::Task, title, Some(minutes), None).await;
        app.store
            .update_item(id, &patch, 1, None)
            .await
            .expect("assign to Mei");
    }
    let plain = admin
        .get_json("/api/v1/projects/TURN/forecast?trials=20&level=false")
        .await;
    assert_eq!(plain["levelled"], false);
    let tuesday = monday + jiff::Span::new().days(1);
    assert_eq!(plain["finish"]["p95"], format!("{tuesday}T17:00:00"));

    let levelled = admin
        .get_json("/api/v1/projects/TURN/forecast?trials=20&level=true")
        .await;
    let schedule = admin
        .get_json("/api/v1/projects/TURN/schedule?level=true")
        .await;
    assert_eq!(levelled["levelled"], true);
    let wednesday = monday + jiff::Span::new().days(2);
    assert_eq!(schedule["finish"], format!("{wednesday}T17:00:00"));
    assert_eq!(levelled["finish"]["p50"], schedule["finish"], "{levelled}");
    assert_eq!(levelled["finish"]["p95"], schedule["finish"]);
    // Work is assigned, so the forecast is levelled unless asked otherwise, as the health
    // diagnosis reads it.
    let default = admin
        .get_json("/api/v1/projects/TURN/forecast?trials=20")
        .await;
    assert_eq!(default["levelled"], true);
    assert_eq!(default["finish"], levelled["finish"]);

    // The page offers the same choice and says which forecast it shows.
    let page = admin.get("/projects/TURN/forecast").send().await;
    let page = page.expect("page").text().await.expect("page text");
    assert!(page.contains("<option value=\"true\" selected>"), "{page}");
    assert!(page.contains("levelled: each person"), "{page}");
    let page = admin
        .get("/projects/TURN/forecast?level=false")
        .send()
        .await;
    let page = page.expect("page").text().await.expect("page text");
    assert!(page.contains("<option value=\"false\" selected>"), "{page}");
    assert!(!page.contains("levelled: each person"), "{page}");
    let (status, body) = send(admin.get("/api/v1/projects/TURN/forecast?level=maybe")).await;
    assert_eq!(status, 400, "{body}");

    // Half-time on the project (20 h a week), Mei takes twice as long for each item: 16 h
    // of X and 8 h of Y end on the Monday a week later.
    let profile = format!("/api/v1/projects/TURN/members/{}/profile", mei.id);
    admin
        .expect_json(
            admin
                .patch(&profile)
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 20 })),
            200,
        )
        .await;
    let half_time = admin
        .get_json("/api/v1/projects/TURN/forecast?trials=20&level=true")
        .await;
    let next_monday = monday + jiff::Span::new().days(7);
    assert_eq!(
        half_time["finish"]["p95"],
        format!("{next_monday}T17:00:00")
    );
    let plain = admin
        .get_json("/api/v1/projects/TURN/forecast?trials=20&level=false")
        .await;
    assert_eq!(plain["finish"]["p95"], format!("{tuesday}T17:00:00"));
}
