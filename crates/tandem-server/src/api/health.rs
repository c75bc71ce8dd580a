//! Liveness and readiness probes for load balancers and orchestrators.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// Probe answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Status)))]
pub async fn healthz() -> Json<Status> {
    Json(Status { status: "ok" })
}

/// The process is up and its database answers.
#[utoipa::path(get, path = "/readyz", tag = "system", responses(
    (status = 200, body = Status),
    (status = 503, body = crate::error::ErrorBody)
))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Status>, ApiError> {
    match state.store.ping().await {
        Ok(()) => Ok(Json(Status { status: "ok" })),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                "the database does not answer",
            ))
        }
    }
}
