//! `POST/GET/DELETE /api/v1/session`: sign in, who am I, sign out.

use crate::api::views::UserView;
use crate::audit::Writer;
use crate::auth::{AuthMethod, CurrentUser, login, session_cookie};
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::state::AppState;
use crate::time_zone;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// The signed-in user and the CSRF token to send as `X-CSRF-Token` on cookie-authenticated writes.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub user: UserView,
    /// Present for cookie sessions; absent when calling with an API token.
    pub csrf_token: Option<String>,
    /// The person's IANA time zone (`UTC` until they choose): a client shows times there, as
    /// the web pages do.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
}

/// Signs in: sets the HttpOnly session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "auth", request_body = SignInRequest, responses(
    (status = 200, body = SessionView),
    (status = 401, body = crate::error::ErrorBody, description = "wrong e-mail or password"),
    (status = 429, body = crate::error::ErrorBody, description = "too many failed attempts")
))]
pub async fn sign_in(
    State(state): State<AppState>,
    meta: RequestMeta,
    ApiJson(body): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    let started = login::sign_in(&state, &meta, &body.email, &body.password).await?;
    let cookie = session_cookie::set(&started.token, state.config.secure_cookies);
    let view = SessionView {
        time_zone: time_zone::of(&state.store, started.user.id).await?,
        user: started.user.into(),
        csrf_token: Some(started.csrf_token),
    };
    Ok(([(SET_COOKIE, cookie)], Json(view)).into_response())
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/session", tag = "auth", responses(
    (status = 200, body = SessionView),
    (status = 401, body = crate::error::ErrorBody)
))]
pub async fn whoami(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionView>> {
    let csrf_token = user.csrf_token().map(str::to_owned);
    Ok(Json(SessionView {
        time_zone: time_zone::of(&state.store, user.user.id).await?,
        user: user.user.into(),
        csrf_token,
    }))
}

/// Signs out: ends the session on the server and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "auth", responses(
    (status = 204, description = "signed out"),
    (status = 400, body = crate::error::ErrorBody, description = "called with an API token")
))]
pub async fn sign_out(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
) -> ApiResult<Response> {
    let AuthMethod::Session { token_hash, .. } = &user.method else {
        return Err(ApiError::bad_request(
            "not_a_session",
            "this request used an API token; revoke the token instead",
        ));
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    login::sign_out(&writer, token_hash).await?;
    let cookie = session_cookie::clear(state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}
