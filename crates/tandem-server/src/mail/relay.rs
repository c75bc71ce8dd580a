//! The SMTP relay the server sends through, built once from `--smtp-url`, `--smtp-from` and
//! `--public-url`, and how the outbox retries.
//!
//! URL forms: `smtps://user:pass@host:465` (implicit TLS), `smtp://user:pass@host:587`
//! (STARTTLS required whenever the URL carries a password, so it never travels in clear),
//! `smtp://host:25` (plain, for a relay on the same host or network). An explicit
//! `?tls=required` or `?tls=opportunistic` asks for STARTTLS without credentials.

use super::compose::{self, Letter};
use lettre::address::Address;
use lettre::message::Mailbox;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::fmt;
use std::time::Duration;
use url::{Host, Url};

/// How long one SMTP conversation may take before it counts as a failed attempt.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How the outbox is drained and retried; the defaults suit a server, tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How often the sender looks for due mail.
    pub poll_every: Duration,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub first_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// Attempts before a mail is marked failed.
    pub max_attempts: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            poll_every: Duration::from_secs(10),
            first_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(60 * 60),
            max_attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// The wait before the next attempt after `attempts` failed ones (exponential, capped).
    pub fn backoff(&self, attempts: i64) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.first_backoff
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.max_backoff)
    }
}

/// Why the mail settings were refused (said once at start, naming the flag).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailConfigError {
    #[error("--smtp-url: {0}")]
    Url(String),
    #[error("--smtp-from: {0}")]
    From(String),
    #[error("--public-url: {0}")]
    PublicUrl(String),
}

/// Why one mail was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another attempt later (relay unreachable, busy, timed out).
    Transient(String),
    /// Will never work as it is (the relay refused it for good, a malformed address).
    Permanent(String),
}

/// The configured relay; cheap to clone. Its `Debug` never shows the password.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    relay: String,
    /// How the outbox drains and retries through this relay.
    pub retry: RetryPolicy,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("relay", &self.relay)
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Mailer {
    /// Checks the settings and prepares the transport (no connection is made yet).
    pub fn new(
        smtp_url: &str,
        from: &str,
        public_url: &str,
        retry: RetryPolicy,
    ) -> Result<Self, MailConfigError> {
        let public = parse_public_url(public_url)?;
        let from: Mailbox = from.trim().parse().map_err(|_| {
            MailConfigError::From(format!(
                "'{from}' is not an e-mail address (e.g. \"Tandem <tandem@example.com>\")"
            ))
        })?;
        let relay = relay_url(smtp_url)?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(relay.as_str())
            .map_err(|error| MailConfigError::Url(error.to_string()))?
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(Host::Domain(domain)) = public.host() {
            builder = builder.hello_name(ClientId::Domain(domain.to_owned()));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            public_url: public.as_str().trim_end_matches('/').to_owned(),
            relay: redacted(&relay),
            retry,
        })
    }

    /// The relay as it may be shown: the password replaced by `***`.
    pub fn relay(&self) -> &str {
        &self.relay
    }

    /// The sender address every mail carries.
    pub fn from(&self) -> String {
        self.from.to_string()
    }

    /// The server's address as people reach it, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Hands `letter` to the relay, for `to_address`.
    pub async fn send(&self, to_address: &str, letter: &Letter) -> Result<(), SendError> {
        let to: Address = to_address.parse().map_err(|_| {
            SendError::Permanent(format!("'{to_address}' is not an e-mail address"))
        })?;
        let message = compose::message(self.from.clone(), Mailbox::new(None, to), letter)
            .map_err(|error| SendError::Permanent(error.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
            Err(error) => Err(SendError::Transient(error.to_string())),
        }
    }
}

/// The public URL, which must be absolute HTTP(S).
fn parse_public_url(public_url: &str) -> Result<Url, MailConfigError> {
    let url = Url::parse(public_url.trim()).map_err(|error| {
        MailConfigError::PublicUrl(format!("'{public_url}' is not a URL ({error})"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(MailConfigError::PublicUrl(format!(
            "'{public_url}' must be an http:// or https:// address"
        )));
    }
    Ok(url)
}

/// The relay URL as lettre reads it: STARTTLS required when a password is given without a
/// `tls` choice.
fn relay_url(smtp_url: &str) -> Result<Url, MailConfigError> {
    let mut url = Url::parse(smtp_url.trim()).map_err(|error| {
        MailConfigError::Url(format!(
            "not a URL ({error}); e.g. smtp://user:pass@host:587"
        ))
    })?;
    if !matches!(url.scheme(), "smtp" | "smtps") {
        return Err(MailConfigError::Url(format!(
            "the scheme must be smtp or smtps, not '{}'",
            url.scheme()
        )));
    }
    if url.host().is_none() {
        return Err(MailConfigError::Url("the relay's host is missing".into()));
    }
    let tls_chosen = url.query_pairs().any(|(key, _)| key == "tls");
    if url.scheme() == "smtp" && url.password().is_some() && !tls_chosen {
        url.query_pairs_mut().append_pair("tls", "required");
    }
    Ok(url)
}

/// `url` without its password, for logs and the admin page.
fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailer(smtp_url: &str) -> Result<Mailer, MailConfigError> {
        Mailer::new(
            smtp_url,
            "Tandem <tandem@example.com>",
            "https://tandem.example.com/",
            RetryPolicy::default(),
        )
    }

    #[test]
    fn a_password_means_starttls_and_is_never_shown() {
        let relay = mailer("smtp://mail%40example.com:s3cret@smtp.example.com:587")
            .expect("valid settings");
        assert_eq!(
            relay.relay(),
            "smtp://mail%40example.com:***@smtp.example.com:587?tls=required"
        );
        assert!(!format!("{relay:?}").contains("s3cret"));
        assert_eq!(relay.public_url(), "https://tandem.example.com");
    }

    #[test]
    fn a_local_relay_stays_plain_and_smtps_is_implicit_tls() {
        assert_eq!(
            mailer("smtp://localhost:25").expect("plain").relay(),
            "smtp://localhost:25"
        );
        assert_eq!(
            mailer("smtps://u:p@smtp.example.com").expect("tls").relay(),
            "smtps://u:***@smtp.example.com"
        );
    }

    #[test]
    fn bad_settings_name_their_flag() {
        assert!(matches!(mailer("http://x"), Err(MailConfigError::Url(_))));
        assert!(matches!(mailer("not a url"), Err(MailConfigError::Url(_))));
        let from = Mailer::new("smtp://h", "nobody", "http://h", RetryPolicy::default());
        assert!(matches!(from, Err(MailConfigError::From(_))));
        let public = Mailer::new("smtp://h", "a@b.c", "ftp://h", RetryPolicy::default());
        assert!(matches!(public, Err(MailConfigError::PublicUrl(_))));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_secs(30));
        assert_eq!(policy.backoff(3), Duration::from_secs(120));
        assert_eq!(policy.backoff(50), Duration::from_secs(3600));
    }
}
