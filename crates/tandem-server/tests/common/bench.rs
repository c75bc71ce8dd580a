//! Shared by the timing suites (run on demand): a large plan seeded straight in the store and
//! the median time of a request.

use super::schedule::{item, link, team_member};
use super::{Caller, TestApp};
use serde_json::json;
use std::time::{Duration, Instant};
use tandem_core::work::{DependencyKind, ItemType};

/// `count` items in epics of 20, each task after the previous one of its epic, and every
/// tenth task waiting for one of the previous epic too; three points on each.
pub async fn seed(app: &TestApp, admin: &Caller, key: &str, count: usize) {
    app.create_project(
        admin,
        json!({"key": key, "name": key, "start_date": "2026-11-23"}),
    )
    .await;
    let pid = app.store.project_by_key(key).await.expect("project").id;
    let mut previous_epic: Vec<i64> = Vec::new();
    let mut made = 0;
    while made < count {
        let epic = item(&app.store, pid, ItemType::Epic, "Epic", None, None).await;
        made += 1;
        let mut tasks = Vec::new();
        for n in 0..19.min(count - made) {
            let id = item(
                &app.store,
                pid,
                ItemType::Task,
                "Task",
                Some(240 + (n as i64 % 7) * 60),
                Some(epic),
            )
            .await;
            let patch = tandem_store::ItemPatch {
                optimistic_minutes: Some(Some(120)),
                most_likely_minutes: Some(Some(240 + (n as i64 % 7) * 60)),
                pessimistic_minutes: Some(Some(960)),
                ..Default::default()
            };
            app.store
                .update_item(id, &patch, 1, None)
                .await
                .expect("points");
            if let Some(&before) = tasks.last() {
                link(&app.store, before, id, DependencyKind::FinishToStart, 0).await;
            }
            if n % 10 == 0
                && let Some(&other) = previous_epic.get(n)
            {
                link(&app.store, other, id, DependencyKind::FinishToStart, 0).await;
            }
            tasks.push(id);
            made += 1;
        }
        previous_epic = tasks;
    }
}

/// Gives the tasks of project `key` to `people` new team members in turn (epics stay
/// unassigned), so levelling has people to spread work over.
pub async fn assign_round_robin(app: &TestApp, admin: &Caller, key: &str, people: usize) {
    let mut members = Vec::with_capacity(people);
    for n in 0..people {
        let email = format!("{}-dev{n}@example.com", key.to_lowercase());
        members.push(team_member(app, admin, key, &email).await.id);
    }
    assign_tasks(app, key, |n| Some(members[n % people])).await;
}

/// Gives project `key` `people` team members, each away for a week every six weeks (at
/// different times) through the first half of 2027, and assigns every tenth task to one of
/// them, so that the schedule and forecast run those tasks on their calendars.
pub async fn time_off(app: &TestApp, admin: &Caller, key: &str, people: usize) {
    let first = jiff::civil::date(2026, 11, 30);
    let mut ids = Vec::new();
    for person in 0..people {
        let member = team_member(app, admin, key, &format!("away{person}@example.com")).await;
        for week in (person..30).step_by(6) {
            let from = first + jiff::Span::new().weeks(week as i64);
            let to = from + jiff::Span::new().days(4);
            let body = json!({"user": member.id, "from": from.to_string(), "to": to.to_string()});
            let path = format!("/api/v1/projects/{key}/time-off");
            admin.expect_json(admin.post(&path).json(&body), 201).await;
        }
        ids.push(member.id);
    }
    assign_tasks(app, key, |n| (n % 10 == 0).then(|| ids[n / 10 % ids.len()])).await;
}

/// Assigns the `n`-th task of project `key` (in planning order) to `assignee(n)` where that
/// names someone.
async fn assign_tasks(app: &TestApp, key: &str, assignee: impl Fn(usize) -> Option<i64>) {
    let pid = app.store.project_by_key(key).await.expect("project").id;
    let items = app.store.items_for_planning(pid).await.expect("items");
    let tasks = items.iter().filter(|item| item.item_type == ItemType::Task);
    for (n, task) in tasks.enumerate() {
        let Some(person) = assignee(n) else {
            continue;
        };
        let patch = tandem_store::ItemPatch {
            assignee_id: Some(Some(person)),
            ..Default::default()
        };
        app.store
            .update_item(task.id, &patch, task.version, None)
            .await
            .expect("assign");
    }
}

/// The median of five requests for `path` after one warm-up.
pub async fn median(caller: &Caller, path: &str) -> Duration {
    first_and_median(caller, path).await.1
}

/// The first request for `path` (before anything the server remembers) and the median of
/// the five after it.
pub async fn first_and_median(caller: &Caller, path: &str) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..6 {
        let started = Instant::now();
        let response = caller.get(path).send().await.expect("request");
        assert_eq!(response.status(), 200, "{path}");
        response.bytes().await.expect("body");
        times.push(started.elapsed());
    }
    let first = times.remove(0);
    times.sort();
    (first, times[times.len() / 2])
}
