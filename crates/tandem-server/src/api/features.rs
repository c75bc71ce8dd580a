//! `/api/v1/projects/{key}/features`: the scored, ranked backlog with acceptance criteria,
//! plus the MVP cut and the now/next/later roadmap built from it.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::etag::{self, tagged};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::product::filter::RoadmapQuery;
use crate::product::input::{
    CriterionChange, CriterionInput, FeatureChange, FeatureInput, ItemLinkInput,
};
use crate::product::scope::ProductScope;
use crate::product::scores::SortModel;
use crate::product::service;
use crate::product::views::{
    BacklogView, CriterionView, FeatureItemView, FeatureView, MvpView, RoadmapView,
};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

/// Backlog ordering.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BacklogQuery {
    /// rice (default), wsjf, value_effort or manual.
    #[serde(default)]
    pub sort: Option<String>,
}

/// Parses the `sort` parameter (422 naming it when unknown).
pub fn sort_model(raw: Option<&str>) -> Result<SortModel, ApiError> {
    match raw {
        None | Some("") => Ok(SortModel::default()),
        Some(text) => SortModel::parse(text).ok_or_else(|| {
            ApiError::invalid_field("sort", "must be one of rice, wsjf, value_effort, manual")
        }),
    }
}

/// The backlog ranked by a scoring model: highest score first, unscored features last, ties
/// by manual order. Each feature carries every score, the confidence used and its source.
#[utoipa::path(get, path = "/api/v1/projects/{key}/features", tag = "product",
    params(("key" = String, Path, description = "Project key"), BacklogQuery),
    responses((status = 200, body = BacklogView), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_features(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<BacklogQuery>,
) -> ApiResult<Json<BacklogView>> {
    let sort = sort_model(query.sort.as_deref())?;
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::backlog(&state, &scope, sort).await?))
}

/// Creates a feature with its scoring inputs and links.
#[utoipa::path(post, path = "/api/v1/projects/{key}/features", tag = "product",
    request_body = FeatureInput, params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = FeatureView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_feature(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<FeatureInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::create_feature(&writer, &scope, &body).await?;
    Ok(tagged(StatusCode::CREATED, view.meta.version, view))
}

/// One feature with scores, links and readiness; internal ones answer 404 to clients.
#[utoipa::path(get, path = "/api/v1/projects/{key}/features/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id")),
    responses((status = 200, body = FeatureView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_feature(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let view = service::feature(&state, &scope, id).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Changes a feature: fields, scoring inputs, MoSCoW, MVP, horizon, links, manual rank.
/// Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/features/{id}", tag = "product",
    request_body = FeatureChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = FeatureView), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_feature(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<FeatureChange>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::update_feature(&writer, &scope, id, &change, expected).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Deletes a feature with its criteria and links. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/features/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_feature(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer::new(&state, &meta, &user);
    service::delete_feature(&writer, &scope, id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A feature's acceptance criteria in checklist order.
#[utoipa::path(get, path = "/api/v1/projects/{key}/features/{id}/criteria", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id")),
    responses((status = 200, body = Vec<CriterionView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_criteria(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<CriterionView>>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::criteria(&state, &scope, id).await?))
}

/// Appends an acceptance criterion.
#[utoipa::path(post, path = "/api/v1/projects/{key}/features/{id}/criteria", tag = "product",
    request_body = CriterionInput,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id")),
    responses((status = 201, body = CriterionView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<CriterionInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::add_criterion(&writer, &scope, id, &body.text).await?;
    Ok(tagged(StatusCode::CREATED, view.version, view))
}

/// Changes or ticks an acceptance criterion. Needs `If-Match` with the criterion's ETag.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/features/{id}/criteria/{criterion_id}", tag = "product",
    request_body = CriterionChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("criterion_id" = i64, Path, description = "Criterion id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = CriterionView), (status = 412, body = crate::error::ErrorBody)))]
pub async fn update_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, criterion_id)): ApiPath<(String, i64, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<CriterionChange>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view =
        service::update_criterion(&writer, &scope, id, criterion_id, &change, expected).await?;
    Ok(tagged(StatusCode::OK, view.version, view))
}

/// Removes an acceptance criterion. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/features/{id}/criteria/{criterion_id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("criterion_id" = i64, Path, description = "Criterion id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, criterion_id)): ApiPath<(String, i64, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer::new(&state, &meta, &user);
    service::delete_criterion(&writer, &scope, id, criterion_id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The work items linked to a feature (empty for client contacts: delivery detail).
#[utoipa::path(get, path = "/api/v1/projects/{key}/features/{id}/items", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id")),
    responses((status = 200, body = Vec<FeatureItemView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_items(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<FeatureItemView>>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::feature_items(&state, &scope, id).await?))
}

/// Links a work item of the project to the feature by its key: its progress and open
/// blocking bugs count in the feature's readiness. Answers the linked items. `If-Match` is
/// optional: when sent, the feature must still be at that version (412 otherwise).
#[utoipa::path(post, path = "/api/v1/projects/{key}/features/{id}/items", tag = "product",
    request_body = ItemLinkInput,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("If-Match" = Option<String>, Header, description = "Optional: the feature's ETag you read")),
    responses((status = 200, body = Vec<FeatureItemView>), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn link_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ItemLinkInput>,
) -> ApiResult<Json<Vec<FeatureItemView>>> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    if let Some(expected) = etag::if_match(&headers)? {
        let current = state
            .store
            .feature_version(scope.project_id(), id)
            .await
            .map_err(crate::people::not_found("feature"))?;
        etag::precondition(Some(expected), current)?;
    }
    let writer = Writer::new(&state, &meta, &user);
    Ok(Json(
        service::link_item(&writer, &scope, id, &body.key).await?,
    ))
}

/// Unlinks a work item from the feature.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/features/{id}/items/{item_key}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feature id"),
        ("item_key" = String, Path, description = "Item key, e.g. ACME-42")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn unlink_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, item_key)): ApiPath<(String, i64, String)>,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    service::unlink_item(&writer, &scope, id, &item_key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The MVP: its features, estimated effort, status mix and the MoSCoW guard (a warning when
/// Must-haves exceed 60 % of the estimated effort).
#[utoipa::path(get, path = "/api/v1/projects/{key}/mvp", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = MvpView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn mvp(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<MvpView>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::mvp(&state, &scope).await?))
}

/// The roadmap: now / next / later columns in manual order, and features not placed yet.
///
/// Filters narrow it to the features linked to a persona, planned into a release (or into
/// none), with a MoSCoW priority, in or out of the MVP; all given must hold. A persona or
/// release the caller may not see is refused like a missing one (422 naming the parameter).
#[utoipa::path(get, path = "/api/v1/projects/{key}/roadmap", tag = "product",
    params(("key" = String, Path, description = "Project key"), RoadmapQuery),
    responses((status = 200, body = RoadmapView), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn roadmap(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<RoadmapQuery>,
) -> ApiResult<Json<RoadmapView>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let filter = query.filter(&state, &scope).await?;
    Ok(Json(service::roadmap(&state, &scope, filter).await?))
}
