//! The levelled schedule (`?level=true`) is a real schedule: levelling gives each item that
//! waits for its assignee a levelling delay, then the critical path runs again, so summaries
//! roll up from levelled children, successors follow, float and the critical path are the
//! levelled plan's, due dates steer who goes first and the ones missed are reported.

mod common;

use common::schedule::{item, link, row, team_member};
use common::{Caller, TestApp};
use serde_json::{Value, json};
use tandem_core::work::{DependencyKind, ItemType};

per_backend!(
    levelled_plan_rolls_up_moves_successors_and_recomputes_float,
    due_dates_order_a_persons_work_and_misses_are_reported,
    short_items_share_a_day_and_part_time_stretches_work,
    items_shorter_than_an_hour_hold_their_person_only_as_long_as_they_last,
    generated_plans_never_give_anyone_two_items_at_once,
);

/// A project starting Monday 23 November 2026 with Mei on its team.
async fn project(app: &TestApp) -> (Caller, i64, i64) {
    let admin = app.setup_admin().await;
    app.create_project(
        &admin,
        json!({"key": "LVL", "name": "Levelled", "start_date": "2026-11-23"}),
    )
    .await;
    let pid = app.store.project_by_key("LVL").await.expect("project").id;
    let mei = team_member(app, &admin, "LVL", "mei@example.com").await;
    (admin, pid, mei.id)
}

/// Gives `items` to `user`, with a due date when one is named.
async fn assign(app: &TestApp, user: i64, items: &[(i64, Option<&str>)]) {
    for &(id, due) in items {
        let patch = tandem_store::ItemPatch {
            assignee_id: Some(Some(user)),
            due_date: due.map(|due| Some(due.to_owned())),
            ..Default::default()
        };
        app.store
            .update_item(id, &patch, 1, None)
            .await
            .expect("assign");
    }
}

fn text(row: &Value, field: &str) -> String {
    row[field].as_str().expect("a text field").to_owned()
}

