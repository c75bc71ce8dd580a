//! The resource-constrained project scheduling problem (RCPSP): activities, renewable
//! resources and precedence relations, validated once and indexed for fast scheduling.

use thiserror::Error;

/// A time in whole periods counted from the project start (period 0).
pub type Time = u32;

/// How much of a renewable resource is available in each period.
///
/// PSPLIB instances use a constant capacity; a team with time off or part-time people
/// has a capacity that changes from period to period until it settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capacity {
    /// The same capacity in every period.
    Constant(u32),
    /// `per_period[t]` units in period `t`, then `afterwards` units in every later period.
    Varying {
        /// Capacity of periods `0..per_period.len()`.
        per_period: Vec<u32>,
        /// Capacity of every period from `per_period.len()` on.
        afterwards: u32,
    },
}

impl Capacity {
    /// Units available in period `t`.
    pub fn at(&self, t: Time) -> u32 {
        match self {
            Capacity::Constant(units) => *units,
            Capacity::Varying {
                per_period,
                afterwards,
            } => per_period.get(t as usize).copied().unwrap_or(*afterwards),
        }
    }

    /// Units available for ever once the varying part is over: a demand above this can
    /// never be scheduled.
    pub fn eventual(&self) -> u32 {
        match self {
            Capacity::Constant(units) => *units,
            Capacity::Varying { afterwards, .. } => *afterwards,
        }
    }

    /// The first period from which capacity no longer changes.
    pub fn settles_at(&self) -> Time {
        match self {
            Capacity::Constant(_) => 0,
            Capacity::Varying { per_period, .. } => {
                Time::try_from(per_period.len()).unwrap_or(Time::MAX)
            }
        }
    }
}

/// One activity: how long it runs, how many units of each resource it holds while it
/// runs (non-preemptive) and the first period it may start in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Duration in periods; zero for milestones and dummy activities.
    pub duration: Time,
    /// Units requested of each resource, indexed like [`Problem::resources`].
    pub demands: Vec<u32>,
    /// Release date: the earliest period the activity may start in, whatever its
    /// predecessors allow (a pinned start, "start no earlier than"); 0 in PSPLIB.
    pub release: Time,
}

/// Which ends of the two activities a [`Relation`] ties together, as in project tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelationKind {
    /// The successor starts after the predecessor finishes (PSPLIB's only kind).
    #[default]
    FinishToStart,
    /// The successor starts after the predecessor starts.
    StartToStart,
    /// The successor finishes after the predecessor finishes.
    FinishToFinish,
    /// The successor finishes after the predecessor starts.
    StartToFinish,
}

/// A precedence relation: the `kind`'s end of `successor` comes at least `lag` periods
/// after the `kind`'s end of `predecessor` (a negative lag is a lead).
///
/// Internally every relation is a minimum distance between the two start times (for
/// finish-to-start, the predecessor's duration plus the lag), so the schedule generation
/// schemes treat every kind alike; the successor is still scheduled after its predecessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation {
    /// Index of the activity whose start or finish comes first.
    pub predecessor: usize,
    /// Index of the activity that waits.
    pub successor: usize,
    /// Which ends the relation ties.
    pub kind: RelationKind,
    /// Periods between the predecessor's end and the successor's end; negative to overlap.
    pub lag: i32,
}

impl Relation {
    /// The minimum of `start(successor) - start(predecessor)` this relation demands.
    fn start_distance(&self, activities: &[Activity]) -> i64 {
        let predecessor = i64::from(activities[self.predecessor].duration);
        let successor = i64::from(activities[self.successor].duration);
        let lag = i64::from(self.lag);
        match self.kind {
            RelationKind::FinishToStart => predecessor + lag,
            RelationKind::StartToStart => lag,
            RelationKind::FinishToFinish => predecessor + lag - successor,
            RelationKind::StartToFinish => lag - successor,
        }
    }

