//! Earned value of a project at a status date, through the engine's `evm`.
//!
//! Until projects have saved baselines, planned value comes from the current schedule with
//! every leaf item at its full planned work (estimate → most likely → points × 4 h → one
//! day; milestones none), and the view says so (`pv_source: current_schedule`). The budget
//! at completion is the project budget spread over items in proportion to their work, or,
//! without a budget, the planned work itself in hours. Earned value is each item's budget
//! times its progress (done 100 %, in progress `1 − remaining / work`). Actual cost is not
//! recorded yet: it is 0 with `actual_cost_available: false`, so CPI stays undefined.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use serde::Serialize;
use tandem_core::work::{ItemType, StatusCategory};
use tandem_engine::calendar::{Duration, WorkCalendar};
use tandem_engine::cpm;
use tandem_engine::evm::{self, Baseline, BaselineTask, Snapshot, TaskStatus};
use tandem_store::Item;
use utoipa::ToSchema;

use super::network::{self, DEFAULT_MINUTES, MINUTES_PER_POINT, PlanData};

/// Weekly points at most in a series (five years).
pub const MAX_WEEKS: usize = 260;

/// Earned value indicators at the status date. Money in `unit` (a currency, or `hours`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmView {
    pub project_key: String,
    /// `current_schedule` until baselines are saved.
    pub pv_source: String,
    /// The currency of the project budget, or `hours` when it has none.
    pub unit: String,
    pub status_date: String,
    pub budget_at_completion: f64,
    pub planned_value: f64,
    pub earned_value: f64,
    pub actual_cost: f64,
    pub actual_cost_available: bool,
    pub schedule_variance: f64,
    pub cost_variance: f64,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
    /// Estimate at completion at the budgeted rate for the remaining work (AC + BAC − EV);
    /// like ETC, VAC and TCPI it is absent while actual cost is not recorded, because with
    /// AC = 0 it would promise an underrun that nobody measured.
    pub eac: Option<f64>,
    pub etc: Option<f64>,
    pub vac: Option<f64>,
    /// To-complete performance index for the budget.
    pub tcpi: Option<f64>,
    /// Earned share of the budget, 0–1.
    pub percent_complete: f64,
}

/// One weekly point of the PV/EV chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmPoint {
    /// The week's last working day (`YYYY-MM-DD`).
    pub date: String,
    pub planned_value: f64,
    /// Known up to the status date.
    pub earned_value: Option<f64>,
}

/// The weekly PV/EV series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmSeries {
    pub project_key: String,
    pub pv_source: String,
    pub unit: String,
    pub budget_at_completion: f64,
    pub points: Vec<EvmPoint>,
}

/// Why earned value cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum EvmFailure {
    /// The network cannot be scheduled.
    #[error("the project cannot be scheduled: {0}")]
    Schedule(#[from] cpm::ScheduleError),
    /// The engine refused the inputs.
    #[error("earned value cannot be computed: {0}")]
    Engine(#[from] evm::EvmError),
}

/// The planned baseline of a project: its leaf items with budgets and planned dates as
/// working-minute offsets from the project start.
struct Plan<'d> {
    leaves: Vec<&'d Item>,
    baseline: Baseline,
    calendar: &'d WorkCalendar,
    start: DateTime,
    unit: String,
}

impl<'d> Plan<'d> {
    fn of(data: &'d PlanData, today: Date) -> Result<Self, EvmFailure> {
        let start_date = data.start_date(today);
        let mut project = network::cpm_project(data, start_date);
        for (task, item) in project.tasks.iter_mut().zip(&data.items) {
            if !data.is_summary(item) {
                task.duration = Duration::Working(work(item));
            }
        }
        let scheduled = cpm::schedule(&project)?;
        let calendar = &data.calendar;
        let offset = |at: DateTime| calendar.work_between_datetimes(project.start, at) as f64;
        let (budget, unit) = match &data.project.budget {
            Some(money) => (
                Some(money.amount_minor as f64 / 100.0),
                money.currency.clone(),
            ),
            None => (None, "hours".to_owned()),
        };
        let leaves: Vec<(&Item, &cpm::ScheduledTask)> = data
            .items
            .iter()
            .zip(&scheduled.tasks)
            .filter(|(item, _)| !data.is_summary(item))
            .collect();
        let total_work: i64 = leaves.iter().map(|(item, _)| work(item)).sum();
        let tasks = leaves
            .iter()
            .map(|(item, task)| {
                let minutes = work(item) as f64;
                BaselineTask {
                    budget: match budget {
                        Some(amount) if total_work > 0 => amount * minutes / total_work as f64,
                        Some(_) => 0.0,
                        None => minutes / 60.0,
                    },
                    start: offset(task.start),
                    finish: offset(task.finish),
                }
            })
            .collect();
        Ok(Self {
            leaves: leaves.into_iter().map(|(item, _)| item).collect(),
            baseline: Baseline::new(tasks)?,
            calendar,
            start: project.start,
            unit,
        })
    }

