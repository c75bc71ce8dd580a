//! Earned value on a hand-worked example.
//!
//! Three tasks in sequence, working days of 480 minutes:
//!
//! | task | budget | baseline (minutes) | % complete | actual cost |
//! |------|--------|--------------------|------------|-------------|
//! | A    | 1 000  | 0 – 480            | 100        | 1 200       |
//! | B    | 2 000  | 480 – 1 440        | 25         | 400         |
//! | C    | 1 000  | 1 440 – 1 920      | 0          | 0           |
//!
//! Status date 960 (end of day two):
//! - PV = 1 000 (A) + 2 000 × (960 − 480) / 960 (B, half) + 0 (C) = 2 000
//! - EV = 1 000 + 2 000 × 25 % + 0 = 1 500;  AC = 1 200 + 400 = 1 600;  BAC = 4 000
//! - SV = 1 500 − 2 000 = −500;  CV = 1 500 − 1 600 = −100
//! - SPI = 1 500 / 2 000 = 0.75;  CPI = 1 500 / 1 600 = 0.9375
//! - EAC = BAC / CPI = 4 000 / 0.9375 = 4 266.67 → ETC 2 666.67, VAC −266.67
//! - EAC = AC + (BAC − EV) = 1 600 + 2 500 = 4 100 → ETC 2 500, VAC −100
//! - EAC = AC + (BAC − EV) / (CPI × SPI) = 1 600 + 2 500 / 0.703125 = 5 155.56
//!   → ETC 3 555.56, VAC −1 155.56
//! - TCPI(BAC) = (4 000 − 1 500) / (4 000 − 1 600) = 2 500 / 2 400 = 1.041667
//! - TCPI(EAC) = 2 500 / (4 266.67 − 1 600) = 0.9375 (= CPI, as the algebra says)

use tandem_engine::evm::{
    Baseline, BaselineTask, EvmError, Indicators, Snapshot, TaskStatus, analyse, performance_series,
};

fn baseline() -> Baseline {
    let task = |budget, start, finish| BaselineTask {
        budget,
        start,
        finish,
    };
    Baseline::new(vec![
        task(1_000.0, 0.0, 480.0),
        task(2_000.0, 480.0, 1_440.0),
        task(1_000.0, 1_440.0, 1_920.0),
    ])
    .expect("valid baseline")
}

fn progress() -> Vec<TaskStatus> {
    let status = |percent_complete, actual_cost| TaskStatus {
        percent_complete,
        actual_cost,
    };
    vec![
        status(100.0, 1_200.0),
        status(25.0, 400.0),
        status(0.0, 0.0),
    ]
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 0.01
}

#[test]
fn project_indicators_match_the_hand_worked_example() {
    let analysis = analyse(&baseline(), &progress(), 960.0).expect("valid status");
    let project = analysis.project;
    assert_eq!(
        (
            project.budget_at_completion,
            project.planned_value,
            project.earned_value,
            project.actual_cost
        ),
        (4_000.0, 2_000.0, 1_500.0, 1_600.0)
    );
    assert_eq!(
        (project.schedule_variance, project.cost_variance),
        (-500.0, -100.0)
    );
    assert_eq!(project.schedule_performance_index, Some(0.75));
    assert_eq!(project.cost_performance_index, Some(0.9375));

    let at_cpi = project.completion_at_current_cpi.expect("CPI is defined");
    assert!(close(at_cpi.estimate_at_completion, 4_266.67));
    assert!(close(at_cpi.estimate_to_complete, 2_666.67));
    assert!(close(at_cpi.variance_at_completion, -266.67));

    let at_budget = project.completion_at_budget_rate;
    assert_eq!(
        (
            at_budget.estimate_at_completion,
            at_budget.estimate_to_complete,
            at_budget.variance_at_completion
        ),
        (4_100.0, 2_500.0, -100.0)
    );

    let composite = project
        .completion_at_cpi_and_spi
        .expect("both indices defined");
    assert!(close(composite.estimate_at_completion, 5_155.56));
    assert!(close(composite.estimate_to_complete, 3_555.56));
    assert!(close(composite.variance_at_completion, -1_155.56));

    let tcpi_bac = project.to_complete_index_for_budget.expect("budget left");
    assert!((tcpi_bac - 2_500.0 / 2_400.0).abs() < 1e-12);
    let tcpi_eac = project.to_complete_index_for_estimate.expect("EAC defined");
    assert!((tcpi_eac - 0.9375).abs() < 1e-12);
}

#[test]
fn task_indicators_are_reported_too() {
    let analysis = analyse(&baseline(), &progress(), 960.0).expect("valid status");
    // B: PV 1 000, EV 500, AC 400 → SPI 0.5, CPI 1.25.
    let b = analysis.tasks[1];
    assert_eq!(
        (b.planned_value, b.earned_value, b.actual_cost),
        (1_000.0, 500.0, 400.0)
    );
    assert_eq!(b.schedule_performance_index, Some(0.5));
    assert_eq!(b.cost_performance_index, Some(1.25));
    // C: nothing planned, earned or spent → SPI and CPI undefined, not NaN.
    let c = analysis.tasks[2];
    assert_eq!(c.schedule_performance_index, None);
    assert_eq!(c.cost_performance_index, None);
    assert_eq!(c.completion_at_current_cpi, None);
    assert_eq!(c.completion_at_cpi_and_spi, None);
    // C keeps its budget as EAC at the budgeted rate, and needs TCPI 1 to hit it.
    assert_eq!(c.completion_at_budget_rate.estimate_at_completion, 1_000.0);
    assert_eq!(c.to_complete_index_for_budget, Some(1.0));
}

#[test]
fn undefined_ratios_are_none_not_infinite() {
    // Spent but earned nothing: CPI = 0 → BAC / CPI undefined; budget overrun → no TCPI.
    let indicators = Indicators::from_totals(1_000.0, 500.0, 0.0, 1_200.0);
    assert_eq!(indicators.cost_performance_index, Some(0.0));
    assert_eq!(indicators.completion_at_current_cpi, None);
    assert_eq!(indicators.completion_at_cpi_and_spi, None);
    assert_eq!(indicators.to_complete_index_for_budget, None);
    assert_eq!(indicators.to_complete_index_for_estimate, None);
}

#[test]
fn planned_value_series_for_a_chart() {
    // PV at each day's end: 0, A done (1 000), A + half B (2 000), A + B (3 000), all (4 000).
    let days = [0.0, 480.0, 960.0, 1_440.0, 1_920.0];
    let snapshots = [Snapshot {
        at: 960.0,
        earned_value: 1_500.0,
        actual_cost: 1_600.0,
    }];
    let series = performance_series(&baseline(), &days, &snapshots).expect("finite dates");
    let planned: Vec<f64> = series.iter().map(|point| point.planned_value).collect();
    assert_eq!(planned, [0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0]);
    assert_eq!(series[2].earned_value, Some(1_500.0));
    assert_eq!(series[2].actual_cost, Some(1_600.0));
    assert_eq!(series[3].earned_value, None);
}

#[test]
fn bad_progress_is_rejected() {
    let mut wrong = progress();
    wrong[1].percent_complete = 120.0;
    assert_eq!(
        analyse(&baseline(), &wrong, 960.0),
        Err(EvmError::InvalidProgress { task: 1 })
    );
    assert_eq!(
        analyse(&baseline(), &progress()[..2], 960.0),
        Err(EvmError::StatusMismatch {
            expected: 3,
            given: 2
        })
    );
    assert_eq!(
        analyse(&baseline(), &progress(), f64::NAN),
        Err(EvmError::InvalidStatusDate)
    );
}
