//! Total slack, free slack and the critical flag, as MPXJ's `MicrosoftSlackCalculator`
//! computes them from the scheduled dates. Computed per task while the output is
//! assembled, so no per-task slack arrays are allocated.

use crate::calendar::{CivilSecond, WorkCalendar};

use super::model::{Project, RelationType};
use super::network::{Graph, Network};
use super::passes::Dates;
use super::timing::{TaskTiming, resolve_lag};

/// `amount` of `per_minute` units as whole minutes, halves rounded up.
fn nearest_minute(amount: i64, per_minute: i64) -> i64 {
    (amount + per_minute / 2).div_euclid(per_minute)
}

/// Slack (in minutes) and criticality of one task.
pub(crate) struct TaskSlack {
    pub(crate) total: i64,
    pub(crate) free: i64,
    pub(crate) critical: bool,
}

/// The dates and tables slack is computed from.
pub(crate) struct SlackInputs<'a> {
    pub(crate) project: &'a Project,
    pub(crate) network: &'a Network,
    /// The graph of the relations as given (before summary relations are expanded).
    pub(crate) graph: &'a Graph,
    pub(crate) timings: &'a [TaskTiming],
    pub(crate) calendars: &'a [WorkCalendar],
    /// Every task's instants, to compare dates of tasks on different time scales; `None`
    /// when all tasks count working time on one calendar (the numbered passes), where
    /// positions compare directly.
    pub(crate) instants: Option<&'a Dates>,
    /// Whether some task keeps its late dates; when none does (always on the numbered
    /// path) the kept dates are the early ones, without reading each successor's timing.
    pub(crate) some_keep_late: bool,
}

/// Slack of every task from the positions of its dates on its own time scale (working
/// seconds on its calendar, or plain seconds for elapsed-duration tasks): work numbers,
/// or numbered keys that convert to them.
pub(crate) struct Slack<'a, P> {
    inputs: SlackInputs<'a>,
    positions: &'a Dates<P>,
}

impl<'a> SlackInputs<'a> {
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

    /// Positions of every task's dates, looked up from `instants`.
    pub(crate) fn positions(&self, instants: &Dates) -> Dates<i64> {
        let count = self.timings.len();
        let of = |dates: &[CivilSecond]| {
            (0..count)
                .map(|task| self.position(task, dates[task]))
                .collect()
        };
        Dates {
            early_start: of(&instants.early_start),
            early_finish: of(&instants.early_finish),
            late_start: of(&instants.late_start),
            late_finish: of(&instants.late_finish),
        }
    }

    /// Slack from `positions` (see [`Slack`]).
    pub(crate) fn slack<P>(self, positions: &'a Dates<P>) -> Slack<'a, P> {
        Slack {
            inputs: self,
            positions,
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

    /// The instants of `successor`'s kept dates, when they must be measured on `task`'s
    /// time scale (the two count time differently); `None` when positions compare.
    fn instants_across(&self, task: usize, successor: usize) -> Option<(CivilSecond, CivilSecond)> {
        let dates = self.instants?;
        let (a, b) = (&self.timings[task], &self.timings[successor]);
        let same_scale = a.elapsed == b.elapsed && (a.elapsed || a.calendar == b.calendar);
        if same_scale {
            return None;
        }
        Some(if b.keeps_late {
            (dates.late_start[successor], dates.late_finish[successor])
        } else {
            (dates.early_start[successor], dates.early_finish[successor])
        })
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
                    .map(|link| {
                        let lag = resolve_lag(link.lag(self.project), timing);
                        gap(link.successor as usize, link.kind, lag.millis)
                    })
                    .min()
            }
            None => self
                .graph
                .outgoing(task)
                .iter()
                .map(|edge| gap(edge.task as usize, edge.kind, edge.lag().millis))
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
}

impl<P: Copy + Into<i64>> Slack<'_, P> {
    /// Total and free slack of `task` in minutes, and whether it is critical: total
    /// slack at or below zero, for summary tasks too (MPXJ recomputes a summary's flag
    /// from its own slack once its rolled-up duration is set).
    pub(crate) fn of(&self, task: usize) -> TaskSlack {
        let total = self.total_slack(task);
        let free_millis = if self.inputs.network.is_summary(task) {
            self.summary_free_slack(task, total)
        } else {
            self.leaf_free_slack(task, total)
        };
        TaskSlack {
            total: nearest_minute(total, 60),
            free: nearest_minute(free_millis, 60_000),
            critical: total <= 0,
        }
    }

    /// Positions of `task`'s start and finish.
    fn early(&self, task: usize) -> (i64, i64) {
        let positions = self.positions;
        (
            positions.early_start[task].into(),
            positions.early_finish[task].into(),
        )
    }

    fn late(&self, task: usize) -> (i64, i64) {
        let positions = self.positions;
        (
            positions.late_start[task].into(),
            positions.late_finish[task].into(),
        )
    }

    /// Positions of the start and finish `task` keeps in the schedule (late dates for
    /// as-late-as-possible tasks of a forward project).
    fn kept(&self, task: usize) -> (i64, i64) {
        if self.inputs.some_keep_late && self.inputs.timings[task].keeps_late {
            self.late(task)
        } else {
            self.early(task)
        }
    }

    /// The smaller of start slack and finish slack, in seconds; zero for tasks scheduled
    /// against the project's direction (as-late-as-possible ones in a forward project).
    fn total_slack(&self, task: usize) -> i64 {
        if self.inputs.timings[task].pinned {
            return 0;
        }
        let ((early_start, early_finish), (late_start, late_finish)) =
            (self.early(task), self.late(task));
        let slack = (late_start - early_start).min(late_finish - early_finish);
        self.inputs.span(task, slack)
    }

    /// Smallest gap, less the lag, to any successor as the relations are given; the
    /// total slack when there is none; never negative. In milliseconds (lags may hold
    /// fractions of a second); `total` is in seconds.
    fn leaf_free_slack(&self, task: usize, total: i64) -> i64 {
        let inputs = &self.inputs;
        let (own_start, own_finish) = self.kept(task);
        let smallest = inputs.min_over_successors(task, |successor, kind, lag| {
            let (successor_start, successor_finish) = match inputs.instants_across(task, successor)
            {
                Some((start, finish)) => {
                    (inputs.position(task, start), inputs.position(task, finish))
                }
                None => self.kept(successor),
            };
            let gap = match kind {
                RelationType::FinishStart => successor_start - own_finish,
                RelationType::StartStart => successor_start - own_start,
                RelationType::FinishFinish => successor_finish - own_finish,
                RelationType::StartFinish => successor_finish - own_start,
            };
            inputs.span(task, gap) * 1000 - lag
        });
        smallest.unwrap_or(total * 1000).max(0)
    }

    /// MPXJ compares a summary's own early finish with its early start whenever a child
    /// has successors: zero work between them gives zero free slack, else total slack
    /// (milliseconds; `total` is in seconds).
    fn summary_free_slack(&self, task: usize, total: i64) -> i64 {
        let inputs = &self.inputs;
        let children_have_successors = inputs
            .network
            .outline
            .children(task)
            .iter()
            .any(|&child| inputs.has_given_successors(child as usize));
        let (early_start, early_finish) = self.early(task);
        if children_have_successors && early_finish == early_start {
            0
        } else {
            total.max(0) * 1000
        }
    }
}
