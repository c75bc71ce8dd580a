//! A calendar compiled for arithmetic: per-day pattern ids and a cumulative working-minute
//! index over the span that has exceptions, and plain weekly repetition outside it, so
//! every query is a binary search or less and no date is out of range.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime};

use super::CalendarError;
use super::civil::{self, CivilMinute, MINUTES_PER_DAY};
use super::definition::{Calendar, CalendarUid};
use super::pattern::{DayPattern, PatternProblem};
use super::resolve::CalendarChain;

const DAYS_PER_WEEK: i64 = 7;

/// A working calendar ready for fast date arithmetic (MS Project / MPXJ semantics).
///
/// Working time is counted as a "working-minute number": the working minutes between a
/// fixed origin and an instant. Adding work is then integer addition, and turning a number
/// back into a date picks either the *start* form (the instant the next working minute
/// begins, e.g. 08:00 Tuesday) or the *finish* form (the instant the previous working
/// minute ends, e.g. 17:00 Monday), which is how MS Project tells starts from finishes.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    uid: CalendarUid,
    /// Day number (since 1970-01-01) of the first indexed day, a Monday.
    first_day: i64,
    /// Pattern id of each indexed day; the first and last 7 days are plain weeks.
    day_patterns: Vec<u16>,
    /// Working minutes before each indexed day, plus the total at the end.
    cumulative: Vec<i64>,
    patterns: Vec<DayPattern>,
    /// Working minutes in a plain week (never zero).
    week_work: i64,
}

impl WorkCalendar {
    /// Compiles calendar `uid` from `calendars` (which must hold its bases too).
    /// `anchor` is any date the caller cares about (the project start); it only sizes the
    /// index, results are correct for every date.
    pub fn compile(
        calendars: &[Calendar],
        uid: CalendarUid,
        anchor: Date,
    ) -> Result<Self, CalendarError> {
        let chain = CalendarChain::new(calendars, uid)?;
        let (mut first, mut last) = (anchor, anchor);
        if let Some((from, to)) = chain.exception_span() {
            first = first.min(from);
            last = last.max(to);
        }
        let first_day = monday_on_or_before(civil::day_number(first) - DAYS_PER_WEEK);
        let end_day = monday_on_or_before(civil::day_number(last) + 2 * DAYS_PER_WEEK);

        let mut interner = PatternInterner::default();
        let day_count = usize::try_from(end_day - first_day).unwrap_or(0);
        let mut day_patterns = Vec::with_capacity(day_count);
        let mut cumulative = Vec::with_capacity(day_count + 1);
        let mut total = 0;
        for day in first_day..end_day {
            let hours = chain.hours_on(civil::date_of_day(day));
            let id = interner.intern(hours, &chain, civil::date_of_day(day))?;
            cumulative.push(total);
            total += interner.patterns[usize::from(id)].work();
            day_patterns.push(id);
        }
        cumulative.push(total);
        let week_work = cumulative[7] - cumulative[0];
        if week_work == 0 {
            return Err(CalendarError::NoWorkingTime(chain.uid()));
        }
        Ok(Self {
            uid: chain.uid(),
            first_day,
            day_patterns,
            cumulative,
            patterns: interner.patterns,
            week_work,
        })
    }

    /// The calendar this was compiled from.
    pub fn uid(&self) -> CalendarUid {
        self.uid
    }

    /// Working minutes between the calendar's origin and `instant` (may be negative).
    pub fn work_number(&self, instant: CivilMinute) -> i64 {
        let day = instant.div_euclid(MINUTES_PER_DAY) - self.first_day;
        let minute_of_day = instant.rem_euclid(MINUTES_PER_DAY);
        let (index, weeks) = self.fold_into_index(day);
        self.cumulative[index]
            + self.pattern(index).work_before(minute_of_day)
            + weeks * self.week_work
    }

