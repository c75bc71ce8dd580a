//! Civil date-times as plain integers (seconds since 1970-01-01 00:00, no time zone), so
//! the scheduling passes compare and add integers instead of calendar structures.

use jiff::civil::{Date, DateTime, Time};

/// Seconds since 1970-01-01T00:00 in civil (wall-clock) time. Ordering matches `DateTime`.
pub type CivilSecond = i64;

/// Seconds in one minute.
pub const SECONDS_PER_MINUTE: i64 = 60;

/// Seconds in one civil day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn day_number(date: Date) -> i64 {
    // Howard Hinnant's `days_from_civil`.
    let (year, month, day) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day number; saturates at jiff's supported range.
pub fn date_of_day(day_number: i64) -> Date {
    // Howard Hinnant's `civil_from_days`.
    let z = day_number + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let clamped_year = year.clamp(i64::from(Date::MIN.year()), i64::from(Date::MAX.year()));
    if clamped_year != year {
        return if year < clamped_year {
            Date::MIN
        } else {
            Date::MAX
        };
    }
    // Values are in range by construction: month 1..=12, day 1..=31, year clamped.
    Date::new(clamped_year as i16, month as i8, day as i8).unwrap_or(Date::MIN)
}

/// Weekday of a day number, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
pub fn weekday_index(day_number: i64) -> usize {
    (day_number + 3).rem_euclid(7) as usize
}

/// A civil date-time as seconds since the epoch (fractions of a second are dropped).
pub fn to_second(datetime: DateTime) -> CivilSecond {
    day_number(datetime.date()) * SECONDS_PER_DAY
        + i64::from(datetime.hour()) * 3600
        + i64::from(datetime.minute()) * SECONDS_PER_MINUTE
        + i64::from(datetime.second())
}

/// The civil date-time of `second` on `date` (the date that second falls on).
pub(crate) fn on_date(date: Date, second: CivilSecond) -> DateTime {
    let second_of_day = second.rem_euclid(SECONDS_PER_DAY);
    // 0 <= second_of_day < 86400, so every part is in range.
    let time = Time::new(
        (second_of_day / 3600) as i8,
        (second_of_day / 60 % 60) as i8,
        (second_of_day % 60) as i8,
        0,
    )
    .unwrap_or(Time::midnight());
    date.to_datetime(time)
}

/// The civil date-time of an instant.
pub fn to_datetime(second: CivilSecond) -> DateTime {
    on_date(date_of_day(second.div_euclid(SECONDS_PER_DAY)), second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip_across_leap_years_and_eras() {
        for day in [-800_000, -1, 0, 1, 11_016, 19_782, 20_000, 700_000] {
            assert_eq!(day_number(date_of_day(day)), day);
        }
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(2000, 3, 1)), 11_017);
        assert_eq!(weekday_index(day_number(date(2025, 11, 24))), 0);
    }

    #[test]
    fn seconds_round_trip() {
        let datetime = date(2024, 2, 29).at(17, 45, 12, 0);
        assert_eq!(to_datetime(to_second(datetime)), datetime);
    }
}
