//! Resource levelling of the product schedule (`?level=true`), the way MS Project levels:
//! people's open items are spread out so nobody works on two at once, on the days their
//! calendar has them working, through the engine's RCPSP serial scheme; each item that had
//! to wait for its assignee gets a *levelling delay*, and the critical path method then
//! schedules the whole network again with every levelled item held to its levelled start
//! (a start-no-earlier-than bound). So summaries roll up from levelled children, successors
//! follow, and float, the critical flag and the critical paths are the levelled plan's
//! (ADR 0023).
//!
//! The levelling model:
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
//! - a leaf's pinned start date (the schedule's start-no-earlier-than constraint, which
//!   holds rescheduled remaining work to the status date too) is a release date: the item
//!   starts no earlier than the first working day on or after it;
//! - priority: the earliest latest finish first, where an item's due date caps its own
//!   latest finish and, through the dependencies, its predecessors' — so work due sooner
//!   goes first, and the critical path decides among items without due dates;
//! - an item's levelling delay is how many working days later it starts than its pin and
//!   its predecessors in the levelled plan allow (its own wait for its assignee; an item
//!   that only follows a delayed predecessor has none).
//!
//! Every open item that holds a person is bounded by its levelled start day, delayed or
//! not: the critical path works in minutes, levelling in whole days, and the bound keeps
//! the two from overlapping a person's items where a day was only partly used.

use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, DateTime};
use tandem_core::work::{DependencyKind, StatusCategory};
use tandem_engine::calendar::WorkCalendar;
use tandem_engine::cpm::{self, Constraint};
use tandem_engine::rcpsp::{
    Activity, Capacity, GenerationScheme, Problem, ProblemError, Relation, RelationKind, Time,
    TimeWindows, keyed_schedule,
};
use tandem_store::{Item, MemberProfile};

use super::network::{self, MINUTES_PER_DAY, PlanData};
use super::schedule::{self, ScheduleView, Unschedulable};

/// Days a levelled plan may reach beyond the sum of all work (guards the day table).
const SLACK_DAYS: usize = 370;

