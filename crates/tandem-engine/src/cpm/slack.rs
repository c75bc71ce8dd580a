//! Total slack, free slack and the critical flag, as MPXJ's `MicrosoftSlackCalculator`
//! computes them from the scheduled dates.

use crate::calendar::{CivilSecond, WorkCalendar};

use super::model::RelationType;
use super::network::Network;
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
    pub(crate) timings: &'a [TaskTiming],
    pub(crate) calendars: &'a [WorkCalendar],
    pub(crate) dates: &'a Dates,
}

impl SlackInputs<'_> {
    /// Work between two instants, counted like the task's duration.
    fn variance(&self, task: usize, from: CivilSecond, to: CivilSecond) -> i64 {
        let timing = &self.timings[task];
        if timing.elapsed {
            to - from
        } else {
            self.calendars[timing.calendar as usize].work_between(from, to)
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
    fn kept_dates(&self, task: usize) -> (CivilSecond, CivilSecond) {
        let dates = self.dates;
        if self.timings[task].is_alap() {
            (dates.late_start[task], dates.late_finish[task])
        } else {
            (dates.early_start[task], dates.early_finish[task])
        }
    }

    /// Smallest gap, less the lag, to any successor as the relations are given; the
    /// total slack when there is none; never negative. In milliseconds (lags may hold
    /// fractions of a second); `total` is in seconds.
    fn leaf_free_slack(&self, task: usize, total: i64) -> i64 {
        let (own_start, own_finish) = self.kept_dates(task);
        let timing = &self.timings[task];
        let gaps = self.network.given_outgoing.of(task).iter().map(|&index| {
            let link = &self.network.given[index as usize];
            let (successor_start, successor_finish) = self.kept_dates(link.successor);
            let (from, to) = match link.kind {
                RelationType::FinishStart => (own_finish, successor_start),
                RelationType::StartStart => (own_start, successor_start),
                RelationType::FinishFinish => (own_finish, successor_finish),
                RelationType::StartFinish => (own_start, successor_finish),
            };
            self.variance(task, from, to) * 1000 - resolve_lag(link, timing).millis
        });
        gaps.min().unwrap_or(total * 1000).max(0)
    }

    /// MPXJ compares a summary's own early finish with its early start whenever a child
    /// has successors: zero work between them gives zero free slack, else total slack
    /// (milliseconds; `total` is in seconds).
    fn summary_free_slack(&self, task: usize, total: i64) -> i64 {
        let children_have_successors = self.network.children[task]
            .iter()
            .any(|&child| !self.network.given_outgoing.of(child).is_empty());
        let dates = self.dates;
        let zero_length =
            self.variance(task, dates.early_finish[task], dates.early_start[task]) == 0;
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
pub(crate) fn compute(inputs: &SlackInputs<'_>) -> Slack {
    let task_count = inputs.timings.len();
    let total_seconds: Vec<i64> = (0..task_count)
        .map(|task| inputs.total_slack(task))
        .collect();
    let free = (0..task_count)
        .map(|task| {
            let free_millis = if inputs.network.is_summary(task) {
                inputs.summary_free_slack(task, total_seconds[task])
            } else {
                inputs.leaf_free_slack(task, total_seconds[task])
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
