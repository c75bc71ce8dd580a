//! Priority rules: classic one-pass heuristics that rank activities by a value from the
//! network (latest finish, slack, successors…). They give a good first schedule fast and
//! steer the random sampling of the metaheuristic's first population.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::bounds::TimeWindows;
use super::parallel::parallel_schedule;
use super::problem::Problem;
use super::schedule::Schedule;
use super::serial::SerialDecoder;

/// A rule that says which eligible activity to schedule next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorityRule {
    /// Latest finish time first (LFT): the most urgent by the critical path.
    LatestFinishTime,
    /// Latest start time first (LST).
    LatestStartTime,
    /// Minimum slack first (MSLK): latest minus earliest start.
    MinimumSlack,
    /// Most total successors first (MTS): the activity that unblocks the most work.
    MostTotalSuccessors,
    /// Greatest rank positional weight first (GRPW): own duration plus the durations of
    /// the immediate successors.
    GreatestRankPositionalWeight,
    /// Shortest processing time first (SPT).
    ShortestProcessingTime,
}

impl PriorityRule {
    /// Every rule, for benchmarks and tests that compare them.
    pub const ALL: [PriorityRule; 6] = [
        PriorityRule::LatestFinishTime,
        PriorityRule::LatestStartTime,
        PriorityRule::MinimumSlack,
        PriorityRule::MostTotalSuccessors,
        PriorityRule::GreatestRankPositionalWeight,
        PriorityRule::ShortestProcessingTime,
    ];

    /// One key per activity; the smallest key goes first.
    pub(crate) fn keys(self, problem: &Problem) -> Vec<i64> {
        let windows = || TimeWindows::new(problem);
        let all = 0..problem.len();
        match self {
            PriorityRule::LatestFinishTime => {
                let windows = windows();
                all.map(|a| i64::from(windows.latest_finish(problem, a)))
                    .collect()
            }
            PriorityRule::LatestStartTime => windows()
                .latest_starts
                .iter()
                .map(|&start| i64::from(start))
                .collect(),
            PriorityRule::MinimumSlack => {
                let windows = windows();
                all.map(|a| i64::from(windows.latest_starts[a] - windows.earliest_starts[a]))
                    .collect()
            }
            PriorityRule::MostTotalSuccessors => total_successors(problem)
                .into_iter()
                .map(|count| -i64::try_from(count).unwrap_or(i64::MAX))
                .collect(),
            PriorityRule::GreatestRankPositionalWeight => all
                .map(|a| {
                    let successors: i64 = problem
                        .successors(a)
                        .iter()
                        .map(|arc| i64::from(problem.duration(arc.activity)))
                        .sum();
                    -(i64::from(problem.duration(a)) + successors)
                })
                .collect(),
            PriorityRule::ShortestProcessingTime => {
                all.map(|a| i64::from(problem.duration(a))).collect()
            }
        }
    }
}

/// Which schedule generation scheme turns priorities into a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenerationScheme {
    /// Activity-incrementing: builds active schedules, which always include an optimum.
    Serial,
    /// Time-incrementing: builds non-delay schedules, often better for one pass on large
    /// instances.
    Parallel,
}

/// Schedules `problem` in one pass with `rule` and `scheme`.
pub fn priority_rule_schedule(
    problem: &Problem,
    rule: PriorityRule,
    scheme: GenerationScheme,
) -> Schedule {
    keyed_schedule(problem, &rule.keys(problem), scheme)
}

/// Schedules `problem` in one pass with `scheme`, taking the eligible activity with the
/// smallest of the caller's `keys` (one per activity; ties: the smallest index), for
/// priorities the rules cannot know, such as due dates.
pub fn keyed_schedule(problem: &Problem, keys: &[i64], scheme: GenerationScheme) -> Schedule {
    match scheme {
        GenerationScheme::Serial => {
            SerialDecoder::new(problem).forward(problem, &priority_list(problem, keys))
        }
        GenerationScheme::Parallel => parallel_schedule(problem, keys),
    }
}

