//! The proof that the health diagnosis tells product causes from delivery causes (issue 6
//! §4): generated projects, each healthy except for one planted cause (or two, one dominant),
//! several seeds each, on one server. For every project the first-ranked raised signal must
//! be the planted cause and the verdict's dominant side its side; a healthy project raises
//! nothing above "watch"; a mixture's secondary cause must be raised too. The confusion tables
//! go to stdout, and to the file named by `TANDEM_SCENARIO_REPORT` when set
//! (docs/health-scenarios.md is made that way).

mod common;

use common::TestApp;
use common::scenarios::{Outcome, agency, catalogue, confusion_report, generate};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Seeds per case by default (at least three); `TANDEM_SCENARIO_SEEDS` asks for more.
const SEEDS: u64 = 3;

/// Projects generated at the same time: the server serves several clients, as it would.
const PARALLEL: usize = 4;

fn seeds() -> u64 {
    std::env::var("TANDEM_SCENARIO_SEEDS")
        .ok()
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(SEEDS)
        .max(1)
}

per_backend!(every_planted_cause_is_diagnosed_first_and_on_its_side);

async fn every_planted_cause_is_diagnosed_first_and_on_its_side(app: TestApp) {
    let started = Instant::now();
    let agency = Arc::new(agency(&app).await);
    let app = Arc::new(app);
    let slots = Arc::new(Semaphore::new(PARALLEL));
    let mut runs = JoinSet::new();
    for (n, scenario) in catalogue(seeds()).into_iter().enumerate() {
        let (app, agency, slots) = (Arc::clone(&app), Arc::clone(&agency), Arc::clone(&slots));
        runs.spawn(async move {
            let _slot = slots.acquire_owned().await.expect("an open semaphore");
            let key = format!("HS{n:03}");
            generate(&app, &agency, &key, &scenario).await;
            let health = agency
                .admin
                .get_json(&format!("/api/v1/projects/{key}/health"))
                .await;
            (n, Outcome::read(&key, scenario, &health))
        });
    }
    let mut numbered = runs.join_all().await;
    numbered.sort_by_key(|(n, _)| *n);
    let outcomes: Vec<Outcome> = numbered.into_iter().map(|(_, outcome)| outcome).collect();
    let report = confusion_report(&outcomes);
    println!(
        "{report}\n{} projects generated and diagnosed in {:.1} s",
        outcomes.len(),
        started.elapsed().as_secs_f64()
    );
    if let Ok(path) = std::env::var("TANDEM_SCENARIO_REPORT") {
        publish(
            &path,
            &report,
            outcomes.len(),
            started.elapsed().as_secs_f64(),
        );
    }
    let wrong: Vec<&Outcome> = outcomes.iter().filter(|o| !o.is_correct()).collect();
    assert!(wrong.is_empty(), "misdiagnosed scenarios:\n{report}");
}

/// Markers around the generated part of the report file; the text around them is written by
/// hand and kept.
const BEGIN: &str = "<!-- scenario-report:begin -->";
const END: &str = "<!-- scenario-report:end -->";

/// Puts `report` between the markers of the file at `path` (the whole file when it has none).
fn publish(path: &str, report: &str, projects: usize, seconds: f64) {
    let generated = format!(
        "{BEGIN}\n\n{report}\n{projects} projects generated and diagnosed in {seconds:.1} s.\n\n{END}"
    );
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let text = match (existing.find(BEGIN), existing.find(END)) {
        (Some(begin), Some(end)) if begin < end => format!(
            "{}{generated}{}",
            &existing[..begin],
            &existing[end + END.len()..]
        ),
        _ => format!("{generated}\n"),
    };
    std::fs::write(path, text).expect("write the scenario report");
}
