//! `/api/v1/projects/{key}/decisions`: the decision log.

use super::writer;
use crate::auth::CurrentUser;
use crate::clock;
use crate::context::RequestMeta;
use crate::direction::decisions::{self, DecisionBody, DecisionView};
use crate::direction::{ensure_visible, sees_internal};
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::DecisionStatus;
use tandem_store::direction::DecisionFilter;
use utoipa::IntoParams;

/// Decision list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    /// Only open decisions past their due date.
    #[serde(default)]
    pub overdue: bool,
    /// proposed, accepted, rejected or superseded.
    #[serde(default)]
    pub status: Option<String>,
}

/// The project's decisions, newest first (client contacts: shared ones only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/decisions", tag = "product",
    params(("key" = String, Path, description = "Project key"), DecisionQuery),
    responses((status = 200, body = Vec<DecisionView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_decisions(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<DecisionQuery>,
) -> ApiResult<Json<Vec<DecisionView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let today = clock::today_iso(&state.store).await?;
    let filter = DecisionFilter {
        status: query
            .status
            .as_deref()
            .map(DecisionStatus::parse)
            .transpose()?,
        overdue_on: query.overdue.then(|| today.clone()),
        shared_only: !sees_internal(&user),
    };
    let decisions = state
        .store
        .list_decisions(visible.project.id, &filter)
        .await?;
    Ok(Json(
        decisions
            .into_iter()
            .map(|decision| DecisionView::new(decision, &today))
            .collect(),
    ))
}

/// Records a decision.
#[utoipa::path(post, path = "/api/v1/projects/{key}/decisions", tag = "product", request_body = DecisionBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = DecisionView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_decision(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let decision = decisions::create(&writer(&state, &meta, &user), &visible, &body).await?;
    Ok(tagged(
        StatusCode::CREATED,
        decision.version,
        DecisionView::new(decision, &clock::today_iso(&state.store).await?),
    ))
}

/// One decision.
#[utoipa::path(get, path = "/api/v1/projects/{key}/decisions/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Decision id")),
    responses((status = 200, body = DecisionView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_decision(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let decision = state.store.decision(visible.project.id, id).await?;
    ensure_visible(&visible, &user, decision.visibility, "decision")?;
    Ok(tagged(
        StatusCode::OK,
        decision.version,
        DecisionView::new(decision, &clock::today_iso(&state.store).await?),
    ))
}

/// Replaces a decision (every field and link). Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/projects/{key}/decisions/{id}", tag = "product", request_body = DecisionBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Decision id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = DecisionView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_decision(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let decision =
        decisions::update(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    Ok(tagged(
        StatusCode::OK,
        decision.version,
        DecisionView::new(decision, &clock::today_iso(&state.store).await?),
    ))
}

/// Deletes a decision. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/decisions/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Decision id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_decision(
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
        .delete_decision(visible.project.id, id, expected)
        .await?;
    writer(&state, &meta, &user)
        .record(
            "decision.delete",
            "decision",
            id.to_string(),
            serde_json::json!({ "project": key }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}
