//! Weekly health snapshots (the trend of a project's verdict) and the compare-and-set write
//! that keeps workspace settings such as the health thresholds free of lost updates.

use crate::error::corrupt;
use crate::{Store, StoreError, clock};
use serde::Serialize;

/// A project's verdict as recorded for one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthSnapshot {
    /// The Monday of the ISO week, `YYYY-MM-DD`.
    pub week: String,
    /// The verdict as the health service serialised it (JSON).
    pub verdict: serde_json::Value,
    /// When it was recorded, unix milliseconds.
    pub recorded_at: i64,
}

impl Store {
    /// Records (or, later in the same week, replaces) a project's verdict for `week`.
    #[tracing::instrument(skip_all)]
    pub async fn save_health_snapshot(
        &self,
        project_id: i64,
        week: &str,
        verdict: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let text = verdict.to_string();
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO health_snapshots (project_id, week, verdict, recorded_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (project_id, week) \
                 DO UPDATE SET verdict = excluded.verdict, recorded_at = excluded.recorded_at",
            )
            .bind(project_id)
            .bind(week)
            .bind(&text)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(crate::error::broken_reference("project: no such project"))?;
        });
        Ok(())
    }

    /// A project's snapshots, newest week first, at most `limit`.
    #[tracing::instrument(skip_all)]
    pub async fn health_snapshots(
        &self,
        project_id: i64,
        limit: i64,
    ) -> Result<Vec<HealthSnapshot>, StoreError> {
        let rows: Vec<(String, String, i64)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT week, verdict, recorded_at FROM health_snapshots \
                 WHERE project_id = $1 ORDER BY week DESC LIMIT $2",
            )
            .bind(project_id)
            .bind(limit.max(0))
            .fetch_all(db)
            .await
        })?;
        rows.into_iter()
            .map(|(week, verdict, recorded_at)| {
                Ok(HealthSnapshot {
                    verdict: serde_json::from_str(&verdict)
                        .map_err(|e| corrupt("health_snapshots.verdict", e))?,
                    week,
                    recorded_at,
                })
            })
            .collect()
    }

    /// Sets a setting only if it still holds `expected` (`None`: only if it is unset).
    /// Returns false when someone else changed it first.
    #[tracing::instrument(skip_all)]
    pub async fn swap_setting(
        &self,
        key: &str,
        expected: Option<&str>,
        value: &str,
    ) -> Result<bool, StoreError> {
        let changed = in_transaction!(self, |tx| {
            match expected {
                None => sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                )
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?,
                Some(old) => sqlx::query("UPDATE settings SET value = $2 WHERE key = $1 AND value = $3")
                    .bind(key)
                    .bind(value)
                    .bind(old)
                    .execute(&mut *tx)
                    .await?,
            }
            .rows_affected()
        });
        Ok(changed == 1)
    }
}
