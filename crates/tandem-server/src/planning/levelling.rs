//! Resource levelling of the product schedule (`?level=true`): people's open items are
//! spread out so nobody works on two at once, on the days their calendar has them working,
//! through the engine's RCPSP serial scheme (latest-finish-time priority, deterministic).
//!
//! The model, and its limits:
//! - one period is one working day of the project calendar, counted from the schedule start;
//! - every assignee is one resource of 1 unit, available on the days their own calendar
//!   works (holidays and time off are 0), so an item never runs across a day off
//!   (non-preemptive) and waits for a long enough window instead;
//! - an item lasts its planned work divided by its assignee's daily capacity (weekly
//!   capacity ÷ 5, 8 h when not set), rounded up to whole days; unassigned items and
//!   milestones need no resource;
//! - every dependency keeps its kind (finish-to-start, start-to-start, finish-to-finish,
//!   start-to-finish) and its lag in whole days, negative lags too; one that touches a
//!   summary applies to every leaf below it;
//! - a leaf's pinned start date (the schedule's start-no-earlier-than constraint) is a
//!   release date: the item starts no earlier than the first working day on or after it;
//! - the delay of an item is how many days later it starts in the levelled plan than in the
//!   same model without resources; a delayed item moves that many working days from its
//!   critical-path start (whole days); summaries keep their rolled-up dates.

use std::collections::HashMap;

use jiff::civil::Date;
use tandem_core::work::{DependencyKind, StatusCategory};
use tandem_engine::calendar::WorkCalendar;
use tandem_engine::cpm::Constraint;
use tandem_engine::rcpsp::{
    Activity, Capacity, GenerationScheme, PriorityRule, Problem, ProblemError, Relation,
    RelationKind, TimeWindows, priority_rule_schedule,
};
use tandem_store::{Item, MemberProfile};

use super::network::{self, MINUTES_PER_DAY, PlanData};
use super::schedule::{ScheduleView, stamp};

/// Days a levelled plan may reach beyond the sum of all work (guards the day table).
const SLACK_DAYS: usize = 370;

