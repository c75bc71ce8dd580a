//! Resource-free time windows (the critical path method on the activity network): the
//! classic lower bound on the makespan and the raw material of the priority rules.

use super::problem::{Problem, Time, clamp_time};

/// Earliest and latest starts of every activity when resources are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeWindows {
    /// Earliest start of each activity.
    pub earliest_starts: Vec<Time>,
    /// Latest start of each activity that still finishes by the critical-path length.
    pub latest_starts: Vec<Time>,
    /// Length of the longest path: no schedule can be shorter.
    pub critical_path_length: Time,
}

impl TimeWindows {
    /// Forward and backward passes over the topological order; release dates hold
    /// activities back in the forward pass.
    pub fn new(problem: &Problem) -> Self {
        let order = problem.topological_order();
        let mut earliest_starts = vec![0; problem.len()];
        for &activity in order {
            earliest_starts[activity] = problem
                .predecessors(activity)
                .iter()
                .map(|arc| arc.earliest_after(earliest_starts[arc.activity]))
                .fold(problem.release(activity), Time::max);
        }
        let critical_path_length = (0..problem.len())
            .map(|activity| earliest_starts[activity] + problem.duration(activity))
            .max()
            .unwrap_or(0);
        let mut latest_starts = vec![0; problem.len()];
        for &activity in order.iter().rev() {
            // Every successor's latest start is at least its earliest, so this never
            // goes below the activity's earliest start (nor below 0).
            latest_starts[activity] = problem
                .successors(activity)
                .iter()
                .map(|arc| clamp_time(i64::from(latest_starts[arc.activity]) - arc.distance))
                .fold(critical_path_length - problem.duration(activity), Time::min);
        }
        Self {
            earliest_starts,
            latest_starts,
            critical_path_length,
        }
    }

    /// Latest finish of `activity` without delaying the critical path.
    pub fn latest_finish(&self, problem: &Problem, activity: usize) -> Time {
        self.latest_starts[activity] + problem.duration(activity)
    }

    /// Latest finish of every activity when some also have a due date (the period they
    /// should have finished by): the backward pass of [`Self::new`] with each due date
    /// capping its activity's latest finish and, through the relations, its predecessors'.
    /// A due date the network cannot meet gives a latest finish before the earliest one
    /// (even below 0), so the most overdue work ranks first. Without due dates this is
    /// [`Self::latest_finish`] of every activity.
    pub fn latest_finishes_by(&self, problem: &Problem, due: &[Option<Time>]) -> Vec<i64> {
        let mut latest_starts = vec![0i64; problem.len()];
        for &activity in problem.topological_order().iter().rev() {
            let duration = i64::from(problem.duration(activity));
            let finish = due
                .get(activity)
                .copied()
                .flatten()
                .map_or(i64::from(self.critical_path_length), |due| {
                    i64::from(due.min(self.critical_path_length))
                });
            latest_starts[activity] = problem
                .successors(activity)
                .iter()
                .map(|arc| latest_starts[arc.activity] - arc.distance)
                .fold(finish - duration, i64::min);
        }
        (0..problem.len())
            .map(|activity| latest_starts[activity] + i64::from(problem.duration(activity)))
            .collect()
    }
}

/// The critical-path lower bound on the makespan (resources ignored), the reference of
/// the j120 benchmark.
pub fn critical_path_bound(problem: &Problem) -> Time {
    TimeWindows::new(problem).critical_path_length
}
