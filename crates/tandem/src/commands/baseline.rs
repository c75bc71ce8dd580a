//! `tandem baseline save|list|delete KEY`: save the current plan of a project as a baseline,
//! list its baselines or delete one, through the same service and permissions as the API (`--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::error::ApiError;
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
    /// Delete a baseline (project managers).
    Delete {
        /// Project key.
        key: String,
        /// The baseline's name or id (see `tandem baseline list`).
        #[arg(value_name = "NAME|ID")]
        baseline: String,
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
        BaselineCommand::Delete { key, baseline } => {
            let found = service::list_baselines(&acting.state, &acting.user, &key)
                .await
                .map_err(api_error)?;
            let by_id = baseline.parse::<i64>().ok();
            let mut matching = found
                .iter()
                .filter(|b| Some(b.id) == by_id || b.name == baseline)
                .collect::<Vec<_>>();
            if matching.len() > 1 {
                // A name given twice: only an id says which one is meant.
                matching.retain(|b| Some(b.id) == by_id);
                if matching.len() != 1 {
                    anyhow::bail!(
                        "{key} has several baselines named \"{baseline}\"; give its id (see `tandem baseline list {key}`)"
                    );
                }
            }
            let target = matching
                .first()
                .ok_or_else(|| api_error(ApiError::not_found("baseline")))?;
            service::delete_baseline(&acting.writer(), &acting.user, target.id)
                .await
                .map_err(api_error)?;
            println!(
                "Deleted baseline {} \"{}\" of {key}",
                target.id, target.name
            );
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
