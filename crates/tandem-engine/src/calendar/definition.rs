//! The serialisable description of a working calendar, as a user or an MSPDI file states it.

use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};

/// Identifies a calendar inside a project (MSPDI's calendar `UID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CalendarUid(pub u32);

/// A span of working time within one day. `end` of `00:00` means midnight at the end of
/// the day, as in MS Project, so a 24-hour day is `00:00–00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    /// First working instant of the range.
    pub start: Time,
    /// Instant the range stops being working time (exclusive); `00:00` is the next midnight.
    pub end: Time,
}

impl TimeRange {
    /// Builds a range from whole hours and minutes; `end_hour == 24` means midnight.
    ///
    /// Returns `None` when a value is out of range, so literals in tests stay checked.
    pub fn hm(start_hour: i8, start_minute: i8, end_hour: i8, end_minute: i8) -> Option<Self> {
        let end = if end_hour == 24 && end_minute == 0 {
            Time::midnight()
        } else {
            Time::new(end_hour, end_minute, 0, 0).ok()?
        };
        Some(Self {
            start: Time::new(start_hour, start_minute, 0, 0).ok()?,
            end,
        })
    }

    /// The range as minutes since midnight, `[start, end)`, with `end == 1440` for midnight.
    pub fn minutes(self) -> (u16, u16) {
        let start = minute_of_day(self.start);
        let end = match minute_of_day(self.end) {
            0 => MINUTES_PER_CIVIL_DAY,
            end => end,
        };
        (start, end)
    }
}

/// Minutes in a civil (24-hour) day.
pub const MINUTES_PER_CIVIL_DAY: u16 = 1440;

fn minute_of_day(time: Time) -> u16 {
    // Hours and minutes of a valid `Time` are small and non-negative.
    time.hour().unsigned_abs() as u16 * 60 + time.minute().unsigned_abs() as u16
}

/// The working hours of each weekday. A day left as `None` inherits the base calendar's
/// hours (MS Project's "default" day type); in a calendar without a base it is non-working.
/// `Some(vec![])` states a non-working day explicitly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkWeek {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thursday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturday: Option<Vec<TimeRange>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday: Option<Vec<TimeRange>>,
}

impl WorkWeek {
    /// MS Project's Standard week: Monday to Friday, 08:00–12:00 and 13:00–17:00.
    pub fn standard() -> Self {
        let day = standard_day();
        Self {
            monday: Some(day.clone()),
            tuesday: Some(day.clone()),
            wednesday: Some(day.clone()),
            thursday: Some(day.clone()),
            friday: Some(day),
            saturday: Some(Vec::new()),
            sunday: Some(Vec::new()),
        }
    }

    /// The stated hours of one weekday (`None` = inherit from the base calendar).
    pub fn day(&self, weekday: Weekday) -> Option<&[TimeRange]> {
        let hours = match weekday {
            Weekday::Monday => &self.monday,
            Weekday::Tuesday => &self.tuesday,
            Weekday::Wednesday => &self.wednesday,
            Weekday::Thursday => &self.thursday,
            Weekday::Friday => &self.friday,
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
        };
        hours.as_deref()
    }

    /// Working minutes of the days this week states (inherited days count nothing): a
    /// project's regular week, which part-time capacities are a share of.
    pub fn minutes(&self) -> i64 {
        [
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
            &self.sunday,
        ]
        .into_iter()
        .flatten()
        .flatten()
        .map(|range| {
            let (start, end) = range.minutes();
            i64::from(end - start)
        })
        .sum()
    }

    /// Replaces the hours of one weekday (`None` = inherit from the base calendar).
    pub fn set_day(&mut self, weekday: Weekday, hours: Option<Vec<TimeRange>>) {
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
}

fn standard_day() -> Vec<TimeRange> {
    let morning = TimeRange {
        start: Time::constant(8, 0, 0, 0),
        end: Time::constant(12, 0, 0, 0),
    };
    let afternoon = TimeRange {
        start: Time::constant(13, 0, 0, 0),
        end: Time::constant(17, 0, 0, 0),
    };
    vec![morning, afternoon]
}

/// Dates whose working time differs from the week: a holiday (no `hours`) or altered hours,
/// for every date from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarException {
    /// A label such as "Christmas"; informative only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// First date the exception applies to.
    pub from: Date,
    /// Last date the exception applies to (inclusive).
    pub to: Date,
    /// Working hours on those dates; empty means non-working.
    #[serde(default)]
    pub hours: Vec<TimeRange>,
}

/// A working calendar: a week, exceptions, and optionally a base calendar it derives from
/// (resource calendars derive from the project's calendar and override some days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Identity used by tasks, resources and derived calendars to refer to this one.
    pub uid: CalendarUid,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Calendar whose week days (where this one says `None`) and exceptions apply too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<CalendarUid>,
    /// Working hours per weekday.
    #[serde(default)]
    pub week: WorkWeek,
    /// Holidays and altered days; they win over the base calendar's exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<CalendarException>,
    /// Days of alternate work weeks ("summer hours"), as dated runs. As in MS Project,
    /// every exception of the calendar and its bases wins over them, and they win over
    /// week days; this calendar's own work weeks win over its base's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_weeks: Vec<CalendarException>,
}

impl Calendar {
    /// MS Project's "Standard" calendar with the given identity and no exceptions.
    pub fn standard(uid: CalendarUid) -> Self {
        Self {
            uid,
            name: "Standard".to_owned(),
            base: None,
            week: WorkWeek::standard(),
            exceptions: Vec::new(),
            work_weeks: Vec::new(),
        }
    }

    /// A calendar that inherits everything from `base` until days or exceptions are added.
    pub fn derived(uid: CalendarUid, name: impl Into<String>, base: CalendarUid) -> Self {
        Self {
            uid,
            name: name.into(),
            base: Some(base),
            week: WorkWeek::default(),
            exceptions: Vec::new(),
            work_weeks: Vec::new(),
        }
    }
}
