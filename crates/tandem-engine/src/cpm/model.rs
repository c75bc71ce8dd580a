//! The serialisable input of the critical path method: tasks, relations, constraints and
//! calendars of one project, as plain values (an MSPDI file or the API maps onto these).

use std::fmt;

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarUid, Duration, TimeUnits};

/// Identifies a task inside a project (MSPDI's task `UID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskUid(pub u32);

/// A project to schedule forward from its start date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Project start: tasks without predecessors start at the first working instant from here.
    pub start: DateTime,
    /// The project calendar, used by tasks that name none.
    pub calendar: CalendarUid,
    /// Every calendar referenced by the project, tasks, or as a base.
    pub calendars: Vec<Calendar>,
    /// Minutes per day and week, for percentage lags and unit conversions.
    #[serde(default)]
    pub units: TimeUnits,
    /// Tasks in outline order (parents before children, siblings in display order); the
    /// order breaks ties the way MS Project does.
    pub tasks: Vec<Task>,
    /// Dependencies between tasks (summary tasks included).
    #[serde(default)]
    pub relations: Vec<Relation>,
}

/// Which end of the project its tasks are scheduled from (MS Project's "Schedule from").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleFrom {
    /// Forward from [`Project::start`]: the forward pass places tasks, the backward pass
    /// measures their slack (the usual case).
    #[default]
    Start,
    /// Backward from this project finish date (MS Project's "Schedule from: Project
    /// Finish Date"): the backward pass places tasks as late as the finish allows and
    /// applies every constraint, the project start is the earliest late start, and only
    /// as-soon-as-possible tasks keep their early dates. MS Project gives new tasks of such
    /// a project the as-late-as-possible constraint; callers should do the same.
    Finish(DateTime),
}

/// One task. A task that is some other task's `parent` is a summary task: its own duration
/// and constraint are ignored and its dates roll up from its children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Identity, unique in the project.
    pub uid: TaskUid,
    /// Display name, used in error messages.
    #[serde(default)]
    pub name: String,
    /// Working (or elapsed) time the task takes; zero for milestones.
    #[serde(default)]
    pub duration: Duration,
    /// The task's own calendar; `None` means the project calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarUid>,
    /// Date constraint; as soon as possible when omitted.
    #[serde(default)]
    pub constraint: Constraint,
    /// MS Project's milestone flag: a milestone may sit at the end of a working period.
    #[serde(default)]
    pub milestone: bool,
    /// A target finish: late dates are pulled back to it (it never moves early dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime>,
    /// The summary task this task belongs to in the work breakdown structure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<TaskUid>,
}

impl Task {
    /// A task with the given identity, name and duration, and defaults elsewhere (project
    /// calendar, as soon as possible, no parent), for building projects in code.
    pub fn new(uid: TaskUid, name: impl Into<String>, duration: Duration) -> Self {
        Self {
            uid,
            name: name.into(),
            duration,
            calendar: None,
            constraint: Constraint::AsSoonAsPossible,
            milestone: duration.minutes() == 0,
            deadline: None,
            parent: None,
        }
    }
}

/// How a successor's dates depend on its predecessor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RelationType {
    /// Successor starts after predecessor finishes (the usual link).
    #[serde(rename = "FS")]
    FinishStart,
    /// Successor starts after predecessor starts.
    #[serde(rename = "SS")]
    StartStart,
    /// Successor finishes after predecessor finishes.
    #[serde(rename = "FF")]
    FinishFinish,
    /// Successor finishes after predecessor starts.
    #[serde(rename = "SF")]
    StartFinish,
}

/// Delay (positive) or overlap (negative) added to a relation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lag {
    /// Working minutes on the successor's calendar.
    Working(i64),
    /// Continuous minutes, ignoring calendars.
    Elapsed(i64),
    /// A percentage of the predecessor's duration (e.g. `-25.0` overlaps a quarter of it).
    Percent(f64),
}

impl Default for Lag {
    fn default() -> Self {
        Self::Working(0)
    }
}

/// A dependency: `successor` is constrained by `predecessor` according to `kind` and `lag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The task that drives.
    pub predecessor: TaskUid,
    /// The task that is driven.
    pub successor: TaskUid,
    /// Which ends of the two tasks are linked.
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// Delay or overlap between the linked ends.
    #[serde(default)]
    pub lag: Lag,
}

/// A date constraint on a task (MS Project's eight constraint types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// As early as the logic allows.
    #[default]
    AsSoonAsPossible,
    /// As late as possible without delaying the project or successors.
    AsLateAsPossible,
    /// Start on or after the date.
    StartNoEarlierThan(DateTime),
    /// Start on or before the date.
    StartNoLaterThan(DateTime),
    /// Finish on or after the date.
    FinishNoEarlierThan(DateTime),
    /// Finish on or before the date.
    FinishNoLaterThan(DateTime),
    /// Start exactly on the date (overrides logic).
    MustStartOn(DateTime),
    /// Finish exactly on the date (overrides logic).
    MustFinishOn(DateTime),
}

/// In words, as warnings show it: "start no earlier than 2025-03-10T08:00:00".
impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = match self {
            Self::AsSoonAsPossible => "as soon as possible",
            Self::AsLateAsPossible => "as late as possible",
            Self::StartNoEarlierThan(_) => "start no earlier than",
            Self::StartNoLaterThan(_) => "start no later than",
            Self::FinishNoEarlierThan(_) => "finish no earlier than",
            Self::FinishNoLaterThan(_) => "finish no later than",
            Self::MustStartOn(_) => "must start on",
            Self::MustFinishOn(_) => "must finish on",
        };
        match self.date() {
            Some(date) => write!(f, "{rule} {date}"),
            None => f.write_str(rule),
        }
    }
}

impl Constraint {
    /// The constraint's date, if it has one.
    pub fn date(self) -> Option<DateTime> {
        match self {
            Self::AsSoonAsPossible | Self::AsLateAsPossible => None,
            Self::StartNoEarlierThan(date)
            | Self::StartNoLaterThan(date)
            | Self::FinishNoEarlierThan(date)
            | Self::FinishNoLaterThan(date)
            | Self::MustStartOn(date)
            | Self::MustFinishOn(date) => Some(date),
        }
    }
}
