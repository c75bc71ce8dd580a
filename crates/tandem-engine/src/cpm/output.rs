//! The serialisable result of scheduling: dates and slack per task, plus warnings.

use std::fmt;

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use super::model::{Constraint, TaskUid};

/// A scheduled project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Project start: as given, or for a project scheduled from its finish the earliest
    /// late start of any task.
    pub start: DateTime,
    /// Project finish: the latest early finish of any task, or the given finish date of
    /// a project scheduled from its finish.
    pub finish: DateTime,
    /// One entry per input task, in input order (summary tasks included).
    pub tasks: Vec<ScheduledTask>,
    /// Problems that did not stop scheduling, such as constraints that override logic.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Dates and slack of one task. Slack is in minutes of the task's duration kind (working
/// minutes on its calendar; elapsed minutes for elapsed-duration tasks).
///
/// The task's name and other inputs stay in [`super::Project::tasks`], at the same
/// position: copying 50,000 names into every schedule cost more than the passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledTask {
    pub uid: TaskUid,
    /// Scheduled start: early start, or late start for as-late-as-possible tasks.
    pub start: DateTime,
    /// Scheduled finish: early finish, or late finish for as-late-as-possible tasks.
    pub finish: DateTime,
    pub early_start: DateTime,
    pub early_finish: DateTime,
    pub late_start: DateTime,
    pub late_finish: DateTime,
    /// How far the task can slip without delaying the project (may be negative).
    pub total_slack: i64,
    /// How far the task can slip without delaying any successor.
    pub free_slack: i64,
    /// On a critical path: total slack at or below zero.
    pub critical: bool,
}

/// A problem found while scheduling that leaves a usable, but questionable, schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A constraint moved the task earlier than its predecessors allow, so a relation is
    /// not honoured (MS Project lets the constraint win, and so do we).
    ConstraintOverridesLogic {
        task: TaskUid,
        /// Start the predecessors require.
        logic_start: DateTime,
        /// Start the constraint imposes.
        constrained_start: DateTime,
    },
    /// In a project scheduled from its finish, a constraint moved the task later than its
    /// successors allow, so a relation is not honoured (the constraint wins, as above).
    ConstraintOverridesSuccessors {
        task: TaskUid,
        /// Finish the successors require.
        logic_finish: DateTime,
        /// Finish the constraint imposes.
        constrained_finish: DateTime,
    },
    /// The task's late dates are before its early dates: a constraint or the project
    /// cannot be met (negative total slack).
    NegativeSlack { task: TaskUid, total_slack: i64 },
    /// A summary task has a date constraint, which the passes ignore (as MPXJ's scheduler,
    /// which only schedules leaf tasks): its dates roll up from its children all the same.
    /// As late as possible is not reported: it is every task's constraint in a project
    /// scheduled from its finish, and it still gives a summary zero total slack.
    SummaryConstraintIgnored {
        task: TaskUid,
        /// The summary task's name, to tell the user which one.
        name: String,
        constraint: Constraint,
    },
    /// A summary task has a deadline, which the passes ignore for the same reason: only its
    /// children's deadlines bound late dates and slack.
    SummaryDeadlineIgnored {
        task: TaskUid,
        /// The summary task's name, to tell the user which one.
        name: String,
        deadline: DateTime,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstraintOverridesLogic {
                task,
                logic_start,
                constrained_start,
            } => write!(
                f,
                "task {}: its constraint sets the start to {constrained_start}, before {logic_start} required by its predecessors",
                task.0
            ),
            Self::ConstraintOverridesSuccessors {
                task,
                logic_finish,
                constrained_finish,
            } => write!(
                f,
                "task {}: its constraint sets the finish to {constrained_finish}, after {logic_finish} required by its successors",
                task.0
            ),
            Self::NegativeSlack { task, total_slack } => write!(
                f,
                "task {}: negative total slack of {total_slack} minutes, its constraints cannot all be met",
                task.0
            ),
            Self::SummaryConstraintIgnored {
                task,
                name,
                constraint,
            } => write!(
                f,
                "summary task {} \"{name}\": its constraint ({constraint}) is ignored, its dates roll up from its tasks",
                task.0
            ),
            Self::SummaryDeadlineIgnored {
                task,
                name,
                deadline,
            } => write!(
                f,
                "summary task {} \"{name}\": its deadline ({deadline}) is ignored; give its tasks deadlines to bound their slack",
                task.0
            ),
        }
    }
}
