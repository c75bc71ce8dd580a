//! Throughput bootstrap forecasts.

use std::num::NonZeroU32;

use tandem_engine::forecast::{ForecastError, SimulationSettings, ThroughputHistory};

fn settings(seed: u64) -> SimulationSettings {
    SimulationSettings {
        trials: NonZeroU32::new(2_000).expect("positive"),
        seed,
    }
}

#[test]
fn a_constant_history_gives_the_exact_answer() {
    // 4 items a week, 30 items left → ⌈30 / 4⌉ = 8 weeks in every trial.
    let history = ThroughputHistory::new(vec![4; 12]).expect("history has throughput");
    let weeks = history.weeks_to_finish(30, settings(1));
    assert_eq!(weeks.percentile(50.0), Some(8.0));
    assert_eq!(weeks.percentile(95.0), Some(8.0));
    assert_eq!(weeks.probability_by(7.0), 0.0);
    assert_eq!(weeks.probability_by(8.0), 1.0);
}

#[test]
fn an_empty_backlog_takes_no_time() {
    let history = ThroughputHistory::new(vec![0, 3]).expect("history has throughput");
    assert_eq!(history.weeks_to_finish(0, settings(1)).mean(), 0.0);
}

#[test]
fn a_variable_history_spreads_and_orders_percentiles() {
    // Weeks of 0 or 10 items, equally likely; 20 items need two weeks of 10: a negative
    // binomial with mean 2 / 0.5 = 4 weeks.
    let history = ThroughputHistory::new(vec![0, 10]).expect("history has throughput");
    let weeks = history.weeks_to_finish(20, settings(3));
    assert!((weeks.mean() - 4.0).abs() < 0.15, "mean {}", weeks.mean());
    let at = |p| weeks.percentile(p).expect("valid percentile");
    assert!(at(50.0) <= at(85.0) && at(85.0) <= at(95.0));
    assert_eq!(weeks.samples()[0], 2.0);
    assert_eq!(weeks, history.weeks_to_finish(20, settings(3)));
}

#[test]
fn a_history_without_throughput_is_rejected() {
    assert_eq!(
        ThroughputHistory::new(vec![0, 0]),
        Err(ForecastError::NoThroughput)
    );
    assert_eq!(
        ThroughputHistory::new(Vec::new()),
        Err(ForecastError::NoThroughput)
    );
}
