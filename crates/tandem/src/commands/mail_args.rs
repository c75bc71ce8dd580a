//! `--smtp-url`, `--smtp-from`, `--public-url`: where e-mail notifications go, taken by
//! `tandem serve` (which sends the outbox) and `tandem notifications test-email`.

use std::fmt;
use tandem_server::mail::{Mailer, RetryPolicy};

/// The SMTP relay, the sender, and the address people reach the server at.
#[derive(Clone, clap::Args)]
pub struct MailArgs {
    /// SMTP relay for e-mail notifications: smtp://user:pass@host:587 (STARTTLS, required
    /// with a password), smtps://user:pass@host:465 (TLS), smtp://host:25 (plain, for a local
    /// relay). Without it no e-mail is sent; mail people ask for waits in the outbox.
    #[arg(
        long,
        env = "TANDEM_SMTP_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub smtp_url: Option<String>,
    /// The sender of e-mail notifications, e.g. "Tandem <tandem@example.com>" (required
    /// with --smtp-url).
    #[arg(long, env = "TANDEM_SMTP_FROM", value_name = "ADDRESS")]
    pub smtp_from: Option<String>,
    /// The address people open Tandem at, for links in e-mail, e.g.
    /// https://tandem.example.com (default: http:// and the address served on).
    #[arg(long, env = "TANDEM_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

/// Never prints the relay URL, which may carry a password.
impl fmt::Debug for MailArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "(set)"))
            .field("smtp_from", &self.smtp_from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

impl MailArgs {
    /// The relay, or `None` without `--smtp-url`; links point at `--public-url`, else at
    /// `default_public_url`.
    pub fn mailer(&self, default_public_url: &str) -> anyhow::Result<Option<Mailer>> {
        let Some(smtp_url) = &self.smtp_url else {
            return Ok(None);
        };
        let Some(from) = &self.smtp_from else {
            anyhow::bail!("--smtp-from (or TANDEM_SMTP_FROM) is required with --smtp-url");
        };
        let public_url = self.public_url.as_deref().unwrap_or(default_public_url);
        let mailer = Mailer::new(smtp_url, from, public_url, RetryPolicy::default())?;
        Ok(Some(mailer))
    }
}
