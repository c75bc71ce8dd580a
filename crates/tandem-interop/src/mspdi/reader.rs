//! MSPDI elements → [`Project`]: one function per element kind, walking the stream once.
//! Elements the model does not use are skipped, so real files from any MS Project
//! version (or MPXJ, ProjectLibre…) read without complaint.

mod calendar;

use jiff::civil::DateTime;

use super::cursor::{Cursor, Element};
use super::error::ReadError;
use super::model::{
    Assignment, Constraint, ConstraintKind, DurationFormat, Lag, LinkKind, PathAnalysis,
    PredecessorLink, Project, ProjectProperties, Resource, ResourceKind, Task,
};
use super::values::{parse_date_time, parse_duration_minutes, parse_flag};

/// MSPDI writes this UID where a calendar reference is empty.
const NO_CALENDAR: i32 = -1;

/// Parses a whole document (without cross-reference checks).
pub(crate) fn parse(input: &str) -> Result<Project, ReadError> {
    let mut cursor = Cursor::new(input);
    let (root, empty) = cursor.root()?;
    if root != "Project" {
        return Err(ReadError::NotAProject { found: root });
    }
    let mut project = Project::default();
    cursor.children(
        Element {
            name: "Project",
            empty,
        },
        |cursor, element| read_project_child(cursor, element, &mut project),
    )?;
    cursor.finish()?;
    Ok(project)
}

fn read_project_child(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
    project: &mut Project,
) -> Result<(), ReadError> {
    let properties: &mut ProjectProperties = &mut project.properties;
    match element.name {
        "Name" => properties.name = Some(cursor.text(element)?.into_owned()),
        "StartDate" => properties.start_date = date_time(cursor, element)?,
        "FinishDate" => properties.finish_date = date_time(cursor, element)?,
        "ScheduleFromStart" => properties.schedule_from_start = flag(cursor, element)?,
        "CalendarUID" => properties.calendar_uid = calendar_reference(cursor, element)?,
        "MinutesPerDay" => properties.minutes_per_day = number(cursor, element)?,
        "MinutesPerWeek" => properties.minutes_per_week = number(cursor, element)?,
        "DaysPerMonth" => properties.days_per_month = number(cursor, element)?,
        "Calendars" => collection(
            cursor,
            element,
            "Calendar",
            calendar::read_calendar,
            &mut project.calendars,
        )?,
        "Tasks" => collection(cursor, element, "Task", read_task, &mut project.tasks)?,
        "Resources" => collection(
            cursor,
            element,
            "Resource",
            read_resource,
            &mut project.resources,
        )?,
        "Assignments" => collection(
            cursor,
            element,
            "Assignment",
            read_assignment,
            &mut project.assignments,
        )?,
        _ => cursor.skip(element)?,
    }
    Ok(())
}

/// Reads every `<item>` child of a collection element with `read_item`. `read_item`
/// returns `None` for items that carry nothing (MS Project's blank task rows).
fn collection<T>(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
    item: &str,
    read_item: fn(&mut Cursor<'_>, Element<'_>) -> Result<Option<T>, ReadError>,
    items: &mut Vec<T>,
) -> Result<(), ReadError> {
    each(cursor, element, item, |cursor, child| {
        items.extend(read_item(cursor, child)?);
        Ok(())
    })
}

/// Calls `visit` for every `<item>` child of `element`, skipping other children.
fn each(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
    item: &str,
    mut visit: impl FnMut(&mut Cursor<'_>, Element<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    cursor.children(element, |cursor, child| {
        if child.name == item {
            visit(cursor, child)
        } else {
            cursor.skip(child)
        }
    })
}

/// Critical path fields as found in a task, assembled once the task is read.
#[derive(Default)]
struct AnalysisFields {
    early_start: Option<DateTime>,
    early_finish: Option<DateTime>,
    late_start: Option<DateTime>,
    late_finish: Option<DateTime>,
    total_slack_tenths: i64,
    free_slack_tenths: i64,
    critical: bool,
}

