//! `tandem plan KEY`: a project's schedule as the Gantt page and the schedule API compute it
//! (same service, same permissions): dates, float and the critical path per item, levelled
//! against people's capacity with `--level`, the work not done yet rescheduled from a status
//! date with `--from today|DATE`, compared with a baseline when there is one.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::people::amounts::working_days_label;
use tandem_server::planning::schedule::{ScheduleView, day};
use tandem_server::planning::service::{self, ScheduleOptions, StatusDate};

/// Arguments of `tandem plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Level people's work against their weekly capacity and time off.
    #[arg(long)]
    level: bool,
    /// Reschedule the work not done yet to start no earlier than this status date:
    /// `today` or YYYY-MM-DD.
    #[arg(long, value_name = "today|DATE")]
    from: Option<String>,
    /// Compare with this baseline id instead of the latest.
    #[arg(long)]
    baseline: Option<i64>,
    /// Only the critical items.
    #[arg(long)]
    critical: bool,
    /// Print the full schedule as JSON (as `GET /api/v1/projects/KEY/schedule`).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem plan`.
pub async fn run(args: PlanArgs) -> anyhow::Result<()> {
    let remaining_from =
        StatusDate::parse_given(args.from.as_deref(), "--from").map_err(api_error)?;
    let acting = args.acting.acting().await?;
    let options = ScheduleOptions {
        baseline: args.baseline,
        level: args.level,
        plan_from: remaining_from.into(),
    };
    let view = service::schedule(&acting.state, &acting.user, &args.key, options)
        .await
        .map_err(api_error)?;
    acting.state.store.close().await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", table(&view, args.critical));
    }
    Ok(())
}

/// The schedule as text: a summary line, then one row per item in outline order. ACTUAL is
/// the day work on the item began (from its history); with `--from`, an item in progress
/// begun before the status date is marked `[split]`: START..FINISH is its remaining work.
fn table(view: &ScheduleView, critical_only: bool) -> String {
    let mut out = format!(
        "{}: {} to {}{}{}\n",
        view.project_key,
        day(&view.start),
        day(&view.finish),
        view.target_launch_date
            .as_deref()
            .map_or(String::new(), |target| format!(", target {target}")),
        if view.levelled { ", levelled" } else { "" },
    );
    if let Some(status_date) = &view.status_date {
        out.push_str(&format!("Remaining work rescheduled from {status_date}\n"));
    }
    if let Some(path) = view.critical_paths.first() {
        out.push_str(&format!("Critical path: {}\n", path.join(" → ")));
    }
    if let Some(baseline) = &view.baseline {
        out.push_str(&format!(
            "Compared with baseline {} \"{}\"\n",
            baseline.id, baseline.name
        ));
    }
    out.push_str(&format!(
        "{:<12} {:<10} {:<10} {:>7} {:>6}  {:<10}  TITLE\n",
        "KEY", "START", "FINISH", "FLOAT d", "SLIP d", "ACTUAL"
    ));
    for item in view
        .items
        .iter()
        .filter(|item| !critical_only || item.critical)
    {
        let slip = item
            .finish_variance_days
            .map_or("-".to_owned(), |d| format!("{d:+.1}"));
        let flags = [
            (item.critical, " [critical]"),
            (item.milestone, " [milestone]"),
            (item.done, " [done]"),
            (item.split, " [split]"),
            (item.misses_due_date, " [misses due date]"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, flag)| *flag)
        .collect::<String>()
            + &levelling_flag(item.levelling_delay_days);
        out.push_str(&format!(
            "{:<12} {:<10} {:<10} {:>7.1} {:>6}  {:<10}  {}{flags}\n",
            item.key,
            day(&item.start),
            day(&item.finish),
            item.total_float_days,
            slip,
            item.actual_start.as_deref().map_or("-", day),
            item.title,
        ));
    }
    for violation in &view.violations {
        out.push_str(&format!(
            "{} cannot finish by {}: {} at the earliest ({:.1} working days late)\n",
            violation.key,
            violation.due_date,
            day(&violation.logic_finish),
            violation.late_by_days
        ));
    }
    if view.due_dates_missed > 0 {
        out.push_str(&format!(
            "{} item(s) finish after their due date{}\n",
            view.due_dates_missed,
            if view.levelled {
                format!(
                    ", {} because of levelling",
                    view.due_dates_missed_by_levelling
                )
            } else {
                String::new()
            }
        ));
    }
    for warning in &view.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

/// ` [levelled +2h]` / ` [levelled +1.5 d]` for an item that waits for its assignee.
fn levelling_flag(delay_days: f64) -> String {
    if delay_days > 0.0 {
        format!(" [levelled +{}]", working_days_label(delay_days))
    } else {
        String::new()
    }
}
