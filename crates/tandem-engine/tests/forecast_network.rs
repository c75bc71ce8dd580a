//! Network forecasts against results that can be worked out by hand.

mod forecast_support;

use forecast_support::{link, percent_link, settings};
use tandem_engine::forecast::{
    Estimate, ForecastError, Network, NetworkTask, Relation, RelationKind, RelationLag, TaskState,
};

fn planned(estimate: Result<Estimate, tandem_engine::forecast::EstimateError>) -> NetworkTask {
    NetworkTask {
        state: TaskState::Planned(estimate.expect("test estimates are valid")),
        tracked: false,
        not_before: None,
        calendar: None,
    }
}

fn finish_to_start(predecessor: usize, successor: usize) -> Relation {
    link(predecessor, successor, RelationKind::FinishToStart, 0.0)
}

fn forecast(
    tasks: &[NetworkTask],
    relations: &[Relation],
    trials: u32,
) -> tandem_engine::forecast::Forecast {
    Network::new(tasks, relations)
        .expect("test network is valid")
        .simulate(settings(trials, 42))
}

#[test]
fn fixed_durations_give_a_point_distribution() {
    let tasks = [planned(Estimate::fixed(480.0))];
    // 1,001 trials: not a multiple of the chunk or of the trials run side by side.
    let outcome = forecast(&tasks, &[], 1_001).project_finish;
    assert_eq!(outcome.trials(), 1_001);
    assert_eq!(outcome.percentile(1.0), Some(480.0));
    assert_eq!(outcome.percentile(99.0), Some(480.0));
    assert_eq!(outcome.std_dev(), 0.0);
    assert_eq!(outcome.probability_by(479.0), 0.0);
    assert_eq!(outcome.probability_by(480.0), 1.0);
}

#[test]
fn each_relation_type_and_lag_is_honoured() {
    // A lasts 100, B lasts 30. Project finish = max(finish A, finish B).
    // FS +10: B starts 110, ends 140.   SS +10: B starts 10, ends 40 → finish 100.
    // FF −20: B ends 80 → starts 50.    SF +50: B ends 50 → starts 20; finish 100.
    // FS −150 would start B before the status date: it is held at 0, ends at 30.
    let cases = [
        (RelationKind::FinishToStart, 10.0, 140.0, 140.0),
        (RelationKind::StartToStart, 10.0, 40.0, 100.0),
        (RelationKind::FinishToFinish, -20.0, 80.0, 100.0),
        (RelationKind::StartToFinish, 50.0, 50.0, 100.0),
        (RelationKind::FinishToStart, -150.0, 30.0, 100.0),
    ];
    for (kind, lag, b_finish, project) in cases {
        let finishes = b_after_a(100.0, 30.0, link(0, 1, kind, lag));
        assert_eq!(finishes, (b_finish, project), "{kind:?} {lag}");
    }
}

/// B's finish and the project's when A (fixed `a`) and B (fixed `b`) are linked by
/// `relation`.
fn b_after_a(a: f64, b: f64, relation: Relation) -> (f64, f64) {
    let mut tasks = [planned(Estimate::fixed(a)), planned(Estimate::fixed(b))];
    tasks[1].tracked = true;
    let outcome = forecast(&tasks, &[relation], 10);
    (
        outcome.tracked[0].finish.mean(),
        outcome.project_finish.mean(),
    )
}

#[test]
fn percentage_lags_are_shares_of_the_predecessors_duration() {
    // A lasts 200, B lasts 40. FS +50 %: B starts 200 + 100, ends 340.
    // FS −25 %: B starts 150, ends 190.   SS +50 %: B starts 100, ends 140.
    // FF +10 %: B ends 220.               SF +150 %: B ends 0 + 300.
    // SS −50 % would start B before the status date: it is held at 0, ends at 40.
    let cases = [
        (RelationKind::FinishToStart, 50.0, 340.0, 340.0),
        (RelationKind::FinishToStart, -25.0, 190.0, 200.0),
        (RelationKind::StartToStart, 50.0, 140.0, 200.0),
        (RelationKind::FinishToFinish, 10.0, 220.0, 220.0),
        (RelationKind::StartToFinish, 150.0, 300.0, 300.0),
        (RelationKind::StartToStart, -50.0, 40.0, 200.0),
    ];
    for (kind, percent, b_finish, project) in cases {
        let finishes = b_after_a(200.0, 40.0, percent_link(0, 1, kind, percent));
        assert_eq!(finishes, (b_finish, project), "{kind:?} {percent}");
    }
}

