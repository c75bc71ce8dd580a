//! `/notifications`: the signed-in person's notifications (newest first, unread marked, each
//! linking to its subject), marking them read, where each kind reaches them, and their time
//! zone, which decides the hour of their daily digest.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, NoFields, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use super::profile;
use crate::auth::CurrentUser;
use crate::notifications::{self, EmailDelivery, SettingView};
use crate::state::AppState;
use crate::time_zone::{self, ZoneName};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
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
    /// Every time zone, the person's selected.
    zones: Vec<SelectOption>,
    /// Why the settings form was refused (an unknown time zone).
    errors: FormErrors,
}

/// The settings form's fields that can be refused.
const FIELDS: &[Field] = &[("time_zone", "Time zone")];

/// `GET /notifications`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Notifications).with_notice(notice.notice());
    show(&state, &user, chrome, FormErrors::default()).await
}

/// The page, with `errors` at the settings form (422 when there are any).
async fn show(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    errors: FormErrors,
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
            when: format::timestamp(n.created_at, &chrome.zone),
            unread: n.read_at.is_none(),
        })
        .collect();
    let current = time_zone::of(store, user.user.id).await?;
    let page = NotificationsPage {
        chrome,
        unread: rows.iter().filter(|row| row.unread).count(),
        rows,
        settings: notifications::settings(store, user.user.id).await?,
        daily: notifications::email_delivery(store, user.user.id).await? == EmailDelivery::Daily,
        email_on: state.config.mailer.is_some(),
        zones: profile::zone_options(&current),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page::render_with_status(status, &page))
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
/// `email_delivery` radio (immediately or daily); the `time_zone` select. Without a relay
/// the e-mail boxes and radios are disabled and never sent, so the e-mail choices stored are
/// kept. An unknown time zone refuses the whole form, shown again with the message at it.
pub async fn save_settings(
    State(state): State<AppState>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let zone = match form
        .get("time_zone")
        .map(|name| ZoneName::parse(name))
        .transpose()
    {
        Ok(zone) => zone,
        Err(refused) => {
            let errors = FormErrors::from_api(refused, FIELDS)?;
            let chrome = Chrome::signed_in(&user, Section::Notifications);
            return show(&state, &user, chrome, errors).await;
        }
    };
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
    if let Some(zone) = &zone {
        time_zone::set(&state.store, user.user.id, zone).await?;
    }
    Ok(Notice::NotificationSettingsSaved
        .redirect("/notifications#settings")
        .into_response())
}
