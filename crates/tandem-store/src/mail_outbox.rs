//! The e-mail outbox: mail queued in the database, claimed by one sender at a time, and what
//! became of each attempt. Notification mail is queued by
//! [`Store::raise_notification`](crate::Store::raise_notification) in the notification's own
//! transaction; a test mail by [`Store::enqueue_claimed_mail`].

use crate::{Store, StoreError, clock};

/// Where a queued mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The relay accepted it.
    Sent,
    /// Given up after too many attempts.
    Failed,
}

impl MailStatus {
    /// Every status, in the order the admin pages list them.
    pub const ALL: [MailStatus; 3] = [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    /// The status named `name`, if there is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// A mail to queue for one person, at the e-mail address of their (active) account.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub user_id: i64,
    pub subject: String,
    /// The message, one or a few sentences.
    pub text: String,
    /// The name of the page the mail links to.
    pub label: String,
    /// The path of that page, e.g. `/items/ACME-4` (made absolute when sent).
    pub link: String,
}

/// A queued mail and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub user_id: i64,
    /// The notification it copies, if any.
    pub notification_id: Option<i64>,
    /// The kind of that notification, which its unsubscribe link stops (none for a test mail).
    pub kind: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub label: String,
    pub link: String,
    pub status: MailStatus,
    /// Attempts made so far (a claimed mail counts its attempt).
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When a pending mail is tried next, unix milliseconds.
    pub next_attempt_at: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// How many mails stand in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// What became of one attempt to send a claimed mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailAttempt {
    /// The relay accepted it.
    Sent,
    /// It failed; try again after `delay_ms`.
    Retry { error: String, delay_ms: i64 },
    /// It failed for the last time.
    GaveUp { error: String },
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    user_id: i64,
    notification_id: Option<i64>,
    kind: Option<String>,
    to_address: String,
    subject: String,
    text: String,
    label: String,
    link: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: i64,
    created_at: i64,
    sent_at: Option<i64>,
}

impl TryFrom<OutboxRow> for OutboxMail {
    type Error = StoreError;

    fn try_from(row: OutboxRow) -> Result<Self, StoreError> {
        let status = MailStatus::parse(&row.status).ok_or_else(|| {
            crate::error::corrupt(
                "mail_outbox.status",
                std::io::Error::other(format!("unknown mail status '{}'", row.status)),
            )
        })?;
        Ok(Self {
            id: row.id,
            user_id: row.user_id,
            notification_id: row.notification_id,
            kind: row.kind,
            to_address: row.to_address,
            subject: row.subject,
            text: row.text,
            label: row.label,
            link: row.link,
            status,
            attempts: row.attempts,
            last_error: row.last_error,
            next_attempt_at: row.next_attempt_at,
            created_at: row.created_at,
            sent_at: row.sent_at,
        })
    }
}

fn into_mails(rows: Vec<OutboxRow>) -> Result<Vec<OutboxMail>, StoreError> {
    rows.into_iter().map(OutboxMail::try_from).collect()
}

/// The columns [`OutboxRow`] reads.
const COLUMNS: &str = "id, user_id, notification_id, kind, to_address, subject, text, label, link, \
     status, attempts, last_error, next_attempt_at, created_at, sent_at";

/// Queues a copy of the notification `(user_id, dedupe_key)` for its person, inside the
/// transaction that raised it; deactivated accounts get no mail.
pub(crate) const ENQUEUE_NOTIFICATION: &str = "INSERT INTO mail_outbox \
     (user_id, notification_id, kind, to_address, subject, text, label, link, status, \
      next_attempt_at, created_at) \
     SELECT u.id, n.id, n.kind, u.email, COALESCE('[' || p.key || '] ', '') || n.text, n.text, \
       n.label, n.link, 'pending', n.created_at, n.created_at \
     FROM notifications n JOIN users u ON u.id = n.user_id \
     LEFT JOIN projects p ON p.id = n.project_id \
     WHERE n.user_id = $1 AND n.dedupe_key = $2 AND u.active";

