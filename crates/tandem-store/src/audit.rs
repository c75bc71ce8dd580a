//! The append-only audit log: who did what, when, from where.

use crate::error::corrupt;
use crate::model::{AuditEntry, AuditFilter, NewAuditEntry};
use crate::{Store, StoreError};

/// Audit entries matching an optional action prefix (`$1`), then `$tail` (order and limit `$2`).
macro_rules! select_audit {
    ($tail:literal) => {
        concat!(
            "SELECT id, at, actor_user_id, actor, action, object_type, object_id, request_id, \
             ip, details FROM audit_log \
             WHERE ($1 IS NULL OR substr(action, 1, length($1)) = $1) ",
            $tail
        )
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: i64,
    actor_user_id: Option<i64>,
    actor: String,
    action: String,
    object_type: String,
    object_id: String,
    request_id: Option<String>,
    ip: Option<String>,
    details: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> Result<Self, StoreError> {
        Ok(AuditEntry {
            details: serde_json::from_str(&row.details)
                .map_err(|error| corrupt("audit_log.details", error))?,
            id: row.id,
            at: row.at,
            actor_user_id: row.actor_user_id,
            actor: row.actor,
            action: row.action,
            object_type: row.object_type,
            object_id: row.object_id,
            request_id: row.request_id,
            ip: row.ip,
        })
    }
}

impl Store {
    /// Appends one entry.
    #[tracing::instrument(skip_all)]
    pub async fn append_audit(&self, entry: &NewAuditEntry) -> Result<(), StoreError> {
        let details = entry.details.to_string();
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, \
                 object_id, request_id, ip, details) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(entry.at)
            .bind(entry.actor_user_id)
            .bind(&entry.actor)
            .bind(&entry.action)
            .bind(&entry.object_type)
            .bind(&entry.object_id)
            .bind(&entry.request_id)
            .bind(&entry.ip)
            .bind(&details)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    /// Entries newest first; with `after_id`, the entries after it oldest first (to follow
    /// the log as it grows).
    #[tracing::instrument(skip_all)]
    pub async fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = with_reader!(self, |db| {
            let query = match filter.after_id {
                Some(after_id) => sqlx::query_as(select_audit!("AND id > $3 ORDER BY id LIMIT $2"))
                    .bind(&filter.action_prefix)
                    .bind(filter.limit.max(0))
                    .bind(after_id),
                None => sqlx::query_as(select_audit!("ORDER BY id DESC LIMIT $2"))
                    .bind(&filter.action_prefix)
                    .bind(filter.limit.max(0)),
            };
            query.fetch_all(db).await
        })?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