    /// The instant working minute `number` begins: the earliest working instant at or
    /// after the point where `number` working minutes have passed.
    pub fn start_of(&self, number: i64) -> CivilMinute {
        let total = self.total_work();
        let (number, weeks) = fold_number(number, 0, total - 1, self.week_work);
        let index = self.cumulative[1..].partition_point(|&after| after <= number);
        let minute = self
            .pattern(index)
            .start_of_work_minute(number - self.cumulative[index]);
        self.instant(index, weeks, minute)
    }

    /// The instant by which `number` working minutes have passed: the end of the working
    /// minute `number - 1` (e.g. 17:00 rather than the next morning's 08:00).
    pub fn finish_of(&self, number: i64) -> CivilMinute {
        let total = self.total_work();
        let (number, weeks) = fold_number(number, 1, total, self.week_work);
        let index = self.cumulative[1..].partition_point(|&after| after < number);
        let minute = self
            .pattern(index)
            .end_of_work(number - self.cumulative[index]);
        self.instant(index, weeks, minute)
    }

    /// MPXJ's `getDate`: `instant` moved by `minutes` of working time. Positive amounts
    /// land on a finish form, negative ones on a start form, zero leaves `instant` as is.
    ///
    /// One MPXJ quirk is kept: counting back from exactly midnight into a day with more
    /// work than requested treats that day's last range as running to midnight.
    pub fn add_work(&self, instant: CivilMinute, minutes: i64) -> CivilMinute {
        match minutes.signum() {
            0 => instant,
            1 => self.finish_of(self.work_number(instant) + minutes),
            _ => self
                .count_back_from_midnight(instant, -minutes)
                .unwrap_or_else(|| self.start_of(self.work_number(instant) + minutes)),
        }
    }

    fn count_back_from_midnight(&self, instant: CivilMinute, amount: i64) -> Option<CivilMinute> {
        if instant.rem_euclid(MINUTES_PER_DAY) != 0 {
            return None;
        }
        let previous_day = instant.div_euclid(MINUTES_PER_DAY) - 1;
        let (index, _) = self.fold_into_index(previous_day - self.first_day);
        let pattern = self.pattern(index);
        (amount < pattern.work()).then(|| {
            previous_day * MINUTES_PER_DAY + pattern.start_counting_back_from_midnight(amount)
        })
    }

    /// Working minutes from `from` to `to` (negative when `to` is earlier).
    pub fn work_between(&self, from: CivilMinute, to: CivilMinute) -> i64 {
        self.work_number(to) - self.work_number(from)
    }

    /// The next instant at or after `instant` that is working time (MPXJ's
    /// `getNextWorkStart`): the end of a range moves on to the next range's start.
    pub fn next_work_start(&self, instant: CivilMinute) -> CivilMinute {
        self.start_of(self.work_number(instant))
    }

    /// The earliest instant with the same amount of work done as `instant`: a date at the
    /// start of a working period moves back to the end of the previous one (MPXJ's
    /// `getEquivalentPreviousWorkFinish`).
    ///
    /// As in MPXJ, an instant on a date whose last range runs to midnight is kept as is.
    pub fn equivalent_previous_finish(&self, instant: CivilMinute) -> CivilMinute {
        if self.day_pattern_of(instant).ends_at_midnight() {
            return instant;
        }
        let finish = self.finish_of(self.work_number(instant));
        finish.min(instant)
    }

    /// Whether `instant` is exactly the end of a working range on its own date (MPXJ's
    /// `getPreviousWorkFinish(instant) == instant`, which never holds on a date whose last
    /// range runs to midnight).
    pub fn ends_working_range(&self, instant: CivilMinute) -> bool {
        let pattern = self.day_pattern_of(instant);
        !pattern.ends_at_midnight() && pattern.ends_range_at(instant.rem_euclid(MINUTES_PER_DAY))
    }

    fn day_pattern_of(&self, instant: CivilMinute) -> &DayPattern {
        let day = instant.div_euclid(MINUTES_PER_DAY) - self.first_day;
        let (index, _) = self.fold_into_index(day);
        self.pattern(index)
    }

    /// [`WorkCalendar::add_work`] on civil date-times.
    pub fn add_work_to(&self, datetime: DateTime, minutes: i64) -> DateTime {
        civil::to_datetime(self.add_work(civil::to_minute(datetime), minutes))
    }

