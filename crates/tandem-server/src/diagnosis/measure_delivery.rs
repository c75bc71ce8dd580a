//! The delivery side measured from stored data: earned value (SPI, CPI), the P85 forecast
//! against the target date, overdue milestones, blocked items, over-allocation, budget burn,
//! sprint spillover and time logging. Schedule figures come from the planning service's
//! engine runs, so this page and the Gantt/forecast/EVM pages agree.

use super::evidence::{capped, days_between, end_of, item, not_measurable, record};
use crate::delivery::history;
use crate::error::ApiError;
use crate::people::{roadblocks, workload};
use crate::planning::evm::{self, EvmView};
use crate::planning::forecast::{self, ForecastView};
use crate::planning::network::PlanData;
use crate::planning::{baselines, schedule, service};
use crate::state::AppState;
use jiff::ToSpan;
use jiff::civil::Date;
use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::Arc;
use tandem_core::health::{Signal, SignalId, Thresholds, delivery};
use tandem_core::people::workload::week_start;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_core::work::{ItemType, StatusCategory};
use tandem_engine::forecast::SimulationSettings;
use tandem_store::{BaselineWithItems, MemberProfile, Project, TimeFilter};

/// Forecast trials: enough for a stable P85, few enough for a quick diagnosis.
pub const FORECAST_TRIALS: u32 = 500;
/// Forecast seed: the same data and day always give the same P85.
pub const FORECAST_SEED: u64 = 1;
/// Weeks ahead the over-allocation signal looks at.
pub const LOAD_WEEKS: i64 = 4;
/// Why critical-path slip cannot be measured: nothing to compare the plan with.
const NO_BASELINE: &str = "no baseline of the plan was saved to compare the critical path with";

/// Everything the delivery signals read, loaded once.
pub(super) struct DeliveryFacts {
    plan: Arc<PlanData>,
    evm: Result<EvmView, String>,
    /// The critical items' slip against the latest baseline; `None` without a baseline.
    slip: Result<Option<CriticalSlip>, String>,
    forecast: Option<ForecastView>,
    blocked: Vec<roadblocks::RoadblockView>,
    workload: workload::WorkloadView,
    /// Spillover share of each completed sprint with committed points, oldest first.
    spillover: Vec<(tandem_store::Sprint, f64)>,
    /// Each team member's last week.
    last_week: Vec<MemberWeek>,
}

impl DeliveryFacts {
    /// Loads and computes the delivery figures of `project` as of `today`. The plan is loaded
    /// once; the engine's figures (earned value, slip, forecast) run on it off the async
    /// workers while the other facts load.
    pub(super) async fn load(
        state: &AppState,
        project: &Project,
        today: Date,
    ) -> Result<Self, ApiError> {
        let store = &state.store;
        let (plan, (saved, spending), team) = tokio::try_join!(
            PlanData::load(store, project.clone()),
            service::evm_context(store, project),
            workload::Team::load(store, project.id),
        )?;
        // The team's profiles are the people the forecast levels over (`people_to_level`).
        let people = service::has_open_assigned_work(&plan).then(|| team.profiles.clone());
        let plan = Arc::new(plan);
        let (engine, changes, spillover) = tokio::try_join!(
            EngineFigures::compute(state, Arc::clone(&plan), people, today, saved, spending),
            async { Ok::<_, ApiError>(store.status_changes(project.id).await?) },
            spillover(state, project.id),
        )?;
        // One workload from last week on: last week's capacity for time logging, the weeks
        // from this one on for over-allocation. Its undated work is placed by the levelled
        // schedule the forecast's work order came from.
        let monday = last_monday(today)?;
        let workload = workload::compute(
            &plan,
            &team,
            &engine.levelled,
            monday,
            LOAD_WEEKS + 1,
            today,
        )?;
        let last_week = last_week(state, project.id, monday, &workload).await?;
        let created = plan.items.iter().map(|i| (i.id, i.created_at)).collect();
        let blocked = roadblocks::blocked(
            &plan.dependencies,
            &changes,
            &created,
            end_of(today, &plan.days),
        );
        Ok(Self {
            plan,
            evm: engine.evm,
            slip: engine.slip,
            forecast: engine.forecast,
            blocked,
            workload,
            spillover,
            last_week,
        })
    }

