//! Earned value management after ANSI/EIA-748 and the PMBOK: how much work was planned
//! (PV), earned (EV) and paid for (AC) by a status date, and what that predicts.
//!
//! Times are working-minute offsets from the project start, like the rest of the engine;
//! the project calendar turns dates into offsets at the edge. Money is a plain `f64` in
//! the project's currency.
//!
//! Ratios that would divide by zero (an SPI before anything was planned, a CPI before
//! anything was spent) are `None`, never NaN or infinity.

mod baseline;
mod indicators;
mod status;

use thiserror::Error;

pub use baseline::{Baseline, BaselineTask};
pub use indicators::{Completion, Indicators};
pub use status::{Analysis, PerformancePoint, Snapshot, TaskStatus, analyse, performance_series};

/// Why earned value could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EvmError {
    /// A budget was negative or not a finite number.
    #[error("task {task} has an invalid budget")]
    InvalidBudget {
        /// Index of the task in the baseline.
        task: usize,
    },
    /// Baseline dates were not finite, or the finish came before the start.
    #[error("task {task} has invalid baseline dates")]
    InvalidDates {
        /// Index of the task in the baseline.
        task: usize,
    },
    /// Percent complete outside 0..=100 or an actual cost that is negative or not finite.
    #[error("task {task} has invalid progress")]
    InvalidProgress {
        /// Index of the task in the baseline.
        task: usize,
    },
    /// Progress must be given for every baseline task, in the same order.
    #[error("progress given for {given} tasks, the baseline has {expected}")]
    StatusMismatch {
        /// Number of baseline tasks.
        expected: usize,
        /// Number of progress entries given.
        given: usize,
    },
    /// A status date (or snapshot date) was not a finite number.
    #[error("a status date is not a finite number")]
    InvalidStatusDate,
}
