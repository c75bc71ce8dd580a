//! The time axis resource levelling works on: periods of working time of the project
//! calendar, counted from the network's start day. A period is as long as the plan's work
//! needs and no shorter: one working hour when every item lasts whole hours, half, a third
//! or a quarter of an hour when some item is that short (MS Project's "look for
//! overallocations on an hour-by-hour / minute-by-minute basis", ADR 0043). An hour is fine
//! enough that a person's short items share a day; a quarter of an hour lets a 30-minute
//! item hold its person for 30 minutes, not an hour. The coarsest period that fits keeps a
//! year of work a few thousand periods for plans estimated in hours.
//!
//! The axis is the calendar's working time, so a period never spans a night or a holiday
//! in part: period `p` begins `p` periods' worth of working minutes after the start day's
//! first working minute.

use jiff::civil::{Date, DateTime};
use tandem_engine::calendar::WorkCalendar;
use tandem_engine::rcpsp::{Capacity, Time};

use super::network::MINUTES_PER_DAY;

/// The longest levelling period: one working hour.
pub const LONGEST_PERIOD_MINUTES: i64 = 60;

/// The shortest levelling period: a quarter of an hour. Work in finer amounts (a 10-minute
/// item) is rounded up to it, so a plan never needs more than four periods an hour.
pub const SHORTEST_PERIOD_MINUTES: i64 = 15;

/// Working time of one calendar, numbered in periods from a start day.
pub struct Periods<'a> {
    calendar: &'a WorkCalendar,
    /// Midnight of the start day: period 0 begins at its first working minute.
    origin: DateTime,
    /// Working minutes in one period: a divisor of an hour, so of a day too.
    minutes: i64,
}

/// The period length for work lasting `durations` (working minutes of the calendar each):
/// the longest divisor of an hour that every one is a whole number of, and no shorter than
/// [`SHORTEST_PERIOD_MINUTES`].
pub fn period_minutes(durations: impl IntoIterator<Item = i64>) -> i64 {
    durations
        .into_iter()
        .filter(|&minutes| minutes > 0)
        .fold(LONGEST_PERIOD_MINUTES, greatest_common_divisor)
        .max(SHORTEST_PERIOD_MINUTES)
}

fn greatest_common_divisor(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        greatest_common_divisor(b, a % b)
    }
}

impl<'a> Periods<'a> {
    /// The periods of `minutes` working minutes (see [`period_minutes`]) of `calendar`
    /// from `start` on.
    pub fn new(calendar: &'a WorkCalendar, start: Date, minutes: i64) -> Self {
        Self {
            calendar,
            origin: start.to_datetime(jiff::civil::Time::midnight()),
            minutes: minutes.clamp(1, LONGEST_PERIOD_MINUTES),
        }
    }

    /// Periods in a product working day (8 h): how lags in days become periods.
    pub fn per_day(&self) -> i64 {
        MINUTES_PER_DAY / self.minutes
    }

    /// The working minutes `periods` periods last.
    pub fn minutes_of(&self, periods: Time) -> i64 {
        i64::from(periods) * self.minutes
    }

    /// The first instant of period `period`.
    pub fn start_of(&self, period: Time) -> DateTime {
        let reached = self
            .calendar
            .add_work_to(self.origin, self.minutes_of(period));
        self.calendar.next_work_start_at(reached)
    }

    /// The first period that begins at or after `at` (0 for instants before the start).
    pub fn first_from(&self, at: DateTime) -> Time {
        let minutes = self.work_to(at);
        to_time((minutes + self.minutes - 1).div_euclid(self.minutes))
    }

    /// How many periods have ended by the end of `date` (0 for dates before the start):
    /// work due on `date` must finish within them.
    pub fn ended_by(&self, date: Date) -> Time {
        let next_midnight = date.tomorrow().map_or(DateTime::MAX, |day| {
            day.to_datetime(jiff::civil::Time::midnight())
        });
        to_time(self.work_to(next_midnight).div_euclid(self.minutes))
    }

