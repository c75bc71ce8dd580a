//! What MSPDI can say about a calendar but the model (and the engine) cannot: recurring
//! exceptions and alternate work weeks, turned into the dated exceptions they stand for.
//!
//! Work weeks are kept apart from exceptions: any exception of a calendar or of its bases
//! wins over them, so a holiday inside a work week stays a holiday, as in MS Project.
//! Every day listed counts against a limit per calendar: a mistaken (or hostile) file is
//! refused with an error instead of making the reader allocate without bound.

use jiff::Span;
use jiff::civil::{Date, DateTime, Weekday};

use super::codes::weekday_from_code;
use super::error::{ExpansionProblem, ReadError};
use super::model::{Calendar, CalendarException, WeekDay};
use super::recurrence::Pattern;

/// The most single days one calendar's recurring exceptions and work weeks may list:
/// over three times MS Project's whole date range (1984–2149, 60,631 days), so only a
/// broken file comes near it.
const MAX_EXPANDED_DAYS: usize = 200_000;

/// An `<Exception>` as read: its working time over its whole `TimePeriod`, and the
/// recurrence fields saying which of those days it really covers.
#[derive(Debug)]
pub(crate) struct ExceptionRecord {
    /// Name, period and working time, as for a plain range of days.
    pub template: CalendarException,
    /// How the exception repeats within its period.
    pub recurrence: RecurrenceFields,
}

/// An `<Exception>`'s recurrence elements, as MSPDI codes them.
#[derive(Debug, Default)]
pub(crate) struct RecurrenceFields {
    /// `<Type>`: 1 daily, 2 yearly by day, 3 yearly by position, 4 monthly by day,
    /// 5 monthly by position, 6 weekly, 7 daily by count. Absent: a plain range of days.
    pub kind: Option<u8>,
    /// `<EnteredByOccurrences>`: the recurrence ends after `occurrences`, not on `ToDate`.
    pub by_occurrences: bool,
    /// `<Occurrences>`: how many dates the recurrence has.
    pub occurrences: Option<u32>,
    /// `<Period>`: every how many days, weeks or months.
    pub period: Option<u32>,
    /// `<DaysOfWeek>`: 1 Sunday, 2 Monday, 4 Tuesday … 64 Saturday, added up.
    pub days_of_week: Option<u8>,
    /// `<MonthItem>`: 3 Sunday … 9 Saturday.
    pub month_item: Option<u8>,
    /// `<MonthPosition>`: 0 first … 3 fourth, 4 last.
    pub month_position: Option<u8>,
    /// `<Month>`: 0 January … 11 December.
    pub month: Option<u8>,
    /// `<MonthDay>`: 1–31.
    pub month_day: Option<u8>,
}

/// A `<WorkWeek>`: week days that replace the calendar's own over a range of dates.
#[derive(Debug)]
pub(crate) struct WorkWeekRecord {
    /// Display name ("Summer hours").
    pub name: Option<String>,
    /// First day the week applies to.
    pub from: Date,
    /// Last day the week applies to.
    pub to: Date,
    /// The days of its `<WeekDays>`, or `None` without one (the work week then changes
    /// nothing). Days it does not list are non-working, as MPXJ reads them.
    pub days: Option<Vec<WeekDay>>,
}

/// Appends to `calendar`'s exceptions the dated exceptions that `exceptions` stand for,
/// and to its work weeks the runs of days that `work_weeks` list.
pub(crate) fn expand(
    calendar: &mut Calendar,
    exceptions: &[ExceptionRecord],
    work_weeks: &[WorkWeekRecord],
) -> Result<(), ReadError> {
    let mut budget = Budget(MAX_EXPANDED_DAYS);
    let mut expanded = Vec::new();
    let refuse = |item: String, problem| ReadError::CalendarExpansion {
        uid: calendar.uid,
        calendar: calendar.name.clone().unwrap_or_default(),
        item,
        problem,
    };
    for exception in exceptions {
        expand_exception(exception, &mut budget, &mut expanded).map_err(|problem| {
            let template = &exception.template;
            refuse(
                describe("exception", template.name.as_deref(), template.from.date()),
                problem,
            )
        })?;
    }
    calendar.exceptions.append(&mut expanded);
    for week in work_weeks {
        expand_work_week(week, &mut budget, &mut calendar.work_weeks).map_err(|problem| {
            refuse(
                describe("work week", week.name.as_deref(), week.from),
                problem,
            )
        })?;
    }
    Ok(())
}

