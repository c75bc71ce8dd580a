//! `GET/PUT /api/v1/session/time-zone`: the signed-in person's own time zone, where their
//! daily digest comes at 07:00 (ADR 0036). It belongs to the account, beside the password,
//! not to one project or notification kind.

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::state::AppState;
use crate::time_zone::{self, TimeZoneView, ZoneName};
use axum::Json;
use axum::extract::State;

/// The signed-in person's time zone (`UTC` until they choose).
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
