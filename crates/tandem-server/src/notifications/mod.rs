//! Notifications: what waits for someone (a go/no-go to decide, a decision past due, a
//! critical health signal, a mention, due dates a release delay moved), raised once per
//! standing condition and sent on the channels (in the app, by e-mail) each person chose for
//! its kind. Shared by the JSON API, the web UI and the CLI.
//!
//! [`go_no_go`], [`mentions`] and [`due_dates`] raise notifications right after the write
//! that causes them; [`sweep`] finds the conditions that arise with time (due dates, health)
//! and runs hourly inside `serve`.

pub mod due_dates;
pub mod go_no_go;
pub mod mentions;
pub mod sweep;

use crate::api::views::timestamp;
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use tandem_core::ValidationError;
use tandem_core::notifications::NotificationKind;
use tandem_store::{NewNotification, Notification, NotificationSetting, Store, StoreError};
use utoipa::ToSchema;

/// Most notifications one list shows.
const LIST_LIMIT: i64 = 200;

/// A notification to raise, before settings are applied.
#[derive(Debug, Clone)]
pub struct Raise {
    pub kind: NotificationKind,
    pub user_id: i64,
    pub project_id: Option<i64>,
    /// Path of the subject's page.
    pub link: String,
    /// The subject's name.
    pub label: String,
    /// What needs the person.
    pub text: String,
    /// The standing condition, without the kind (it is prefixed here).
    pub condition: String,
}

/// Raises `raise` on the channels its person chose for the kind, unless they chose neither
/// or already have it; returns whether it was raised. In the app and by e-mail are
/// independent (ADR 0027): a mail is queued in the outbox in the same write (see
/// [`crate::mail`]), and a kind wanted by e-mail only is stored unlisted, so the condition
/// is still raised once.
pub async fn raise(store: &Store, raise: Raise) -> Result<bool, ApiError> {
    let settings = store.notification_settings(raise.user_id).await?;
    let setting = setting_for(&settings, raise.kind);
    if !setting.in_app && !setting.email {
        return Ok(false);
    }
    let raised = store
        .raise_notification(
            &NewNotification {
                user_id: raise.user_id,
                kind: raise.kind.as_str().to_owned(),
                project_id: raise.project_id,
                link: raise.link,
                label: raise.label,
                text: raise.text,
                dedupe_key: format!("{}:{}", raise.kind.as_str(), raise.condition),
                in_app: setting.in_app,
            },
            setting.email,
        )
        .await?;
    Ok(raised)
}

/// Raises after a write that already happened: a failure is logged, not returned (like the
/// audit log), so the caller still learns that its write succeeded.
pub async fn raise_after_write(store: &Store, notification: Raise) {
    let kind = notification.kind;
    if let Err(error) = raise(store, notification).await {
        tracing::error!(
            ?error,
            kind = kind.as_str(),
            "could not raise a notification"
        );
    }
}

/// A notification as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// go_no_go, decision_overdue, critical_signal, mention or due_date_moved.
    pub kind: String,
    /// The project's key, when it is about one.
    pub project: Option<String>,
    /// Path of the subject's page in the web UI.
    pub link: String,
    /// The subject's name.
    pub label: String,
    pub text: String,
    pub created_at: String,
    pub read: bool,
    pub read_at: Option<String>,
}

impl From<Notification> for NotificationView {
    fn from(notification: Notification) -> Self {
        Self {
            id: notification.id,
            kind: notification.kind,
            project: notification.project_key,
            link: notification.link,
            label: notification.label,
            text: notification.text,
            created_at: timestamp(notification.created_at),
            read: notification.read_at.is_some(),
            read_at: notification.read_at.map(timestamp),
        }
    }
}

/// The person's notifications, newest first (only unread ones when asked).
pub async fn list(
    store: &Store,
    user_id: i64,
    unread_only: bool,
) -> Result<Vec<NotificationView>, ApiError> {
    let found = store
        .notifications(user_id, unread_only, LIST_LIMIT)
        .await?;
    Ok(found.into_iter().map(NotificationView::from).collect())
}

/// Marks one of the person's notifications read; anyone else's answers 404.
pub async fn mark_read(store: &Store, user_id: i64, id: i64) -> Result<(), ApiError> {
    store
        .mark_notification_read(user_id, id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("notification"),
            other => other.into(),
        })
}

