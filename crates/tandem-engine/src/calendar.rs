//! Working calendars: which minutes of which dates are working time, and fast arithmetic
//! over them (add working minutes, working minutes between two instants, next working
//! instant) with MS Project's rules as implemented by MPXJ.
//!
//! Describe calendars with [`Calendar`] (serialisable, may derive from a base calendar),
//! then [`WorkCalendar::compile`] one for arithmetic. Durations are [`Duration`]s in
//! minutes; [`TimeUnits`] converts days, hours and weeks at the edges.

mod civil;
mod definition;
mod pattern;
mod resolve;
mod units;
mod work_calendar;

use jiff::civil::Date;

pub(crate) use civil::on_date;
pub use civil::{CivilSecond, SECONDS_PER_DAY, SECONDS_PER_MINUTE, to_datetime, to_second};
pub use definition::{Calendar, CalendarException, CalendarUid, TimeRange, WorkWeek};
pub use units::{Duration, DurationUnit, TimeUnits};
pub use work_calendar::WorkCalendar;

/// Why a calendar cannot be used for scheduling.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A calendar (or a base calendar) is referenced but not defined.
    #[error("calendar {0:?} is not defined")]
    Unknown(CalendarUid),
    /// Following base calendars leads back to the calendar itself.
    #[error("calendar {0:?} derives from itself through its base calendars")]
    CircularBase(CalendarUid),
    /// The regular week has no working time, so work could never be scheduled.
    #[error("calendar {0:?} has no working time in its regular week")]
    NoWorkingTime(CalendarUid),
    /// A day's working hours are malformed.
    #[error("calendar {calendar:?} has invalid hours on {date}: {reason}")]
    InvalidHours {
        calendar: CalendarUid,
        date: Date,
        reason: &'static str,
    },
}
