//! A project's verdict as the portfolio and the status reports read it: this week's stored
//! snapshot when there is one (so a portfolio of many projects does not rediagnose each),
//! otherwise a fresh diagnosis; and the same verdict narrowed for client contacts.

use super::service::diagnose;
use crate::error::ApiError;
use crate::state::AppState;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tandem_core::health::{Severity, Side, SignalId, Verdict};
use tandem_core::people::workload::week_start;
use tandem_store::Project;
use utoipa::ToSchema;

/// Signals that measure money: client contacts never see them (issue 6: no costs for clients).
const COST_SIGNALS: [SignalId; 2] = [SignalId::Cpi, SignalId::BudgetBurn];

/// The project's verdict this week: the snapshot of `today`'s ISO week, else a diagnosis
/// (which stores that snapshot).
pub async fn this_week(
    state: &AppState,
    project: &Project,
    today: Date,
) -> Result<Verdict, ApiError> {
    let week = week_start(today).to_string();
    let latest = state.store.health_snapshots(project.id, 1).await?;
    if let Some(snapshot) = latest.into_iter().find(|s| s.week == week)
        && let Ok(verdict) = serde_json::from_value::<Verdict>(snapshot.verdict)
    {
        return Ok(verdict);
    }
    Ok(diagnose(state, project, today).await?.verdict)
}

/// The verdict as a reader may see it: unchanged for staff; for client contacts without the
/// cost signals, ranked and worded again from what is left.
pub fn for_reader(verdict: Verdict, internal: bool) -> Verdict {
    if internal {
        return verdict;
    }
    Verdict::of(
        verdict
            .signals
            .into_iter()
            .filter(|signal| !COST_SIGNALS.contains(&signal.id))
            .collect(),
    )
}

/// One side's health in a line: its worst severity and its first-ranked raised cause.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SideHealth {
    /// `ok`, `watch`, `at_risk` or `critical`.
    #[schema(value_type = String, example = "at_risk")]
    pub severity: Severity,
    /// The first-ranked raised signal's sentence, or "Healthy".
    pub summary: String,
}

impl SideHealth {
    /// The health of `side` in `verdict` (signals arrive ranked, most important first).
    pub fn of(verdict: &Verdict, side: Side) -> Self {
        let top = verdict.raised().find(|signal| signal.side == side);
        Self {
            severity: top.map_or(Severity::Ok, |signal| signal.severity),
            summary: top.map_or_else(
                || Severity::Ok.label().to_owned(),
                |signal| signal.explanation.clone(),
            ),
        }
    }

    /// The label a person reads ("At risk").
    pub fn label(&self) -> &'static str {
        self.severity.label()
    }
}
