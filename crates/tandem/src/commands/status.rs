//! `tandem status KEY`: the project status report, as `GET /api/v1/projects/{key}/status-report`
//! computes it — schedule (forecast against target, slipping milestones), budget (CPI, burn;
//! internal only), scope done and remaining, the top open risks and the roadblocks. Prints the
//! report's Markdown (`--markdown` says so explicitly); `--json` prints the API's JSON.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::planning::service;

/// Arguments of `tandem status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Print the report as Markdown (the default).
    #[arg(long, conflicts_with = "json")]
    markdown: bool,
    /// Print the report as the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem status`.
pub async fn run(args: StatusArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let report = service::status_report(&acting.state, &acting.user, &args.key)
        .await
        .map_err(api_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(())
}
