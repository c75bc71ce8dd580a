//! `/api/v1/projects/{key}/workflow` (statuses, WIP limits, transitions; managers change it)
//! and `/api/v1/projects/{key}/views` (each person's saved item filters).

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::etag;
use crate::guard;
use crate::items::service::{self, WorkflowChange};
use crate::items::view::WorkflowView;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::ValidationError;
use tandem_core::access::ProjectAction;
use tandem_store::{SavedView, StoreError};
use utoipa::ToSchema;

/// Longest saved-view name.
const MAX_VIEW_NAME: usize = 60;

/// The project's workflow with item counts per status.
#[utoipa::path(get, path = "/api/v1/projects/{key}/workflow", tag = "workflow",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = WorkflowView, headers(("ETag" = String))), (status = 404, body = ErrorBody)))]
pub async fn get_workflow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let workflow = state.store.workflow(visible.project.id).await?;
    let counts = state.store.status_counts(visible.project.id).await?;
    let view = WorkflowView::new(workflow, &counts);
    Ok(([etag::header(view.version)], Json(view)).into_response())
}

/// Replaces the workflow (project and product managers). Statuses keep their id when given;
/// a status that still holds items cannot be removed. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/projects/{key}/workflow", tag = "workflow", request_body = WorkflowChange,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = WorkflowView), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_workflow(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<WorkflowChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let view = service::replace_workflow(&writer, &visible.project, &change, expected).await?;
    Ok(([etag::header(view.version)], Json(view)).into_response())
}

/// A saved filter of the item list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedViewView {
    pub id: i64,
    pub name: String,
    /// The list's query string, e.g. `type=bug&assignee=me`.
    pub query: String,
}

impl From<SavedView> for SavedViewView {
    fn from(view: SavedView) -> Self {
        Self {
            id: view.id,
            name: view.name,
            query: view.query,
        }
    }
}

/// A view to save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SavedViewInput {
    pub name: String,
    /// The list's query string (filters and sort).
    pub query: String,
}

/// Saves one of the caller's views, shared by the API and the list page.
pub async fn save_view(
    state: &AppState,
    project_id: i64,
    user_id: i64,
    input: &SavedViewInput,
) -> Result<SavedView, ApiError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > MAX_VIEW_NAME {
        return Err(ValidationError::new(
            "name",
            format!("a view name has 1 to {MAX_VIEW_NAME} characters"),
        )
        .into());
    }
    let query = input.query.trim().trim_start_matches('?');
    state
        .store
        .create_saved_view(project_id, user_id, name, query)
        .await
        .map_err(|error| match error {
            StoreError::Conflict { .. } => {
                ValidationError::new("name", "you already have a view with this name").into()
            }
            other => other.into(),
        })
}

/// The caller's saved views on the project.
#[utoipa::path(get, path = "/api/v1/projects/{key}/views", tag = "items",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<SavedViewView>), (status = 404, body = ErrorBody)))]
pub async fn list_views(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<SavedViewView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let views = state
        .store
        .saved_views(visible.project.id, user.user.id)
        .await?;
    Ok(Json(views.into_iter().map(SavedViewView::from).collect()))
}

/// Saves a view (names are unique per person and project).
#[utoipa::path(post, path = "/api/v1/projects/{key}/views", tag = "items", request_body = SavedViewInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = SavedViewView), (status = 422, body = ErrorBody)))]
pub async fn create_view(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<SavedViewInput>,
) -> ApiResult<(StatusCode, Json<SavedViewView>)> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let view = save_view(&state, visible.project.id, user.user.id, &input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Deletes one of the caller's views.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/views/{id}", tag = "items",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "View id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_view(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    state
        .store
        .delete_saved_view(visible.project.id, user.user.id, id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("view"),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}
