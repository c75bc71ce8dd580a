//! Turns the passes' integer instants back into civil date-times, computing each distinct
//! date once (a schedule has hundreds of thousands of instants over a few thousand days).

use jiff::civil::{Date, DateTime, Time};

use crate::calendar::{CivilSecond, SECONDS_PER_DAY, SECONDS_PER_MINUTE, on_date, to_datetime};

/// Minutes in a civil day.
const MINUTES_PER_DAY: usize = 1440;

/// Longest span of days worth tabulating; beyond it dates are computed one by one.
const MAX_TABLE_DAYS: i64 = 1 << 20;

/// Converts instants within a known span, looking dates up in a table.
pub(crate) struct DateTimes {
    first_day: i64,
    dates: Vec<Date>,
    /// The time of every whole minute of a day (instants are nearly always whole
    /// minutes, and building a `Time` validates its parts).
    minutes: Vec<Time>,
}

impl DateTimes {
    /// A converter for instants between the smallest and largest of `instants`.
    pub(crate) fn covering(instants: impl Iterator<Item = CivilSecond>) -> Self {
        let (low, high) = instants.fold((i64::MAX, i64::MIN), |(low, high), instant| {
            (low.min(instant), high.max(instant))
        });
        if low > high
            || high.div_euclid(SECONDS_PER_DAY) - low.div_euclid(SECONDS_PER_DAY) >= MAX_TABLE_DAYS
        {
            return Self {
                first_day: 0,
                dates: Vec::new(),
                minutes: Vec::new(),
            };
        }
        let first_day = low.div_euclid(SECONDS_PER_DAY);
        let last_day = high.div_euclid(SECONDS_PER_DAY);
        let dates = (first_day..=last_day)
            .map(|day| to_datetime(day * SECONDS_PER_DAY).date())
            .collect();
        let minutes = (0..MINUTES_PER_DAY as i64)
            .map(|minute| on_date(Date::MIN, minute * SECONDS_PER_MINUTE).time())
            .collect();
        Self {
            first_day,
            dates,
            minutes,
        }
    }

    /// The civil date-time of `instant`.
    pub(crate) fn get(&self, instant: CivilSecond) -> DateTime {
        // Unsigned arithmetic: instants before the table wrap to huge offsets and miss.
        let offset = instant.wrapping_sub(self.first_day * SECONDS_PER_DAY) as u64;
        let day = offset / SECONDS_PER_DAY as u64;
        let Some(&date) = usize::try_from(day)
            .ok()
            .and_then(|day| self.dates.get(day))
        else {
            return to_datetime(instant);
        };
        let second_of_day = offset % SECONDS_PER_DAY as u64;
        if second_of_day.is_multiple_of(SECONDS_PER_MINUTE as u64) {
            let minute = (second_of_day / SECONDS_PER_MINUTE as u64) as usize;
            if let Some(&time) = self.minutes.get(minute) {
                return date.to_datetime(time);
            }
        }
        on_date(date, instant)
    }
}