/// Mei does A (3 d) and B (3 d); A → A2 (4 d) in epic EA, B → B2 (5 d) in epic EB, A2 and
/// B2 unassigned. Unlevelled, the B chain (8 d) is critical and the A chain has a day of
/// float. Levelled, B goes first (its chain is the more urgent), A waits three days, and the
/// A chain becomes the critical one (10 d) while the B chain gets two days of float.
async fn levelled_plan_rolls_up_moves_successors_and_recomputes_float(app: TestApp) {
    let (admin, pid, mei) = project(&app).await;
    let store = &app.store;
    let ea = item(store, pid, ItemType::Epic, "EA", None, None).await;
    let a = item(store, pid, ItemType::Task, "A", Some(3 * 480), Some(ea)).await;
    let a2 = item(store, pid, ItemType::Task, "A2", Some(4 * 480), Some(ea)).await;
    let eb = item(store, pid, ItemType::Epic, "EB", None, None).await;
    let b = item(store, pid, ItemType::Task, "B", Some(3 * 480), Some(eb)).await;
    let b2 = item(store, pid, ItemType::Task, "B2", Some(5 * 480), Some(eb)).await;
    link(store, a, a2, DependencyKind::FinishToStart, 0).await;
    link(store, b, b2, DependencyKind::FinishToStart, 0).await;
    assign(&app, mei, &[(a, None), (b, None)]).await;

    let plain = admin.get_json("/api/v1/projects/LVL/schedule").await;
    assert_eq!(row(&plain, b2)["critical"], true);
    assert_eq!(row(&plain, a2)["total_float_days"], 1.0);

    let levelled = admin
        .get_json("/api/v1/projects/LVL/schedule?level=true")
        .await;
    assert_eq!(levelled["levelled"], true);
    // B first, then A waits three working days for Mei (Thursday to Monday).
    assert_eq!(text(&row(&levelled, b), "start"), "2026-11-23T08:00:00");
    assert_eq!(row(&levelled, b)["delayed_by_levelling"], false);
    assert_eq!(text(&row(&levelled, a), "start"), "2026-11-26T08:00:00");
    assert_eq!(text(&row(&levelled, a), "finish"), "2026-11-30T17:00:00");
    assert_eq!(row(&levelled, a)["delayed_by_levelling"], true);
    assert_eq!(row(&levelled, a)["levelling_delay_days"], 3.0);
    // A2 follows A without waiting for anyone itself.
    assert_eq!(text(&row(&levelled, a2), "start"), "2026-12-01T08:00:00");
    assert_eq!(text(&row(&levelled, a2), "finish"), "2026-12-04T17:00:00");
    assert_eq!(row(&levelled, a2)["delayed_by_levelling"], false);
    assert_eq!(row(&levelled, a2)["levelling_delay_days"], 0.0);
    // The summary rolls up from its levelled children.
    let epic = row(&levelled, ea);
    assert_eq!(text(&epic, "start"), text(&row(&levelled, a), "start"));
    assert_eq!(text(&epic, "finish"), text(&row(&levelled, a2), "finish"));
    assert_eq!(text(&levelled, "finish"), "2026-12-04T17:00:00");
    // Float and the critical path are the levelled plan's.
    for id in [a, a2, ea] {
        assert_eq!(
            row(&levelled, id)["critical"],
            true,
            "{}",
            row(&levelled, id)
        );
        assert_eq!(row(&levelled, id)["total_float_minutes"], 0);
    }
    for id in [b, b2] {
        assert_eq!(row(&levelled, id)["critical"], false);
        assert_eq!(row(&levelled, id)["total_float_days"], 2.0);
    }
    let keys = |ids: &[i64]| -> Vec<String> {
        ids.iter()
            .map(|&id| text(&row(&levelled, id), "key"))
            .collect()
    };
    assert_eq!(levelled["critical_paths"][0], json!(keys(&[a, a2])));
    let link = levelled["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["predecessor_id"] == a)
        .cloned()
        .expect("the A → A2 link");
    assert_eq!(link["critical"], true);
    // Mei never works on two items at once.
    let (b_finish, a_start) = (
        text(&row(&levelled, b), "finish"),
        text(&row(&levelled, a), "start"),
    );
    assert!(b_finish < a_start, "{b_finish} overlaps {a_start}");
}

/// Mei has X (2 d, due in two weeks), Y and W (2 d each, both due Tuesday); Z (10 d,
/// unassigned) makes the plan long. Without due dates X, first in the list, would go first;
/// with them Y goes first and meets its date, W cannot (Mei does one at a time) and is
/// reported as missed because of levelling, and X follows.
async fn due_dates_order_a_persons_work_and_misses_are_reported(app: TestApp) {
    let (admin, pid, mei) = project(&app).await;
    let store = &app.store;
    let x = item(store, pid, ItemType::Task, "X", Some(960), None).await;
    let y = item(store, pid, ItemType::Task, "Y", Some(960), None).await;
    let w = item(store, pid, ItemType::Task, "W", Some(960), None).await;
    item(store, pid, ItemType::Task, "Z", Some(10 * 480), None).await;
    let tuesday = Some("2026-11-24");
    assign(
        &app,
        mei,
        &[(x, Some("2026-12-04")), (y, tuesday), (w, tuesday)],
    )
    .await;

    let plain = admin.get_json("/api/v1/projects/LVL/schedule").await;
    assert_eq!(plain["due_dates_missed"], 0);
    assert_eq!(row(&plain, w)["misses_due_date"], false);

    let levelled = admin
        .get_json("/api/v1/projects/LVL/schedule?level=true")
        .await;
    let span = |id| {
        let row = row(&levelled, id);
        (text(&row, "start"), text(&row, "finish"))
    };
    assert_eq!(
        span(y),
        ("2026-11-23T08:00:00".into(), "2026-11-24T17:00:00".into())
    );
    assert_eq!(
        span(w),
        ("2026-11-25T08:00:00".into(), "2026-11-26T17:00:00".into())
    );
    assert_eq!(
        span(x),
        ("2026-11-27T08:00:00".into(), "2026-11-30T17:00:00".into())
    );
    assert_eq!(row(&levelled, y)["misses_due_date"], false);
    assert_eq!(row(&levelled, w)["misses_due_date"], true);
    assert_eq!(row(&levelled, x)["misses_due_date"], false);
    assert_eq!(row(&levelled, x)["levelling_delay_days"], 4.0);
    assert_eq!(levelled["due_dates_missed"], 1);
    assert_eq!(levelled["due_dates_missed_by_levelling"], 1);

    // The Gantt page of the plan from the project start says so too.
    let page = admin
        .get_html("/projects/LVL/gantt?level=true&remaining_from=start")
        .await;
    assert!(
        page.contains("1 item(s) finish after their due date; levelling causes 1 of them"),
        "{page}"
    );
    assert!(page.contains("levelled +4 d"));
    assert!(page.contains("class=\"gantt-due-missed\""));
}

/// Mei has four 2-hour items (Q1–Q4): levelling works in hours, so all four fit on Monday
/// one after another, each waiting 2 h more than the last. Then Mei gives the project half
/// her time (20 h a week) and a day's item, L, takes two days of the calendar.
async fn short_items_share_a_day_and_part_time_stretches_work(app: TestApp) {
    let (admin, pid, mei) = project(&app).await;
    let store = &app.store;
    let mut quick = Vec::new();
    for title in ["Q1", "Q2", "Q3", "Q4"] {
        quick.push(item(store, pid, ItemType::Task, title, Some(120), None).await);
    }
    let assigned: Vec<(i64, Option<&str>)> = quick.iter().map(|&id| (id, None)).collect();
    assign(&app, mei, &assigned).await;

    let levelled = admin
        .get_json("/api/v1/projects/LVL/schedule?level=true")
        .await;
    let mut spans: Vec<(String, String, f64)> = quick
        .iter()
        .map(|&id| {
            let row = row(&levelled, id);
            let delay = row["levelling_delay_days"].as_f64().expect("a delay");
            (text(&row, "start"), text(&row, "finish"), delay)
        })
        .collect();
    spans.sort_by(|a, b| a.0.cmp(&b.0));
    let monday = |hour: u8| format!("2026-11-23T{hour:02}:00:00");
    assert_eq!(
        spans,
        vec![
            (monday(8), monday(10), 0.0),
            (monday(10), monday(12), 0.25),
            (monday(13), monday(15), 0.5),
            (monday(15), monday(17), 0.75),
        ]
    );
    let page = admin
        .get_html("/projects/LVL/gantt?level=true&remaining_from=start")
        .await;
    assert!(page.contains("levelled +6h"), "{page}");

    let half_time = item(store, pid, ItemType::Task, "L", Some(480), None).await;
    assign(&app, mei, &[(half_time, None)]).await;
    admin
        .expect_json(
            admin
                .patch(&format!("/api/v1/projects/LVL/members/{mei}/profile"))
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 20 })),
            200,
        )
        .await;
    let levelled = admin
        .get_json("/api/v1/projects/LVL/schedule?level=true")
        .await;
    // Q1–Q4 take 4 h each at half time (the whole of Monday and Tuesday); L follows, its
    // 8 hours over two days of the calendar, held to its levelled start.
    assert_eq!(
        text(&row(&levelled, half_time), "start"),
        "2026-11-25T08:00:00"
    );
}

