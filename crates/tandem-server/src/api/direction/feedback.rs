//! `/api/v1/projects/{key}/feedback`: the feedback inbox. Integrations submit with an API
//! token; client contacts submit and see their own.

use super::writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::feedback::{self, FeedbackBody, FeedbackChange, FeedbackView, TriageBody};
use crate::direction::sees_internal;
use crate::error::{ApiError, ApiResult};
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
use tandem_core::product::direction::{FeedbackSource, FeedbackStatus, Importance};
use tandem_store::direction::FeedbackFilter;
use utoipa::IntoParams;

/// Feedback list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedbackQuery {
    /// new, triaged, linked or archived.
    #[serde(default)]
    pub status: Option<String>,
    /// client, end_user, support, internal or workshop.
    #[serde(default)]
    pub source: Option<String>,
    /// nice_to_have, important or critical.
    #[serde(default)]
    pub importance: Option<String>,
    /// Only feedback linked to this feature.
    #[serde(default)]
    pub feature_id: Option<i64>,
}

impl FeedbackQuery {
    /// The store filter; client contacts always get their own feedback only.
    pub fn filter(&self, user: &CurrentUser) -> Result<FeedbackFilter, ApiError> {
        let pick = |raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Ok(FeedbackFilter {
            status: pick(&self.status)
                .as_deref()
                .map(FeedbackStatus::parse)
                .transpose()?,
            source: pick(&self.source)
                .as_deref()
                .map(FeedbackSource::parse)
                .transpose()?,
            importance: pick(&self.importance)
                .as_deref()
                .map(Importance::parse)
                .transpose()?,
            feature_id: self.feature_id,
            submitted_by: (!sees_internal(user)).then_some(user.user.id),
        })
    }
}

/// The project's feedback, newest first. Client contacts see only what they submitted.
#[utoipa::path(get, path = "/api/v1/projects/{key}/feedback", tag = "product",
    params(("key" = String, Path, description = "Project key"), FeedbackQuery),
    responses((status = 200, body = Vec<FeedbackView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_feedback(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<FeedbackQuery>,
) -> ApiResult<Json<Vec<FeedbackView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let list = state
        .store
        .list_feedback(visible.project.id, &query.filter(&user)?)
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|f| FeedbackView::new(f, &user))
            .collect(),
    ))
}

/// Submits feedback: the team, the project's client contacts (as `client`, under their own
/// name) and integrations with an API token.
#[utoipa::path(post, path = "/api/v1/projects/{key}/feedback", tag = "product", request_body = FeedbackBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = FeedbackView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn submit_feedback(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::SubmitFeedback).await?;
    let created = feedback::submit(&writer(&state, &meta, &user), &visible, &body).await?;
    let version = created.version;
    Ok(tagged(
        StatusCode::CREATED,
        version,
        FeedbackView::new(created, &user),
    ))
}

/// One piece of feedback (client contacts: their own only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/feedback/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feedback id")),
    responses((status = 200, body = FeedbackView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_feedback(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let found = state.store.feedback(visible.project.id, id).await?;
    if !sees_internal(&user) && found.submitted_by != Some(user.user.id) {
        return Err(ApiError::not_found("feedback"));
    }
    let version = found.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        FeedbackView::new(found, &user),
    ))
}

/// Triages one piece of feedback: status, importance, persona, linked features. Needs
/// `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/feedback/{id}", tag = "product", request_body = FeedbackChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Feedback id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = FeedbackView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn patch_feedback(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<FeedbackChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let changed =
        feedback::change(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    let version = changed.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        FeedbackView::new(changed, &user),
    ))
}

/// Bulk triage: sets a status and/or links features for several pieces at once, each at the
/// version you read — all change or none (412 when any is stale).
#[utoipa::path(post, path = "/api/v1/projects/{key}/feedback/triage", tag = "product", request_body = TriageBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<FeedbackView>), (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn triage_feedback(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<TriageBody>,
) -> ApiResult<Json<Vec<FeedbackView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let changed = feedback::triage(&writer(&state, &meta, &user), &visible, &body).await?;
    Ok(Json(
        changed
            .into_iter()
            .map(|f| FeedbackView::new(f, &user))
            .collect(),
    ))
}
