//! The Monte Carlo forecast of the remaining scope.
//!
//! Network mode (any open item is estimated): every open leaf item is a task of the
//! engine's forecast network — PERT-beta over its three-point estimate when it has one,
//! else the fixed duration of the planning rule (see [`super::network`]); in-progress items
//! cannot resume before the status date; an item pinned to a start date (a leaf's
//! `start_date`, the schedule's start-no-earlier-than constraint) cannot start before it.
//! A done leaf is in the network as the schedule plans it: it takes no time and sits where
//! its dependencies and pin put it, no earlier than the project start, so the items after
//! it stay driven as they are in the schedule. A dependency that ends on a summary applies
//! to every leaf below it. Offsets are working minutes from the status
//! date (today, or the project start when that is later) on the project calendar; an item
//! whose assignee has time off works around it, as in the schedule (see [`super::time_off`]),
//! so with fixed estimates the forecast finishes when the schedule does.
//!
//! Throughput mode (nothing open is estimated): weekly counts of items completed over the
//! last [`THROUGHPUT_WEEKS`] weeks are resampled until the open leaf items are done.

use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;

use jiff::civil::{Date, DateTime};
use serde::Serialize;
use tandem_core::work::StatusCategory;
use tandem_engine::cpm::Constraint;
use tandem_engine::forecast::{
    Distribution, Estimate, ForecastClock, ForecastError, NetworkTask, Relation, RelationKind,
    RelationLag, SimulationSettings, TaskState, ThroughputHistory,
};
use tandem_store::Item;
use utoipa::ToSchema;

use super::forecast_memo::{ForecastMemo, NetworkInput};
use super::levelling::LevellingFailure;
use super::network::{self, MINUTES_PER_DAY, PlanData};
use super::schedule::stamp;
use super::time_off::AssigneeCalendars;
use super::work_order::WorkOrder;

/// Weeks of completions the throughput mode learns from.
pub const THROUGHPUT_WEEKS: i64 = 12;
/// Bars of the histogram.
pub const HISTOGRAM_BINS: usize = 30;
/// The most trials one request may ask for.
pub const MAX_TRIALS: u32 = 100_000;

/// Finish-date percentiles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Percentiles {
    pub p50: String,
    pub p85: String,
    pub p95: String,
}

/// One bar of the finish-date histogram.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FinishBin {
    /// Bin edges as dates (`YYYY-MM-DDTHH:MM:SS`).
    pub from: String,
    pub to: String,
    pub count: usize,
    /// Share of trials finished by the end of this bin (0–1).
    pub cumulative: f64,
}

/// A milestone's chance to meet its due date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MilestoneForecast {
    pub item_id: i64,
    pub key: String,
    pub title: String,
    pub due_date: Option<String>,
    pub p50: String,
    pub p85: String,
    /// Chance (0–1) of finishing by the end of the due date; absent without a due date.
    pub probability: Option<f64>,
}

/// One item's criticality index: the share of trials in which it was on the critical path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemCriticality {
    pub item_id: i64,
    pub key: String,
    pub title: String,
    pub criticality: f64,
}

/// The forecast of a project's remaining scope.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastView {
    pub project_key: String,
    /// `network` (three-point estimates over dependencies) or `throughput`.
    pub mode: String,
    pub trials: u32,
    pub seed: u64,
    /// True when each person's open items run one after another in the levelled plan's
    /// order (`level=true`); false when every item starts as soon as its dependencies allow.
    pub levelled: bool,
    /// Offset zero of the simulation (`YYYY-MM-DDTHH:MM:SS`).
    pub status_date: String,
    pub open_items: usize,
    pub done_items: usize,
    pub finish: Percentiles,
    pub mean_finish: String,
    pub target_launch_date: Option<String>,
    /// Chance (0–1) of finishing by the end of the target launch date.
    pub target_probability: Option<f64>,
    pub histogram: Vec<FinishBin>,
    pub milestones: Vec<MilestoneForecast>,
    /// Open items by criticality index, highest first (network mode only).
    pub criticality: Vec<ItemCriticality>,
    /// Items completed per week, oldest first (throughput mode only).
    pub weekly_throughput: Vec<u32>,
}

