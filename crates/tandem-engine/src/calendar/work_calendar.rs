//! A calendar compiled for arithmetic: per-day pattern ids and a cumulative working-minute
//! index over the span that has exceptions, and plain weekly repetition outside it, so
//! every query is a binary search or less and no date is out of range.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime};

use super::CalendarError;
use super::civil::{self, CivilSecond, SECONDS_PER_DAY, SECONDS_PER_MINUTE};

const MINUTES_PER_DAY: i64 = 1440;
use super::definition::{Calendar, CalendarUid, TimeRange};
use super::pattern::{DayPattern, PatternProblem};
use super::resolve::CalendarChain;

const DAYS_PER_WEEK: i64 = 7;

/// Entries per pattern in `work_before`: every minute of a day.
const MINUTE_SLOTS: usize = MINUTES_PER_DAY as usize;

/// Working minutes per entry of the day lookup table.
const BUCKET: i64 = 256;

/// A working calendar ready for fast date arithmetic (MS Project / MPXJ semantics).
///
/// Instants are [`CivilSecond`]s. Working time is counted as a "work number": the working
/// seconds between a fixed origin and an instant (calendars themselves have minute
/// resolution; seconds only arise from percentage lags, as in MPXJ). Adding work is then integer addition, and turning a number
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
    /// For each block of `BUCKET` working minutes, the first indexed day that ends after
    /// the block's first minute: turns a working-minute number into a day with a short
    /// forward scan instead of a binary search.
    work_buckets: Vec<u32>,
    patterns: Vec<DayPattern>,
    /// Work done before each minute of the day, `MINUTE_SLOTS` entries per pattern, so
    /// turning an instant into a working-minute number is two table reads.
    work_before: Vec<u16>,
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
        let hours_by_day = chain.hours_by_day(first_day, end_day);
        let mut day_patterns = Vec::with_capacity(hours_by_day.len());
        let mut cumulative = Vec::with_capacity(hours_by_day.len() + 1);
        let mut total = 0;
        for (hours, day) in hours_by_day.into_iter().zip(first_day..) {
            let id = interner
                .intern(hours)
                .map_err(|reason| CalendarError::InvalidHours {
                    calendar: chain.uid(),
                    date: civil::date_of_day(day),
                    reason,
                })?;
            cumulative.push(total);
            total += interner.patterns[usize::from(id)].work();
            day_patterns.push(id);
        }
        cumulative.push(total);
        let week_work = cumulative[7] - cumulative[0];
        if week_work == 0 {
            return Err(CalendarError::NoWorkingTime(chain.uid()));
        }
        let work_buckets = work_buckets(&cumulative);
        Ok(Self {
            uid: chain.uid(),
            first_day,
            day_patterns,
            cumulative,
            work_buckets,
            work_before: work_before_tables(&interner.patterns),
            patterns: interner.patterns,
            week_work,
        })
    }

    /// The calendar this was compiled from.
    pub fn uid(&self) -> CalendarUid {
        self.uid
    }

    /// Working seconds between the calendar's origin and `instant` (may be negative).
    pub fn work_number(&self, instant: CivilSecond) -> i64 {
        let minute = instant.div_euclid(SECONDS_PER_MINUTE);
        let second = instant.rem_euclid(SECONDS_PER_MINUTE);
        let before = self.minute_number(minute);
        let inside_work = second > 0 && self.minute_number(minute + 1) > before;
        before * SECONDS_PER_MINUTE + if inside_work { second } else { 0 }
    }

    /// The instant working second `number` begins: the earliest working instant at or
    /// after the point where `number` working seconds have passed.
    pub fn start_of(&self, number: i64) -> CivilSecond {
        let minute = number.div_euclid(SECONDS_PER_MINUTE);
        self.start_of_minute(minute) * SECONDS_PER_MINUTE + number.rem_euclid(SECONDS_PER_MINUTE)
    }

    /// The instant by which `number` working seconds have passed (e.g. 17:00 rather than
    /// the next morning's 08:00).
    pub fn finish_of(&self, number: i64) -> CivilSecond {
        let minute = number.div_euclid(SECONDS_PER_MINUTE);
        match number.rem_euclid(SECONDS_PER_MINUTE) {
            0 => self.finish_of_minute(minute) * SECONDS_PER_MINUTE,
            second => self.start_of_minute(minute) * SECONDS_PER_MINUTE + second,
        }
    }

    /// MPXJ's `getDate`: `instant` moved by `seconds` of working time. Positive amounts
    /// land on a finish form, negative ones on a start form, zero leaves `instant` as is.
    ///
    /// One MPXJ quirk is kept: counting back from exactly midnight into a day with more
    /// work than requested treats that day's last range as running to midnight.
    pub fn add_work(&self, instant: CivilSecond, seconds: i64) -> CivilSecond {
        match seconds.signum() {
            0 => instant,
            1 => self.finish_of(self.work_number(instant).saturating_add(seconds)),
            _ => self
                .count_back_from_midnight(instant, seconds.saturating_neg())
                .unwrap_or_else(|| {
                    self.start_of(self.work_number(instant).saturating_add(seconds))
                }),
        }
    }

    fn count_back_from_midnight(&self, instant: CivilSecond, amount: i64) -> Option<CivilSecond> {
        if instant.rem_euclid(SECONDS_PER_DAY) != 0 {
            return None;
        }
        let previous_day = instant.div_euclid(SECONDS_PER_DAY) - 1;
        let (index, _) = self.fold_into_index(previous_day - self.first_day);
        let pattern = self.pattern(index);
        (amount < pattern.work() * SECONDS_PER_MINUTE).then(|| {
            previous_day * SECONDS_PER_DAY + pattern.start_counting_back_from_midnight(amount)
        })
    }

    /// Working seconds from `from` to `to` (negative when `to` is earlier).
    pub fn work_between(&self, from: CivilSecond, to: CivilSecond) -> i64 {
        self.work_number(to) - self.work_number(from)
    }

    /// The next instant at or after `instant` that is working time (MPXJ's
    /// `getNextWorkStart`): the end of a range moves on to the next range's start.
    pub fn next_work_start(&self, instant: CivilSecond) -> CivilSecond {
        self.start_of(self.work_number(instant))
    }

    /// The earliest instant with the same amount of work done as `instant`: a date at the
    /// start of a working period moves back to the end of the previous one (MPXJ's
    /// `getEquivalentPreviousWorkFinish`).
    ///
    /// As in MPXJ, an instant on a date whose last range runs to midnight is kept as is.
    pub fn equivalent_previous_finish(&self, instant: CivilSecond) -> CivilSecond {
        self.equivalent_previous_finish_numbered(instant).0
    }

    /// [`WorkCalendar::equivalent_previous_finish`] and the work number of the result, so
    /// callers can count work back from it without looking it up again.
    pub fn equivalent_previous_finish_numbered(&self, instant: CivilSecond) -> (CivilSecond, i64) {
        let number = self.work_number(instant);
        if self.day_pattern_of(instant).ends_at_midnight() {
            return (instant, number);
        }
        (self.finish_of(number).min(instant), number)
    }

    /// [`WorkCalendar::add_work`] backwards by `seconds` from `instant`, whose work number
    /// the caller already knows.
    pub fn subtract_work_numbered(
        &self,
        instant: CivilSecond,
        number: i64,
        seconds: i64,
    ) -> CivilSecond {
        if seconds == 0 {
            return instant;
        }
        self.count_back_from_midnight(instant, seconds)
            .unwrap_or_else(|| self.start_of(number.saturating_sub(seconds)))
    }

    /// Whether some day's working time starts at 00:00 or runs to midnight. Without such
    /// days every date this calendar produces depends only on its work number (no
    /// midnight quirk applies), which lets the critical path run on work numbers alone.
    pub fn touches_midnight(&self) -> bool {
        self.patterns.iter().any(DayPattern::touches_midnight)
    }

    /// Whether `instant` is exactly the end of a working range on its own date (MPXJ's
    /// `getPreviousWorkFinish(instant) == instant`, which never holds on a date whose last
    /// range runs to midnight).
    pub fn ends_working_range(&self, instant: CivilSecond) -> bool {
        let pattern = self.day_pattern_of(instant);
        let second_of_day = instant.rem_euclid(SECONDS_PER_DAY);
        second_of_day % SECONDS_PER_MINUTE == 0
            && !pattern.ends_at_midnight()
            && pattern.ends_range_at(second_of_day / SECONDS_PER_MINUTE)
    }

    /// Working minutes between the origin and the start of civil minute `minute`.
    fn minute_number(&self, minute: i64) -> i64 {
        let day = minute.div_euclid(MINUTES_PER_DAY) - self.first_day;
        let minute_of_day = minute.rem_euclid(MINUTES_PER_DAY);
        let (index, weeks) = self.fold_into_index(day);
        let pattern = usize::from(self.day_patterns[index]);
        let work_before = self.work_before[pattern * MINUTE_SLOTS + minute_of_day as usize];
        self.cumulative[index] + i64::from(work_before) + weeks * self.week_work
    }

    /// The civil minute at which working minute `number` begins.
    fn start_of_minute(&self, number: i64) -> i64 {
        let total = self.total_work();
        let (number, weeks) = fold_number(number, 0, total - 1, self.week_work);
        let index = self.first_day_ending_after(number);
        let minute = self
            .pattern(index)
            .start_of_work_minute(number - self.cumulative[index]);
        self.civil_minute(index, weeks, minute)
    }

    /// The civil minute at which `number` working minutes are done.
    fn finish_of_minute(&self, number: i64) -> i64 {
        let total = self.total_work();
        let (number, weeks) = fold_number(number, 1, total, self.week_work);
        let index = self.first_day_ending_after(number - 1);
        let minute = self
            .pattern(index)
            .end_of_work(number - self.cumulative[index]);
        self.civil_minute(index, weeks, minute)
    }

    fn day_pattern_of(&self, instant: CivilSecond) -> &DayPattern {
        let day = instant.div_euclid(SECONDS_PER_DAY) - self.first_day;
        let (index, _) = self.fold_into_index(day);
        self.pattern(index)
    }

    /// [`WorkCalendar::add_work`] on civil date-times, in working minutes.
    pub fn add_work_to(&self, datetime: DateTime, minutes: i64) -> DateTime {
        let instant = civil::to_second(datetime);
        civil::to_datetime(self.add_work(instant, minutes * SECONDS_PER_MINUTE))
    }

    /// [`WorkCalendar::work_between`] on civil date-times, in working minutes (rounded
    /// down when the instants carry seconds).
    pub fn work_between_datetimes(&self, from: DateTime, to: DateTime) -> i64 {
        let seconds = self.work_between(civil::to_second(from), civil::to_second(to));
        seconds.div_euclid(SECONDS_PER_MINUTE)
    }

    /// [`WorkCalendar::next_work_start`] on civil date-times.
    pub fn next_work_start_at(&self, datetime: DateTime) -> DateTime {
        civil::to_datetime(self.next_work_start(civil::to_second(datetime)))
    }

    /// Working minutes on a date.
    pub fn work_on(&self, date: Date) -> i64 {
        let day = civil::day_number(date) - self.first_day;
        let (index, _) = self.fold_into_index(day);
        self.pattern(index).work()
    }

    /// The first indexed day whose cumulative work at its end exceeds `number`
    /// (`number` must be below the index total).
    fn first_day_ending_after(&self, number: i64) -> usize {
        let bucket = (number.max(0) / BUCKET) as usize;
        let mut index = self.work_buckets[bucket.min(self.work_buckets.len() - 1)] as usize;
        while self.cumulative[index + 1] <= number {
            index += 1;
        }
        index
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

    fn civil_minute(&self, index: usize, weeks: i64, minute_of_day: i64) -> i64 {
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

fn work_before_tables(patterns: &[DayPattern]) -> Vec<u16> {
    patterns
        .iter()
        .flat_map(|pattern| {
            // A day has at most 1440 working minutes, so the values fit in u16.
            (0..MINUTES_PER_DAY).map(|minute| pattern.work_before(minute) as u16)
        })
        .collect()
}

/// `buckets[b]` = first day whose cumulative work at its end exceeds `b * BUCKET`.
fn work_buckets(cumulative: &[i64]) -> Vec<u32> {
    let total = cumulative.last().copied().unwrap_or(0);
    let mut buckets = Vec::with_capacity((total / BUCKET) as usize + 1);
    let mut day = 0;
    for bucket in 0..=(total / BUCKET) {
        let first_minute = bucket * BUCKET;
        while day + 1 < cumulative.len() - 1 && cumulative[day + 1] <= first_minute {
            day += 1;
        }
        buckets.push(day as u32);
    }
    buckets
}

fn monday_on_or_before(day_number: i64) -> i64 {
    // 1970-01-01 was a Thursday: day 0 has weekday offset 3 from Monday.
    day_number - (day_number + 3).rem_euclid(DAYS_PER_WEEK)
}

/// How many stated-hours lists the interner remembers by address (the seven weekdays
/// and a few exceptions).
const RECENT_SOURCES: usize = 12;

/// Deduplicates day patterns so each indexed day stores a small id.
#[derive(Default)]
struct PatternInterner {
    patterns: Vec<DayPattern>,
    ids: HashMap<DayPattern, u16>,
    /// The last few (address, length, id) of stated hours: most days share a weekday's
    /// or an exception's list, so this skips rebuilding the pattern.
    recent_sources: Vec<(usize, usize, u16)>,
}

impl PatternInterner {
    fn intern(&mut self, hours: &[TimeRange]) -> Result<u16, &'static str> {
        let (address, length) = (hours.as_ptr() as usize, hours.len());
        let recent = self
            .recent_sources
            .iter()
            .find(|source| (source.0, source.1) == (address, length));
        if let Some(&(_, _, id)) = recent {
            return Ok(id);
        }
        let id = self.intern_pattern(hours)?;
        if self.recent_sources.len() == RECENT_SOURCES {
            self.recent_sources.remove(0);
        }
        self.recent_sources.push((address, length, id));
        Ok(id)
    }

    fn intern_pattern(&mut self, hours: &[TimeRange]) -> Result<u16, &'static str> {
        let pattern = DayPattern::new(hours).map_err(|problem| match problem {
            PatternProblem::Inverted => "a time range ends before it starts",
            PatternProblem::Overlapping => "time ranges overlap or are out of order",
        })?;
        if let Some(&id) = self.ids.get(&pattern) {
            return Ok(id);
        }
        let id = u16::try_from(self.patterns.len())
            .map_err(|_| "more than 65,535 distinct working days")?;
        self.patterns.push(pattern.clone());
        self.ids.insert(pattern, id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::calendar::{CalendarException, TimeRange};

    const UID: CalendarUid = CalendarUid(1);

    fn with_holiday() -> Vec<Calendar> {
        let mut calendar = Calendar::standard(UID);
        calendar.exceptions.push(CalendarException {
            name: "Holiday".to_owned(),
            from: date(2025, 3, 5),
            to: date(2025, 3, 5),
            hours: Vec::new(),
        });
        vec![calendar]
    }

    #[test]
    fn adding_work_skips_nights_weekends_and_holidays() {
        let calendars = with_holiday();
        let calendar = WorkCalendar::compile(&calendars, UID, date(2025, 3, 3)).unwrap();
        let monday = date(2025, 3, 3).at(8, 0, 0, 0);
        // Two days from Monday 08:00 end on Tuesday 17:00, not Wednesday 08:00.
        assert_eq!(
            calendar.add_work_to(monday, 960),
            date(2025, 3, 4).at(17, 0, 0, 0)
        );
        // The Wednesday holiday is skipped.
        assert_eq!(
            calendar.add_work_to(monday, 1200),
            date(2025, 3, 6).at(12, 0, 0, 0)
        );
        // Going back lands on a start: Thursday 08:00 minus a day is Tuesday 08:00.
        let thursday = date(2025, 3, 6).at(8, 0, 0, 0);
        assert_eq!(
            calendar.add_work_to(thursday, -480),
            date(2025, 3, 4).at(8, 0, 0, 0)
        );
        assert_eq!(
            calendar.next_work_start_at(date(2025, 3, 4).at(17, 0, 0, 0)),
            thursday
        );
        assert_eq!(calendar.work_between_datetimes(monday, thursday), 960);
    }

    #[test]
    fn dates_far_outside_the_index_repeat_the_week() {
        let calendars = with_holiday();
        let calendar = WorkCalendar::compile(&calendars, UID, date(2025, 3, 3)).unwrap();
        let far = date(2040, 6, 4).at(10, 0, 0, 0);
        assert_eq!(
            calendar.add_work_to(far, 480),
            date(2040, 6, 5).at(10, 0, 0, 0)
        );
        let early = date(1999, 12, 31).at(16, 0, 0, 0);
        assert_eq!(
            calendar.add_work_to(early, 120),
            date(2000, 1, 3).at(9, 0, 0, 0)
        );
        assert_eq!(
            calendar.add_work_to(early, -480),
            date(1999, 12, 30).at(16, 0, 0, 0)
        );
    }

    #[test]
    fn derived_calendars_inherit_and_override() {
        let mut calendars = with_holiday();
        let mut night = Calendar::derived(CalendarUid(2), "Saturday shift", UID);
        night.week.set_day(
            jiff::civil::Weekday::Saturday,
            Some(vec![TimeRange::hm(9, 0, 13, 0).unwrap()]),
        );
        calendars.push(night);
        let calendar = WorkCalendar::compile(&calendars, CalendarUid(2), date(2025, 3, 3)).unwrap();
        assert_eq!(calendar.work_on(date(2025, 3, 8)), 240);
        assert_eq!(
            calendar.work_on(date(2025, 3, 5)),
            0,
            "base holiday applies"
        );
        assert_eq!(calendar.work_on(date(2025, 3, 6)), 480, "weekday inherited");
    }

    #[test]
    fn work_weeks_yield_to_every_exception_of_the_chain_and_beat_week_days() {
        let run = |from, to, hours: Vec<TimeRange>| CalendarException {
            name: "Work week".to_owned(),
            from,
            to,
            hours,
        };
        let mut calendars = with_holiday();
        calendars[0].work_weeks.push(run(
            date(2025, 3, 3),
            date(2025, 3, 14),
            vec![TimeRange::hm(7, 0, 12, 0).unwrap()],
        ));
        let mut derived = Calendar::derived(CalendarUid(2), "Short week", UID);
        derived.work_weeks.push(run(
            date(2025, 3, 4),
            date(2025, 3, 6),
            vec![TimeRange::hm(10, 0, 12, 0).unwrap()],
        ));
        calendars.push(derived);
        let calendar = WorkCalendar::compile(&calendars, CalendarUid(2), date(2025, 3, 3)).unwrap();
        assert_eq!(calendar.work_on(date(2025, 3, 3)), 300, "base work week");
        assert_eq!(calendar.work_on(date(2025, 3, 4)), 120, "own work week");
        assert_eq!(
            calendar.work_on(date(2025, 3, 5)),
            0,
            "base holiday beats own work week"
        );
        assert_eq!(calendar.work_on(date(2025, 3, 17)), 480, "week day again");
    }

    #[test]
    fn circular_bases_are_rejected() {
        let calendars = vec![
            Calendar::derived(CalendarUid(1), "A", CalendarUid(2)),
            Calendar::derived(CalendarUid(2), "B", CalendarUid(1)),
        ];
        let error =
            WorkCalendar::compile(&calendars, CalendarUid(1), date(2025, 1, 1)).unwrap_err();
        assert_eq!(error, CalendarError::CircularBase(CalendarUid(1)));
    }
}
