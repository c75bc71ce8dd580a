//! `tandem baseline save|list KEY`: save the current plan of a project as a baseline, or
//! list its baselines, through the same service and permissions as the API (`--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::planning::baselines::BaselineInput;
use tandem_server::planning::service;

/// Arguments of `tandem baseline`.
#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub command: BaselineCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Baseline commands.
#[derive(Debug, clap::Subcommand)]
pub enum BaselineCommand {
    /// Save the current schedule as a named baseline.
    Save {
        /// Project key, e.g. NWSHOP.
        key: String,
        /// A name such as "Approved plan".
        name: String,
        /// Save the plan with the work not done yet rescheduled from this status date
        /// (`today` or YYYY-MM-DD), as `tandem plan --from` shows it; without it, the plan
        /// from the project start.
        #[arg(long, value_name = "today|DATE")]
        from: Option<String>,
    },
    /// List the project's baselines, newest first.
    List {
        /// Project key.
        key: String,
    },
}

/// Runs `tandem baseline …`.
pub async fn run(args: BaselineArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        BaselineCommand::Save { key, name, from } => {
            // Checked here too, so a bad value names the flag, as `tandem plan` does.
            service::StatusDate::parse_given(from.as_deref(), "--from").map_err(api_error)?;
            let input = BaselineInput {
                name,
                remaining_from: from,
            };
            let saved = service::save_baseline(&acting.writer(), &acting.user, &key, &input)
                .await
                .map_err(api_error)?;
            println!(
                "Saved baseline {} \"{}\" of {key} ({} items, {})",
                saved.id,
                saved.name,
                saved.item_count,
                features(saved.features)
            );
        }
        BaselineCommand::List { key } => {
            let found = service::list_baselines(&acting.state, &acting.user, &key)
                .await
                .map_err(api_error)?;
            if found.is_empty() {
                println!("{key} has no baselines yet");
            }
            for baseline in found {
                println!(
                    "{}\t{}\t{}\t{} items\t{}\t{}",
                    baseline.id,
                    baseline.saved,
                    baseline.name,
                    baseline.item_count,
                    features(baseline.features),
                    baseline.created_by.as_deref().unwrap_or("—")
                );
            }
        }
    }
    Ok(())
}

/// The feature scope of a baseline as a line shows it.
fn features(count: Option<i64>) -> String {
    match count {
        Some(1) => "1 feature".to_owned(),
        Some(count) => format!("{count} features"),
        None => "no feature scope".to_owned(),
    }
}
