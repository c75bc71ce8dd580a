//! Monte Carlo budget from the issue: 10,000 trials over a 1,000-task network (~1,500
//! relations) in under 100 ms on two cores; once on the project calendar only, once with
//! a tenth of the tasks assigned to people with time off, once with a tenth of the lags
//! percentages of the predecessor's duration.

use std::hint::black_box;
use std::num::NonZeroU32;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use tandem_engine::forecast::{
    BlockedTime, Estimate, Network, NetworkTask, Relation, RelationKind, RelationLag,
    SimulationSettings, TaskState,
};

const TASKS: usize = 1_000;
const RELATIONS: usize = 1_500;
const TRIALS: u32 = 10_000;
/// People with time off in the calendar variant; every tenth task is one of theirs.
const PEOPLE: usize = 10;
const DAY: f64 = 480.0;

/// A layered plan: every relation points forward in the list, so it is acyclic; durations
/// of a day or two (480-minute days) with PERT or triangular spreads; one tracked
/// milestone per hundred tasks; all four relation types, leads and lags.
fn generated_plan() -> (Vec<NetworkTask>, Vec<Relation>) {
    let mut rng = SmallRng::seed_from_u64(2026);
    let tasks = (0..TASKS)
        .map(|index| {
            let likely = f64::from(rng.random_range(1..=10_u32)) * 240.0;
            let optimistic = likely * rng.random_range(0.5..1.0);
            let pessimistic = likely * rng.random_range(1.0..3.0);
            let estimate = if index % 3 == 0 {
                Estimate::triangular(optimistic, likely, pessimistic)
            } else {
                Estimate::pert(optimistic, likely, pessimistic)
            };
            NetworkTask {
                state: TaskState::Planned(estimate.expect("generated estimates are ordered")),
                tracked: index % 100 == 99,
                not_before: None,
                calendar: None,
            }
        })
        .collect();
    let kinds = [
        RelationKind::FinishToStart,
        RelationKind::FinishToStart,
        RelationKind::FinishToStart,
        RelationKind::StartToStart,
        RelationKind::FinishToFinish,
        RelationKind::StartToFinish,
    ];
    let relations = (0..RELATIONS)
        .map(|index| {
            let successor = 1 + index % (TASKS - 1);
            let reach = rng.random_range(1..=successor.min(30));
            Relation {
                predecessor: successor - reach,
                successor,
                kind: kinds[rng.random_range(0..kinds.len())],
                lag: RelationLag::Working(f64::from(rng.random_range(-2..=4_i32)) * 60.0),
            }
        })
        .collect();
    (tasks, relations)
}

/// Each person is away for a week (five working days) every six weeks, starting on a
/// different day, over the first two years.
fn time_off() -> Vec<BlockedTime> {
    (0..PEOPLE)
        .map(|person| BlockedTime {
            intervals: (0..17)
                .map(|period| {
                    let start = (period * 30 + person * 3) as f64 * DAY;
                    start..start + 5.0 * DAY
                })
                .collect(),
        })
        .collect()
}

fn monte_carlo(c: &mut Criterion) {
    let (tasks, relations) = generated_plan();
    let calendars = time_off();
    let assigned: Vec<NetworkTask> = tasks
        .iter()
        .enumerate()
        .map(|(index, task)| NetworkTask {
            calendar: (index % 10 == 0).then_some(index / 10 % PEOPLE),
            ..*task
        })
        .collect();
    let with_time_off = Network::with_calendars(&assigned, &relations, &calendars)
        .expect("generated plan is valid");
    let settings = SimulationSettings {
        trials: NonZeroU32::new(TRIALS).expect("trial count is not zero"),
        seed: 7,
    };
    let network = Network::new(&tasks, &relations).expect("generated plan is valid");
    let by_percentage: Vec<Relation> = relations
        .iter()
        .enumerate()
        .map(|(index, relation)| Relation {
            lag: if index % 10 == 0 {
                RelationLag::Percent(25.0)
            } else {
                relation.lag
            },
            ..*relation
        })
        .collect();
    let with_percentages = Network::new(&tasks, &by_percentage).expect("generated plan is valid");
    let mut group = c.benchmark_group("forecast");
    group.sample_size(20);
    group.bench_function("compile 1000 tasks", |b| {
        b.iter(|| Network::new(black_box(&tasks), black_box(&relations)))
    });
    group.bench_function("simulate 10000 trials x 1000 tasks", |b| {
        b.iter(|| black_box(&network).simulate(settings))
    });
    group.bench_function(
        "simulate 10000 trials x 1000 tasks, 100 with time off",
        |b| b.iter(|| black_box(&with_time_off).simulate(settings)),
    );
    group.bench_function(
        "simulate 10000 trials x 1000 tasks, 150 percentage lags",
        |b| b.iter(|| black_box(&with_percentages).simulate(settings)),
    );
    group.bench_function("compile + simulate", |b| {
        b.iter(|| {
            Network::new(black_box(&tasks), black_box(&relations))
                .map(|network| network.simulate(settings))
        })
    });
    group.finish();
}

criterion_group!(benches, monte_carlo);
criterion_main!(benches);