#[test]
fn a_percentage_lag_follows_the_duration_sampled_in_each_trial() {
    // Milestone B is 50 % of A's duration after A's start: in every trial, half of A's
    // finish, so each percentile of B is half of A's.
    let mut tasks = [
        planned(Estimate::pert(100.0, 200.0, 600.0)),
        planned(Estimate::fixed(0.0)),
    ];
    tasks[0].tracked = true;
    tasks[1].tracked = true;
    let relation = percent_link(0, 1, RelationKind::StartToStart, 50.0);
    let outcome = forecast(&tasks, &[relation], 2_000);
    let (a, b) = (&outcome.tracked[0].finish, &outcome.tracked[1].finish);
    assert!(a.std_dev() > 10.0, "A varies: {}", a.std_dev());
    for percentile in [1.0, 25.0, 50.0, 85.0, 99.0] {
        let (a, b) = (a.percentile(percentile), b.percentile(percentile));
        let (Some(a), Some(b)) = (a, b) else {
            panic!("trials ran")
        };
        assert!((b - a / 2.0).abs() < 1e-9, "P{percentile}: {b} ≠ {a} / 2");
    }
}

#[test]
fn a_percentage_lag_from_work_in_progress_counts_the_work_done() {
    // A started at −100 and has 300 left: 400 in all, so FS −50 % is a lead of 200.
    // A ends at 300, B starts at 100 and ends at 150, with 150 of slack.
    let started = NetworkTask {
        state: TaskState::InProgress {
            started_at: -100.0,
            remaining: Estimate::fixed(300.0).expect("valid"),
        },
        tracked: false,
        not_before: None,
        calendar: None,
    };
    let mut tasks = [started, planned(Estimate::fixed(50.0))];
    tasks[1].tracked = true;
    let relation = percent_link(0, 1, RelationKind::FinishToStart, -50.0);
    let outcome = forecast(&tasks, &[relation], 10);
    assert_eq!(outcome.tracked[0].finish.mean(), 150.0);
    assert_eq!(outcome.project_finish.mean(), 300.0);
    assert_eq!(outcome.criticality, [1.0, 0.0]);
}

#[test]
fn criticality_follows_percentage_lags() {
    // B starts halfway through A (SS +50 %): A 0–100, B 50–150. C alone lasts 120, then
    // 200: the path through A and B drives, then C does.
    for (c, criticality) in [(120.0, [1.0, 1.0, 0.0]), (200.0, [0.0, 0.0, 1.0])] {
        let tasks = [
            planned(Estimate::fixed(100.0)),
            planned(Estimate::fixed(100.0)),
            planned(Estimate::fixed(c)),
        ];
        let relation = percent_link(0, 1, RelationKind::StartToStart, 50.0);
        assert_eq!(forecast(&tasks, &[relation], 10).criticality, criticality);
    }
}

#[test]
fn two_triangulars_in_a_chain_add_their_means() {
    // Means: (60 + 120 + 300) / 3 = 160 and (30 + 30 + 90) / 3 = 50 → 210.
    let tasks = [
        planned(Estimate::triangular(60.0, 120.0, 300.0)),
        planned(Estimate::triangular(30.0, 30.0, 90.0)),
    ];
    let outcome = forecast(&tasks, &[finish_to_start(0, 1)], 100_000).project_finish;
    // Standard deviation of the sum ≈ 52.9 (below); a mean of 100,000 trials is within ±0.5 at 3σ.
    assert!(
        (outcome.mean() - 210.0).abs() < 0.8,
        "mean {}",
        outcome.mean()
    );
    // Variance of a triangle: (a² + b² + c² − ab − ac − bc) / 18
    // = (3600 + 14400 + 90000 − 7200 − 18000 − 36000) / 18 = 2600
    // and (900 + 900 + 8100 − 900 − 2700 − 2700) / 18 = 200 → σ = √2800.
    assert!((outcome.std_dev() - 2800_f64.sqrt()).abs() < 0.5);
}

#[test]
fn pert_mean_is_a_plus_four_m_plus_b_over_six() {
    // (120 + 4 × 240 + 720) / 6 = 300; σ ≈ (b − a) / 6 = 100 → ±1 at 3σ over 100,000 trials.
    let estimate = Estimate::pert(120.0, 240.0, 720.0);
    assert_eq!(estimate.as_ref().map(Estimate::mean), Ok(300.0));
    let outcome = forecast(&[planned(estimate)], &[], 100_000).project_finish;
    assert!(
        (outcome.mean() - 300.0).abs() < 1.5,
        "mean {}",
        outcome.mean()
    );
    let median = outcome.percentile(50.0).expect("50 is a percentile");
    assert!(
        median > 240.0 && median < 300.0,
        "a right-skewed PERT has its median between mode and mean"
    );
    assert!(outcome.samples()[0] >= 120.0 && outcome.samples()[99_999] <= 720.0);
}

