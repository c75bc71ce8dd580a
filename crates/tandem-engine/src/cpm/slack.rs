//! Total slack, free slack and the critical flag, as MPXJ's `MicrosoftSlackCalculator`
//! computes them from the scheduled dates.

use crate::calendar::{CivilMinute, WorkCalendar};

use super::model::Project;
use super::network::Network;
use super::passes::Dates;
use super::timing::{TaskTiming, resolve_lag};

/// Slack and criticality of every task, by position.
pub(crate) struct Slack {
    pub(crate) total: Vec<i64>,
    pub(crate) free: Vec<i64>,
    pub(crate) critical: Vec<bool>,
}

/// The dates and tables slack is computed from.
pub(crate) struct SlackInputs<'a> {
    pub(crate) project: &'a Project,
    pub(crate) network: &'a Network,
    pub(crate) timings: &'a [TaskTiming],
    pub(crate) calendars: &'a [WorkCalendar],
    pub(crate) dates: &'a Dates,
}

impl SlackInputs<'_> {
    /// Work between two instants, counted like the task's duration.
    fn variance(&self, task: usize, from: CivilMinute, to: CivilMinute) -> i64 {
        let timing = &self.timings[task];
        if timing.elapsed {
            to - from
        } else {
            self.calendars[timing.calendar].work_between(from, to)
        }
    }

    /// The smaller of start slack and finish slack; zero for as-late-as-possible tasks.
    fn total_slack(&self, task: usize) -> i64 {
        if self.timings[task].is_alap() {
            return 0;
        }
        let dates = self.dates;
        let start = self.variance(task, dates.early_start[task], dates.late_start[task]);
        let finish = self.variance(task, dates.early_finish[task], dates.late_finish[task]);
        start.min(finish)
    }

    /// Start and finish a task keeps in the schedule: late dates for as-late-as-possible.
    fn kept_dates(&self, task: usize) -> (CivilMinute, CivilMinute) {
        let dates = self.dates;
        if self.timings[task].is_alap() {
            (dates.late_start[task], dates.late_finish[task])
        } else {
            (dates.early_start[task], dates.early_finish[task])
        }
    }

    /// Smallest gap, less the lag, to any successor as the relations are given; the
    /// total slack when there is none; never negative.
    fn leaf_free_slack(&self, task: usize, total: i64) -> i64 {
        let (own_start, own_finish) = self.kept_dates(task);
        let timing = &self.timings[task];
        let gaps = self.network.outgoing[task].iter().map(|&relation_index| {
            let relation = &self.project.relations[relation_index];
            let (_, successor) = self.network.relation_ends[relation_index];
            let (successor_start, successor_finish) = self.kept_dates(successor);
            let (from, to) = match relation.kind {
                super::RelationType::FinishStart => (own_finish, successor_start),
                super::RelationType::StartStart => (own_start, successor_start),
                super::RelationType::FinishFinish => (own_finish, successor_finish),
                super::RelationType::StartFinish => (own_start, successor_finish),
            };
            let link = super::network::Link {
                predecessor: task,
                successor,
                kind: relation.kind,
                lag: relation.lag,
            };
            self.variance(task, from, to) - resolve_lag(&link, timing).minutes
        });
        gaps.min().unwrap_or(total).max(0)
    }

    /// MPXJ compares a summary's own early finish with its early start whenever a child
    /// has successors: zero work between them gives zero free slack, else total slack.
    fn summary_free_slack(&self, task: usize, total: i64) -> i64 {
        let children_have_successors = self.network.children[task]
            .iter()
            .any(|&child| !self.network.outgoing[child].is_empty());
        let dates = self.dates;
        let zero_length =
            self.variance(task, dates.early_finish[task], dates.early_start[task]) == 0;
        if children_have_successors && zero_length {
            0
        } else {
            total.max(0)
        }
    }
}

/// Computes slack and the critical flag for every task: critical means total slack at or
/// below zero, for summary tasks too (MPXJ recomputes a summary's flag from its own slack
/// once its rolled-up duration is set).
pub(crate) fn compute(inputs: &SlackInputs<'_>) -> Slack {
    let task_count = inputs.timings.len();
    let total: Vec<i64> = (0..task_count)
        .map(|task| inputs.total_slack(task))
        .collect();
    let critical = total.iter().map(|&slack| slack <= 0).collect();
    let free = (0..task_count)
        .map(|task| {
            if inputs.network.is_summary(task) {
                inputs.summary_free_slack(task, total[task])
            } else {
                inputs.leaf_free_slack(task, total[task])
            }
        })
        .collect();
    Slack {
        total,
        free,
        critical,
    }
}
