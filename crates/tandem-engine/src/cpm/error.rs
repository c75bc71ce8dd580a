//! Why a project cannot be scheduled at all.

use std::fmt;

use crate::calendar::CalendarError;

use super::model::TaskUid;

/// A task named in an error: its identity and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub uid: TaskUid,
    pub name: String,
}

impl fmt::Display for TaskRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\"", self.uid.0, self.name)
    }
}

/// Why scheduling failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// A calendar is missing, circular, malformed or has no working time.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The relations loop back on themselves; lists the tasks of one cycle in order.
    #[error("dependency cycle: {}", cycle_text(.0))]
    Cycle(Vec<TaskRef>),
    /// Two tasks share a uid.
    #[error("task uid {} is used twice", .0.0)]
    DuplicateTask(TaskUid),
    /// A relation or parent refers to a task that does not exist.
    #[error("{context} refers to task {} which does not exist", .task.0)]
    UnknownTask {
        task: TaskUid,
        context: &'static str,
    },
    /// A task is its own ancestor in the work breakdown structure.
    #[error("task {} is its own ancestor in the outline", .0.0)]
    CircularOutline(TaskUid),
    /// A duration is negative.
    #[error("task {} has a negative duration", .0.0)]
    NegativeDuration(TaskUid),
}

fn cycle_text(tasks: &[TaskRef]) -> String {
    let mut names: Vec<String> = tasks.iter().map(ToString::to_string).collect();
    if let Some(first) = names.first().cloned() {
        names.push(first);
    }
    names.join(" → ")
}