/// Levelling finds each person's time in periods as fine as the plan's work needs (ADR
/// 0043): two half-hour items and a 45-minute one follow each other without a gap, where
/// whole-hour periods held each short item for a full hour.
async fn items_shorter_than_an_hour_hold_their_person_only_as_long_as_they_last(app: TestApp) {
    let (admin, pid, mei) = project(&app).await;
    let store = &app.store;
    let mut short = Vec::new();
    for (title, minutes) in [("S1", 30), ("S2", 30), ("S3", 45)] {
        short.push(item(store, pid, ItemType::Task, title, Some(minutes), None).await);
    }
    let assigned: Vec<(i64, Option<&str>)> = short.iter().map(|&id| (id, None)).collect();
    assign(&app, mei, &assigned).await;

    let levelled = admin
        .get_json("/api/v1/projects/LVL/schedule?level=true")
        .await;
    let mut spans: Vec<(String, String)> = short
        .iter()
        .map(|&id| {
            let row = row(&levelled, id);
            (text(&row, "start"), text(&row, "finish"))
        })
        .collect();
    spans.sort();
    let monday = |hour: u8, minute: u8| format!("2026-11-23T{hour:02}:{minute:02}:00");
    let (first, second, third) = (&spans[0], &spans[1], &spans[2]);
    assert_eq!(first.0, monday(8, 0), "{spans:?}");
    assert_eq!(second.0, first.1, "no gap after the first: {spans:?}");
    assert_eq!(third.0, second.1, "no gap after the second: {spans:?}");
    assert_eq!(
        third.1,
        monday(9, 45),
        "1 h 45 min of work from 08:00: {spans:?}"
    );
}

