//! Per-task and per-link scheduling facts in integer form (civil minutes, resolved lags,
//! compiled calendars), and the date arithmetic MPXJ applies to them.

use crate::calendar::{CivilSecond, SECONDS_PER_MINUTE, WorkCalendar, to_second};

use super::model::{Constraint, Lag, Task};

/// A constraint type without its date (kept apart in [`TaskTiming`] so the per-task
/// record stays small and the passes touch less memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    AsSoonAsPossible,
    AsLateAsPossible,
    StartNoEarlierThan,
    StartNoLaterThan,
    FinishNoEarlierThan,
    FinishNoLaterThan,
    MustStartOn,
    MustFinishOn,
}

/// A task's duration, calendar and constraint, ready for arithmetic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaskTiming {
    pub(crate) minutes: i64,
    /// The constraint's date (meaningless for the two date-less rules).
    pub(crate) constraint_date: CivilSecond,
    pub(crate) deadline: Option<CivilSecond>,
    pub(crate) calendar: u32,
    pub(crate) rule: Rule,
    pub(crate) elapsed: bool,
    pub(crate) milestone: bool,
    /// The task's schedule is its late dates (as-late-as-possible tasks of a forward
    /// project; every task but as-soon-as-possible ones of a backward project).
    pub(crate) keeps_late: bool,
    /// The task is scheduled against the project's direction (as late as possible in a
    /// forward project, as soon as possible in a backward one): its total slack is zero
    /// and its dates of the other kind roll up as its kept ones.
    pub(crate) pinned: bool,
}

impl TaskTiming {
    /// `from_finish` tells whether the project is scheduled backward from its finish.
    pub(crate) fn new(task: &Task, calendar: usize, from_finish: bool) -> Self {
        let (rule, date) = match task.constraint {
            Constraint::AsSoonAsPossible => (Rule::AsSoonAsPossible, None),
            Constraint::AsLateAsPossible => (Rule::AsLateAsPossible, None),
            Constraint::StartNoEarlierThan(date) => (Rule::StartNoEarlierThan, Some(date)),
            Constraint::StartNoLaterThan(date) => (Rule::StartNoLaterThan, Some(date)),
            Constraint::FinishNoEarlierThan(date) => (Rule::FinishNoEarlierThan, Some(date)),
            Constraint::FinishNoLaterThan(date) => (Rule::FinishNoLaterThan, Some(date)),
            Constraint::MustStartOn(date) => (Rule::MustStartOn, Some(date)),
            Constraint::MustFinishOn(date) => (Rule::MustFinishOn, Some(date)),
        };
        let (keeps_late, pinned) = if from_finish {
            let asap = rule == Rule::AsSoonAsPossible;
            (!asap, asap)
        } else {
            let alap = rule == Rule::AsLateAsPossible;
            (alap, alap)
        };
        Self {
            minutes: task.duration.minutes(),
            constraint_date: date.map_or(0, to_second),
            deadline: task.deadline.map(to_second),
            calendar: calendar as u32,
            rule,
            elapsed: task.duration.is_elapsed(),
            milestone: task.milestone,
            keeps_late,
            pinned,
        }
    }
}

const MILLIS_PER_MINUTE: i64 = 60_000;

/// A time offset (duration or lag) in milliseconds, as MPXJ holds it, and how it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Offset {
    pub(crate) millis: i64,
    pub(crate) elapsed: bool,
}

impl Offset {
    fn minutes(minutes: i64, elapsed: bool) -> Self {
        Self {
            millis: minutes.saturating_mul(MILLIS_PER_MINUTE),
            elapsed,
        }
    }

    /// MPXJ's `ProjectCalendar.getDate`: elapsed offsets move the clock by whole minutes
    /// (truncated), working ones move through working time; results drop fractions of a
    /// second (towards the earlier instant).
    pub(crate) fn apply(self, calendar: &WorkCalendar, instant: CivilSecond) -> CivilSecond {
        if self.elapsed {
            instant.saturating_add(self.millis / MILLIS_PER_MINUTE * SECONDS_PER_MINUTE)
        } else {
            calendar.add_work(instant, self.millis.div_euclid(1000))
        }
    }

    pub(crate) fn negate(self) -> Self {
        Self {
            millis: -self.millis,
            ..self
        }
    }

    pub(crate) fn is_zero(self) -> bool {
        self.millis == 0
    }
}

impl TaskTiming {
    pub(crate) fn duration(&self) -> Offset {
        Offset::minutes(self.minutes, self.elapsed)
    }
}

/// The lag of a link: a percentage lag is that share of the predecessor's duration,
/// counted like the predecessor's duration, rounded to hundredths of a minute (as MPXJ).
pub(crate) fn resolve_lag(lag: Lag, predecessor: &TaskTiming) -> Offset {
    match lag {
        Lag::Working(minutes) => Offset::minutes(minutes, false),
        Lag::Elapsed(minutes) => Offset::minutes(minutes, true),
        Lag::Percent(percent) => {
            let minutes = predecessor.minutes as f64 * percent / 100.0;
            let hundredths = (minutes * 100.0).round();
            Offset {
                millis: (hundredths * 600.0).round() as i64,
                elapsed: predecessor.elapsed,
            }
        }
    }
}