    /// The periods `minutes` of the calendar's working time cover, rounded up.
    pub fn covering(&self, minutes: i64) -> Time {
        to_time(div_ceil(minutes.max(0), self.minutes))
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
                let end = self.calendar.add_work_to(start, self.minutes);
                u32::from(own.work_between_datetimes(start, end) >= self.minutes)
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

/// The working minutes of the calendar that `minutes` of effort take someone who gives the
/// project `per_day` minutes of a working day: stretched in that ratio (half-time doubles
/// them), rounded up to a whole minute.
pub fn stretched(minutes: i64, per_day: i64) -> i64 {
    div_ceil(
        minutes.max(0).saturating_mul(MINUTES_PER_DAY),
        per_day.max(1),
    )
}

fn div_ceil(numerator: i64, denominator: i64) -> i64 {
    (numerator + denominator - 1) / denominator
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
        let periods = Periods::new(&calendar, date(2026, 11, 2), 60);
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
        let periods = Periods::new(&calendar, date(2026, 11, 2), 60);
        assert_eq!(periods.first_from(date(2026, 11, 3).at(0, 0, 0, 0)), 8);
        assert_eq!(periods.first_from(date(2026, 11, 3).at(9, 30, 0, 0)), 10);
        assert_eq!(periods.first_from(date(2026, 10, 1).at(0, 0, 0, 0)), 0);
        assert_eq!(periods.ended_by(date(2026, 11, 2)), 8);
        // Due on Saturday: the week's 40 hours.
        assert_eq!(periods.ended_by(date(2026, 11, 7)), 40);
        assert_eq!(periods.ended_by(date(2026, 10, 30)), 0);
    }

    #[test]
    fn work_is_stretched_by_part_time_and_covered_by_whole_periods() {
        assert_eq!(stretched(120, MINUTES_PER_DAY), 120);
        // 8 hours by someone giving 4 a day take two days of the calendar.
        assert_eq!(stretched(480, 240), 960);
        assert_eq!(stretched(-5, MINUTES_PER_DAY), 0);
        let calendar = standard();
        let hours = Periods::new(&calendar, date(2026, 11, 2), 60);
        assert_eq!(hours.covering(120), 2);
        assert_eq!(hours.covering(30), 1);
        assert_eq!(hours.covering(0), 0);
        assert_eq!(hours.per_day(), 8);
        let quarters = Periods::new(&calendar, date(2026, 11, 2), 15);
        assert_eq!(quarters.covering(30), 2);
        assert_eq!(quarters.per_day(), 32);
        assert_eq!(quarters.start_of(5), date(2026, 11, 2).at(9, 15, 0, 0));
        // The morning's last quarter, then the afternoon.
        assert_eq!(quarters.start_of(16), date(2026, 11, 2).at(13, 0, 0, 0));
    }

    #[test]
    fn periods_are_as_long_as_the_work_needs() {
        assert_eq!(period_minutes([480, 120, 60]), 60);
        assert_eq!(period_minutes([]), 60);
        assert_eq!(period_minutes([0, 240]), 60);
        assert_eq!(period_minutes([480, 30]), 30);
        assert_eq!(period_minutes([40, 60]), 20);
        assert_eq!(period_minutes([90, 45]), 15);
        // Finer than a quarter of an hour is rounded up to it.
        assert_eq!(period_minutes([10, 60]), 15);
        assert_eq!(period_minutes([7]), 15);
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
        let periods = Periods::new(&calendar, date(2026, 11, 2), 60);
        let availability = periods.availability(&own, Some(date(2026, 11, 3)));
        assert_eq!(availability.at(7), 1);
        assert!((8..16).all(|period| availability.at(period) == 0));
        assert_eq!(availability.at(16), 1);
        assert_eq!(availability.at(1000), 1);
    }
}