    /// Every delivery signal but role coverage.
    pub(super) fn signals(&self, thresholds: &Thresholds, today: Date) -> Vec<Signal> {
        vec![
            self.spi(thresholds, today),
            self.cpi(thresholds),
            self.forecast(thresholds),
            self.critical_path_slip(thresholds),
            self.milestones(thresholds, today),
            self.blocked(thresholds),
            self.over_allocation(thresholds),
            self.budget_burn(thresholds),
            self.spillover(thresholds),
            self.time_logging(thresholds),
        ]
    }

    /// Open leaf items past their due date, most overdue first: the late work behind SPI.
    fn late_items(&self, today: Date) -> Vec<tandem_core::health::Evidence> {
        let mut late: Vec<(&tandem_store::Item, Date)> = self
            .plan
            .items
            .iter()
            .filter(|i| i.status.category != StatusCategory::Done && !self.plan.is_summary(i))
            .filter_map(|i| Some((i, i.due_date.as_deref()?.parse::<Date>().ok()?)))
            .filter(|(_, due)| *due < today)
            .collect();
        late.sort_by_key(|(i, due)| (*due, i.id));
        capped(late.iter().map(|(i, _)| item(&i.key, &i.title)))
    }

    fn spi(&self, thresholds: &Thresholds, today: Date) -> Signal {
        match &self.evm {
            Ok(view) => {
                let mut evidence = vec![record_key("evm", &self.plan.project.key, "Earned value")];
                evidence.extend(self.late_items(today));
                delivery::spi(view.spi, thresholds, capped(evidence))
            }
            Err(reason) => unschedulable(SignalId::Spi, thresholds.spi, reason),
        }
    }

    fn cpi(&self, thresholds: &Thresholds) -> Signal {
        match &self.evm {
            Ok(view) => {
                // EV over actual cost: money with a budget, hours logged without one.
                let value = (view.actual_cost > 0.0 && view.earned_value > 0.0)
                    .then(|| view.earned_value / view.actual_cost);
                let evidence = vec![record_key("budget", &self.plan.project.key, "Budget")];
                delivery::cpi(value, thresholds, evidence)
            }
            Err(reason) => unschedulable(SignalId::Cpi, thresholds.cpi, reason),
        }
    }

    fn forecast(&self, thresholds: &Thresholds) -> Signal {
        let input = self.forecast.as_ref().and_then(|view| {
            let target = view.target_launch_date.clone()?;
            let p85 = view.finish.p85.get(..10)?.to_owned();
            let days_late = days_between(target.parse().ok()?, p85.parse().ok()?);
            Some(delivery::ForecastInput {
                p85,
                target,
                days_late,
            })
        });
        let evidence = self.forecast.as_ref().map_or_else(Vec::new, |view| {
            capped(
                view.criticality
                    .iter()
                    .take(5)
                    .map(|c| item(&c.key, &c.title)),
            )
        });
        delivery::forecast_after_target(input.as_ref(), thresholds, evidence)
    }

    fn milestones(&self, thresholds: &Thresholds, today: Date) -> Signal {
        let mut overdue: Vec<(&tandem_store::Item, i64)> = self
            .plan
            .items
            .iter()
            .filter(|i| i.item_type == ItemType::Milestone)
            .filter(|i| i.status.category != StatusCategory::Done)
            .filter_map(|i| {
                let due = i.due_date.as_deref()?.parse::<Date>().ok()?;
                (due < today).then(|| (i, days_between(due, today)))
            })
            .collect();
        overdue.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        let oldest = overdue.first().map_or(0, |(_, days)| *days) as u32;
        let evidence = capped(overdue.iter().map(|(i, _)| item(&i.key, &i.title)));
        delivery::overdue_milestones(overdue.len() as u32, oldest, thresholds, evidence)
    }

    fn blocked(&self, thresholds: &Thresholds) -> Signal {
        let long: Vec<&roadblocks::RoadblockView> = self
            .blocked
            .iter()
            .filter(|b| b.days_blocked as f64 > thresholds.blocked_days)
            .collect();
        let longest = long.first().map_or(0, |b| b.days_blocked) as u32;
        let evidence = capped(long.iter().map(|b| item(&b.key, &b.title)));
        delivery::blocked_items(long.len() as u32, longest, thresholds, evidence)
    }

