//! A project's working calendar: the work week (hours per weekday) and its exceptions
//! (holidays, altered days), stored as JSON text, validated here and turned into the
//! engine's [`Calendar`] — together with each person's time off — for the scheduler and the
//! workload view.

use super::required_date;
use crate::audit::Writer;
use crate::error::ApiError;
use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use tandem_core::ValidationError;
use tandem_engine::calendar::{
    Calendar, CalendarError, CalendarException, CalendarUid, TimeRange, WorkCalendar, WorkWeek,
};
use tandem_store::{CalendarDay, Project, Store, TimeOff};
use utoipa::ToSchema;

/// A working-time range of a day, `["08:00", "12:00"]`; `24:00` ends at midnight.
pub type HoursRange = [String; 2];

/// The working hours of each weekday; a day left empty is non-working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WeekHours {
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub monday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub tuesday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub wednesday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub thursday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub friday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub saturday: Vec<HoursRange>,
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub sunday: Vec<HoursRange>,
}

/// Weekdays in calendar order with their JSON field names (for error messages).
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "work_week.monday"),
    (Weekday::Tuesday, "work_week.tuesday"),
    (Weekday::Wednesday, "work_week.wednesday"),
    (Weekday::Thursday, "work_week.thursday"),
    (Weekday::Friday, "work_week.friday"),
    (Weekday::Saturday, "work_week.saturday"),
    (Weekday::Sunday, "work_week.sunday"),
];

impl WeekHours {
    /// Monday to Friday, 08:00–12:00 and 13:00–17:00: the week of a project nobody has
    /// configured (MS Project's Standard calendar).
    pub fn standard() -> Self {
        let day = || {
            vec![
                ["08:00".to_owned(), "12:00".to_owned()],
                ["13:00".to_owned(), "17:00".to_owned()],
            ]
        };
        Self {
            monday: day(),
            tuesday: day(),
            wednesday: day(),
            thursday: day(),
            friday: day(),
            saturday: Vec::new(),
            sunday: Vec::new(),
        }
    }

    /// The ranges of one weekday.
    pub fn day(&self, weekday: Weekday) -> &[HoursRange] {
        match weekday {
            Weekday::Monday => &self.monday,
            Weekday::Tuesday => &self.tuesday,
            Weekday::Wednesday => &self.wednesday,
            Weekday::Thursday => &self.thursday,
            Weekday::Friday => &self.friday,
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
        }
    }

    /// Replaces the ranges of one weekday.
    pub fn set_day(&mut self, weekday: Weekday, hours: Vec<HoursRange>) {
        let slot = match weekday {
            Weekday::Monday => &mut self.monday,
            Weekday::Tuesday => &mut self.tuesday,
            Weekday::Wednesday => &mut self.wednesday,
            Weekday::Thursday => &mut self.thursday,
            Weekday::Friday => &mut self.friday,
            Weekday::Saturday => &mut self.saturday,
            Weekday::Sunday => &mut self.sunday,
        };
        *slot = hours;
    }

    /// Working minutes of the regular week (no exceptions).
    pub fn minutes(&self) -> Result<i64, ValidationError> {
        let mut total = 0;
        for (weekday, field) in WEEKDAYS {
            for range in parse_ranges(field, self.day(weekday))? {
                let (start, end) = range.minutes();
                total += i64::from(end - start);
            }
        }
        Ok(total)
    }
}

/// A day's hours as one line of text, `08:00-12:00, 13:00-17:00` (empty = non-working), for
/// forms and the command line.
pub fn day_text(ranges: &[HoursRange]) -> String {
    ranges
        .iter()
        .map(|[start, end]| format!("{start}-{end}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads [`day_text`]'s format back (the times are checked by [`validate`]).
pub fn parse_day_text(field: &'static str, text: &str) -> Result<Vec<HoursRange>, ValidationError> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (start, end) = part.split_once('-').ok_or_else(|| {
                ValidationError::new(field, format!("'{part}' is not a range like 08:00-12:00"))
            })?;
            Ok([start.trim().to_owned(), end.trim().to_owned()])
        })
        .collect()
}

