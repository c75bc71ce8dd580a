//! In-app notifications, each person's notification settings, and the one query the
//! notification sweep needs (open decisions past their date).

use crate::{Store, StoreError, clock};
use serde::Serialize;

/// A notification to raise for one person.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Who it is for.
    pub user_id: i64,
    /// Its kind, e.g. `mention` (validated by the server).
    pub kind: String,
    /// The project it is about, if any.
    pub project_id: Option<i64>,
    /// Path of the page about the subject, e.g. `/items/ACME-4`.
    pub link: String,
    /// The subject's name, shown as the link text.
    pub label: String,
    /// One sentence saying what needs the person.
    pub text: String,
    /// Names the condition; the same key never notifies the same person twice.
    pub dedupe_key: String,
    /// Listed in the app. False for a notification the person wants by e-mail only: it is
    /// still stored, so the condition is not raised (and mailed) again.
    pub in_app: bool,
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub project_id: Option<i64>,
    /// The project's key, when it is about a project.
    pub project_key: Option<String>,
    pub link: String,
    pub label: String,
    pub text: String,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// When it was marked read, unix milliseconds.
    pub read_at: Option<i64>,
}

/// One person's stored choice for one kind (kinds without a row use the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationSetting {
    pub kind: String,
    pub in_app: bool,
    pub email: bool,
}

/// An open decision whose due or revisit date has passed, with who is accountable for it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OverdueDecision {
    pub decision_id: i64,
    pub project_id: i64,
    pub project_key: String,
    pub title: String,
    /// The decider, else the project's product manager; `None` when neither exists.
    pub accountable_id: Option<i64>,
    /// The date that passed (the due date, else the revisit date).
    pub past_date: String,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    user_id: i64,
    kind: String,
    project_id: Option<i64>,
    project_key: Option<String>,
    link: String,
    label: String,
    text: String,
    created_at: i64,
    read_at: Option<i64>,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            kind: row.kind,
            project_id: row.project_id,
            project_key: row.project_key,
            link: row.link,
            label: row.label,
            text: row.text,
            created_at: row.created_at,
            read_at: row.read_at,
        }
    }
}

impl Store {
    /// Raises a notification unless the person already has one with the same dedupe key;
    /// returns whether it was raised. With `email`, a copy is queued in the mail outbox in
    /// the same transaction, so a raised notification's mail is never lost.
    #[tracing::instrument(skip_all)]
    pub async fn raise_notification(
        &self,
        new: &NewNotification,
        email: bool,
    ) -> Result<bool, StoreError> {
        let inserted = in_transaction!(self, |tx| {
            let inserted = sqlx::query(
                "INSERT INTO notifications \
                 (user_id, kind, project_id, link, label, text, dedupe_key, created_at, in_app) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (user_id, dedupe_key) DO NOTHING",
            )
            .bind(new.user_id)
            .bind(&new.kind)
            .bind(new.project_id)
            .bind(&new.link)
            .bind(&new.label)
            .bind(&new.text)
            .bind(&new.dedupe_key)
            .bind(clock::now_ms())
            .bind(new.in_app)
            .execute(&mut *tx)
            .await
            .map_err(crate::error::broken_reference(
                "notification: no such user or project",
            ))?
            .rows_affected();
            if inserted == 1 && email {
                sqlx::query(crate::mail_outbox::ENQUEUE_NOTIFICATION)
                    .bind(new.user_id)
                    .bind(&new.dedupe_key)
                    .execute(&mut *tx)
                    .await?;
            }
            inserted
        });
        Ok(inserted == 1)
    }

