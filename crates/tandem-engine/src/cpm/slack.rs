//! Total slack, free slack and the critical flag, as MPXJ's `MicrosoftSlackCalculator`
//! computes them from the scheduled dates.

use crate::calendar::{CivilSecond, WorkCalendar};

use super::model::RelationType;
use super::network::{Graph, Network};
use super::numbered::NumberedDates;
use super::passes::Dates;
use super::timing::{TaskTiming, resolve_lag};

/// `amount` of `per_minute` units as whole minutes, halves rounded up.
fn nearest_minute(amount: i64, per_minute: i64) -> i64 {
    (amount + per_minute / 2).div_euclid(per_minute)
}

/// Slack (in minutes) and criticality of every task, by position.
pub(crate) struct Slack {
    pub(crate) total: Vec<i64>,
    pub(crate) free: Vec<i64>,
    pub(crate) critical: Vec<bool>,
}

/// The dates and tables slack is computed from.
pub(crate) struct SlackInputs<'a> {
    pub(crate) network: &'a Network,
    /// The graph of the relations as given (before summary relations are expanded).
    pub(crate) graph: &'a Graph,
    pub(crate) timings: &'a [TaskTiming],
    pub(crate) calendars: &'a [WorkCalendar],
    pub(crate) dates: &'a Dates,
}

/// Where each task's four dates lie on the task's own time scale, by position.
type Positions = NumberedDates;

