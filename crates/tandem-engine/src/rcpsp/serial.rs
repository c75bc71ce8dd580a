//! The serial schedule generation scheme: activities are taken one by one from a
//! precedence-feasible list and each is placed as early (forward) or as late (backward)
//! as precedences and the resources already taken allow.

use thiserror::Error;

use super::problem::{Problem, Time};
use super::profile::Profile;
use super::schedule::Schedule;

/// Why an activity list cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActivityListError {
    /// The list does not name every activity exactly once.
    #[error("the activity list is not a permutation of the {0} activities")]
    NotAPermutation(usize),
    /// A successor comes before one of its predecessors.
    #[error("activity {successor} comes before its predecessor {predecessor}")]
    PrecedenceOrder {
        /// The activity listed too late.
        predecessor: usize,
        /// The activity listed too early.
        successor: usize,
    },
}

/// Decodes `order` with the forward serial scheme.
///
/// # Errors
/// [`ActivityListError`] when `order` is not a precedence-feasible permutation.
pub fn serial_schedule(problem: &Problem, order: &[usize]) -> Result<Schedule, ActivityListError> {
    check_activity_list(problem, order)?;
    Ok(SerialDecoder::new(problem).forward(problem, order))
}

/// Checks that `order` lists every activity once, predecessors first.
///
/// # Errors
/// The first defect found.
pub fn check_activity_list(problem: &Problem, order: &[usize]) -> Result<(), ActivityListError> {
    let mut position = vec![usize::MAX; problem.len()];
    for (index, &activity) in order.iter().enumerate() {
        match position.get_mut(activity) {
            Some(slot) if *slot == usize::MAX => *slot = index,
            _ => return Err(ActivityListError::NotAPermutation(problem.len())),
        }
    }
    if order.len() != problem.len() {
        return Err(ActivityListError::NotAPermutation(problem.len()));
    }
    for &activity in order {
        for arc in problem.successors(activity) {
            if position[arc.activity] < position[activity] {
                return Err(ActivityListError::PrecedenceOrder {
                    predecessor: activity,
                    successor: arc.activity,
                });
            }
        }
    }
    Ok(())
}

/// Reusable buffers for serial decoding, so the metaheuristic allocates nothing per
/// schedule but the result.
#[derive(Debug, Clone)]
pub(crate) struct SerialDecoder {
    profile: Profile,
    starts: Vec<Time>,
}

impl SerialDecoder {
    pub(crate) fn new(problem: &Problem) -> Self {
        Self {
            profile: Profile::new(problem),
            starts: vec![0; problem.len()],
        }
    }

    /// Places each activity of the precedence-feasible `order` at its earliest start
    /// that respects its release date, its relations to the activities placed before it
    /// and the resources they left.
    pub(crate) fn forward(&mut self, problem: &Problem, order: &[usize]) -> Schedule {
        self.profile.clear();
        for &activity in order {
            let ready = problem
                .predecessors(activity)
                .iter()
                .map(|arc| arc.earliest_after(self.starts[arc.activity]))
                .fold(problem.release(activity), Time::max);
            let start = self.profile.earliest_fit(problem, activity, ready);
            self.profile.reserve(problem, activity, start);
            self.starts[activity] = start;
        }
        Schedule::new(problem, self.starts.clone())
    }

    /// Places each activity of `order` (successors first) at its latest start that
    /// finishes by `end` and before its successors; `None` if one does not fit before
    /// period 0. Release dates are not looked at: justification only calls it to move
    /// activities right of where a forward pass put them.
    pub(crate) fn backward(
        &mut self,
        problem: &Problem,
        order: &[usize],
        end: Time,
    ) -> Option<Schedule> {
        self.profile.clear();
        for &activity in order {
            let mut latest = end.checked_sub(problem.duration(activity))?;
            for arc in problem.successors(activity) {
                latest = latest.min(arc.latest_before(self.starts[arc.activity])?);
            }
            let start = self.profile.latest_fit(problem, activity, latest)?;
            self.profile.reserve(problem, activity, start);
            self.starts[activity] = start;
        }
        Some(Schedule::new(problem, self.starts.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcpsp::problem::{Activity, Capacity, Relation, RelationKind};

    /// Three activities of one resource with capacity 2: 0 and 1 (demand 2 each) cannot
    /// overlap, 2 (demand 1) follows 0.
    fn problem() -> Problem {
        let activity = |duration, demand| Activity {
            duration,
            demands: vec![demand],
            release: 0,
        };
        Problem::new(
            vec![Capacity::Constant(2)],
            vec![activity(3, 2), activity(2, 2), activity(1, 1)],
            &[Relation {
                predecessor: 0,
                successor: 2,
                kind: RelationKind::FinishToStart,
                lag: 1,
            }],
        )
        .unwrap()
    }

    #[test]
    fn forward_places_each_activity_as_early_as_possible() {
        let schedule = serial_schedule(&problem(), &[1, 0, 2]).unwrap();
        assert_eq!(schedule.starts(), &[2, 0, 6]);
        assert_eq!(schedule.makespan(), 7);
    }

    #[test]
    fn resource_waits_count_only_the_wait_for_capacity() {
        let schedule = serial_schedule(&problem(), &[1, 0, 2]).unwrap();
        // 0 waits two periods for 1's units; 2 starts as soon as 0 and the lag allow.
        assert_eq!(schedule.resource_waits(&problem()), vec![2, 0, 0]);
    }

    #[test]
    fn backward_places_each_activity_as_late_as_possible() {
        let problem = problem();
        let schedule = SerialDecoder::new(&problem)
            .backward(&problem, &[2, 1, 0], 9)
            .unwrap();
        assert_eq!(schedule.starts(), &[3, 6, 8]);
    }

    #[test]
    fn rejects_lists_that_break_precedence() {
        assert_eq!(
            serial_schedule(&problem(), &[2, 0, 1]),
            Err(ActivityListError::PrecedenceOrder {
                predecessor: 0,
                successor: 2
            })
        );
    }

    #[test]
    fn rejects_lists_that_miss_an_activity() {
        assert_eq!(
            serial_schedule(&problem(), &[0, 0, 2]),
            Err(ActivityListError::NotAPermutation(3))
        );
    }

    #[test]
    fn waits_for_capacity_that_returns_later() {
        let problem = Problem::new(
            vec![Capacity::Varying {
                per_period: vec![1, 1, 0, 1],
                afterwards: 1,
            }],
            vec![
                Activity {
                    duration: 2,
                    demands: vec![1],
                    release: 0,
                };
                2
            ],
            &[],
        )
        .unwrap();
        let schedule = serial_schedule(&problem, &[0, 1]).unwrap();
        assert_eq!(schedule.starts(), &[0, 3]);
    }
}