/// Why no forecast can be made.
#[derive(Debug, thiserror::Error)]
pub enum ForecastFailure {
    /// Nothing is left to do.
    #[error("every item is done: there is nothing left to forecast")]
    NothingOpen,
    /// Unestimated scope without completion history.
    #[error(
        "no open item is estimated and no item was completed in the last {THROUGHPUT_WEEKS} weeks: estimate the items or complete some first"
    )]
    NoBasis,
    /// An item's three points are out of order.
    #[error("item {key} has an invalid three-point estimate: {reason}")]
    BadEstimate { key: String, reason: String },
    /// The engine refused the network.
    #[error("the forecast network is invalid: {0}")]
    Engine(#[from] ForecastError),
    /// The plan whose order the levelled forecast follows cannot be levelled.
    #[error(transparent)]
    Levelling(#[from] LevellingFailure),
}

/// The forecast's status day: today, or the project start when that is later.
pub fn status_day(data: &PlanData, today: Date) -> Date {
    data.start_date(today).max(today)
}

/// Runs `trials` trials from `seed` with `today` as the status date (or the project start
/// when later); `now_ms` bounds the throughput window. With `order`, each person's open
/// items run one after another in that order (the levelled forecast). A network run equal
/// to one in `memo` is recalled instead of simulated again.
pub fn compute(
    data: &PlanData,
    today: Date,
    now_ms: i64,
    settings: SimulationSettings,
    order: Option<&WorkOrder>,
    memo: &ForecastMemo,
) -> Result<ForecastView, ForecastFailure> {
    let SimulationSettings { trials, seed } = settings;
    let status = status_day(data, today);
    let calendar = &data.calendar;
    let status_date = calendar.next_work_start_at(network::start_of_day(status));
    let clock = ForecastClock::new(calendar, status_date);
    let open: Vec<&Item> = data
        .items
        .iter()
        .filter(|i| !data.is_summary(i) && i.status.category != StatusCategory::Done)
        .collect();
    if open.is_empty() {
        return Err(ForecastFailure::NothingOpen);
    }
    let target = data
        .project
        .target_launch_date
        .as_deref()
        .and_then(network::parse_date);
    let estimated = open.iter().any(|i| is_estimated(i));
    let mut view = ForecastView {
        project_key: data.project.key.clone(),
        mode: String::new(),
        trials: trials.get(),
        seed,
        levelled: order.is_some(),
        status_date: stamp(status_date),
        open_items: open.len(),
        done_items: data.items.len() - data.summaries.len() - open.len(),
        finish: Percentiles {
            p50: String::new(),
            p85: String::new(),
            p95: String::new(),
        },
        mean_finish: String::new(),
        target_launch_date: data.project.target_launch_date.clone(),
        target_probability: None,
        histogram: Vec::new(),
        milestones: Vec::new(),
        criticality: Vec::new(),
        weekly_throughput: Vec::new(),
    };
    let to_date: Box<dyn Fn(f64) -> String + '_>;
    let finish: Distribution;
    if estimated {
        // The open leaves first, so task `i` is `open[i]`, then the done ones.
        let leaves: Vec<&Item> = open
            .iter()
            .copied()
            .chain(done_leaves_that_count(data, status_date))
            .collect();
        let calendars = AssigneeCalendars::of(data, &leaves, &clock);
        let project_start = clock.offset_of(network::start_of_day(data.start_date(today)));
        let (mut tasks, mut relations) =
            network_of(data, &leaves, &clock, &calendars.of_item, project_start)?;
        if let Some(order) = order {
            order.apply(&leaves, &mut tasks, &mut relations)?;
        }
        let input = NetworkInput {
            tasks: &tasks,
            relations: &relations,
            calendars: &calendars.blocked,
        };
        let forecast = memo.simulate(input, settings)?;
        to_date = Box::new(move |offset| stamp(clock.date_of(offset)));
        for tracked in &forecast.tracked {
            let item = open[tracked.task];
            let due = item.due_date.as_deref().and_then(network::parse_date);
            view.milestones.push(MilestoneForecast {
                item_id: item.id,
                key: item.key.clone(),
                title: item.title.clone(),
                due_date: item.due_date.clone(),
                p50: to_date(tracked.finish.percentile(50.0).unwrap_or(0.0)),
                p85: to_date(tracked.finish.percentile(85.0).unwrap_or(0.0)),
                probability: due.map(|d| {
                    tracked
                        .finish
                        .probability_by(clock.offset_of(network::end_of_day(d)))
                }),
            });
        }
        let mut criticality: Vec<ItemCriticality> = open
            .iter()
            .zip(&forecast.criticality)
            .map(|(item, &share)| ItemCriticality {
                item_id: item.id,
                key: item.key.clone(),
                title: item.title.clone(),
                criticality: share,
            })
            .collect();
        criticality.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
        view.criticality = criticality;
        view.target_probability = target.map(|d| {
            forecast
                .project_finish
                .probability_by(clock.offset_of(network::end_of_day(d)))
        });
        view.mode = "network".to_owned();
        finish = forecast.project_finish.clone();
    } else {
        let weekly = weekly_throughput(data, now_ms);
        let history =
            ThroughputHistory::new(weekly.clone()).map_err(|_| ForecastFailure::NoBasis)?;
        let remaining = u32::try_from(open.len()).unwrap_or(u32::MAX);
        finish = history.weeks_to_finish(remaining, settings);
        let week_minutes = 5.0 * MINUTES_PER_DAY as f64;
        to_date = Box::new(move |weeks| stamp(clock.date_of(weeks * week_minutes)));
        view.target_probability = target
            .map(|d| finish.probability_by(clock.offset_of(network::end_of_day(d)) / week_minutes));
        view.weekly_throughput = weekly;
        view.mode = "throughput".to_owned();
    }
    view.finish = Percentiles {
        p50: to_date(finish.percentile(50.0).unwrap_or(0.0)),
        p85: to_date(finish.percentile(85.0).unwrap_or(0.0)),
        p95: to_date(finish.percentile(95.0).unwrap_or(0.0)),
    };
    view.mean_finish = to_date(finish.mean());
    let bins = NonZeroUsize::new(HISTOGRAM_BINS).unwrap_or(NonZeroUsize::MIN);
    view.histogram = finish
        .histogram(bins)
        .into_iter()
        .map(|bin| FinishBin {
            from: to_date(bin.lower),
            to: to_date(bin.upper),
            count: bin.count,
            cumulative: bin.cumulative,
        })
        .collect();
    Ok(view)
}

/// The done leaves that can move something in the forecast: a dependency touches them or a
/// summary above them, or they are pinned after `status_date` (the schedule may finish on
/// that pin). The others sit in the past with nothing after them, so they are left out
/// and cost the trials nothing.
fn done_leaves_that_count(data: &PlanData, status_date: DateTime) -> impl Iterator<Item = &Item> {
    let mut linked: HashSet<i64> = data
        .dependencies
        .iter()
        .flat_map(|dependency| [dependency.predecessor.id, dependency.successor.id])
        .collect();
    // Parents come before their children.
    for item in &data.items {
        if item.parent.as_ref().is_some_and(|p| linked.contains(&p.id)) {
            linked.insert(item.id);
        }
    }
    data.items.iter().filter(move |item| {
        item.status.category == StatusCategory::Done
            && !data.is_summary(item)
            && (linked.contains(&item.id)
                || matches!(
                    network::constraint(item, data.duration(item).1),
                    Constraint::StartNoEarlierThan(at) if at > status_date
                ))
    })
}

/// Whether the item carries any estimate (three-point, estimate, remaining or points).
fn is_estimated(item: &Item) -> bool {
    item.most_likely_minutes.is_some()
        || item.estimate_minutes.is_some()
        || item.remaining_minutes.is_some()
        || item.story_points.is_some()
}

/// The forecast network over the leaf items (task `i` is `leaves[i]`, on calendar
/// `calendars[i]`). An item pinned to a start date cannot start before it, as in the
/// schedule; a done item (closed) not before the project start, `project_start`.
fn network_of(
    data: &PlanData,
    leaves: &[&Item],
    clock: &ForecastClock,
    calendars: &[Option<usize>],
    project_start: f64,
) -> Result<(Vec<NetworkTask>, Vec<Relation>), ForecastFailure> {
    let index: HashMap<i64, usize> = leaves
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id, i))
        .collect();
    let mut tasks = Vec::with_capacity(leaves.len());
    for (item, &calendar) in leaves.iter().zip(calendars) {
        let pin = match network::constraint(item, data.duration(item).1) {
            Constraint::StartNoEarlierThan(at) => Some(clock.offset_of(at)),
            _ => None,
        };
        let (state, not_before) = match item.status.category {
            StatusCategory::Done => (
                TaskState::Closed,
                Some(pin.map_or(project_start, |pin| pin.max(project_start))),
            ),
            StatusCategory::InProgress => (
                TaskState::InProgress {
                    started_at: 0.0,
                    remaining: open_estimate(data, item)?,
                },
                pin,
            ),
            StatusCategory::Todo => (TaskState::Planned(open_estimate(data, item)?), pin),
        };
        tasks.push(NetworkTask {
            state,
            tracked: item.item_type == tandem_core::work::ItemType::Milestone
                && item.status.category != StatusCategory::Done,
            not_before,
            calendar,
        });
    }
    let leaves = leaves_below(data, &index);
    let mut relations = Vec::new();
    for dependency in &data.dependencies {
        let (Some(from), Some(to)) = (
            leaves.get(&dependency.predecessor.id),
            leaves.get(&dependency.successor.id),
        ) else {
            continue;
        };
        for &predecessor in from {
            for &successor in to {
                relations.push(Relation {
                    predecessor,
                    successor,
                    kind: match dependency.kind {
                        tandem_core::work::DependencyKind::FinishToStart => {
                            RelationKind::FinishToStart
                        }
                        tandem_core::work::DependencyKind::StartToStart => {
                            RelationKind::StartToStart
                        }
                        tandem_core::work::DependencyKind::FinishToFinish => {
                            RelationKind::FinishToFinish
                        }
                        tandem_core::work::DependencyKind::StartToFinish => {
                            RelationKind::StartToFinish
                        }
                    },
                    lag: RelationLag::Working((dependency.lag_days * MINUTES_PER_DAY) as f64),
                });
            }
        }
    }
    Ok((tasks, relations))
}

