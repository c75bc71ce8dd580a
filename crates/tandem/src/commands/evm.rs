//! `tandem evm KEY [--date DATE]`: a project's earned value at a status date — PV, EV, AC and
//! what follows from them (SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI) — computed by the same service
//! as `GET /api/v1/projects/{key}/evm`, with the same rule: internal figures, so client
//! contacts are refused.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::planning::evm::EvmView;
use tandem_server::planning::service;

/// Arguments of `tandem evm`.
#[derive(Debug, clap::Args)]
pub struct EvmArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Status date, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Print the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem evm`.
pub async fn run(args: EvmArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let view = service::earned_value(&acting.state, &acting.user, &args.key, args.date.as_deref())
        .await
        .map_err(api_error);
    acting.state.store.close().await;
    let view = view?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", table(&view));
    }
    Ok(())
}

/// The metrics one a line, in the project's currency (or hours when it has no budget).
fn table(view: &EvmView) -> String {
    let source = match &view.baseline_name {
        Some(name) => format!("baseline '{name}'"),
        None => "the current schedule (no baseline saved)".to_owned(),
    };
    let mut out = format!(
        "{} earned value on {} (in {}; planned value from {source})\n",
        view.project_key, view.status_date, view.unit
    );
    let amount = |value: f64| format!("{value:>14.2}");
    let index = |value: Option<f64>| {
        value.map_or_else(|| format!("{:>14}", "n/a"), |v| format!("{v:>14.2}"))
    };
    let optional = |value: Option<f64>| value.map_or_else(|| format!("{:>14}", "n/a"), amount);
    let rows = [
        (
            "BAC",
            "budget at completion",
            amount(view.budget_at_completion),
        ),
        ("PV", "planned value", amount(view.planned_value)),
        ("EV", "earned value", amount(view.earned_value)),
        ("AC", "actual cost", amount(view.actual_cost)),
        (
            "SV",
            "schedule variance (EV - PV)",
            amount(view.schedule_variance),
        ),
        ("CV", "cost variance (EV - AC)", amount(view.cost_variance)),
        ("SPI", "schedule performance (EV / PV)", index(view.spi)),
        ("CPI", "cost performance (EV / AC)", index(view.cpi)),
        (
            "EAC",
            "estimate at completion (BAC / CPI)",
            optional(view.eac),
        ),
        ("ETC", "estimate to complete (EAC - AC)", optional(view.etc)),
        (
            "VAC",
            "variance at completion (BAC - EAC)",
            optional(view.vac),
        ),
        ("TCPI", "to-complete performance (BAC)", index(view.tcpi)),
    ];
    for (name, meaning, value) in rows {
        out.push_str(&format!("{name:<4} {meaning:<36} {value}\n"));
    }
    out.push_str(&format!(
        "{:.0} % of the budget earned\n",
        view.percent_complete * 100.0
    ));
    if !view.actual_cost_available {
        out.push_str("Actual cost is expenses only: labour cost is not available\n");
    }
    out
}