impl Store {
    /// Queues a mail for an active account, already claimed by the caller for `lease_ms`
    /// with its first attempt counted, so the caller tries it at once and no background
    /// sender races it (one that finds the lease expired takes over). `NotFound` when there
    /// is no active account with that id.
    #[tracing::instrument(skip_all)]
    pub async fn enqueue_claimed_mail(
        &self,
        new: &NewMail,
        lease_ms: i64,
    ) -> Result<OutboxMail, StoreError> {
        let now = clock::now_ms();
        let row: Option<OutboxRow> = in_transaction!(self, |tx| {
            sqlx::query_as(&format!(
                "INSERT INTO mail_outbox \
                 (user_id, to_address, subject, text, label, link, status, attempts, \
                  next_attempt_at, claimed_until, created_at) \
                 SELECT id, email, $2, $3, $4, $5, 'pending', 1, $6, $7, $6 FROM users \
                 WHERE id = $1 AND active RETURNING {COLUMNS}"
            ))
            .bind(new.user_id)
            .bind(&new.subject)
            .bind(&new.text)
            .bind(&new.label)
            .bind(&new.link)
            .bind(now)
            .bind(now + lease_ms)
            .fetch_optional(&mut *tx)
            .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Claims up to `limit` pending mails that are due for `lease_ms`, counting the attempt. A mail is claimed by one caller only, however many
    /// servers share the database: the update re-checks the claim on each row it takes.
    #[tracing::instrument(skip_all)]
    pub async fn claim_due_mails(
        &self,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        let now = clock::now_ms();
        let claimable = "status = 'pending' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until < $1)";
        let rows: Vec<OutboxRow> = in_transaction!(self, |tx| {
            sqlx::query_as(&format!(
                "UPDATE mail_outbox SET claimed_until = $2, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM mail_outbox WHERE {claimable} \
                   ORDER BY id LIMIT $3) \
                 AND {claimable} RETURNING {COLUMNS}"
            ))
            .bind(now)
            .bind(now + lease_ms)
            .bind(limit.max(0))
            .fetch_all(&mut *tx)
            .await?
        });
        let mut mails = into_mails(rows)?;
        mails.sort_by_key(|mail| mail.id);
        Ok(mails)
    }

    /// Records what became of the attempt on a claimed mail and releases it.
    #[tracing::instrument(skip_all)]
    pub async fn finish_mail_attempt(
        &self,
        id: i64,
        attempt: &MailAttempt,
    ) -> Result<OutboxMail, StoreError> {
        let now = clock::now_ms();
        let (status, error, next_attempt_at, sent_at) = match attempt {
            MailAttempt::Sent => (MailStatus::Sent, None, None, Some(now)),
            MailAttempt::Retry { error, delay_ms } => {
                (MailStatus::Pending, Some(error), Some(now + delay_ms), None)
            }
            MailAttempt::GaveUp { error } => (MailStatus::Failed, Some(error), None, None),
        };
        let row: Option<OutboxRow> = in_transaction!(self, |tx| {
            sqlx::query_as(&format!(
                "UPDATE mail_outbox SET status = $2, last_error = $3, \
                 next_attempt_at = COALESCE($4, next_attempt_at), sent_at = $5, \
                 claimed_until = NULL WHERE id = $1 RETURNING {COLUMNS}"
            ))
            .bind(id)
            .bind(status.as_str())
            .bind(error)
            .bind(next_attempt_at)
            .bind(sent_at)
            .fetch_optional(&mut *tx)
            .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// The newest queued mails, at most `limit`, only those in `status` when given.
    #[tracing::instrument(skip_all)]
    pub async fn mail_outbox(
        &self,
        status: Option<MailStatus>,
        limit: i64,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        let rows: Vec<OutboxRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM mail_outbox WHERE ($1 IS NULL OR status = $1) \
                 ORDER BY id DESC LIMIT $2"
            ))
            .bind(status.map(MailStatus::as_str))
            .bind(limit.max(0))
            .fetch_all(db)
            .await
        })?;
        into_mails(rows)
    }

    /// How many queued mails stand in each status.
    #[tracing::instrument(skip_all)]
    pub async fn mail_outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows: Vec<(String, i64)> = with_reader!(self, |db| {
            sqlx::query_as("SELECT status, COUNT(*) FROM mail_outbox GROUP BY status")
                .fetch_all(db)
                .await
        })?;
        let mut counts = OutboxCounts::default();
        for (status, count) in rows {
            match MailStatus::parse(&status) {
                Some(MailStatus::Pending) => counts.pending = count,
                Some(MailStatus::Sent) => counts.sent = count,
                Some(MailStatus::Failed) => counts.failed = count,
                None => {}
            }
        }
        Ok(counts)
    }
}
