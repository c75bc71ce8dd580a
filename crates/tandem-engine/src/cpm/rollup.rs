//! Summary-task dates: the span of their children, computed bottom-up (MPXJ's
//! `rollupDates`). Children that are as late as possible contribute late dates as early.

use super::network::Network;
use super::passes::Dates;
use super::timing::TaskTiming;
use crate::calendar::CivilSecond;

/// Scheduled start and finish of every task, by position.
pub(crate) struct Bars {
    pub(crate) start: Vec<CivilSecond>,
    pub(crate) finish: Vec<CivilSecond>,
}

/// Fills the dates of every summary task in `dates` and `bars` from its children.
pub(crate) fn roll_up(
    network: &Network,
    timings: &[TaskTiming],
    dates: &mut Dates,
    bars: &mut Bars,
) {
    for &root in &network.roots {
        roll_up_task(network, timings, dates, bars, root);
    }
}

fn roll_up_task(
    network: &Network,
    timings: &[TaskTiming],
    dates: &mut Dates,
    bars: &mut Bars,
    task: usize,
) {
    let children = &network.children[task];
    if children.is_empty() {
        return;
    }
    for &child in children {
        roll_up_task(network, timings, dates, bars, child);
    }
    let span = |values: &[CivilSecond], earliest: bool| {
        let mut picked = children.iter().map(|&child| values[child]);
        let first = picked.next().unwrap_or_default();
        picked.fold(first, |a, b| if earliest { a.min(b) } else { a.max(b) })
    };
    bars.start[task] = span(&bars.start, true);
    bars.finish[task] = span(&bars.finish, false);
    dates.late_start[task] = span(&dates.late_start, true);
    dates.late_finish[task] = span(&dates.late_finish, false);
    let early_of = |child: usize, early: &[CivilSecond], late: &[CivilSecond]| {
        if timings[child].is_alap() {
            late[child]
        } else {
            early[child]
        }
    };
    let early_starts = children
        .iter()
        .map(|&child| early_of(child, &dates.early_start, &dates.late_start));
    let early_finishes = children
        .iter()
        .map(|&child| early_of(child, &dates.early_finish, &dates.late_finish));
    let early_start = early_starts.min().unwrap_or_default();
    let early_finish = early_finishes.max().unwrap_or_default();
    dates.early_start[task] = early_start;
    dates.early_finish[task] = early_finish;
}
