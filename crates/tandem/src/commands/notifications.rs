//! `tandem notifications`: list the acting person's notifications, optionally only unread
//! ones, and mark them read; `settings` shows and changes where each kind reaches them (in
//! the app, by e-mail) and the person's time zone (the hour of their daily digest); `outbox`
//! and `test-email` show and try e-mail delivery (admins).

use super::acting::ActingArgs;
use super::mail_args::MailArgs;
use crate::commands::{api_error, refuse};
use tandem_core::notifications::NotificationKind;
use tandem_server::acting::Acting;
use tandem_server::guard;
use tandem_server::mail::outbox::{self, OutboxMailView};
use tandem_server::notifications::{self, EmailDelivery, SettingView};
use tandem_server::time_zone::{self, ZoneName};

/// Arguments of `tandem notifications`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NotificationsArgs {
    #[command(subcommand)]
    pub command: Option<NotificationsCommand>,
    /// Only unread notifications.
    #[arg(long)]
    pub unread: bool,
    /// Mark the notifications listed as read.
    #[arg(long)]
    pub mark_read: bool,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Settings and e-mail commands.
#[derive(Debug, clap::Subcommand)]
pub enum NotificationsCommand {
    /// Where each kind of notification reaches you: in the app, by e-mail (chosen apart).
    /// With --kind and --in-app or --email, change that kind first; --email-delivery and
    /// --time-zone change those.
    Settings {
        /// The kind to change: go_no_go, decision_overdue, critical_signal, mention or due_date_moved.
        #[arg(long)]
        kind: Option<String>,
        /// Show the kind in the app: on or off.
        #[arg(long, value_enum)]
        in_app: Option<Switch>,
        /// Send the kind by e-mail: on or off.
        #[arg(long, value_enum)]
        email: Option<Switch>,
        /// When your e-mail goes out: immediately, or daily (one digest at 07:00 in your
        /// time zone).
        #[arg(long, value_name = "immediately|daily")]
        email_delivery: Option<String>,
        /// Your time zone, an IANA name such as Europe/Berlin: the daily digest comes at
        /// 07:00 there (the workspace's zone until you choose).
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
    },
    /// The e-mail outbox: how many mails are pending, sent and failed, and the newest ones
    /// with their last error.
    Outbox {
        /// Only mails in this status: pending, sent, failed, held or digested.
        #[arg(long)]
        status: Option<String>,
    },
    /// Send yourself a test e-mail through the SMTP relay now.
    TestEmail {
        #[command(flatten)]
        mail: MailArgs,
    },
}

/// Runs `tandem notifications …`.
pub async fn run(args: NotificationsArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = match args.command {
        None => list(&acting, args.unread, args.mark_read).await,
        Some(NotificationsCommand::Settings {
            kind,
            in_app,
            email,
            email_delivery,
            time_zone,
        }) => {
            let choices = Choices {
                kind,
                in_app,
                email,
                email_delivery,
                time_zone,
            };
            settings(&acting, choices).await
        }
        Some(NotificationsCommand::Outbox { status }) => show_outbox(&acting, status).await,
        Some(NotificationsCommand::TestEmail { mail }) => test_email(&acting, &mail).await,
    };
    acting.state.store.close().await;
    outcome
}

async fn list(acting: &Acting, unread: bool, mark_read: bool) -> anyhow::Result<()> {
    let store = &acting.state.store;
    let user_id = acting.user.user.id;
    let listed = notifications::list(store, user_id, unread)
        .await
        .map_err(api_error)?;
    if listed.is_empty() {
        println!("No {}notifications.", if unread { "unread " } else { "" });
    }
    for notification in &listed {
        let project = notification.project.as_deref().unwrap_or("-");
        let state = if notification.read { "read" } else { "UNREAD" };
        println!(
            "#{} [{state}] {} {project}: {} ({})\n    {}",
            notification.id,
            notification.kind,
            notification.label,
            notification.link,
            notification.text
        );
    }
    if mark_read {
        for notification in listed.iter().filter(|n| !n.read) {
            notifications::mark_read(store, user_id, notification.id)
                .await
                .map_err(api_error)?;
        }
        println!(
            "Marked {} as read.",
            listed.iter().filter(|n| !n.read).count()
        );
    }
    Ok(())
}

/// A channel switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    fn is_on(self) -> bool {
        self == Switch::On
    }
}

/// What `notifications settings` was asked to change.
struct Choices {
    kind: Option<String>,
    in_app: Option<Switch>,
    email: Option<Switch>,
    email_delivery: Option<String>,
    time_zone: Option<String>,
}

