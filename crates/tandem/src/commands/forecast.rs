//! `tandem forecast KEY`: the Monte Carlo forecast of a project's remaining scope, as the
//! API and the Forecast page compute it (same service, same permissions).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::planning::service;

/// Arguments of `tandem forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Number of trials (1 to 100,000).
    #[arg(long)]
    trials: Option<u32>,
    /// Random seed: the same seed gives the same forecast.
    #[arg(long)]
    seed: Option<u64>,
    /// Each person works on one item at a time, in the order of the levelled plan (the
    /// default when open work is assigned).
    #[arg(long, conflicts_with = "unlevelled")]
    level: bool,
    /// Everyone's items at once, whatever their capacity.
    #[arg(long)]
    unlevelled: bool,
    /// Print the full forecast as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem forecast`.
pub async fn run(args: ForecastArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let request = service::ForecastRequest {
        trials: args.trials,
        seed: args.seed,
        level: match (args.level, args.unlevelled) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    let view = service::forecast(&acting.state, &acting.user, &args.key, request)
        .await
        .map_err(api_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    let day = |stamp: &str| stamp.get(..10).unwrap_or(stamp).to_owned();
    println!(
        "{}: {} trials (seed {}), {} mode, {} open items from {}{}",
        view.project_key,
        view.trials,
        view.seed,
        view.mode,
        view.open_items,
        day(&view.status_date),
        if view.levelled {
            ", levelled (one item at a time per person)"
        } else {
            ""
        }
    );
    println!("P50 {}", day(&view.finish.p50));
    println!("P85 {}", day(&view.finish.p85));
    println!("P95 {}", day(&view.finish.p95));
    if let (Some(target), Some(chance)) = (&view.target_launch_date, view.target_probability) {
        println!("Target {target}: {:.0} % chance", chance * 100.0);
    }
    for milestone in &view.milestones {
        let chance = milestone
            .probability
            .map_or("no due date".to_owned(), |p| format!("{:.0} %", p * 100.0));
        println!(
            "{} {}: P50 {}, P85 {}, due {} ({chance})",
            milestone.key,
            milestone.title,
            day(&milestone.p50),
            day(&milestone.p85),
            milestone.due_date.as_deref().unwrap_or("—"),
        );
    }
    Ok(())
}
