//! A resource's time off on the forecast's axis, and working time counted around it.
//!
//! The forecast counts working minutes of the project calendar. A task whose resource has
//! time off works on a sparser calendar: the project's minus some intervals of that axis.
//! Working `d` minutes from `t` on it is the smallest `f` with `f - t - blocked(t, f) = d`,
//! found by looking up the interval at `t` in a bucket index and walking over the few
//! intervals the work spans (each one it reaches pushes the finish back by its length).
//! The date forms follow the critical path's calendars (MPXJ): adding work lands on a
//! finish (the point where time off begins), subtracting it on a start (where it ends).

use std::ops::Range;

use super::ForecastError;

/// The intervals of the forecast's axis in which a resource does not work (its time off,
/// in working minutes of the project calendar from the status date).
///
/// Intervals are half-open, sorted and must not overlap; touching ones are joined and
/// empty ones ignored. Tasks refer to a `BlockedTime` by its index in the list given to
/// [`Network::with_calendars`](super::Network::with_calendars).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockedTime {
    /// The blocked intervals, `start..end` in working minutes.
    pub intervals: Vec<Range<f64>>,
}

/// Blocked time compiled for arithmetic. Without intervals it is the project calendar
/// itself, where every operation is plain addition.
#[derive(Debug, Clone)]
pub(crate) struct TaskCalendar {
    /// Interval starts and ends, sorted, with gaps between consecutive intervals.
    starts: Vec<f64>,
    ends: Vec<f64>,
    /// An index that finds the intervals near an instant without a binary search: the
    /// axis from the first start is cut into [`BUCKETS_PER_INTERVAL`] buckets per
    /// interval, and each bucket holds how many intervals end in earlier buckets.
    origin: f64,
    buckets_per_minute: f64,
    ended_before: Vec<usize>,
}

/// How close (in minutes) an instant must be to an edge of time off to count as on it.
/// Fractional minutes (sampled durations, percentage lags) added on the way forward and
/// taken off again on the way back may miss an edge by a rounding error; without this, a
/// date a hair inside time off would be pulled across the whole interval.
const EDGE_TOLERANCE: f64 = 1e-6;

/// Buckets of the index per interval: enough that a bucket rarely holds two ends.
const BUCKETS_PER_INTERVAL: usize = 4;

impl TaskCalendar {
    /// The project calendar: nothing blocked.
    pub(crate) fn project() -> Self {
        Self {
            starts: Vec::new(),
            ends: Vec::new(),
            origin: 0.0,
            buckets_per_minute: 0.0,
            ended_before: vec![0],
        }
    }

    /// Checks the intervals of calendar `index` and joins touching ones.
    pub(crate) fn compile(index: usize, blocked: &BlockedTime) -> Result<Self, ForecastError> {
        let mut calendar = Self::project();
        let mut previous_end = f64::NEG_INFINITY;
        for (interval, range) in blocked.intervals.iter().enumerate() {
            let valid = range.start.is_finite()
                && range.end.is_finite()
                && range.start <= range.end
                && range.start >= previous_end;
            if !valid {
                return Err(ForecastError::InvalidCalendar {
                    calendar: index,
                    interval,
                });
            }
            previous_end = range.end;
            if range.start == range.end {
                continue;
            }
            match calendar.ends.last_mut() {
                Some(end) if *end == range.start => *end = range.end,
                _ => {
                    calendar.starts.push(range.start);
                    calendar.ends.push(range.end);
                }
            }
        }
        calendar.index();
        Ok(calendar)
    }

    /// Builds the bucket index over the joined intervals.
    fn index(&mut self) {
        let (Some(&origin), Some(&last)) = (self.starts.first(), self.ends.last()) else {
            return;
        };
        let buckets = BUCKETS_PER_INTERVAL * self.ends.len();
        self.origin = origin;
        self.buckets_per_minute = buckets as f64 / (last - origin);
        // The last end falls in bucket `buckets`; one more bucket holds every later instant.
        self.ended_before = vec![0; buckets + 2];
        for &end in &self.ends {
            let after = self.bucket_of(end) + 1;
            self.ended_before[after] += 1;
        }
        for bucket in 1..self.ended_before.len() {
            self.ended_before[bucket] += self.ended_before[bucket - 1];
        }
    }

