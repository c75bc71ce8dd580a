//! Evidence records and the small helpers every measurement shares: at most a handful of
//! records per signal (the explanation carries the totals), dates from the diagnosis day,
//! and the "not measurable yet" signal for data that does not exist.

use jiff::civil::Date;
use tandem_core::days::WorkspaceDays;
use tandem_core::health::{Bands, Evidence, NextStep, Severity, Signal, SignalId};

/// The most records a signal lists as evidence, worst first; the explanation gives the count.
pub const MAX_EVIDENCE: usize = 10;

/// The first [`MAX_EVIDENCE`] records.
pub fn capped(records: impl IntoIterator<Item = Evidence>) -> Vec<Evidence> {
    records.into_iter().take(MAX_EVIDENCE).collect()
}

/// Evidence pointing at a work item (by its key, e.g. `SHOP-12`).
pub fn item(key: &str, title: &str) -> Evidence {
    Evidence::new("item", key, title)
}

/// Evidence pointing at a record addressed by its numeric id (`feature`, `hypothesis`, ...).
pub fn record(kind: &str, id: i64, label: &str) -> Evidence {
    Evidence::new(kind, id.to_string(), label)
}

/// The last millisecond of `today` on the workspace's `days`: "now" for a diagnosis as of
/// `today`, so the same stored data and day always give the same ages.
pub fn end_of(today: Date, days: &WorkspaceDays) -> i64 {
    days.end_ms(today) - 1
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until((jiff::Unit::Day, to))
        .map_or(0, |span| i64::from(span.get_days()))
}

/// How the explanation of a signal without data begins (pages show no value for it).
pub const NOT_MEASURABLE: &str = "Not measurable yet: ";

/// A signal whose data does not exist yet: severity ok, the reason in its explanation, never
/// an invented number. `bands` supplies the threshold it would be compared with.
pub fn not_measurable(id: SignalId, bands: Bands, reason: &str, action: &str) -> Signal {
    Signal {
        id,
        side: id.side(),
        value: 0.0,
        threshold: bands.watch,
        severity: Severity::Ok,
        explanation: format!("{NOT_MEASURABLE}{reason}"),
        evidence: Vec::new(),
        next_step: NextStep {
            action: action.to_owned(),
            owner: id.side().owner(),
        },
        excess: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_and_ends_of_days() {
        assert_eq!(days_between(date(2026, 11, 1), date(2026, 11, 26)), 25);
        assert_eq!(days_between(date(2026, 11, 26), date(2026, 11, 1)), -25);
        let utc = WorkspaceDays::utc();
        let end = end_of(date(2026, 11, 26), &utc);
        assert_eq!(utc.day_of(end), Some(date(2026, 11, 26)));
        assert_eq!(utc.day_of(end + 1), Some(date(2026, 11, 27)));
    }
}
