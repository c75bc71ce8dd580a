//! `/api/v1/projects`: projects and their two managers.

use crate::api::views::ProjectView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag;
use crate::guard::{self, VisibleProject};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::projects::{self, ProjectChange, ProjectInput};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::{ProjectAction, WorkspaceAction};
use utoipa::IntoParams;

/// Project list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Include archived projects.
    #[serde(default)]
    pub include_archived: bool,
}

/// The project as `user` sees it: the budget only for those who may see internal figures.
/// Shared by the API and `tandem project`, so both answer the same fields.
pub fn view(visible: VisibleProject, user: &CurrentUser) -> ProjectView {
    let internal = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    ProjectView::new(visible.project, visible.my_roles, internal)
}

fn with_etag(visible: VisibleProject, user: &CurrentUser) -> Response {
    let version = visible.project.version;
    ([etag::header(version)], Json(view(visible, user))).into_response()
}

/// Creates a project, naming its product manager and project manager (either may be left
/// open; the project is then flagged with a role gap).
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", request_body = ProjectInput, responses(
    (status = 201, body = ProjectView),
    (status = 409, body = crate::error::ErrorBody, description = "the key is taken"),
    (status = 422, body = crate::error::ErrorBody)
))]
pub async fn create_project(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<ProjectInput>,
) -> ApiResult<Response> {
    let visible = create_visible(&state, &meta, &user, &body).await?;
    Ok((StatusCode::CREATED, with_etag(visible, &user)).into_response())
}

/// Creates a project if `user` may create projects (403 otherwise), audits it, and loads it
/// with `user`'s roles on it. Shared by the API and `tandem project create`, so both refuse
/// and validate alike.
pub async fn create_visible(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
    input: &ProjectInput,
) -> ApiResult<VisibleProject> {
    guard::workspace(user, WorkspaceAction::CreateProject)?;
    let writer = Writer {
        state,
        meta,
        actor: &user.user,
    };
    let project = projects::create_audited(&writer, input).await?;
    guard::project(state, user, &project.key, ProjectAction::View).await
}

/// Projects the caller may see, ordered by key.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", params(ListQuery), responses(
    (status = 200, body = Vec<ProjectView>)
))]
pub async fn list_projects(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<ProjectView>>> {
    let views = visible_projects(&state, &user, query.include_archived).await?;
    Ok(Json(views))
}

/// The projects a user may see, as views: shared by the API and the web UI.
pub async fn visible_projects(
    state: &AppState,
    user: &CurrentUser,
    include_archived: bool,
) -> ApiResult<Vec<ProjectView>> {
    let visible = guard::visible_projects(state, user, include_archived).await?;
    Ok(visible.into_iter().map(|v| view(v, user)).collect())
}

/// One project. 404 also when the caller may not see it.
#[utoipa::path(get, path = "/api/v1/projects/{key}", tag = "projects",
    params(("key" = String, Path, description = "Project key, e.g. ACME")),
    responses((status = 200, body = ProjectView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_project(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(with_etag(visible, &user))
}

/// Changes a project. Needs `If-Match` (or `version`); a stale one is 412 `version_conflict`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}", tag = "projects", request_body = ProjectChange,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses(
        (status = 200, body = ProjectView),
        (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn update_project(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<ProjectChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let updated = projects::apply_change(&writer, &visible.project, &change, expected).await?;
    let visible = visible.with_project(updated);
    Ok(with_etag(visible, &user))
}

/// Archives a project (it leaves the default lists; nothing is deleted).
#[utoipa::path(post, path = "/api/v1/projects/{key}/archive", tag = "projects",
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ProjectView), (status = 412, body = crate::error::ErrorBody)))]
pub async fn archive_project(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let expected = etag::expected_version(&headers, None)?;
    let change = ProjectChange {
        archived: Some(true),
        ..ProjectChange::default()
    };
    let current = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let updated = projects::apply_change(&writer, &current.project, &change, expected).await?;
    let visible = current.with_project(updated);
    Ok(with_etag(visible, &user))
}