    /// Working minutes from the project start to the end of `date` (0 before the start).
    fn offset_of(&self, date: Date) -> f64 {
        let end = network::end_of_day(date);
        if end <= self.start {
            0.0
        } else {
            self.calendar.work_between_datetimes(self.start, end) as f64
        }
    }
}

/// Planned work of an item: its full estimate, never what remains.
fn work(item: &Item) -> i64 {
    if item.item_type == ItemType::Milestone {
        0
    } else {
        item.estimate_minutes
            .or(item.most_likely_minutes)
            .or(item.story_points.map(|points| points * MINUTES_PER_POINT))
            .unwrap_or(DEFAULT_MINUTES)
    }
}

/// Progress of an item in percent.
fn percent_complete(item: &Item) -> f64 {
    match item.status.category {
        StatusCategory::Done => 100.0,
        StatusCategory::InProgress => match item.remaining_minutes {
            Some(remaining) if work(item) > 0 => {
                (100.0 * (1.0 - remaining as f64 / work(item) as f64)).clamp(0.0, 100.0)
            }
            _ => 0.0,
        },
        StatusCategory::Todo => 0.0,
    }
}

/// Earned value at `status_date`.
pub fn compute(data: &PlanData, today: Date, status_date: Date) -> Result<EvmView, EvmFailure> {
    let plan = Plan::of(data, today)?;
    let progress: Vec<TaskStatus> = plan
        .leaves
        .iter()
        .map(|item| TaskStatus {
            percent_complete: percent_complete(item),
            actual_cost: 0.0,
        })
        .collect();
    let analysis = evm::analyse(&plan.baseline, &progress, plan.offset_of(status_date))?;
    let totals = analysis.project;
    let completion = totals.completion_at_budget_rate;
    // Actual cost is not recorded yet (see the module documentation).
    let actual_cost_available = false;
    let with_cost = |value: f64| actual_cost_available.then_some(value);
    Ok(EvmView {
        project_key: data.project.key.clone(),
        pv_source: "current_schedule".to_owned(),
        unit: plan.unit,
        status_date: status_date.to_string(),
        budget_at_completion: totals.budget_at_completion,
        planned_value: totals.planned_value,
        earned_value: totals.earned_value,
        actual_cost: totals.actual_cost,
        actual_cost_available,
        schedule_variance: totals.schedule_variance,
        cost_variance: totals.cost_variance,
        spi: totals.schedule_performance_index,
        cpi: totals.cost_performance_index,
        eac: with_cost(completion.estimate_at_completion),
        etc: with_cost(completion.estimate_to_complete),
        vac: with_cost(completion.variance_at_completion),
        tcpi: totals
            .to_complete_index_for_budget
            .filter(|_| actual_cost_available),
        percent_complete: if totals.budget_at_completion > 0.0 {
            totals.earned_value / totals.budget_at_completion
        } else {
            0.0
        },
    })
}

/// Weekly PV from the project start's week to the planned finish, with EV (from completion
/// dates) up to `today`.
pub fn series(data: &PlanData, today: Date) -> Result<EvmSeries, EvmFailure> {
    let plan = Plan::of(data, today)?;
    let finish = plan
        .baseline
        .tasks()
        .iter()
        .map(|t| t.finish)
        .fold(0.0, f64::max);
    let first_friday = plan.start.date()
        + i64::from(4 - plan.start.date().weekday().to_monday_zero_offset()).days();
    let mut weeks = Vec::new();
    let mut friday = first_friday;
    while weeks.len() < MAX_WEEKS {
        weeks.push(friday);
        let offset = plan.offset_of(friday);
        if offset >= finish && friday >= today {
            break;
        }
        friday += 7.days();
    }
    let periods: Vec<f64> = weeks.iter().map(|&d| plan.offset_of(d)).collect();
    let snapshots: Vec<Snapshot> = weeks
        .iter()
        .zip(&periods)
        .filter(|(date, _)| **date - 7.days() < today)
        .map(|(date, &at)| Snapshot {
            at,
            earned_value: earned_by(&plan, *date),
            actual_cost: 0.0,
        })
        .collect();
    let points = evm::performance_series(&plan.baseline, &periods, &snapshots)?;
    Ok(EvmSeries {
        project_key: data.project.key.clone(),
        pv_source: "current_schedule".to_owned(),
        unit: plan.unit.clone(),
        budget_at_completion: plan.baseline.budget_at_completion(),
        points: weeks
            .iter()
            .zip(points)
            .map(|(date, point)| EvmPoint {
                date: date.to_string(),
                planned_value: point.planned_value,
                earned_value: point.earned_value,
            })
            .collect(),
    })
}

/// Budget of the items completed by the end of `date` (UTC).
fn earned_by(plan: &Plan<'_>, date: Date) -> f64 {
    let end = network::end_of_day(date)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(i64::MAX);
    plan.leaves
        .iter()
        .zip(plan.baseline.tasks())
        .filter(|(item, _)| item.completed_at.is_some_and(|at| at <= end))
        .map(|(_, task)| task.budget)
        .sum()
}