/// Sets the time zone and the e-mail delivery when given and changes `kind` on the channels
/// given (the other keeps its choice), then prints them all. A bad time zone or delivery
/// changes nothing.
async fn settings(acting: &Acting, choices: Choices) -> anyhow::Result<()> {
    let Choices {
        kind,
        in_app,
        email,
        email_delivery,
        time_zone: zone_name,
    } = choices;
    let store = &acting.state.store;
    let user_id = acting.user.user.id;
    let zone = zone_name
        .as_deref()
        .map(ZoneName::parse)
        .transpose()
        .map_err(api_error)?;
    let delivery = email_delivery
        .as_deref()
        .map(|name| EmailDelivery::parse("email_delivery", name))
        .transpose()
        .map_err(api_error)?;
    if let Some(zone) = &zone {
        time_zone::set(store, user_id, zone)
            .await
            .map_err(api_error)?;
    }
    if let Some(delivery) = delivery {
        notifications::set_email_delivery(store, user_id, delivery)
            .await
            .map_err(api_error)?;
    }
    let current = || async {
        notifications::settings(store, user_id)
            .await
            .map_err(api_error)
    };
    let shown = match (kind, in_app.or(email)) {
        (None, None) => current().await?,
        (None, Some(_)) => {
            return Err(refuse(
                "validation_failed",
                "name the kind to change with --kind (go_no_go, decision_overdue, critical_signal, mention or due_date_moved)",
            ));
        }
        (Some(kind), None) => {
            return Err(refuse(
                "validation_failed",
                format!("say how '{kind}' should reach you: --in-app on|off, --email on|off"),
            ));
        }
        (Some(kind), Some(_)) => {
            let kind = NotificationKind::parse(kind.trim())?;
            let before = current()
                .await?
                .into_iter()
                .find(|setting| setting.kind == kind.as_str())
                .ok_or_else(|| anyhow::anyhow!("no setting for {}", kind.as_str()))?;
            let changed = SettingView {
                in_app: in_app.map_or(before.in_app, Switch::is_on),
                email: email.map_or(before.email, Switch::is_on),
                ..before
            };
            notifications::save_settings(store, user_id, &[changed])
                .await
                .map_err(api_error)?
        }
    };
    let delivery = notifications::email_delivery(store, user_id)
        .await
        .map_err(api_error)?;
    println!("E-mail delivery: {}", delivery.as_str());
    println!("{:<18} {:<7} e-mail", "kind", "in app");
    for setting in &shown {
        println!(
            "{:<18} {:<7} {}",
            setting.kind,
            on_off(setting.in_app),
            on_off(setting.email)
        );
    }
    let zone = time_zone::of(store, user_id).await.map_err(api_error)?;
    println!("Time zone: {zone} (a daily digest comes at 07:00 there)");
    Ok(())
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

async fn show_outbox(acting: &Acting, status: Option<String>) -> anyhow::Result<()> {
    guard::workspace(
        &acting.user,
        tandem_core::access::WorkspaceAction::ManageUsers,
    )
    .map_err(api_error)?;
    let status = outbox::parse_status(status.as_deref()).map_err(api_error)?;
    let view = outbox::overview(&acting.state.store, None, status)
        .await
        .map_err(api_error)?;
    println!(
        "Pending {}, sent {}, failed {}, held for digests {}, sent in digests {}.",
        view.counts.pending,
        view.counts.sent,
        view.counts.failed,
        view.counts.held,
        view.counts.digested
    );
    for mail in &view.mails {
        println!("{}", describe(mail));
    }
    Ok(())
}

/// One line per mail, then its last error.
fn describe(mail: &OutboxMailView) -> String {
    let mut line = format!(
        "#{} [{}] to {}: {} (attempts {})",
        mail.id, mail.status, mail.to, mail.subject, mail.attempts
    );
    if let Some(next) = &mail.next_attempt_at {
        line.push_str(&format!("\n    next attempt {next}"));
    }
    if let Some(error) = &mail.last_error {
        line.push_str(&format!("\n    last error: {error}"));
    }
    line
}

async fn test_email(acting: &Acting, mail: &MailArgs) -> anyhow::Result<()> {
    guard::workspace(
        &acting.user,
        tandem_core::access::WorkspaceAction::ManageUsers,
    )
    .map_err(api_error)?;
    let default_public_url = format!("http://{}", super::serve::DEFAULT_BIND);
    let Some(mailer) = mail.mailer(&default_public_url)? else {
        anyhow::bail!(
            "no SMTP relay: pass --smtp-url and --smtp-from (or set TANDEM_SMTP_URL and TANDEM_SMTP_FROM)"
        );
    };
    let sent = outbox::send_test(&acting.state.store, Some(&mailer), &acting.user.user)
        .await
        .map_err(api_error)?;
    if sent.status != "sent" {
        anyhow::bail!(
            "the test e-mail to {} was not sent ({}); it stays in the outbox as #{}",
            sent.to,
            sent.last_error
                .as_deref()
                .unwrap_or("the server's sender has it"),
            sent.id
        );
    }
    println!(
        "Test e-mail sent to {} through {}.",
        sent.to,
        mailer.relay()
    );
    Ok(())
}
