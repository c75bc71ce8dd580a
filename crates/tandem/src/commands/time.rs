//! `tandem time log|list|report|edit|delete|export` and `tandem timer start|status|stop`: time
//! tracking from the shell, through the same services, visibility rules, CSV writer and audit
//! trail as the API and the web UI (acting as `--as EMAIL`).

use super::acting::ActingArgs;
use super::item::versioned_error;
use crate::commands::{api_error, refuse};
use anyhow::Context;
use std::path::PathBuf;
use tandem_core::access::ProjectAction;
use tandem_core::work::{ItemKey, format_minutes, parse_minutes};
use tandem_server::acting::Acting;
use tandem_server::api::time::TimerView;
use tandem_server::delivery::time::{self, Grouping, TimeInput};
use tandem_server::items::service;
use tandem_store::{TimeEntry, TimeFilter};

/// Arguments of `tandem time`.
#[derive(Debug, clap::Args)]
pub struct TimeArgs {
    #[command(subcommand)]
    pub command: TimeCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Time commands.
#[derive(Debug, clap::Subcommand)]
pub enum TimeCommand {
    /// Log time on an item, e.g. `tandem time log NWSHOP-7 1.5h --date 2026-11-20`.
    Log {
        /// Item key.
        item: String,
        /// How long: 1.5h, 90m, 1h30m, 0.5d (a day is 8 hours) or a bare number of hours.
        duration: String,
        /// The day worked, YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
        /// What was done.
        #[arg(long, default_value = "")]
        note: String,
        /// Invoiced to the client.
        #[arg(long, conflicts_with = "non_billable")]
        billable: bool,
        /// Not invoiced (the default).
        #[arg(long)]
        non_billable: bool,
    },
    /// The entries of one week you may see (everyone's for managers, else your own).
    List {
        /// Project key.
        key: String,
        /// Any day of the week, YYYY-MM-DD (default this week).
        #[arg(long)]
        week: Option<String>,
    },
    /// Hours grouped by person, item or week.
    Report {
        /// Project key.
        key: String,
        /// person, item or week.
        #[arg(long, value_enum, default_value = "person")]
        by: By,
        /// From this day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// To this day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
    },
    /// Change a time entry (yours, or anyone's as a manager); entry ids are in `time list`.
    Edit {
        /// Entry id.
        entry: i64,
        /// New duration: 1.5h, 90m, 1h30m, 0.5d or a bare number of hours.
        #[arg(long, value_name = "DURATION")]
        hours: Option<String>,
        /// New day, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// New note.
        #[arg(long)]
        note: Option<String>,
        /// Invoiced to the client or not.
        #[arg(long, value_name = "true|false")]
        billable: Option<bool>,
        /// Refuse unless the entry is still at this version.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete a time entry (yours, or anyone's as a manager).
    Delete {
        /// Entry id.
        entry: i64,
        /// Refuse unless the entry is still at this version.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// The entries you may see as CSV, the same file the API and the web UI export.
    Export {
        /// Project key (all its entries) or item key (that item's).
        key: String,
        /// From this day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// To this day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// How `time report` groups.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    Person,
    Item,
    Week,
}

/// Arguments of `tandem timer`.
#[derive(Debug, clap::Args)]
pub struct TimerArgs {
    #[command(subcommand)]
    pub command: TimerCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Timer commands.
#[derive(Debug, clap::Subcommand)]
pub enum TimerCommand {
    /// Start your timer on an item.
    Start {
        /// Item key.
        item: String,
    },
    /// Show whether your timer runs, on what, and for how long.
    Status {
        /// Print the API's JSON (`GET /api/v1/timer`).
        #[arg(long)]
        json: bool,
    },
    /// Stop your timer and log the time as today's entry.
    Stop {
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        billable: bool,
    },
}

/// Runs `tandem time …`.
pub async fn run_time(args: TimeArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = time_command(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

/// Runs `tandem timer …`.
pub async fn run_timer(args: TimerArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = timer_command(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

async fn time_command(acting: &Acting, command: TimeCommand) -> anyhow::Result<()> {
    let state = &acting.state;
    let user = &acting.user;
    match command {
        TimeCommand::Log {
            item,
            duration,
            date,
            note,
            billable,
            non_billable,
        } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let input = TimeInput {
                item_id: Some(Some(found.item.id)),
                date,
                duration: Some(duration),
                billable: (billable || non_billable).then_some(billable),
                note: Some(note),
                ..TimeInput::default()
            };
            let entry = time::log(&acting.writer(), found.visible.project.id, &input)
                .await
                .map_err(api_error)?;
            println!(
                "logged {} on {} for {} (entry {})",
                format_minutes(entry.minutes),
                found.item.key,
                entry.date,
                entry.id
            );
        }
        TimeCommand::List { key, week } => {
            let visible = tandem_server::guard::project(state, user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let day = match week.as_deref() {
                Some(raw) => tandem_core::work::parse_date("week", raw)
                    .map_err(|e| api_error(e.into()))?
                    .parse()?,
                None => tandem_server::clock::today(&state.store)
                    .await
                    .map_err(api_error)?,
            };
            let (monday, sunday) = time::week_of(day);
            let filter = TimeFilter {
                from: Some(monday.to_string()),
                to: Some(sunday.to_string()),
                ..TimeFilter::default()
            };
            let entries = time::visible_entries(state, user, &visible, filter)
                .await
                .map_err(api_error)?;
            println!(
                "{:>6}  {:<10}  {:<20}  {:<12}  {:>7}  {:<8}  NOTE",
                "ID", "DATE", "PERSON", "ITEM", "TIME", "BILLABLE"
            );
            for entry in &entries {
                println!(
                    "{:>6}  {:<10}  {:<20}  {:<12}  {:>7}  {:<8}  {}",
                    entry.id,
                    entry.date,
                    entry.user.name,
                    entry.item.as_ref().map_or("-", |i| i.key.as_str()),
                    format_minutes(entry.minutes),
                    if entry.billable { "yes" } else { "no" },
                    entry.note
                );
            }
            let total: i64 = entries.iter().map(|e| e.minutes).sum();
            eprintln!(
                "{} entries, {} in week {}",
                entries.len(),
                format_minutes(total),
                time::iso_week(&monday.to_string())
            );
        }
        TimeCommand::Report { key, by, from, to } => {
            let visible = tandem_server::guard::project(state, user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let filter = TimeFilter {
                from: date("from", from)?,
                to: date("to", to)?,
                ..TimeFilter::default()
            };
            let entries = time::visible_entries(state, user, &visible, filter)
                .await
                .map_err(api_error)?;
            let grouping = match by {
                By::Person => Grouping::Person,
                By::Item => Grouping::Item,
                By::Week => Grouping::Week,
            };
            println!(
                "{:<40}  {:>8}  {:>8}  {:>7}",
                "GROUP", "HOURS", "BILLABLE", "ENTRIES"
            );
            for row in time::report(&entries, grouping) {
                println!(
                    "{:<40}  {:>8.2}  {:>8.2}  {:>7}",
                    row.label,
                    row.minutes as f64 / 60.0,
                    row.billable_minutes as f64 / 60.0,
                    row.entries
                );
            }
        }
        TimeCommand::Edit {
            entry,
            hours,
            date,
            note,
            billable,
            if_version,
        } => {
            if hours.is_none() && date.is_none() && note.is_none() && billable.is_none() {
                return Err(refuse(
                    "validation_failed",
                    "nothing to change: give --hours, --date, --note or --billable",
                ));
            }
            let current = time::changeable_entry(state, user, entry)
                .await
                .map_err(api_error)?;
            let minutes = hours
                .map(|raw| parse_minutes("hours", &raw))
                .transpose()
                .map_err(|e| api_error(e.into()))?;
            let input = TimeInput {
                date,
                minutes,
                billable,
                note,
                ..TimeInput::default()
            };
            let expected = if_version.unwrap_or(current.version);
            let updated = time::update(&acting.writer(), &current, &input, expected)
                .await
                .map_err(versioned_error)?;
            println!("{} (version {})", describe(&updated), updated.version);
        }
        TimeCommand::Delete { entry, if_version } => {
            let current = time::changeable_entry(state, user, entry)
                .await
                .map_err(api_error)?;
            let expected = if_version.unwrap_or(current.version);
            time::delete(&acting.writer(), &current, expected)
                .await
                .map_err(versioned_error)?;
            println!("deleted {}", describe(&current));
        }
        TimeCommand::Export {
            key,
            from,
            to,
            output,
        } => {
            let mut filter = TimeFilter {
                from: date("from", from)?,
                to: date("to", to)?,
                ..TimeFilter::default()
            };
            let visible = if ItemKey::parse(&key).is_ok() {
                let found = service::find(state, user, &key, ProjectAction::View)
                    .await
                    .map_err(api_error)?;
                filter.item_id = Some(found.item.id);
                found.visible
            } else {
                tandem_server::guard::project(state, user, &key, ProjectAction::View)
                    .await
                    .map_err(api_error)?
            };
            let entries = time::visible_entries(state, user, &visible, filter)
                .await
                .map_err(api_error)?;
            let csv = time::to_csv(&entries);
            match output {
                Some(path) => {
                    std::fs::write(&path, csv)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("{} entries written to {}", entries.len(), path.display());
                }
                None => print!("{csv}"),
            }
        }
    }
    Ok(())
}

/// An optional `YYYY-MM-DD` flag, checked.
fn date(field: &'static str, raw: Option<String>) -> anyhow::Result<Option<String>> {
    raw.map(|raw| tandem_core::work::parse_date(field, &raw))
        .transpose()
        .map_err(|e| api_error(e.into()))
}

/// One entry in words: `entry 7: 1h 30m on NWSHOP-2 for 2026-01-09 by Mei, billable`.
fn describe(entry: &TimeEntry) -> String {
    format!(
        "entry {}: {} on {} for {} by {}, {}",
        entry.id,
        format_minutes(entry.minutes),
        entry.item.as_ref().map_or("-", |i| i.key.as_str()),
        entry.date,
        entry.user.name,
        if entry.billable {
            "billable"
        } else {
            "not billable"
        }
    )
}

/// One line on the timer: what runs and for how long, or that none does.
fn timer_line(view: &TimerView) -> String {
    match (&view.item_key, view.elapsed_seconds) {
        (Some(key), Some(seconds)) if view.running => format!(
            "timer running on {key} ({}) for {}, since {}",
            view.item_title.as_deref().unwrap_or_default(),
            format_minutes(seconds / 60),
            view.started_at.as_deref().unwrap_or_default()
        ),
        _ => "no timer running".to_owned(),
    }
}

async fn timer_command(acting: &Acting, command: TimerCommand) -> anyhow::Result<()> {
    match command {
        TimerCommand::Start { item } => {
            let found = service::find(
                &acting.state,
                &acting.user,
                &item,
                ProjectAction::Contribute,
            )
            .await
            .map_err(api_error)?;
            time::start_timer(&acting.writer(), found.item.id)
                .await
                .map_err(api_error)?;
            println!("timer started on {}", found.item.key);
        }
        TimerCommand::Status { json } => {
            let running = acting
                .state
                .store
                .running_timer(acting.user.user.id)
                .await
                .map_err(|error| api_error(error.into()))?;
            let view = TimerView::from(running);
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                println!("{}", timer_line(&view));
            }
        }
        TimerCommand::Stop { note, billable } => {
            let entry = time::stop_timer(&acting.writer(), &note, billable)
                .await
                .map_err(api_error)?;
            println!(
                "timer stopped: logged {} on {}",
                format_minutes(entry.minutes),
                entry.item.as_ref().map_or("-", |i| i.key.as_str())
            );
        }
    }
    Ok(())
}
