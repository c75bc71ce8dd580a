//! The in-memory MSPDI document: the parts of MS Project's XML schema that Tandem
//! schedules with, and nothing it would have to guess about.

use jiff::civil::{DateTime, Time, Weekday};

/// A whole MSPDI file: project properties and its four collections, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// Project-wide settings (start date, default calendar, minutes per day…).
    pub properties: ProjectProperties,
    /// Base and resource calendars.
    pub calendars: Vec<Calendar>,
    /// Tasks in outline order (MS Project writes parents before children).
    pub tasks: Vec<Task>,
    /// People, equipment and materials.
    pub resources: Vec<Resource>,
    /// Which resource works on which task, and how much.
    pub assignments: Vec<Assignment>,
}

/// Project-level properties that change how the plan is scheduled.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectProperties {
    /// The project's title (`<Name>`), kept so a rewrite does not lose it.
    pub name: Option<String>,
    /// Where forward scheduling starts.
    pub start_date: Option<DateTime>,
    /// Where backward scheduling starts (when `schedule_from_start` is false).
    pub finish_date: Option<DateTime>,
    /// `true` schedules forward from `start_date`, `false` backward from `finish_date`.
    pub schedule_from_start: bool,
    /// UID of the project calendar: tasks without a calendar of their own use it.
    pub calendar_uid: Option<i32>,
    /// Working minutes in a "day" when durations are shown in days.
    pub minutes_per_day: u32,
    /// Working minutes in a "week" when durations are shown in weeks.
    pub minutes_per_week: u32,
    /// Working days in a "month" when durations are shown in months.
    pub days_per_month: u32,
}

impl Default for ProjectProperties {
    /// MS Project's defaults for a new project.
    fn default() -> Self {
        Self {
            name: None,
            start_date: None,
            finish_date: None,
            schedule_from_start: true,
            calendar_uid: None,
            minutes_per_day: 480,
            minutes_per_week: 2400,
            days_per_month: 20,
        }
    }
}

/// A working-time calendar: a week pattern plus dated exceptions, optionally derived
/// from a base calendar whose pattern it inherits for the days it leaves unset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calendar {
    /// Unique id, referenced by the project, tasks and resources.
    pub uid: i32,
    /// Display name.
    pub name: Option<String>,
    /// Whether this is a base calendar (as opposed to a resource calendar).
    pub is_base: bool,
    /// The calendar this one derives from, if any.
    pub base_calendar_uid: Option<i32>,
    /// The week days this calendar defines; days absent here come from the base calendar.
    pub week_days: Vec<WeekDay>,
    /// Dated exceptions (holidays, altered days), from either MSPDI notation. Recurring
    /// exceptions are read as the dated exceptions they stand for.
    pub exceptions: Vec<CalendarException>,
    /// Alternate work weeks, read as runs of days with the same hours. They rank below
    /// every exception of this calendar and of its bases (as in MS Project and MPXJ), so
    /// they are kept apart from `exceptions`.
    pub work_weeks: Vec<CalendarException>,
}

/// The working pattern of one day of the week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekDay {
    /// Which day of the week.
    pub day: Weekday,
    /// Whether the day has working time at all.
    pub working: bool,
    /// Working intervals of the day, in order.
    pub times: Vec<WorkingTime>,
}

/// One interval of working time within a day. A `to` of midnight means the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingTime {
    /// When work starts.
    pub from: Time,
    /// When work stops; `00:00` stands for 24:00.
    pub to: Time,
}

/// A range of days whose working time differs from the week pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarException {
    /// Display name ("Christmas").
    pub name: Option<String>,
    /// First moment covered (its date is the first day).
    pub from: DateTime,
    /// Last moment covered (its date is the last day).
    pub to: DateTime,
    /// Whether the days are worked; when they are, `times` says when.
    pub working: bool,
    /// Working intervals on each covered day.
    pub times: Vec<WorkingTime>,
}

/// A task (or a summary, or a milestone) of the plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    /// Unique id, stable across edits; relations and assignments refer to it.
    pub uid: i32,
    /// Row number shown to users.
    pub id: Option<i32>,
    /// Display name.
    pub name: Option<String>,
    /// Depth in the work breakdown structure; 0 is the project summary task.
    pub outline_level: u32,
    /// Dotted position in the outline ("1.2.3").
    pub outline_number: Option<String>,
    /// Whether the task rolls up children.
    pub summary: bool,
    /// Whether the task is flagged as a milestone.
    pub milestone: bool,
    /// Duration in minutes: working minutes, or wall-clock minutes if the format is elapsed.
    pub duration_minutes: i64,
    /// How the duration is shown, and whether it is elapsed time.
    pub duration_format: DurationFormat,
    /// Scheduling constraint and its date.
    pub constraint: Constraint,
    /// The task's own calendar, if it has one.
    pub calendar_uid: Option<i32>,
    /// A target finish: late dates are pulled back to it, early dates never move.
    pub deadline: Option<DateTime>,
    /// Progress, 0–100.
    pub percent_complete: u8,
    /// Scheduled start as found in (or written to) the file.
    pub start: Option<DateTime>,
    /// Scheduled finish as found in (or written to) the file.
    pub finish: Option<DateTime>,
    /// Relations to the tasks this one depends on.
    pub predecessors: Vec<PredecessorLink>,
    /// Critical path results, present once the task has been scheduled.
    pub analysis: Option<PathAnalysis>,
}