/// Marks all of the person's notifications read; returns how many were unread.
pub async fn mark_all_read(store: &Store, user_id: i64) -> Result<u64, ApiError> {
    Ok(store.mark_all_notifications_read(user_id).await?)
}

/// One kind's setting: where notifications of that kind reach the person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettingView {
    /// go_no_go, decision_overdue, critical_signal, mention or due_date_moved.
    pub kind: String,
    /// What the kind is about (ignored when sent).
    #[serde(default)]
    pub label: String,
    /// Shown in the app (default on).
    pub in_app: bool,
    /// Sent by e-mail (default off), whether or not `in_app` is on; queued always, delivered
    /// while a server has an SMTP relay.
    pub email: bool,
}

/// The defaults for a kind nobody changed: in the app, no e-mail.
fn setting_for(stored: &[NotificationSetting], kind: NotificationKind) -> NotificationSetting {
    stored
        .iter()
        .find(|setting| setting.kind == kind.as_str())
        .cloned()
        .unwrap_or(NotificationSetting {
            kind: kind.as_str().to_owned(),
            in_app: true,
            email: false,
        })
}

/// The person's setting for every kind, defaults filled in.
pub async fn settings(store: &Store, user_id: i64) -> Result<Vec<SettingView>, ApiError> {
    let stored = store.notification_settings(user_id).await?;
    Ok(NotificationKind::ALL
        .iter()
        .map(|kind| {
            let setting = setting_for(&stored, *kind);
            SettingView {
                kind: setting.kind,
                label: kind.label().to_owned(),
                in_app: setting.in_app,
                email: setting.email,
            }
        })
        .collect())
}

/// Saves the settings sent (kinds not sent keep theirs) and returns them all.
pub async fn save_settings(
    store: &Store,
    user_id: i64,
    sent: &[SettingView],
) -> Result<Vec<SettingView>, ApiError> {
    let mut changes: Vec<NotificationSetting> = Vec::new();
    for setting in sent {
        let kind = NotificationKind::parse(setting.kind.trim())?;
        if changes.iter().any(|change| change.kind == kind.as_str()) {
            return Err(ValidationError::new(
                "kind",
                format!("'{}' is listed twice", kind.as_str()),
            )
            .into());
        }
        changes.push(NotificationSetting {
            kind: kind.as_str().to_owned(),
            in_app: setting.in_app,
            email: setting.email,
        });
    }
    store.save_notification_settings(user_id, &changes).await?;
    settings(store, user_id).await
}

/// When a person's notification e-mail goes out: each at once (the default), or gathered in
/// one digest a day at 07:00 in their own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmailDelivery {
    Immediately,
    Daily,
}

impl EmailDelivery {
    /// The name the API, the form and the CLI use.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailDelivery::Immediately => "immediately",
            EmailDelivery::Daily => "daily",
        }
    }

    /// The choice named `name`; anything else is a 422 naming `field`.
    pub fn parse(field: &'static str, name: &str) -> Result<Self, ApiError> {
        match name.trim() {
            "immediately" => Ok(EmailDelivery::Immediately),
            "daily" => Ok(EmailDelivery::Daily),
            _ => Err(ApiError::invalid_field(
                field,
                "must be immediately or daily",
            )),
        }
    }
}

/// How the person takes notification e-mail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmailDeliveryView {
    /// immediately (each mail at once, the default) or daily (one digest at 07:00 in the
    /// person's time zone, listing everything queued since the last; none on a day with
    /// nothing).
    pub email_delivery: EmailDelivery,
}

/// The person's e-mail delivery.
pub async fn email_delivery(store: &Store, user_id: i64) -> Result<EmailDelivery, ApiError> {
    Ok(if store.email_daily(user_id).await? {
        EmailDelivery::Daily
    } else {
        EmailDelivery::Immediately
    })
}

/// Sets the person's e-mail delivery; back to immediately, mail held for a digest goes now.
pub async fn set_email_delivery(
    store: &Store,
    user_id: i64,
    delivery: EmailDelivery,
) -> Result<EmailDelivery, ApiError> {
    store
        .set_email_daily(user_id, delivery == EmailDelivery::Daily)
        .await?;
    Ok(delivery)
}
