//! The workspace's time zone (ADR 0039): one row, changed with a compare-and-set on its
//! version so two admins never overwrite each other.

use crate::{Store, StoreError};

/// The workspace's time zone with the version it was saved at (0 while the default applies).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkspaceTimeZone {
    /// An IANA name the server checked, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A person's time zone in SQL: their own (`$alias.time_zone` of `user_time_zones`), else the
/// workspace's, so a person who never chose lives in the workspace's zone; never NULL, since
/// without the workspace's row the zone is UTC, the workspace's default.
macro_rules! person_zone {
    ($alias:literal) => {
        concat!(
            "COALESCE(",
            $alias,
            ".time_zone, (SELECT time_zone FROM workspace_time_zone WHERE id = 1), 'UTC')"
        )
    };
}
pub(crate) use person_zone;

impl Store {
    /// The workspace's time zone.
    #[tracing::instrument(skip_all)]
    pub async fn workspace_time_zone(&self) -> Result<WorkspaceTimeZone, StoreError> {
        let zone = with_reader!(self, |db| {
            sqlx::query_as("SELECT time_zone, version FROM workspace_time_zone WHERE id = 1")
                .fetch_one(db)
                .await
        })?;
        Ok(zone)
    }

    /// Sets the workspace's time zone if it is still at `expected_version`; the caller has
    /// checked the name. A stale version is `VersionConflict` with the current one.
    #[tracing::instrument(skip_all)]
    pub async fn set_workspace_time_zone(
        &self,
        time_zone: &str,
        expected_version: i64,
    ) -> Result<WorkspaceTimeZone, StoreError> {
        let saved: Option<WorkspaceTimeZone> = in_transaction!(self, |tx| {
            sqlx::query_as(
                "UPDATE workspace_time_zone SET time_zone = $1, version = version + 1 \
                 WHERE id = 1 AND version = $2 RETURNING time_zone, version",
            )
            .bind(time_zone)
            .bind(expected_version)
            .fetch_optional(&mut *tx)
            .await?
        });
        match saved {
            Some(saved) => Ok(saved),
            None => Err(StoreError::VersionConflict {
                current: self.workspace_time_zone().await?.version,
            }),
        }
    }
}
