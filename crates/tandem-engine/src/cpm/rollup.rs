//! Summary-task dates: the span of their children, computed bottom-up (MPXJ's
//! `rollupDates`). Children scheduled against the project's direction (as late as
//! possible in a forward project) contribute their kept dates as the other kind.

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
    backward: bool,
) {
    for &root in &network.roots {
        roll_up_task(network, timings, dates, bars, root, backward);
    }
}

fn roll_up_task(
    network: &Network,
    timings: &[TaskTiming],
    dates: &mut Dates,
    bars: &mut Bars,
    task: usize,
    backward: bool,
) {
    let children = &network.children[task];
    if children.is_empty() {
        return;
    }
    for &child in children {
        roll_up_task(network, timings, dates, bars, child, backward);
    }
    let kept_as_own = |child: usize, own: &[CivilSecond], kept: &[CivilSecond]| {
        if timings[child].pinned {
            kept[child]
        } else {
            own[child]
        }
    };
    let span_of = |own: &[CivilSecond], kept: &[CivilSecond], earliest: bool| {
        let mut picked = children.iter().map(|&child| kept_as_own(child, own, kept));
        let first = picked.next().unwrap_or_default();
        picked.fold(first, |a, b| if earliest { a.min(b) } else { a.max(b) })
    };
    let span = |values: &[CivilSecond], earliest: bool| span_of(values, values, earliest);
    bars.start[task] = span(&bars.start, true);
    bars.finish[task] = span(&bars.finish, false);
    if backward {
        // Mirror of the forward case: children scheduled as soon as possible lend their
        // early dates as late ones.
        let late_start = span_of(&dates.late_start, &dates.early_start, true);
        let late_finish = span_of(&dates.late_finish, &dates.early_finish, false);
        dates.early_start[task] = span(&dates.early_start, true);
        dates.early_finish[task] = span(&dates.early_finish, false);
        dates.late_start[task] = late_start;
        dates.late_finish[task] = late_finish;
    } else {
        let early_start = span_of(&dates.early_start, &dates.late_start, true);
        let early_finish = span_of(&dates.early_finish, &dates.late_finish, false);
        dates.late_start[task] = span(&dates.late_start, true);
        dates.late_finish[task] = span(&dates.late_finish, false);
        dates.early_start[task] = early_start;
        dates.early_finish[task] = early_finish;
    }
}
