//! Properties of levelling on random problems (constant and varying capacities, lags):
//! every schedule the engine returns respects every precedence and never exceeds any
//! capacity, justification never lengthens, and a seed fixes the result.

use proptest::prelude::*;
use tandem_engine::rcpsp::{
    Activity, Capacity, GenerationScheme, Options, PriorityRule, Problem, Relation, Time,
    double_justification, priority_rule_schedule, solve,
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

fn spec() -> impl Strategy<Value = Spec> {
    (prop::collection::vec(capacity(), 1..4), 1usize..14)
        .prop_flat_map(|(capacities, count)| {
            let eventual: Vec<u32> = capacities.iter().map(Capacity::eventual).collect();
            let demands = eventual.iter().map(|&most| 0..=most).collect::<Vec<_>>();
            let activity =
                (0u32..6, demands).prop_map(|(duration, demands)| Activity { duration, demands });
            let relation = (0..count, 0..count, 0u32..3);
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
                .map(|(predecessor, successor, lag)| Relation {
                    predecessor,
                    successor,
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
        for relation in &self.relations {
            assert!(
                starts[relation.successor] >= finish(relation.predecessor) + relation.lag,
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
    fn levelled_schedules_respect_precedences_and_capacities(spec in spec(), seed in any::<u64>()) {
        let problem = spec.problem();
        let solution = solve(&problem, &Options { schedule_budget: 60, seed });
        spec.assert_feasible(solution.schedule.starts());
        prop_assert!(solution.schedules_used <= 60);
        prop_assert!(solution.schedule.makespan() >= solution.lower_bound);
    }

    #[test]
    fn priority_rules_and_justification_stay_feasible(spec in spec()) {
        let problem = spec.problem();
        for rule in PriorityRule::ALL {
            for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
                let schedule = priority_rule_schedule(&problem, rule, scheme);
                spec.assert_feasible(schedule.starts());
                let justified = double_justification(&problem, &schedule);
                spec.assert_feasible(justified.starts());
                prop_assert!(justified.makespan() <= schedule.makespan());
            }
        }
    }

    #[test]
    fn a_seed_fixes_the_result(spec in spec(), seed in any::<u64>()) {
        let problem = spec.problem();
        let options = Options { schedule_budget: 40, seed };
        prop_assert_eq!(solve(&problem, &options), solve(&problem, &options));
    }
}
