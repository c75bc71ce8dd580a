//! `tandem report KEY [--markdown]` generates this week's status report (kept in the history,
//! like the Reports tab's button) and prints it; `tandem report list KEY` shows the history
//! and `tandem report show ID [--markdown]` prints a kept one again, as it was generated.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::reports::{self, PeriodInput};

/// Arguments of `tandem report`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReportArgs {
    #[command(subcommand)]
    command: Option<ReportCommand>,
    /// The project key: generate and print its report.
    key: Option<String>,
    /// First day of the period (default: this week's Monday).
    #[arg(long)]
    from: Option<String>,
    /// Last day of the period (default: six days after the first).
    #[arg(long)]
    to: Option<String>,
    /// Print Markdown instead of JSON.
    #[arg(long)]
    markdown: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

#[derive(Debug, clap::Subcommand)]
enum ReportCommand {
    /// The project's kept reports, newest first.
    List {
        /// The project key.
        key: String,
    },
    /// A kept report, as it was generated (JSON, or Markdown with --markdown).
    Show {
        /// The report's id (see `tandem report list`).
        id: i64,
        /// Print Markdown instead of JSON.
        #[arg(long)]
        markdown: bool,
    },
}

/// Runs `tandem report`.
pub async fn run(args: ReportArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match &args.command {
        Some(ReportCommand::List { key }) => {
            let list = reports::list(&acting.state, &acting.user, key)
                .await
                .map_err(api_error)?;
            if list.is_empty() {
                println!("{key}: no report yet");
            }
            for r in list {
                println!(
                    "{:>5}  {} to {}  {}  {}",
                    r.id,
                    r.period_start,
                    r.period_end,
                    r.generated_at,
                    r.generated_by.as_deref().unwrap_or("Tandem")
                );
            }
            return Ok(());
        }
        Some(ReportCommand::Show { id, markdown }) => {
            let view = reports::read(&acting.state, &acting.user, *id)
                .await
                .map_err(api_error)?;
            return print_report(&view, *markdown);
        }
        None => {}
    }
    let Some(key) = &args.key else {
        return Err(super::refuse(
            "validation_failed",
            "name the project: tandem report KEY, or tandem report list KEY",
        ));
    };
    let input = PeriodInput {
        period_start: args.from.clone(),
        period_end: args.to.clone(),
    };
    let view = reports::create(&acting.writer(), &acting.user, key, &input)
        .await
        .map_err(api_error)?;
    print_report(&view, args.markdown)
}

fn print_report(view: &reports::ReportView, markdown: bool) -> anyhow::Result<()> {
    if markdown {
        print!("{}", view.markdown);
    } else {
        println!("{}", serde_json::to_string_pretty(view)?);
    }
    Ok(())
}