/// A small deterministic generator, so a failing plan can be rebuilt from its seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

/// Plans generated from five seeds — 30 items of 30 minutes to three days over Mei, Ana and
/// Bo (Ana half time, Bo with three days off), every kind of link with lags from −1 to 2
/// days, some pinned starts — levelled: each person's items never overlap, and none starts
/// before its pin.
async fn generated_plans_never_give_anyone_two_items_at_once(app: TestApp) {
    let (admin, pid, mei) = project(&app).await;
    let ana = team_member(&app, &admin, "LVL", "ana@example.com").await.id;
    let bo = team_member(&app, &admin, "LVL", "bo@example.com").await.id;
    admin
        .expect_json(
            admin
                .patch(&format!("/api/v1/projects/LVL/members/{ana}/profile"))
                .header("If-Match", "0")
                .json(&json!({ "weekly_capacity_hours": 20 })),
            200,
        )
        .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/LVL/time-off")
                .json(&json!({"user": bo, "from": "2026-11-25", "to": "2026-11-27"})),
            201,
        )
        .await;
    let people = [mei, ana, bo];
    let kinds = [
        DependencyKind::FinishToStart,
        DependencyKind::StartToStart,
        DependencyKind::FinishToFinish,
        DependencyKind::StartToFinish,
    ];
    let store = &app.store;
    for seed in 1..=5u64 {
        let mut random = Lcg(seed);
        let mut ids = Vec::new();
        let mut pins = Vec::new();
        for n in 0..30 {
            let minutes = 30 * (1 + random.below(48) as i64);
            let id = item(
                store,
                pid,
                ItemType::Task,
                &format!("S{seed}-{n}"),
                Some(minutes),
                None,
            )
            .await;
            let pin =
                (random.below(5) == 0).then(|| format!("2026-11-{:02}", 23 + random.below(8)));
            let person = people[random.below(3) as usize];
            let patch = tandem_store::ItemPatch {
                assignee_id: Some(Some(person)),
                start_date: pin.clone().map(Some),
                ..Default::default()
            };
            let assigned = store
                .update_item(id, &patch, 1, None)
                .await
                .expect("assign");
            // Links only go forward in the list, so there is never a cycle.
            if n > 0 && random.below(2) == 0 {
                let (predecessor, _, _) = ids[random.below(n as u64) as usize];
                let kind = kinds[random.below(4) as usize];
                link(store, predecessor, id, kind, random.below(4) as i64 - 1).await;
            }
            ids.push((id, assigned.version, person));
            pins.push(pin);
        }
        let levelled = admin
            .get_json("/api/v1/projects/LVL/schedule?level=true")
            .await;
        let mut spans: Vec<(i64, String, String)> = Vec::new();
        for (&(id, _, person), pin) in ids.iter().zip(&pins) {
            let row = row(&levelled, id);
            let (start, finish) = (text(&row, "start"), text(&row, "finish"));
            if let Some(pin) = pin {
                assert!(start >= format!("{pin}T00:00:00"), "seed {seed}: {row}");
            }
            spans.push((person, start, finish));
        }
        spans.sort();
        for pair in spans.windows(2) {
            let ((a, _, a_finish), (b, b_start, _)) = (&pair[0], &pair[1]);
            assert!(
                a != b || a_finish <= b_start,
                "seed {seed}: person {a} works on two items at once: {pair:?}"
            );
        }
        // The next seed plans alone.
        for (id, version, _) in ids {
            store.delete_item(id, version, None).await.expect("delete");
        }
    }
}
