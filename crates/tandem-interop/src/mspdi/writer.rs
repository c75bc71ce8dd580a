//! [`Project`] → MSPDI text, elements in the schema's order so MS Project imports it.
//! Everything the model holds is written; a read of the output gives the same model.
//! Recurring exceptions were expanded by the reader, so they are written as the dated
//! exceptions they became: the same working time, in a longer list. Each run of a work
//! week is written as a work week of its own whose seven days all have the run's hours.

use std::fmt::Display;
use std::io::{self, Write};

use jiff::civil::Weekday;
use quick_xml::escape::escape;

use super::codes::weekday_code;
use super::model::{
    Assignment, Calendar, CalendarException, PathAnalysis, PredecessorLink, Project, Resource,
    Task, WorkingTime,
};
use super::values::{format_date_time, format_duration_minutes, format_flag, format_time};

/// MSPDI's namespace, which MS Project requires on the root element.
const NAMESPACE: &str = "http://schemas.microsoft.com/project";
/// Every day of the week, for a work week that gives them all the same hours.
const ALL_WEEKDAYS: [Weekday; 7] = [
    Weekday::Sunday,
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
];
/// The schema version written (MS Project 2010), the first with today's `<Exceptions>`.
const SAVE_VERSION: u32 = 14;

/// Writes `project` as an MSPDI document.
pub(crate) fn write_project(project: &Project, out: impl Write) -> io::Result<()> {
    let mut xml = XmlWriter { out, depth: 0 };
    xml.line(format_args!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    ))?;
    xml.line(format_args!(r#"<Project xmlns="{NAMESPACE}">"#))?;
    xml.depth += 1;
    let properties = &project.properties;
    xml.leaf("SaveVersion", SAVE_VERSION)?;
    xml.optional_text("Name", properties.name.as_deref())?;
    xml.leaf(
        "ScheduleFromStart",
        format_flag(properties.schedule_from_start),
    )?;
    xml.optional_date_time("StartDate", properties.start_date)?;
    xml.optional_date_time("FinishDate", properties.finish_date)?;
    xml.optional_leaf("CalendarUID", properties.calendar_uid)?;
    xml.leaf("MinutesPerDay", properties.minutes_per_day)?;
    xml.leaf("MinutesPerWeek", properties.minutes_per_week)?;
    xml.leaf("DaysPerMonth", properties.days_per_month)?;
    xml.list("Calendars", &project.calendars, write_calendar)?;
    xml.list("Tasks", &project.tasks, write_task)?;
    xml.list("Resources", &project.resources, write_resource)?;
    xml.list("Assignments", &project.assignments, write_assignment)?;
    xml.close("Project")?;
    xml.out.flush()
}

fn write_calendar<W: Write>(xml: &mut XmlWriter<W>, calendar: &Calendar) -> io::Result<()> {
    xml.open("Calendar")?;
    xml.leaf("UID", calendar.uid)?;
    xml.optional_text("Name", calendar.name.as_deref())?;
    xml.leaf("IsBaseCalendar", format_flag(calendar.is_base))?;
    xml.leaf("BaseCalendarUID", calendar.base_calendar_uid.unwrap_or(-1))?;
    xml.list("WeekDays", &calendar.week_days, |xml, day| {
        xml.open("WeekDay")?;
        xml.leaf("DayType", weekday_code(day.day))?;
        xml.leaf("DayWorking", format_flag(day.working))?;
        write_working_times(xml, &day.times)?;
        xml.close("WeekDay")
    })?;
    xml.list("Exceptions", &calendar.exceptions, write_exception)?;
    xml.list("WorkWeeks", &calendar.work_weeks, write_work_week)?;
    xml.close("Calendar")
}

/// A run of days with the same hours, as a work week whose every day has those hours.
fn write_work_week<W: Write>(xml: &mut XmlWriter<W>, run: &CalendarException) -> io::Result<()> {
    xml.open("WorkWeek")?;
    write_time_period(xml, run)?;
    xml.optional_text("Name", run.name.as_deref())?;
    xml.list("WeekDays", &ALL_WEEKDAYS, |xml, day| {
        xml.open("WeekDay")?;
        xml.leaf("DayType", weekday_code(*day))?;
        xml.leaf("DayWorking", format_flag(run.working))?;
        write_working_times(xml, &run.times)?;
        xml.close("WeekDay")
    })?;
    xml.close("WorkWeek")
}

fn write_time_period<W: Write>(xml: &mut XmlWriter<W>, days: &CalendarException) -> io::Result<()> {
    xml.open("TimePeriod")?;
    xml.leaf("FromDate", format_date_time(days.from))?;
    xml.leaf("ToDate", format_date_time(days.to))?;
    xml.close("TimePeriod")
}

fn write_exception<W: Write>(
    xml: &mut XmlWriter<W>,
    exception: &CalendarException,
) -> io::Result<()> {
    xml.open("Exception")?;
    xml.leaf("EnteredByOccurrences", 0)?;
    write_time_period(xml, exception)?;
    xml.leaf("Occurrences", 1)?;
    xml.optional_text("Name", exception.name.as_deref())?;
    // Type 1: a daily exception over the whole period.
    xml.leaf("Type", 1)?;
    xml.leaf("DayWorking", format_flag(exception.working))?;
    write_working_times(xml, &exception.times)?;
    xml.close("Exception")
}

fn write_working_times<W: Write>(xml: &mut XmlWriter<W>, times: &[WorkingTime]) -> io::Result<()> {
    xml.list("WorkingTimes", times, |xml, time| {
        xml.open("WorkingTime")?;
        xml.leaf("FromTime", format_time(time.from))?;
        xml.leaf("ToTime", format_time(time.to))?;
        xml.close("WorkingTime")
    })
}

fn write_task<W: Write>(xml: &mut XmlWriter<W>, task: &Task) -> io::Result<()> {
    xml.open("Task")?;
    xml.leaf("UID", task.uid)?;
    xml.optional_leaf("ID", task.id)?;
    xml.optional_text("Name", task.name.as_deref())?;
    xml.optional_text("OutlineNumber", task.outline_number.as_deref())?;
    xml.leaf("OutlineLevel", task.outline_level)?;
    xml.optional_date_time("Start", task.start)?;
    xml.optional_date_time("Finish", task.finish)?;
    xml.leaf("Duration", format_duration_minutes(task.duration_minutes))?;
    xml.leaf("DurationFormat", task.duration_format.code())?;
    xml.leaf("Milestone", format_flag(task.milestone))?;
    xml.leaf("Summary", format_flag(task.summary))?;
    if let Some(analysis) = &task.analysis {
        write_analysis(xml, analysis)?;
    }
    xml.leaf("PercentComplete", task.percent_complete)?;
    xml.leaf("ConstraintType", task.constraint.kind.code())?;
    xml.leaf("CalendarUID", task.calendar_uid.unwrap_or(-1))?;
    xml.optional_date_time("ConstraintDate", task.constraint.date)?;
    xml.optional_date_time("Deadline", task.deadline)?;
    for link in &task.predecessors {
        write_link(xml, link)?;
    }
    xml.close("Task")
}

/// Critical path results; slacks in tenths of a minute, as MS Project stores them.
fn write_analysis<W: Write>(xml: &mut XmlWriter<W>, analysis: &PathAnalysis) -> io::Result<()> {
    xml.leaf("Critical", format_flag(analysis.critical))?;
    xml.leaf("EarlyStart", format_date_time(analysis.early_start))?;
    xml.leaf("EarlyFinish", format_date_time(analysis.early_finish))?;
    xml.leaf("LateStart", format_date_time(analysis.late_start))?;
    xml.leaf("LateFinish", format_date_time(analysis.late_finish))?;
    xml.leaf("FreeSlack", analysis.free_slack_minutes * 10)?;
    xml.leaf("TotalSlack", analysis.total_slack_minutes * 10)
}

fn write_link<W: Write>(xml: &mut XmlWriter<W>, link: &PredecessorLink) -> io::Result<()> {
    xml.open("PredecessorLink")?;
    xml.leaf("PredecessorUID", link.predecessor_uid)?;
    xml.leaf("Type", link.kind.code())?;
    xml.leaf("LinkLag", link.lag.amount)?;
    xml.leaf("LagFormat", link.lag.format.code())?;
    xml.close("PredecessorLink")
}

fn write_resource<W: Write>(xml: &mut XmlWriter<W>, resource: &Resource) -> io::Result<()> {
    xml.open("Resource")?;
    xml.leaf("UID", resource.uid)?;
    xml.optional_leaf("ID", resource.id)?;
    xml.optional_text("Name", resource.name.as_deref())?;
    xml.leaf("Type", resource.kind.code())?;
    xml.optional_text("EmailAddress", resource.email.as_deref())?;
    xml.optional_leaf("MaxUnits", resource.max_units)?;
    xml.optional_leaf("CalendarUID", resource.calendar_uid)?;
    xml.close("Resource")
}

fn write_assignment<W: Write>(xml: &mut XmlWriter<W>, assignment: &Assignment) -> io::Result<()> {
    xml.open("Assignment")?;
    xml.leaf("UID", assignment.uid)?;
    xml.leaf("TaskUID", assignment.task_uid)?;
    xml.leaf("ResourceUID", assignment.resource_uid)?;
    // The schema puts Finish before Start here.
    xml.optional_date_time("Finish", assignment.finish)?;
    xml.optional_date_time("Start", assignment.start)?;
    xml.optional_leaf("Units", assignment.units)?;
    xml.optional_leaf("Work", assignment.work_minutes.map(format_duration_minutes))?;
    xml.close("Assignment")
}

/// Indented element output; values are escaped where they can hold markup characters.
struct XmlWriter<W> {
    out: W,
    depth: usize,
}

impl<W: Write> XmlWriter<W> {
    fn line(&mut self, content: std::fmt::Arguments<'_>) -> io::Result<()> {
        // Padding through `{:width$}` goes character by character; a slice is one copy.
        const SPACES: &[u8] = b"                                ";
        let indent = (self.depth * 2).min(SPACES.len());
        self.out.write_all(&SPACES[..indent])?;
        self.out.write_fmt(content)?;
        self.out.write_all(b"\n")
    }

    fn open(&mut self, name: &str) -> io::Result<()> {
        self.line(format_args!("<{name}>"))?;
        self.depth += 1;
        Ok(())
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.line(format_args!("</{name}>"))
    }

    /// A leaf whose value cannot contain markup (numbers, codes, dates).
    fn leaf(&mut self, name: &str, value: impl Display) -> io::Result<()> {
        self.line(format_args!("<{name}>{value}</{name}>"))
    }

    fn optional_leaf(&mut self, name: &str, value: Option<impl Display>) -> io::Result<()> {
        value.map_or(Ok(()), |value| self.leaf(name, value))
    }

    fn optional_date_time(
        &mut self,
        name: &str,
        value: Option<jiff::civil::DateTime>,
    ) -> io::Result<()> {
        self.optional_leaf(name, value.map(format_date_time))
    }

    /// A leaf holding user text, escaped.
    fn optional_text(&mut self, name: &str, value: Option<&str>) -> io::Result<()> {
        self.optional_leaf(name, value.map(escape))
    }

    /// A container element with one child per item; omitted when there are no items.
    fn list<T>(
        &mut self,
        name: &str,
        items: &[T],
        mut write_item: impl FnMut(&mut Self, &T) -> io::Result<()>,
    ) -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        self.open(name)?;
        for item in items {
            write_item(self, item)?;
        }
        self.close(name)
    }
}
