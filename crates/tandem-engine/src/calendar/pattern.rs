//! The working ranges of one day as minute offsets, with the lookups the arithmetic needs.

use super::definition::{MINUTES_PER_CIVIL_DAY, TimeRange};

/// Working ranges of a day, `[start, end)` minutes since midnight, sorted and disjoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DayPattern {
    ranges: Vec<(u16, u16)>,
}

/// Why a list of time ranges cannot describe a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatternProblem {
    /// A range ends before it starts (or is empty).
    Inverted,
    /// Two ranges overlap or are out of order.
    Overlapping,
}

impl DayPattern {
    /// Validates and converts stated ranges (they must be in order and disjoint, as in MSPDI).
    pub(crate) fn new(ranges: &[TimeRange]) -> Result<Self, PatternProblem> {
        let ranges: Vec<(u16, u16)> = ranges.iter().map(|range| range.minutes()).collect();
        if ranges.iter().any(|&(start, end)| end <= start) {
            return Err(PatternProblem::Inverted);
        }
        if ranges.windows(2).any(|pair| pair[1].0 < pair[0].1) {
            return Err(PatternProblem::Overlapping);
        }
        Ok(Self { ranges })
    }

    /// Working minutes in the whole day.
    pub(crate) fn work(&self) -> i64 {
        self.ranges
            .iter()
            .map(|&(start, end)| i64::from(end - start))
            .sum()
    }

    /// Working minutes of the day before `minute` (minutes since midnight).
    pub(crate) fn work_before(&self, minute: i64) -> i64 {
        self.ranges
            .iter()
            .map(|&(start, end)| (minute.min(i64::from(end)) - i64::from(start)).max(0))
            .sum()
    }

    /// The minute of day at which working minute number `offset` (0-based) starts;
    /// `offset` must be below `work()`.
    pub(crate) fn start_of_work_minute(&self, offset: i64) -> i64 {
        let mut before = 0;
        for &(start, end) in &self.ranges {
            let length = i64::from(end - start);
            if offset < before + length {
                return i64::from(start) + offset - before;
            }
            before += length;
        }
        self.ranges.last().map_or(0, |&(_, end)| i64::from(end))
    }

    /// The minute of day at which `amount` working minutes of the day are done; `amount`
    /// must be in `1..=work()`. A range end is preferred over the next range's start.
    pub(crate) fn end_of_work(&self, amount: i64) -> i64 {
        let mut before = 0;
        for &(start, end) in &self.ranges {
            let length = i64::from(end - start);
            if amount <= before + length {
                return i64::from(start) + amount - before;
            }
            before += length;
        }
        self.ranges.last().map_or(0, |&(_, end)| i64::from(end))
    }

    /// Whether `minute` is exactly where one of the day's ranges stops (before midnight).
    pub(crate) fn ends_range_at(&self, minute: i64) -> bool {
        self.ranges.iter().any(|&(_, end)| i64::from(end) == minute)
    }

    /// Whether a range starts at the day's first minute or runs to midnight: only then
    /// does MPXJ's midnight quirk (see [`Self::start_counting_back_from_midnight`]) apply.
    pub(crate) fn touches_midnight(&self) -> bool {
        self.ranges.first().is_some_and(|&(start, _)| start == 0) || self.ends_at_midnight()
    }

    /// Whether the day's last range runs to midnight.
    pub(crate) fn ends_at_midnight(&self) -> bool {
        self.ranges
            .last()
            .is_some_and(|&(_, end)| end == MINUTES_PER_CIVIL_DAY)
    }

    /// The second of the day where `amount` working seconds before the day's end begin,
    /// counting back from midnight the way MPXJ does: its last range is treated as
    /// running to midnight. `amount` must be below the day's work.
    pub(crate) fn start_counting_back_from_midnight(&self, amount: i64) -> i64 {
        let mut remaining = amount;
        let midnight = i64::from(MINUTES_PER_CIVIL_DAY) * 60;
        for (position, &(start, end)) in self.ranges.iter().enumerate().rev() {
            let end = if position + 1 == self.ranges.len() {
                midnight
            } else {
                i64::from(end) * 60
            };
            let length = end - i64::from(start) * 60;
            if remaining <= length {
                return end - remaining;
            }
            remaining -= length;
        }
        self.ranges
            .first()
            .map_or(0, |&(start, _)| i64::from(start) * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard() -> DayPattern {
        let ranges = [
            TimeRange::hm(8, 0, 12, 0).unwrap(),
            TimeRange::hm(13, 0, 17, 0).unwrap(),
        ];
        DayPattern::new(&ranges).unwrap()
    }

    #[test]
    fn work_lookups_follow_the_ranges() {
        let day = standard();
        assert_eq!(day.work(), 480);
        assert_eq!(day.work_before(12 * 60 + 30), 240);
        assert_eq!(day.start_of_work_minute(240), 13 * 60);
        assert_eq!(day.end_of_work(240), 12 * 60);
        assert!(day.ends_range_at(17 * 60));
    }

    #[test]
    fn rejects_overlapping_ranges() {
        let ranges = [
            TimeRange::hm(8, 0, 12, 0).unwrap(),
            TimeRange::hm(11, 0, 17, 0).unwrap(),
        ];
        assert_eq!(DayPattern::new(&ranges), Err(PatternProblem::Overlapping));
    }
}
