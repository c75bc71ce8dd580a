//! `/settings/email` (admins): whether this server sends e-mail and through which relay, the
//! outbox with what became of each mail, and a test mail to oneself.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, NoFields, SignedIn};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::guard;
use crate::mail::outbox;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use tandem_core::access::WorkspaceAction;
use tandem_store::{MailStatus, OutboxCounts, OutboxMail};

/// A queued mail as listed.
pub struct Row {
    pub to: String,
    pub subject: String,
    pub status: &'static str,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// When it was sent, or when a pending one is tried next.
    pub when: String,
}

impl Row {
    /// The mail as `zone`'s reader sees it listed.
    fn new(mail: OutboxMail, zone: &TimeZone) -> Self {
        let time = |ms| format::timestamp(ms, zone);
        let when = match (mail.status, mail.sent_at) {
            (MailStatus::Sent, Some(sent_at)) => format!("sent {}", time(sent_at)),
            (MailStatus::Pending, _) => format!("next attempt {}", time(mail.next_attempt_at)),
            _ => format!("queued {}", time(mail.created_at)),
        };
        Self {
            to: mail.to_address,
            subject: mail.subject,
            status: mail.status.as_str(),
            attempts: mail.attempts,
            last_error: mail.last_error,
            when,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/email_settings.html")]
struct EmailPage {
    chrome: Chrome,
    /// The relay (password hidden) and sender, when this server has one.
    relay: Option<(String, String)>,
    counts: OutboxCounts,
    rows: Vec<Row>,
}

/// `GET /settings/email`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let (counts, mails) = outbox::recent(&state.store, None).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings).with_notice(notice.notice());
    let page = EmailPage {
        relay: state
            .config
            .mailer
            .as_ref()
            .map(|mailer| (mailer.relay().to_owned(), mailer.from())),
        counts,
        rows: mails
            .into_iter()
            .map(|mail| Row::new(mail, &chrome.zone))
            .collect(),
        chrome,
    };
    Ok(page::render(&page))
}

/// `POST /settings/email/test`: sends the admin a test mail now.
pub async fn send_test(
    State(state): State<AppState>,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let mailer = state.config.mailer.as_ref();
    let mail = outbox::send_test(&state.store, mailer, &user.user).await?;
    let notice = if mail.status == MailStatus::Sent.as_str() {
        Notice::TestEmailSent
    } else {
        Notice::TestEmailNotSent
    };
    Ok(notice.redirect("/settings/email").into_response())
}