    /// Planned load above capacity. Late work is left out: the workload puts it all on today
    /// (it is due now), which would report every late plan as over-committed people; the
    /// schedule signals (SPI, overdue milestones, slip) measure lateness instead.
    fn over_allocation(&self, thresholds: &Thresholds) -> Signal {
        // The workload starts last week; today's week holds the late work.
        let this_week = self
            .workload
            .as_of
            .parse::<Date>()
            .map(|as_of| week_start(as_of).to_string())
            .unwrap_or_default();
        // Each week's planned load as a share of capacity, from this week on.
        let loads = |person: &workload::PersonLoad| -> Vec<f64> {
            person
                .weeks
                .iter()
                .filter(|w| w.week >= this_week && w.capacity_minutes > 0)
                .map(|w| {
                    let late = if w.week == this_week {
                        person.overdue_minutes
                    } else {
                        0
                    };
                    (w.allocated_minutes - late) as f64 / w.capacity_minutes as f64
                })
                .collect()
        };
        let peak_of = |person: &workload::PersonLoad| loads(person).into_iter().fold(0.0, f64::max);
        let mut over: Vec<(&workload::PersonLoad, f64)> = self
            .workload
            .people
            .iter()
            .map(|p| (p, peak_of(p)))
            .filter(|(_, peak)| *peak > 1.0)
            .collect();
        over.sort_by(|a, b| b.1.total_cmp(&a.1));
        let peak = self.workload.people.iter().map(peak_of).fold(0.0, f64::max);
        let evidence = capped(
            over.iter()
                .map(|(p, _)| record("person", p.user_id, &p.name)),
        );
        delivery::over_allocation(peak, over.len() as u32, thresholds, evidence)
    }

    fn budget_burn(&self, thresholds: &Thresholds) -> Signal {
        let budget = self.plan.project.budget.as_ref();
        match (&self.evm, budget) {
            (Ok(view), Some(money)) if money.amount_minor > 0 => {
                let spent = view.actual_cost / (money.amount_minor as f64 / 100.0);
                let evidence = vec![record_key("budget", &self.plan.project.key, "Budget")];
                delivery::budget_burn(spent, view.percent_complete, thresholds, evidence)
            }
            (Err(reason), Some(_)) => {
                unschedulable(SignalId::BudgetBurn, thresholds.budget_burn_gap, reason)
            }
            _ => not_measurable(
                SignalId::BudgetBurn,
                thresholds.budget_burn_gap,
                "the project has no budget",
                "Set the project's budget so spending can be compared with progress",
            ),
        }
    }

    fn spillover(&self, thresholds: &Thresholds) -> Signal {
        if self.spillover.is_empty() {
            return not_measurable(
                SignalId::SprintSpillover,
                thresholds.sprint_spillover_share,
                "no sprint with committed points was completed",
                "Complete a sprint with estimated commitments to measure spillover",
            );
        }
        let shares: Vec<f64> = self.spillover.iter().map(|(_, share)| *share).collect();
        let recent = &self.spillover[self.spillover.len().saturating_sub(3)..];
        let evidence = capped(
            recent
                .iter()
                .rev()
                .map(|(sprint, _)| record("sprint", sprint.id, &sprint.name)),
        );
        delivery::sprint_spillover(&shares, thresholds, evidence)
    }

    fn time_logging(&self, thresholds: &Thresholds) -> Signal {
        if self.last_week.is_empty() {
            return not_measurable(
                SignalId::TimeNotLogged,
                thresholds.time_not_logged_share,
                "the project has no team members with capacity last week",
                "Add the team as project members so their logged time can be expected",
            );
        }
        let expected: i64 = self.last_week.iter().map(|m| m.capacity).sum();
        let logged: i64 = self.last_week.iter().map(|m| m.logged).sum();
        let mut short: Vec<&MemberWeek> = self
            .last_week
            .iter()
            .filter(|m| m.logged < m.capacity)
            .collect();
        short.sort_by_key(|m| (m.logged - m.capacity, m.user_id));
        let evidence = capped(short.iter().map(|m| record("person", m.user_id, &m.name)));
        delivery::time_not_logged(
            expected as f64 / 60.0,
            logged as f64 / 60.0,
            thresholds,
            evidence,
        )
    }
}

