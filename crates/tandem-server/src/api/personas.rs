//! `/api/v1/projects/{key}/personas`: the people the product is for.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::product::input::{PersonaChange, PersonaInput};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::PersonaView;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// Personas the caller may see (clients: shared ones), by name.
#[utoipa::path(get, path = "/api/v1/projects/{key}/personas", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<PersonaView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_personas(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<PersonaView>>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::personas(&state, &scope).await?))
}

/// Creates a persona (staff on the project).
#[utoipa::path(post, path = "/api/v1/projects/{key}/personas", tag = "product",
    request_body = PersonaInput, params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = PersonaView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_persona(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<PersonaInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::create_persona(&writer, &scope, &body).await?;
    Ok(tagged(StatusCode::CREATED, view.meta.version, view))
}

/// One persona; internal ones answer 404 to clients.
#[utoipa::path(get, path = "/api/v1/projects/{key}/personas/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Persona id")),
    responses((status = 200, body = PersonaView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_persona(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let view = service::persona(&state, &scope, id).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Changes a persona. Needs `If-Match` (or `version`); a stale one is 412.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/personas/{id}", tag = "product",
    request_body = PersonaChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Persona id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = PersonaView), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_persona(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<PersonaChange>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::update_persona(&writer, &scope, id, &change, expected).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Deletes a persona. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/personas/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Persona id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_persona(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer::new(&state, &meta, &user);
    service::delete_persona(&writer, &scope, id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}
