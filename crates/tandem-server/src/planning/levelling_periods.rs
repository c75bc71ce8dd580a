//! The time axis resource levelling works on: periods of one working hour of the project
//! calendar, counted from the network's start day. An hour is fine enough that a person's
//! short items share a day (levelling in whole days gave four 2-hour tasks four days) and
//! coarse enough that a year of work is a few thousand periods.
//!
//! The axis is the calendar's working time, so a period never spans a night or a holiday
//! in part: period `p` begins `p` working hours after the start day's first working minute.

use jiff::civil::{Date, DateTime};
use tandem_engine::calendar::WorkCalendar;
use tandem_engine::rcpsp::{Capacity, Time};

use super::network::MINUTES_PER_DAY;

/// Working minutes in one levelling period.
pub const PERIOD_MINUTES: i64 = 60;

/// Periods in a product working day (8 h): how lags in days become periods.
pub const PERIODS_PER_DAY: i64 = MINUTES_PER_DAY / PERIOD_MINUTES;

/// Working hours of one calendar, numbered from a start day.
pub struct Periods<'a> {
    calendar: &'a WorkCalendar,
    /// Midnight of the start day: period 0 begins at its first working minute.
    origin: DateTime,
}

impl<'a> Periods<'a> {
    /// The periods of `calendar` from `start` on.
    pub fn new(calendar: &'a WorkCalendar, start: Date) -> Self {
        Self {
            calendar,
            origin: start.to_datetime(jiff::civil::Time::midnight()),
        }
    }

    /// The first instant of period `period`.
    pub fn start_of(&self, period: Time) -> DateTime {
        let minutes = i64::from(period) * PERIOD_MINUTES;
        let reached = self.calendar.add_work_to(self.origin, minutes);
        self.calendar.next_work_start_at(reached)
    }

    /// The first period that begins at or after `at` (0 for instants before the start).
    pub fn first_from(&self, at: DateTime) -> Time {
        let minutes = self.work_to(at);
        to_time((minutes + PERIOD_MINUTES - 1).div_euclid(PERIOD_MINUTES))
    }

    /// How many periods have ended by the end of `date` (0 for dates before the start):
    /// work due on `date` must finish within them.
    pub fn ended_by(&self, date: Date) -> Time {
        let next_midnight = date.tomorrow().map_or(DateTime::MAX, |day| {
            day.to_datetime(jiff::civil::Time::midnight())
        });
        to_time(self.work_to(next_midnight).div_euclid(PERIOD_MINUTES))
    }

    /// The periods an amount of work lasts, rounded up: `minutes` of effort by someone who
    /// gives the project `per_day` minutes of a working day stretch over the calendar in
    /// that ratio (half-time doubles them).
    pub fn lasting(minutes: i64, per_day: i64) -> Time {
        let stretched = minutes.max(0).saturating_mul(MINUTES_PER_DAY);
        let per_period = per_day.max(1).saturating_mul(PERIOD_MINUTES);
        to_time((stretched + per_period - 1) / per_period)
    }

    /// A person's availability per period: 1 for every period their own calendar works in
    /// full, 0 where time off (or an altered day) takes any of it. `last_difference` is the
    /// last date their calendar may differ from the project's; afterwards they are there.
    pub fn availability(&self, own: &WorkCalendar, last_difference: Option<Date>) -> Capacity {
        let Some(last) = last_difference else {
            return Capacity::Constant(1);
        };
        let count = self.ended_by(last) as usize + 1;
        let per_period: Vec<u32> = (0..count)
            .map(|period| {
                let start = self.start_of(period as Time);
                let end = self.calendar.add_work_to(start, PERIOD_MINUTES);
                u32::from(own.work_between_datetimes(start, end) >= PERIOD_MINUTES)
            })
            .collect();
        match per_period.iter().rposition(|&units| units == 0) {
            Some(index) => Capacity::Varying {
                per_period: per_period[..=index].to_vec(),
                afterwards: 1,
            },
            None => Capacity::Constant(1),
        }
    }

    /// Working minutes of the calendar from the start to `at` (negative before it).
    fn work_to(&self, at: DateTime) -> i64 {
        self.calendar.work_between_datetimes(self.origin, at)
    }
}

/// A period count clamped into the engine's range.
fn to_time(periods: i64) -> Time {
    Time::try_from(periods.max(0)).unwrap_or(Time::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use tandem_engine::calendar::{Calendar, CalendarException, CalendarUid};

    fn standard() -> WorkCalendar {
        let uid = CalendarUid(1);
        WorkCalendar::compile(&[Calendar::standard(uid)], uid, date(2026, 11, 2)).unwrap()
    }

    #[test]
    fn periods_are_working_hours_of_the_calendar() {
        let calendar = standard();
        // Monday 2026-11-02, 08:00–12:00 and 13:00–17:00.
        let periods = Periods::new(&calendar, date(2026, 11, 2));
        assert_eq!(periods.start_of(0), date(2026, 11, 2).at(8, 0, 0, 0));
        assert_eq!(periods.start_of(4), date(2026, 11, 2).at(13, 0, 0, 0));
        assert_eq!(periods.start_of(8), date(2026, 11, 3).at(8, 0, 0, 0));
        // Friday's last hour, then Monday.
        assert_eq!(periods.start_of(39), date(2026, 11, 6).at(16, 0, 0, 0));
        assert_eq!(periods.start_of(40), date(2026, 11, 9).at(8, 0, 0, 0));
    }

    #[test]
    fn dates_become_the_periods_around_them() {
        let calendar = standard();
        let periods = Periods::new(&calendar, date(2026, 11, 2));
        assert_eq!(periods.first_from(date(2026, 11, 3).at(0, 0, 0, 0)), 8);
        assert_eq!(periods.first_from(date(2026, 11, 3).at(9, 30, 0, 0)), 10);
        assert_eq!(periods.first_from(date(2026, 10, 1).at(0, 0, 0, 0)), 0);
        assert_eq!(periods.ended_by(date(2026, 11, 2)), 8);
        // Due on Saturday: the week's 40 hours.
        assert_eq!(periods.ended_by(date(2026, 11, 7)), 40);
        assert_eq!(periods.ended_by(date(2026, 10, 30)), 0);
    }

    #[test]
    fn work_lasts_whole_hours_stretched_by_part_time() {
        assert_eq!(Periods::lasting(120, MINUTES_PER_DAY), 2);
        assert_eq!(Periods::lasting(30, MINUTES_PER_DAY), 1);
        assert_eq!(Periods::lasting(0, MINUTES_PER_DAY), 0);
        // 8 hours by someone giving 4 a day take two days of the calendar.
        assert_eq!(Periods::lasting(480, 240), 16);
    }

    #[test]
    fn time_off_takes_its_periods_away() {
        let calendar = standard();
        let project = CalendarUid(1);
        let person = CalendarUid(2);
        let mut own = Calendar::derived(person, "Ada", project);
        own.exceptions.push(CalendarException {
            name: "Off".into(),
            from: date(2026, 11, 3),
            to: date(2026, 11, 3),
            hours: Vec::new(),
        });
        let own = WorkCalendar::compile(
            &[Calendar::standard(project), own],
            person,
            date(2026, 11, 2),
        )
        .unwrap();
        let periods = Periods::new(&calendar, date(2026, 11, 2));
        let availability = periods.availability(&own, Some(date(2026, 11, 3)));
        assert_eq!(availability.at(7), 1);
        assert!((8..16).all(|period| availability.at(period) == 0));
        assert_eq!(availability.at(16), 1);
        assert_eq!(availability.at(1000), 1);
    }
}
