//! Durations as the scheduler stores them (minutes) and the conversions to and from the
//! units people type (hours, days, weeks), using the project's minutes per day and week
//! exactly as MS Project does.

use serde::{Deserialize, Serialize};

/// How long something lasts: working minutes counted on a calendar, or elapsed minutes of
/// continuous 24-hour time (MS Project's "edays").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duration {
    /// Minutes of working time on the relevant calendar.
    Working(i64),
    /// Minutes of continuous time, ignoring the calendar.
    Elapsed(i64),
}

impl Duration {
    /// No time at all.
    pub const ZERO: Self = Self::Working(0);

    /// The amount in minutes, whichever kind it is.
    pub fn minutes(self) -> i64 {
        match self {
            Self::Working(minutes) | Self::Elapsed(minutes) => minutes,
        }
    }

    /// Whether this is continuous (elapsed) time.
    pub fn is_elapsed(self) -> bool {
        matches!(self, Self::Elapsed(_))
    }

    /// The same kind of duration with another amount.
    pub fn with_minutes(self, minutes: i64) -> Self {
        match self {
            Self::Working(_) => Self::Working(minutes),
            Self::Elapsed(_) => Self::Elapsed(minutes),
        }
    }
}

impl Default for Duration {
    fn default() -> Self {
        Self::ZERO
    }
}

/// The unit a duration is entered or shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    ElapsedMinutes,
    ElapsedHours,
    ElapsedDays,
    ElapsedWeeks,
}

/// The project's conversion factors between working minutes and days or weeks
/// (MS Project's "hours per day" and "hours per week" options).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeUnits {
    /// Working minutes in a "day" of duration (480 by default).
    pub minutes_per_day: i64,
    /// Working minutes in a "week" of duration (2400 by default).
    pub minutes_per_week: i64,
}

impl Default for TimeUnits {
    fn default() -> Self {
        Self {
            minutes_per_day: 480,
            minutes_per_week: 2400,
        }
    }
}

impl TimeUnits {
    /// The duration `amount` `unit` stands for, rounded to the nearest minute.
    pub fn duration(self, amount: f64, unit: DurationUnit) -> Duration {
        let minutes = |per_unit: i64| (amount * per_unit as f64).round() as i64;
        match unit {
            DurationUnit::Minutes => Duration::Working(minutes(1)),
            DurationUnit::Hours => Duration::Working(minutes(60)),
            DurationUnit::Days => Duration::Working(minutes(self.minutes_per_day)),
            DurationUnit::Weeks => Duration::Working(minutes(self.minutes_per_week)),
            DurationUnit::ElapsedMinutes => Duration::Elapsed(minutes(1)),
            DurationUnit::ElapsedHours => Duration::Elapsed(minutes(60)),
            DurationUnit::ElapsedDays => Duration::Elapsed(minutes(1440)),
            DurationUnit::ElapsedWeeks => Duration::Elapsed(minutes(10_080)),
        }
    }

    /// A duration expressed in `unit` (working and elapsed minutes convert one to one,
    /// as in MS Project).
    pub fn amount_in(self, duration: Duration, unit: DurationUnit) -> f64 {
        let minutes = duration.minutes() as f64;
        let per_unit = match unit {
            DurationUnit::Minutes | DurationUnit::ElapsedMinutes => 1,
            DurationUnit::Hours | DurationUnit::ElapsedHours => 60,
            DurationUnit::Days => self.minutes_per_day,
            DurationUnit::Weeks => self.minutes_per_week,
            DurationUnit::ElapsedDays => 1440,
            DurationUnit::ElapsedWeeks => 10_080,
        };
        minutes / per_unit.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_like_ms_project_defaults() {
        let units = TimeUnits::default();
        assert_eq!(
            units.duration(1.5, DurationUnit::Days),
            Duration::Working(720)
        );
        assert_eq!(
            units.duration(2.0, DurationUnit::Weeks),
            Duration::Working(4800)
        );
        assert_eq!(
            units.duration(2.0, DurationUnit::ElapsedDays),
            Duration::Elapsed(2880)
        );
        assert_eq!(
            units.amount_in(Duration::Working(1200), DurationUnit::Days),
            2.5
        );
    }
}
