//! `/api/v1/projects/{key}/…` for the team: member profiles (discipline, capacity, rate), the
//! project calendar, time off and the workload view.

use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag;
use crate::guard;
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::people::calendar::{self, CalendarBody};
use crate::people::profiles::{self, ProfileChange, ProfileView};
use crate::people::time_off::{self, TimeOffChange, TimeOffInput, TimeOffView};
use crate::people::workload::{self, WorkloadView};
use crate::people::{self, internal_project, required_date, writer};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use utoipa::IntoParams;

/// A member's profile. The hourly rate is absent for client contacts.
#[utoipa::path(get, path = "/api/v1/projects/{key}/members/{user_id}/profile", tag = "team",
    params(("key" = String, Path, description = "Project key"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 200, body = ProfileView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, user_id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let internal = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    let profile = state
        .store
        .member_profile(visible.project.id, user_id)
        .await
        .map_err(people::not_found("member"))?;
    let view = ProfileView::new(&profile, &people::currency(&visible.project), internal);
    Ok(([etag::header(profile.version)], Json(view)).into_response())
}

/// Changes a member's discipline, capacity or rate (managers). Needs `If-Match` with the
/// profile's ETag (`"0"` before the first edit).
#[utoipa::path(patch, path = "/api/v1/projects/{key}/members/{user_id}/profile", tag = "team",
    request_body = ProfileChange,
    params(("key" = String, Path, description = "Project key"), ("user_id" = i64, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ProfileView), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_profile(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, user_id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<ProfileChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let writer = writer(&state, &meta, &user);
    let profile = profiles::update(&writer, &visible.project, user_id, &change, expected).await?;
    let view = ProfileView::new(&profile, &people::currency(&visible.project), true);
    Ok(([etag::header(profile.version)], Json(view)).into_response())
}

/// The project calendar: work week and exceptions (holidays).
#[utoipa::path(get, path = "/api/v1/projects/{key}/calendar", tag = "team",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = CalendarBody, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_calendar(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let calendar = calendar::load(&state.store, visible.project.id).await?;
    Ok(([etag::header(calendar.version)], Json(calendar.body)).into_response())
}

/// Replaces the project calendar (managers). Needs `If-Match` (`"0"` before the first save).
#[utoipa::path(put, path = "/api/v1/projects/{key}/calendar", tag = "team", request_body = CalendarBody,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = CalendarBody), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_calendar(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CalendarBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let saved = calendar::save(
        &writer(&state, &meta, &user),
        &visible.project,
        &body,
        expected,
    )
    .await?;
    Ok(([etag::header(saved.version)], Json(saved.body)).into_response())
}

/// Date range of a time-off list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeOffQuery {
    /// Only absences ending on or after this date.
    pub from: Option<String>,
    /// Only absences starting on or before this date.
    pub to: Option<String>,
}

/// Time off of the project's members (staff only), by date.
#[utoipa::path(get, path = "/api/v1/projects/{key}/time-off", tag = "team",
    params(("key" = String, Path, description = "Project key"), TimeOffQuery),
    responses((status = 200, body = Vec<TimeOffView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_time_off(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<TimeOffQuery>,
) -> ApiResult<Json<Vec<TimeOffView>>> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let from = query
        .from
        .as_deref()
        .map(|d| required_date("from", d))
        .transpose()?;
    let to = query
        .to
        .as_deref()
        .map(|d| required_date("to", d))
        .transpose()?;
    let entries = state
        .store
        .list_time_off(
            visible.project.id,
            from.map(|d| d.to_string()).as_deref(),
            to.map(|d| d.to_string()).as_deref(),
        )
        .await?;
    Ok(Json(entries.into_iter().map(TimeOffView::from).collect()))
}

/// Records time off: your own, or (managers) anyone's on the project.
#[utoipa::path(post, path = "/api/v1/projects/{key}/time-off", tag = "team", request_body = TimeOffInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = TimeOffView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_time_off(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<TimeOffInput>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let entry = time_off::create(
        &writer(&state, &meta, &user),
        &user.actor(),
        &visible,
        &input,
    )
    .await?;
    let version = entry.version;
    Ok((
        StatusCode::CREATED,
        [etag::header(version)],
        Json(TimeOffView::from(entry)),
    )
        .into_response())
}

/// Changes an absence's dates or note. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/time-off/{id}", tag = "team", request_body = TimeOffChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Time-off id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = TimeOffView), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update_time_off(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<TimeOffChange>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let entry = time_off::update(
        &writer(&state, &meta, &user),
        &user.actor(),
        &visible,
        id,
        &change,
        expected,
    )
    .await?;
    Ok((
        [etag::header(entry.version)],
        Json(TimeOffView::from(entry)),
    )
        .into_response())
}

/// Deletes an absence. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/time-off/{id}", tag = "team",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Time-off id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_time_off(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let expected = etag::expected_version(&headers, None)?;
    time_off::delete(
        &writer(&state, &meta, &user),
        &user.actor(),
        &visible,
        id,
        expected,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Weeks of a workload answer.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkloadQuery {
    /// A date in the first week shown (default: today).
    pub from: Option<String>,
    /// How many weeks, 1–26 (default 6).
    pub weeks: Option<i64>,
    /// The day windows start from (default: today).
    pub as_of: Option<String>,
}

/// Allocated work against capacity per person and ISO week (staff only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/workload", tag = "team",
    params(("key" = String, Path, description = "Project key"), WorkloadQuery),
    responses((status = 200, body = WorkloadView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_workload(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<WorkloadQuery>,
) -> ApiResult<Json<WorkloadView>> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "workload").await?;
    let today = crate::clock::today(&state.store).await?;
    let from = query
        .from
        .as_deref()
        .map(|d| required_date("from", d))
        .transpose()?;
    let as_of = query
        .as_of
        .as_deref()
        .map(|d| required_date("as_of", d))
        .transpose()?;
    let weeks = query.weeks.unwrap_or(6);
    if !(1..=workload::MAX_WEEKS).contains(&weeks) {
        return Err(tandem_core::ValidationError::new("weeks", "must be between 1 and 26").into());
    }
    let view = workload::of_project(
        &state,
        visible.project,
        from.unwrap_or(today),
        weeks,
        as_of.unwrap_or(today),
    )
    .await?;
    Ok(Json(view))
}