impl SlackInputs<'_> {
    /// Where `instant` lies on `task`'s own time scale: working seconds on its calendar,
    /// or plain seconds for elapsed-duration tasks.
    fn position(&self, task: usize, instant: CivilSecond) -> i64 {
        let timing = &self.timings[task];
        if timing.elapsed {
            instant
        } else {
            self.calendars[timing.calendar as usize].work_number(instant)
        }
    }

    /// Start and finish a task keeps in the schedule (late dates for as-late-as-possible
    /// tasks of a forward project).
    fn kept_dates(&self, task: usize) -> (CivilSecond, CivilSecond) {
        let dates = self.dates;
        if self.timings[task].keeps_late {
            (dates.late_start[task], dates.late_finish[task])
        } else {
            (dates.early_start[task], dates.early_finish[task])
        }
    }

    /// A difference of positions as MPXJ measures it: elapsed time in whole minutes
    /// (`until(…, MINUTES)` truncates), working time to the second.
    fn span(&self, task: usize, seconds: i64) -> i64 {
        if self.timings[task].elapsed {
            seconds / 60 * 60
        } else {
            seconds
        }
    }

    /// Whether two tasks measure time on the same scale (so positions can be shared).
    fn same_scale(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.timings[a], &self.timings[b]);
        a.elapsed == b.elapsed && (a.elapsed || a.calendar == b.calendar)
    }

    /// Positions of every task's dates: `numbers` (the work numbers of the passes, when
    /// they ran on them) for leaf tasks, looked up from the dates otherwise.
    fn positions(&self, numbers: Option<NumberedDates>) -> Positions {
        let dates = self.dates;
        let count = self.timings.len();
        let leaves_known = numbers.is_some();
        let mut positions = numbers.unwrap_or_else(|| NumberedDates::zeroed(count));
        for task in 0..count {
            if leaves_known && !self.network.is_summary(task) {
                continue;
            }
            positions.early_start[task] = self.position(task, dates.early_start[task]);
            positions.early_finish[task] = self.position(task, dates.early_finish[task]);
            positions.late_start[task] = self.position(task, dates.late_start[task]);
            positions.late_finish[task] = self.position(task, dates.late_finish[task]);
        }
        positions
    }

    /// The smaller of start slack and finish slack, in seconds; zero for tasks scheduled
    /// against the project's direction (as-late-as-possible ones in a forward project).
    fn total_slack(&self, task: usize, positions: &Positions) -> i64 {
        if self.timings[task].pinned {
            return 0;
        }
        let start = positions.late_start[task] - positions.early_start[task];
        let finish = positions.late_finish[task] - positions.early_finish[task];
        self.span(task, start.min(finish))
    }

    /// The smallest `gap` (of successor, relation type and lag in milliseconds) over
    /// the relations leaving `task` as given.
    fn min_over_successors(
        &self,
        task: usize,
        gap: impl Fn(usize, RelationType, i64) -> i64,
    ) -> Option<i64> {
        match &self.network.given_outgoing {
            Some(given) => {
                let timing = &self.timings[task];
                given
                    .of(task)
                    .iter()
                    .map(|link| gap(link.successor, link.kind, resolve_lag(link, timing).millis))
                    .min()
            }
            None => self
                .graph
                .outgoing(task)
                .iter()
                .map(|edge| gap(edge.task as usize, edge.kind, edge.lag.millis))
                .min(),
        }
    }

    /// Whether `task` has relations to successors as given.
    fn has_given_successors(&self, task: usize) -> bool {
        match &self.network.given_outgoing {
            Some(given) => !given.of(task).is_empty(),
            None => !self.graph.outgoing(task).is_empty(),
        }
    }

    /// Smallest gap, less the lag, to any successor as the relations are given; the
    /// total slack when there is none; never negative. In milliseconds (lags may hold
    /// fractions of a second); `total` is in seconds.
    fn leaf_free_slack(&self, task: usize, kept: &[(i64, i64)], total: i64) -> i64 {
        let (own_start, own_finish) = kept[task];
        let smallest = self.min_over_successors(task, |successor, kind, lag| {
            let (successor_start, successor_finish) = if self.same_scale(task, successor) {
                kept[successor]
            } else {
                let (start, finish) = self.kept_dates(successor);
                (self.position(task, start), self.position(task, finish))
            };
            let gap = match kind {
                RelationType::FinishStart => successor_start - own_finish,
                RelationType::StartStart => successor_start - own_start,
                RelationType::FinishFinish => successor_finish - own_finish,
                RelationType::StartFinish => successor_finish - own_start,
            };
            self.span(task, gap) * 1000 - lag
        });
        smallest.unwrap_or(total * 1000).max(0)
    }

    /// MPXJ compares a summary's own early finish with its early start whenever a child
    /// has successors: zero work between them gives zero free slack, else total slack
    /// (milliseconds; `total` is in seconds).
    fn summary_free_slack(&self, task: usize, total: i64, positions: &Positions) -> i64 {
        let children_have_successors = self.network.children[task]
            .iter()
            .any(|&child| self.has_given_successors(child));
        let zero_length = positions.early_finish[task] == positions.early_start[task];
        if children_have_successors && zero_length {
            0
        } else {
            total.max(0) * 1000
        }
    }
}
/// Computes slack and the critical flag for every task: critical means total slack at or
/// below zero, for summary tasks too (MPXJ recomputes a summary's flag from its own slack
/// once its rolled-up duration is set).
/// `numbers` are the leaf tasks' work numbers when the passes ran on them.
pub(crate) fn compute(inputs: &SlackInputs<'_>, numbers: Option<NumberedDates>) -> Slack {
    let task_count = inputs.timings.len();
    let positions = inputs.positions(numbers);
    let kept: Vec<(i64, i64)> = (0..task_count)
        .map(|task| {
            if inputs.timings[task].keeps_late {
                (positions.late_start[task], positions.late_finish[task])
            } else {
                (positions.early_start[task], positions.early_finish[task])
            }
        })
        .collect();
    let total_seconds: Vec<i64> = (0..task_count)
        .map(|task| inputs.total_slack(task, &positions))
        .collect();
    let free = (0..task_count)
        .map(|task| {
            let free_millis = if inputs.network.is_summary(task) {
                inputs.summary_free_slack(task, total_seconds[task], &positions)
            } else {
                inputs.leaf_free_slack(task, &kept, total_seconds[task])
            };
            nearest_minute(free_millis, 60_000)
        })
        .collect();
    Slack {
        critical: total_seconds.iter().map(|&slack| slack <= 0).collect(),
        total: total_seconds
            .iter()
            .map(|&seconds| nearest_minute(seconds, 60))
            .collect(),
        free,
    }
}