/// A holiday or altered day range as the API shows and takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionBody {
    /// A label such as "Christmas".
    pub name: String,
    /// First date, `YYYY-MM-DD`.
    pub from: String,
    /// Last date (inclusive); the first date when absent.
    #[serde(default)]
    pub to: Option<String>,
    /// Working hours on those dates; empty (the default) = non-working.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub hours: Vec<HoursRange>,
}

/// A project calendar as the API shows it, and as `PUT` takes it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CalendarBody {
    pub work_week: WeekHours,
    #[serde(default)]
    pub exceptions: Vec<ExceptionBody>,
    /// Working minutes of the regular week (read only).
    #[serde(default, skip_deserializing)]
    pub week_minutes: i64,
    /// The version you read (alternative to If-Match); in answers, the current version.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A project's calendar, validated: what the API shows and what the engine uses.
#[derive(Debug, Clone)]
pub struct ProjectCalendar {
    /// The stored form.
    pub body: CalendarBody,
    /// The engine's form (uid [`PROJECT_CALENDAR`]).
    pub engine: Calendar,
    /// Optimistic-concurrency version (0 before the first save).
    pub version: i64,
}

/// The engine uid of a project calendar; a person's calendar derives from it.
pub const PROJECT_CALENDAR: CalendarUid = CalendarUid(1);
/// The engine uid of a person's calendar (the project's, minus their time off).
pub const PERSON_CALENDAR: CalendarUid = CalendarUid(2);

fn parse_time(field: &'static str, text: &str) -> Result<Time, ValidationError> {
    let invalid = || ValidationError::new(field, format!("'{text}' is not a time like 08:30"));
    if text.trim() == "24:00" {
        return Ok(Time::midnight());
    }
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(invalid)?;
    let hours: i8 = hours.parse().map_err(|_| invalid())?;
    let minutes: i8 = minutes.parse().map_err(|_| invalid())?;
    Time::new(hours, minutes, 0, 0).map_err(|_| invalid())
}

/// Validates a day's ranges: each `start < end` (`24:00` = midnight), in order, not
/// overlapping.
fn parse_ranges(
    field: &'static str,
    ranges: &[HoursRange],
) -> Result<Vec<TimeRange>, ValidationError> {
    let mut parsed: Vec<TimeRange> = Vec::with_capacity(ranges.len());
    for [start, end] in ranges {
        let range = TimeRange {
            start: parse_time(field, start)?,
            end: parse_time(field, end)?,
        };
        let (from, to) = range.minutes();
        if from >= to {
            return Err(ValidationError::new(
                field,
                format!("{start}–{end} ends before it starts"),
            ));
        }
        if parsed.last().is_some_and(|last| last.minutes().1 > from) {
            return Err(ValidationError::new(
                field,
                "hours must be in order and must not overlap",
            ));
        }
        parsed.push(range);
    }
    Ok(parsed)
}

/// Formats engine hours back to `["HH:MM", "HH:MM"]`.
fn format_range(range: &TimeRange) -> HoursRange {
    let (start, end) = range.minutes();
    let text = |minutes: u16| format!("{:02}:{:02}", minutes / 60, minutes % 60);
    [text(start), text(end)]
}

