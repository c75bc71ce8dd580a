//! `/notifications`: the signed-in person's notifications (newest first, unread marked, each
//! linking to its subject), marking them read, and where each kind reaches them.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, NoFields, SignedIn};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::notifications::{self, EmailDelivery, SettingView};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tandem_core::notifications::NotificationKind;

/// A notification as listed.
pub struct Row {
    pub id: i64,
    pub link: String,
    pub label: String,
    pub text: String,
    pub project: Option<String>,
    pub when: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "pages/notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    rows: Vec<Row>,
    unread: usize,
    settings: Vec<SettingView>,
    /// The person takes notification e-mail once a day.
    daily: bool,
    /// The server has an SMTP relay.
    email_on: bool,
}

/// `GET /notifications`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let store = &state.store;
    let rows: Vec<Row> = store
        .notifications(user.user.id, false, 200)
        .await?
        .into_iter()
        .map(|n| Row {
            id: n.id,
            link: n.link,
            label: n.label,
            text: n.text,
            project: n.project_key,
            when: format::timestamp(n.created_at),
            unread: n.read_at.is_none(),
        })
        .collect();
    let page = NotificationsPage {
        chrome: Chrome::signed_in(&user, Section::Notifications).with_notice(notice.notice()),
        unread: rows.iter().filter(|row| row.unread).count(),
        rows,
        settings: notifications::settings(store, user.user.id).await?,
        daily: notifications::email_delivery(store, user.user.id).await? == EmailDelivery::Daily,
        email_on: state.config.mailer.is_some(),
    };
    Ok(page::render(&page))
}

/// `POST /notifications/{id}/read`.
pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    notifications::mark_read(&state.store, user.user.id, id).await?;
    Ok(Notice::NotificationRead
        .redirect("/notifications")
        .into_response())
}

/// `POST /notifications/read-all`.
pub async fn read_all(
    State(state): State<AppState>,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    notifications::mark_all_read(&state.store, user.user.id).await?;
    Ok(Notice::NotificationsAllRead
        .redirect("/notifications")
        .into_response())
}

/// `POST /notifications/settings`: one checkbox per kind and channel (`in_app.mention`,
/// `email.mention`); an unticked box is absent from the form, so every kind is saved; the
/// `email_delivery` radio (immediately or daily). Without a relay the e-mail boxes and
/// radios are disabled and never sent, so the e-mail choices stored are kept.
pub async fn save_settings(
    State(state): State<AppState>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let kept = match state.config.mailer {
        Some(_) => None,
        None => Some(notifications::settings(&state.store, user.user.id).await?),
    };
    let wants_email = |kind: NotificationKind| match &kept {
        Some(stored) => stored
            .iter()
            .any(|setting| setting.kind == kind.as_str() && setting.email),
        None => form.contains_key(&format!("email.{}", kind.as_str())),
    };
    let sent: Vec<SettingView> = NotificationKind::ALL
        .iter()
        .map(|kind| SettingView {
            kind: kind.as_str().to_owned(),
            label: String::new(),
            in_app: form.contains_key(&format!("in_app.{}", kind.as_str())),
            email: wants_email(*kind),
        })
        .collect();
    notifications::save_settings(&state.store, user.user.id, &sent).await?;
    if let Some(delivery) = form.get("email_delivery") {
        let delivery = EmailDelivery::parse("email_delivery", delivery)?;
        notifications::set_email_delivery(&state.store, user.user.id, delivery).await?;
    }
    Ok(Notice::NotificationSettingsSaved
        .redirect("/notifications#settings")
        .into_response())
}
