//! The bridge's JSON API: a project's responsibility matrix (`/projects/{key}/raci`), its two
//! manager roles side by side (`/projects/{key}/roles`), the workspace's default matrix (`/settings/raci-template`) and the health thresholds
//! (`/settings/health-thresholds`).

use crate::api::views::PersonRef;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::guard;
use crate::health_settings;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::raci::roles::{self, RolesView};
use crate::raci::{self, ActivityChange, ActivityInput, AssignmentsInput, MatrixInput};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::access::ProjectAction;
use tandem_core::health::Thresholds;
use tandem_core::raci::TemplateActivity;
use tandem_core::roles::UserRole;
use tandem_store::{RaciActivity, RaciAssignee, RaciMatrix, RaciTemplate};
use utoipa::ToSchema;

/// One cell: a role or a person, and a letter.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    /// The project role holding the letter (absent for a person).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The person holding the letter (absent for a role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<PersonRef>,
    /// `R`, `A`, `C` or `I`.
    pub letter: String,
}

/// An activity with its cells.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// `product` or `delivery`.
    pub side: String,
    pub position: i64,
    /// Who is accountable ("product manager" or a name); absent when nobody is yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accountable: Option<String>,
    /// True when the activity has no "A": a gap to close. Writes refuse it, so only data
    /// stored before that rule shows it; the next write to the activity must name its
    /// accountable.
    pub accountable_missing: bool,
    pub assignments: Vec<AssignmentView>,
}

/// A project's responsibility matrix.
#[derive(Debug, Serialize, ToSchema)]
pub struct RaciView {
    pub project_key: String,
    /// Version of the whole matrix; send it as If-Match with every change.
    pub version: i64,
    pub activities: Vec<ActivityView>,
}

impl ActivityView {
    fn new(activity: RaciActivity) -> Self {
        let accountable = raci::current_accountable(&activity).map(|cell| cell.label);
        Self {
            id: activity.id,
            side: activity.side.as_str().to_owned(),
            accountable_missing: accountable.is_none(),
            accountable,
            assignments: activity
                .assignments
                .into_iter()
                .map(|cell| match cell.assignee {
                    RaciAssignee::Role(role) => AssignmentView {
                        role: Some(role.as_str().to_owned()),
                        user: None,
                        letter: cell.letter.as_str().to_owned(),
                    },
                    RaciAssignee::User(user) => AssignmentView {
                        role: None,
                        user: Some(PersonRef::from(user)),
                        letter: cell.letter.as_str().to_owned(),
                    },
                })
                .collect(),
            name: activity.name,
            description: activity.description,
            position: activity.position,
        }
    }
}

/// The matrix as JSON with its ETag.
fn matrix_response(key: &str, matrix: RaciMatrix, status: StatusCode) -> Response {
    let view = RaciView {
        project_key: key.to_owned(),
        version: matrix.version,
        activities: matrix
            .activities
            .into_iter()
            .map(ActivityView::new)
            .collect(),
    };
    (status, [etag::header(view.version)], Json(view)).into_response()
}

fn writer<'a>(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}

/// The project's responsibility matrix (copied from the workspace default on first read).
/// Client contacts of the project may read it: it tells them who decides what.
#[utoipa::path(get, path = "/api/v1/projects/{key}/raci", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = RaciView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_raci(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let matrix = raci::matrix(&state.store, &visible.project).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::OK,
    ))
}

/// The two manager roles side by side, as the Roles page shows them: who holds each (or that
/// nobody does), the activities each is accountable and responsible for, what each decided in
/// the last 30 days, what each changed lately, and what waits for each. Client contacts of
/// the project may read it without the internal parts (`decided`, `recent`, and decisions and
/// go/no-go records under `pending`).
#[utoipa::path(get, path = "/api/v1/projects/{key}/roles", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = RolesView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_roles(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<RolesView>> {
    Ok(Json(roles::for_user(&state, &user, &key).await?))
}