/// How late the critical path finishes against the latest saved baseline.
struct CriticalSlip {
    /// Working days (rounded, at least 0) the plan's finish, the end of its critical path,
    /// lies after the baseline's finish.
    days: i64,
    /// Critical items finishing later than in the baseline, most late first.
    late: Vec<(String, String, f64)>,
}

impl CriticalSlip {
    /// Schedules the plan as it stands today, compares it with `saved` and reads how much
    /// later it finishes. Work not done is rescheduled from today (ADR 0026): in the plan
    /// from the project start, time lost would never show as slip. The finish is compared,
    /// not each item's, so a baseline whose work was ordered differently (a levelled one)
    /// slips only where the end moves.
    fn measure(
        plan: &PlanData,
        today: Date,
        saved: Option<&BaselineWithItems>,
    ) -> Result<Option<Self>, String> {
        let Some(saved) = saved else {
            return Ok(None);
        };
        let mut view =
            schedule::compute_from(plan, today, Some(today)).map_err(|e| e.to_string())?;
        baselines::compare(&mut view, plan, saved);
        let planned_finish = saved.items.iter().map(|i| i.finish_at.as_str()).max();
        let days = planned_finish
            .and_then(|planned| baselines::slip_days(plan, planned, &view.finish))
            .map_or(0.0, |days| days.max(0.0))
            .round() as i64;
        let mut late: Vec<(String, String, f64)> = view
            .items
            .into_iter()
            .filter(|i| i.critical && !i.summary)
            .filter_map(|i| Some((i.key, i.title, i.finish_variance_days?)))
            .filter(|(_, _, days)| *days > 0.0)
            .collect();
        late.sort_by(|a, b| b.2.total_cmp(&a.2));
        Ok(Some(Self { days, late }))
    }
}

impl DeliveryFacts {
    /// The critical path's slip against the latest baseline; not measurable without one.
    fn critical_path_slip(&self, thresholds: &Thresholds) -> Signal {
        match &self.slip {
            Ok(Some(slip)) => {
                let evidence = capped(slip.late.iter().map(|(key, title, _)| item(key, title)));
                delivery::critical_path_slip(slip.days, thresholds, evidence)
            }
            Ok(None) => not_measurable(
                SignalId::CriticalPathSlip,
                thresholds.critical_path_slip_days,
                NO_BASELINE,
                "Save a baseline of the plan so the critical path's slip can be measured",
            ),
            Err(reason) => unschedulable(
                SignalId::CriticalPathSlip,
                thresholds.critical_path_slip_days,
                reason,
            ),
        }
    }
}

/// A schedule-based signal of a plan the engine cannot schedule (a dependency cycle, ...).
fn unschedulable(id: SignalId, bands: tandem_core::health::Bands, reason: &str) -> Signal {
    not_measurable(
        id,
        bands,
        reason,
        "Fix the plan so it can be scheduled (see the Gantt page)",
    )
}

/// Evidence addressed by a key rather than a number (the project's budget page).
fn record_key(kind: &str, key: &str, label: &str) -> tandem_core::health::Evidence {
    tandem_core::health::Evidence::new(kind, key, label)
}

/// What the engine computes from the plan: CPU-bound, so it runs in one blocking task.
struct EngineFigures {
    evm: Result<EvmView, String>,
    slip: Result<Option<CriticalSlip>, String>,
    forecast: Option<ForecastView>,
    /// Where the levelled schedule puts open work, for the workload (empty when nothing
    /// open is assigned: there is nothing to place).
    levelled: workload::LevelledPlan,
}

