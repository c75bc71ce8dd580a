//! One line of the portfolio: everything it says about a project, measured once per request
//! (the plan is loaded once and its forecast run once, then sorting and filtering reuse it).

use crate::diagnosis::reading::{self as health, SideHealth};
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::people::budget;
use crate::planning::network::{self, PlanData};
use crate::planning::service;
use crate::state::AppState;
use jiff::civil::Date;
use serde::Serialize;
use std::num::NonZeroU32;
use tandem_core::access::{Actor, ProjectAction};
use tandem_core::health::{Severity, Side};
use tandem_core::product::direction::{
    DecisionStatus, ReleaseStatus, Visibility, decision_overdue,
};
use tandem_core::work::{ItemType, StatusCategory};
use tandem_engine::forecast::SimulationSettings;
use tandem_store::direction::DecisionFilter;
use utoipa::ToSchema;

/// Trials per project forecast in the portfolio: enough for a P85 within about a day, cheap
/// enough for hundreds of projects (the Forecast tab runs the full 10,000).
pub const PORTFOLIO_TRIALS: u32 = 1_000;

/// The next date a project must hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NextMilestone {
    /// `milestone` (a work item) or `release`.
    pub kind: &'static str,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Already past and not reached.
    pub overdue: bool,
}

/// The forecast against the target launch date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastVsTarget {
    /// Finish at 85 % confidence, `YYYY-MM-DD`; absent when no forecast can be made.
    pub p85: Option<String>,
    /// The project's target launch date, `YYYY-MM-DD`.
    pub target: Option<String>,
    /// Calendar days P85 lands after the target (negative: before it).
    pub days_late: Option<i64>,
    /// Why there is no P85, when there is none.
    pub note: Option<String>,
}

/// Who manages the project, with the gaps flagged.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleCoverage {
    pub product_manager: Option<String>,
    pub project_manager: Option<String>,
    /// `missing_product_manager`, `missing_project_manager`, `same_person_holds_both`.
    pub gaps: Vec<&'static str>,
}

/// Open decisions (still proposed) and how many of them are past due.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct DecisionCounts {
    pub open: usize,
    pub overdue: usize,
}

/// One project in the portfolio.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortfolioRow {
    pub key: String,
    pub name: String,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub archived: bool,
    /// Worst severity over both sides.
    #[schema(value_type = String, example = "at_risk")]
    pub severity: Severity,
    /// The verdict sentence ("At risk — mainly product: …").
    pub verdict: String,
    pub product: SideHealth,
    pub delivery: SideHealth,
    pub roles: RoleCoverage,
    pub next_milestone: Option<NextMilestone>,
    pub forecast: ForecastVsTarget,
    /// Actual cost as a share of the budget (0.5 = 50 %). Internal: absent for client users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_burn: Option<f64>,
    pub decisions: DecisionCounts,
}

impl PortfolioRow {
    /// The health of `side`.
    pub fn side(&self, side: Side) -> &SideHealth {
        match side {
            Side::Product => &self.product,
            Side::Delivery => &self.delivery,
        }
    }
}

/// Measures one project for `actor`.
pub async fn measure(
    state: &AppState,
    actor: &Actor,
    visible: VisibleProject,
    today: Date,
) -> Result<PortfolioRow, ApiError> {
    let internal = actor.may_on(&visible.access, ProjectAction::ViewInternal);
    let project = visible.project;
    let verdict = health::for_reader(health::this_week(state, &project, today).await?, internal);
    let budget_burn = if internal {
        burn(state, &project).await?
    } else {
        None
    };
    let decisions = decisions(state, project.id, internal, today).await?;
    let releases = state.store.list_releases(project.id).await?;
    let data = PlanData::load(&state.store, project.clone()).await?;
    let next = next_milestone(&data, &releases, internal, today);
    let forecast = forecast(state, data, project.target_launch_date.clone()).await;
    Ok(PortfolioRow {
        severity: verdict.severity,
        verdict: verdict.sentence.clone(),
        product: SideHealth::of(&verdict, Side::Product),
        delivery: SideHealth::of(&verdict, Side::Delivery),
        roles: coverage(&project),
        next_milestone: next,
        forecast,
        budget_burn,
        decisions,
        key: project.key,
        name: project.name,
        client_id: project.client_id,
        client_name: project.client_name,
        archived: project.archived,
    })
}

