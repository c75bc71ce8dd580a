//! `/api/v1/projects/{key}/reports` and `/api/v1/reports/{id}`: weekly status reports,
//! generated on demand and kept as history; JSON or Markdown.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::params::{ApiPath, ApiQuery};
use crate::reports::{self, PeriodInput, ReportSummaryView, ReportView};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

/// How to send a report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `json` (default) or `markdown`.
    pub format: Option<String>,
}

/// Generates this week's report (or the period in the body) and keeps it. The body is
/// optional: without one the current ISO week is reported. Client contacts get 403.
/// (`/api/v1/projects/{key}/reports`, the first address, still answers.)
#[utoipa::path(post, path = "/api/v1/projects/{key}/status-reports", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    request_body(content = Option<PeriodInput>, description = "Period; defaults to this week"),
    responses(
        (status = 201, body = ReportView),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn create_report(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let input = period_body(&body)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let view = reports::create(&writer, &user, &key, &input).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// An empty body means "this week"; otherwise it must be a period object.
fn period_body(body: &[u8]) -> Result<PeriodInput, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(PeriodInput::default());
    }
    serde_json::from_slice(body).map_err(|error| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("the body is not a period: {error}"),
        )
    })
}

/// The project's kept reports, newest first. (`/api/v1/projects/{key}/reports`, the first
/// address, still answers.)
#[utoipa::path(get, path = "/api/v1/projects/{key}/status-reports", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    responses(
        (status = 200, body = Vec<ReportSummaryView>),
        (status = 404, body = crate::error::ErrorBody)
    ))]
pub async fn list_reports(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<ReportSummaryView>>> {
    Ok(Json(reports::list(&state, &user, &key).await?))
}

/// One kept report: JSON, or Markdown with `?format=markdown` or the address `…/{id}.md`.
/// Client contacts get the client version (no costs, only shared artefacts).
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "bridge",
    params(("id" = String, Path, description = "Report id; `12.md` gives Markdown"), FormatQuery),
    responses(
        (status = 200, body = ReportView),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<FormatQuery>,
) -> ApiResult<Response> {
    let (id, markdown_suffix) = match id.strip_suffix(".md") {
        Some(id) => (id, true),
        None => (id.as_str(), false),
    };
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("report"))?;
    let markdown = match query.format.as_deref() {
        None => markdown_suffix,
        Some("json") if !markdown_suffix => false,
        Some("markdown") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "format",
                "must be json or markdown",
            ));
        }
    };
    let view = reports::read(&state, &user, id).await?;
    if !markdown {
        return Ok(Json(view).into_response());
    }
    let file = format!(
        "attachment; filename=\"{}-status-{}.md\"",
        view.summary.project_key, view.summary.period_start
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, file),
        ],
        view.markdown,
    )
        .into_response())
}
