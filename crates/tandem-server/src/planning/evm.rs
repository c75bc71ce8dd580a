//! Earned value of a project at a status date, through the engine's `evm`.
//!
//! Planned value is phased from the chosen baseline (`pv_source: baseline`): each leaf item's
//! saved cost spread evenly over its saved working time; items added after the baseline
//! have no budget and earn nothing. Without a baseline it falls back to the current schedule
//! with every leaf item at its full planned work (estimate → most likely → points × 4 h →
//! one day; milestones none), and says so (`pv_source: current_schedule`). The budget of an
//! item is the project budget spread over items in proportion to their work, or, without a
//! budget, the planned work itself in hours. Earned value is each item's budget times its
//! progress (done 100 %, in progress `1 − remaining / work`). Actual cost is what the
//! budget page shows — labour (time logged × each person's rate) plus expenses — up to the
//! status date; a project without a budget counts in hours, so its actual cost is the
//! hours logged.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use serde::Serialize;
use tandem_core::days::WorkspaceDays;
use tandem_core::work::{ItemType, StatusCategory};
use tandem_engine::calendar::{Duration, WorkCalendar};
use tandem_engine::cpm;
use tandem_engine::evm::{self, Baseline, BaselineTask, Indicators, Snapshot, TaskStatus};
use tandem_store::{BaselineWithItems, DailyCost, Item};
use utoipa::ToSchema;

use super::network::{self, DEFAULT_MINUTES, MINUTES_PER_POINT, PlanData};

/// Weekly points at most in a series (five years).
pub const MAX_WEEKS: usize = 260;

/// Earned value indicators at the status date. Money in `unit` (a currency, or `hours`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmView {
    pub project_key: String,
    /// `baseline` (the latest saved one) or `current_schedule` when none is saved.
    pub pv_source: String,
    /// The baseline planned value comes from.
    pub baseline_name: Option<String>,
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
    /// Estimate at completion at the current CPI (BAC / CPI), the usual forecast; absent
    /// while CPI is undefined (no cost yet).
    pub eac: Option<f64>,
    /// Estimate to complete for [`Self::eac`].
    pub etc: Option<f64>,
    /// Variance at completion for [`Self::eac`] (BAC − EAC).
    pub vac: Option<f64>,
    /// EAC when the rest goes as budgeted (AC + BAC − EV).
    pub eac_budget_rate: f64,
    /// EAC when cost and schedule performance both carry on (AC + (BAC − EV) / (CPI × SPI)).
    pub eac_cpi_spi: Option<f64>,
    /// To-complete performance index for the budget: the CPI the rest needs to land on BAC.
    pub tcpi: Option<f64>,
    /// To-complete performance index for [`Self::eac`].
    pub tcpi_eac: Option<f64>,
    /// Earned share of the budget, 0–1.
    pub percent_complete: f64,
}

/// One weekly point of the PV/EV/AC chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmPoint {
    /// The week's last working day (`YYYY-MM-DD`).
    pub date: String,
    pub planned_value: f64,
    /// Known up to the status date.
    pub earned_value: Option<f64>,
    /// Known up to the status date.
    pub actual_cost: Option<f64>,
}

/// The weekly PV/EV/AC series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvmSeries {
    pub project_key: String,
    pub pv_source: String,
    pub baseline_name: Option<String>,
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
/// working-minute offsets from the project start. Built once per request, it answers both the
/// indicators at a status date and the weekly series (the earned-value page shows both).
pub struct EarnedValuePlan<'d> {
    project_key: &'d str,
    leaves: Vec<&'d Item>,
    baseline: Baseline,
    calendar: &'d WorkCalendar,
    days: &'d WorkspaceDays,
    start: DateTime,
    unit: String,
    source: &'static str,
    baseline_name: Option<String>,
}