    /// A person's notifications in the app, newest first, at most `limit`; only unread ones
    /// if asked.
    #[tracing::instrument(skip_all)]
    pub async fn notifications(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        let rows: Vec<NotificationRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT n.id, n.user_id, n.kind, n.project_id, p.key AS project_key, n.link, \
                 n.label, n.text, n.created_at, n.read_at \
                 FROM notifications n LEFT JOIN projects p ON p.id = n.project_id \
                 WHERE n.user_id = $1 AND n.in_app AND ($2 = FALSE OR n.read_at IS NULL) \
                 ORDER BY n.id DESC LIMIT $3",
            )
            .bind(user_id)
            .bind(unread_only)
            .bind(limit.max(0))
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    /// How many unread notifications a person has (the bell's count).
    #[tracing::instrument(skip_all)]
    pub async fn unread_notification_count(&self, user_id: i64) -> Result<i64, StoreError> {
        let count = with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM notifications \
                 WHERE user_id = $1 AND in_app AND read_at IS NULL",
            )
            .bind(user_id)
            .fetch_one(db)
            .await
        })?;
        Ok(count)
    }

    /// Marks one of the person's notifications read (again is fine); another person's, one
    /// not in the app or a missing one is `NotFound`.
    #[tracing::instrument(skip_all)]
    pub async fn mark_notification_read(&self, user_id: i64, id: i64) -> Result<(), StoreError> {
        let found = in_transaction!(self, |tx| {
            sqlx::query(
                "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
                 WHERE id = $1 AND user_id = $2 AND in_app",
            )
            .bind(id)
            .bind(user_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        if found == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// Marks every unread notification of the person read; returns how many.
    #[tracing::instrument(skip_all)]
    pub async fn mark_all_notifications_read(&self, user_id: i64) -> Result<u64, StoreError> {
        let changed = in_transaction!(self, |tx| {
            sqlx::query(
                "UPDATE notifications SET read_at = $2 \
                 WHERE user_id = $1 AND in_app AND read_at IS NULL",
            )
            .bind(user_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        Ok(changed)
    }

    /// The kinds a person changed from the defaults.
    #[tracing::instrument(skip_all)]
    pub async fn notification_settings(
        &self,
        user_id: i64,
    ) -> Result<Vec<NotificationSetting>, StoreError> {
        let rows: Vec<(String, bool, bool)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT kind, in_app, email FROM notification_settings \
                 WHERE user_id = $1 ORDER BY kind",
            )
            .bind(user_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(kind, in_app, email)| NotificationSetting {
                kind,
                in_app,
                email,
            })
            .collect())
    }

    /// Replaces a person's settings for the given kinds, in one transaction.
    #[tracing::instrument(skip_all)]
    pub async fn save_notification_settings(
        &self,
        user_id: i64,
        settings: &[NotificationSetting],
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            for setting in settings {
                sqlx::query(
                    "INSERT INTO notification_settings (user_id, kind, in_app, email) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind) \
                     DO UPDATE SET in_app = excluded.in_app, email = excluded.email",
                )
                .bind(user_id)
                .bind(&setting.kind)
                .bind(setting.in_app)
                .bind(setting.email)
                .execute(&mut *tx)
                .await
                .map_err(crate::error::broken_reference("user: no such user"))?;
            }
        });
        Ok(())
    }

    /// Open (proposed) decisions of active projects whose due or revisit date is before
    /// `today` (`YYYY-MM-DD`).
    #[tracing::instrument(skip_all)]
    pub async fn overdue_open_decisions(
        &self,
        today: &str,
    ) -> Result<Vec<OverdueDecision>, StoreError> {
        let rows = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT d.id AS decision_id, d.project_id, p.key AS project_key, d.title, \
                 COALESCE(d.decider_id, (SELECT m.user_id FROM project_members m \
                   WHERE m.project_id = d.project_id AND m.role = 'product_manager')) \
                   AS accountable_id, \
                 CASE WHEN d.due_on IS NOT NULL AND d.due_on < $1 THEN d.due_on \
                   ELSE d.revisit_on END AS past_date \
                 FROM decisions d JOIN projects p ON p.id = d.project_id \
                 WHERE d.status = 'proposed' AND NOT p.archived \
                 AND ((d.due_on IS NOT NULL AND d.due_on < $1) \
                   OR (d.revisit_on IS NOT NULL AND d.revisit_on < $1)) \
                 ORDER BY d.id",
            )
            .bind(today)
            .fetch_all(db)
            .await
        })?;
        Ok(rows)
    }
}
