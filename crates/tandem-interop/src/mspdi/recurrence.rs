//! The dates a recurring calendar exception falls on, as MS Project defines them: "every
//! other Wednesday", "day 15 of every month", "the last Friday of November". Pure date
//! arithmetic; decoding MSPDI's fields into a [`Pattern`] is the expansion's job.

use jiff::Span;
use jiff::civil::{Date, Weekday};

/// Where a recurring exception falls within each of its cycles (days, weeks, months or
/// years, counted from the cycle holding its first date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// Every `every`-th day from the first date.
    Daily { every: u32 },
    /// The days in `days` (bit 0 Sunday … bit 6 Saturday) of every `every`-th week.
    /// Weeks start on Sunday, as in MS Project, so the first week may be cut short.
    Weekly { every: u32, days: u8 },
    /// Day `day` of every `every`-th month, or the month's last day if it is shorter.
    MonthlyByDay { every: u32, day: i8 },
    /// The `nth` `weekday` (1–4, or -1 for the last) of every `every`-th month.
    MonthlyByPosition {
        every: u32,
        nth: i8,
        weekday: Weekday,
    },
    /// Day `day` of `month` (1–12) every year, or the month's last day if it is shorter
    /// (the 29th of February in other years than leap years).
    YearlyByDay { month: i8, day: i8 },
    /// The `nth` `weekday` (1–4, or -1 for the last) of `month` (1–12) every year.
    YearlyByPosition {
        month: i8,
        nth: i8,
        weekday: Weekday,
    },
}

impl Pattern {
    /// Whether the pattern names every day: then its dates are one unbroken range, which
    /// needs no listing day by day.
    pub(crate) fn is_every_day(self) -> bool {
        self == Self::Daily { every: 1 }
    }

    /// The dates the pattern names from `start` on, in order, until the last date jiff
    /// can represent; `None` when its period is too long to step by.
    pub(crate) fn dates(self, start: Date) -> Option<impl Iterator<Item = Date>> {
        let (first_cycle, step) = self.cycles(start)?;
        Some(
            first_cycle
                .series(step)
                .flat_map(move |cycle| self.in_cycle(cycle))
                .filter(move |date| *date >= start),
        )
    }

    /// The first day of the cycle holding `start`, and the step from one cycle to the next.
    fn cycles(self, start: Date) -> Option<(Date, Span)> {
        match self {
            Self::Daily { every } => Some((start, Span::new().try_days(every).ok()?)),
            Self::Weekly { every, .. } => {
                let since_sunday = Span::new().days(start.weekday().to_sunday_zero_offset());
                let sunday = start.checked_sub(since_sunday).ok()?;
                Some((sunday, Span::new().try_weeks(every).ok()?))
            }
            Self::MonthlyByDay { every, .. } | Self::MonthlyByPosition { every, .. } => {
                Some((start.first_of_month(), Span::new().try_months(every).ok()?))
            }
            Self::YearlyByDay { .. } | Self::YearlyByPosition { .. } => {
                Some((start.first_of_year(), Span::new().years(1)))
            }
        }
    }

    /// The pattern's dates in the cycle starting on `cycle`, in order.
    fn in_cycle(self, cycle: Date) -> Vec<Date> {
        match self {
            Self::Daily { .. } => vec![cycle],
            Self::Weekly { days, .. } => (0..7)
                .filter(|offset| days & (1 << offset) != 0)
                .filter_map(|offset| cycle.checked_add(Span::new().days(offset)).ok())
                .collect(),
            Self::MonthlyByDay { day, .. } => day_of_month(cycle, day).into_iter().collect(),
            Self::MonthlyByPosition { nth, weekday, .. } => cycle
                .nth_weekday_of_month(nth, weekday)
                .ok()
                .into_iter()
                .collect(),
            Self::YearlyByDay { month, day } => Date::new(cycle.year(), month, 1)
                .ok()
                .and_then(|first| day_of_month(first, day))
                .into_iter()
                .collect(),
            Self::YearlyByPosition {
                month,
                nth,
                weekday,
            } => Date::new(cycle.year(), month, 1)
                .and_then(|first| first.nth_weekday_of_month(nth, weekday))
                .ok()
                .into_iter()
                .collect(),
        }
    }
}

/// Day `day` of the month starting on `first`, or the month's last day if it is shorter.
fn day_of_month(first: Date, day: i8) -> Option<Date> {
    Date::new(first.year(), first.month(), day.min(first.days_in_month())).ok()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn first(pattern: Pattern, start: Date, count: usize) -> Vec<Date> {
        pattern
            .dates(start)
            .expect("a steppable period")
            .take(count)
            .collect()
    }

    #[test]
    fn weekly_dates_count_weeks_from_the_sunday_before_the_start() {
        // Wednesday and Friday every other week, from a Thursday: that week's Wednesday
        // is before the start, its Friday is the first date.
        let pattern = Pattern::Weekly {
            every: 2,
            days: 0b010_1000,
        };
        assert_eq!(
            first(pattern, date(2024, 1, 4), 4),
            [
                date(2024, 1, 5),
                date(2024, 1, 17),
                date(2024, 1, 19),
                date(2024, 1, 31)
            ]
        );
    }

    #[test]
    fn month_days_past_the_end_of_a_month_fall_on_its_last_day() {
        let pattern = Pattern::MonthlyByDay { every: 1, day: 31 };
        assert_eq!(
            first(pattern, date(2024, 1, 31), 3),
            [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
        );
        let leap_day = Pattern::YearlyByDay { month: 2, day: 29 };
        assert_eq!(
            first(leap_day, date(2024, 1, 1), 2),
            [date(2024, 2, 29), date(2025, 2, 28)]
        );
    }

    #[test]
    fn positions_name_the_nth_or_last_weekday_of_a_month() {
        let second_tuesday = Pattern::MonthlyByPosition {
            every: 3,
            nth: 2,
            weekday: Weekday::Tuesday,
        };
        assert_eq!(
            first(second_tuesday, date(2024, 1, 10), 2),
            [date(2024, 4, 9), date(2024, 7, 9)],
            "January's second Tuesday (the 9th) is before the start"
        );
        let last_monday_of_may = Pattern::YearlyByPosition {
            month: 5,
            nth: -1,
            weekday: Weekday::Monday,
        };
        assert_eq!(
            first(last_monday_of_may, date(2024, 6, 1), 1),
            [date(2025, 5, 26)]
        );
    }

    #[test]
    fn daily_dates_step_from_the_start_and_stop_at_the_end_of_time() {
        let pattern = Pattern::Daily { every: 3 };
        assert_eq!(
            first(pattern, date(2024, 2, 27), 3),
            [date(2024, 2, 27), date(2024, 3, 1), date(2024, 3, 4)]
        );
        assert!(Pattern::Daily { every: 1 }.is_every_day());
        assert!(!pattern.is_every_day());
        let near_the_end = pattern.dates(date(9999, 12, 29)).expect("steppable");
        assert_eq!(near_the_end.count(), 1);
        assert!(
            Pattern::Daily { every: u32::MAX }
                .dates(Date::MIN)
                .is_none()
        );
    }
}
