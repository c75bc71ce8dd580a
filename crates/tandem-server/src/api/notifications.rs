//! `/api/v1/notifications` and `/api/v1/notification-settings`: the signed-in person's
//! notifications and where each kind reaches them; `POST …/notifications/sweep` runs the
//! time-based checks now, `GET …/notifications/outbox` shows the e-mail outbox and
//! `POST …/notifications/test-email` sends the caller a test mail (admins).

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::guard;
use crate::json::ApiJson;
use crate::mail::outbox::{self, OutboxMailView, OutboxView};
use crate::notifications::sweep::{self, SweepReport};
use crate::notifications::{self, EmailDeliveryView, NotificationView, SettingView};
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

/// Outbox query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only mails in this status: pending, sent, failed, held or digested.
    pub status: Option<String>,
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
    Ok(Json(
        sweep::run(&state, crate::clock::today(&state.store).await?).await?,
    ))
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

/// Whether the signed-in person's notification e-mail goes out at once or in one daily
/// digest at 07:00 in their time zone (`/api/v1/session/time-zone`).
#[utoipa::path(get, path = "/api/v1/notification-settings/email-delivery", tag = "notifications",
    responses((status = 200, body = EmailDeliveryView)))]
pub async fn get_email_delivery(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<EmailDeliveryView>> {
    let email_delivery = notifications::email_delivery(&state.store, user.user.id).await?;
    Ok(Json(EmailDeliveryView { email_delivery }))
}

/// Chooses at once or daily; back to at once, mail held for a digest is sent now.
#[utoipa::path(put, path = "/api/v1/notification-settings/email-delivery", tag = "notifications",
    request_body = EmailDeliveryView,
    responses((status = 200, body = EmailDeliveryView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_email_delivery(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<EmailDeliveryView>,
) -> ApiResult<Json<EmailDeliveryView>> {
    let email_delivery =
        notifications::set_email_delivery(&state.store, user.user.id, body.email_delivery).await?;
    Ok(Json(EmailDeliveryView { email_delivery }))
}

/// The e-mail outbox: whether this server has an SMTP relay, how many mails are pending,
/// sent and failed, and the newest mails with their last error (admins).
#[utoipa::path(get, path = "/api/v1/notifications/outbox", tag = "notifications",
    params(OutboxQuery),
    responses((status = 200, body = OutboxView), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn get_outbox(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<OutboxQuery>,
) -> ApiResult<Json<OutboxView>> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let status = outbox::parse_status(query.status.as_deref())?;
    let mailer = state.config.mailer.as_ref();
    Ok(Json(outbox::overview(&state.store, mailer, status).await?))
}

/// Sends the signed-in admin a test e-mail now and answers with the mail as it stands: sent,
/// or pending with the relay's error (it is retried like any other). 409
/// `email_not_configured` when the server has no SMTP relay.
#[utoipa::path(post, path = "/api/v1/notifications/test-email", tag = "notifications",
    responses((status = 200, body = OutboxMailView), (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn send_test_email(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<OutboxMailView>> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let mailer = state.config.mailer.as_ref();
    Ok(Json(
        outbox::send_test(&state.store, mailer, &user.user).await?,
    ))
}
