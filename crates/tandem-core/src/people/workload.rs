//! The workload rule: how much of a person's remaining work lands in which week, and how
//! much they can do that week.
//!
//! * **Window.** An open item assigned to someone is worked on over a window of days:
//!   - *with a due date*, from `max(start, today)` to its due date (the start is the item's
//!     scheduled start when known, otherwise today): a due date is a commitment, so the work
//!     is spread up to it whatever else the person has. An overdue item is due now: its
//!     window is today alone.
//!   - *without a due date*, from the day the levelled schedule from today starts it.
//!     Levelling runs each person's open items one after another within their capacity and
//!     time off, so undated work shows as a queue ("booked until March") rather than as all
//!     of it at once.
//!   - An undated item the levelled plan does not place (the plan cannot be scheduled: a
//!     dependency cycle, an impossible constraint) has no window; it is reported as
//!     unscheduled work, not placed in any week.
//! * **Spreading.** Dated work: the remaining estimate is spread over the window's days in
//!   proportion to the person's available working minutes on each day (project calendar,
//!   minus holidays and their time off), so time off pushes work onto the other days. When
//!   the window has no available minute at all, everything lands on its last day. Minutes
//!   are whole numbers and the parts add up exactly to the remaining estimate (largest
//!   remainders). Undated work *fills* the person's days from its levelled start, each day up
//!   to their capacity that day (as levelling sized it: a part-time person takes longer),
//!   so it lands in the levelled plan's slot and one person's queue never overlaps itself.
//! * **Capacity.** A week's capacity is the person's weekly capacity scaled by the share of
//!   the regular week they are available: `weekly × available / regular`, where `regular` is
//!   the project's work week without exceptions. Without a stated weekly capacity a person is
//!   full time (`weekly = regular`).
//! * **Over-allocation.** Allocated minutes above capacity.

use jiff::civil::Date;

/// The Monday of the ISO week holding `date`.
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// The days an item is worked on (see the module's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Set by its due date: spread over `first..=last` ([`spread`]).
    Due { first: Date, last: Date },
    /// Set by the levelled plan: filled at capacity from `from` ([`fill`]).
    Levelled { from: Date },
}

/// The window of an item with `start` and `due` dates that the levelled plan starts on
/// `levelled` when it places it; `None` when it has no due date and the levelled plan does
/// not place it (unscheduled).
pub fn window(
    today: Date,
    start: Option<Date>,
    due: Option<Date>,
    levelled: Option<Date>,
) -> Option<Window> {
    let Some(due) = due else {
        // The levelled plan runs from today; never place work in the past all the same.
        return levelled.map(|from| Window::Levelled {
            from: from.max(today),
        });
    };
    let first = if due < today {
        today
    } else {
        start.map_or(today, |start| start.max(today)).min(due)
    };
    Some(Window::Due {
        first,
        last: due.max(today),
    })
}

/// Spreads `remaining` minutes over `days` (date, available minutes) in proportion to the
/// minutes; all on the last day when none is available. The parts sum to `remaining`.
pub fn spread(remaining: i64, days: &[(Date, i64)]) -> Vec<(Date, i64)> {
    let Some(&(last, _)) = days.last() else {
        return Vec::new();
    };
    let total: i64 = days.iter().map(|(_, minutes)| (*minutes).max(0)).sum();
    if remaining <= 0 {
        return Vec::new();
    }
    if total == 0 {
        return vec![(last, remaining)];
    }
    let mut parts: Vec<(Date, i64, i64)> = days
        .iter()
        .map(|&(date, minutes)| {
            let share = i128::from(remaining) * i128::from(minutes.max(0));
            let whole = (share / i128::from(total)) as i64;
            let rest = (share % i128::from(total)) as i64;
            (date, whole, rest)
        })
        .collect();
    let mut left = remaining - parts.iter().map(|(_, whole, _)| whole).sum::<i64>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2).then(a.cmp(b)));
    for index in order {
        if left == 0 {
            break;
        }
        parts[index].1 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .filter(|(_, minutes, _)| *minutes > 0)
        .map(|(date, minutes, _)| (date, minutes))
        .collect()
}

/// Fills `remaining` minutes into `days` (date, capacity minutes) in order, each day up to
/// its capacity; whatever the days cannot hold lands on the last one. The parts sum to
/// `remaining`; `days` is read only as far as needed.
pub fn fill(remaining: i64, days: impl IntoIterator<Item = (Date, i64)>) -> Vec<(Date, i64)> {
    let mut parts = Vec::new();
    let mut left = remaining;
    let mut last = None;
    for (date, capacity) in days {
        if left <= 0 {
            break;
        }
        last = Some(date);
        let part = capacity.max(0).min(left);
        if part > 0 {
            parts.push((date, part));
            left -= part;
        }
    }
    if let (true, Some(last)) = (left > 0, last) {
        match parts.last_mut() {
            Some((date, minutes)) if *date == last => *minutes += left,
            _ => parts.push((last, left)),
        }
    }
    parts
}

