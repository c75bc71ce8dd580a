//! Timing figures for the schedule budgets (run on demand, not in CI):
//! `cargo test -p tandem-server --test bench_schedule -- --ignored --nocapture`.
//! Gantt page and schedule API of 2,000 items (budget < 100 ms server-side) and the forecast
//! of 1,000 items with 10,000 trials (budget < 300 ms end to end), over HTTP on SQLite; the
//! forecast once more with a tenth of the items assigned to people with time off.
//! Prints the median of five requests after one warm-up.

mod common;

use common::bench::{median, seed, time_off};
use common::{Backend, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "timing figures, run on demand"]
async fn schedule_budgets() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.setup_admin().await;
    seed(&app, &admin, "BIG", 2_000).await;
    seed(&app, &admin, "MC", 1_000).await;
    seed(&app, &admin, "MCT", 1_000).await;
    time_off(&app, &admin, "MCT", 10).await;
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
    println!(
        "forecast API, 1,000 items (100 with time off) x 10,000 trials: {:?}",
        median(&admin, "/api/v1/projects/MCT/forecast?trials=10000&seed=7").await
    );
}
