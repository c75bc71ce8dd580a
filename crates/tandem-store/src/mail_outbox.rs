//! The e-mail outbox: mail queued in the database, claimed by one sender at a time, and what
//! became of each attempt. Notification mail is queued by
//! [`Store::raise_notification`](crate::Store::raise_notification) in the notification's own
//! transaction; a test mail by [`Store::enqueue_claimed_mail`].

use crate::workspace_zone::person_zone;
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
    /// Waits for its person's daily digest.
    Held,
    /// Went out in a digest mail.
    Digested,
}

impl MailStatus {
    /// Every status, in the order the admin pages list them.
    pub const ALL: [MailStatus; 5] = [
        MailStatus::Pending,
        MailStatus::Sent,
        MailStatus::Failed,
        MailStatus::Held,
        MailStatus::Digested,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::Held => "held",
            MailStatus::Digested => "digested",
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
    /// The day of a digest mail (YYYY-MM-DD) in its person's time zone; its items are
    /// [`Store::digest_items`].
    pub digest_on: Option<String>,
}

/// How many mails stand in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub held: i64,
    pub digested: i64,
}

/// A person with mail held for their daily digest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HeldMail {
    pub user_id: i64,
    /// Their time zone (IANA name): their own, else the workspace's.
    pub time_zone: String,
    /// When the oldest of their held mails was queued, unix milliseconds: the digest run
    /// skips them while that is after their latest 07:00.
    pub oldest_ms: i64,
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
    digest_on: Option<String>,
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
            digest_on: row.digest_on,
        })
    }
}

fn into_mails(rows: Vec<OutboxRow>) -> Result<Vec<OutboxMail>, StoreError> {
    rows.into_iter().map(OutboxMail::try_from).collect()
}

/// The columns [`OutboxRow`] reads.
const COLUMNS: &str = "id, user_id, notification_id, kind, to_address, subject, text, label, link, \
     status, attempts, last_error, next_attempt_at, created_at, sent_at, digest_on";

/// Queues a copy of the notification `(user_id, dedupe_key)` for its person, inside the
/// transaction that raised it: `pending`, or `held` for their digest when they take e-mail
/// daily. Deactivated accounts get no mail.
pub(crate) const ENQUEUE_NOTIFICATION: &str = "INSERT INTO mail_outbox \
     (user_id, notification_id, kind, to_address, subject, text, label, link, status, \
      next_attempt_at, created_at) \
     SELECT u.id, n.id, n.kind, u.email, COALESCE('[' || p.key || '] ', '') || n.text, n.text, \
       n.label, n.link, \
       CASE WHEN EXISTS (SELECT 1 FROM notification_delivery d \
         WHERE d.user_id = u.id AND d.email = 'daily') THEN 'held' ELSE 'pending' END, \
       n.created_at, n.created_at \
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
                Some(MailStatus::Held) => counts.held = count,
                Some(MailStatus::Digested) => counts.digested = count,
                None => {}
            }
        }
        Ok(counts)
    }

    /// Whether the person takes notification e-mail once a day (else at once).
    #[tracing::instrument(skip_all)]
    pub async fn email_daily(&self, user_id: i64) -> Result<bool, StoreError> {
        let stored: Option<String> = with_reader!(self, |db| {
            sqlx::query_scalar("SELECT email FROM notification_delivery WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(db)
                .await
        })?;
        Ok(stored.as_deref() == Some("daily"))
    }

    /// Sets how the person takes notification e-mail. Back to at once, their held mails are
    /// released to be sent now, so nothing waits for a digest that will not come.
    #[tracing::instrument(skip_all)]
    pub async fn set_email_daily(&self, user_id: i64, daily: bool) -> Result<(), StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO notification_delivery (user_id, email) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET email = excluded.email",
            )
            .bind(user_id)
            .bind(if daily { "daily" } else { "immediately" })
            .execute(&mut *tx)
            .await
            .map_err(crate::error::broken_reference("user: no such user"))?;
            if !daily {
                sqlx::query(
                    "UPDATE mail_outbox SET status = 'pending', next_attempt_at = $2 \
                     WHERE user_id = $1 AND status = 'held'",
                )
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// The active people with held mail, with their time zone, since each one's digest is
    /// due at their own 07:00.
    #[tracing::instrument(skip_all)]
    pub async fn people_with_held_mail(&self) -> Result<Vec<HeldMail>, StoreError> {
        let held = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT m.user_id, ",
                person_zone!("z"),
                " AS time_zone, MIN(m.created_at) AS oldest_ms \
                 FROM mail_outbox m JOIN users u ON u.id = m.user_id \
                 LEFT JOIN user_time_zones z ON z.user_id = m.user_id \
                 WHERE m.status = 'held' AND u.active \
                 GROUP BY m.user_id, z.time_zone ORDER BY m.user_id"
            ))
            .fetch_all(db)
            .await
        })?;
        Ok(held)
    }

    /// Gathers the person's mail held since before `before_ms` into one pending digest mail
    /// for `day`, marking it digested, in one transaction; `None` when nothing is held or
    /// that day's digest exists already (another server made it).
    #[tracing::instrument(skip_all)]
    pub async fn gather_digest(
        &self,
        user_id: i64,
        before_ms: i64,
        day: &str,
        subject: &str,
    ) -> Result<Option<OutboxMail>, StoreError> {
        let now = clock::now_ms();
        let held = "user_id = $1 AND status = 'held' AND created_at < $2";
        let row: Option<OutboxRow> = in_transaction!(self, |tx| {
            let digest: Option<OutboxRow> = sqlx::query_as(&format!(
                "INSERT INTO mail_outbox \
                 (user_id, to_address, subject, text, label, link, status, next_attempt_at, \
                  created_at, digest_on) \
                 SELECT u.id, u.email, $4, 'Your notifications since the last digest.', \
                   'Notifications', '/notifications', 'pending', $5, $5, $3 \
                 FROM users u WHERE u.id = $1 AND u.active \
                 AND EXISTS (SELECT 1 FROM mail_outbox WHERE {held}) \
                 ON CONFLICT (user_id, digest_on) DO NOTHING RETURNING {COLUMNS}"
            ))
            .bind(user_id)
            .bind(before_ms)
            .bind(day)
            .bind(subject)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(digest) = &digest {
                sqlx::query(&format!(
                    "UPDATE mail_outbox SET status = 'digested', digest_id = $3 WHERE {held}"
                ))
                .bind(user_id)
                .bind(before_ms)
                .bind(digest.id)
                .execute(&mut *tx)
                .await?;
            }
            digest
        });
        row.map(OutboxMail::try_from).transpose()
    }

    /// The mails a digest gathered, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn digest_items(&self, digest_id: i64) -> Result<Vec<OutboxMail>, StoreError> {
        let rows: Vec<OutboxRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM mail_outbox WHERE digest_id = $1 ORDER BY id"
            ))
            .bind(digest_id)
            .fetch_all(db)
            .await
        })?;
        into_mails(rows)
    }
}