/// A week's capacity: `weekly` (full time when `None`) scaled by `available / regular`.
pub fn capacity(weekly: Option<i64>, available: i64, regular: i64) -> i64 {
    if regular <= 0 {
        return 0;
    }
    let weekly = weekly.unwrap_or(regular);
    let scaled = i128::from(weekly) * i128::from(available.max(0));
    ((scaled + i128::from(regular) / 2) / i128::from(regular)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(date(2026, 3, 4)), date(2026, 3, 2));
        assert_eq!(week_start(date(2026, 3, 2)), date(2026, 3, 2));
        assert_eq!(week_start(date(2026, 3, 8)), date(2026, 3, 2));
    }

    #[test]
    fn dated_windows_run_from_start_or_today_to_the_due_date() {
        let today = date(2026, 3, 4);
        let due = |first, last| Some(Window::Due { first, last });
        let levelled = Some(date(2026, 3, 20));
        assert_eq!(
            window(today, None, Some(date(2026, 3, 10)), levelled),
            due(today, date(2026, 3, 10))
        );
        assert_eq!(
            window(today, Some(date(2026, 3, 6)), Some(date(2026, 3, 10)), None),
            due(date(2026, 3, 6), date(2026, 3, 10))
        );
        assert_eq!(
            window(
                today,
                Some(date(2026, 3, 1)),
                Some(date(2026, 3, 2)),
                levelled
            ),
            due(today, today)
        );
    }

    #[test]
    fn undated_windows_start_where_the_levelled_plan_does_or_are_none() {
        let today = date(2026, 3, 4);
        assert_eq!(window(today, None, None, None), None);
        assert_eq!(
            window(today, None, None, Some(date(2026, 3, 9))),
            Some(Window::Levelled {
                from: date(2026, 3, 9)
            })
        );
        assert_eq!(
            window(today, None, None, Some(date(2026, 3, 2))),
            Some(Window::Levelled { from: today }),
            "never in the past"
        );
    }

    #[test]
    fn spreading_follows_available_minutes_and_sums_exactly() {
        let days = [
            (date(2026, 3, 2), 480),
            (date(2026, 3, 3), 0),
            (date(2026, 3, 4), 240),
        ];
        assert_eq!(
            spread(600, &days),
            vec![(date(2026, 3, 2), 400), (date(2026, 3, 4), 200)]
        );
        let parts = spread(
            100,
            &[
                (date(2026, 3, 2), 1),
                (date(2026, 3, 3), 1),
                (date(2026, 3, 4), 1),
            ],
        );
        assert_eq!(parts.iter().map(|(_, m)| m).sum::<i64>(), 100);
        assert_eq!(parts[0].1, 34);
        assert_eq!(
            spread(90, &[(date(2026, 3, 7), 0), (date(2026, 3, 8), 0)]),
            vec![(date(2026, 3, 8), 90)]
        );
        assert!(spread(0, &days).is_empty());
    }

    #[test]
    fn filling_takes_each_days_capacity_in_turn() {
        let days = [
            (date(2026, 3, 6), 240),
            (date(2026, 3, 7), 0),
            (date(2026, 3, 8), 0),
            (date(2026, 3, 9), 240),
            (date(2026, 3, 10), 240),
        ];
        assert_eq!(
            fill(600, days),
            vec![
                (date(2026, 3, 6), 240),
                (date(2026, 3, 9), 240),
                (date(2026, 3, 10), 120)
            ]
        );
        assert_eq!(
            fill(100, [(date(2026, 3, 7), 0), (date(2026, 3, 8), 60)]),
            vec![(date(2026, 3, 8), 100)],
            "what the days cannot hold lands on the last"
        );
        assert_eq!(
            fill(100, [(date(2026, 3, 7), 0)]),
            vec![(date(2026, 3, 7), 100)]
        );
        assert!(fill(0, days).is_empty());
    }

    #[test]
    fn capacity_scales_with_availability() {
        assert_eq!(capacity(Some(1920), 2400, 2400), 1920);
        assert_eq!(capacity(Some(1920), 1920, 2400), 1536);
        assert_eq!(capacity(None, 1440, 2400), 1440);
        assert_eq!(capacity(Some(1920), 0, 0), 0);
    }
}