    /// Whether the successor can never start before the predecessor finishes, what
    /// justification (and so the genetic algorithm) relies on.
    fn is_plain(&self) -> bool {
        self.kind == RelationKind::FinishToStart && self.lag >= 0
    }
}

/// Why a problem cannot be scheduled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProblemError {
    /// An activity lists a different number of demands than there are resources.
    #[error("activity {activity} has {found} resource demands, expected {expected}")]
    DemandCount {
        /// The offending activity.
        activity: usize,
        /// Number of demands given.
        found: usize,
        /// Number of resources.
        expected: usize,
    },
    /// An activity needs more of a resource than will ever be available.
    #[error(
        "activity {activity} needs {demand} units of resource {resource}, which never has more than {capacity}"
    )]
    DemandExceedsCapacity {
        /// The offending activity.
        activity: usize,
        /// The resource it overloads.
        resource: usize,
        /// Units it requests.
        demand: u32,
        /// Units the resource settles at.
        capacity: u32,
    },
    /// A relation names an activity that does not exist.
    #[error("relation {predecessor} -> {successor} refers to a missing activity")]
    UnknownActivity {
        /// Predecessor index as given.
        predecessor: usize,
        /// Successor index as given.
        successor: usize,
    },
    /// The relations contain a cycle, so no order of the activities respects them all.
    #[error("precedence relations form a cycle through activities {0:?}")]
    Cycle(Vec<usize>),
    /// Justification, and with it the genetic algorithm, shifts activities in the order
    /// of their finish times, which only keeps precedences when every successor starts
    /// after its predecessor finishes; other relations need the priority-rule schemes.
    #[error(
        "relation {predecessor} -> {successor} is not finish-to-start with a non-negative lag, \
         which justification and the genetic algorithm need; use a priority-rule schedule"
    )]
    NotFinishToStart {
        /// Predecessor of the first such relation.
        predecessor: usize,
        /// Its successor.
        successor: usize,
    },
}

/// An arc of the precedence graph: the other activity and the minimum distance between
/// the two start times (negative when the successor may start before its predecessor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arc {
    pub(crate) activity: usize,
    pub(crate) distance: i64,
}

impl Arc {
    /// Earliest start this arc leaves its successor when the predecessor starts at
    /// `predecessor_start` (never before period 0).
    pub(crate) fn earliest_after(self, predecessor_start: Time) -> Time {
        clamp_time(i64::from(predecessor_start) + self.distance)
    }

    /// Latest start this arc leaves its predecessor when the successor starts at
    /// `successor_start`; `None` if that is before period 0.
    pub(crate) fn latest_before(self, successor_start: Time) -> Option<Time> {
        Time::try_from(i64::from(successor_start) - self.distance).ok()
    }
}

/// `time` as a period, 0 if negative and [`Time::MAX`] if beyond.
pub(crate) fn clamp_time(time: i64) -> Time {
    Time::try_from(time.max(0)).unwrap_or(Time::MAX)
}

/// A validated RCPSP instance with precomputed adjacency and topological data.
#[derive(Debug, Clone)]
pub struct Problem {
    resources: Vec<Capacity>,
    activities: Vec<Activity>,
    /// Per activity, the `(resource, units)` pairs with non-zero demand.
    requests: Vec<Vec<(usize, u32)>>,
    successors: Vec<Vec<Arc>>,
    predecessors: Vec<Vec<Arc>>,
    topological_order: Vec<usize>,
    /// Position of each activity in `topological_order`, used to break ties.
    topological_rank: Vec<usize>,
    settles_at: Time,
    /// The first relation that is not finish-to-start with a non-negative lag.
    first_not_plain: Option<(usize, usize)>,
}

