//! Follows a calendar's chain of base calendars to find the hours that apply on a date,
//! with MS Project's precedence: own exception, then base exceptions, then own work week,
//! then the base's work week, then own week day, then the base's week day.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};

use super::civil;

use super::CalendarError;
use super::definition::{Calendar, CalendarUid, TimeRange};

/// Weekdays in the order of [`civil::weekday_index`].
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// A calendar and its bases, most specific first.
pub(crate) struct CalendarChain<'a> {
    levels: Vec<&'a Calendar>,
}

impl<'a> CalendarChain<'a> {
    /// Collects `uid` and its bases from `calendars`, rejecting unknown and circular bases.
    pub(crate) fn new(calendars: &'a [Calendar], uid: CalendarUid) -> Result<Self, CalendarError> {
        let by_uid: HashMap<CalendarUid, &Calendar> = calendars
            .iter()
            .map(|calendar| (calendar.uid, calendar))
            .collect();
        let mut levels: Vec<&Calendar> = Vec::new();
        let mut next = Some(uid);
        while let Some(current) = next {
            if levels.iter().any(|level| level.uid == current) {
                return Err(CalendarError::CircularBase(uid));
            }
            let calendar = by_uid
                .get(&current)
                .ok_or(CalendarError::Unknown(current))?;
            levels.push(calendar);
            next = calendar.base;
        }
        Ok(Self { levels })
    }

    /// The calendar the chain was built for.
    pub(crate) fn uid(&self) -> CalendarUid {
        self.levels[0].uid
    }

    /// Hours of a weekday when no exception applies.
    pub(crate) fn weekday_hours(&self, weekday: Weekday) -> &'a [TimeRange] {
        self.levels
            .iter()
            .find_map(|level| level.week.day(weekday))
            .unwrap_or(&[])
    }

    /// Hours of every day from day number `first_day` up to (excluding) `end_day`: work
    /// weeks and then exceptions filled in from the least specific calendar to the most
    /// specific (and within one calendar, earlier ones win), the weekday's hours elsewhere.
    /// Any exception of the chain thus beats any work week, as in MS Project.
    pub(crate) fn hours_by_day(&self, first_day: i64, end_day: i64) -> Vec<&'a [TimeRange]> {
        let length = usize::try_from(end_day - first_day).unwrap_or(0);
        let mut overrides: Vec<Option<&'a [TimeRange]>> = vec![None; length];
        let work_weeks = self.levels.iter().rev().map(|level| &level.work_weeks);
        let exceptions = self.levels.iter().rev().map(|level| &level.exceptions);
        for days in work_weeks.chain(exceptions) {
            for exception in days.iter().rev() {
                let from = (civil::day_number(exception.from) - first_day).max(0);
                let to = (civil::day_number(exception.to) - first_day + 1).min(length as i64);
                for day in from..to {
                    overrides[day as usize] = Some(&exception.hours);
                }
            }
        }
        let week = WEEKDAYS.map(|weekday| self.weekday_hours(weekday));
        overrides
            .into_iter()
            .zip(first_day..)
            .map(|(hours, day)| hours.unwrap_or(week[civil::weekday_index(day)]))
            .collect()
    }

    /// First and last dates touched by any exception or work week of the chain.
    pub(crate) fn exception_span(&self) -> Option<(Date, Date)> {
        let exceptions = self
            .levels
            .iter()
            .flat_map(|level| level.exceptions.iter().chain(&level.work_weeks));
        exceptions.fold(None, |span, exception| match span {
            None => Some((exception.from, exception.to)),
            Some((first, last)) => Some((first.min(exception.from), last.max(exception.to))),
        })
    }
}
