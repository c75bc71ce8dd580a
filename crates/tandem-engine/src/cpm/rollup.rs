//! Summary-task dates: the span of their children, computed bottom-up (MPXJ's
//! `rollupDates`). Children scheduled against the project's direction (as late as
//! possible in a forward project) contribute their kept dates as the other kind.

use super::network::Network;
use super::passes::Dates;
use super::timing::TaskTiming;

/// Scheduled start and finish of every task, by position.
pub(crate) struct Bars<T> {
    pub(crate) start: Vec<T>,
    pub(crate) finish: Vec<T>,
}

/// Fills the dates of every summary task in `dates` and `bars` from its children. Dates
/// may be instants or anything ordered like them. Without `bars` every task keeps its
/// early dates (nothing is pinned), so the bars would equal the early dates.
pub(crate) fn roll_up<T: Copy + Ord + Default>(
    network: &Network,
    timings: &[TaskTiming],
    dates: &mut Dates<T>,
    mut bars: Option<&mut Bars<T>>,
    backward: bool,
) {
    let rollup = RollUp {
        network,
        timings,
        backward,
    };
    for &root in network.outline.roots() {
        rollup.task(dates, bars.as_deref_mut(), root as usize);
    }
}

struct RollUp<'a> {
    network: &'a Network,
    timings: &'a [TaskTiming],
    backward: bool,
}

impl RollUp<'_> {
    fn task<T: Copy + Ord + Default>(
        &self,
        dates: &mut Dates<T>,
        mut bars: Option<&mut Bars<T>>,
        task: usize,
    ) {
        let children = self.network.outline.children(task);
        if children.is_empty() {
            return;
        }
        for &child in children {
            self.task(dates, bars.as_deref_mut(), child as usize);
        }
        let timings = self.timings;
        let kept_as_own = |child: usize, own: &[T], kept: &[T]| {
            if timings[child].pinned {
                kept[child]
            } else {
                own[child]
            }
        };
        let span_of = |own: &[T], kept: &[T], earliest: bool| {
            let mut picked = children
                .iter()
                .map(|&child| kept_as_own(child as usize, own, kept));
            let first = picked.next().unwrap_or_default();
            picked.fold(first, |a, b| if earliest { a.min(b) } else { a.max(b) })
        };
        let span = |values: &[T], earliest: bool| span_of(values, values, earliest);
        if let Some(bars) = bars {
            bars.start[task] = span(&bars.start, true);
            bars.finish[task] = span(&bars.finish, false);
        }
        if self.backward {
            // Mirror of the forward case: children scheduled as soon as possible lend
            // their early dates as late ones.
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
}
