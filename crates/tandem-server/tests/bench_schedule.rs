//! Timing figures for the schedule budgets (run on demand, not in CI):
//! `cargo test -p tandem-server --test bench_schedule -- --ignored --nocapture`.
//! Gantt page and schedule API of 2,000 items (budget < 100 ms server-side), the same plan
//! levelled over ten people, and the forecast of 1,000 items with 10,000 trials (budget
//! < 300 ms end to end), over HTTP on SQLite; the forecast once more with a tenth of the
//! items assigned to people with time off; and the levelled forecast of the 2,000 items
//! (levelling, then the trials with each person's items in turn). A forecast's first request
//! runs the trials; the median of the repeats is the server's remembered run (ADR 0024),
//! plus, levelled, the levelling that gives each person's order. The levelled schedule's
//! first request levels the plan; later ones read the remembered levelling (ADR 0041); then
//! once more after one estimate gains a quarter of an hour, which levels the whole plan in
//! quarter-hour periods (ADR 0043).
//! Prints the median of five requests after one warm-up.

mod common;

use common::bench::{assign_round_robin, first_and_median, median, seed, time_off};
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
    assign_round_robin(&app, &admin, "BIG", 10).await;
    let (first, again) = first_and_median(&admin, "/api/v1/projects/BIG/schedule?level=true").await;
    println!("schedule API levelled, 2,000 items over 10 people: first {first:?}, again {again:?}");
    println!(
        "Gantt page levelled, 2,000 items over 10 people: {:?}",
        median(&admin, "/projects/BIG/gantt?level=true").await
    );
    // One item of a quarter of an hour more: the whole plan levels in quarter-hour periods
    // (ADR 0043), four times as many as hours.
    let big = app.store.project_by_key("BIG").await.expect("BIG").id;
    let quarter = app
        .store
        .items_for_planning(big)
        .await
        .expect("items")
        .into_iter()
        .find(|item| item.estimate_minutes.is_some())
        .expect("an estimated item");
    let patch = tandem_store::ItemPatch {
        estimate_minutes: Some(Some(quarter.estimate_minutes.unwrap_or(0) + 15)),
        ..Default::default()
    };
    app.store
        .update_item(quarter.id, &patch, quarter.version, None)
        .await
        .expect("a quarter of an hour more");
    let (first, again) = first_and_median(&admin, "/api/v1/projects/BIG/schedule?level=true").await;
    println!(
        "schedule API levelled in quarter hours, 2,000 items over 10 people: first {first:?}, again {again:?}"
    );
    let path = "/api/v1/projects/BIG/forecast?trials=10000&seed=7&level=true";
    let (first, remembered) = first_and_median(&admin, path).await;
    println!(
        "forecast API levelled, 2,000 items over 10 people x 10,000 trials: first {first:?}, again {remembered:?}"
    );
    for (name, key) in [("", "MC"), (" (100 with time off)", "MCT")] {
        let path = format!("/api/v1/projects/{key}/forecast?trials=10000&seed=7");
        let (first, remembered) = first_and_median(&admin, &path).await;
        println!(
            "forecast API, 1,000 items{name} x 10,000 trials: first {first:?}, remembered {remembered:?}"
        );
    }
}
