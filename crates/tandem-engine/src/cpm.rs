//! The critical path method with MS Project's semantics, as implemented by MPXJ's
//! `MicrosoftScheduler`: forward and backward passes over working calendars, the four
//! relation types with working, elapsed and percentage lags, milestones, summary tasks
//! whose relations apply to their children, the eight constraint types, total and free
//! slack and the critical flag; forward from the project start or backward from its
//! finish ([`ScheduleFrom`]). See `docs/scheduling-semantics.md` for the rules.

mod datetimes;
mod error;
mod key_datetimes;
mod model;
mod network;
mod numbered;
mod outline;
mod output;
mod parallel;
mod passes;
mod rollup;
mod schedule;
mod slack;
mod timing;

pub use error::{ScheduleError, TaskRef};
pub use model::{Constraint, Lag, Project, Relation, RelationType, ScheduleFrom, Task, TaskUid};
pub use output::{Schedule, ScheduledTask, Warning};
pub use schedule::{schedule, schedule_from};
