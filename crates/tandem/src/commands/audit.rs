//! `tandem audit tail`: the newest audit entries, optionally following new ones.

use super::store_args::StoreArgs;
use std::time::Duration;
use tandem_store::{AuditEntry, AuditFilter};

/// Arguments of `tandem audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Audit commands.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Print the newest entries (oldest of them first).
    Tail {
        /// How many entries.
        #[arg(short = 'n', long, default_value_t = 20)]
        lines: i64,
        /// Keep printing new entries as they arrive.
        #[arg(short, long)]
        follow: bool,
    },
}

/// Runs `tandem audit …`.
pub async fn run(args: AuditArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    let AuditCommand::Tail { lines, follow } = args.command;
    let mut newest = store
        .list_audit(&AuditFilter {
            after_id: None,
            limit: lines.clamp(1, 1000),
            action_prefix: None,
        })
        .await?;
    newest.reverse();
    let mut last_id = newest.last().map(|entry| entry.id).unwrap_or(0);
    newest.iter().for_each(print_entry);
    if follow {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let fresh = store
                .list_audit(&AuditFilter {
                    after_id: Some(last_id),
                    limit: 1000,
                    action_prefix: None,
                })
                .await?;
            if let Some(entry) = fresh.last() {
                last_id = entry.id;
            }
            fresh.iter().for_each(print_entry);
        }
    }
    store.close().await;
    Ok(())
}

fn print_entry(entry: &AuditEntry) {
    let at = jiff::Timestamp::from_millisecond(entry.at)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let request = entry.request_id.as_deref().unwrap_or("-");
    println!(
        "{at}  {:<24} {:<28} {}:{}  request={request}",
        entry.actor, entry.action, entry.object_type, entry.object_id
    );
}
