//! `tandem portfolio`: every project the acting account may see, both sides' health side by
//! side, as the API and the Portfolio page compute it (same service, same permissions).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::portfolio::{self, query::PortfolioParams, query::PortfolioQuery};

/// Arguments of `tandem portfolio`.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {
    /// Sort by: key, name, client, product, delivery, roles, milestone, forecast, burn,
    /// decisions.
    #[arg(long)]
    sort: Option<String>,
    /// Sort the other way round.
    #[arg(long)]
    desc: bool,
    /// Only projects of this client (its id).
    #[arg(long)]
    client: Option<i64>,
    /// Only projects at least this bad: watch, at_risk, critical.
    #[arg(long)]
    severity: Option<String>,
    /// The side --severity looks at: product or delivery.
    #[arg(long)]
    side: Option<String>,
    /// Text in the key, name, client or a manager's name.
    #[arg(long)]
    search: Option<String>,
    /// Include archived projects.
    #[arg(long)]
    archived: bool,
    /// Print the portfolio as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem portfolio`.
pub async fn run(args: PortfolioArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let params = PortfolioParams {
        archived: args.archived,
        sort: args.sort,
        order: args.desc.then(|| "desc".to_owned()),
        client: args.client,
        severity: args.severity,
        side: args.side,
        q: args.search,
    };
    let query = PortfolioQuery::parse(&params).map_err(api_error)?;
    let view = portfolio::portfolio(&acting.state, &acting.user, &query)
        .await
        .map_err(api_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    println!(
        "{:<10} {:<10} {:<10} {:<6} {:<24} {:<22} {:>6} {:>9}",
        "KEY", "PRODUCT", "DELIVERY", "GAPS", "NEXT MILESTONE", "P85 / TARGET", "BURN", "DECISIONS"
    );
    for row in &view.projects {
        let next = row
            .next_milestone
            .as_ref()
            .map_or("—".to_owned(), |m| format!("{} {}", m.date, m.title));
        let forecast = format!(
            "{} / {}",
            row.forecast.p85.as_deref().unwrap_or("—"),
            row.forecast.target.as_deref().unwrap_or("—")
        );
        let burn = row
            .budget_burn
            .map_or("—".to_owned(), |b| format!("{:.0}%", b * 100.0));
        println!(
            "{:<10} {:<10} {:<10} {:<6} {:<24.24} {:<22} {:>6} {:>9}",
            row.key,
            row.product.severity.as_str(),
            row.delivery.severity.as_str(),
            row.roles.gaps.len(),
            next,
            forecast,
            burn,
            format!("{} ({} late)", row.decisions.open, row.decisions.overdue),
        );
        println!("           {}", row.verdict);
    }
    Ok(())
}
