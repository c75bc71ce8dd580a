//! `<Calendar>` elements: week days, exceptions in both MSPDI notations, and work weeks.
//! Recurring exceptions and work weeks are expanded into dated exceptions once the whole
//! calendar is read, so that errors can name it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::civil::{Date, DateTime};

use super::{calendar_reference, date_time, each, flag, invalid_code, number, required};
use crate::mspdi::codes::weekday_from_code;
use crate::mspdi::cursor::{Cursor, Element};
use crate::mspdi::error::ReadError;
use crate::mspdi::expansion::{self, ExceptionRecord, RecurrenceFields, WorkWeekRecord};
use crate::mspdi::model::{Calendar, CalendarException, WeekDay, WorkingTime};
use crate::mspdi::values::parse_time;

pub(super) fn read_calendar(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<Option<Calendar>, ReadError> {
    let mut uid = None;
    let mut calendar = Calendar::default();
    let mut exceptions = Vec::new();
    let mut work_weeks = Vec::new();
    cursor.children(element, |cursor, child| {
        match child.name {
            "UID" => uid = Some(number(cursor, child)?),
            "Name" => calendar.name = Some(cursor.text(child)?.into_owned()),
            "IsBaseCalendar" => calendar.is_base = flag(cursor, child)?,
            "BaseCalendarUID" => calendar.base_calendar_uid = calendar_reference(cursor, child)?,
            "WeekDays" => each(cursor, child, "WeekDay", |cursor, day| {
                read_week_day(cursor, day, &mut calendar)
            })?,
            "Exceptions" => each(cursor, child, "Exception", |cursor, exception| {
                exceptions.push(read_exception(cursor, exception)?);
                Ok(())
            })?,
            "WorkWeeks" => each(cursor, child, "WorkWeek", |cursor, week| {
                work_weeks.push(read_work_week(cursor, week)?);
                Ok(())
            })?,
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    calendar.uid = required(cursor, element, "UID", uid)?;
    expansion::expand(&mut calendar, &exceptions, &work_weeks)?;
    merge_duplicate_exceptions(&mut calendar.exceptions);
    Ok(Some(calendar))
}

/// The elements of a `<WeekDay>`, in a calendar's `<WeekDays>` and a work week's alike.
struct DayFields {
    day_type: u8,
    working: bool,
    times: Vec<WorkingTime>,
    period: Option<(DateTime, DateTime)>,
}

fn read_day_fields(cursor: &mut Cursor<'_>, element: Element<'_>) -> Result<DayFields, ReadError> {
    let mut day_type = None;
    let mut working = false;
    let mut times = Vec::new();
    let mut period = None;
    cursor.children(element, |cursor, child| {
        match child.name {
            "DayType" => day_type = Some(number(cursor, child)?),
            "DayWorking" => working = flag(cursor, child)?,
            "WorkingTimes" => times = read_working_times(cursor, child)?,
            "TimePeriod" => period = Some(read_time_period(cursor, child)?),
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    Ok(DayFields {
        day_type: required(cursor, element, "DayType", day_type)?,
        working,
        times,
        period,
    })
}

/// Reads one `<WeekDay>`: a day of the week (DayType 1–7) or, with DayType 0, the
/// pre-2007 notation of an exception.
fn read_week_day(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
    calendar: &mut Calendar,
) -> Result<(), ReadError> {
    let fields = read_day_fields(cursor, element)?;
    if fields.day_type == 0 {
        let (from, to) = required(cursor, element, "TimePeriod", fields.period)?;
        calendar.exceptions.push(CalendarException {
            name: None,
            from,
            to,
            working: fields.working,
            times: fields.times,
        });
    } else {
        set_week_day(&mut calendar.week_days, cursor, fields)?;
    }
    Ok(())
}

/// Sets a day of the week (DayType 1–7), replacing an earlier entry for the same day.
fn set_week_day(
    week_days: &mut Vec<WeekDay>,
    cursor: &Cursor<'_>,
    fields: DayFields,
) -> Result<(), ReadError> {
    let day = weekday_from_code(fields.day_type)
        .ok_or_else(|| invalid_code(cursor, "DayType", fields.day_type))?;
    week_days.retain(|known| known.day != day);
    week_days.push(WeekDay {
        day,
        working: fields.working,
        times: fields.times,
    });
    Ok(())
}

/// Files written by MPXJ and MS Project carry each exception in both notations (a
/// `WeekDay` of DayType 0 and an `Exception`): keep the first of each date range, named.
fn merge_duplicate_exceptions(exceptions: &mut Vec<CalendarException>) {
    let mut first_of_range: HashMap<(Date, Date), usize> = HashMap::new();
    let mut kept: Vec<CalendarException> = Vec::with_capacity(exceptions.len());
    for exception in exceptions.drain(..) {
        match first_of_range.entry((exception.from.date(), exception.to.date())) {
            Entry::Occupied(first) => {
                let known = &mut kept[*first.get()];
                known.name = known.name.take().or(exception.name);
            }
            Entry::Vacant(slot) => {
                slot.insert(kept.len());
                kept.push(exception);
            }
        }
    }
    *exceptions = kept;
}

fn read_exception(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<ExceptionRecord, ReadError> {
    let mut name = None;
    let mut working = false;
    let mut times = Vec::new();
    let mut period = None;
    let mut recurrence = RecurrenceFields::default();
    cursor.children(element, |cursor, child| {
        match child.name {
            "Name" => name = Some(cursor.text(child)?.into_owned()),
            "DayWorking" => working = flag(cursor, child)?,
            "WorkingTimes" => times = read_working_times(cursor, child)?,
            "TimePeriod" => period = Some(read_time_period(cursor, child)?),
            "Type" => recurrence.kind = Some(number(cursor, child)?),
            "EnteredByOccurrences" => recurrence.by_occurrences = flag(cursor, child)?,
            "Occurrences" => recurrence.occurrences = Some(number(cursor, child)?),
            "Period" => recurrence.period = Some(number(cursor, child)?),
            "DaysOfWeek" => recurrence.days_of_week = Some(number(cursor, child)?),
            "MonthItem" => recurrence.month_item = Some(number(cursor, child)?),
            "MonthPosition" => recurrence.month_position = Some(number(cursor, child)?),
            "Month" => recurrence.month = Some(number(cursor, child)?),
            "MonthDay" => recurrence.month_day = Some(number(cursor, child)?),
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    let (from, to) = required(cursor, element, "TimePeriod", period)?;
    Ok(ExceptionRecord {
        template: CalendarException {
            name,
            from,
            to,
            working,
            times,
        },
        recurrence,
    })
}

fn read_work_week(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<WorkWeekRecord, ReadError> {
    let mut name = None;
    let mut period = None;
    let mut days = None;
    cursor.children(element, |cursor, child| {
        match child.name {
            "Name" => name = Some(cursor.text(child)?.into_owned()),
            "TimePeriod" => period = Some(read_time_period(cursor, child)?),
            "WeekDays" => {
                let listed = days.insert(Vec::new());
                each(cursor, child, "WeekDay", |cursor, day| {
                    let fields = read_day_fields(cursor, day)?;
                    set_week_day(listed, cursor, fields)
                })?;
            }
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    let (from, to) = required(cursor, element, "TimePeriod", period)?;
    Ok(WorkWeekRecord {
        name,
        from: from.date(),
        to: to.date(),
        days,
    })
}

fn read_time_period(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<(DateTime, DateTime), ReadError> {
    let mut from = None;
    let mut to = None;
    cursor.children(element, |cursor, child| {
        match child.name {
            "FromDate" => from = date_time(cursor, child)?,
            "ToDate" => to = date_time(cursor, child)?,
            _ => cursor.skip(child)?,
        }
        Ok(())
    })?;
    Ok((
        required(cursor, element, "FromDate", from)?,
        required(cursor, element, "ToDate", to)?,
    ))
}

fn read_working_times(
    cursor: &mut Cursor<'_>,
    element: Element<'_>,
) -> Result<Vec<WorkingTime>, ReadError> {
    let mut times = Vec::new();
    each(cursor, element, "WorkingTime", |cursor, time| {
        let (mut from, mut to) = (None, None);
        cursor.children(time, |cursor, bound| {
            match bound.name {
                "FromTime" => from = cursor.optional_value(bound, "a time HH:MM:SS", parse_time)?,
                "ToTime" => to = cursor.optional_value(bound, "a time HH:MM:SS", parse_time)?,
                _ => cursor.skip(bound)?,
            }
            Ok(())
        })?;
        times.push(WorkingTime {
            from: required(cursor, time, "FromTime", from)?,
            to: required(cursor, time, "ToTime", to)?,
        });
        Ok(())
    })?;
    Ok(times)
}