    /// The bucket of `t` (monotone in `t`, so an end in an earlier bucket is before `t`).
    #[inline]
    fn bucket_of(&self, t: f64) -> usize {
        // `as` saturates: instants before the origin fall in bucket 0.
        (((t - self.origin) * self.buckets_per_minute) as usize).min(self.ended_before.len() - 1)
    }

    /// How many intervals end before `t`, or at `t` too when `inclusive`.
    #[inline]
    fn ended_by(&self, t: f64, inclusive: bool) -> usize {
        let mut count = self.ended_before[self.bucket_of(t)];
        while let Some(&end) = self.ends.get(count) {
            if end < t || (inclusive && end == t) {
                count += 1;
            } else {
                break;
            }
        }
        count
    }

    /// Whether the calendar blocks nothing (it is the project calendar).
    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// `t` moved by `amount` working minutes: a positive amount lands on a finish, a
    /// negative one on a start, zero leaves `t` as it is.
    #[inline]
    pub(crate) fn add(&self, t: f64, amount: f64) -> f64 {
        if amount > 0.0 {
            self.add_forward(t, amount)
        } else if amount < 0.0 {
            self.add_backward(t, -amount)
        } else {
            t
        }
    }

    /// The earliest instant by which `amount` minutes are worked from `t`.
    #[inline]
    fn add_forward(&self, t: f64, amount: f64) -> f64 {
        // The first interval that ends after `t`; inside it, work starts at its end.
        let mut next = self.ended_by(t, true);
        let mut finish = match self.starts.get(next) {
            Some(&start) if start <= t => {
                next += 1;
                self.ends[next - 1] + amount
            }
            _ => t + amount,
        };
        // Every interval that begins before the work is done pushes the finish back; one
        // it reaches only by a rounding error is where the work finishes.
        while let Some(&start) = self.starts.get(next).filter(|&&start| start < finish) {
            if finish - start <= EDGE_TOLERANCE {
                return start;
            }
            finish += self.ends[next] - start;
            next += 1;
        }
        finish
    }

    /// The latest instant from which `amount` minutes are worked by `t`.
    #[inline]
    fn add_backward(&self, t: f64, amount: f64) -> f64 {
        // The intervals that end before `t`; inside the next one (or at its end), work
        // ends at its start.
        let mut before = self.ended_by(t, false);
        let mut start = match self.starts.get(before) {
            Some(&first) if first < t => first - amount,
            _ => t - amount,
        };
        // Every interval that ends after the work begins pulls the start earlier; one
        // it reaches only by a rounding error is where the work starts.
        while let Some(last) = before
            .checked_sub(1)
            .filter(|&last| self.ends[last] > start)
        {
            if self.ends[last] - start <= EDGE_TOLERANCE {
                return self.ends[last];
            }
            start -= self.ends[last] - self.starts[last];
            before = last;
        }
        start
    }

    /// The next working instant at or after `t` (time off that begins a rounding error
    /// after `t` counts as begun).
    #[inline]
    pub(crate) fn next_work_start(&self, t: f64) -> f64 {
        let next = self.ended_by(t, true);
        match self.starts.get(next) {
            Some(&start) if start <= t + EDGE_TOLERANCE => self.ends[next],
            _ => t,
        }
    }

    /// The earliest instant with as much work done as at `t`: a late finish inside time
    /// off, or where it ends (or a rounding error after), moves back to where it began.
    #[inline]
    pub(crate) fn previous_finish(&self, t: f64) -> f64 {
        match self.starts.get(self.ended_by(t - EDGE_TOLERANCE, false)) {
            Some(&start) if start < t => start,
            _ => t,
        }
    }

