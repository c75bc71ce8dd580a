//! `GET/PUT /api/v1/session/time-zone`: the signed-in person's own time zone, where their
//! daily digest comes at 07:00 (ADR 0036). It belongs to the account, beside the password,
//! not to one project or notification kind. `GET/PUT /api/v1/settings/time-zone`: the
//! workspace's, whose calendar day is "today" (ADR 0039).

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::state::AppState;
use crate::time_zone::{self, TimeZoneView, WorkspaceZoneView, ZoneName};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tandem_core::access::WorkspaceAction;

/// The signed-in person's time zone (the workspace's until they choose).
#[utoipa::path(get, path = "/api/v1/session/time-zone", tag = "auth", responses(
    (status = 200, body = TimeZoneView),
    (status = 401, body = crate::error::ErrorBody)
))]
pub async fn get_time_zone(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TimeZoneView>> {
    let time_zone = time_zone::of(&state.store, user.user.id).await?;
    Ok(Json(TimeZoneView { time_zone }))
}

/// Sets the signed-in person's time zone; answers with the name as stored (the database's
/// spelling). A name the time zone database does not know is 422 `validation_failed` on
/// `time_zone`, naming the value.
#[utoipa::path(put, path = "/api/v1/session/time-zone", tag = "auth", request_body = TimeZoneView,
    responses(
        (status = 200, body = TimeZoneView),
        (status = 401, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody, description = "not a known IANA time zone")
    ))]
pub async fn put_time_zone(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<TimeZoneView>,
) -> ApiResult<Json<TimeZoneView>> {
    let zone = ZoneName::parse(&body.time_zone)?;
    let time_zone = time_zone::set(&state.store, user.user.id, &zone).await?;
    Ok(Json(TimeZoneView { time_zone }))
}

/// The workspace's time zone: "today" for due dates, overdue flags, sprints and time entries
/// is its calendar day, and people who never chose a zone live in it.
#[utoipa::path(get, path = "/api/v1/settings/time-zone", tag = "auth", responses(
    (status = 200, body = WorkspaceZoneView, headers(("ETag" = String))),
    (status = 401, body = crate::error::ErrorBody)
))]
pub async fn get_workspace_time_zone(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> ApiResult<Response> {
    let view = time_zone::workspace(&state.store).await?;
    Ok(tagged(StatusCode::OK, view.version, view))
}

/// Sets the workspace's time zone (admins). Needs If-Match (`"0"` while the default applies)
/// or `version` in the body; a stale one is 412. A name the time zone database does not know
/// is 422 `validation_failed` on `time_zone`.
#[utoipa::path(put, path = "/api/v1/settings/time-zone", tag = "auth", request_body = TimeZoneChange,
    params(("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses(
        (status = 200, body = WorkspaceZoneView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody, description = "not a known IANA time zone"),
        (status = 428, body = crate::error::ErrorBody)
    ))]
pub async fn put_workspace_time_zone(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<TimeZoneChange>,
) -> ApiResult<Response> {
    guard::workspace(&user, WorkspaceAction::ChangeSettings)?;
    let zone = ZoneName::parse(&body.time_zone)?;
    let expected = etag::expected_version(&headers, body.version)?;
    let saved =
        time_zone::set_workspace(&Writer::new(&state, &meta, &user), &zone, expected).await?;
    Ok(tagged(StatusCode::OK, saved.version, saved))
}

/// A new workspace time zone.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct TimeZoneChange {
    /// An IANA time zone name, e.g. `Europe/Berlin`.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    /// The version you read, when not sent as If-Match.
    pub version: Option<i64>,
}
