//! `/api/v1/projects/{key}/baselines` and `/api/v1/baselines/{id}`: saving the current plan
//! as a named baseline, listing and deleting baselines. The schedule compares with them.

use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::people::writer;
use crate::planning::baselines::{BaselineInput, BaselineView};
use crate::planning::service;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// The project's baselines, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/baselines", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<BaselineView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_baselines(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<BaselineView>>> {
    Ok(Json(service::list_baselines(&state, &user, &key).await?))
}

/// Saves the current schedule as a baseline: per item its start, finish, planned work and
/// budgeted cost (project managers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines", tag = "schedule",
    request_body = BaselineInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = BaselineView), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_baseline(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<BaselineInput>,
) -> ApiResult<(StatusCode, Json<BaselineView>)> {
    let saved = service::save_baseline(&writer(&state, &meta, &user), &user, &key, &input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Deletes a baseline (project managers).
#[utoipa::path(delete, path = "/api/v1/baselines/{id}", tag = "schedule",
    params(("id" = i64, Path, description = "Baseline id")),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_baseline(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    service::delete_baseline(&writer(&state, &meta, &user), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
