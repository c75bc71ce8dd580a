//! `/api/v1/…/time-entries`, `/api/v1/timer` and the time report: time tracking.
//!
//! Members see their own entries and, with `ViewInternal`, everyone's; client users never see
//! other people's time. Logging needs `Contribute`; changing an entry needs to be its author or
//! a manager (`Edit`).

use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::delivery::time::{self, Grouping, ReportRow, TimeInput};
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::guard::{self, VisibleProject};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::access::ProjectAction;
use tandem_core::work::{ItemKey, parse_date};
use tandem_store::{ItemRef, TimeEntry, TimeFilter, Timer, UserRef};
use utoipa::{IntoParams, ToSchema};

/// A time entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimeEntryView {
    pub id: i64,
    pub project_id: i64,
    #[schema(value_type = Object)]
    pub user: UserRef,
    #[schema(value_type = Option<Object>)]
    pub item: Option<ItemRef>,
    pub date: String,
    pub minutes: i64,
    pub billable: bool,
    pub note: String,
    pub created_at: String,
    pub version: i64,
}

impl From<TimeEntry> for TimeEntryView {
    fn from(entry: TimeEntry) -> Self {
        TimeEntryView {
            id: entry.id,
            project_id: entry.project_id,
            user: entry.user,
            item: entry.item,
            date: entry.date,
            minutes: entry.minutes,
            billable: entry.billable,
            note: entry.note,
            created_at: timestamp(entry.created_at),
            version: entry.version,
        }
    }
}

fn with_etag(entry: TimeEntry) -> Response {
    let version = entry.version;
    ([etag::header(version)], Json(TimeEntryView::from(entry))).into_response()
}

fn writer<'a>(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}

/// Filters of the entry list and the report.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct TimeQuery {
    /// Only this person's (user id).
    pub person: Option<i64>,
    /// Only on this item (id).
    pub item: Option<i64>,
    /// From this day (inclusive).
    pub from: Option<String>,
    /// To this day (inclusive).
    pub to: Option<String>,
    /// `csv` for a CSV download.
    pub format: Option<String>,
    /// Report grouping: `person`, `item` or `week`.
    #[param(value_type = Option<String>)]
    pub group: Option<Grouping>,
}

impl TimeQuery {
    fn filter(&self) -> Result<TimeFilter, ApiError> {
        Ok(TimeFilter {
            user_id: self.person,
            item_id: self.item,
            from: self
                .from
                .as_deref()
                .map(|raw| parse_date("from", raw))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|raw| parse_date("to", raw))
                .transpose()?,
        })
    }
}

/// The entries of a project the caller may see.
async fn visible_entries(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    query: &TimeQuery,
) -> Result<Vec<TimeEntry>, ApiError> {
    time::visible_entries(state, user, visible, query.filter()?).await
}

fn csv_response(entries: &[TimeEntry], key: &str) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{key}-time.csv\""),
            ),
        ],
        time::to_csv(entries),
    )
        .into_response()
}

/// A project's time entries (filters: person, item, from, to; `format=csv` for CSV).
#[utoipa::path(get, path = "/api/v1/projects/{key}/time-entries", tag = "time",
    params(("key" = String, Path, description = "Project key"), TimeQuery),
    responses((status = 200, body = Vec<TimeEntryView>)))]
pub async fn list_entries(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<TimeQuery>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let entries = visible_entries(&state, &user, &visible, &query).await?;
    if query.format.as_deref() == Some("csv") {
        return Ok(csv_response(&entries, visible.project.key.as_str()));
    }
    let views: Vec<TimeEntryView> = entries.into_iter().map(TimeEntryView::from).collect();
    Ok(Json(views).into_response())
}

/// The same list as CSV (`text/csv`).
#[utoipa::path(get, path = "/api/v1/projects/{key}/time-entries.csv", tag = "time",
    params(("key" = String, Path, description = "Project key"), TimeQuery),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn export_entries(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<TimeQuery>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let entries = visible_entries(&state, &user, &visible, &query).await?;
    Ok(csv_response(&entries, visible.project.key.as_str()))
}

/// Logs time for the caller (`minutes` or `duration` like `1.5h`).
#[utoipa::path(post, path = "/api/v1/projects/{key}/time-entries", tag = "time", request_body = TimeInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = TimeEntryView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn log_time(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<TimeInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let entry = time::log(&writer(&state, &meta, &user), visible.project.id, &input).await?;
    Ok((StatusCode::CREATED, with_etag(entry)).into_response())
}

