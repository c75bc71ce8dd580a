//! Civil date-times as plain integers (minutes since 1970-01-01 00:00, no time zone), so
//! the scheduling passes compare and add integers instead of calendar structures.

use jiff::civil::{Date, DateTime, Time};

/// Minutes since 1970-01-01T00:00 in civil (wall-clock) time. Ordering matches `DateTime`.
pub type CivilMinute = i64;

/// Minutes in one civil day.
pub const MINUTES_PER_DAY: i64 = 1440;

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

/// A civil date-time as minutes since the epoch (seconds are truncated).
pub fn to_minute(datetime: DateTime) -> CivilMinute {
    day_number(datetime.date()) * MINUTES_PER_DAY
        + i64::from(datetime.hour()) * 60
        + i64::from(datetime.minute())
}

/// The civil date-time of a minute number.
pub fn to_datetime(minute: CivilMinute) -> DateTime {
    let date = date_of_day(minute.div_euclid(MINUTES_PER_DAY));
    let minute_of_day = minute.rem_euclid(MINUTES_PER_DAY);
    // 0 <= minute_of_day < 1440, so hour < 24 and minute < 60.
    let time = Time::new((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, 0, 0)
        .unwrap_or(Time::midnight());
    date.to_datetime(time)
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
    }

    #[test]
    fn minutes_round_trip() {
        let datetime = date(2024, 2, 29).at(17, 45, 0, 0);
        assert_eq!(to_datetime(to_minute(datetime)), datetime);
    }
}
