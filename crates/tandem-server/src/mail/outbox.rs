//! Draining the outbox: claim the due mails, hand each to the relay, record the outcome —
//! sent, retried later with exponential backoff, or failed after the last attempt. What an
//! admin sees of it (and the test mail they send themselves) is here too, shared by the API,
//! the web page and the CLI.

use super::compose::Letter;
use super::relay::{Mailer, SendError};
use super::unsubscribe::{self, Scope, Secret};
use crate::api::views::timestamp;
use crate::error::ApiError;
use axum::http::StatusCode;
use serde::Serialize;
use std::time::Duration;
use tandem_core::notifications::NotificationKind;
use tandem_store::{
    MailAttempt, MailStatus, NewMail, OutboxCounts, OutboxMail, Store, StoreError, User,
};
use utoipa::ToSchema;

/// Mails claimed per pass.
const BATCH: i64 = 20;
/// How long a sender holds the mails it claimed: well past the SMTP timeout, so a mail is
/// only picked up again when its sender died.
const LEASE: Duration = Duration::from_secs(5 * 60);
/// Most mails the admin overview lists.
const LIST_LIMIT: i64 = 100;

/// Tries every due mail once, one claimed batch at a time.
pub async fn deliver_due(store: &Store, mailer: &Mailer) -> Result<(), StoreError> {
    loop {
        let claimed = store.claim_due_mails(BATCH, millis(LEASE)).await?;
        if claimed.is_empty() {
            return Ok(());
        }
        let secret = Secret::load(store).await?;
        for mail in &claimed {
            log(&attempt(store, mailer, &secret, mail).await?);
        }
    }
}

/// Delivers due mail every [`RetryPolicy::poll_every`](super::relay::RetryPolicy) until the
/// process ends; failures of the store are logged and tried again at the next tick.
pub async fn deliver_forever(store: Store, mailer: Mailer) {
    let mut ticks = tokio::time::interval(mailer.retry.poll_every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(error) = deliver_due(&store, &mailer).await {
            tracing::error!(%error, "could not drain the mail outbox");
        }
    }
}

/// What became of a mail the background sender tried (a test mail's outcome goes to the
/// admin who sent it instead).
fn log(mail: &OutboxMail) {
    let error = mail.last_error.as_deref().unwrap_or_default();
    match mail.status {
        MailStatus::Sent => tracing::info!(mail = mail.id, "mail sent"),
        // A claimed mail is never held or digested; say so if the store ever answers that.
        MailStatus::Held | MailStatus::Digested => {
            tracing::warn!(
                mail = mail.id,
                status = mail.status.as_str(),
                "mail not tried"
            );
        }
        MailStatus::Pending => {
            tracing::warn!(
                mail = mail.id,
                attempts = mail.attempts,
                error,
                "mail not sent; will retry"
            );
        }
        MailStatus::Failed => {
            tracing::error!(
                mail = mail.id,
                attempts = mail.attempts,
                error,
                "mail not sent; gave up"
            );
        }
    }
}

/// One attempt on a claimed mail, recorded.
async fn attempt(
    store: &Store,
    mailer: &Mailer,
    secret: &Secret,
    mail: &OutboxMail,
) -> Result<OutboxMail, StoreError> {
    let letter = letter(store, mailer, secret, mail).await?;
    let outcome = match mailer.send(&mail.to_address, &letter).await {
        Ok(()) => MailAttempt::Sent,
        Err(SendError::Transient(error)) if mail.attempts < mailer.retry.max_attempts => {
            MailAttempt::Retry {
                error,
                delay_ms: millis(mailer.retry.backoff(mail.attempts)),
            }
        }
        Err(SendError::Transient(error) | SendError::Permanent(error)) => {
            MailAttempt::GaveUp { error }
        }
    };
    store.finish_mail_attempt(mail.id, &outcome).await
}

/// What `mail` says, with the footer's reason and, for notification mail, the link that
/// stops it: a digest lists what it gathered (its link stops all notification e-mail), a
/// notification its kind; otherwise it is the test mail an admin sent themselves.
async fn letter(
    store: &Store,
    mailer: &Mailer,
    secret: &Secret,
    mail: &OutboxMail,
) -> Result<Letter, StoreError> {
    let public_url = mailer.public_url();
    let stop = |scope| unsubscribe::url(public_url, &secret.token(mail.user_id, scope));
    if mail.digest_on.is_some() {
        let items = store.digest_items(mail.id).await?;
        return Ok(Letter::digest(public_url, mail, &items, stop(Scope::All)));
    }
    let kind = mail
        .kind
        .as_deref()
        .and_then(|kind| NotificationKind::parse(kind).ok());
    Ok(match kind {
        Some(kind) => Letter::single(
            public_url,
            mail,
            format!(
                "You get this e-mail because you chose \"{}\" by e-mail in Tandem.",
                kind.label()
            ),
            Some(stop(Scope::Kind(kind))),
        ),
        None => Letter::single(
            public_url,
            mail,
            "You sent yourself this test e-mail from Tandem's e-mail settings.".to_owned(),
            None,
        ),
    })
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// A queued mail as admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMailView {
    pub id: i64,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    /// pending, sent, failed, held (waits for the daily digest) or digested (went out in one).
    pub status: String,
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When a pending mail is tried next.
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The notification it copies (none for a test mail).
    pub notification_id: Option<i64>,
}

