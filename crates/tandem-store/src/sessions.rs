//! Server-side sessions, so any app server can serve any request. Only the token's hash is
//! stored.

use crate::clock;
use crate::error::broken_reference;
use crate::model::{NewSession, SessionRecord};
use crate::users::{UserRow, user_columns};
use crate::workspace_zone::person_zone;
use crate::{Store, StoreError};

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    csrf_token: String,
    expires_at: i64,
    last_seen_at: i64,
    unread_notifications: i64,
    time_zone: String,
}

impl Store {
    /// Records a session; an unknown user is `Invalid("user_id: no such user")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_session(&self, new: &NewSession) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions \
                 (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4, $5, $4)",
            )
            .bind(&new.token_hash)
            .bind(new.user_id)
            .bind(&new.csrf_token)
            .bind(new.created_at)
            .bind(new.expires_at)
            .execute(&mut *tx)
            .await
            .map_err(broken_reference("user_id: no such user"))?;
        });
        Ok(())
    }

    /// The live session with this token hash and its user (with their time zone: their own, else the
    /// workspace's); `None` when unknown, expired at
    /// `now_ms`, or the user is deactivated. Refreshes `last_seen_at` at most once a minute.
    #[tracing::instrument(skip_all)]
    pub async fn session_by_token_hash(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let row: Option<SessionRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!("u."),
                ", s.csrf_token, s.expires_at, s.last_seen_at, \
                 (SELECT COUNT(*) FROM notifications n \
                   WHERE n.user_id = u.id AND n.in_app AND n.read_at IS NULL) \
                   AS unread_notifications, \
                 ",
                person_zone!("z"),
                " AS time_zone \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 LEFT JOIN user_time_zones z ON z.user_id = u.id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active"
            ))
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(db)
            .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        if clock::is_stale(Some(row.last_seen_at), now_ms) {
            in_transaction!(self, |tx| {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                    .bind(token_hash)
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
            });
        }
        Ok(Some(SessionRecord {
            user: row.user.try_into()?,
            csrf_token: row.csrf_token,
            expires_at: row.expires_at,
            unread_notifications: row.unread_notifications,
            time_zone: row.time_zone,
        }))
    }

    /// Ends a session (signing out); ending an unknown session is not an error.
    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
