//! Baselines: the current plan saved under a name (per item its scheduled dates, planned
//! work and budgeted cost, and the features in scope), and the schedule's variance against
//! one, in working days of the project calendar (positive = later than planned).

use std::collections::HashMap;

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use tandem_store::{Baseline, BaselineFeature, BaselineItem, BaselineWithItems, Feature};
use utoipa::ToSchema;

use super::evm;
use super::network::PlanData;
use super::schedule::{self, ScheduleView};

/// Longest baseline name.
pub const MAX_NAME: usize = 200;

/// A saved baseline as the API lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BaselineView {
    pub id: i64,
    pub name: String,
    /// Who saved it (absent once that account is gone).
    pub created_by: Option<String>,
    /// When it was saved, unix ms.
    pub created_at: i64,
    /// When it was saved, `YYYY-MM-DD HH:MM` UTC.
    pub saved: String,
    pub item_count: i64,
    /// Features in the scope saved with it, which the health diagnosis measures scope churn
    /// against (absent for baselines saved before the scope was recorded).
    pub features: Option<i64>,
}

impl From<Baseline> for BaselineView {
    fn from(baseline: Baseline) -> Self {
        let saved = jiff::Timestamp::from_millisecond(baseline.created_at)
            .map(|at| at.strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        Self {
            id: baseline.id,
            name: baseline.name,
            created_by: baseline.created_by.map(|user| user.name),
            created_at: baseline.created_at,
            saved,
            item_count: baseline.item_count,
            features: baseline.feature_count,
        }
    }
}

/// A baseline to save.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BaselineInput {
    /// A label such as "Approved plan" (1–200 characters).
    pub name: String,
    /// `today` or a status date `YYYY-MM-DD`: save the plan with the work not done yet
    /// rescheduled from it, as `GET …/schedule?remaining_from=` computes it (what the Gantt
    /// of a running project shows). Absent: the plan from the project start.
    #[serde(default)]
    pub remaining_from: Option<String>,
}

/// Validates a baseline name.
pub fn name(input: &BaselineInput) -> Result<String, tandem_core::ValidationError> {
    let name = crate::people::text("name", &input.name, MAX_NAME)?;
    if name.is_empty() {
        return Err(tandem_core::ValidationError::new(
            "name",
            "must not be empty",
        ));
    }
    Ok(name)
}

/// Every item of `data` as `view` (its schedule, levelled or not) places it — a done item at
/// its actual dates when `view` has them — with its planned work and its share of the budget.
pub fn items(data: &PlanData, view: &ScheduleView) -> Vec<BaselineItem> {
    let (budgets, _) = evm::item_budgets(data);
    data.items
        .iter()
        .zip(&view.items)
        .zip(budgets)
        .map(|((item, row), cost)| BaselineItem {
            item_id: item.id,
            start_at: row.effective_dates().0.to_owned(),
            finish_at: row.effective_dates().1.to_owned(),
            work_minutes: if data.is_summary(item) {
                0
            } else {
                evm::work(item)
            },
            cost,
        })
        .collect()
}

/// The project's feature scope as it stands (see [`FeatureStatus::in_scope`]), with each
/// feature's title so a feature deleted later can still be named.
///
/// [`FeatureStatus::in_scope`]: tandem_core::product::artefacts::FeatureStatus::in_scope
pub fn scope(features: &[Feature]) -> Vec<BaselineFeature> {
    features
        .iter()
        .filter(|feature| feature.fields.status.in_scope())
        .map(|feature| BaselineFeature {
            feature_id: feature.id,
            title: feature.fields.title.clone(),
        })
        .collect()
}

/// The baseline a schedule was compared with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BaselineRef {
    pub id: i64,
    pub name: String,
    /// When it was saved, unix ms (pages show it on the reader's clock).
    pub created_at: i64,
    /// When it was saved, `YYYY-MM-DD HH:MM` UTC.
    pub saved: String,
}

/// Working days on the project calendar from `baseline` to `current` (negative when
/// earlier), both as the schedule writes them; `None` when either does not parse.
pub fn slip_days(data: &PlanData, baseline: &str, current: &str) -> Option<f64> {
    let baseline: DateTime = baseline.parse().ok()?;
    let current: DateTime = current.parse().ok()?;
    Some(schedule::days(
        data.calendar.work_between_datetimes(baseline, current),
    ))
}

/// Fills each item's baseline dates and variance in `view` from `saved`. Items added after
/// the baseline keep no baseline and no variance.
pub fn compare(view: &mut ScheduleView, data: &PlanData, saved: &BaselineWithItems) {
    let planned: HashMap<i64, &BaselineItem> = saved
        .items
        .iter()
        .map(|item| (item.item_id, item))
        .collect();
    for item in &mut view.items {
        let Some(row) = planned.get(&item.id) else {
            continue;
        };
        let (start, finish) = item.effective_dates();
        let (start_slip, finish_slip) = (
            slip_days(data, &row.start_at, start),
            slip_days(data, &row.finish_at, finish),
        );
        item.start_variance_days = start_slip;
        item.finish_variance_days = finish_slip;
        item.baseline_start = Some(row.start_at.clone());
        item.baseline_finish = Some(row.finish_at.clone());
    }
    let summary = BaselineView::from(saved.baseline.clone());
    view.baseline = Some(BaselineRef {
        id: summary.id,
        name: summary.name,
        created_at: summary.created_at,
        saved: summary.saved,
    });
}