fn parallel_branches() -> (Vec<NetworkTask>, Vec<Relation>) {
    // start → {long, short} → end. The long branch (400 ± 100) is usually the longer one
    // against the short branch (300 ± 100); both overlap, so criticality splits.
    let tasks = vec![
        planned(Estimate::fixed(0.0)),
        planned(Estimate::triangular(300.0, 400.0, 500.0)),
        planned(Estimate::triangular(200.0, 300.0, 450.0)),
        planned(Estimate::fixed(0.0)),
    ];
    let relations = vec![
        finish_to_start(0, 1),
        finish_to_start(0, 2),
        finish_to_start(1, 3),
        finish_to_start(2, 3),
    ];
    (tasks, relations)
}

#[test]
fn same_seed_same_forecast_on_one_or_two_threads() {
    let (tasks, relations) = parallel_branches();
    let network = Network::new(&tasks, &relations).expect("valid network");
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| network.simulate(settings(5_000, 9)))
    };
    let single = run(1);
    assert_eq!(single, run(2));
    assert_eq!(single, run(2));
    assert_ne!(single, network.simulate(settings(5_000, 10)));
}

#[test]
fn criticality_is_one_on_a_chain_and_splits_on_branches() {
    let chain = [
        planned(Estimate::pert(10.0, 20.0, 60.0)),
        planned(Estimate::triangular(5.0, 10.0, 30.0)),
        planned(Estimate::fixed(15.0)),
    ];
    let on_chain = forecast(
        &chain,
        &[finish_to_start(0, 1), finish_to_start(1, 2)],
        2_000,
    );
    assert_eq!(on_chain.criticality, [1.0, 1.0, 1.0]);

    let (tasks, relations) = parallel_branches();
    let split = forecast(&tasks, &relations, 20_000).criticality;
    assert_eq!((split[0], split[3]), (1.0, 1.0));
    // Exactly one branch drives each trial (ties have probability zero).
    assert!((split[1] + split[2] - 1.0).abs() < 1e-12);
    assert!(
        split[1] > 0.85 && split[1] < 0.99,
        "long branch {}",
        split[1]
    );
}

#[test]
fn progress_fixes_history_and_forecasts_the_rest() {
    // A finished (−500 → −100), B in progress since −50 with 200 left, C after both.
    // B resumes at the status date (0) and ends at 200; C (fixed 100) ends at 300.
    let tasks = [
        NetworkTask {
            state: TaskState::Done {
                started_at: -500.0,
                finished_at: -100.0,
            },
            tracked: true,
            not_before: None,
            calendar: None,
        },
        NetworkTask {
            state: TaskState::InProgress {
                started_at: -50.0,
                remaining: Estimate::fixed(200.0).expect("valid"),
            },
            tracked: false,
            not_before: None,
            calendar: None,
        },
        planned(Estimate::fixed(100.0)),
    ];
    let relations = [
        finish_to_start(0, 1),
        finish_to_start(0, 2),
        finish_to_start(1, 2),
    ];
    let outcome = forecast(&tasks, &relations, 10);
    assert_eq!(outcome.project_finish.mean(), 300.0);
    assert_eq!(outcome.tracked[0].finish.mean(), -100.0);
    assert_eq!(outcome.criticality, [0.0, 1.0, 1.0]);
}

