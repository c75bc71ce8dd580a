//! People's time off on the forecast's axis. The schedule runs an item on its assignee's
//! calendar when they have time off ([`PlanData::item_calendar`]); the forecast does the
//! same by giving the item the intervals of project working time (minutes from the status
//! date) that its assignee is away.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime};
use tandem_engine::calendar::{Calendar, CalendarUid};
use tandem_engine::forecast::{BlockedTime, ForecastClock};
use tandem_store::Item;

use super::network::PlanData;

/// The calendars of a forecast network: one per assignee with time off, and which one
/// each item works on.
#[derive(Debug, Default)]
pub struct AssigneeCalendars {
    /// Blocked time per calendar, in the order the engine takes them.
    pub blocked: Vec<BlockedTime>,
    /// Per item (same order as the items given): the index of its calendar in `blocked`,
    /// `None` for the project calendar.
    pub of_item: Vec<Option<usize>>,
}

impl AssigneeCalendars {
    /// The calendars of `items` as the schedule would choose them, on `clock`'s axis.
    pub fn of(data: &PlanData, items: &[&Item], clock: &ForecastClock) -> Self {
        let mut index: HashMap<CalendarUid, usize> = HashMap::new();
        let mut blocked = Vec::new();
        let of_item = items
            .iter()
            .map(|item| {
                let calendar = data.person_calendar(item.assignee.as_ref()?.id)?;
                Some(*index.entry(calendar.uid).or_insert_with(|| {
                    blocked.push(time_off(calendar, clock));
                    blocked.len() - 1
                }))
            })
            .collect();
        Self { blocked, of_item }
    }
}

/// A person's calendar (the project's with whole days off as exceptions without hours,
/// see [`crate::people::calendar::person_calendar`]) as blocked intervals: each run of
/// days off blocks all project working time from its first midnight to its last.
/// Overlapping absences are joined first; ones over before the status date are dropped.
fn time_off(calendar: &Calendar, clock: &ForecastClock) -> BlockedTime {
    let mut absences: Vec<(Date, Date)> = calendar
        .exceptions
        .iter()
        .filter(|exception| exception.hours.is_empty() && exception.from <= exception.to)
        .map(|exception| (exception.from, exception.to))
        .collect();
    absences.sort_unstable();
    let mut joined: Vec<(Date, Date)> = Vec::with_capacity(absences.len());
    for (from, to) in absences {
        match joined.last_mut() {
            Some((_, last)) if from <= *last => *last = (*last).max(to),
            _ => joined.push((from, to)),
        }
    }
    BlockedTime {
        intervals: joined
            .into_iter()
            .map(|(from, to)| {
                let after = to
                    .tomorrow()
                    .map_or(DateTime::MAX, |day| day.at(0, 0, 0, 0));
                clock.offset_of(from.at(0, 0, 0, 0))..clock.offset_of(after)
            })
            .filter(|interval| interval.end > 0.0)
            .collect(),
    }
}
