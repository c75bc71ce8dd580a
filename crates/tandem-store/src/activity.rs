//! What one person did lately on one project, read from the audit log: the "decided lately"
//! column of the Roles page until decisions have their own records.

use crate::audit::AuditRow;
use crate::model::AuditEntry;
use crate::{Store, StoreError};

impl Store {
    /// The newest audited writes by `actor_user_id` on the project `key` since `since_ms`:
    /// entries about the project itself (`object_id` = key) or about its records (ids that
    /// start with `KEY-`, e.g. `ACME-12`), newest first, at most `limit`. Served by the
    /// `(actor_user_id, at)` index.
    #[tracing::instrument(skip_all)]
    pub async fn recent_project_audit_by(
        &self,
        key: &str,
        actor_user_id: i64,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT id, at, actor_user_id, actor, action, object_type, object_id, \
                 request_id, ip, details FROM audit_log \
                 WHERE actor_user_id = $1 AND at >= $2 \
                 AND (object_id = $3 OR substr(object_id, 1, length($3) + 1) = $3 || '-') \
                 ORDER BY at DESC, id DESC LIMIT $4",
            )
            .bind(actor_user_id)
            .bind(since_ms)
            .bind(key)
            .bind(limit.max(0))
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