/// Validates a calendar body into the engine's calendar and the stored exception rows.
pub fn validate(body: &CalendarBody) -> Result<(Calendar, Vec<CalendarDay>), ValidationError> {
    let mut week = WorkWeek::default();
    for (weekday, field) in WEEKDAYS {
        week.set_day(
            weekday,
            Some(parse_ranges(field, body.work_week.day(weekday))?),
        );
    }
    if body.work_week.minutes()? == 0 {
        return Err(ValidationError::new(
            "work_week",
            "the week needs some working time",
        ));
    }
    let mut exceptions = Vec::with_capacity(body.exceptions.len());
    let mut rows = Vec::with_capacity(body.exceptions.len());
    for exception in &body.exceptions {
        let name = super::text("exceptions.name", &exception.name, 200)?;
        if name.is_empty() {
            return Err(ValidationError::new("exceptions.name", "must not be empty"));
        }
        let from = required_date("exceptions.from", &exception.from)?;
        let to = match exception
            .to
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => required_date("exceptions.to", text)?,
            None => from,
        };
        if to < from {
            return Err(ValidationError::new(
                "exceptions.to",
                "the last date is before the first",
            ));
        }
        let hours = parse_ranges("exceptions.hours", &exception.hours)?;
        rows.push(CalendarDay {
            name: name.clone(),
            from_date: from.to_string(),
            to_date: to.to_string(),
            hours: json!(hours.iter().map(format_range).collect::<Vec<_>>()).to_string(),
        });
        exceptions.push(CalendarException {
            name,
            from,
            to,
            hours,
        });
    }
    let calendar = Calendar {
        uid: PROJECT_CALENDAR,
        name: "Project".to_owned(),
        base: None,
        week,
        exceptions,
        work_weeks: Vec::new(),
    };
    Ok((calendar, rows))
}

/// Reads a stored calendar back; stored text that no longer parses is a server fault.
fn from_stored(stored: tandem_store::StoredCalendar) -> Result<ProjectCalendar, ApiError> {
    let corrupt = |error: &dyn std::error::Error| ApiError::internal(error);
    let work_week = match &stored.work_week {
        Some(text) => serde_json::from_str(text).map_err(|e| corrupt(&e))?,
        None => WeekHours::standard(),
    };
    let mut exceptions = Vec::with_capacity(stored.exceptions.len());
    for day in &stored.exceptions {
        let hours: Vec<HoursRange> = serde_json::from_str(&day.hours).map_err(|e| corrupt(&e))?;
        exceptions.push(ExceptionBody {
            name: day.name.clone(),
            from: day.from_date.clone(),
            to: Some(day.to_date.clone()),
            hours,
        });
    }
    let mut body = CalendarBody {
        work_week,
        exceptions,
        week_minutes: 0,
        version: Some(stored.version),
    };
    let (engine, _) = validate(&body).map_err(|e| corrupt(&e))?;
    body.week_minutes = body.work_week.minutes().map_err(|e| corrupt(&e))?;
    Ok(ProjectCalendar {
        body,
        engine,
        version: stored.version,
    })
}

/// Loads a project's calendar (the standard week when none was saved).
pub async fn load(store: &Store, project_id: i64) -> Result<ProjectCalendar, ApiError> {
    from_stored(store.project_calendar(project_id).await?)
}

/// Replaces a project's calendar if it is still at `expected_version`, and audits it.
pub async fn save(
    writer: &Writer<'_>,
    project: &Project,
    body: &CalendarBody,
    expected_version: i64,
) -> Result<ProjectCalendar, ApiError> {
    let (_, rows) = validate(body)?;
    let work_week = json!(body.work_week).to_string();
    let stored = writer
        .state
        .store
        .save_project_calendar(project.id, &work_week, &rows, expected_version)
        .await?;
    let saved = from_stored(stored)?;
    let details = json!({ "exceptions": rows.len(), "week_minutes": saved.body.week_minutes });
    writer
        .record("project.calendar.update", "project", &project.key, details)
        .await;
    Ok(saved)
}

/// A person's calendar: the project's, with their time off as non-working exceptions.
pub fn person_calendar(time_off: &[TimeOff], user_id: i64) -> Calendar {
    let mut calendar = Calendar::derived(PERSON_CALENDAR, "Person", PROJECT_CALENDAR);
    calendar.exceptions = time_off
        .iter()
        .filter(|entry| entry.user.id == user_id)
        .filter_map(|entry| {
            Some(CalendarException {
                name: entry.note.clone(),
                from: entry.from_date.parse().ok()?,
                to: entry.to_date.parse().ok()?,
                hours: Vec::new(),
            })
        })
        .collect();
    calendar
}

