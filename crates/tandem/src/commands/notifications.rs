//! `tandem notifications`: list the acting person's notifications, optionally only unread
//! ones, and mark them read.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::notifications;

/// Arguments of `tandem notifications`.
#[derive(Debug, clap::Args)]
pub struct NotificationsArgs {
    /// Only unread notifications.
    #[arg(long)]
    pub unread: bool,
    /// Mark the notifications listed as read.
    #[arg(long)]
    pub mark_read: bool,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Runs `tandem notifications`.
pub async fn run(args: NotificationsArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let store = &acting.state.store;
    let user_id = acting.user.user.id;
    let listed = notifications::list(store, user_id, args.unread)
        .await
        .map_err(api_error)?;
    if listed.is_empty() {
        println!(
            "No {}notifications.",
            if args.unread { "unread " } else { "" }
        );
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
    if args.mark_read {
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
    store.close().await;
    Ok(())
}