    /// [`WorkCalendar::work_between`] on civil date-times.
    pub fn work_between_datetimes(&self, from: DateTime, to: DateTime) -> i64 {
        self.work_between(civil::to_minute(from), civil::to_minute(to))
    }

    /// [`WorkCalendar::next_work_start`] on civil date-times.
    pub fn next_work_start_at(&self, datetime: DateTime) -> DateTime {
        civil::to_datetime(self.next_work_start(civil::to_minute(datetime)))
    }

    /// Working minutes on a date.
    pub fn work_on(&self, date: Date) -> i64 {
        let day = civil::day_number(date) - self.first_day;
        let (index, _) = self.fold_into_index(day);
        self.pattern(index).work()
    }

    fn total_work(&self) -> i64 {
        self.cumulative[self.day_patterns.len()]
    }

    fn pattern(&self, index: usize) -> &DayPattern {
        &self.patterns[usize::from(self.day_patterns[index])]
    }

    /// Maps a day offset from `first_day` onto an indexed day with the same pattern and
    /// the number of whole weeks between them (days outside the index repeat the plain
    /// first or last week).
    fn fold_into_index(&self, day: i64) -> (usize, i64) {
        let length = self.day_patterns.len() as i64;
        let (day, weeks) = if day < 0 {
            (day.rem_euclid(DAYS_PER_WEEK), day.div_euclid(DAYS_PER_WEEK))
        } else if day >= length {
            let last_week = length - DAYS_PER_WEEK;
            let offset = day - last_week;
            (
                last_week + offset.rem_euclid(DAYS_PER_WEEK),
                offset.div_euclid(DAYS_PER_WEEK),
            )
        } else {
            (day, 0)
        };
        (day as usize, weeks)
    }

    fn instant(&self, index: usize, weeks: i64, minute_of_day: i64) -> CivilMinute {
        (self.first_day + index as i64 + weeks * DAYS_PER_WEEK) * MINUTES_PER_DAY + minute_of_day
    }
}

/// Brings a working-minute number into `[low, high]` by whole weeks of work, returning
/// the folded number and the number of weeks removed. Outside the index the calendar is a
/// plain repeating week, and the first and last indexed weeks are plain weeks, so the
/// window `[low, high]` of width `total` always holds a full week of work.
fn fold_number(number: i64, low: i64, high: i64, week_work: i64) -> (i64, i64) {
    if number < low {
        let weeks = (low - number + week_work - 1) / week_work;
        (number + weeks * week_work, -weeks)
    } else if number > high {
        let weeks = (number - high + week_work - 1) / week_work;
        (number - weeks * week_work, weeks)
    } else {
        (number, 0)
    }
}

fn monday_on_or_before(day_number: i64) -> i64 {
    // 1970-01-01 was a Thursday: day 0 has weekday offset 3 from Monday.
    day_number - (day_number + 3).rem_euclid(DAYS_PER_WEEK)
}

/// Deduplicates day patterns so each indexed day stores a small id.
#[derive(Default)]
struct PatternInterner {
    patterns: Vec<DayPattern>,
    ids: HashMap<DayPattern, u16>,
}

impl PatternInterner {
    fn intern(
        &mut self,
        hours: &[super::definition::TimeRange],
        chain: &CalendarChain<'_>,
        date: Date,
    ) -> Result<u16, CalendarError> {
        let pattern = DayPattern::new(hours).map_err(|problem| CalendarError::InvalidHours {
            calendar: chain.uid(),
            date,
            reason: match problem {
                PatternProblem::Inverted => "a time range ends before it starts",
                PatternProblem::Overlapping => "time ranges overlap or are out of order",
            },
        })?;
        if let Some(&id) = self.ids.get(&pattern) {
            return Ok(id);
        }
        let id = u16::try_from(self.patterns.len())
            .map_err(|_| CalendarError::TooManyDayPatterns(chain.uid()))?;
        self.patterns.push(pattern.clone());
        self.ids.insert(pattern, id);
        Ok(id)
    }
}
