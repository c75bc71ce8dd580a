//! The crisp rules of generalized relations and release dates in levelling: the earliest
//! start of a successor is the latest of its release date and, over its predecessors,
//! FS: finish + lag, SS: start + lag, FF: finish + lag - own duration, SF: start + lag -
//! own duration, never before period 0; then the first period the resources allow.

use tandem_engine::rcpsp::{
    Activity, Capacity, GenerationScheme, Options, PriorityRule, Problem, ProblemError, Relation,
    RelationKind, Schedule, Violation, double_justification, priority_rule_schedule,
    serial_schedule, solve, verify,
};

use RelationKind::{FinishToFinish, FinishToStart, StartToFinish, StartToStart};

fn activity(duration: u32, demands: Vec<u32>, release: u32) -> Activity {
    Activity {
        duration,
        demands,
        release,
    }
}

fn relation(predecessor: usize, successor: usize, kind: RelationKind, lag: i32) -> Relation {
    Relation {
        predecessor,
        successor,
        kind,
        lag,
    }
}

/// Starts of A (4 periods, released at `release`) and B (2 periods) linked A -> B, no
/// resources, by the serial scheme the product uses.
fn pair(kind: RelationKind, lag: i32, release: u32) -> Vec<u32> {
    let problem = Problem::new(
        vec![],
        vec![activity(4, vec![], release), activity(2, vec![], 0)],
        &[relation(0, 1, kind, lag)],
    )
    .unwrap();
    let schedule = product_schedule(&problem);
    verify(&problem, schedule.starts()).unwrap();
    schedule.starts().to_vec()
}

fn product_schedule(problem: &Problem) -> Schedule {
    priority_rule_schedule(
        problem,
        PriorityRule::LatestFinishTime,
        GenerationScheme::Serial,
    )
}

#[test]
fn finish_to_start_waits_for_the_finish_plus_lag() {
    assert_eq!(pair(FinishToStart, 0, 0), [0, 4]);
    assert_eq!(pair(FinishToStart, 2, 0), [0, 6]);
    assert_eq!(pair(FinishToStart, -3, 0), [0, 1]);
}

#[test]
fn start_to_start_waits_for_the_start_plus_lag() {
    assert_eq!(pair(StartToStart, 0, 3), [3, 3]);
    assert_eq!(pair(StartToStart, 2, 3), [3, 5]);
    assert_eq!(pair(StartToStart, -2, 3), [3, 1]);
}

#[test]
fn finish_to_finish_lets_the_successor_finish_after_the_finish_plus_lag() {
    assert_eq!(pair(FinishToFinish, 0, 0), [0, 2]);
    assert_eq!(pair(FinishToFinish, 3, 0), [0, 5]);
    assert_eq!(pair(FinishToFinish, -1, 0), [0, 1]);
}

#[test]
fn start_to_finish_lets_the_successor_finish_after_the_start_plus_lag() {
    assert_eq!(pair(StartToFinish, 0, 5), [5, 3]);
    assert_eq!(pair(StartToFinish, 4, 5), [5, 7]);
    assert_eq!(pair(StartToFinish, -2, 5), [5, 1]);
}

#[test]
fn no_start_goes_before_period_zero() {
    assert_eq!(pair(StartToStart, -3, 0), [0, 0]);
    assert_eq!(pair(StartToFinish, -1, 0), [0, 0]);
    assert_eq!(pair(FinishToFinish, -5, 0), [0, 0]);
}

#[test]
fn release_dates_hold_activities_and_their_successors_back() {
    let problem = Problem::new(
        vec![],
        vec![
            activity(3, vec![], 2),
            activity(1, vec![], 0),
            activity(1, vec![], 9),
        ],
        &[
            relation(0, 1, FinishToStart, 0),
            relation(0, 2, FinishToStart, 0),
        ],
    )
    .unwrap();
    for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
        let schedule = priority_rule_schedule(&problem, PriorityRule::LatestFinishTime, scheme);
        assert_eq!(schedule.starts(), &[2, 5, 9], "{scheme:?}");
    }
}

