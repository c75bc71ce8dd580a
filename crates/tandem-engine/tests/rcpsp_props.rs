//! Properties of levelling on random problems (constant and varying capacities, release
//! dates, lags; every relation kind and negative lags for the priority rules): every
//! schedule the engine returns respects every release date and precedence and never
//! exceeds any capacity, justification never lengthens, and a seed fixes the result.

use proptest::prelude::*;
use tandem_engine::rcpsp::{
    Activity, Capacity, GenerationScheme, Options, PriorityRule, Problem, ProblemError, Relation,
    RelationKind, Time, double_justification, priority_rule_schedule, solve,
};

/// Raw material of a problem: capacities, activities, relations as index pairs.
#[derive(Debug, Clone)]
struct Spec {
    capacities: Vec<Capacity>,
    activities: Vec<Activity>,
    relations: Vec<Relation>,
}

fn capacity() -> impl Strategy<Value = Capacity> {
    prop_oneof![
        (1u32..6).prop_map(Capacity::Constant),
        (1u32..6, prop::collection::vec(0u32..7, 0..12)).prop_map(|(afterwards, per_period)| {
            Capacity::Varying {
                per_period,
                afterwards,
            }
        }),
    ]
}

/// Finish-to-start relations with lags of 0 to 2, or (`generalized`) any kind with lags
/// of -3 to 3.
fn relation_kind_and_lag(generalized: bool) -> BoxedStrategy<(RelationKind, i32)> {
    if generalized {
        let kind = prop_oneof![
            Just(RelationKind::FinishToStart),
            Just(RelationKind::StartToStart),
            Just(RelationKind::FinishToFinish),
            Just(RelationKind::StartToFinish),
        ];
        (kind, -3i32..4).boxed()
    } else {
        (Just(RelationKind::FinishToStart), 0i32..3).boxed()
    }
}

fn spec(generalized: bool) -> impl Strategy<Value = Spec> {
    (prop::collection::vec(capacity(), 1..4), 1usize..14)
        .prop_flat_map(move |(capacities, count)| {
            let eventual: Vec<u32> = capacities.iter().map(Capacity::eventual).collect();
            let demands = eventual.iter().map(|&most| 0..=most).collect::<Vec<_>>();
            let activity = (0u32..6, demands, prop_oneof![3 => Just(0u32), 1 => 1u32..8]).prop_map(
                |(duration, demands, release)| Activity {
                    duration,
                    demands,
                    release,
                },
            );
            let relation = (0..count, 0..count, relation_kind_and_lag(generalized));
            (
                Just(capacities),
                prop::collection::vec(activity, count),
                prop::collection::vec(relation, 0..count * 2),
            )
        })
        .prop_map(|(capacities, activities, pairs)| Spec {
            capacities,
            activities,
            // Only forward pairs, so the network is acyclic.
            relations: pairs
                .into_iter()
                .filter(|(a, b, _)| a < b)
                .map(|(predecessor, successor, (kind, lag))| Relation {
                    predecessor,
                    successor,
                    kind,
                    lag,
                })
                .collect(),
        })
}

impl Spec {
    fn problem(&self) -> Problem {
        Problem::new(
            self.capacities.clone(),
            self.activities.clone(),
            &self.relations,
        )
        .expect("generated problems are valid")
    }

    /// Checks `starts` period by period, independently of the engine's own checker.
    fn assert_feasible(&self, starts: &[Time]) {
        assert_eq!(starts.len(), self.activities.len());
        let finish = |a: usize| starts[a] + self.activities[a].duration;
        for (activity, spec) in self.activities.iter().enumerate() {
            assert!(
                starts[activity] >= spec.release,
                "release of {activity}: {starts:?}"
            );
        }
        for relation in &self.relations {
            let (from, to) = (relation.predecessor, relation.successor);
            let (first, then) = match relation.kind {
                RelationKind::FinishToStart => (finish(from), starts[to]),
                RelationKind::StartToStart => (starts[from], starts[to]),
                RelationKind::FinishToFinish => (finish(from), finish(to)),
                RelationKind::StartToFinish => (starts[from], finish(to)),
            };
            assert!(
                i64::from(then) >= i64::from(first) + i64::from(relation.lag),
                "{relation:?} broken by {starts:?}"
            );
        }
        let end = (0..starts.len()).map(finish).max().unwrap_or(0);
        for period in 0..end {
            for (resource, capacity) in self.capacities.iter().enumerate() {
                let load: u32 = (0..starts.len())
                    .filter(|&a| starts[a] <= period && period < finish(a))
                    .map(|a| self.activities[a].demands[resource])
                    .sum();
                assert!(
                    load <= capacity.at(period),
                    "resource {resource} overloaded in period {period}: {starts:?}"
                );
            }
        }
    }
}

proptest! {
    #[test]
    fn levelled_schedules_respect_precedences_and_capacities(spec in spec(false), seed in any::<u64>()) {
        let problem = spec.problem();
        let solution = solve(&problem, &Options { schedule_budget: 60, seed }).unwrap();
        spec.assert_feasible(solution.schedule.starts());
        prop_assert!(solution.schedules_used <= 60);
        prop_assert!(solution.schedule.makespan() >= solution.lower_bound);
    }

    #[test]
    fn priority_rules_and_justification_stay_feasible(spec in spec(false)) {
        let problem = spec.problem();
        for rule in PriorityRule::ALL {
            for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
                let schedule = priority_rule_schedule(&problem, rule, scheme);
                spec.assert_feasible(schedule.starts());
                let justified = double_justification(&problem, &schedule).unwrap();
                spec.assert_feasible(justified.starts());
                prop_assert!(justified.makespan() <= schedule.makespan());
            }
        }
    }

    #[test]
    fn priority_rules_honour_every_relation_kind(spec in spec(true)) {
        let problem = spec.problem();
        for rule in PriorityRule::ALL {
            for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
                let schedule = priority_rule_schedule(&problem, rule, scheme);
                spec.assert_feasible(schedule.starts());
                prop_assert_eq!(tandem_engine::rcpsp::verify(&problem, schedule.starts()), Ok(()));
            }
        }
        let plain = spec
            .relations
            .iter()
            .all(|r| r.kind == RelationKind::FinishToStart && r.lag >= 0);
        let solved = solve(&problem, &Options { schedule_budget: 20, seed: 0 });
        prop_assert_eq!(
            solved.is_ok(),
            plain,
            "the search refuses exactly the non-plain relations"
        );
        if let Err(error) = solved {
            prop_assert!(matches!(error, ProblemError::NotFinishToStart { .. }), "{}", error);
        }
    }

    #[test]
    fn a_seed_fixes_the_result(spec in spec(false), seed in any::<u64>()) {
        let problem = spec.problem();
        let options = Options { schedule_budget: 40, seed };
        prop_assert_eq!(solve(&problem, &options), solve(&problem, &options));
    }
}