/// The engine calendars of a project: its own and one per person with time off. This is
/// what the scheduler and the workload view compile.
#[derive(Debug, Clone)]
pub struct EngineCalendars {
    /// The project calendar (uid [`PROJECT_CALENDAR`]).
    pub project: Calendar,
    /// Per user id: the project calendar minus their time off (uid [`PERSON_CALENDAR`]).
    pub people: BTreeMap<i64, Calendar>,
}

impl EngineCalendars {
    /// Loads the project calendar and every relevant person's time off.
    pub async fn load(store: &Store, project_id: i64) -> Result<Self, ApiError> {
        let project = load(store, project_id).await?.engine;
        let time_off = store.list_time_off(project_id, None, None).await?;
        let mut people = BTreeMap::new();
        for entry in &time_off {
            people
                .entry(entry.user.id)
                .or_insert_with(|| person_calendar(&time_off, entry.user.id));
        }
        Ok(Self { project, people })
    }

    /// The project calendar compiled for arithmetic; `anchor` sizes the index (any date the
    /// caller cares about, e.g. the project start).
    pub fn compile_project(&self, anchor: Date) -> Result<WorkCalendar, ApiError> {
        compile(
            std::slice::from_ref(&self.project),
            PROJECT_CALENDAR,
            anchor,
        )
    }

    /// A person's calendar compiled for arithmetic (the project's when they have no time off).
    pub fn compile_person(&self, user_id: i64, anchor: Date) -> Result<WorkCalendar, ApiError> {
        match self.people.get(&user_id) {
            Some(person) => compile(
                &[self.project.clone(), person.clone()],
                PERSON_CALENDAR,
                anchor,
            ),
            None => self.compile_project(anchor),
        }
    }
}

fn compile(
    calendars: &[Calendar],
    uid: CalendarUid,
    anchor: Date,
) -> Result<WorkCalendar, ApiError> {
    WorkCalendar::compile(calendars, uid, anchor)
        .map_err(|error: CalendarError| ApiError::invalid_field("work_week", error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn body(exceptions: Vec<ExceptionBody>) -> CalendarBody {
        CalendarBody {
            work_week: WeekHours::standard(),
            exceptions,
            week_minutes: 0,
            version: None,
        }
    }

    #[test]
    fn the_standard_week_has_forty_hours() {
        assert_eq!(WeekHours::standard().minutes().unwrap(), 40 * 60);
    }

    #[test]
    fn holidays_and_time_off_remove_working_time() {
        let holiday = ExceptionBody {
            name: "Easter Monday".to_owned(),
            from: "2026-04-06".to_owned(),
            to: None,
            hours: Vec::new(),
        };
        let (project, rows) = validate(&body(vec![holiday])).unwrap();
        assert_eq!(rows[0].to_date, "2026-04-06");
        assert_eq!(rows[0].hours, "[]");
        let calendars = EngineCalendars {
            project,
            people: BTreeMap::new(),
        };
        let work = calendars.compile_project(date(2026, 4, 1)).unwrap();
        assert_eq!(work.work_on(date(2026, 4, 6)), 0);
        assert_eq!(work.work_on(date(2026, 4, 7)), 480);
    }

    #[test]
    fn day_text_round_trips() {
        let day = WeekHours::standard().monday;
        assert_eq!(day_text(&day), "08:00-12:00, 13:00-17:00");
        assert_eq!(
            parse_day_text("monday", "08:00-12:00, 13:00-17:00").unwrap(),
            day
        );
        assert!(parse_day_text("monday", "").unwrap().is_empty());
        assert!(parse_day_text("monday", "8 to 12").is_err());
    }

    #[test]
    fn bad_hours_name_the_day() {
        let mut week = body(Vec::new());
        week.work_week.monday = vec![["12:00".to_owned(), "08:00".to_owned()]];
        assert_eq!(validate(&week).unwrap_err().field, "work_week.monday");
        week.work_week = WeekHours::default();
        assert_eq!(validate(&week).unwrap_err().field, "work_week");
        week.work_week.tuesday = vec![["08:00".to_owned(), "24:00".to_owned()]];
        assert_eq!(week.work_week.minutes().unwrap(), 16 * 60);
    }
}
