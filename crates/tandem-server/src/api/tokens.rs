//! `/api/v1/tokens`: personal API tokens. The secret is shown once; only its hash is kept.

use crate::api::views::TokenView;
use crate::audit::Writer;
use crate::auth::{CurrentUser, secret};
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_store::Store;
use utoipa::ToSchema;

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTokenRequest {
    /// What the token is for, e.g. "CI import".
    #[serde(default)]
    pub name: Option<String>,
}

/// A new token. `token` is shown only in this answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: String,
    #[serde(flatten)]
    pub info: TokenView,
}

/// Creates a token for `user_id`; shared by the API, the web UI and the CLI.
pub async fn issue(
    store: &Store,
    user_id: i64,
    name: Option<&str>,
) -> Result<CreatedToken, ApiError> {
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("API token");
    if name.chars().count() > 100 {
        return Err(ApiError::invalid_field(
            "name",
            "must be at most 100 characters",
        ));
    }
    let token = secret::new_api_token();
    let record = store
        .create_api_token(
            user_id,
            name,
            &secret::hash(&token),
            &secret::token_prefix(&token),
        )
        .await?;
    Ok(CreatedToken {
        token,
        info: record.into(),
    })
}

/// Creates a token for the writer and audits it (shared by the API and the web UI).
pub async fn create(writer: &Writer<'_>, name: Option<&str>) -> Result<CreatedToken, ApiError> {
    let created = issue(&writer.state.store, writer.actor.id, name).await?;
    let details = json!({ "name": created.info.name });
    writer
        .record(
            "token.create",
            "api_token",
            created.info.id.to_string(),
            details,
        )
        .await;
    Ok(created)
}

/// Revokes one of the writer's tokens and audits it (shared by the API and the web UI).
pub async fn revoke(writer: &Writer<'_>, token_id: i64) -> Result<(), ApiError> {
    writer
        .state
        .store
        .revoke_api_token(writer.actor.id, token_id)
        .await
        .map_err(|e| match e {
            tandem_store::StoreError::NotFound => ApiError::not_found("token"),
            other => other.into(),
        })?;
    writer
        .record("token.revoke", "api_token", token_id.to_string(), json!({}))
        .await;
    Ok(())
}

/// Creates an API token for the signed-in user.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "auth", request_body = CreateTokenRequest, responses(
    (status = 201, body = CreatedToken),
    (status = 401, body = crate::error::ErrorBody)
))]
pub async fn create_token(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateTokenRequest>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let created = create(&writer, body.name.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The signed-in user's tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "auth", responses((status = 200, body = Vec<TokenView>)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<TokenView>>> {
    let tokens = state.store.list_api_tokens(user.user.id).await?;
    Ok(Json(tokens.into_iter().map(TokenView::from).collect()))
}

/// Revokes one of the signed-in user's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "auth",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    revoke(&writer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