/// Replaces the whole matrix. Needs If-Match with the matrix version. Every activity needs
/// exactly one "A": a second one is 422 `raci_single_accountable`, none is 422
/// `raci_accountable_required` (both name the activity; nothing is saved).
#[utoipa::path(put, path = "/api/v1/projects/{key}/raci", tag = "bridge", request_body = MatrixInput,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RaciView), (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_raci(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<MatrixInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = writer(&state, &meta, &user);
    let matrix = raci::replace(&writer, &visible.project, &body, expected).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::OK,
    ))
}

/// Adds an activity with its cells, exactly one of them an "A" (none is 422
/// `raci_accountable_required`, two are 422 `raci_single_accountable`). Needs If-Match with
/// the matrix version.
#[utoipa::path(post, path = "/api/v1/projects/{key}/raci/activities", tag = "bridge", request_body = ActivityInput,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 201, body = RaciView), (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_activity(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = writer(&state, &meta, &user);
    let (matrix, _) = raci::add_activity(&writer, &visible.project, &body, expected).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::CREATED,
    ))
}

/// Changes an activity's name, description, side or position. Needs If-Match.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/raci/activities/{id}", tag = "bridge", request_body = ActivityChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Activity id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RaciView), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_activity(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ActivityChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = writer(&state, &meta, &user);
    let matrix = raci::update_activity(&writer, &visible.project, id, &body, expected).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::OK,
    ))
}

/// Deletes an activity. Needs If-Match.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/raci/activities/{id}", tag = "bridge",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Activity id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RaciView), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_activity(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = writer(&state, &meta, &user);
    let matrix = raci::delete_activity(&writer, &visible.project, id, expected).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::OK,
    ))
}

/// Replaces an activity's cells, which moves the "A" in one write. A second "A" is 422
/// `raci_single_accountable`, naming the activity and who is accountable now; none is 422
/// `raci_accountable_required`. Needs If-Match.
#[utoipa::path(put, path = "/api/v1/projects/{key}/raci/activities/{id}/assignments", tag = "bridge",
    request_body = AssignmentsInput,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Activity id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RaciView), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn set_assignments(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AssignmentsInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let cells = raci::resolve_cells(&state.store, &visible.project, &body.assignments).await?;
    let writer = writer(&state, &meta, &user);
    let matrix = raci::set_cells(&writer, &visible.project, id, &cells, expected).await?;
    Ok(matrix_response(
        &visible.project.key,
        matrix,
        StatusCode::OK,
    ))
}

/// The workspace's default matrix, copied into each project on first read.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    /// 0 while the built-in product/project split applies.
    pub version: i64,
    #[schema(value_type = Vec<Object>)]
    pub activities: Vec<TemplateActivity>,
}

/// The workspace's new default matrix.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TemplateInput {
    /// Activities: `{name, description, side, assignments: [{role, letter}]}`.
    #[schema(value_type = Vec<Object>)]
    pub activities: Vec<TemplateActivity>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

fn template_response(template: RaciTemplate) -> Response {
    let version = template.version;
    let view = TemplateView {
        version,
        activities: template.activities,
    };
    ([etag::header(version)], Json(view)).into_response()
}

/// Staff may read workspace settings; client contacts may not.
pub fn staff_only(user: &CurrentUser) -> Result<(), ApiError> {
    if user.user.role == UserRole::Client {
        return Err(ApiError::forbidden("workspace settings are for staff"));
    }
    Ok(())
}

/// Only admins change workspace settings.
pub fn admin_only(user: &CurrentUser) -> Result<(), ApiError> {
    if user.user.role != UserRole::Admin {
        return Err(ApiError::forbidden("only admins change workspace settings"));
    }
    Ok(())
}

/// The workspace's default responsibility matrix (staff).
#[utoipa::path(get, path = "/api/v1/settings/raci-template", tag = "bridge",
    responses((status = 200, body = TemplateView, headers(("ETag" = String))), (status = 403, body = crate::error::ErrorBody)))]
pub async fn get_template(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    staff_only(&user)?;
    Ok(template_response(raci::template(&state.store).await?))
}