/// `exception "Team day"`, or for an unnamed one `exception from 2024-01-03`.
fn describe(kind: &str, name: Option<&str>, from: Date) -> String {
    match name {
        Some(name) => format!("{kind} {name:?}"),
        None => format!("{kind} from {from}"),
    }
}

/// Single days a calendar may still list.
struct Budget(usize);

impl Budget {
    fn spend_day(&mut self) -> Result<(), ExpansionProblem> {
        self.0 = self.0.checked_sub(1).ok_or(ExpansionProblem::TooManyDays {
            limit: MAX_EXPANDED_DAYS,
        })?;
        Ok(())
    }
}

/// Where a recurrence stops.
#[derive(Debug, Clone, Copy)]
enum End {
    /// After its last date on or before this one.
    On(Date),
    /// After this many dates.
    After(u32),
}

fn expand_exception(
    exception: &ExceptionRecord,
    budget: &mut Budget,
    out: &mut Vec<CalendarException>,
) -> Result<(), ExpansionProblem> {
    let template = &exception.template;
    let recurrence = &exception.recurrence;
    let Some(pattern) = recurrence.pattern()? else {
        out.push(template.clone());
        return Ok(());
    };
    let start = template.from.date();
    // MS Project writes both bounds; `EnteredByOccurrences` says which one was entered.
    let end = match (recurrence.by_occurrences, recurrence.occurrences) {
        (true, Some(count)) => End::After(count),
        _ => End::On(template.to.date()),
    };
    if pattern.is_every_day() {
        out.extend(unbroken_range(template, end)?);
        return Ok(());
    }
    let dates = pattern
        .dates(start)
        .ok_or(ExpansionProblem::FieldOutOfRange {
            element: "Period",
            value: recurrence.period.unwrap_or_default(),
        })?;
    let (until, count) = match end {
        End::On(last) => (last, usize::MAX),
        End::After(count) => (Date::MAX, usize::try_from(count).unwrap_or(usize::MAX)),
    };
    for date in dates.take_while(|date| *date <= until).take(count) {
        budget.spend_day()?;
        out.push(CalendarException {
            from: start_of(date),
            to: end_of(date),
            ..template.clone()
        });
    }
    Ok(())
}

/// A recurrence naming every day: the exception's own period, or as many days as it
/// has occurrences.
fn unbroken_range(
    template: &CalendarException,
    end: End,
) -> Result<Option<CalendarException>, ExpansionProblem> {
    let count = match end {
        End::On(_) => return Ok(Some(template.clone())),
        End::After(0) => return Ok(None),
        End::After(count) => count,
    };
    let last = Span::new()
        .try_days(count - 1)
        .and_then(|days| template.from.date().checked_add(days))
        .map_err(|_| ExpansionProblem::FieldOutOfRange {
            element: "Occurrences",
            value: count,
        })?;
    Ok(Some(CalendarException {
        to: end_of(last),
        ..template.clone()
    }))
}

