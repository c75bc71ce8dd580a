//! `/api/v1/projects/{key}/hypotheses`: what must be true, the experiments testing it, and
//! the assumption map.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery, given};
use crate::product::filter;
use crate::product::input::{
    ExperimentChange, ExperimentInput, HypothesisChange, HypothesisInput, ResultInput,
};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::{AssumptionMapView, ExperimentView, HypothesisView, RecordedView};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which hypotheses a list holds.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HypothesisQuery {
    /// Only the hypotheses about this persona (its id).
    #[param(value_type = Option<i64>)]
    #[serde(default)]
    pub persona: Option<String>,
}

/// Hypotheses the caller may see, most important first; `persona` keeps those about one
/// persona (422 at `persona` when the caller sees no such persona).
#[utoipa::path(get, path = "/api/v1/projects/{key}/hypotheses", tag = "product",
    params(("key" = String, Path, description = "Project key"), HypothesisQuery),
    responses((status = 200, body = Vec<HypothesisView>), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_hypotheses(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<HypothesisQuery>,
) -> ApiResult<Json<Vec<HypothesisView>>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let list = match given(&query.persona) {
        Some(raw) => {
            let persona = filter::persona(&state, &scope, raw).await?;
            service::persona_hypotheses(&state, &scope, persona).await?
        }
        None => service::hypotheses(&state, &scope).await?,
    };
    Ok(Json(list))
}

/// Creates a hypothesis.
#[utoipa::path(post, path = "/api/v1/projects/{key}/hypotheses", tag = "product",
    request_body = HypothesisInput, params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = HypothesisView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_hypothesis(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<HypothesisInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::create_hypothesis(&writer, &scope, &body).await?;
    Ok(tagged(StatusCode::CREATED, view.meta.version, view))
}

/// The assumption map: hypotheses by importance × evidence, riskiest quadrant and riskiest
/// hypothesis first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/assumption-map", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = AssumptionMapView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn assumption_map(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<AssumptionMapView>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::assumption_map(&state, &scope).await?))
}

/// One hypothesis; internal ones answer 404 to clients.
#[utoipa::path(get, path = "/api/v1/projects/{key}/hypotheses/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id")),
    responses((status = 200, body = HypothesisView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_hypothesis(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let view = service::hypothesis(&state, &scope, id).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Changes a hypothesis. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/hypotheses/{id}", tag = "product",
    request_body = HypothesisChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = HypothesisView), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_hypothesis(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<HypothesisChange>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::update_hypothesis(&writer, &scope, id, &change, expected).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Deletes a hypothesis with its experiments. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/hypotheses/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_hypothesis(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer::new(&state, &meta, &user);
    service::delete_hypothesis(&writer, &scope, id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The experiments on a hypothesis, oldest first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id")),
    responses((status = 200, body = Vec<ExperimentView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_experiments(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<ExperimentView>>> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    Ok(Json(service::experiments(&state, &scope, id).await?))
}

/// Plans an experiment with its success criterion; an untested hypothesis moves to testing.
#[utoipa::path(post, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments", tag = "product",
    request_body = ExperimentInput,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id")),
    responses((status = 201, body = ExperimentView, headers(("ETag" = String))),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_experiment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ExperimentInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::create_experiment(&writer, &scope, id, &body).await?;
    Ok(tagged(StatusCode::CREATED, view.meta.version, view))
}

/// One experiment.
#[utoipa::path(get, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("experiment_id" = i64, Path, description = "Experiment id")),
    responses((status = 200, body = ExperimentView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_experiment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id, experiment_id)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Response> {
    let scope = ProductScope::read(&state, &user, &key).await?;
    let view = service::experiment(&state, &scope, id, experiment_id).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Changes an experiment's plan. The success criterion is refused (422) once the experiment
/// has started or has a result. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}", tag = "product",
    request_body = ExperimentChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("experiment_id" = i64, Path, description = "Experiment id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ExperimentView), (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_experiment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, experiment_id)): ApiPath<(String, i64, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<ExperimentChange>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view =
        service::update_experiment(&writer, &scope, id, experiment_id, &change, expected).await?;
    Ok(tagged(StatusCode::OK, view.meta.version, view))
}

/// Deletes an experiment. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("experiment_id" = i64, Path, description = "Experiment id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_experiment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, experiment_id)): ApiPath<(String, i64, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer::new(&state, &meta, &user);
    service::delete_experiment(&writer, &scope, id, experiment_id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records what an experiment showed. An outcome (validated, invalidated, inconclusive)
/// updates the hypothesis's status and evidence in the same transaction. Needs `If-Match`
/// with the experiment's ETag.
#[utoipa::path(post, path = "/api/v1/projects/{key}/hypotheses/{id}/experiments/{experiment_id}/result", tag = "product",
    request_body = ResultInput,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Hypothesis id"),
        ("experiment_id" = i64, Path, description = "Experiment id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RecordedView), (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn record_result(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id, experiment_id)): ApiPath<(String, i64, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ResultInput>,
) -> ApiResult<Response> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = Writer::new(&state, &meta, &user);
    let view = service::record_result(&writer, &scope, id, experiment_id, &body, expected).await?;
    Ok(tagged(StatusCode::OK, view.experiment.meta.version, view))
}
