//! `/api/v1/…/sprints`: sprint lifecycle, planning and the reports rebuilt from history
//! (burndown, burn-up, velocity, cumulative flow).
//!
//! Reading needs `View`; every write needs `Contribute`. A project has at most one active
//! sprint.

use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::delivery::{history, sprints};
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::guard::{self, VisibleProject};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tandem_core::access::ProjectAction;
use tandem_store::{Spillover, Sprint};
use utoipa::{IntoParams, ToSchema};

/// A sprint.
#[derive(Debug, Serialize, ToSchema)]
pub struct SprintView {
    pub id: i64,
    pub project_key: String,
    pub name: String,
    pub goal: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// `planned`, `active` or `completed`.
    pub state: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub version: i64,
}

impl SprintView {
    fn new(sprint: Sprint, project_key: &str) -> Self {
        SprintView {
            id: sprint.id,
            project_key: project_key.to_owned(),
            name: sprint.name,
            goal: sprint.goal,
            starts_on: sprint.starts_on,
            ends_on: sprint.ends_on,
            state: sprint.state,
            started_at: sprint.started_at.map(timestamp),
            completed_at: sprint.completed_at.map(timestamp),
            version: sprint.version,
        }
    }
}

fn with_etag(sprint: Sprint, key: &str) -> Response {
    let version = sprint.version;
    ([etag::header(version)], Json(SprintView::new(sprint, key))).into_response()
}

/// Loads a sprint and its project if the caller may perform `action` there (a sprint of an
/// invisible project is 404).
pub async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: ProjectAction,
) -> Result<(Sprint, VisibleProject), ApiError> {
    let sprint = state
        .store
        .sprint_by_id(id)
        .await
        .map_err(|_| ApiError::not_found("sprint"))?;
    let key = state.store.project_key_of(sprint.project_id).await?;
    let visible = guard::project(state, user, &key, action)
        .await
        .map_err(|error| {
            if error.status == StatusCode::NOT_FOUND {
                ApiError::not_found("sprint")
            } else {
                error
            }
        })?;
    Ok((sprint, visible))
}

fn writer<'a>(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}

/// A project's sprints: active, then planned, then completed (latest first).
#[utoipa::path(get, path = "/api/v1/projects/{key}/sprints", tag = "sprints",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<SprintView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_sprints(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<SprintView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let sprints = state.store.list_sprints(visible.project.id).await?;
    let key = visible.project.key.as_str();
    Ok(Json(
        sprints
            .into_iter()
            .map(|s| SprintView::new(s, key))
            .collect(),
    ))
}

