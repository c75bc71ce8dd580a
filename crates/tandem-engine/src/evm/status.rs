//! Progress at a status date turned into indicators, and the PV/EV/AC series of a chart.

use serde::Serialize;

use super::EvmError;
use super::baseline::Baseline;
use super::indicators::Indicators;

/// Progress of one baseline task at the status date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskStatus {
    /// Physical percent complete, 0 to 100: earned value is this share of the budget.
    pub percent_complete: f64,
    /// Cost booked to the task so far.
    pub actual_cost: f64,
}

/// Indicators for the project and for each task at one status date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The status date, in working minutes from the project start.
    pub status_date: f64,
    /// Totals over all tasks.
    pub project: Indicators,
    /// One entry per baseline task, in baseline order.
    pub tasks: Vec<Indicators>,
}

/// Computes earned value at `status_date` from the baseline and per-task progress
/// (one entry per baseline task, same order).
pub fn analyse(
    baseline: &Baseline,
    progress: &[TaskStatus],
    status_date: f64,
) -> Result<Analysis, EvmError> {
    if !status_date.is_finite() {
        return Err(EvmError::InvalidStatusDate);
    }
    if progress.len() != baseline.tasks().len() {
        return Err(EvmError::StatusMismatch {
            expected: baseline.tasks().len(),
            given: progress.len(),
        });
    }
    let tasks = baseline
        .tasks()
        .iter()
        .zip(progress)
        .enumerate()
        .map(|(index, (task, status))| {
            let valid = (0.0..=100.0).contains(&status.percent_complete)
                && status.actual_cost.is_finite()
                && status.actual_cost >= 0.0;
            if !valid {
                return Err(EvmError::InvalidProgress { task: index });
            }
            Ok(Indicators::from_totals(
                task.budget,
                task.planned_value_at(status_date),
                task.budget * status.percent_complete / 100.0,
                status.actual_cost,
            ))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = |field: fn(&Indicators) -> f64| tasks.iter().map(field).sum::<f64>();
    let project = Indicators::from_totals(
        total(|task| task.budget_at_completion),
        total(|task| task.planned_value),
        total(|task| task.earned_value),
        total(|task| task.actual_cost),
    );
    Ok(Analysis {
        status_date,
        project,
        tasks,
    })
}

/// Earned value and actual cost recorded at a past status date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    /// The status date of the record, in working minutes from the project start.
    pub at: f64,
    /// Project earned value at that date.
    pub earned_value: f64,
    /// Project actual cost at that date.
    pub actual_cost: f64,
}

/// One point of the PV/EV/AC chart. EV and AC are known only where a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerformancePoint {
    /// Working minutes from the project start.
    pub at: f64,
    /// Cumulative planned value.
    pub planned_value: f64,
    /// Earned value, if recorded at this date.
    pub earned_value: Option<f64>,
    /// Actual cost, if recorded at this date.
    pub actual_cost: Option<f64>,
}

/// The S-curves of a PV/EV/AC chart: planned value at every period boundary in `periods`
/// (e.g. each week's end), joined with the snapshots recorded at those same dates.
pub fn performance_series(
    baseline: &Baseline,
    periods: &[f64],
    snapshots: &[Snapshot],
) -> Result<Vec<PerformancePoint>, EvmError> {
    let dates = periods.iter().chain(snapshots.iter().map(|s| &s.at));
    if dates.into_iter().any(|at| !at.is_finite()) {
        return Err(EvmError::InvalidStatusDate);
    }
    Ok(periods
        .iter()
        .map(|&at| {
            let recorded = snapshots.iter().find(|snapshot| snapshot.at == at);
            PerformancePoint {
                at,
                planned_value: baseline.planned_value_at(at),
                earned_value: recorded.map(|snapshot| snapshot.earned_value),
                actual_cost: recorded.map(|snapshot| snapshot.actual_cost),
            }
        })
        .collect())
}