impl From<OutboxMail> for OutboxMailView {
    fn from(mail: OutboxMail) -> Self {
        Self {
            id: mail.id,
            to: mail.to_address,
            subject: mail.subject,
            status: mail.status.as_str().to_owned(),
            attempts: mail.attempts,
            last_error: mail.last_error,
            next_attempt_at: (mail.status == MailStatus::Pending)
                .then(|| timestamp(mail.next_attempt_at)),
            created_at: timestamp(mail.created_at),
            sent_at: mail.sent_at.map(timestamp),
            notification_id: mail.notification_id,
        }
    }
}

/// How many mails stand in each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxCountsView {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    /// Waiting for their person's daily digest.
    pub held: i64,
    /// Gathered into a digest mail (counted there too).
    pub digested: i64,
}

/// The outbox as admins see it: whether this server sends mail, through which relay, and
/// the newest mails with what became of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxView {
    /// This server has an SMTP relay; without one, mail stays pending.
    pub configured: bool,
    /// The relay, password hidden.
    pub relay: Option<String>,
    /// The sender address.
    pub from: Option<String>,
    pub counts: OutboxCountsView,
    /// Newest first, at most 100.
    pub mails: Vec<OutboxMailView>,
}

/// The outbox's counts and its newest mails (only those in `status` when given): what the
/// API, the CLI and the settings page list.
pub async fn recent(
    store: &Store,
    status: Option<MailStatus>,
) -> Result<(OutboxCounts, Vec<OutboxMail>), StoreError> {
    let counts = store.mail_outbox_counts().await?;
    let mails = store.mail_outbox(status, LIST_LIMIT).await?;
    Ok((counts, mails))
}

/// The outbox overview, only mails in `status` when given.
pub async fn overview(
    store: &Store,
    mailer: Option<&Mailer>,
    status: Option<MailStatus>,
) -> Result<OutboxView, ApiError> {
    let (counts, mails) = recent(store, status).await?;
    Ok(OutboxView {
        configured: mailer.is_some(),
        relay: mailer.map(|mailer| mailer.relay().to_owned()),
        from: mailer.map(Mailer::from),
        counts: OutboxCountsView {
            pending: counts.pending,
            sent: counts.sent,
            failed: counts.failed,
            held: counts.held,
            digested: counts.digested,
        },
        mails: mails.into_iter().map(OutboxMailView::from).collect(),
    })
}

/// The `status` filter of the overview; an unknown status is a 422.
pub fn parse_status(status: Option<&str>) -> Result<Option<MailStatus>, ApiError> {
    status
        .map(|name| {
            MailStatus::parse(name.trim()).ok_or_else(|| {
                ApiError::invalid_field("status", "must be pending, sent, failed, held or digested")
            })
        })
        .transpose()
}

/// Queues a test mail to `user` and tries it at once, so the admin learns whether the relay
/// works: the answer is the mail as it stands after that attempt (sent, or pending with the
/// relay's error and retried like any other). Without a relay: 409 `email_not_configured`.
pub async fn send_test(
    store: &Store,
    mailer: Option<&Mailer>,
    user: &User,
) -> Result<OutboxMailView, ApiError> {
    let mailer = mailer.ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "email_not_configured",
            "this server has no SMTP relay; start it with --smtp-url and --smtp-from",
        )
    })?;
    let queued = store
        .enqueue_claimed_mail(
            &NewMail {
                user_id: user.id,
                subject: "Tandem test e-mail".to_owned(),
                text: format!(
                    "This is a test e-mail that {} sent from Tandem: mail through {} reaches you.",
                    user.name,
                    mailer.relay()
                ),
                label: "E-mail settings".to_owned(),
                link: "/settings/email".to_owned(),
            },
            millis(LEASE),
        )
        .await?;
    let secret = Secret::load(store).await?;
    Ok(attempt(store, mailer, &secret, &queued).await?.into())
}
