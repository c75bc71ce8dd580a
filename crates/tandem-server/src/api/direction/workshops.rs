//! `/api/v1/projects/{key}/workshops`: discovery workshops and what they produced.

use super::writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::workshops::{self, OutcomeBody, OutcomeCreated, WorkshopBody, WorkshopView};
use crate::error::{ApiError, ApiResult};
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tandem_core::access::ProjectAction;

/// The project's workshops, latest first (client contacts: shared ones they took part in).
#[utoipa::path(get, path = "/api/v1/projects/{key}/workshops", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<WorkshopView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_workshops(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<WorkshopView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(Json(
        workshops::visible_list(&state.store, &visible, &user).await?,
    ))
}

/// Plans or records a workshop.
#[utoipa::path(post, path = "/api/v1/projects/{key}/workshops", tag = "product", request_body = WorkshopBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = WorkshopView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_workshop(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<WorkshopBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let workshop = workshops::create(&writer(&state, &meta, &user), &visible, &body).await?;
    let version = workshop.version;
    Ok(tagged(
        StatusCode::CREATED,
        version,
        WorkshopView::new(workshop, Vec::new(), &user),
    ))
}

/// One workshop with what it produced.
#[utoipa::path(get, path = "/api/v1/projects/{key}/workshops/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Workshop id")),
    responses((status = 200, body = WorkshopView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_workshop(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let workshop = state.store.workshop(visible.project.id, id).await?;
    if !workshops::may_see(&visible, &user, &workshop) {
        return Err(ApiError::not_found("workshop"));
    }
    let outcomes = state.store.workshop_outcomes(id).await?;
    let version = workshop.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        WorkshopView::new(workshop, outcomes, &user),
    ))
}

/// Replaces a workshop (fields and participants). Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/projects/{key}/workshops/{id}", tag = "product", request_body = WorkshopBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Workshop id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = WorkshopView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_workshop(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<WorkshopBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let workshop =
        workshops::update(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    let outcomes = state.store.workshop_outcomes(id).await?;
    let version = workshop.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        WorkshopView::new(workshop, outcomes, &user),
    ))
}

/// Deletes a workshop; what it produced stays. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/workshops/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Workshop id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_workshop(
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
        .delete_workshop(visible.project.id, id, expected)
        .await?;
    writer(&state, &meta, &user)
        .record(
            "workshop.delete",
            "workshop",
            id.to_string(),
            serde_json::json!({ "project": key }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates — or links, with `link_id` — a decision, objective, feedback, feature, hypothesis
/// or risk that came out of the workshop; it remembers the workshop as its origin. `If-Match`
/// is optional: when sent, the workshop must still be at that version (412 otherwise).
#[utoipa::path(post, path = "/api/v1/projects/{key}/workshops/{id}/outcomes", tag = "product", request_body = OutcomeBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Workshop id"),
        ("If-Match" = Option<String>, Header, description = "Optional: the workshop's ETag you read")),
    responses((status = 201, body = OutcomeCreated), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_outcome(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<OutcomeBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::if_match(&headers)?;
    let writer = writer(&state, &meta, &user);
    let created = workshops::add_outcome(&writer, &visible, id, &body, expected).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}