/// Changes a time entry (its author or a manager; If-Match).
#[utoipa::path(patch, path = "/api/v1/time-entries/{id}", tag = "time", request_body = TimeInput,
    params(("id" = i64, Path, description = "Entry id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = TimeEntryView), (status = 403, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody)))]
pub async fn update_entry(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<TimeInput>,
) -> ApiResult<Response> {
    let entry = time::changeable_entry(&state, &user, id).await?;
    let expected = etag::expected_version(&headers, input.version)?;
    let updated = time::update(&writer(&state, &meta, &user), &entry, &input, expected).await?;
    Ok(with_etag(updated))
}

/// Deletes a time entry (its author or a manager; If-Match).
#[utoipa::path(delete, path = "/api/v1/time-entries/{id}", tag = "time",
    params(("id" = i64, Path, description = "Entry id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_entry(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let entry = time::changeable_entry(&state, &user, id).await?;
    let expected = etag::expected_version(&headers, None)?;
    time::delete(&writer(&state, &meta, &user), &entry, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's running timer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimerView {
    pub running: bool,
    pub item_key: Option<String>,
    pub item_title: Option<String>,
    pub started_at: Option<String>,
    /// Whole seconds since the start.
    pub elapsed_seconds: Option<i64>,
}

impl From<Option<Timer>> for TimerView {
    fn from(timer: Option<Timer>) -> Self {
        let now = crate::clock::now_ms();
        TimerView {
            running: timer.is_some(),
            item_key: timer.as_ref().map(|t| t.item.key.clone()),
            item_title: timer.as_ref().map(|t| t.item.title.clone()),
            started_at: timer.as_ref().map(|t| timestamp(t.started_at)),
            elapsed_seconds: timer.as_ref().map(|t| (now - t.started_at).max(0) / 1000),
        }
    }
}

/// The caller's timer.
#[utoipa::path(get, path = "/api/v1/timer", tag = "time", responses((status = 200, body = TimerView)))]
pub async fn get_timer(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TimerView>> {
    Ok(Json(state.store.running_timer(user.user.id).await?.into()))
}

/// Which item to time.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TimerStart {
    /// Item key, e.g. `ACME-7`.
    pub item: String,
}

/// Starts the caller's timer on an item (409 `timer_running` when one runs).
#[utoipa::path(post, path = "/api/v1/timer/start", tag = "time", request_body = TimerStart,
    responses((status = 200, body = TimerView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn start_timer(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<TimerStart>,
) -> ApiResult<Json<TimerView>> {
    let key = ItemKey::parse(&body.item)?;
    let visible = guard::project(
        &state,
        &user,
        key.project.as_str(),
        ProjectAction::Contribute,
    )
    .await?;
    let item = state
        .store
        .item_by_number(visible.project.id, key.number)
        .await
        .map_err(|_| ApiError::invalid_field("item", "no such item"))?;
    let timer = time::start_timer(&writer(&state, &meta, &user), item.id).await?;
    Ok(Json(Some(timer).into()))
}

/// What to note on the entry a stopped timer creates.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TimerStop {
    pub note: Option<String>,
    pub billable: Option<bool>,
}

/// Stops the caller's timer and logs the time (rounded to the minute) as today's entry.
#[utoipa::path(post, path = "/api/v1/timer/stop", tag = "time", request_body = TimerStop,
    responses((status = 201, body = TimeEntryView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn stop_timer(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<TimerStop>,
) -> ApiResult<Response> {
    let entry = time::stop_timer(
        &writer(&state, &meta, &user),
        body.note.as_deref().unwrap_or_default(),
        body.billable.unwrap_or(false),
    )
    .await?;
    Ok((StatusCode::CREATED, with_etag(entry)).into_response())
}

/// Time totals grouped by person, item or week (over the entries the caller may see).
#[utoipa::path(get, path = "/api/v1/projects/{key}/time-report", tag = "time",
    params(("key" = String, Path, description = "Project key"), TimeQuery),
    responses((status = 200, body = Vec<ReportRow>)))]
pub async fn time_report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<TimeQuery>,
) -> ApiResult<Json<Vec<ReportRow>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let entries = visible_entries(&state, &user, &visible, &query).await?;
    Ok(Json(time::report(
        &entries,
        query.group.unwrap_or(Grouping::Person),
    )))
}
