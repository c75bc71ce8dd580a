//! `/api/v1/projects/{key}/goals`: objectives with key results, graded.

use super::writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::ensure_visible;
use crate::direction::goals::{self, ObjectiveBody, ObjectiveView};
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tandem_core::access::ProjectAction;

/// The project's objectives with key results, grades and bands (client contacts: shared
/// ones only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/goals", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<ObjectiveView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_goals(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<ObjectiveView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(Json(
        goals::visible_objectives(&state.store, visible.project.id, &user).await?,
    ))
}

/// Creates an objective with its key results.
#[utoipa::path(post, path = "/api/v1/projects/{key}/goals", tag = "product", request_body = ObjectiveBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = ObjectiveView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_goal(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<ObjectiveBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let objective = goals::create(&writer(&state, &meta, &user), &visible, &body).await?;
    Ok(tagged(
        StatusCode::CREATED,
        objective.version,
        ObjectiveView::from(objective),
    ))
}

/// One objective.
#[utoipa::path(get, path = "/api/v1/projects/{key}/goals/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Objective id")),
    responses((status = 200, body = ObjectiveView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let objective = state.store.objective(visible.project.id, id).await?;
    ensure_visible(&visible, &user, objective.visibility, "objective")?;
    Ok(tagged(
        StatusCode::OK,
        objective.version,
        ObjectiveView::from(objective),
    ))
}

/// Replaces an objective and all its key results (e.g. to record current values). Needs
/// `If-Match`.
#[utoipa::path(put, path = "/api/v1/projects/{key}/goals/{id}", tag = "product", request_body = ObjectiveBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Objective id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ObjectiveView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_goal(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ObjectiveBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let objective =
        goals::update(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    Ok(tagged(
        StatusCode::OK,
        objective.version,
        ObjectiveView::from(objective),
    ))
}

/// Deletes an objective. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/goals/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Objective id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_goal(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, None)?;
    state
        .store
        .delete_objective(visible.project.id, id, expected)
        .await?;
    writer(&state, &meta, &user)
        .record(
            "objective.delete",
            "objective",
            id.to_string(),
            serde_json::json!({ "project": key }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}
