//! `/api/v1/projects/{key}/schedule` and `/forecast`: the critical-path schedule and the
//! Monte Carlo forecast of a project's items.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::params::{ApiPath, ApiQuery};
use crate::planning::evm::{EvmSeries, EvmView};
use crate::planning::forecast::ForecastView;
use crate::planning::msproject_import::ImportSummary;
use crate::planning::schedule::ScheduleView;
use crate::planning::service;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;

/// Schedule options.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// Baseline id to compare with (default: the latest saved).
    pub baseline: Option<i64>,
    /// `true` levels people's work against their weekly capacity and time off, then
    /// schedules again (float and critical path of the levelled plan); items that wait for
    /// their assignee carry `delayed_by_levelling` and `levelling_delay_days`.
    #[serde(default)]
    pub level: bool,
    /// `today` or a status date `YYYY-MM-DD`: reschedule the work not done yet to start no
    /// earlier than the first working instant of that date (MS Project's "reschedule
    /// uncompleted work"); done items keep their place, items in progress run their
    /// remaining work from it, and those begun before it are `split` (their
    /// `actual_segment` is the part already worked). A project without a start date then
    /// runs from the status date (`start_source` = `status_date`). The answer's
    /// `status_date` says which date was used.
    pub remaining_from: Option<String>,
}

/// The schedule: per item early/late dates, float and the critical flag, from the project
/// start date (or today) on the project calendar (assignees' time off included), or with
/// `remaining_from` the work not done yet rescheduled from a status date. See
/// `planning::network` for the duration rule (remaining → estimate → most likely → points ×
/// 4 h → 1 day). Each item carries its baseline dates and slip in working days against the
/// chosen baseline, and its actual start and finish from its history.
#[utoipa::path(get, path = "/api/v1/projects/{key}/schedule", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME"), ScheduleQuery),
    responses(
        (status = 200, body = ScheduleView),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> ApiResult<Json<ScheduleView>> {
    let options = service::ScheduleOptions {
        baseline: query.baseline,
        level: query.level,
        plan_from: service::StatusDate::parse_given(
            query.remaining_from.as_deref(),
            "remaining_from",
        )?
        .into(),
    };
    Ok(Json(service::schedule(&state, &user, &key, options).await?))
}

/// Forecast options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Number of trials, 1 to 100,000 (default 10,000).
    pub trials: Option<u32>,
    /// Random seed: the same seed gives the same forecast (default 1).
    pub seed: Option<u64>,
    /// `true`: each person's open items run one after another, in the order of the levelled
    /// plan (the Gantt's `level=true`); `false`: all at once. Absent: levelled when some open
    /// item is assigned, as the health diagnosis and the portfolio read it.
    pub level: Option<bool>,
}

impl ForecastQuery {
    /// The service's request.
    pub fn request(&self) -> service::ForecastRequest {
        service::ForecastRequest {
            trials: self.trials,
            seed: self.seed,
            level: self.level,
        }
    }
}

/// The Monte Carlo forecast of the remaining scope: finish P50/P85/P95, the chance to meet
/// the target launch date and each milestone's due date, criticality per item.
#[utoipa::path(get, path = "/api/v1/projects/{key}/forecast", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME"), ForecastQuery),
    responses(
        (status = 200, body = ForecastView),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_forecast(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<ForecastQuery>,
) -> ApiResult<Json<ForecastView>> {
    Ok(Json(
        service::forecast(&state, &user, &key, query.request()).await?,
    ))
}

/// Earned value options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvmQuery {
    /// Status date `YYYY-MM-DD` (default today).
    pub date: Option<String>,
}

/// Earned value at a status date: BAC, PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI.
/// PV is phased from the latest baseline (the current schedule when none is saved, see
/// `pv_source`); AC is labour (time × rates) plus expenses up to the status date.
/// Internal: client contacts get 403.
#[utoipa::path(get, path = "/api/v1/projects/{key}/evm", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME"), EvmQuery),
    responses(
        (status = 200, body = EvmView),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_evm(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<EvmQuery>,
) -> ApiResult<Json<EvmView>> {
    Ok(Json(
        service::earned_value(&state, &user, &key, query.date.as_deref()).await?,
    ))
}

/// Weekly planned and earned value for the PV/EV chart (internal).
#[utoipa::path(get, path = "/api/v1/projects/{key}/evm/series", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME")),
    responses(
        (status = 200, body = EvmSeries),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)
    ))]
pub async fn get_evm_series(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<EvmSeries>> {
    Ok(Json(
        service::earned_value_series(&state, &user, &key).await?,
    ))
}

/// The schedule as MS Project XML (MSPDI): tasks in outline order with durations,
/// milestones, constraints, dependencies with lags, the calendar and scheduled dates.
///
/// People come along: the project's staff (and anyone else assigned) as work resources with
/// name, e-mail and capacity (`MaxUnits`), each with a resource calendar derived from the
/// project calendar whose exceptions are their time off (for callers who may see internal
/// figures; client contacts get none), and each assigned task that is not a summary or a
/// milestone as one assignment of its work. Cost rates are never exported.
#[utoipa::path(get, path = "/api/v1/projects/{key}/export/msproject", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME")),
    responses(
        (status = 200, content_type = "application/xml", body = String),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn export_msproject(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<axum::response::Response> {
    let xml = service::msproject_export(&state, &user, &key).await?;
    let disposition = format!("attachment; filename=\"{key}.xml\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        xml,
    )
        .into_response())
}

/// Imports an MS Project XML (MSPDI) file into the project: tasks in outline order become
/// items (summary tasks → parents, epics at the top level; milestones → milestones),
/// durations → estimates, predecessor links → dependencies (lags in working days), the
/// file's calendar and start date when the project has none. Resources become assignees when
/// a project member has their name or e-mail. Everything is written in one transaction; what
/// could not be kept is listed in `warnings`. Malformed XML is 422 `malformed_xml` with the
/// line and column; a dependency cycle is 422 `dependency_cycle` naming the tasks.
#[utoipa::path(post, path = "/api/v1/projects/{key}/import/msproject", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME")),
    request_body(content = String, content_type = "application/xml",
        description = "The MSPDI document (`application/xml` or `text/xml`)"),
    responses(
        (status = 201, body = ImportSummary),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 413, body = crate::error::ErrorBody),
        (status = 415, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn import_msproject(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportSummary>)> {
    let xml = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .is_some_and(|essence| essence == "application/xml" || essence == "text/xml");
    if !xml {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the MS Project XML file with Content-Type: application/xml",
        ));
    }
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let summary = service::msproject_import(&writer, &user, &key, body.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// Status report options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// `json` (default) or `markdown`.
    pub format: Option<String>,
}

/// The project status report: schedule against target, slipping milestones, scope, the top
/// open risks, roadblocks, and budget with actual cost and burn (internal, absent for client
/// contacts, who read only the shared risks). `?format=markdown` gives Markdown.
#[utoipa::path(get, path = "/api/v1/projects/{key}/status-report", tag = "schedule",
    params(("key" = String, Path, description = "Project key, e.g. ACME"), StatusQuery),
    responses(
        (status = 200, body = crate::planning::status::StatusReport),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_status_report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> ApiResult<axum::response::Response> {
    let report = service::status_report(&state, &user, &key).await?;
    match query.format.as_deref() {
        None | Some("json") => Ok(Json(report).into_response()),
        Some("markdown") => Ok((
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            report.to_markdown(),
        )
            .into_response()),
        Some(_) => Err(crate::error::ApiError::invalid_field(
            "format",
            "must be json or markdown",
        )),
    }
}
