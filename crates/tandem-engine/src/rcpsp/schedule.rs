//! A schedule (one start time per activity) and the independent check that it is
//! feasible, used by tests, the benchmark and anyone who receives a schedule from outside.

use thiserror::Error;

use super::problem::{Problem, Time};

/// Start times of all activities, indexed like [`Problem::activities`], with the
/// makespan they lead to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    starts: Vec<Time>,
    makespan: Time,
}

impl Schedule {
    /// Wraps start times, computing the makespan (latest finish).
    pub fn new(problem: &Problem, starts: Vec<Time>) -> Self {
        let makespan = starts
            .iter()
            .enumerate()
            .map(|(activity, &start)| start.saturating_add(problem.duration(activity)))
            .max()
            .unwrap_or(0);
        Self { starts, makespan }
    }

    /// Start period of every activity.
    pub fn starts(&self) -> &[Time] {
        &self.starts
    }

    /// The period in which the last activity has finished.
    pub fn makespan(&self) -> Time {
        self.makespan
    }

    /// How many periods each activity starts later than its release date and its
    /// predecessors' starts in this schedule allow: the wait the resources cause (MS
    /// Project's levelling delay), 0 for an activity that starts as soon as it may.
    pub fn resource_waits(&self, problem: &Problem) -> Vec<Time> {
        (0..self.starts.len())
            .map(|activity| {
                let ready = problem
                    .predecessors(activity)
                    .iter()
                    .map(|arc| arc.earliest_after(self.starts[arc.activity]))
                    .fold(problem.release(activity), Time::max);
                self.starts[activity].saturating_sub(ready)
            })
            .collect()
    }

    /// Activities sorted by start time: serial decoding of this list reproduces the
    /// schedule (or a better one), so it is how a schedule becomes an activity list again.
    pub(crate) fn start_order(&self, problem: &Problem) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.starts.len()).collect();
        order.sort_unstable_by_key(|&activity| {
            (
                self.starts[activity],
                self.starts[activity] + problem.duration(activity),
                problem.topological_rank(activity),
            )
        });
        order
    }

    /// Activities sorted by finish time, latest first (ties: the later start, then the
    /// later topological position first), so every successor precedes its predecessors.
    pub(crate) fn finish_order_descending(&self, problem: &Problem) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.starts.len()).collect();
        order.sort_unstable_by_key(|&activity| {
            std::cmp::Reverse((
                self.starts[activity] + problem.duration(activity),
                self.starts[activity],
                problem.topological_rank(activity),
            ))
        });
        order
    }
}

/// The first rule a schedule breaks.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Violation {
    /// The schedule has a different number of start times than there are activities.
    #[error("schedule has {found} start times for {expected} activities")]
    Length {
        /// Start times given.
        found: usize,
        /// Activities in the problem.
        expected: usize,
    },
    /// A successor starts (or finishes) earlier than its relation to its predecessor
    /// allows.
    #[error("activity {successor} starts before activity {predecessor} allows")]
    Precedence {
        /// The activity that had to finish first.
        predecessor: usize,
        /// The activity that started too early.
        successor: usize,
    },
    /// An activity starts before its release date.
    #[error("activity {activity} starts before its release date")]
    Release {
        /// The activity that started too early.
        activity: usize,
    },
    /// A resource is overloaded in a period.
    #[error("resource {resource} is overloaded in period {period}")]
    Capacity {
        /// The overloaded resource.
        resource: usize,
        /// The first overloaded period.
        period: Time,
    },
}

/// Checks that `starts` respects every release date and relation and never exceeds any
/// capacity.
///
/// Independent of the scheduling code (it sums demands period by period), so it can
/// vouch for their results.
///
/// # Errors
/// The first [`Violation`] found.
pub fn verify(problem: &Problem, starts: &[Time]) -> Result<(), Violation> {
    if starts.len() != problem.len() {
        return Err(Violation::Length {
            found: starts.len(),
            expected: problem.len(),
        });
    }
    if let Some(activity) = (0..starts.len()).find(|&a| starts[a] < problem.release(a)) {
        return Err(Violation::Release { activity });
    }
    for (predecessor, &start) in starts.iter().enumerate() {
        for arc in problem.successors(predecessor) {
            if i64::from(starts[arc.activity]) < i64::from(start) + arc.distance {
                return Err(Violation::Precedence {
                    predecessor,
                    successor: arc.activity,
                });
            }
        }
    }
    (0..problem.resources().len())
        .try_for_each(|resource| verify_resource(problem, starts, resource))
}

/// Sweeps the demand changes of one resource in time order and compares the load of each
/// constant-load stretch with the capacity of its periods.
fn verify_resource(problem: &Problem, starts: &[Time], resource: usize) -> Result<(), Violation> {
    let capacity = &problem.resources()[resource];
    let mut changes: Vec<(u64, i64)> = Vec::new();
    for (activity, spec) in problem.activities().iter().enumerate() {
        let demand = i64::from(spec.demands[resource]);
        if demand > 0 && spec.duration > 0 {
            let start = u64::from(starts[activity]);
            changes.push((start, demand));
            changes.push((start + u64::from(spec.duration), -demand));
        }
    }
    changes.sort_unstable();
    let settles = u64::from(capacity.settles_at());
    let mut load = 0i64;
    for (index, &(time, change)) in changes.iter().enumerate() {
        load += change;
        let stretch_end = changes.get(index + 1).map_or(time, |next| next.0);
        // Capacity only changes before it settles: one period stands for the rest.
        let checked_end = stretch_end.min(settles.max(time + 1));
        for period in time..checked_end {
            let period = Time::try_from(period).unwrap_or(Time::MAX);
            if load > i64::from(capacity.at(period)) {
                return Err(Violation::Capacity { resource, period });
            }
        }
    }
    Ok(())
}