impl AnalysisFields {
    /// A task has an analysis when all four early/late dates were written.
    fn finish(self) -> Option<PathAnalysis> {
        Some(PathAnalysis {
            early_start: self.early_start?,
            early_finish: self.early_finish?,
            late_start: self.late_start?,
            late_finish: self.late_finish?,
            total_slack_minutes: tenths_to_minutes(self.total_slack_tenths),
            free_slack_minutes: tenths_to_minutes(self.free_slack_tenths),
            critical: self.critical,
        })
    }
}

/// MSPDI slacks are tenths of a minute; the model keeps whole minutes.
fn tenths_to_minutes(tenths: i64) -> i64 {
    (tenths as f64 / 10.0).round() as i64
}

fn read_task(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<Option<Task>, ReadError> {
    let mut uid = None;
    let mut is_null = false;
    // A task without <OutlineLevel> is a top-level task; level 0 is the project summary.
    let mut task = Task {
        outline_level: 1,
        ..Task::default()
    };
    let mut analysis = AnalysisFields::default();
    let mut constraint_code = None;
    cursor.children(element, |cursor, child| {
        match child.name {
            "UID" => uid = Some(number(cursor, child)?),
            "ID" => task.id = Some(number(cursor, child)?),
            "IsNull" => is_null = flag(cursor, child)?,
            "Name" => task.name = Some(cursor.text(child)?.into_owned()),
            "OutlineLevel" => task.outline_level = number(cursor, child)?,
            "OutlineNumber" => task.outline_number = Some(cursor.text(child)?.into_owned()),
            "Summary" => task.summary = flag(cursor, child)?,
            "Milestone" => task.milestone = flag(cursor, child)?,
            "Duration" => task.duration_minutes = duration(cursor, child)?,
            "DurationFormat" => task.duration_format = duration_format(cursor, child)?,
            "ConstraintType" => constraint_code = Some(number(cursor, child)?),
            "ConstraintDate" => task.constraint.date = date_time(cursor, child)?,
            "CalendarUID" => task.calendar_uid = calendar_reference(cursor, child)?,
            "Deadline" => task.deadline = date_time(cursor, child)?,
            "PercentComplete" => {
                task.percent_complete = cursor.value(child, "a percentage 0–100", |text| {
                    text.parse::<u8>().ok().filter(|percent| *percent <= 100)
                })?;
            }
            "Start" => task.start = date_time(cursor, child)?,
            "Finish" => task.finish = date_time(cursor, child)?,
            "EarlyStart" => analysis.early_start = date_time(cursor, child)?,
            "EarlyFinish" => analysis.early_finish = date_time(cursor, child)?,
            "LateStart" => analysis.late_start = date_time(cursor, child)?,
            "LateFinish" => analysis.late_finish = date_time(cursor, child)?,
            "TotalSlack" => analysis.total_slack_tenths = number(cursor, child)?,
            "FreeSlack" => analysis.free_slack_tenths = number(cursor, child)?,
            "Critical" => analysis.critical = flag(cursor, child)?,
            "PredecessorLink" => task.predecessors.push(read_link(cursor, child)?),
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    if is_null {
        return Ok(None);
    }
    task.uid = required(cursor, element, "UID", uid)?;
    if let Some(code) = constraint_code {
        task.constraint = Constraint {
            kind: ConstraintKind::from_code(code)
                .ok_or_else(|| invalid_code(cursor, "ConstraintType", code))?,
            ..task.constraint
        };
    }
    task.analysis = analysis.finish();
    Ok(Some(task))
}

fn read_link(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<PredecessorLink, ReadError> {
    let mut predecessor_uid = None;
    let mut kind = LinkKind::FinishToStart;
    let mut lag = Lag {
        amount: 0,
        format: DurationFormat::default(),
    };
    cursor.children(element, |cursor, child| {
        match child.name {
            "PredecessorUID" => predecessor_uid = Some(number(cursor, child)?),
            "Type" => {
                kind = cursor.value(child, "a relation type 0–3", |text| {
                    text.parse().ok().and_then(LinkKind::from_code)
                })?;
            }
            "LinkLag" => lag.amount = number(cursor, child)?,
            "LagFormat" => lag.format = duration_format(cursor, child)?,
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    Ok(PredecessorLink {
        predecessor_uid: required(cursor, element, "PredecessorUID", predecessor_uid)?,
        kind,
        lag,
    })
}

fn read_resource(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<Option<Resource>, ReadError> {
    let mut uid = None;
    let mut is_null = false;
    let mut resource = Resource::default();
    cursor.children(element, |cursor, child| {
        match child.name {
            "UID" => uid = Some(number(cursor, child)?),
            "ID" => resource.id = Some(number(cursor, child)?),
            "IsNull" => is_null = flag(cursor, child)?,
            "Name" => resource.name = Some(cursor.text(child)?.into_owned()),
            "Type" => {
                resource.kind = cursor.value(child, "a resource type 0–2", |text| {
                    text.parse().ok().and_then(ResourceKind::from_code)
                })?;
            }
            "EmailAddress" => resource.email = Some(cursor.text(child)?.into_owned()),
            "MaxUnits" => resource.max_units = Some(units(cursor, child)?),
            "CalendarUID" => resource.calendar_uid = calendar_reference(cursor, child)?,
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    if is_null {
        return Ok(None);
    }
    resource.uid = required(cursor, element, "UID", uid)?;
    Ok(Some(resource))
}

fn read_assignment(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<Option<Assignment>, ReadError> {
    let (mut uid, mut task_uid, mut resource_uid) = (None, None, None);
    let mut assignment = Assignment::default();
    cursor.children(element, |cursor, child| {
        match child.name {
            "UID" => uid = Some(number(cursor, child)?),
            "TaskUID" => task_uid = Some(number(cursor, child)?),
            "ResourceUID" => resource_uid = Some(number(cursor, child)?),
            "Units" => assignment.units = Some(units(cursor, child)?),
            "Work" => assignment.work_minutes = Some(duration(cursor, child)?),
            "Start" => assignment.start = date_time(cursor, child)?,
            "Finish" => assignment.finish = date_time(cursor, child)?,
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    assignment.uid = required(cursor, element, "UID", uid)?;
    assignment.task_uid = required(cursor, element, "TaskUID", task_uid)?;
    assignment.resource_uid = required(cursor, element, "ResourceUID", resource_uid)?;
    Ok(Some(assignment))
}

fn number<T: std::str::FromStr>(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<T, ReadError> {
    cursor.value(element, "an integer in range", |text| text.parse().ok())
}

fn flag(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<bool, ReadError> {
    cursor.value(element, "0 or 1", parse_flag)
}

fn date_time(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<Option<DateTime>, ReadError> {
    cursor.optional_value(element, "a date-time YYYY-MM-DDTHH:MM:SS", parse_date_time)
}

fn duration(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<i64, ReadError> {
    cursor.value(
        element,
        "an ISO 8601 duration such as PT8H0M0S",
        parse_duration_minutes,
    )
}

fn duration_format(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<DurationFormat, ReadError> {
    cursor.value(element, "a duration format code", |text| {
        text.parse().ok().and_then(DurationFormat::from_code)
    })
}

fn units(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<f64, ReadError> {
    cursor.value(element, "a non-negative number", |text| {
        text.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite() && *value >= 0.0)
    })
}

/// A calendar UID, where -1 means "none".
fn calendar_reference(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<Option<i32>, ReadError> {
    let uid: i32 = number(cursor, element)?;
    Ok((uid != NO_CALENDAR).then_some(uid))
}

fn required<T>(
    cursor: &Cursor<'_>,
    parent: Element<'_>,
    element: &'static str,
    value: Option<T>,
) -> Result<T, ReadError> {
    value.ok_or_else(|| ReadError::MissingElement {
        parent: parent.name.to_owned(),
        element,
        location: cursor.location(),
    })
}

fn invalid_code(cursor: &Cursor<'_>, element: &str, code: u8) -> ReadError {
    ReadError::InvalidValue {
        element: element.to_owned(),
        value: code.to_string(),
        expected: "a known code",
        location: cursor.location(),
    }
}