/// The precedence-feasible activity list that always takes the eligible activity with
/// the smallest key (ties: the smallest index).
pub(crate) fn priority_list(problem: &Problem, keys: &[i64]) -> Vec<usize> {
    let mut waiting: Vec<usize> = (0..problem.len())
        .map(|a| problem.predecessors(a).len())
        .collect();
    let mut eligible: BinaryHeap<Reverse<(i64, usize)>> = (0..problem.len())
        .filter(|&a| waiting[a] == 0)
        .map(|a| Reverse((keys[a], a)))
        .collect();
    let mut list = Vec::with_capacity(problem.len());
    while let Some(Reverse((_, activity))) = eligible.pop() {
        list.push(activity);
        for arc in problem.successors(activity) {
            waiting[arc.activity] -= 1;
            if waiting[arc.activity] == 0 {
                eligible.push(Reverse((keys[arc.activity], arc.activity)));
            }
        }
    }
    list
}

/// Number of direct and indirect successors of every activity (bit sets, built in
/// reverse topological order).
fn total_successors(problem: &Problem) -> Vec<usize> {
    let words = problem.len().div_ceil(64);
    let mut reach = vec![0u64; words * problem.len()];
    for &activity in problem.topological_order().iter().rev() {
        for arc in problem.successors(activity) {
            let successor = arc.activity;
            reach[activity * words + successor / 64] |= 1 << (successor % 64);
            for word in 0..words {
                let bits = reach[successor * words + word];
                reach[activity * words + word] |= bits;
            }
        }
    }
    reach
        .chunks(words.max(1))
        .map(|bits| bits.iter().map(|word| word.count_ones() as usize).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcpsp::problem::{Activity, Capacity, Relation, RelationKind};

    fn chain_and_single() -> Problem {
        let activity = |duration| Activity {
            duration,
            demands: vec![1],
            release: 0,
        };
        let relation = |predecessor, successor| Relation {
            predecessor,
            successor,
            kind: RelationKind::FinishToStart,
            lag: 0,
        };
        Problem::new(
            vec![Capacity::Constant(1)],
            vec![activity(1), activity(1), activity(1), activity(5)],
            &[relation(0, 1), relation(1, 2)],
        )
        .unwrap()
    }

    #[test]
    fn counts_indirect_successors() {
        assert_eq!(total_successors(&chain_and_single()), vec![2, 1, 0, 0]);
    }

    #[test]
    fn every_rule_gives_a_feasible_schedule_with_both_schemes() {
        let problem = chain_and_single();
        for rule in PriorityRule::ALL {
            for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
                let schedule = priority_rule_schedule(&problem, rule, scheme);
                crate::rcpsp::schedule::verify(&problem, schedule.starts()).unwrap();
                assert_eq!(schedule.makespan(), 8, "{rule:?} {scheme:?}");
            }
        }
    }

    #[test]
    fn without_due_dates_latest_finishes_are_the_critical_path_ones() {
        let problem = chain_and_single();
        let keys = PriorityRule::LatestFinishTime.keys(&problem);
        let windows = TimeWindows::new(&problem);
        assert_eq!(windows.latest_finishes_by(&problem, &[None; 4]), keys);
        assert_eq!(keys, vec![3, 4, 5, 5]);
    }

    #[test]
    fn a_due_date_pulls_its_activity_and_its_predecessors_earlier() {
        let problem = chain_and_single();
        let windows = TimeWindows::new(&problem);
        // The chain's end is due by 4, so its first link by 2; a due date the long activity
        // cannot meet goes below its earliest finish and ranks it first.
        let due = [None, None, Some(4), Some(1)];
        let latest = windows.latest_finishes_by(&problem, &due);
        assert_eq!(latest, vec![2, 3, 4, 1]);
        let schedule = keyed_schedule(&problem, &latest, GenerationScheme::Serial);
        assert_eq!(schedule.starts(), &[5, 6, 7, 0]);
    }

    #[test]
    fn most_total_successors_starts_the_chain_first() {
        let problem = chain_and_single();
        let keys = PriorityRule::MostTotalSuccessors.keys(&problem);
        assert_eq!(priority_list(&problem, &keys)[0], 0);
    }
}
