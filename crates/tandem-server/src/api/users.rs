//! `/api/v1/users`: accounts. Admins create, change and deactivate; staff may list (for the
//! manager pickers); client users may not.

use crate::accounts::{self, AccountEdit, AccountInput};
use crate::api::views::UserView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;
use utoipa::ToSchema;

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    /// At least 10 characters; share it with the person, who can change it later.
    pub password: String,
    /// `admin`, `member` (default) or `client`.
    #[serde(default)]
    pub role: Option<String>,
    /// Required for client users.
    #[serde(default)]
    pub client_id: Option<i64>,
}

/// Activation change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SetActiveRequest {
    pub active: bool,
    /// The version you read (or send If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Creates an account (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest, responses(
    (status = 201, body = UserView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)
))]
pub async fn create_user(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateUserRequest>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let role = match body.role.as_deref() {
        Some(raw) => UserRole::parse(raw)?,
        None => UserRole::Member,
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let created = accounts::create_audited(
        &writer,
        AccountInput {
            email: body.email,
            name: body.name,
            password: body.password,
            role,
            client_id: body.client_id,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Lists accounts (staff only).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses(
    (status = 200, body = Vec<UserView>),
    (status = 403, body = crate::error::ErrorBody)
))]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<UserView>>> {
    if user.actor().is_client() {
        return Err(ApiError::forbidden("client accounts cannot list users"));
    }
    let users = state.store.list_users().await?;
    Ok(Json(users.into_iter().map(UserView::from).collect()))
}

/// Deactivates (or reactivates) an account; deactivation ends its sessions at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/active", tag = "users", request_body = SetActiveRequest,
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = UserView),
        (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn set_active(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SetActiveRequest>,
) -> ApiResult<Json<UserView>> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let expected = etag::expected_version(&headers, body.version)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let updated = accounts::set_active(&writer, id, body.active, expected).await?;
    Ok(Json(updated.into()))
}

/// One account (admins), with its version as the ETag.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = UserView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)
    ))]
pub async fn get_user(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let found = state
        .store
        .user_by_id(id)
        .await
        .map_err(accounts::missing_user)?;
    Ok(tagged(StatusCode::OK, found.version, UserView::from(found)))
}

/// Changes an account's e-mail, name, role or client (admins); fields left out keep their
/// value. Needs If-Match or `version`. Taking the admin role from the last active admin, or
/// moving someone between staff and client contact (or to another client) while they belong
/// to projects, is 422 saying what to do first; a taken e-mail is 409.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = AccountEdit,
    params(("id" = i64, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses(
        (status = 200, body = UserView, headers(("ETag" = String))),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody)
    ))]
pub async fn update_user(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AccountEdit>,
) -> ApiResult<Response> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let expected = etag::expected_version(&headers, body.version)?;
    let updated = accounts::update(&Writer::new(&state, &meta, &user), id, &body, expected).await?;
    Ok(tagged(
        StatusCode::OK,
        updated.version,
        UserView::from(updated),
    ))
}

/// A new password an admin sets for someone.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// At least 10 characters; share it with the person, who can change it later.
    pub password: String,
}

/// Sets a new password for someone who forgot theirs (admins); every session of the account
/// ends. An admin's own password changes with the current one (`PUT /api/v1/session/password`).
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", request_body = ResetPasswordRequest,
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 204),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    accounts::reset_password_audited(&Writer::new(&state, &meta, &user), id, &body.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