/// The critical path method's results for one task, as MS Project stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathAnalysis {
    /// Earliest start the network allows.
    pub early_start: DateTime,
    /// Earliest finish the network allows.
    pub early_finish: DateTime,
    /// Latest start that does not delay the project.
    pub late_start: DateTime,
    /// Latest finish that does not delay the project.
    pub late_finish: DateTime,
    /// Total slack in working minutes.
    pub total_slack_minutes: i64,
    /// Free slack in working minutes.
    pub free_slack_minutes: i64,
    /// Whether the task is on a critical path.
    pub critical: bool,
}

/// How a duration or lag is displayed, and whether it counts working or elapsed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationFormat {
    /// The unit it is shown in.
    pub unit: DurationUnit,
    /// Elapsed ("e") durations run around the clock, ignoring calendars.
    pub elapsed: bool,
    /// Estimated ("?") durations are shown with a question mark.
    pub estimated: bool,
}

impl Default for DurationFormat {
    /// Working days: MS Project's default for new tasks.
    fn default() -> Self {
        Self {
            unit: DurationUnit::Days,
            elapsed: false,
            estimated: false,
        }
    }
}

/// Display units of durations and lags in MSPDI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days of `minutes_per_day`.
    Days,
    /// Weeks of `minutes_per_week`.
    Weeks,
    /// Months of `days_per_month` days.
    Months,
    /// A percentage of the predecessor's duration (lags only).
    Percent,
    /// No unit given (MSPDI's "null" format).
    Unspecified,
}

/// A task's scheduling constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Constraint {
    /// Which rule applies.
    pub kind: ConstraintKind,
    /// The date the rule refers to (absent for ASAP and ALAP).
    pub date: Option<DateTime>,
}

/// MS Project's eight constraint types, in MSPDI code order 0..=7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConstraintKind {
    /// As soon as possible.
    #[default]
    AsSoonAsPossible,
    /// As late as possible.
    AsLateAsPossible,
    /// Must start on.
    MustStartOn,
    /// Must finish on.
    MustFinishOn,
    /// Start no earlier than.
    StartNoEarlierThan,
    /// Start no later than.
    StartNoLaterThan,
    /// Finish no earlier than.
    FinishNoEarlierThan,
    /// Finish no later than.
    FinishNoLaterThan,
}

/// A dependency on another task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredecessorLink {
    /// UID of the task this one depends on.
    pub predecessor_uid: i32,
    /// Which ends of the two tasks are tied.
    pub kind: LinkKind,
    /// Delay (or lead, if negative) between them.
    pub lag: Lag,
}

/// The four relation types, named by (predecessor end, successor end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Finish-to-finish (MSPDI 0).
    FinishToFinish,
    /// Finish-to-start (MSPDI 1).
    FinishToStart,
    /// Start-to-finish (MSPDI 2).
    StartToFinish,
    /// Start-to-start (MSPDI 3).
    StartToStart,
}

/// A relation's lag as MSPDI stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lag {
    /// Tenths of a minute, or whole percent of the predecessor's duration when the
    /// format's unit is [`DurationUnit::Percent`].
    pub amount: i64,
    /// Display unit; tells elapsed and percentage lags apart.
    pub format: DurationFormat,
}

/// Someone (or something) that does the work.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// Unique id, referenced by assignments.
    pub uid: i32,
    /// Row number shown to users.
    pub id: Option<i32>,
    /// Display name.
    pub name: Option<String>,
    /// Work, material or cost: only work resources are scheduled by their calendars.
    pub kind: ResourceKind,
    /// E-mail address: the surest way to find the same person in another tool.
    pub email: Option<String>,
    /// Capacity as a fraction (1.0 = one full-time person).
    pub max_units: Option<f64>,
    /// The resource's calendar, if it has one.
    pub calendar_uid: Option<i32>,
}

/// MS Project's three kinds of resource, in MSPDI code order 0..=2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResourceKind {
    /// Consumed by quantity (concrete, licences); no calendar.
    Material,
    /// People and machines working by a calendar; MS Project's default.
    #[default]
    Work,
    /// A fixed cost attached to tasks (travel); no work, no calendar.
    Cost,
}

/// A resource working on a task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assignment {
    /// Unique id.
    pub uid: i32,
    /// The task worked on.
    pub task_uid: i32,
    /// The resource doing it; MS Project writes -65535 for "unassigned".
    pub resource_uid: i32,
    /// Share of the resource's time (1.0 = full time).
    pub units: Option<f64>,
    /// Work in minutes.
    pub work_minutes: Option<i64>,
    /// When the resource starts on the task (the task's start unless delayed).
    pub start: Option<DateTime>,
    /// When the resource finishes the task.
    pub finish: Option<DateTime>,
}