impl Problem {
    /// Validates and indexes a problem.
    ///
    /// # Errors
    /// [`ProblemError`] when demands do not match the resources, exceed what a resource
    /// will ever offer, a relation refers to a missing activity or relations form a cycle
    /// (whatever their kinds: a successor is always scheduled after its predecessor).
    pub fn new(
        resources: Vec<Capacity>,
        activities: Vec<Activity>,
        relations: &[Relation],
    ) -> Result<Self, ProblemError> {
        let requests = requests(&resources, &activities)?;
        let count = activities.len();
        let mut successors = vec![Vec::new(); count];
        let mut predecessors = vec![Vec::new(); count];
        for relation in relations {
            let (from, to) = (relation.predecessor, relation.successor);
            if from >= count || to >= count {
                return Err(ProblemError::UnknownActivity {
                    predecessor: from,
                    successor: to,
                });
            }
            let distance = relation.start_distance(&activities);
            successors[from].push(Arc {
                activity: to,
                distance,
            });
            predecessors[to].push(Arc {
                activity: from,
                distance,
            });
        }
        let topological_order = topological_order(&successors, &predecessors)?;
        let mut topological_rank = vec![0; count];
        for (rank, &activity) in topological_order.iter().enumerate() {
            topological_rank[activity] = rank;
        }
        let settles_at = resources
            .iter()
            .map(Capacity::settles_at)
            .max()
            .unwrap_or(0);
        let first_not_plain = relations
            .iter()
            .find(|relation| !relation.is_plain())
            .map(|relation| (relation.predecessor, relation.successor));
        Ok(Self {
            resources,
            activities,
            requests,
            successors,
            predecessors,
            topological_order,
            topological_rank,
            settles_at,
            first_not_plain,
        })
    }

    /// The resources, in the order activities' demands refer to them.
    pub fn resources(&self) -> &[Capacity] {
        &self.resources
    }

    /// The activities, in index order.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    /// Number of activities.
    pub fn len(&self) -> usize {
        self.activities.len()
    }

    /// Whether the problem has no activities at all.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// Duration of activity `activity`.
    pub fn duration(&self, activity: usize) -> Time {
        self.activities[activity].duration
    }

    /// An order of all activities in which every predecessor comes before its successors.
    pub fn topological_order(&self) -> &[usize] {
        &self.topological_order
    }

    /// Release date of `activity`: the first period it may start in.
    pub fn release(&self, activity: usize) -> Time {
        self.activities[activity].release
    }

    /// Refuses problems with a relation other than finish-to-start with a non-negative
    /// lag, which justification cannot keep (see [`ProblemError::NotFinishToStart`]).
    ///
    /// # Errors
    /// [`ProblemError::NotFinishToStart`] naming the first such relation.
    pub fn require_finish_to_start(&self) -> Result<(), ProblemError> {
        match self.first_not_plain {
            Some((predecessor, successor)) => Err(ProblemError::NotFinishToStart {
                predecessor,
                successor,
            }),
            None => Ok(()),
        }
    }

    /// The first period from which no resource capacity changes any more.
    pub fn capacity_settles_at(&self) -> Time {
        self.settles_at
    }

    pub(crate) fn topological_rank(&self, activity: usize) -> usize {
        self.topological_rank[activity]
    }

    pub(crate) fn requests(&self, activity: usize) -> &[(usize, u32)] {
        &self.requests[activity]
    }

    pub(crate) fn successors(&self, activity: usize) -> &[Arc] {
        &self.successors[activity]
    }

    pub(crate) fn predecessors(&self, activity: usize) -> &[Arc] {
        &self.predecessors[activity]
    }
}

fn requests(
    resources: &[Capacity],
    activities: &[Activity],
) -> Result<Vec<Vec<(usize, u32)>>, ProblemError> {
    activities
        .iter()
        .enumerate()
        .map(|(activity, spec)| {
            if spec.demands.len() != resources.len() {
                return Err(ProblemError::DemandCount {
                    activity,
                    found: spec.demands.len(),
                    expected: resources.len(),
                });
            }
            let mut pairs = Vec::new();
            for (resource, (&demand, capacity)) in spec.demands.iter().zip(resources).enumerate() {
                if demand == 0 || spec.duration == 0 {
                    continue;
                }
                if demand > capacity.eventual() {
                    return Err(ProblemError::DemandExceedsCapacity {
                        activity,
                        resource,
                        demand,
                        capacity: capacity.eventual(),
                    });
                }
                pairs.push((resource, demand));
            }
            Ok(pairs)
        })
        .collect()
}