/// Two start-to-start tasks of one person: the successor may start with its predecessor,
/// but the person cannot do both at once, so it takes the first free window, here after
/// a day off.
#[test]
fn start_to_start_tasks_on_one_resource_do_not_overlap() {
    let person = Capacity::Varying {
        per_period: vec![1, 1, 1, 0],
        afterwards: 1,
    };
    let problem = Problem::new(
        vec![person],
        vec![activity(3, vec![1], 0), activity(2, vec![1], 0)],
        &[relation(0, 1, StartToStart, 1)],
    )
    .unwrap();
    for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
        let schedule = priority_rule_schedule(&problem, PriorityRule::LatestFinishTime, scheme);
        assert_eq!(schedule.starts(), &[0, 4], "{scheme:?}");
        verify(&problem, schedule.starts()).unwrap();
    }
}

#[test]
fn an_activity_list_decodes_with_generalized_relations() {
    let problem = Problem::new(
        vec![Capacity::Constant(1)],
        vec![activity(2, vec![1], 0), activity(2, vec![1], 0)],
        &[relation(0, 1, FinishToFinish, 1)],
    )
    .unwrap();
    assert_eq!(
        serial_schedule(&problem, &[0, 1]).unwrap().starts(),
        &[0, 2]
    );
}

#[test]
fn cycles_of_any_kind_are_refused() {
    let two = || vec![activity(1, vec![], 0), activity(1, vec![], 0)];
    let error = Problem::new(
        vec![],
        two(),
        &[
            relation(0, 1, StartToStart, -1),
            relation(1, 0, FinishToFinish, -1),
        ],
    )
    .unwrap_err();
    assert!(matches!(error, ProblemError::Cycle(_)), "{error:?}");
    let error = Problem::new(vec![], two(), &[relation(1, 1, StartToStart, 0)]).unwrap_err();
    assert_eq!(error, ProblemError::Cycle(vec![1]));
    let error = Problem::new(vec![], two(), &[relation(0, 2, StartToFinish, 0)]).unwrap_err();
    assert!(matches!(error, ProblemError::UnknownActivity { .. }));
}

#[test]
fn the_search_and_justification_refuse_relations_other_than_plain_finish_to_start() {
    for (kind, lag) in [(StartToStart, 0), (FinishToFinish, 1), (FinishToStart, -1)] {
        let problem = Problem::new(
            vec![Capacity::Constant(1)],
            vec![activity(2, vec![1], 0), activity(2, vec![1], 0)],
            &[relation(0, 1, kind, lag)],
        )
        .unwrap();
        let refusal = ProblemError::NotFinishToStart {
            predecessor: 0,
            successor: 1,
        };
        assert_eq!(solve(&problem, &Options::default()), Err(refusal.clone()));
        let schedule = product_schedule(&problem);
        assert_eq!(double_justification(&problem, &schedule), Err(refusal));
    }
}

#[test]
fn the_search_honours_release_dates() {
    let problem = Problem::new(
        vec![Capacity::Constant(1)],
        vec![activity(2, vec![1], 3), activity(2, vec![1], 0)],
        &[],
    )
    .unwrap();
    let solution = solve(&problem, &Options::default()).unwrap();
    assert_eq!(solution.schedule.starts(), &[3, 0]);
    assert_eq!(solution.lower_bound, 5);
}

#[test]
fn verify_names_broken_relations_and_release_dates() {
    let problem = Problem::new(
        vec![],
        vec![activity(2, vec![], 1), activity(2, vec![], 0)],
        &[relation(0, 1, StartToStart, 1)],
    )
    .unwrap();
    assert_eq!(verify(&problem, &[1, 2]), Ok(()));
    assert_eq!(
        verify(&problem, &[1, 1]),
        Err(Violation::Precedence {
            predecessor: 0,
            successor: 1
        })
    );
    assert_eq!(
        verify(&problem, &[0, 5]),
        Err(Violation::Release { activity: 0 })
    );
}
