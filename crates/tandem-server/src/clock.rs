//! Wall-clock time in the unit the store uses (unix milliseconds), and the workspace's today.

use crate::error::ApiError;
use crate::time_zone;
use jiff::civil::Date;
use tandem_core::days::WorkspaceDays;
use tandem_store::Store;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Today's date in the workspace's time zone (ADR 0039): the day that due dates, overdue
/// flags, sprints, time entries and the health diagnosis count with, whichever server answers
/// and wherever it runs.
pub async fn today(store: &Store) -> Result<Date, ApiError> {
    Ok(days(store).await?.today())
}

/// The workspace's calendar days, for putting instants (changes, completions) into the
/// same days as the dates they are compared with.
pub async fn days(store: &Store) -> Result<WorkspaceDays, ApiError> {
    Ok(time_zone::workspace(store).await?.days())
}

/// [`today`] as `YYYY-MM-DD`, the form stored dates take.
pub async fn today_iso(store: &Store) -> Result<String, ApiError> {
    Ok(today(store).await?.to_string())
}
