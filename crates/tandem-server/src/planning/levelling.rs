//! Resource levelling of the product schedule (`?level=true`), the way MS Project levels:
//! people's open items are spread out so nobody works on two at once, in the hours their
//! calendar has them working, through the engine's RCPSP serial scheme; each item that had
//! to wait for its assignee gets a *levelling delay*, and the critical path method then
//! schedules the whole network again with every levelled item held to its levelled start
//! (a start-no-earlier-than bound). So summaries roll up from levelled children, successors
//! follow, and float, the critical flag and the critical paths are the levelled plan's
//! (ADR 0023).
//!
//! The levelling model:
//! - one period is a working hour of the project calendar, or half, a third or a quarter of
//!   one when the plan has work that short, counted from the schedule start
//!   ([`super::levelling_periods`]), so a person's short items share a day and follow each
//!   other without gaps;
//! - every assignee is one resource of 1 unit, available in the hours their own calendar
//!   works (holidays and time off are 0), so an item never runs across time off
//!   (non-preemptive) and waits for a long enough window instead;
//! - an item lasts its planned work stretched by its assignee's share of a working day
//!   (weekly capacity ÷ 5 of 8 h, full days when not set), rounded up to whole periods;
//!   unassigned items and milestones need no resource;
//! - every dependency keeps its kind (finish-to-start, start-to-start, finish-to-finish,
//!   start-to-finish) and its lag (working days of 8 h), negative lags too; one that touches
//!   a summary applies to every leaf below it;
//! - a leaf's pinned start (the schedule's start-no-earlier-than constraint, which holds
//!   rescheduled remaining work to the status date too) is a release date: the item starts
//!   no earlier than the first period from it;
//! - priority: the earliest latest finish first, where an item's due date caps its own
//!   latest finish and, through the dependencies, its predecessors' — so work due sooner
//!   goes first, and the critical path decides among items without due dates;
//! - an item's levelling delay is how much working time later it starts than its pin and
//!   its predecessors in the levelled plan allow (its own wait for its assignee; an item
//!   that only follows a delayed predecessor has none).
//!
//! Every open item that holds a person is bounded by its levelled start, delayed or
//! not: the critical path works in minutes, levelling in whole periods, and the bound keeps
//! the two from overlapping a person's items where a period was only partly used.

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

use super::levelling_periods::{Periods, period_minutes, stretched};
use super::network::{self, MINUTES_PER_DAY, PlanData};
use super::schedule::{self, ScheduleView, Unschedulable};

