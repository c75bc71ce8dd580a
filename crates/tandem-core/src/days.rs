//! Where the workspace's days begin and end (ADR 0039). Due dates are calendar dates in the
//! workspace's time zone, so every instant compared with one — a status change in a burndown,
//! a completion in earned value, a feedback's age in the diagnosis — is put into a day on the
//! same calendar, never on the server's UTC.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// The calendar days of a time zone, in unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceDays(TimeZone);

impl WorkspaceDays {
    /// Days as they fall in `zone`.
    pub fn new(zone: TimeZone) -> Self {
        Self(zone)
    }

    /// Days in UTC: what a workspace that never set a zone has.
    pub fn utc() -> Self {
        Self(TimeZone::UTC)
    }

    /// The instant a local date-time happens (the earlier one in a DST fold, the later in a
    /// gap, as jiff's compatible rule says).
    pub fn instant_ms(&self, at: DateTime) -> i64 {
        at.to_zoned(self.0.clone())
            .map_or(i64::MAX, |zoned| zoned.timestamp().as_millisecond())
    }

    /// The first millisecond of `date`.
    pub fn start_ms(&self, date: Date) -> i64 {
        self.instant_ms(date.to_datetime(jiff::civil::Time::midnight()))
    }

    /// The first millisecond after `date`: a day holds every instant before its end.
    pub fn end_ms(&self, date: Date) -> i64 {
        date.tomorrow().map_or(i64::MAX, |next| self.start_ms(next))
    }

    /// The local date-time of an instant.
    pub fn local(&self, ms: i64) -> DateTime {
        Timestamp::from_millisecond(ms)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned(self.0.clone())
            .datetime()
    }

    /// Today's date on these days.
    pub fn today(&self) -> Date {
        Timestamp::now().to_zoned(self.0.clone()).date()
    }

    /// The day an instant falls on.
    pub fn day_of(&self, ms: i64) -> Option<Date> {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(|at| at.to_zoned(self.0.clone()).date())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn zone(name: &str) -> WorkspaceDays {
        WorkspaceDays::new(TimeZone::get(name).expect("a zone"))
    }

    #[test]
    fn a_utc_day_is_the_epoch_day() {
        let days = WorkspaceDays::utc();
        assert_eq!(days.start_ms(date(1970, 1, 1)), 0);
        assert_eq!(days.end_ms(date(1970, 1, 1)), 86_400_000);
        assert_eq!(days.day_of(86_399_999), Some(date(1970, 1, 1)));
        assert_eq!(days.day_of(86_400_000), Some(date(1970, 1, 2)));
    }

    #[test]
    fn a_sydney_day_begins_the_evening_before_in_utc() {
        let sydney = zone("Australia/Sydney");
        // 27 Nov 2026 is summer time there: UTC+11.
        let start = sydney.start_ms(date(2026, 11, 27));
        let utc = WorkspaceDays::utc();
        assert_eq!(utc.local(start), date(2026, 11, 26).at(13, 0, 0, 0));
        assert_eq!(sydney.day_of(start), Some(date(2026, 11, 27)));
        assert_eq!(sydney.day_of(start - 1), Some(date(2026, 11, 26)));
        assert_eq!(sydney.end_ms(date(2026, 11, 26)), start);
    }

    #[test]
    fn a_day_of_a_dst_change_is_23_or_25_hours() {
        let berlin = zone("Europe/Berlin");
        let hour = 3_600_000;
        let spring = date(2026, 3, 29);
        assert_eq!(berlin.end_ms(spring) - berlin.start_ms(spring), 23 * hour);
        let autumn = date(2026, 10, 25);
        assert_eq!(berlin.end_ms(autumn) - berlin.start_ms(autumn), 25 * hour);
    }
}