/// For every item, the leaf tasks a dependency on it applies to: itself when it is a leaf,
/// every leaf below it when it is a summary.
fn leaves_below(data: &PlanData, index: &HashMap<i64, usize>) -> HashMap<i64, Vec<usize>> {
    let parent: HashMap<i64, i64> = data
        .items
        .iter()
        .filter_map(|i| Some((i.id, i.parent.as_ref()?.id)))
        .collect();
    let mut leaves: HashMap<i64, Vec<usize>> = HashMap::new();
    for (&id, &task) in index {
        let mut current = Some(id);
        let mut depth = 0;
        while let Some(at) = current {
            leaves.entry(at).or_default().push(task);
            current = parent.get(&at).copied();
            depth += 1;
            if depth > data.items.len() {
                break;
            }
        }
    }
    for list in leaves.values_mut() {
        list.sort_unstable();
    }
    leaves
}

/// The estimate of an open item, or why it cannot be one.
fn open_estimate(data: &PlanData, item: &Item) -> Result<Estimate, ForecastFailure> {
    estimate_of(data, item).map_err(|error| ForecastFailure::BadEstimate {
        key: item.key.clone(),
        reason: error.to_string(),
    })
}

/// PERT over the three points when all are given, else the planning rule's fixed duration.
fn estimate_of(
    data: &PlanData,
    item: &Item,
) -> Result<Estimate, tandem_engine::forecast::EstimateError> {
    match (
        item.optimistic_minutes,
        item.most_likely_minutes,
        item.pessimistic_minutes,
    ) {
        (Some(low), Some(likely), Some(high)) if item.remaining_minutes.is_none() => {
            Estimate::pert(low as f64, likely as f64, high as f64)
        }
        _ => Estimate::fixed(data.duration(item).0 as f64),
    }
}