impl EngineFigures {
    /// Earned value against `saved` (or the current schedule), the critical path's slip
    /// against `saved`, and the P85 forecast with a fixed seed and trial count, levelled over
    /// `people` when given (`None` when nothing can be forecast: nothing open, no estimates
    /// and no history; the signal then says so). The levelled schedule is computed once (and
    /// remembered for the forecast and workload pages), for both the forecast's work order
    /// and the workload's placement of undated work.
    async fn compute(
        state: &AppState,
        plan: Arc<PlanData>,
        people: Option<Vec<MemberProfile>>,
        today: Date,
        saved: Option<BaselineWithItems>,
        spending: evm::Spending,
    ) -> Result<Self, ApiError> {
        let memo = Arc::clone(&state.forecasts);
        let levellings = Arc::clone(&state.levelled);
        tokio::task::spawn_blocking(move || {
            let evm = evm::compute(&plan, today, today, saved.as_ref(), &spending)
                .map_err(|e| e.to_string());
            let slip = CriticalSlip::measure(&plan, today, saved.as_ref());
            let status = forecast::status_day(&plan, today);
            let levelled = people.map(|people| levellings.levelled(&plan, &people, status));
            // Levelling that fails (it cannot where the plain forecast can) leaves the
            // forecast unlevelled rather than unmeasured, and undated work unscheduled.
            let (order, placement) = match &levelled {
                None => (None, workload::LevelledPlan::default()),
                Some(Ok(levelled)) => (
                    Some(&levelled.order),
                    workload::LevelledPlan::of_schedule(&levelled.schedule),
                ),
                Some(Err(failure)) => (None, workload::LevelledPlan::failed(failure.to_string())),
            };
            let forecast = NonZeroU32::new(FORECAST_TRIALS).and_then(|trials| {
                let settings = SimulationSettings {
                    trials,
                    seed: FORECAST_SEED,
                };
                forecast::compute(
                    &plan,
                    today,
                    end_of(today, &plan.days),
                    settings,
                    order,
                    &memo,
                )
                .ok()
            });
            Self {
                evm,
                slip,
                forecast,
                levelled: placement,
            }
        })
        .await
        .map_err(|error| ApiError::internal(&error))
    }
}

/// Spillover share of each completed sprint with committed points, oldest first.
async fn spillover(
    state: &AppState,
    project_id: i64,
) -> Result<Vec<(tandem_store::Sprint, f64)>, ApiError> {
    Ok(history::completed_sprints(state, project_id)
        .await?
        .into_iter()
        .filter(|(_, input)| input.committed_points > 0)
        .map(|(sprint, input)| {
            let share = input.spillover_points as f64 / input.committed_points as f64;
            (sprint, share)
        })
        .collect())
}

/// One team member's last week.
struct MemberWeek {
    user_id: i64,
    name: String,
    /// Capacity after holidays and time off, minutes.
    capacity: i64,
    /// Minutes logged on the project.
    logged: i64,
}

/// The Monday of the week before `today`'s.
fn last_monday(today: Date) -> Result<Date, ApiError> {
    week_start(today)
        .checked_sub(1.week())
        .map_err(|error| ApiError::internal(&error))
}

/// Last ISO week (starting `monday`, the first week of `load`), per team member (project role
/// `member`, not a client): capacity after holidays and time off, and minutes logged.
async fn last_week(
    state: &AppState,
    project_id: i64,
    monday: Date,
    load: &workload::WorkloadView,
) -> Result<Vec<MemberWeek>, ApiError> {
    let sunday = monday
        .checked_add(6.days())
        .map_err(|error| ApiError::internal(&error))?;
    let team: HashSet<i64> = state
        .store
        .list_members(project_id)
        .await?
        .into_iter()
        .filter(|m| m.role == ProjectRole::Member && m.user_role != UserRole::Client)
        .map(|m| m.user_id)
        .collect();
    let filter = TimeFilter {
        from: Some(monday.to_string()),
        to: Some(sunday.to_string()),
        ..TimeFilter::default()
    };
    let entries = state.store.list_time_entries(project_id, &filter).await?;
    let week = monday.to_string();
    Ok(load
        .people
        .iter()
        .filter(|p| team.contains(&p.user_id))
        .map(|p| {
            let capacity = p
                .weeks
                .iter()
                .filter(|w| w.week == week)
                .map(|w| w.capacity_minutes)
                .sum();
            let logged = entries
                .iter()
                .filter(|e| e.user.id == p.user_id)
                .map(|e| e.minutes)
                .sum();
            MemberWeek {
                user_id: p.user_id,
                name: p.name.clone(),
                capacity,
                logged,
            }
        })
        .filter(|m| m.capacity > 0)
        .collect())
}
