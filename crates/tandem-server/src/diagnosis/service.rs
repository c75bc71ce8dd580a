//! The entry point: measure every signal, grade them, rank them into a verdict, and keep it as
//! the snapshot of its ISO week.

use super::measure_delivery::DeliveryFacts;
use super::measure_product::ProductFacts;
use crate::error::ApiError;
use crate::health_settings;
use crate::state::AppState;
use jiff::civil::Date;
use serde::Serialize;
use tandem_core::health::Verdict;
use tandem_core::people::workload::week_start;
use tandem_store::HealthSnapshot;

/// How many weekly snapshots the history answers with at most (two years).
pub const HISTORY_WEEKS: i64 = 104;

/// A project's diagnosis on one day.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// The ranked verdict with every signal.
    pub verdict: Verdict,
    /// The day it describes, `YYYY-MM-DD`.
    pub today: String,
}

/// The project's diagnosis as of `today`, computed from stored data only (both sides' facts
/// load at the same time). Every call upserts the snapshot of `today`'s ISO week, so the
/// trend needs no separate job to exist.
pub async fn diagnose(
    state: &AppState,
    project: &tandem_store::Project,
    today: Date,
) -> Result<Diagnosis, ApiError> {
    let (settings, product, delivery) = tokio::try_join!(
        health_settings::load(&state.store),
        ProductFacts::load(&state.store, project),
        DeliveryFacts::load(state, project, today),
    )?;
    let thresholds = settings.thresholds;
    let mut signals = super::roles::signals(project).to_vec();
    signals.extend(product.signals(&thresholds, today));
    signals.extend(delivery.signals(&thresholds, today));
    let verdict = Verdict::of(signals);
    let json = serde_json::to_value(&verdict).map_err(|error| ApiError::internal(&error))?;
    state
        .store
        .save_health_snapshot(project.id, &week_start(today).to_string(), &json)
        .await?;
    Ok(Diagnosis {
        verdict,
        today: today.to_string(),
    })
}

/// The project's weekly snapshots, newest week first.
pub async fn history(
    state: &AppState,
    project: &tandem_store::Project,
) -> Result<Vec<HealthSnapshot>, ApiError> {
    Ok(state
        .store
        .health_snapshots(project.id, HISTORY_WEEKS)
        .await?)
}
