//! `tandem import msproject FILE --project KEY` and `tandem export msproject KEY -o FILE`:
//! move a plan in from and out to MS Project XML (MSPDI) through the same services, rules
//! and permissions as the API and the Gantt page (`--as EMAIL`).

use std::path::PathBuf;

use anyhow::Context;
use tandem_server::planning::service;

use super::acting::ActingArgs;
use crate::commands::api_error;

/// Arguments of `tandem import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: ImportCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What can be imported.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Add the tasks of an MS Project XML file to a project as items, with their hierarchy,
    /// dependencies, durations and milestones (and its calendar and start date when the
    /// project has none).
    Msproject {
        /// The MS Project XML (MSPDI) file.
        file: PathBuf,
        /// Key of the project to import into, e.g. NWSHOP.
        #[arg(long)]
        project: String,
    },
}

/// Arguments of `tandem export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub command: ExportCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What can be exported.
#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Write a project's schedule as MS Project XML: items as tasks with their hierarchy,
    /// dependencies, scheduled dates and the project calendar; the team as resources with
    /// their time off, and who works on what as assignments.
    Msproject {
        /// Project key.
        key: String,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Runs `tandem import …`.
pub async fn run_import(args: ImportArgs) -> anyhow::Result<()> {
    let ImportCommand::Msproject { file, project } = args.command;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let acting = args.acting.acting().await?;
    let summary = service::msproject_import(&acting.writer(), &acting.user, &project, bytes)
        .await
        .map_err(api_error)?;
    let range = match (&summary.first_key, &summary.last_key) {
        (Some(first), Some(last)) => format!(" ({first} to {last})"),
        _ => String::new(),
    };
    println!(
        "Imported {} items{range} into {project}: {} summaries, {} milestones, {} dependencies, {} assigned",
        summary.items_created,
        summary.summaries,
        summary.milestones,
        summary.dependencies_created,
        summary.assigned
    );
    if summary.calendar_imported {
        println!("The file's calendar is now the project calendar");
    }
    if let Some(start) = &summary.start_date_set {
        println!("The project starts on {start}");
    }
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// Runs `tandem export …`.
pub async fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    let ExportCommand::Msproject { key, output } = args.command;
    let acting = args.acting.acting().await?;
    let xml = service::msproject_export(&acting.state, &acting.user, &key)
        .await
        .map_err(api_error)?;
    std::fs::write(&output, xml).with_context(|| format!("cannot write {}", output.display()))?;
    println!("Wrote the schedule of {key} to {}", output.display());
    Ok(())
}