fn coverage(project: &tandem_store::Project) -> RoleCoverage {
    let name = |m: &Option<tandem_store::UserRef>| m.as_ref().map(|m| m.name.clone());
    let mut gaps = Vec::new();
    if project.product_manager.is_none() {
        gaps.push("missing_product_manager");
    }
    if project.project_manager.is_none() {
        gaps.push("missing_project_manager");
    }
    if let (Some(a), Some(b)) = (&project.product_manager, &project.project_manager)
        && a.id == b.id
    {
        gaps.push("same_person_holds_both");
    }
    RoleCoverage {
        product_manager: name(&project.product_manager),
        project_manager: name(&project.project_manager),
        gaps,
    }
}

/// Actual cost over the budget (internal; the report reuses it): the project's overall budget when set, else its planned lines.
pub async fn burn(
    state: &AppState,
    project: &tandem_store::Project,
) -> Result<Option<f64>, ApiError> {
    let summary = budget::summary(&state.store, project).await?;
    let total = summary.project_budget.unwrap_or(summary.planned_total);
    Ok((total > 0.0).then(|| summary.actual_cost / total))
}

async fn decisions(
    state: &AppState,
    project_id: i64,
    internal: bool,
    today: Date,
) -> Result<DecisionCounts, ApiError> {
    let filter = DecisionFilter {
        status: Some(DecisionStatus::Proposed),
        overdue_on: None,
        shared_only: !internal,
    };
    let open = state.store.list_decisions(project_id, &filter).await?;
    let today = today.to_string();
    Ok(DecisionCounts {
        open: open.len(),
        overdue: open
            .iter()
            .filter(|d| decision_overdue(d.status, d.due_on.as_deref(), &today))
            .count(),
    })
}

/// The earliest milestone item not done, or release not yet out, with a date.
pub fn next_milestone(
    data: &PlanData,
    releases: &[tandem_store::direction::Release],
    internal: bool,
    today: Date,
) -> Option<NextMilestone> {
    let milestones = data
        .items
        .iter()
        .filter(|item| {
            item.item_type == ItemType::Milestone && item.status.category != StatusCategory::Done
        })
        .filter_map(|item| Some(("milestone", item.title.clone(), item.due_date.clone()?)));
    let upcoming = releases
        .iter()
        .filter(|r| matches!(r.status, ReleaseStatus::Planned | ReleaseStatus::Approved))
        .filter(|r| internal || r.visibility == Visibility::Shared)
        .filter_map(|r| Some(("release", r.name.clone(), r.target_date.clone()?)));
    let today = today.to_string();
    milestones
        .chain(upcoming)
        .min_by(|a, b| a.2.cmp(&b.2))
        .map(|(kind, title, date)| NextMilestone {
            overdue: date < today,
            kind,
            title,
            date,
        })
}

async fn forecast(state: &AppState, data: PlanData, target: Option<String>) -> ForecastVsTarget {
    let settings = SimulationSettings {
        trials: NonZeroU32::new(PORTFOLIO_TRIALS).unwrap_or(NonZeroU32::MIN),
        seed: service::DEFAULT_SEED,
    };
    let result = service::run_delivery_forecast(state, data, settings).await;
    let (p85, note) = match result {
        Ok(view) => (view.finish.p85.get(..10).map(str::to_owned), None),
        Err(error) => (None, Some(error.message)),
    };
    let days_late = p85
        .as_deref()
        .and_then(network::parse_date)
        .zip(target.as_deref().and_then(network::parse_date))
        .map(|(p85, target)| i64::from((p85 - target).get_days()));
    ForecastVsTarget {
        p85,
        target,
        days_late,
        note,
    }
}
