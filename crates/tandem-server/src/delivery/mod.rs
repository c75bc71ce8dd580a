//! Sprints and time tracking as services shared by the JSON API, the web UI and the CLI:
//! each validates, writes through the store and audits once.

pub mod history;
pub mod sprints;
pub mod time;

/// Today's date (UTC), `YYYY-MM-DD`: the default day of a time entry and of a sprint start.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}