/// Why a plan cannot be levelled.
#[derive(Debug, thiserror::Error)]
pub enum LevellingFailure {
    /// The network the engine refuses to level (a dependency cycle through summaries…).
    #[error("the project cannot be levelled: {0}")]
    Problem(#[from] ProblemError),
    /// The critical path method refuses the network.
    #[error(transparent)]
    Unschedulable(#[from] Unschedulable),
}

/// Where levelling puts one open item that holds a person.
#[derive(Debug, Clone, Copy)]
struct LevelledStart {
    /// Index of the item in [`PlanData::items`].
    index: usize,
    /// The first working instant of its levelled start day.
    start: DateTime,
    /// Working days it waits for its assignee (its levelling delay).
    delay_days: u32,
}

/// The levelled schedule of `data` from its start date (or `today`), with the remaining
/// work held to `remaining_from` when given: levelling places the work of the very network
/// the unlevelled schedule runs, which tells which due dates levelling costs.
pub fn levelled_schedule(
    data: &PlanData,
    profiles: &[MemberProfile],
    today: Date,
    remaining_from: Option<Date>,
) -> Result<ScheduleView, LevellingFailure> {
    let mut input = schedule::network(data, today, remaining_from);
    let plain = schedule::schedule_network(data, &input)?;
    let starts = level(data, profiles, &input)?;
    for levelled in &starts {
        let task = &mut input.tasks[levelled.index];
        task.constraint = network::start_no_earlier_than(task.constraint, levelled.start);
    }
    let mut view = schedule::schedule_network(data, &input)?;
    for levelled in &starts {
        let row = &mut view.items[levelled.index];
        row.levelling_delay_days = levelled.delay_days;
        row.delayed_by_levelling = levelled.delay_days > 0;
    }
    let missed_anyway: HashSet<i64> = plain
        .items
        .iter()
        .filter(|item| item.misses_due_date)
        .map(|item| item.id)
        .collect();
    view.due_dates_missed_by_levelling = view
        .items
        .iter()
        .filter(|item| item.misses_due_date && !missed_anyway.contains(&item.id))
        .count();
    view.levelled = true;
    schedule::mark_status_date(&mut view, data, remaining_from);
    Ok(view)
}

/// The working minutes a day each person with a weekly capacity gives the project (a fifth
/// of the week); people without one work full days ([`MINUTES_PER_DAY`]).
pub fn daily_capacity(profiles: &[MemberProfile]) -> HashMap<i64, i64> {
    profiles
        .iter()
        .filter_map(|p| Some((p.user_id, p.weekly_capacity_minutes? / 5)))
        .filter(|(_, minutes)| *minutes > 0)
        .collect()
}

/// Levels the open leaf items of `data` in `input`, its CPM network, from the network's
/// start: the levelled start of every open item that holds a person.
fn level(
    data: &PlanData,
    profiles: &[MemberProfile],
    input: &cpm::Project,
) -> Result<Vec<LevelledStart>, ProblemError> {
    let start = input.start.date();
    let daily = daily_capacity(profiles);
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
        .map(|(index, _)| pinned_start(&input.tasks[*index]))
        .collect();
    // Calendar days to the latest pin or due date bound the working days before it.
    let to_last_date = pins
        .iter()
        .flatten()
        .copied()
        .chain(leaves.iter().filter_map(|(_, item)| due_date(item)))
        .filter_map(|date| start.until(date).ok())
        .map(|span| usize::try_from(span.get_days()).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let horizon = durations.iter().map(|&d| d as usize).sum::<usize>()
        + data
            .dependencies
            .iter()
            .map(|d| d.lag_days.max(0) as usize)
            .sum::<usize>()
        + to_last_date
        + SLACK_DAYS;
    let days = working_days(&data.calendar, start, horizon);
    let resources = people
        .iter()
        .map(|person| capacity(data, *person, &days))
        .collect();
    let holds_person: Vec<Option<usize>> = leaves
        .iter()
        .map(|(_, item)| {
            let assignee = item.assignee.as_ref().filter(|_| is_open(item))?;
            people.binary_search(&assignee.id).ok()
        })
        .collect();
    let activities = holds_person
        .iter()
        .zip(&durations)
        .zip(&pins)
        .map(|((person, &duration), pin)| {
            let mut demands = vec![0; people.len()];
            if let Some(index) = person {
                demands[*index] = 1;
            }
            Activity {
                duration,
                demands,
                release: period_of_first_day_from(&days, *pin),
            }
        })
        .collect();
    let problem = Problem::new(resources, activities, &relations(data, &slot))?;
    // A due date is the end of its day: the item has finished by the next period.
    let due: Vec<Option<Time>> = leaves
        .iter()
        .map(|(_, item)| due_date(item).map(|due| period_after(&days, due)))
        .collect();
    let priorities = TimeWindows::new(&problem).latest_finishes_by(&problem, &due);
    let levelled = keyed_schedule(&problem, &priorities, GenerationScheme::Serial);
    let waits = levelled.resource_waits(&problem);
    let mut starts = Vec::new();
    for (slot, (index, _)) in leaves.iter().enumerate() {
        let first = levelled.starts()[slot] as usize;
        if holds_person[slot].is_none() || durations[slot] == 0 {
            continue;
        }
        if let Some(&day) = days.get(first) {
            starts.push(LevelledStart {
                index: *index,
                start: data.calendar.next_work_start_at(day.at(0, 0, 0, 0)),
                delay_days: waits[slot],
            });
        }
    }
    Ok(starts)
}

/// The period of the first working day on or after `date` (0 without a date).
fn period_of_first_day_from(days: &[Date], date: Option<Date>) -> Time {
    date.map_or(0, |date| periods_before(days, |day| day < date))
}

/// The period that follows the working day `date` (the number of working days up to and
/// including it).
fn period_after(days: &[Date], date: Date) -> Time {
    periods_before(days, |day| day <= date)
}

/// How many of the (sorted) working days come before the first one `before` refuses.
fn periods_before(days: &[Date], before: impl Fn(Date) -> bool) -> Time {
    Time::try_from(days.partition_point(|&day| before(day))).unwrap_or(Time::MAX)
}

/// An item's due date, when it has a valid one.
fn due_date(item: &Item) -> Option<Date> {
    item.due_date.as_deref().and_then(network::parse_date)
}

/// The date a leaf may not start before: its task's start-no-earlier-than constraint in
/// the network (its pin, or the status date of rescheduled work), so levelling and the
/// critical path agree on it.
fn pinned_start(task: &cpm::Task) -> Option<Date> {
    match task.constraint {
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
    let Some(&anchor) = days.first() else {
        return Capacity::Constant(1);
    };
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
