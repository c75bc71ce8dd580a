//! Wall-clock time in the unit the store uses (unix milliseconds).

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