impl<'d> EarnedValuePlan<'d> {
    /// Phases planned value from `saved`, or from the current schedule when there is none.
    pub fn of(
        data: &'d PlanData,
        today: Date,
        saved: Option<&BaselineWithItems>,
    ) -> Result<Self, EvmFailure> {
        let start = network::start_of_day(data.start_date(today));
        let calendar = &data.calendar;
        let offset = |at: DateTime| calendar.work_between_datetimes(start, at) as f64;
        let (budgets, unit) = item_budgets(data);
        let leaves: Vec<(usize, &Item)> = data
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| !data.is_summary(item))
            .collect();
        let tasks: Vec<BaselineTask> = match saved {
            Some(saved) => {
                let planned: std::collections::HashMap<i64, &tandem_store::BaselineItem> =
                    saved.items.iter().map(|i| (i.item_id, i)).collect();
                let at = |text: &str| text.parse::<DateTime>().map(offset).unwrap_or(0.0);
                leaves
                    .iter()
                    .map(|(_, item)| match planned.get(&item.id) {
                        Some(row) => BaselineTask {
                            budget: row.cost,
                            start: at(&row.start_at),
                            finish: at(&row.finish_at).max(at(&row.start_at)),
                        },
                        None => BaselineTask {
                            budget: 0.0,
                            start: 0.0,
                            finish: 0.0,
                        },
                    })
                    .collect()
            }
            None => {
                let scheduled = full_work_schedule(data, start.date())?;
                leaves
                    .iter()
                    .map(|&(index, _)| BaselineTask {
                        budget: budgets[index],
                        start: offset(scheduled.tasks[index].start),
                        finish: offset(scheduled.tasks[index].finish),
                    })
                    .collect()
            }
        };
        Ok(Self {
            project_key: &data.project.key,
            leaves: leaves.into_iter().map(|(_, item)| item).collect(),
            baseline: Baseline::new(tasks)?,
            calendar,
            days: &data.days,
            start,
            unit,
            source: if saved.is_some() {
                "baseline"
            } else {
                "current_schedule"
            },
            baseline_name: saved.map(|b| b.baseline.name.clone()),
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

/// The schedule with every leaf at its full planned work (not what remains): the plan as
/// it would be baselined now.
pub fn full_work_schedule(data: &PlanData, start: Date) -> Result<cpm::Schedule, EvmFailure> {
    let mut project = network::cpm_project(data, start);
    for (task, item) in project.tasks.iter_mut().zip(&data.items) {
        if !data.is_summary(item) {
            task.duration = Duration::Working(work(item));
        }
    }
    Ok(cpm::schedule(&project)?)
}

/// Each item's budget (summaries 0, in `data.items` order) and its unit: the project budget
/// spread over leaf items by planned work, or the planned work in hours without a budget.
pub fn item_budgets(data: &PlanData) -> (Vec<f64>, String) {
    let (budget, unit) = match &data.project.budget {
        Some(money) => (
            Some(money.amount_minor as f64 / 100.0),
            money.currency.clone(),
        ),
        None => (None, "hours".to_owned()),
    };
    let leaf_work = |item: &Item| {
        if data.is_summary(item) { 0 } else { work(item) }
    };
    let total_work: i64 = data.items.iter().map(leaf_work).sum();
    let budgets = data
        .items
        .iter()
        .map(|item| {
            let minutes = leaf_work(item) as f64;
            match budget {
                Some(amount) if total_work > 0 => amount * minutes / total_work as f64,
                Some(_) => 0.0,
                None => minutes / 60.0,
            }
        })
        .collect();
    (budgets, unit)
}

/// Planned work of an item: its full estimate, never what remains.
pub fn work(item: &Item) -> i64 {
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

/// What a project spent, day by day: the actual cost to any date in the plan's unit.
#[derive(Debug, Clone, Default)]
pub struct Spending {
    days: Vec<DailyCost>,
    in_hours: bool,
}

impl Spending {
    /// Wraps the store's daily totals; `in_hours` counts logged hours instead of money.
    pub fn new(days: Vec<DailyCost>, in_hours: bool) -> Self {
        Self { days, in_hours }
    }

    /// Actual cost up to and including `date`: labour (rounded to the minor unit like the
    /// budget page) plus expenses, or the hours logged.
    pub fn until(&self, date: Date) -> f64 {
        let date = date.to_string();
        let upto = self.days.iter().filter(|day| day.date <= date);
        if self.in_hours {
            upto.map(|day| day.minutes).sum::<i64>() as f64 / 60.0
        } else {
            let (labour, expenses) = upto.fold((0, 0), |(labour, expenses), day| {
                (
                    labour + day.labour_minute_cost,
                    expenses + day.expenses_minor,
                )
            });
            ((labour + 30).div_euclid(60) + expenses) as f64 / 100.0
        }
    }
}

/// Earned value at `status_date` against `saved` (or the current schedule).
pub fn compute(
    data: &PlanData,
    today: Date,
    status_date: Date,
    saved: Option<&BaselineWithItems>,
    spending: &Spending,
) -> Result<EvmView, EvmFailure> {
    EarnedValuePlan::of(data, today, saved)?.at(status_date, spending)
}

impl EarnedValuePlan<'_> {
    /// The indicators at `status_date`.
    pub fn at(&self, status_date: Date, spending: &Spending) -> Result<EvmView, EvmFailure> {
        let progress: Vec<TaskStatus> = self
            .leaves
            .iter()
            .map(|item| TaskStatus {
                percent_complete: percent_complete(item),
                actual_cost: 0.0,
            })
            .collect();
        let analysis = evm::analyse(&self.baseline, &progress, self.offset_of(status_date))?;
        // Cost is known for the project, not per item: the totals take it from there.
        let spent = spending.until(status_date);
        let totals = Indicators::from_totals(
            analysis.project.budget_at_completion,
            analysis.project.planned_value,
            analysis.project.earned_value,
            spent,
        );
        let at_cpi = totals.completion_at_current_cpi;
        Ok(EvmView {
            project_key: self.project_key.to_owned(),
            pv_source: self.source.to_owned(),
            baseline_name: self.baseline_name.clone(),
            unit: self.unit.clone(),
            status_date: status_date.to_string(),
            budget_at_completion: totals.budget_at_completion,
            planned_value: totals.planned_value,
            earned_value: totals.earned_value,
            actual_cost: totals.actual_cost,
            actual_cost_available: true,
            schedule_variance: totals.schedule_variance,
            cost_variance: totals.cost_variance,
            spi: totals.schedule_performance_index,
            cpi: totals.cost_performance_index,
            eac: at_cpi.map(|c| c.estimate_at_completion),
            etc: at_cpi.map(|c| c.estimate_to_complete),
            vac: at_cpi.map(|c| c.variance_at_completion),
            eac_budget_rate: totals.completion_at_budget_rate.estimate_at_completion,
            eac_cpi_spi: totals
                .completion_at_cpi_and_spi
                .map(|c| c.estimate_at_completion),
            tcpi: totals.to_complete_index_for_budget,
            tcpi_eac: totals.to_complete_index_for_estimate,
            percent_complete: if totals.budget_at_completion > 0.0 {
                totals.earned_value / totals.budget_at_completion
            } else {
                0.0
            },
        })
    }

    /// Weekly PV from the project start's week to the planned finish, with EV (from
    /// completion dates) up to `today`.
    pub fn series(&self, today: Date, spending: &Spending) -> Result<EvmSeries, EvmFailure> {
        let finish = self
            .baseline
            .tasks()
            .iter()
            .map(|t| t.finish)
            .fold(0.0, f64::max);
        let first_friday = self.start.date()
            + i64::from(4 - self.start.date().weekday().to_monday_zero_offset()).days();
        let mut weeks = Vec::new();
        let mut friday = first_friday;
        while weeks.len() < MAX_WEEKS {
            weeks.push(friday);
            let offset = self.offset_of(friday);
            if offset >= finish && friday >= today {
                break;
            }
            friday += 7.days();
        }
        let periods: Vec<f64> = weeks.iter().map(|&d| self.offset_of(d)).collect();
        let snapshots: Vec<Snapshot> = weeks
            .iter()
            .zip(&periods)
            .filter(|(date, _)| **date - 7.days() < today)
            .map(|(date, &at)| Snapshot {
                at,
                earned_value: earned_by(self, *date),
                actual_cost: spending.until(*date),
            })
            .collect();
        let points = evm::performance_series(&self.baseline, &periods, &snapshots)?;
        Ok(EvmSeries {
            project_key: self.project_key.to_owned(),
            pv_source: self.source.to_owned(),
            baseline_name: self.baseline_name.clone(),
            unit: self.unit.clone(),
            budget_at_completion: self.baseline.budget_at_completion(),
            points: weeks
                .iter()
                .zip(points)
                .map(|(date, point)| EvmPoint {
                    date: date.to_string(),
                    planned_value: point.planned_value,
                    earned_value: point.earned_value,
                    actual_cost: point.actual_cost,
                })
                .collect(),
        })
    }
}

/// Budget of the items completed by the end of the working day `date`, on the workspace's
/// clock.
fn earned_by(plan: &EarnedValuePlan<'_>, date: Date) -> f64 {
    let end = plan.days.instant_ms(network::end_of_day(date));
    plan.leaves
        .iter()
        .zip(plan.baseline.tasks())
        .filter(|(item, _)| item.completed_at.is_some_and(|at| at <= end))
        .map(|(_, task)| task.budget)
        .sum()
}
