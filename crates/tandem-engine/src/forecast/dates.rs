//! The edge between forecast offsets and calendar dates.
//!
//! The simulation works in working minutes from the status date, which is exact when
//! the network shares one calendar; this adapter reads those offsets as dates on the
//! project calendar, and dates (a deadline) back as offsets.

use jiff::civil::DateTime;

use crate::calendar::WorkCalendar;

/// The project calendar and status date that give forecast offsets their meaning.
#[derive(Debug, Clone, Copy)]
pub struct ForecastClock<'a> {
    calendar: &'a WorkCalendar,
    status_date: DateTime,
}

impl<'a> ForecastClock<'a> {
    /// Offsets count working minutes of `calendar` from `status_date`.
    pub fn new(calendar: &'a WorkCalendar, status_date: DateTime) -> Self {
        Self {
            calendar,
            status_date,
        }
    }

    /// The date-time `offset` working minutes after the status date (rounded to the
    /// minute). Like a finish in MS Project, a positive offset ending a working day lands
    /// on that day's end, not on the next morning.
    pub fn date_of(&self, offset: f64) -> DateTime {
        // `as` saturates, so even absurd offsets cannot panic.
        self.calendar
            .add_work_to(self.status_date, offset.round() as i64)
    }

    /// Working minutes from the status date to `date`: the offset to pass to
    /// [`Distribution::probability_by`](super::Distribution::probability_by) for a deadline.
    pub fn offset_of(&self, date: DateTime) -> f64 {
        self.calendar.work_between_datetimes(self.status_date, date) as f64
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::calendar::{Calendar, CalendarUid};

    #[test]
    fn offsets_follow_the_standard_working_week() {
        let uid = CalendarUid(1);
        let calendar = WorkCalendar::compile(&[Calendar::standard(uid)], uid, date(2026, 11, 23))
            .expect("the standard calendar compiles");
        // Monday 23 November 2026, 08:00; days are 08:00–12:00 and 13:00–17:00.
        let clock = ForecastClock::new(&calendar, date(2026, 11, 23).at(8, 0, 0, 0));
        assert_eq!(clock.date_of(480.0), date(2026, 11, 23).at(17, 0, 0, 0));
        assert_eq!(clock.date_of(300.0), date(2026, 11, 23).at(14, 0, 0, 0));
        // Five days of 480 minutes end on Friday evening, not Saturday.
        assert_eq!(clock.date_of(2_400.0), date(2026, 11, 27).at(17, 0, 0, 0));
        // Deadline Tuesday noon: 480 + 240 working minutes away.
        assert_eq!(clock.offset_of(date(2026, 11, 24).at(12, 0, 0, 0)), 720.0);
    }
}