/// Replaces the workspace's default matrix (admins). Projects that already have a matrix
/// keep theirs. Each activity gives exactly one role the "A" (422
/// `raci_single_accountable` or `raci_accountable_required` otherwise). Needs If-Match
/// (`"0"` for the built-in default).
#[utoipa::path(put, path = "/api/v1/settings/raci-template", tag = "bridge", request_body = TemplateInput,
    params(("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = TemplateView), (status = 403, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_template(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<TemplateInput>,
) -> ApiResult<Response> {
    admin_only(&user)?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = writer(&state, &meta, &user);
    let saved = raci::save_template(&writer, &body.activities, expected).await?;
    Ok(template_response(saved))
}

/// Which project's matrix becomes the workspace default.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TemplateFromProject {
    /// The project key, e.g. `ACME`.
    pub project: String,
    /// The template version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Makes a project's responsibility matrix the workspace default (admins): its activities
/// and role letters; cells naming a person stay behind (`X-Left-Out-Person-Cells` says how
/// many), since people differ between projects. An activity whose "A" is a person would have
/// none, so that is 422 `raci_accountable_required` naming the activities (`details.activities`).
/// Needs If-Match on the template.
#[utoipa::path(post, path = "/api/v1/settings/raci-template/from-project", tag = "bridge",
    request_body = TemplateFromProject,
    params(("If-Match" = Option<String>, Header, description = "The template's ETag you read")),
    responses((status = 200, body = TemplateView, headers(("ETag" = String), ("X-Left-Out-Person-Cells" = u32))),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn template_from_project(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<TemplateFromProject>,
) -> ApiResult<Response> {
    admin_only(&user)?;
    let expected = etag::expected_version(&headers, body.version)?;
    let visible = guard::project(&state, &user, &body.project, ProjectAction::View).await?;
    let writer = writer(&state, &meta, &user);
    let (saved, left_out) = raci::save_template_from(&writer, &visible.project, expected).await?;
    let mut response = template_response(saved);
    response
        .headers_mut()
        .insert("x-left-out-person-cells", left_out.into());
    Ok(response)
}

/// The workspace's health thresholds.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThresholdsView {
    /// 0 while the defaults apply.
    pub version: i64,
    /// Per signal `{watch, at_risk, critical}` (shares as fractions, days, counts, indices)
    /// plus `vision_stale_days`, `release_window_days`, `blocked_days`.
    #[schema(value_type = Object)]
    pub thresholds: Thresholds,
    /// The documented defaults, for comparison.
    #[schema(value_type = Object)]
    pub defaults: Thresholds,
}

fn thresholds_response(versioned: health_settings::Versioned) -> Response {
    let view = ThresholdsView {
        version: versioned.version,
        thresholds: versioned.thresholds,
        defaults: Thresholds::default(),
    };
    ([etag::header(view.version)], Json(view)).into_response()
}

/// The health thresholds (staff).
#[utoipa::path(get, path = "/api/v1/settings/health-thresholds", tag = "bridge",
    responses((status = 200, body = ThresholdsView, headers(("ETag" = String))), (status = 403, body = crate::error::ErrorBody)))]
pub async fn get_thresholds(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Response> {
    staff_only(&user)?;
    Ok(thresholds_response(
        health_settings::load(&state.store).await?,
    ))
}

/// Replaces the health thresholds (admins). The body is the thresholds object; fields left
/// out take their default. Nonsense (negative days, shares above 1, unordered thresholds) is
/// 422 naming the field. Needs If-Match (`"0"` while the defaults apply).
#[utoipa::path(put, path = "/api/v1/settings/health-thresholds", tag = "bridge",
    request_body(content = Object, description = "The thresholds"),
    params(("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ThresholdsView), (status = 403, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_thresholds(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Thresholds>,
) -> ApiResult<Response> {
    admin_only(&user)?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = writer(&state, &meta, &user);
    let saved = health_settings::save(&writer, body, expected).await?;
    Ok(thresholds_response(saved))
}
