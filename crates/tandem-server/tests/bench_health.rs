//! Timing figure for the health budget (run on demand, not in CI):
//! `cargo test -p tandem-server --test bench_health -- --ignored --nocapture`.
//! The diagnosis of a project with 5,000 items and 500 features (budget < 100 ms), over HTTP
//! on SQLite; prints the median of five requests after one warm-up, first with nobody
//! assigned, then with the tasks given to 25 people, so the forecast levels each person's
//! work (ADR 0034).

mod common;

use common::bench::{assign_round_robin, median, seed};
use common::{Backend, spawn_app};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "timing figures, run on demand"]
async fn health_budget() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.setup_admin().await;
    seed(&app, &admin, "BIG", 5_000).await;
    for n in 0..500 {
        let moscow = ["must", "should", "could"][n % 3];
        admin
            .expect_json(
                admin.post("/api/v1/projects/BIG/features").json(&json!({
                    "title": format!("Feature {n}"), "moscow": moscow,
                    "estimate_days": 1 + n % 8, "mvp": n % 5 == 0,
                })),
                201,
            )
            .await;
    }
    println!(
        "health API, 5,000 items and 500 features: {:?}",
        median(&admin, "/api/v1/projects/BIG/health").await
    );
    assign_round_robin(&app, &admin, "BIG", 25).await;
    println!(
        "health API, same, tasks assigned to 25 people (levelled forecast): {:?}",
        median(&admin, "/api/v1/projects/BIG/health").await
    );
}
