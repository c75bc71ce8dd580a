//! `tandem health KEY`: the project's health diagnosis, as the API and the Health page compute
//! it — the verdict sentence, then the raised signals grouped by side (`--json`: the API's
//! JSON).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::health::Side;
use tandem_server::api::diagnosis;

/// Arguments of `tandem health`.
#[derive(Debug, clap::Args)]
pub struct HealthArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Print the diagnosis as the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem health`.
pub async fn run(args: HealthArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let view = diagnosis::health_view(&acting.state, &acting.user, &args.key)
        .await
        .map_err(api_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    let verdict = &view.verdict;
    println!(
        "{} on {}: {}",
        view.project_key, view.today, verdict.sentence
    );
    for side in Side::ALL {
        let raised: Vec<_> = verdict
            .signals
            .iter()
            .filter(|signal| signal.side == side && signal.is_raised())
            .collect();
        if raised.is_empty() {
            continue;
        }
        println!();
        println!("{} side:", capitalised(side.as_str()));
        for signal in raised {
            println!(
                "  [{}] {}: {}",
                signal.severity.label(),
                signal.id.title(),
                signal.explanation
            );
            println!(
                "      next: {} ({})",
                signal.next_step.action,
                signal.next_step.owner.label().to_lowercase()
            );
        }
    }
    Ok(())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