/// Creates a planned sprint.
#[utoipa::path(post, path = "/api/v1/projects/{key}/sprints", tag = "sprints",
    params(("key" = String, Path, description = "Project key")), request_body = sprints::SprintInput,
    responses((status = 201, body = SprintView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<sprints::SprintInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let sprint = sprints::create(&writer(&state, &meta, &user), visible.project.id, &input).await?;
    Ok((
        StatusCode::CREATED,
        with_etag(sprint, visible.project.key.as_str()),
    )
        .into_response())
}

/// One sprint.
#[utoipa::path(get, path = "/api/v1/sprints/{id}", tag = "sprints",
    params(("id" = i64, Path, description = "Sprint id")),
    responses((status = 200, body = SprintView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_sprint(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (sprint, visible) = load(&state, &user, id, ProjectAction::View).await?;
    Ok(with_etag(sprint, visible.project.key.as_str()))
}

/// Changes a sprint's name, goal or dates (If-Match).
#[utoipa::path(patch, path = "/api/v1/sprints/{id}", tag = "sprints", request_body = sprints::SprintInput,
    params(("id" = i64, Path, description = "Sprint id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = SprintView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn update_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<sprints::SprintInput>,
) -> ApiResult<Response> {
    let (sprint, visible) = load(&state, &user, id, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, input.version)?;
    let updated = sprints::update(&writer(&state, &meta, &user), &sprint, &input, expected).await?;
    Ok(with_etag(updated, visible.project.key.as_str()))
}

/// Deletes a planned sprint; its items return to the backlog (If-Match). Active and
/// completed sprints cannot be deleted (409 `sprint_state`).
#[utoipa::path(delete, path = "/api/v1/sprints/{id}", tag = "sprints",
    params(("id" = i64, Path, description = "Sprint id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 409, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let (sprint, _) = load(&state, &user, id, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, None)?;
    sprints::delete(&writer(&state, &meta, &user), &sprint, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Items to put into the sprint or take out of it (back to the backlog).
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanRequest {
    /// Item ids to add.
    #[serde(default)]
    pub add: Vec<i64>,
    /// Item ids to remove.
    #[serde(default)]
    pub remove: Vec<i64>,
}

/// How many items moved.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanResult {
    pub moved: usize,
}

/// Plans a sprint: adds items to it or returns them to the backlog (history is recorded).
#[utoipa::path(post, path = "/api/v1/sprints/{id}/items", tag = "sprints", request_body = PlanRequest,
    params(("id" = i64, Path, description = "Sprint id")),
    responses((status = 200, body = PlanResult), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn plan_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PlanRequest>,
) -> ApiResult<Json<PlanResult>> {
    let (sprint, _) = load(&state, &user, id, ProjectAction::Contribute).await?;
    let moved = sprints::plan(
        &writer(&state, &meta, &user),
        &sprint,
        &body.add,
        &body.remove,
    )
    .await
    .map_err(|error| match error.code {
        "duplicate" => ApiError::new(
            StatusCode::CONFLICT,
            "sprint_state",
            "items of a completed sprint cannot be re-planned",
        ),
        _ => error,
    })?;
    Ok(Json(PlanResult { moved }))
}

/// Starts a planned sprint, recording its committed scope (If-Match). 409
/// `sprint_already_active` when another sprint of the project is active.
#[utoipa::path(post, path = "/api/v1/sprints/{id}/start", tag = "sprints",
    params(("id" = i64, Path, description = "Sprint id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = SprintView), (status = 409, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody)))]
pub async fn start_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (sprint, visible) = load(&state, &user, id, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, None)?;
    let started = sprints::start(&writer(&state, &meta, &user), &sprint, expected).await?;
    Ok(with_etag(started, visible.project.key.as_str()))
}

/// Where the unfinished items go.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CompleteRequest {
    /// `"next"`, `"backlog"` or `{"sprint_id": N}`; required when items are unfinished.
    pub unfinished: Option<sprints::UnfinishedChoice>,
    /// The version you read (instead of `If-Match`).
    pub version: Option<i64>,
}

/// The completed sprint and what spilled over.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionView {
    pub sprint: SprintView,
    #[schema(value_type = Vec<Object>)]
    pub spillover: Vec<Spillover>,
}

/// Completes the active sprint (If-Match). Unfinished items move as `unfinished` says and are
/// recorded as spillover; 422 on `unfinished` when it is missing and some are unfinished.
#[utoipa::path(post, path = "/api/v1/sprints/{id}/complete", tag = "sprints", request_body = CompleteRequest,
    params(("id" = i64, Path, description = "Sprint id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = CompletionView), (status = 409, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn complete_sprint(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CompleteRequest>,
) -> ApiResult<Json<CompletionView>> {
    let (sprint, visible) = load(&state, &user, id, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let unfinished = body
        .unfinished
        .as_ref()
        .map(sprints::UnfinishedChoice::resolve)
        .transpose()?;
    let done = sprints::complete(
        &writer(&state, &meta, &user),
        &sprint,
        expected,
        unfinished,
        &[],
    )
    .await?;
    Ok(Json(CompletionView {
        sprint: SprintView::new(done.sprint, visible.project.key.as_str()),
        spillover: done.spillover,
    }))
}

/// One day of a burndown.
#[derive(Debug, Serialize, ToSchema)]
pub struct BurndownDay {
    pub date: String,
    pub ideal_points: f64,
    pub ideal_hours: f64,
    /// Absent for days not begun.
    pub remaining_points: Option<i64>,
    pub remaining_hours: Option<f64>,
}

/// Burndown of a started sprint, per day, rebuilt from the item history.
#[utoipa::path(get, path = "/api/v1/sprints/{id}/burndown", tag = "sprints",
    params(("id" = i64, Path, description = "Sprint id")),
    responses((status = 200, body = Vec<BurndownDay>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn burndown(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<BurndownDay>>> {
    let (sprint, _) = load(&state, &user, id, ProjectAction::View).await?;
    Ok(Json(burndown_days(&state, &sprint).await?))
}

/// A started sprint's burndown as the API answers it (hours, not minutes); the CLI prints
/// the same.
pub async fn burndown_days(
    state: &AppState,
    sprint: &Sprint,
) -> Result<Vec<BurndownDay>, ApiError> {
    let series = history::burndown(state, sprint).await?;
    Ok(series
        .into_iter()
        .map(|point| BurndownDay {
            date: point.date.to_string(),
            ideal_points: point.ideal_points,
            ideal_hours: point.ideal_minutes / 60.0,
            remaining_points: point.remaining_points,
            remaining_hours: point.remaining_minutes.map(|m| m as f64 / 60.0),
        })
        .collect())
}

/// One day of a burn-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct BurnupDay {
    pub date: String,
    pub scope_points: Option<i64>,
    pub done_points: Option<i64>,
}

/// Burn-up of a started sprint (scope vs done), rebuilt from the item history.
#[utoipa::path(get, path = "/api/v1/sprints/{id}/burnup", tag = "sprints",
    params(("id" = i64, Path, description = "Sprint id")),
    responses((status = 200, body = Vec<BurnupDay>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn burnup(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<BurnupDay>>> {
    let (sprint, _) = load(&state, &user, id, ProjectAction::View).await?;
    Ok(Json(burnup_days(&state, &sprint).await?))
}

/// A started sprint's burn-up as the API answers it; the CLI prints the same.
pub async fn burnup_days(state: &AppState, sprint: &Sprint) -> Result<Vec<BurnupDay>, ApiError> {
    let series = history::burnup(state, sprint).await?;
    Ok(series
        .into_iter()
        .map(|point| BurnupDay {
            date: point.date.to_string(),
            scope_points: point.scope_points,
            done_points: point.done_points,
        })
        .collect())
}

/// Velocity of one completed sprint.
#[derive(Debug, Serialize, ToSchema)]
pub struct VelocityRow {
    pub sprint_id: i64,
    pub name: String,
    pub committed_points: i64,
    pub completed_points: i64,
    pub spillover_points: i64,
    pub spillover_items: i64,
}

/// Velocity: committed vs completed points per completed sprint, oldest first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/velocity", tag = "sprints",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<VelocityRow>)))]
pub async fn velocity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<VelocityRow>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(Json(velocity_rows(&state, visible.project.id).await?))
}

/// A project's velocity as the API answers it; the CLI prints the same.
pub async fn velocity_rows(
    state: &AppState,
    project_id: i64,
) -> Result<Vec<VelocityRow>, ApiError> {
    let rows = history::velocity(state, project_id).await?;
    Ok(rows
        .into_iter()
        .map(|(sprint, outcome)| VelocityRow {
            sprint_id: sprint.id,
            name: sprint.name,
            committed_points: outcome.committed_points,
            completed_points: outcome.completed_points,
            spillover_points: outcome.spillover_points,
            spillover_items: outcome.spillover_items,
        })
        .collect())
}

/// The period of a cumulative flow (default: the last 30 days).
#[derive(Debug, Deserialize, IntoParams)]
pub struct FlowQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
}

/// One day of the cumulative flow.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowDay {
    pub date: String,
    pub todo: i64,
    pub in_progress: i64,
    pub done: i64,
    /// Items per status name.
    pub by_status: BTreeMap<String, i64>,
}

/// Cumulative flow: items per status and status category at the end of each day, rebuilt
/// from the item history (at most 366 days).
#[utoipa::path(get, path = "/api/v1/projects/{key}/cumulative-flow", tag = "sprints",
    params(("key" = String, Path, description = "Project key"), FlowQuery),
    responses((status = 200, body = Vec<FlowDay>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn cumulative_flow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<FlowQuery>,
) -> ApiResult<Json<Vec<FlowDay>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let flow = flow_days(
        &state,
        visible.project.id,
        query.from.as_deref(),
        query.to.as_deref(),
    )
    .await?;
    Ok(Json(flow))
}

/// A project's cumulative flow from `from` to `to` (`YYYY-MM-DD`; default the 30 days up to
/// today, at most 366) as the API answers it; the CLI prints the same.
pub async fn flow_days(
    state: &AppState,
    project_id: i64,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<FlowDay>, ApiError> {
    // Read once: today (the default end) and the days the history is counted in.
    let days = crate::clock::days(&state.store).await?;
    let to = match to {
        Some(raw) => tandem_core::work::parse_date("to", raw)?
            .parse()
            .map_err(|_| ApiError::invalid_field("to", "not a date"))?,
        None => days.today(),
    };
    let from = match from {
        Some(raw) => tandem_core::work::parse_date("from", raw)?
            .parse()
            .map_err(|_| ApiError::invalid_field("from", "not a date"))?,
        None => to.checked_sub(jiff::Span::new().days(29)).unwrap_or(to),
    };
    if from.until(to).map(|span| span.get_days()).unwrap_or(0) > 366 {
        return Err(ApiError::invalid_field(
            "from",
            "the period is at most 366 days",
        ));
    }
    let workflow = state.store.workflow(project_id).await?;
    let series = history::cumulative_flow(state, project_id, from, to, &days).await?;
    Ok(series
        .into_iter()
        .map(|point| FlowDay {
            date: point.date.to_string(),
            todo: point.todo,
            in_progress: point.in_progress,
            done: point.done,
            by_status: point
                .by_status
                .iter()
                .map(|(id, count)| {
                    let name = workflow
                        .statuses
                        .iter()
                        .find(|status| status.id == *id)
                        .map(|status| status.name.clone())
                        .unwrap_or_else(|| format!("status {id}"));
                    (name, *count)
                })
                .collect(),
        })
        .collect())
}
