//! A resource's time off on the forecast's axis, and working time counted around it.
//!
//! The forecast counts working minutes of the project calendar. A task whose resource has
//! time off works on a sparser calendar: the project's minus some intervals of that axis.
//! Working `d` minutes from `t` on it is the smallest `f` with `f - t - blocked(t, f) = d`,
//! found with a binary search for the interval at `t` and a walk over the few intervals
//! the work spans (each one it reaches pushes the finish back by its length).
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
}

impl TaskCalendar {
    /// The project calendar: nothing blocked.
    pub(crate) fn project() -> Self {
        Self {
            starts: Vec::new(),
            ends: Vec::new(),
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
        Ok(calendar)
    }

    /// Whether the calendar blocks nothing (it is the project calendar).
    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// `t` moved by `amount` working minutes: a positive amount lands on a finish, a
    /// negative one on a start, zero leaves `t` as it is.
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
    fn add_forward(&self, t: f64, amount: f64) -> f64 {
        // The first interval that ends after `t`; inside it, work starts at its end.
        let mut next = self.ends.partition_point(|&end| end <= t);
        let mut finish = match self.starts.get(next) {
            Some(&start) if start <= t => {
                next += 1;
                self.ends[next - 1] + amount
            }
            _ => t + amount,
        };
        // Every interval that begins before the work is done pushes the finish back.
        while let Some(&start) = self.starts.get(next).filter(|&&start| start < finish) {
            finish += self.ends[next] - start;
            next += 1;
        }
        finish
    }

    /// The latest instant from which `amount` minutes are worked by `t`.
    fn add_backward(&self, t: f64, amount: f64) -> f64 {
        // The intervals that begin before `t`; inside the last one (or at its end), work
        // ends at its start.
        let mut before = self.starts.partition_point(|&start| start < t);
        let mut start = match before.checked_sub(1) {
            Some(last) if self.ends[last] >= t => {
                before = last;
                self.starts[last] - amount
            }
            _ => t - amount,
        };
        // Every interval that ends after the work begins pulls the start earlier.
        while let Some(last) = before
            .checked_sub(1)
            .filter(|&last| self.ends[last] > start)
        {
            start -= self.ends[last] - self.starts[last];
            before = last;
        }
        start
    }

    /// The next working instant at or after `t`.
    pub(crate) fn next_work_start(&self, t: f64) -> f64 {
        let next = self.ends.partition_point(|&end| end <= t);
        match self.starts.get(next) {
            Some(&start) if start <= t => self.ends[next],
            _ => t,
        }
    }

    /// The earliest instant with as much work done as at `t`: a late finish inside time
    /// off, or where it ends, moves back to where it began.
    pub(crate) fn previous_finish(&self, t: f64) -> f64 {
        let before = self.starts.partition_point(|&start| start < t);
        match before.checked_sub(1) {
            Some(last) if self.ends[last] >= t => self.starts[last],
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
