//! Time zones: a person's own (ADR 0036) and the workspace's (ADR 0039), each an IANA name
//! such as `Europe/Berlin` checked against the time zone database (the system's
//! `/usr/share/zoneinfo`, else the copy built into the binary). A person's daily digest comes
//! at 07:00 in their zone; someone who never chose lives in the workspace's, whose calendar
//! day is "today" for every due date. The workspace's is UTC until an admin sets it.

use crate::audit::Writer;
use crate::error::ApiError;
use jiff::tz::{self, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::days::WorkspaceDays;
use tandem_store::{Store, WorkspaceTimeZone};
use utoipa::ToSchema;

/// A time zone name the database knows, in its own spelling (`europe/berlin` becomes
/// `Europe/Berlin`), so only names the digest can use are ever stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneName(String);

impl ZoneName {
    /// The zone called `name`; an unknown one is a 422 on `time_zone` naming the bad value.
    pub fn parse(name: &str) -> Result<Self, ApiError> {
        let name = name.trim();
        let zone = TimeZone::get(name).map_err(|_| {
            ApiError::invalid_field(
                "time_zone",
                format!(
                    "'{name}' is not a time zone this server knows; use an IANA name such as \
                     Europe/Berlin or America/New_York"
                ),
            )
        })?;
        Ok(Self(zone.iana_name().unwrap_or(name).to_owned()))
    }

    /// The name, as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The person's time zone.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TimeZoneView {
    /// An IANA time zone name, e.g. `Europe/Berlin`; the workspace's until the person
    /// chooses. Their daily digest comes at 07:00 there.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
}

/// The zone a stored name stands for. A stored name the database no longer knows (a zone
/// retired by a tzdata update) falls back to UTC, logged, rather than keeping that person's
/// digest back.
pub fn zone_or_default(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|error| {
        tracing::warn!(name, %error, "a stored time zone is unknown; using UTC");
        TimeZone::UTC
    })
}

/// The person's time zone name: their own, else the workspace's.
pub async fn of(store: &Store, user_id: i64) -> Result<String, ApiError> {
    Ok(store.time_zone(user_id).await?)
}

/// Sets the person's time zone; returns the name as stored.
pub async fn set(store: &Store, user_id: i64, zone: &ZoneName) -> Result<String, ApiError> {
    store.set_time_zone(user_id, zone.as_str()).await?;
    Ok(zone.as_str().to_owned())
}

/// The workspace's time zone as read and changed through the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceZoneView {
    /// An IANA time zone name, e.g. `Europe/Berlin`; `UTC` until an admin sets it. Its
    /// calendar day is "today" for due dates, overdue flags, sprints and time entries, and
    /// people who never chose a zone of their own live in it.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    /// Optimistic-concurrency version (0 while the default applies); also the ETag.
    pub version: i64,
}

impl WorkspaceZoneView {
    /// The workspace's calendar days in this zone, for today's date there without reading
    /// the setting again.
    pub fn days(&self) -> WorkspaceDays {
        WorkspaceDays::new(zone_or_default(&self.time_zone))
    }
}

impl From<WorkspaceTimeZone> for WorkspaceZoneView {
    fn from(stored: WorkspaceTimeZone) -> Self {
        Self {
            time_zone: stored.time_zone,
            version: stored.version,
        }
    }
}

/// The workspace's time zone with its version.
pub async fn workspace(store: &Store) -> Result<WorkspaceZoneView, ApiError> {
    Ok(store.workspace_time_zone().await?.into())
}

/// Sets the workspace's time zone if it is still at `expected` (a stale version is 412 with
/// the current one), and audits the change with the zone it replaced.
pub async fn set_workspace(
    writer: &Writer<'_>,
    zone: &ZoneName,
    expected: i64,
) -> Result<WorkspaceZoneView, ApiError> {
    let store = &writer.state.store;
    let before = store.workspace_time_zone().await?;
    let saved = store
        .set_workspace_time_zone(zone.as_str(), expected)
        .await?;
    writer
        .record(
            "settings.time_zone.update",
            "settings",
            "time_zone",
            json!({ "from": before.time_zone, "to": saved.time_zone, "version": saved.version }),
        )
        .await;
    Ok(saved.into())
}

/// Every zone name a person can pick, sorted: the database's, less the `posix/` and `right/`
/// copies and the aliases that are files rather than places.
pub fn choices() -> Vec<String> {
    let mut names: Vec<String> = tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .filter(|name| {
            !name.starts_with("posix/")
                && !name.starts_with("right/")
                && !matches!(name.as_str(), "posixrules" | "localtime" | "Factory")
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_zone_is_kept_in_the_databases_spelling() {
        let zone = ZoneName::parse(" europe/berlin ").expect("a known zone");
        assert_eq!(zone.as_str(), "Europe/Berlin");
        assert_eq!(ZoneName::parse("UTC").expect("UTC").as_str(), "UTC");
    }

    #[test]
    fn an_unknown_zone_is_refused_by_name() {
        let error = ZoneName::parse("Mars/Olympus_Mons").expect_err("no such zone");
        assert_eq!(error.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.code, "validation_failed");
        assert!(
            error.message.contains("'Mars/Olympus_Mons'"),
            "{}",
            error.message
        );
        assert!(ZoneName::parse("").is_err());
    }

    #[test]
    fn the_choices_are_places_not_files() {
        let choices = choices();
        for name in [
            "Europe/Berlin",
            "Australia/Sydney",
            "America/Los_Angeles",
            "UTC",
        ] {
            assert!(choices.iter().any(|choice| choice == name), "{name}");
        }
        assert!(!choices.iter().any(|choice| choice.starts_with("posix/")));
        assert!(choices.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