/// Kahn's algorithm; on a cycle, walks predecessors among the leftover activities to name
/// one cycle exactly.
fn topological_order(
    successors: &[Vec<Arc>],
    predecessors: &[Vec<Arc>],
) -> Result<Vec<usize>, ProblemError> {
    let mut waiting: Vec<usize> = predecessors.iter().map(Vec::len).collect();
    let mut order: Vec<usize> = (0..successors.len()).filter(|&a| waiting[a] == 0).collect();
    let mut next = 0;
    while let Some(&activity) = order.get(next) {
        next += 1;
        for arc in &successors[activity] {
            waiting[arc.activity] -= 1;
            if waiting[arc.activity] == 0 {
                order.push(arc.activity);
            }
        }
    }
    if order.len() == successors.len() {
        return Ok(order);
    }
    Err(ProblemError::Cycle(find_cycle(predecessors, &waiting)))
}

fn find_cycle(predecessors: &[Vec<Arc>], waiting: &[usize]) -> Vec<usize> {
    let Some(start) = waiting.iter().position(|&w| w > 0) else {
        return Vec::new();
    };
    let mut seen_at = vec![usize::MAX; waiting.len()];
    let mut path = Vec::new();
    let mut current = start;
    while seen_at[current] == usize::MAX {
        seen_at[current] = path.len();
        path.push(current);
        // Every leftover activity has a leftover predecessor, so the walk stays inside.
        let Some(arc) = predecessors[current]
            .iter()
            .find(|arc| waiting[arc.activity] > 0)
        else {
            return path;
        };
        current = arc.activity;
    }
    let mut cycle = path.split_off(seen_at[current]);
    cycle.reverse();
    cycle
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(duration: Time, demand: u32) -> Activity {
        Activity {
            duration,
            demands: vec![demand],
            release: 0,
        }
    }

    fn relation(predecessor: usize, successor: usize) -> Relation {
        Relation {
            predecessor,
            successor,
            kind: RelationKind::FinishToStart,
            lag: 0,
        }
    }

    #[test]
    fn orders_activities_topologically() {
        let problem = Problem::new(
            vec![Capacity::Constant(2)],
            vec![activity(1, 1), activity(2, 1), activity(3, 1)],
            &[relation(2, 1), relation(1, 0)],
        )
        .unwrap();
        assert_eq!(problem.topological_order(), &[2, 1, 0]);
    }

    #[test]
    fn names_the_activities_of_a_cycle() {
        let error = Problem::new(
            vec![Capacity::Constant(2)],
            vec![
                activity(1, 1),
                activity(2, 1),
                activity(3, 1),
                activity(1, 1),
            ],
            &[
                relation(3, 0),
                relation(0, 1),
                relation(1, 2),
                relation(2, 0),
            ],
        )
        .unwrap_err();
        let ProblemError::Cycle(mut cycle) = error else {
            panic!("expected a cycle, got {error:?}");
        };
        cycle.sort_unstable();
        assert_eq!(cycle, vec![0, 1, 2]);
    }

    #[test]
    fn rejects_demands_above_eventual_capacity() {
        let error = Problem::new(
            vec![Capacity::Varying {
                per_period: vec![5, 5],
                afterwards: 2,
            }],
            vec![activity(1, 3)],
            &[],
        )
        .unwrap_err();
        assert!(matches!(
            error,
            ProblemError::DemandExceedsCapacity { demand: 3, .. }
        ));
    }

    #[test]
    fn rejects_relations_to_missing_activities() {
        let error = Problem::new(vec![], vec![], &[relation(0, 1)]).unwrap_err();
        assert!(matches!(error, ProblemError::UnknownActivity { .. }));
    }
}