/// Critical path passes after levelling that may pull apart a person's items the critical
/// path moved onto each other (see [`separate`]); each pass only moves items later, and
/// one or two usually settle it.
const SEPARATING_PASSES: usize = 20;

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
    /// The person (resource index) it holds.
    person: usize,
    /// The first working instant of its levelled start period.
    start: DateTime,
    /// Working days (of 8 h) it waits for its assignee (its levelling delay).
    delay_days: f64,
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
    let mut starts = level(data, profiles, &input)?;
    for levelled in &starts {
        let task = &mut input.tasks[levelled.index];
        task.constraint = network::start_no_earlier_than(task.constraint, levelled.start);
    }
    let mut view = schedule::schedule_network(data, &input)?;
    for _ in 0..SEPARATING_PASSES {
        if !separate(&mut starts, &view, data, &mut input) {
            break;
        }
        view = schedule::schedule_network(data, &input)?;
    }
    for levelled in &starts {
        let row = &mut view.items[levelled.index];
        row.levelling_delay_days = levelled.delay_days;
        row.delayed_by_levelling = levelled.delay_days > 0.0;
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

/// Where the critical path moved one of a person's items onto their next one, holds the
/// next one (in levelled order) to the earlier one's finish, adding the wait to its delay;
/// whether it moved any. The critical path counts a lag in the assignee's own working time
/// (past their time off) where levelling counts it on the project calendar, and runs work
/// to the minute where levelling rounds to whole periods, so it can start an item later than
/// its levelled start.
fn separate(
    starts: &mut [LevelledStart],
    view: &ScheduleView,
    data: &PlanData,
    input: &mut cpm::Project,
) -> bool {
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_by_key(|&k| (starts[k].person, starts[k].start));
    let mut moved = false;
    let mut busy: Option<(usize, DateTime)> = None;
    for k in order {
        let levelled = &mut starts[k];
        let row = &view.items[levelled.index];
        let (Ok(start), Ok(finish)) = (
            row.start.parse::<DateTime>(),
            row.finish.parse::<DateTime>(),
        ) else {
            continue;
        };
        let until = match busy {
            Some((person, until)) if person == levelled.person => until,
            _ => {
                busy = Some((levelled.person, finish));
                continue;
            }
        };
        if start < until {
            let task = &mut input.tasks[levelled.index];
            task.constraint = network::start_no_earlier_than(task.constraint, until);
            let waited = data.calendar.work_between_datetimes(start, until);
            levelled.delay_days += waited as f64 / MINUTES_PER_DAY as f64;
            levelled.start = until;
            moved = true;
        }
        busy = Some((levelled.person, until.max(finish)));
    }
    moved
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
    let calendar_minutes: Vec<i64> = leaves
        .iter()
        .map(|(_, item)| {
            let (minutes, _) = data.duration(item);
            let per_day = item
                .assignee
                .as_ref()
                .and_then(|a| daily.get(&a.id).copied())
                .unwrap_or(MINUTES_PER_DAY);
            stretched(minutes, per_day)
        })
        .collect();
    let periods = Periods::new(
        &data.calendar,
        input.start.date(),
        period_minutes(calendar_minutes.iter().copied()),
    );
    let durations: Vec<Time> = calendar_minutes
        .iter()
        .map(|&minutes| periods.covering(minutes))
        .collect();
    let resources = people
        .iter()
        .map(|person| availability(data, *person, &periods))
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
        .zip(&leaves)
        .map(|((person, &duration), (index, _))| {
            let mut demands = vec![0; people.len()];
            if let Some(index) = person {
                demands[*index] = 1;
            }
            Activity {
                duration,
                demands,
                release: pinned_start(&input.tasks[*index])
                    .map_or(0, |pin| periods.first_from(pin)),
            }
        })
        .collect();
    let problem = Problem::new(resources, activities, &relations(data, &slot, &periods))?;
    // A due date is the end of its day: the item has finished by the periods ended then.
    let due: Vec<Option<Time>> = leaves
        .iter()
        .map(|(_, item)| due_date(item).map(|due| periods.ended_by(due)))
        .collect();
    let priorities = TimeWindows::new(&problem).latest_finishes_by(&problem, &due);
    let levelled = keyed_schedule(&problem, &priorities, GenerationScheme::Serial);
    let waits = levelled.resource_waits(&problem);
    let mut starts = Vec::new();
    for (slot, (index, _)) in leaves.iter().enumerate() {
        let Some(person) = holds_person[slot].filter(|_| durations[slot] > 0) else {
            continue;
        };
        starts.push(LevelledStart {
            index: *index,
            person,
            start: periods.start_of(levelled.starts()[slot]),
            delay_days: periods.minutes_of(waits[slot]) as f64 / MINUTES_PER_DAY as f64,
        });
    }
    Ok(starts)
}

/// An item's due date, when it has a valid one.
fn due_date(item: &Item) -> Option<Date> {
    item.due_date.as_deref().and_then(network::parse_date)
}

/// The instant a leaf may not start before: its task's start-no-earlier-than constraint
/// in the network (its pin, or the status date of rescheduled work), so levelling and the
/// critical path agree on it.
fn pinned_start(task: &cpm::Task) -> Option<DateTime> {
    match task.constraint {
        Constraint::StartNoEarlierThan(at) => Some(at),
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

/// A person's availability per period of `periods`: their own calendar (the project's with
/// their time off) where they have one, always there otherwise.
fn availability(data: &PlanData, person: i64, periods: &Periods) -> Capacity {
    let Some(&uid) = data.person_calendars.get(&person) else {
        return Capacity::Constant(1);
    };
    let Some(own) = data.calendars.iter().find(|calendar| calendar.uid == uid) else {
        return Capacity::Constant(1);
    };
    let last_difference = own.exceptions.iter().map(|exception| exception.to).max();
    let anchor = periods.start_of(0).date();
    match WorkCalendar::compile(&data.calendars, uid, anchor) {
        Ok(calendar) => periods.availability(&calendar, last_difference),
        Err(_) => Capacity::Constant(1),
    }
}

/// Dependencies as relations between leaves, with their kinds and lags in periods
/// (summaries expanded).
fn relations(data: &PlanData, slot: &HashMap<i64, usize>, periods: &Periods) -> Vec<Relation> {
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
            .saturating_mul(periods.per_day())
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