/// Items completed per week over the last [`THROUGHPUT_WEEKS`] weeks, oldest first.
fn weekly_throughput(data: &PlanData, now_ms: i64) -> Vec<u32> {
    const WEEK_MS: i64 = 7 * 24 * 3_600_000;
    let since = now_ms - THROUGHPUT_WEEKS * WEEK_MS;
    let mut weeks = vec![0_u32; THROUGHPUT_WEEKS as usize];
    for completed in data
        .items
        .iter()
        .filter(|i| !data.is_summary(i))
        .filter_map(|i| i.completed_at)
        .filter(|&at| at >= since && at < now_ms)
    {
        let week = ((completed - since) / WEEK_MS) as usize;
        if let Some(count) = weeks.get_mut(week) {
            *count += 1;
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;

    #[test]
    fn a_week_is_five_working_days() {
        let monday: Date = "2026-11-23".parse().unwrap();
        let standard = [tandem_engine::calendar::Calendar::standard(
            network::CALENDAR,
        )];
        let calendar =
            tandem_engine::calendar::WorkCalendar::compile(&standard, network::CALENDAR, monday)
                .unwrap();
        let clock = ForecastClock::new(&calendar, monday.at(8, 0, 0, 0));
        assert_eq!(
            clock.date_of(5.0 * MINUTES_PER_DAY as f64),
            (monday + 4.days()).at(17, 0, 0, 0)
        );
    }
}
