//! Per-task and per-link scheduling facts in integer form (civil minutes, resolved lags,
//! compiled calendars), and the date arithmetic MPXJ applies to them.

use crate::calendar::{CivilMinute, WorkCalendar, to_minute};

use super::model::{Constraint, Lag, Task};
use super::network::Link;

/// A task's duration and calendar, ready for arithmetic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaskTiming {
    pub(crate) minutes: i64,
    pub(crate) elapsed: bool,
    pub(crate) calendar: usize,
    pub(crate) milestone: bool,
    pub(crate) constraint: Constraint,
    pub(crate) deadline: Option<CivilMinute>,
}

impl TaskTiming {
    pub(crate) fn new(task: &Task, calendar: usize) -> Self {
        Self {
            minutes: task.duration.minutes(),
            elapsed: task.duration.is_elapsed(),
            calendar,
            milestone: task.milestone,
            constraint: task.constraint,
            deadline: task.deadline.map(to_minute),
        }
    }

    /// The constraint's date in civil minutes.
    pub(crate) fn constraint_date(&self) -> Option<CivilMinute> {
        self.constraint.date().map(to_minute)
    }

    pub(crate) fn is_alap(&self) -> bool {
        self.constraint == Constraint::AsLateAsPossible
    }
}

/// A time offset (duration or lag) and how it is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Offset {
    pub(crate) minutes: i64,
    pub(crate) elapsed: bool,
}

impl Offset {
    /// MPXJ's `ProjectCalendar.getDate`: elapsed offsets move the clock, working ones move
    /// through the calendar's working time.
    pub(crate) fn apply(self, calendar: &WorkCalendar, instant: CivilMinute) -> CivilMinute {
        if self.elapsed {
            instant + self.minutes
        } else {
            calendar.add_work(instant, self.minutes)
        }
    }

    pub(crate) fn negate(self) -> Self {
        Self {
            minutes: -self.minutes,
            ..self
        }
    }
}

impl TaskTiming {
    pub(crate) fn duration(&self) -> Offset {
        Offset {
            minutes: self.minutes,
            elapsed: self.elapsed,
        }
    }
}

/// The lag of a link in minutes: a percentage lag is that share of the predecessor's
/// duration, counted like the predecessor's duration (rounded to the minute).
pub(crate) fn resolve_lag(link: &Link, predecessor: &TaskTiming) -> Offset {
    match link.lag {
        Lag::Working(minutes) => Offset {
            minutes,
            elapsed: false,
        },
        Lag::Elapsed(minutes) => Offset {
            minutes,
            elapsed: true,
        },
        Lag::Percent(percent) => Offset {
            minutes: (predecessor.minutes as f64 * percent / 100.0).round() as i64,
            elapsed: predecessor.elapsed,
        },
    }
}
