//! The values the sprint and time-tracking store takes and returns.

use crate::model::UserRef;
use serde::Serialize;

use super::model::ItemRef;

/// A time-boxed iteration of a project. `state` is `planned`, `active` or `completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sprint {
    /// Sprint id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// Display name, e.g. "Sprint 14".
    pub name: String,
    /// What the team wants to achieve.
    pub goal: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// `planned`, `active` or `completed`.
    pub state: String,
    /// When it was started, unix ms.
    pub started_at: Option<i64>,
    /// When it was completed, unix ms.
    pub completed_at: Option<i64>,
    /// Creation time, unix ms.
    pub created_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A sprint to create (state `planned`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSprint {
    /// The project.
    pub project_id: i64,
    /// Validated name.
    pub name: String,
    /// Goal (may be empty).
    pub goal: String,
    /// First day.
    pub starts_on: Option<String>,
    /// Last day.
    pub ends_on: Option<String>,
}

/// Changes to a sprint; `None` leaves a field alone, `Some(None)` clears a date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SprintPatch {
    /// New name.
    pub name: Option<String>,
    /// New goal.
    pub goal: Option<String>,
    /// New first day.
    pub starts_on: Option<Option<String>>,
    /// New last day.
    pub ends_on: Option<Option<String>>,
}

/// Where the unfinished items of a completed sprint go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfinished {
    /// The project's next planned sprint (earliest start, then lowest id).
    Next,
    /// No sprint: the backlog.
    Backlog,
    /// This planned sprint of the same project.
    Sprint(i64),
}

/// One item of a sprint's scope when it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// The sprint.
    pub sprint_id: i64,
    /// The item (it may since have been deleted).
    pub item_id: i64,
    /// Its points at the start.
    pub story_points: Option<i64>,
    /// Its remaining work at the start, minutes.
    pub remaining_minutes: Option<i64>,
}

/// One unfinished item of a completed sprint and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spillover {
    /// The completed sprint.
    pub sprint_id: i64,
    /// The item.
    pub item_id: i64,
    /// The sprint it moved to (`None` = the backlog).
    pub moved_to_sprint_id: Option<i64>,
    /// Its points at completion.
    pub story_points: Option<i64>,
    /// Its remaining work at completion, minutes.
    pub remaining_minutes: Option<i64>,
}

/// What completing a sprint did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// The sprint, now completed.
    pub sprint: Sprint,
    /// The unfinished items and where they went.
    pub spillover: Vec<Spillover>,
}

/// Time spent by a person on a project, optionally on one item, on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeEntry {
    /// Entry id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// Who spent the time.
    pub user: UserRef,
    /// The item worked on.
    pub item: Option<ItemRef>,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Duration, minutes (> 0).
    pub minutes: i64,
    /// Invoiced to the client.
    pub billable: bool,
    /// What was done.
    pub note: String,
    /// Creation time, unix ms.
    pub created_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A time entry to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimeEntry {
    /// The project.
    pub project_id: i64,
    /// Who spent the time.
    pub user_id: i64,
    /// The item (same project).
    pub item_id: Option<i64>,
    /// The day, validated `YYYY-MM-DD`.
    pub date: String,
    /// Minutes, > 0.
    pub minutes: i64,
    /// Invoiced to the client.
    pub billable: bool,
    /// What was done.
    pub note: String,
}

/// Changes to a time entry; `None` leaves a field alone, `item_id: Some(None)` unlinks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeEntryPatch {
    /// New item.
    pub item_id: Option<Option<i64>>,
    /// New day.
    pub date: Option<String>,
    /// New duration.
    pub minutes: Option<i64>,
    /// New billable flag.
    pub billable: Option<bool>,
    /// New note.
    pub note: Option<String>,
}

/// Which time entries of a project to list (all conditions combine).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeFilter {
    /// Only this person's.
    pub user_id: Option<i64>,
    /// Only on this item.
    pub item_id: Option<i64>,
    /// From this day on (inclusive).
    pub from: Option<String>,
    /// Up to this day (inclusive).
    pub to: Option<String>,
}

/// A person's running timer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timer {
    /// Whose timer.
    pub user_id: i64,
    /// The item's project.
    pub project_id: i64,
    /// The item being worked on.
    pub item: ItemRef,
    /// Start, unix ms.
    pub started_at: i64,
}
