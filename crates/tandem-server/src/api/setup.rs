//! First-run setup: creates the first admin when the workspace has no user, and never again.

use crate::accounts;
use crate::api::views::UserView;
use crate::audit;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// The first admin's details.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SetupRequest {
    pub email: String,
    pub name: String,
    /// At least 10 characters.
    pub password: String,
}

/// Creates the first admin account. 409 `duplicate` once any user exists.
#[utoipa::path(post, path = "/api/v1/setup", tag = "auth", request_body = SetupRequest, responses(
    (status = 201, body = UserView),
    (status = 409, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)
))]
pub async fn setup(
    State(state): State<AppState>,
    meta: RequestMeta,
    ApiJson(body): ApiJson<SetupRequest>,
) -> ApiResult<(StatusCode, axum::Json<UserView>)> {
    let user =
        accounts::create_first_admin(&state.store, body.email, body.name, body.password).await?;
    audit::write(
        &state,
        &meta,
        &user,
        "setup.first_admin",
        "user",
        user.id.to_string(),
        json!({}),
    )
    .await;
    Ok((StatusCode::CREATED, axum::Json(user.into())))
}