impl RecurrenceFields {
    /// The recurrence these fields describe, or `None` for a plain range of days.
    fn pattern(&self) -> Result<Option<Pattern>, ExpansionProblem> {
        let Some(kind) = self.kind else {
            return Ok(None);
        };
        // MS Project always writes a period for the types that use one; a missing or
        // zero period can only mean "every", as MPXJ reads it.
        let every = self.period.filter(|period| *period > 0).unwrap_or(1);
        let pattern = match kind {
            1 | 7 => Pattern::Daily { every },
            2 => Pattern::YearlyByDay {
                month: self.month()?,
                day: self.month_day()?,
            },
            3 => Pattern::YearlyByPosition {
                month: self.month()?,
                nth: self.position()?,
                weekday: self.weekday()?,
            },
            4 => Pattern::MonthlyByDay {
                every,
                day: self.month_day()?,
            },
            5 => Pattern::MonthlyByPosition {
                every,
                nth: self.position()?,
                weekday: self.weekday()?,
            },
            6 => Pattern::Weekly {
                every,
                days: field(self.days_of_week, "DaysOfWeek", 1, 127)?,
            },
            unknown => return Err(ExpansionProblem::UnknownType(unknown)),
        };
        Ok(Some(pattern))
    }

    /// `<Month>` as 1–12.
    fn month(&self) -> Result<i8, ExpansionProblem> {
        Ok(small(field(self.month, "Month", 0, 11)?) + 1)
    }

    fn month_day(&self) -> Result<i8, ExpansionProblem> {
        field(self.month_day, "MonthDay", 1, 31).map(small)
    }

    /// `<MonthPosition>` as jiff's nth weekday of a month: 1–4, or -1 for the last.
    fn position(&self) -> Result<i8, ExpansionProblem> {
        Ok(match field(self.month_position, "MonthPosition", 0, 4)? {
            4 => -1,
            position => small(position) + 1,
        })
    }

    /// `<MonthItem>`: MS Project numbers the weekdays from 3 (Sunday) to 9 (Saturday).
    fn weekday(&self) -> Result<Weekday, ExpansionProblem> {
        let item = field(self.month_item, "MonthItem", 3, 9)?;
        weekday_from_code(item - 2).ok_or(ExpansionProblem::FieldOutOfRange {
            element: "MonthItem",
            value: item.into(),
        })
    }
}

/// A recurrence element that must be present and within `min..=max`.
fn field(
    value: Option<u8>,
    element: &'static str,
    min: u8,
    max: u8,
) -> Result<u8, ExpansionProblem> {
    let value = value.ok_or(ExpansionProblem::MissingField(element))?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ExpansionProblem::FieldOutOfRange {
            element,
            value: value.into(),
        })
    }
}

/// A field value already checked to be at most 31.
fn small(value: u8) -> i8 {
    i8::try_from(value).unwrap_or(i8::MAX)
}

/// Lists a work week day by day, as runs of consecutive days with the same hours.
fn expand_work_week(
    week: &WorkWeekRecord,
    budget: &mut Budget,
    out: &mut Vec<CalendarException>,
) -> Result<(), ExpansionProblem> {
    let Some(days) = &week.days else {
        return Ok(());
    };
    let mut run: Option<CalendarException> = None;
    for date in week.from.series(Span::new().days(1)) {
        if date > week.to {
            break;
        }
        budget.spend_day()?;
        let (working, times) = days
            .iter()
            .find(|day| day.day == date.weekday())
            .map_or((false, &[][..]), |day| (day.working, &day.times[..]));
        let same_hours =
            |open: &&mut CalendarException| open.working == working && open.times == times;
        if let Some(open) = run.as_mut().filter(same_hours) {
            open.to = end_of(date);
            continue;
        }
        out.extend(run.replace(CalendarException {
            name: week.name.clone(),
            from: start_of(date),
            to: end_of(date),
            working,
            times: times.to_vec(),
        }));
    }
    out.extend(run);
    Ok(())
}

/// An expanded exception's first moment, as MS Project writes it.
fn start_of(date: Date) -> DateTime {
    date.at(0, 0, 0, 0)
}

/// An expanded exception's last moment, as MS Project writes it.
fn end_of(date: Date) -> DateTime {
    date.at(23, 59, 0, 0)
}
