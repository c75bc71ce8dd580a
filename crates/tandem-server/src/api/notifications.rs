//! `/api/v1/notifications` and `/api/v1/notification-settings`: the signed-in person's
//! notifications and where each kind reaches them; `POST …/notifications/sweep` runs the
//! time-based checks now (admins).

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::guard;
use crate::json::ApiJson;
use crate::notifications::sweep::{self, SweepReport};
use crate::notifications::{self, NotificationView, SettingView};
use crate::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tandem_core::access::WorkspaceAction;
use utoipa::{IntoParams, ToSchema};

/// Notification list query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only unread notifications.
    #[serde(default)]
    pub unread: bool,
}

/// How many notifications were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
}

/// The signed-in person's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(ListQuery),
    responses((status = 200, body = Vec<NotificationView>), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<NotificationView>>> {
    let found = notifications::list(&state.store, user.user.id, query.unread).await?;
    Ok(Json(found))
}

/// Marks one of the signed-in person's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path, description = "Notification id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn read_notification(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    notifications::mark_read(&state.store, user.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all of the signed-in person's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications",
    responses((status = 200, body = MarkedRead)))]
pub async fn read_all_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<MarkedRead>> {
    let marked = notifications::mark_all_read(&state.store, user.user.id).await?;
    Ok(Json(MarkedRead { marked }))
}

/// Runs the notification sweep now (decisions past due, critical health signals).
#[utoipa::path(post, path = "/api/v1/notifications/sweep", tag = "notifications",
    responses((status = 200, body = SweepReport), (status = 403, body = crate::error::ErrorBody)))]
pub async fn run_sweep(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SweepReport>> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    Ok(Json(sweep::run(&state, crate::clock::today()).await?))
}

/// Where each kind of notification reaches the signed-in person.
#[utoipa::path(get, path = "/api/v1/notification-settings", tag = "notifications",
    responses((status = 200, body = Vec<SettingView>)))]
pub async fn get_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<SettingView>>> {
    Ok(Json(
        notifications::settings(&state.store, user.user.id).await?,
    ))
}

/// Changes the settings of the kinds sent; the others keep theirs.
#[utoipa::path(put, path = "/api/v1/notification-settings", tag = "notifications",
    request_body = Vec<SettingView>,
    responses((status = 200, body = Vec<SettingView>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<Vec<SettingView>>,
) -> ApiResult<Json<Vec<SettingView>>> {
    let saved = notifications::save_settings(&state.store, user.user.id, &body).await?;
    Ok(Json(saved))
}
