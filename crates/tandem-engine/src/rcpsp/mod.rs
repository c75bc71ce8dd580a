//! Resource-constrained project scheduling (levelling): find start times that respect
//! every precedence relation and release date and never use more of a resource than it
//! has, with a makespan as short as possible.
//!
//! Relations are finish-to-start, start-to-start, finish-to-finish or start-to-finish
//! with a lag that may be negative, all held as minimum distances between start times.
//! The schedule generation schemes and priority rules handle every kind; justification
//! and so [`solve`] need finish-to-start relations with non-negative lags, and refuse
//! others with [`ProblemError::NotFinishToStart`].
//!
//! Building blocks, each usable alone: [`Problem`] (validated instance), the serial and
//! parallel schedule generation schemes driven by activity lists or [`PriorityRule`]s,
//! [`double_justification`], and [`solve`], a genetic algorithm with justification that
//! is deterministic for a seed and spends a fixed budget of generated schedules.

mod bounds;
mod evaluator;
mod genetic;
mod justify;
mod operators;
mod parallel;
mod priority;
mod problem;
mod profile;
mod sampling;
mod schedule;
mod serial;

pub use bounds::{TimeWindows, critical_path_bound};
pub use genetic::{Options, Solution, solve};
pub use justify::double_justification;
pub use priority::{GenerationScheme, PriorityRule, keyed_schedule, priority_rule_schedule};
pub use problem::{Activity, Capacity, Problem, ProblemError, Relation, RelationKind, Time};
pub use schedule::{Schedule, Violation, verify};
pub use serial::{ActivityListError, check_activity_list, serial_schedule};
