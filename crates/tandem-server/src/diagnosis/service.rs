//! The entry point: measure every signal, grade them, rank them into a verdict, and keep it as
//! the snapshot of its ISO week.

use crate::error::ApiError;
use crate::state::AppState;
use jiff::civil::Date;
use serde::Serialize;
use tandem_core::health::Verdict;

/// A project's diagnosis on one day.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// The ranked verdict with every signal.
    pub verdict: Verdict,
    /// The day it describes, `YYYY-MM-DD`.
    pub today: String,
}

/// The project's diagnosis as of `today`, computed from stored data only. Every call upserts
/// the snapshot of `today`'s ISO week, so the trend needs no separate job to exist.
pub async fn diagnose(
    state: &AppState,
    project: &tandem_store::Project,
    today: Date,
) -> Result<Diagnosis, ApiError> {
    let signals = super::roles::signals(project).to_vec();
    let verdict = Verdict::of(signals);
    let json = serde_json::to_value(&verdict).map_err(|error| ApiError::internal(&error))?;
    state
        .store
        .save_health_snapshot(project.id, &week_of(today).to_string(), &json)
        .await?;
    Ok(Diagnosis {
        verdict,
        today: today.to_string(),
    })
}

/// The Monday of `day`'s ISO week (the key of its snapshot).
pub fn week_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::week_of;
    use jiff::civil::date;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(date(2026, 11, 26)), date(2026, 11, 23));
        assert_eq!(week_of(date(2026, 11, 23)), date(2026, 11, 23));
        assert_eq!(week_of(date(2026, 11, 29)), date(2026, 11, 23));
        assert_eq!(week_of(date(2027, 1, 1)), date(2026, 12, 28));
    }
}
