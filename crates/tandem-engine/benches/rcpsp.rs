//! Levelling speed on a generated PSPLIB-like instance (120 activities, 4 resources,
//! about three successors each): one serial decoding, one double justification, and a
//! full `solve` with the 5,000-schedule budget of the j120 bar (< 1 s).
//! Quality on the real PSPLIB sets is measured by `bench/psplib`.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use tandem_engine::rcpsp::{
    Activity, Capacity, Options, Problem, Relation, RelationKind, double_justification,
    serial_schedule, solve,
};

const ACTIVITIES: usize = 120;
const RESOURCES: usize = 4;

fn generated_problem() -> Problem {
    let mut rng = SmallRng::seed_from_u64(120);
    let activities = (0..ACTIVITIES)
        .map(|_| Activity {
            duration: rng.random_range(1..=10),
            release: 0,
            demands: (0..RESOURCES)
                .map(|_| {
                    if rng.random_bool(0.5) {
                        rng.random_range(1..=10)
                    } else {
                        0
                    }
                })
                .collect(),
        })
        .collect();
    let relations: Vec<Relation> = (0..ACTIVITIES - 1)
        .flat_map(|predecessor| {
            let successors: Vec<usize> = (0..3)
                .map(|_| rng.random_range(predecessor + 1..ACTIVITIES.min(predecessor + 30)))
                .collect();
            successors.into_iter().map(move |successor| Relation {
                predecessor,
                successor,
                kind: RelationKind::FinishToStart,
                lag: 0,
            })
        })
        .collect();
    Problem::new(
        vec![Capacity::Constant(12); RESOURCES],
        activities,
        &relations,
    )
    .expect("generated problem is valid")
}

fn levelling(c: &mut Criterion) {
    let problem = generated_problem();
    let order = problem.topological_order().to_vec();
    let schedule = serial_schedule(&problem, &order).expect("a topological order");
    c.bench_function("rcpsp serial SGS, 120 activities", |b| {
        b.iter(|| serial_schedule(&problem, &order))
    });
    c.bench_function("rcpsp double justification, 120 activities", |b| {
        b.iter(|| double_justification(&problem, &schedule).expect("finish-to-start only"))
    });
    let mut group = c.benchmark_group("rcpsp solve");
    group.sample_size(10);
    group.bench_function("120 activities, 5000 schedules", |b| {
        b.iter(|| solve(&problem, &Options::default()).expect("finish-to-start only"))
    });
    group.finish();
}

criterion_group!(benches, levelling);
criterion_main!(benches);
