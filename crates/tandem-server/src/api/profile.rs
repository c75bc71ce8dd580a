//! `GET/PATCH /api/v1/session/profile`: the signed-in person's own name and time zone, with
//! the e-mail and role they hold (ADR 0038).

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag;
use crate::json::ApiJson;
use crate::profile::{self, ProfileChange, ProfileView};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

fn with_etag(view: ProfileView) -> Response {
    ([etag::header(view.version)], Json(view)).into_response()
}

/// The signed-in person's profile, with its version as `ETag`.
#[utoipa::path(get, path = "/api/v1/session/profile", tag = "auth", responses(
    (status = 200, body = ProfileView),
    (status = 401, body = crate::error::ErrorBody)
))]
pub async fn get_profile(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    Ok(with_etag(profile::of(&state.store, &user.user).await?))
}

/// Changes the signed-in person's name and/or time zone. A new name needs the version read
/// (`If-Match` or `version`): 428 without it, 412 when someone changed the account since.
/// A bad name or an unknown zone is 422 `validation_failed` and changes nothing.
#[utoipa::path(patch, path = "/api/v1/session/profile", tag = "auth", request_body = ProfileChange,
    responses(
        (status = 200, body = ProfileView),
        (status = 401, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody, description = "the account changed since it was read"),
        (status = 422, body = crate::error::ErrorBody, description = "a bad name or an unknown time zone"),
        (status = 428, body = crate::error::ErrorBody, description = "a new name without the version read")
    ))]
pub async fn patch_profile(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ProfileChange>,
) -> ApiResult<Response> {
    let expected = body
        .needs_version()
        .then(|| etag::expected_version(&headers, body.version))
        .transpose()?;
    let writer = Writer::new(&state, &meta, &user);
    Ok(with_etag(profile::change(&writer, &body, expected).await?))
}
