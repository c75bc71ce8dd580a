//! Timing figure for the portfolio (run on demand, not in CI):
//! `cargo test -p tandem-server --test bench_portfolio -- --ignored --nocapture`.
//! 200 projects, each with both managers, a target date, a budget and 20 estimated tasks in a
//! chain with a milestone; `GET /api/v1/portfolio` over HTTP on SQLite, cold (first request
//! diagnoses and stores this week's snapshots) and warm (snapshots read back). Prints the
//! median of five requests after one warm-up.

mod common;

use common::schedule::{item, link};
use common::{Backend, Caller, spawn_app};
use serde_json::json;
use std::time::{Duration, Instant};
use tandem_core::work::{DependencyKind, ItemType};

const PROJECTS: usize = 200;
const TASKS: usize = 20;

async fn timed(caller: &Caller, path: &str) -> Duration {
    let started = Instant::now();
    let response = caller.get(path).send().await.expect("request");
    assert_eq!(response.status(), 200, "{path}");
    let body: serde_json::Value = response.json().await.expect("body");
    assert_eq!(body["projects"].as_array().map(Vec::len), Some(PROJECTS));
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "timing figures, run on demand"]
async fn portfolio_of_200_projects() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    for n in 0..PROJECTS {
        let key = format!("P{n:03}");
        app.create_project(
            &admin,
            json!({
                "key": key, "name": format!("Project {n}"),
                "product_manager": paula.id, "project_manager": jonas.id,
                "start_date": "2026-11-23", "target_launch_date": "2027-03-31",
                "budget": { "amount": 100000, "currency": "EUR" },
            }),
        )
        .await;
        let pid = app.store.project_by_key(&key).await.expect("project").id;
        let mut previous = None;
        for t in 0..TASKS {
            let id = item(
                &app.store,
                pid,
                ItemType::Task,
                "Task",
                Some(240 + (t as i64 % 5) * 120),
                None,
            )
            .await;
            if let Some(before) = previous {
                link(&app.store, before, id, DependencyKind::FinishToStart, 0).await;
            }
            previous = Some(id);
        }
        let milestone = item(&app.store, pid, ItemType::Milestone, "Launch", None, None).await;
        if let Some(before) = previous {
            link(
                &app.store,
                before,
                milestone,
                DependencyKind::FinishToStart,
                0,
            )
            .await;
        }
    }
    let path = "/api/v1/portfolio?sort=forecast&order=desc";
    let cold = timed(&admin, path).await;
    let mut warm = Vec::new();
    for _ in 0..5 {
        warm.push(timed(&admin, path).await);
    }
    warm.sort();
    println!("portfolio API, {PROJECTS} projects x {TASKS} tasks, cold: {cold:?}");
    println!(
        "portfolio API, {PROJECTS} projects x {TASKS} tasks, warm median: {:?}",
        warm[2]
    );
    let started = Instant::now();
    let page = admin.get("/portfolio").send().await.expect("page");
    assert_eq!(page.status(), 200);
    page.bytes().await.expect("page body");
    println!(
        "portfolio page, {PROJECTS} projects: {:?}",
        started.elapsed()
    );
}
