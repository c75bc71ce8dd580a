//! `PUT /api/v1/session/password`: the signed-in user changes their own password.

use crate::accounts;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// The current password (proof it is really the owner) and the new one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the caller's password. Every other session of the account ends; the calling
/// browser session stays signed in.
#[utoipa::path(put, path = "/api/v1/session/password", tag = "auth", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "password changed"),
    (status = 401, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody, description = "current password wrong or new one too weak")
))]
pub async fn change_password(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    accounts::change_own_password(
        &writer,
        &body.current_password,
        &body.new_password,
        user.session_token_hash(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
