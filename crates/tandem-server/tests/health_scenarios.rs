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
use std::time::Instant;

/// Seeds per case by default (at least three); `TANDEM_SCENARIO_SEEDS` asks for more.
const SEEDS: u64 = 3;

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
    let agency = agency(&app).await;
    let scenarios = catalogue(seeds());
    let mut outcomes = Vec::new();
    for (n, scenario) in scenarios.iter().enumerate() {
        let key = format!("HS{n:03}");
        generate(&app, &agency, &key, scenario).await;
        let health = agency
            .admin
            .get_json(&format!("/api/v1/projects/{key}/health"))
            .await;
        outcomes.push(Outcome::read(&key, *scenario, &health));
    }
    let report = confusion_report(&outcomes);
    println!(
        "{report}\n{} projects generated and diagnosed in {:.1} s",
        outcomes.len(),
        started.elapsed().as_secs_f64()
    );
    if let Ok(path) = std::env::var("TANDEM_SCENARIO_REPORT") {
        std::fs::write(&path, &report).expect("write the scenario report");
    }
    let wrong: Vec<&Outcome> = outcomes.iter().filter(|o| !o.is_correct()).collect();
    assert!(wrong.is_empty(), "misdiagnosed scenarios:\n{report}");
}
