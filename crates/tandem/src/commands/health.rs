//! `tandem health KEY`: the project's health diagnosis, as the API and the Health page compute
//! it — the verdict sentence, then the raised signals grouped by side (`--json`: the API's
//! JSON). `tandem health history KEY` lists the weekly snapshots (the trend), and `tandem
//! health thresholds [--set NAME=VALUE…]` shows or (admins) changes the workspace's
//! thresholds, with the API's validation and its compare-and-set.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::health::{Side, Thresholds};
use tandem_server::acting::Acting;
use tandem_server::api::{bridge, diagnosis};
use tandem_server::{diagnosis as health, health_settings};

/// Arguments of `tandem health`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HealthArgs {
    #[command(subcommand)]
    command: Option<HealthCommand>,
    /// The project key, e.g. NWSHOP: print its diagnosis.
    key: Option<String>,
    /// Print the diagnosis as the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

#[derive(Debug, clap::Subcommand)]
enum HealthCommand {
    /// The project's weekly health snapshots, newest first (the trend).
    History {
        /// The project key.
        key: String,
    },
    /// The workspace's health thresholds; admins change them with --set.
    Thresholds {
        /// NAME=VALUE: a number (e.g. vision_stale_days=45), or the watch, at-risk and
        /// critical thresholds of a banded signal (e.g. spi=0.95,0.9,0.8). Repeatable.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `tandem health`.
pub async fn run(args: HealthArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        Some(HealthCommand::History { key }) => return history(&acting, &key).await,
        Some(HealthCommand::Thresholds { set, json }) => {
            return thresholds(&acting, &set, json).await;
        }
        None => {}
    }
    let key = super::project_key(args.key, "health")?;
    let view = diagnosis::health_view(&acting.state, &acting.user, &key)
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

async fn history(acting: &Acting, key: &str) -> anyhow::Result<()> {
    // As the API: the trend is internal, so a client contact is told there is none.
    let visible = tandem_server::people::internal_project(
        &acting.state,
        &acting.user,
        key,
        ProjectAction::ViewInternal,
        "project",
    )
    .await
    .map_err(api_error)?;
    let weeks = health::history(&acting.state, &visible.project)
        .await
        .map_err(api_error)?;
    if weeks.is_empty() {
        println!("{key}: no snapshot yet");
    }
    for week in weeks {
        let text = |field: &str| week.verdict[field].as_str().unwrap_or("-").to_owned();
        println!(
            "{}  {:<8}  {}",
            week.week,
            text("severity"),
            text("sentence")
        );
    }
    Ok(())
}

async fn thresholds(acting: &Acting, set: &[String], json: bool) -> anyhow::Result<()> {
    bridge::staff_only(&acting.user).map_err(api_error)?;
    let mut current = health_settings::load(&acting.state.store)
        .await
        .map_err(api_error)?;
    if !set.is_empty() {
        bridge::admin_only(&acting.user).map_err(api_error)?;
        let changed = with_settings(&current.thresholds, set)?;
        current = health_settings::save(&acting.writer(), changed, current.version)
            .await
            .map_err(api_error)?;
    }
    let fields = serde_json::to_value(&current.thresholds)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&fields)?);
        return Ok(());
    }
    println!("version {}", current.version);
    for (name, value) in fields.as_object().into_iter().flatten() {
        let shown = match (
            value.get("watch"),
            value.get("at_risk"),
            value.get("critical"),
        ) {
            (Some(watch), Some(at_risk), Some(critical)) => {
                format!("watch {watch}, at risk {at_risk}, critical {critical}")
            }
            _ => value.to_string(),
        };
        println!("{name:<36}  {shown}");
    }
    Ok(())
}

/// `thresholds` with each `NAME=VALUE` of `set` applied; an unknown name or a malformed
/// value is refused naming it (the save validates what the values mean).
fn with_settings(thresholds: &Thresholds, set: &[String]) -> anyhow::Result<Thresholds> {
    let mut fields = serde_json::to_value(thresholds)?;
    for setting in set {
        let refuse =
            |why: &str| super::refuse("validation_failed", format!("--set {setting}: {why}"));
        let Some((name, value)) = setting.split_once('=') else {
            return Err(refuse("write it as NAME=VALUE"));
        };
        let Some(field) = fields.get_mut(name.trim()) else {
            return Err(refuse(
                "no threshold has this name (see tandem health thresholds)",
            ));
        };
        let numbers: Vec<f64> = value
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| refuse("values must be numbers"))?;
        *field = match (field.is_object(), numbers.as_slice()) {
            (true, [watch, at_risk, critical]) => {
                serde_json::json!({ "watch": watch, "at_risk": at_risk, "critical": critical })
            }
            (true, _) => return Err(refuse("give the watch, at-risk and critical thresholds")),
            (false, [number]) => serde_json::json!(number),
            (false, _) => return Err(refuse("give one number")),
        };
    }
    Ok(serde_json::from_value(fields)?)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