#[test]
fn closed_work_takes_no_time_where_its_relations_put_it() {
    // C and E are finished without dates, C from the project start at −1,000. B waits
    // 1,500 after C: from 500 to 600. D's 200 after C is history: D starts at the status
    // date. E comes after A (0–300), so F after E runs 300–310.
    let closed = |not_before: Option<f64>| NetworkTask {
        state: TaskState::Closed,
        tracked: true,
        not_before,
        calendar: None,
    };
    let tasks = [
        closed(Some(-1_000.0)),
        planned(Estimate::fixed(100.0)),
        planned(Estimate::fixed(50.0)),
        planned(Estimate::fixed(300.0)),
        closed(None),
        planned(Estimate::fixed(10.0)),
    ];
    let relations = [
        link(0, 1, RelationKind::FinishToStart, 1_500.0),
        link(0, 2, RelationKind::FinishToStart, 200.0),
        finish_to_start(3, 4),
        finish_to_start(4, 5),
    ];
    let outcome = forecast(&tasks, &relations, 10);
    assert_eq!(outcome.tracked[0].finish.mean(), -1_000.0);
    assert_eq!(outcome.tracked[1].finish.mean(), 300.0);
    assert_eq!(outcome.project_finish.mean(), 600.0);
    // Finished work is never critical; B, which ends last, always is.
    assert_eq!(outcome.criticality, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn start_relations_from_a_started_task_use_its_actual_start() {
    // A started at −100 with 50 left (resumes at 0, ends at 50). B is SS +200 from A:
    // it starts at −100 + 200 = 100, not 200 after the resumption, and ends at 110.
    let tasks = [
        NetworkTask {
            state: TaskState::InProgress {
                started_at: -100.0,
                remaining: Estimate::fixed(50.0).expect("valid"),
            },
            tracked: false,
            not_before: None,
            calendar: None,
        },
        NetworkTask {
            state: TaskState::Planned(Estimate::fixed(10.0).expect("valid")),
            tracked: true,
            not_before: None,
            calendar: None,
        },
    ];
    let relations = [link(0, 1, RelationKind::StartToStart, 200.0)];
    let outcome = forecast(&tasks, &relations, 10);
    assert_eq!(outcome.tracked[0].finish.mean(), 110.0);
    // A's start is history, so it cannot drive B: only B is critical.
    assert_eq!(outcome.criticality, [0.0, 1.0]);
}

#[test]
fn invalid_networks_are_reported() {
    let task = || planned(Estimate::fixed(1.0));
    assert_eq!(
        Network::new(&[], &[]).err(),
        Some(ForecastError::EmptyNetwork)
    );
    assert_eq!(
        Network::new(&[task()], &[finish_to_start(0, 3)]).err(),
        Some(ForecastError::UnknownTask {
            relation: 0,
            task: 3
        })
    );
    assert_eq!(
        Network::new(
            &[task(), task()],
            &[link(0, 1, RelationKind::StartToStart, f64::NAN)]
        )
        .err(),
        Some(ForecastError::InvalidLag { relation: 0 })
    );
    let backwards = NetworkTask {
        state: TaskState::Done {
            started_at: 5.0,
            finished_at: 1.0,
        },
        tracked: false,
        not_before: None,
        calendar: None,
    };
    assert_eq!(
        Network::new(&[backwards], &[]).err(),
        Some(ForecastError::InvalidActuals { task: 0 })
    );
    let cycle = [
        finish_to_start(0, 1),
        finish_to_start(1, 2),
        finish_to_start(2, 1),
    ];
    let Some(ForecastError::Cycle { tasks }) =
        Network::new(&[task(), task(), task()], &cycle).err()
    else {
        panic!("a cycle must be reported");
    };
    let mut named = tasks.clone();
    named.sort_unstable();
    assert_eq!(named, [1, 2]);
}

#[test]
fn a_start_constraint_holds_planned_work_back_but_not_started_work() {
    // A (fixed 100) may not start before 400: it ends at 500, and B after it at 550.
    // C is in progress: a constraint no longer applies, it ends at 30.
    let mut pinned = planned(Estimate::fixed(100.0));
    pinned.not_before = Some(400.0);
    let started = NetworkTask {
        state: TaskState::InProgress {
            started_at: -10.0,
            remaining: Estimate::fixed(30.0).expect("valid"),
        },
        tracked: true,
        not_before: Some(400.0),
        calendar: None,
    };
    let tasks = [pinned, planned(Estimate::fixed(50.0)), started];
    let outcome = forecast(&tasks, &[finish_to_start(0, 1)], 10);
    assert_eq!(outcome.project_finish.mean(), 550.0);
    assert_eq!(outcome.tracked[0].finish.mean(), 30.0);
    // A constraint in the past is the status date.
    let mut past = planned(Estimate::fixed(100.0));
    past.not_before = Some(-300.0);
    assert_eq!(forecast(&[past], &[], 10).project_finish.mean(), 100.0);
}

#[test]
fn a_percentage_lag_must_be_a_number() {
    let tasks = [
        planned(Estimate::fixed(100.0)),
        planned(Estimate::fixed(100.0)),
    ];
    for percent in [f64::NAN, f64::INFINITY] {
        let relation = Relation {
            lag: RelationLag::Percent(percent),
            ..finish_to_start(0, 1)
        };
        assert_eq!(
            Network::new(&tasks, &[finish_to_start(0, 1), relation]).unwrap_err(),
            ForecastError::InvalidLag { relation: 1 }
        );
    }
}

#[test]
fn a_start_constraint_must_be_a_number() {
    let mut broken = planned(Estimate::fixed(100.0));
    broken.not_before = Some(f64::NAN);
    assert!(matches!(
        Network::new(&[broken], &[]),
        Err(ForecastError::InvalidConstraint { task: 0 })
    ));
}