/// Levels the open leaf items of `view` (computed from `data`) and marks what moved.
pub fn level(
    view: &mut ScheduleView,
    data: &PlanData,
    profiles: &[MemberProfile],
) -> Result<(), ProblemError> {
    let start = view
        .start
        .parse::<jiff::civil::DateTime>()
        .map(|at| at.date())
        .unwrap_or_else(|_| network::today());
    let daily: HashMap<i64, i64> = profiles
        .iter()
        .filter_map(|p| Some((p.user_id, p.weekly_capacity_minutes? / 5)))
        .filter(|(_, minutes)| *minutes > 0)
        .collect();
    let leaves: Vec<(usize, &Item)> = data
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| !data.is_summary(item))
        .collect();
    let slot: HashMap<i64, usize> = leaves
        .iter()
        .enumerate()
        .map(|(slot, (_, item))| (item.id, slot))
        .collect();
    let people: Vec<i64> = {
        let mut ids: Vec<i64> = leaves
            .iter()
            .filter(|(_, item)| is_open(item))
            .filter_map(|(_, item)| item.assignee.as_ref().map(|a| a.id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let durations: Vec<u32> = leaves
        .iter()
        .map(|(_, item)| {
            let (minutes, _) = data.duration(item);
            let per_day = item
                .assignee
                .as_ref()
                .and_then(|a| daily.get(&a.id).copied())
                .unwrap_or(MINUTES_PER_DAY);
            u32::try_from((minutes + per_day - 1) / per_day).unwrap_or(u32::MAX)
        })
        .collect();
    let pins: Vec<Option<Date>> = leaves
        .iter()
        .map(|(_, item)| pinned_start(data, item))
        .collect();
    // Calendar days to the latest pin bound the working days before it.
    let to_last_pin = pins
        .iter()
        .flatten()
        .filter_map(|pin| start.until(*pin).ok())
        .map(|span| usize::try_from(span.get_days()).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let horizon = durations.iter().map(|&d| d as usize).sum::<usize>()
        + data
            .dependencies
            .iter()
            .map(|d| d.lag_days.max(0) as usize)
            .sum::<usize>()
        + to_last_pin
        + SLACK_DAYS;
    let days = working_days(&data.calendar, start, horizon);
    let resources = people
        .iter()
        .map(|person| capacity(data, *person, &days))
        .collect();
    let activities = leaves
        .iter()
        .zip(&durations)
        .zip(&pins)
        .map(|(((_, item), &duration), pin)| {
            let mut demands = vec![0; people.len()];
            if is_open(item)
                && let Some(assignee) = &item.assignee
                && let Ok(index) = people.binary_search(&assignee.id)
            {
                demands[index] = 1;
            }
            // The first working day on or after the pin.
            let release = pin.map_or(0, |pin| days.partition_point(|&day| day < pin));
            Activity {
                duration,
                demands,
                release: u32::try_from(release).unwrap_or(u32::MAX),
            }
        })
        .collect();
    let problem = Problem::new(resources, activities, &relations(data, &slot))?;
    let levelled = priority_rule_schedule(
        &problem,
        PriorityRule::LatestFinishTime,
        GenerationScheme::Serial,
    );
    let free = TimeWindows::new(&problem).earliest_starts;
    let rows: HashMap<i64, usize> = view
        .items
        .iter()
        .enumerate()
        .map(|(row, item)| (item.id, row))
        .collect();
    for (slot, (_, item)) in leaves.iter().enumerate() {
        // The delay the people's availability adds to the item, in working days.
        let delay = levelled.starts()[slot].saturating_sub(free[slot]) as usize;
        let Some(&row) = rows.get(&item.id) else {
            continue;
        };
        if delay == 0 || !is_open(item) {
            continue;
        }
        let current = &mut view.items[row];
        let Some(planned) = current
            .start
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|at| days.binary_search(&at.date()).ok())
        else {
            continue;
        };
        let first = planned + delay;
        let last = first + durations[slot].max(1) as usize - 1;
        let (Some(&first_day), Some(&last_day)) = (days.get(first), days.get(last)) else {
            continue;
        };
        let begin = data.calendar.next_work_start_at(first_day.at(0, 0, 0, 0));
        let end = data
            .calendar
            .add_work_to(last_day.at(0, 0, 0, 0), data.calendar.work_on(last_day));
        current.start = stamp(begin);
        current.finish = stamp(if durations[slot] == 0 { begin } else { end });
        current.delayed_by_levelling = true;
    }
    if let Some(finish) = view.items.iter().map(|i| i.finish.clone()).max() {
        view.finish = view.finish.clone().max(finish);
    }
    view.levelled = true;
    Ok(())
}

/// The date a leaf may not start before: the schedule's own start-no-earlier-than
/// constraint, so levelling and the critical path agree on pinned items.
fn pinned_start(data: &PlanData, item: &Item) -> Option<Date> {
    let (_, source) = data.duration(item);
    match network::constraint(item, source) {
        Constraint::StartNoEarlierThan(at) => Some(at.date()),
        _ => None,
    }
}

/// The engine's relation kind for a stored dependency kind.
fn relation_kind(kind: DependencyKind) -> RelationKind {
    match kind {
        DependencyKind::FinishToStart => RelationKind::FinishToStart,
        DependencyKind::StartToStart => RelationKind::StartToStart,
        DependencyKind::FinishToFinish => RelationKind::FinishToFinish,
        DependencyKind::StartToFinish => RelationKind::StartToFinish,
    }
}

fn is_open(item: &Item) -> bool {
    item.status.category != StatusCategory::Done
}

/// The first `count` working days of the project calendar from `start`.
fn working_days(calendar: &WorkCalendar, start: Date, count: usize) -> Vec<Date> {
    let mut days = Vec::with_capacity(count);
    let mut day = start;
    while days.len() < count {
        if calendar.work_on(day) > 0 {
            days.push(day);
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

/// A person's availability per working day: 1 when their calendar works that day.
fn capacity(data: &PlanData, person: i64, days: &[Date]) -> Capacity {
    let Some(&uid) = data.person_calendars.get(&person) else {
        return Capacity::Constant(1);
    };
    let anchor = days.first().copied().unwrap_or_else(network::today);
    let Ok(calendar) = WorkCalendar::compile(&data.calendars, uid, anchor) else {
        return Capacity::Constant(1);
    };
    let per_period: Vec<u32> = days
        .iter()
        .map(|&day| u32::from(calendar.work_on(day) > 0))
        .collect();
    // Time off ends somewhere: after the last day off the person is always there.
    let last_off = per_period.iter().rposition(|&units| units == 0);
    match last_off {
        Some(index) => Capacity::Varying {
            per_period: per_period[..=index].to_vec(),
            afterwards: 1,
        },
        None => Capacity::Constant(1),
    }
}

/// Dependencies as relations between leaves, with their kinds and lags in days
/// (summaries expanded).
fn relations(data: &PlanData, slot: &HashMap<i64, usize>) -> Vec<Relation> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for item in &data.items {
        if let Some(parent) = &item.parent {
            children.entry(parent.id).or_default().push(item.id);
        }
    }
    let leaves_under = |id: i64| -> Vec<usize> {
        let mut found = Vec::new();
        let mut stack = vec![id];
        while let Some(next) = stack.pop() {
            match children.get(&next) {
                Some(kids) => stack.extend(kids),
                None => found.extend(slot.get(&next)),
            }
        }
        found
    };
    let mut relations = Vec::new();
    for dependency in &data.dependencies {
        let kind = relation_kind(dependency.kind);
        // Clamped into range first, so the cast is exact.
        let lag = dependency
            .lag_days
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        for predecessor in leaves_under(dependency.predecessor.id) {
            for successor in leaves_under(dependency.successor.id) {
                if predecessor != successor {
                    relations.push(Relation {
                        predecessor,
                        successor,
                        kind,
                        lag,
                    });
                }
            }
        }
    }
    relations
}
