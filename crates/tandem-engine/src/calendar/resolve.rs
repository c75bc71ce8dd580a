//! Follows a calendar's chain of base calendars to find the hours that apply on a date,
//! with MS Project's precedence: own exception, then base exceptions, then own week day,
//! then the base's week day.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};

use super::CalendarError;
use super::definition::{Calendar, CalendarException, CalendarUid, TimeRange};

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

    /// Hours on a date: the first exception covering it, else the weekday's hours.
    pub(crate) fn hours_on(&self, date: Date) -> &'a [TimeRange] {
        self.exception_on(date)
            .map(|exception| exception.hours.as_slice())
            .unwrap_or_else(|| self.weekday_hours(date.weekday()))
    }

    fn exception_on(&self, date: Date) -> Option<&'a CalendarException> {
        self.levels.iter().find_map(|level| {
            level
                .exceptions
                .iter()
                .find(|exception| exception.from <= date && date <= exception.to)
        })
    }

    /// First and last dates touched by any exception of the chain.
    pub(crate) fn exception_span(&self) -> Option<(Date, Date)> {
        let exceptions = self.levels.iter().flat_map(|level| &level.exceptions);
        exceptions.fold(None, |span, exception| match span {
            None => Some((exception.from, exception.to)),
            Some((first, last)) => Some((first.min(exception.from), last.max(exception.to))),
        })
    }
}