    /// Whether `t` ends a stretch of work: it is working time or where time off begins,
    /// not inside time off nor where it ends (where a milestone may stay, as at the end
    /// of a working period).
    pub(crate) fn ends_work_at(&self, t: f64) -> bool {
        self.previous_finish(t) == t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocked 100..200 and 300..350.
    fn calendar() -> TaskCalendar {
        let blocked = BlockedTime {
            intervals: vec![100.0..150.0, 150.0..200.0, 250.0..250.0, 300.0..350.0],
        };
        TaskCalendar::compile(0, &blocked).expect("valid intervals")
    }

    #[test]
    fn touching_intervals_join_and_empty_ones_vanish() {
        let calendar = calendar();
        assert_eq!(calendar.starts, [100.0, 300.0]);
        assert_eq!(calendar.ends, [200.0, 350.0]);
    }

    #[test]
    fn work_skips_blocked_time() {
        let calendar = calendar();
        assert_eq!(
            calendar.add(0.0, 100.0),
            100.0,
            "a finish lands where time off begins"
        );
        assert_eq!(calendar.add(50.0, 100.0), 250.0);
        assert_eq!(calendar.add(150.0, 10.0), 210.0, "from inside time off");
        assert_eq!(calendar.add(50.0, 300.0), 500.0);
        assert_eq!(calendar.add(250.0, -100.0), 50.0);
        assert_eq!(
            calendar.add(250.0, -50.0),
            200.0,
            "a start lands where time off ends"
        );
        assert_eq!(calendar.add(120.0, 0.0), 120.0);
        assert_eq!(calendar.add(400.0, -250.0), 0.0, "across both intervals");
        assert_eq!(
            calendar.add(350.0, -100.0),
            200.0,
            "from where time off ends"
        );
        assert_eq!(calendar.add(120.0, -20.0), 80.0, "from inside time off");
    }

    #[test]
    fn starts_leave_time_off_and_finishes_go_back_to_its_beginning() {
        let calendar = calendar();
        assert_eq!(calendar.next_work_start(100.0), 200.0);
        assert_eq!(calendar.next_work_start(120.0), 200.0);
        assert_eq!(calendar.next_work_start(200.0), 200.0);
        assert_eq!(calendar.next_work_start(90.0), 90.0);
        assert!(calendar.ends_work_at(100.0));
        assert!(calendar.ends_work_at(90.0));
        assert!(!calendar.ends_work_at(120.0));
        assert!(!calendar.ends_work_at(200.0));
        assert_eq!(calendar.previous_finish(200.0), 100.0);
        assert_eq!(calendar.previous_finish(120.0), 100.0);
        assert_eq!(calendar.previous_finish(220.0), 220.0);
    }

    #[test]
    fn a_rounding_error_off_an_edge_of_time_off_counts_as_on_it() {
        let calendar = calendar();
        let hair = 1e-9;
        // Back from 250 by a hair more than 50: the start is where time off ends, not
        // 100 minutes earlier.
        assert_eq!(calendar.add(250.0, -(50.0 + hair)), 200.0);
        // Forward from 50 by a hair more than 50: the finish is where time off begins.
        assert_eq!(calendar.add(50.0, 50.0 + hair), 100.0);
        assert_eq!(calendar.previous_finish(200.0 + hair), 100.0);
        assert_eq!(calendar.next_work_start(100.0 - hair), 200.0);
        // A real minute off the edge is working time.
        assert_eq!(calendar.add(250.0, -51.0), 99.0);
        assert_eq!(calendar.previous_finish(201.0), 201.0);
        assert_eq!(calendar.next_work_start(99.0), 99.0);
    }

    #[test]
    fn bad_intervals_are_refused() {
        for intervals in [
            vec![0.0..10.0, 5.0..20.0],
            vec![20.0..30.0, 0.0..10.0],
            vec![10.0..5.0],
            vec![0.0..f64::INFINITY],
            vec![f64::NAN..1.0],
        ] {
            let problem = TaskCalendar::compile(3, &BlockedTime { intervals });
            assert!(
                matches!(
                    problem,
                    Err(ForecastError::InvalidCalendar { calendar: 3, .. })
                ),
                "{problem:?}"
            );
        }
    }
}
