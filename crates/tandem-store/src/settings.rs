//! Workspace-wide key/value settings (e.g. `demo_loaded`).

use crate::{Store, StoreError};

impl Store {
    /// The value of a setting, if set.
    #[tracing::instrument(skip_all)]
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value = with_reader!(self, |db| {
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(db)
                .await
        })?;
        Ok(value)
    }

    /// Sets (or replaces) a setting.
    #[tracing::instrument(skip_all)]
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    /// The value of `key`, set to `value` first if it has none: what several servers starting
    /// at once agree on (the first write wins, every caller gets that value).
    #[tracing::instrument(skip_all)]
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        let stored = in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(stored)
    }
}
