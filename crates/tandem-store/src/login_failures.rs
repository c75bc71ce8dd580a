//! Failed sign-in attempts, kept in the database so the rate limit holds across app servers.

use crate::{Store, StoreError};

impl Store {
    /// Records one failed sign-in for `email` from `ip`.
    #[tracing::instrument(skip_all)]
    pub async fn record_login_failure(
        &self,
        email: &str,
        ip: &str,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
                .bind(email)
                .bind(ip)
                .bind(at_ms)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Failures since `since_ms`: `(for this e-mail, from this ip)`.
    #[tracing::instrument(skip_all)]
    pub async fn login_failures_since(
        &self,
        email: &str,
        ip: &str,
        since_ms: i64,
    ) -> Result<(i64, i64), StoreError> {
        let counts = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $3), \
                 (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND at >= $3)",
            )
            .bind(email)
            .bind(ip)
            .bind(since_ms)
            .fetch_one(db)
            .await
        })?;
        Ok(counts)
    }

    /// Forgets an account's failures (after a successful sign-in).
    #[tracing::instrument(skip_all)]
    pub async fn clear_login_failures(&self, email: &str) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM login_failures WHERE email = $1")
                .bind(email)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
