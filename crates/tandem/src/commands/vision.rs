//! `tandem vision`: show a project's vision board.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::direction::{ensure_visible, vision};
use tandem_server::guard;

/// Arguments of `tandem vision`.
#[derive(Debug, clap::Args)]
pub struct VisionArgs {
    #[command(subcommand)]
    pub command: VisionCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with the vision board.
#[derive(Debug, clap::Subcommand)]
pub enum VisionCommand {
    /// Print the five boxes of the project's vision board.
    Show {
        /// Project key.
        key: String,
    },
}

/// Runs `tandem vision …`.
pub async fn run(args: VisionArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let VisionCommand::Show { key } = args.command;
    let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
        .await
        .map_err(api_error)?;
    let board = vision::load(&acting.state.store, visible.project.id)
        .await
        .map_err(api_error)?;
    ensure_visible(&visible, &acting.user, board.visibility, "vision board").map_err(api_error)?;
    if board.version == 0 {
        println!("{key} has no vision board yet.");
    }
    for (label, text) in [
        ("Vision", &board.vision),
        ("Target group", &board.target_group),
        ("Needs", &board.needs),
        ("Product", &board.product),
        ("Business goals", &board.business_goals),
    ] {
        println!("{label}:");
        for line in text.lines() {
            println!("  {line}");
        }
    }
    println!("Visibility: {}", board.visibility);
    if board.direction_change_pending {
        println!(
            "Direction change without a decision record (revision(s) {:?}): record the decision.",
            board.pending_revision_ids
        );
    }
    acting.state.store.close().await;
    Ok(())
}
