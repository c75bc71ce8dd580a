//! Time as the store records it: unix milliseconds, UTC.

/// How stale a "last seen" / "last used" stamp may get before a read refreshes it. Refreshing
/// on every request would turn each authenticated read into a write on the single SQLite writer.
pub(crate) const ACTIVITY_RESOLUTION_MS: i64 = 60_000;

/// The current time in unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// True when an activity stamp should be rewritten at `now_ms`.
pub(crate) fn is_stale(stamp: Option<i64>, now_ms: i64) -> bool {
    stamp.is_none_or(|at| now_ms - at >= ACTIVITY_RESOLUTION_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_is_refreshed_once_a_minute_at_most() {
        assert!(is_stale(None, 0));
        assert!(!is_stale(Some(1_000), 1_000 + ACTIVITY_RESOLUTION_MS - 1));
        assert!(is_stale(Some(1_000), 1_000 + ACTIVITY_RESOLUTION_MS));
    }
}
