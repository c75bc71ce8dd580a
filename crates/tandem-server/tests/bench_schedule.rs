//! Timing figures for the schedule budgets (run on demand, not in CI):
//! `cargo test -p tandem-server --test bench_schedule -- --ignored --nocapture`.
//! Gantt page and schedule API of 2,000 items (budget < 100 ms server-side) and the forecast
//! of 1,000 items with 10,000 trials (budget < 300 ms end to end), over HTTP on SQLite.
//! Prints the median of five requests after one warm-up.

mod common;

use common::schedule::{item, link};
use common::{Backend, Caller, TestApp, spawn_app};
use serde_json::json;
use std::time::{Duration, Instant};
use tandem_core::work::{DependencyKind, ItemType};

/// `count` items in epics of 20, each task after the previous one of its epic, and every
/// tenth task waiting for one of the previous epic too; three points on each.
async fn seed(app: &TestApp, admin: &Caller, key: &str, count: usize) {
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

async fn median(caller: &Caller, path: &str) -> Duration {
    let mut times = Vec::new();
    for round in 0..6 {
        let started = Instant::now();
        let response = caller.get(path).send().await.expect("request");
        assert_eq!(response.status(), 200, "{path}");
        response.bytes().await.expect("body");
        if round > 0 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    times[times.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "timing figures, run on demand"]
async fn schedule_budgets() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.setup_admin().await;
    seed(&app, &admin, "BIG", 2_000).await;
    seed(&app, &admin, "MC", 1_000).await;
    println!(
        "schedule API, 2,000 items: {:?}",
        median(&admin, "/api/v1/projects/BIG/schedule").await
    );
    println!(
        "Gantt page, 2,000 items: {:?}",
        median(&admin, "/projects/BIG/gantt").await
    );
    println!(
        "forecast API, 1,000 items x 10,000 trials: {:?}",
        median(&admin, "/api/v1/projects/MC/forecast?trials=10000&seed=7").await
    );
}
