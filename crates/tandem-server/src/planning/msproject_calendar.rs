//! Calendars between MS Project XML and Tandem: a file's project calendar (with what it
//! inherits from its base calendars) becomes a project calendar body, and a project's engine
//! calendar (work week, hours, holidays) becomes the MSPDI base calendar of an export, and a
//! person's time off the exceptions of their resource calendar derived from it.

use jiff::civil::Time;
use tandem_engine::calendar::{
    Calendar as EngineCalendar, CalendarException as EngineException, TimeRange,
};
use tandem_interop::mspdi::{self, Calendar, CalendarException, WeekDay, WorkingTime};

use crate::people::calendar::{CalendarBody, ExceptionBody, HoursRange, WEEKDAYS, WeekHours};

/// Longest exception name a project calendar keeps.
const MAX_EXCEPTION_NAME: usize = 200;

/// The calendar body of the file's project calendar (`<CalendarUID>`), `None` when the file
/// names none (MS Project then uses its Standard calendar, which is also Tandem's default).
pub fn project_calendar(document: &mspdi::Project) -> Option<CalendarBody> {
    let uid = document.properties.calendar_uid?;
    let chain = base_chain(document, uid);
    if chain.is_empty() {
        return None;
    }
    let mut work_week = WeekHours::default();
    for (weekday, _) in WEEKDAYS {
        let defined = chain
            .iter()
            .find_map(|calendar| calendar.week_days.iter().find(|day| day.day == weekday));
        let hours = match defined {
            Some(day) => day_hours(day.working, &day.times),
            // Defined nowhere: MS Project's default week.
            None => WeekHours::standard().day(weekday).to_vec(),
        };
        work_week.set_day(weekday, hours);
    }
    // A derived calendar's own exceptions win over its base's on the same first day, and
    // every exception over every work week. A recurring exception is read as one dated
    // exception per occurrence, so a calendar may hold many thousands: the first days seen
    // are kept in a set.
    let mut exceptions: Vec<ExceptionBody> = Vec::new();
    let mut first_days = std::collections::HashSet::new();
    let own_exceptions_first = chain.iter().flat_map(|calendar| &calendar.exceptions);
    let then_work_weeks = chain.iter().flat_map(|calendar| &calendar.work_weeks);
    for exception in own_exceptions_first.chain(then_work_weeks) {
        if first_days.insert(exception.from.date()) {
            exceptions.push(exception_body(exception, exception.from.date().to_string()));
        }
    }
    exceptions.sort_by(|a, b| a.from.cmp(&b.from));
    Some(CalendarBody {
        work_week,
        exceptions,
        week_minutes: 0,
        version: None,
    })
}

/// The calendar `uid` followed by its base calendars (stopping at a loop or a gap).
fn base_chain(document: &mspdi::Project, uid: i32) -> Vec<&Calendar> {
    let mut chain: Vec<&Calendar> = Vec::new();
    let mut next = Some(uid);
    while let Some(uid) = next {
        let Some(calendar) = document.calendars.iter().find(|c| c.uid == uid) else {
            break;
        };
        if chain.iter().any(|seen| seen.uid == uid) {
            break;
        }
        chain.push(calendar);
        next = calendar.base_calendar_uid;
    }
    chain
}

fn exception_body(exception: &CalendarException, from: String) -> ExceptionBody {
    let name: String = exception
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(if exception.working {
            "Altered hours"
        } else {
            "Holiday"
        })
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_EXCEPTION_NAME)
        .collect();
    ExceptionBody {
        name,
        from,
        to: Some(exception.to.date().to_string()),
        hours: day_hours(exception.working, &exception.times),
    }
}

/// A day's hours as the project calendar stores them. A working day listed without hours
/// gets MS Project's default 08:00–12:00 and 13:00–17:00.
fn day_hours(working: bool, times: &[WorkingTime]) -> Vec<HoursRange> {
    match (working, times.is_empty()) {
        (false, _) => Vec::new(),
        (true, true) => WeekHours::standard().monday,
        (true, false) => times
            .iter()
            .map(|time| [clock(time.from, false), clock(time.to, true)])
            .collect(),
    }
}

/// `HH:MM`; midnight at the end of a range is `24:00`.
fn clock(time: Time, end: bool) -> String {
    if end && time == Time::midnight() {
        "24:00".to_owned()
    } else {
        time.strftime("%H:%M").to_string()
    }
}

/// The project's engine calendar as an MSPDI base calendar under `uid`: every weekday with
/// its hours, every holiday or altered day as an exception.
pub fn export_calendar(calendar: &EngineCalendar, uid: i32) -> Calendar {
    let week_days = WEEKDAYS
        .into_iter()
        .map(|(day, _)| {
            let times = working_times(calendar.week.day(day).unwrap_or_default());
            WeekDay {
                day,
                working: !times.is_empty(),
                times,
            }
        })
        .collect();
    Calendar {
        uid,
        name: Some("Standard".to_owned()),
        is_base: true,
        base_calendar_uid: None,
        week_days,
        exceptions: exceptions(&calendar.exceptions),
        work_weeks: Vec::new(),
    }
}

/// A person's resource calendar under `uid`, named after them: derived from the project
/// calendar `base` (so it keeps the project's week and holidays) with `time_off` as its own
/// exceptions, which is how MS Project moves only that person's work around an absence.
pub fn resource_calendar(
    name: &str,
    uid: i32,
    base: i32,
    time_off: &[EngineException],
) -> Calendar {
    Calendar {
        uid,
        name: Some(name.to_owned()),
        is_base: false,
        base_calendar_uid: Some(base),
        week_days: Vec::new(),
        exceptions: exceptions(time_off),
        work_weeks: Vec::new(),
    }
}

/// Engine exceptions as MSPDI ones covering whole days; an unnamed one (time off without a
/// note) stays unnamed.
fn exceptions(exceptions: &[EngineException]) -> Vec<CalendarException> {
    exceptions
        .iter()
        .map(|exception| {
            let times = working_times(&exception.hours);
            CalendarException {
                name: Some(exception.name.clone()).filter(|name| !name.is_empty()),
                from: exception.from.at(0, 0, 0, 0),
                to: exception.to.at(23, 59, 0, 0),
                working: !times.is_empty(),
                times,
            }
        })
        .collect()
}

fn working_times(ranges: &[TimeRange]) -> Vec<WorkingTime> {
    ranges
        .iter()
        .map(|range| WorkingTime {
            from: range.start,
            to: range.end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::calendar::validate;

    #[test]
    fn the_engine_calendar_round_trips_through_mspdi() {
        let mut body = CalendarBody {
            work_week: WeekHours::standard(),
            exceptions: vec![ExceptionBody {
                name: "Offsite".to_owned(),
                from: "2025-03-20".to_owned(),
                to: Some("2025-03-21".to_owned()),
                hours: Vec::new(),
            }],
            week_minutes: 0,
            version: None,
        };
        body.work_week.saturday = vec![["09:00".to_owned(), "24:00".to_owned()]];
        let (engine, _) = validate(&body).expect("valid calendar");
        let document = mspdi::Project {
            properties: mspdi::ProjectProperties {
                calendar_uid: Some(7),
                ..Default::default()
            },
            calendars: vec![export_calendar(&engine, 7)],
            ..Default::default()
        };
        let back = project_calendar(&document).expect("the file names its calendar");
        assert_eq!(back.work_week, body.work_week);
        assert_eq!(back.exceptions, body.exceptions);
    }
}
