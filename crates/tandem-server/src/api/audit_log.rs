//! `GET /api/v1/audit`: the audit log, for admins.

use crate::api::views::AuditView;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::guard;
use crate::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tandem_core::access::WorkspaceAction;
use tandem_store::AuditFilter;
use utoipa::IntoParams;

/// Audit log query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries after this id, oldest first (for following the log).
    pub after_id: Option<i64>,
    /// At most this many entries (default 100, at most 1000).
    pub limit: Option<i64>,
    /// Only actions starting with this, e.g. `session.`.
    pub action: Option<String>,
}

/// Audit entries, newest first (oldest first with `after_id`).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses(
    (status = 200, body = Vec<AuditView>),
    (status = 403, body = crate::error::ErrorBody)
))]
pub async fn list_audit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditView>>> {
    guard::workspace(&user, WorkspaceAction::ReadAudit)?;
    let filter = AuditFilter {
        after_id: query.after_id,
        limit: query.limit.unwrap_or(100).clamp(1, 1000),
        action_prefix: query.action,
    };
    let entries = state.store.list_audit(&filter).await?;
    Ok(Json(entries.into_iter().map(AuditView::from).collect()))
}
