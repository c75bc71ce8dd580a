//! Monte Carlo forecasting: when will the project (and each milestone) finish, how sure
//! are we, and which tasks drive the date.
//!
//! Two models are offered:
//! - a dependency network ([`Network`]) with three-point estimates (PERT-beta or
//!   triangular), FS/SS/FF/SF relations with lags (working minutes, or a percentage of the
//!   predecessor's sampled duration), start-no-earlier-than dates, and progress (done, in
//!   progress);
//! - a throughput bootstrap ([`ThroughputHistory`]) for backlogs that are not estimated.
//!
//! Both run trials in parallel and give the same result for a seed on any number of
//! threads. Times are working minutes from the status date; [`ForecastClock`] turns them
//! into dates on the project calendar at the edge. A task whose resource has time off
//! works around it: its [`BlockedTime`] lists the intervals of that axis it cannot use.

mod blocked;
mod dates;
mod estimate;
mod network;
mod simulation;
mod summary;
mod throughput;
mod trials;

use thiserror::Error;

pub use blocked::BlockedTime;
pub use dates::ForecastClock;
pub use estimate::{Estimate, EstimateError};
pub use network::{Network, NetworkTask, Relation, RelationKind, RelationLag, TaskState};
pub use simulation::{Forecast, TrackedFinish};
pub use summary::{Distribution, HistogramBin, Summary};
pub use throughput::{MAX_FORECAST_WEEKS, ThroughputHistory};
pub use trials::SimulationSettings;

/// Why a forecast could not be set up.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ForecastError {
    /// A forecast needs at least one task.
    #[error("the network has no task")]
    EmptyNetwork,
    /// The network exceeds the compact index range (about two billion tasks).
    #[error("the network is too large to simulate")]
    TooLarge,
    /// A relation names a task index that is not in the task list.
    #[error("relation {relation} refers to task {task}, which does not exist")]
    UnknownTask {
        /// Index of the relation in the input.
        relation: usize,
        /// The missing task index.
        task: usize,
    },
    /// A lag (minutes or percentage) was NaN or infinite.
    #[error("relation {relation} has a lag that is not a finite number")]
    InvalidLag {
        /// Index of the relation in the input.
        relation: usize,
    },
    /// Actual dates were not finite, or a finish came before its start.
    #[error("task {task} has invalid actual dates")]
    InvalidActuals {
        /// Index of the task in the input.
        task: usize,
    },
    /// A start constraint was NaN or infinite.
    #[error("task {task} has a start constraint that is not a finite number")]
    InvalidConstraint {
        /// Index of the task in the input.
        task: usize,
    },
    /// A task names a calendar that is not in the calendar list.
    #[error("task {task} refers to calendar {calendar}, which does not exist")]
    UnknownCalendar {
        /// Index of the task in the input.
        task: usize,
        /// The missing calendar index.
        calendar: usize,
    },
    /// A calendar's blocked intervals are not finite, reversed, unsorted or overlapping.
    #[error(
        "calendar {calendar} has an invalid interval {interval}: intervals must be finite, sorted and not overlap"
    )]
    InvalidCalendar {
        /// Index of the calendar in the input.
        calendar: usize,
        /// Index of the first bad interval in it.
        interval: usize,
    },
    /// The relations loop back on themselves.
    #[error("the relations form a cycle through tasks {tasks:?}")]
    Cycle {
        /// Task indices along one cycle, each driving the next (and the last the first).
        tasks: Vec<usize>,
    },
    /// A throughput history without a single completed item cannot forecast anything.
    #[error("the throughput history has no week with completed items")]
    NoThroughput,
}
