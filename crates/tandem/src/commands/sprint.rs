//! `tandem sprint list|create|set|delete|add|remove|start|complete KEY …`: the sprint
//! lifecycle from the shell, and its reports (`burndown`, `burnup`, `velocity`, `flow`) rebuilt
//! from the item history — through the same services and rules as the API and the web UI
//! (acting as `--as EMAIL`); `--json` prints the API's JSON shapes.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::api::sprints as api_sprints;
use tandem_server::delivery::sprints::{self, SprintInput};
use tandem_server::guard::{self, VisibleProject};
use tandem_server::items::service;
use tandem_store::{ItemFilter, Sprint, Unfinished};

/// Arguments of `tandem sprint`.
#[derive(Debug, clap::Args)]
pub struct SprintArgs {
    #[command(subcommand)]
    pub command: SprintCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Sprint commands; a sprint is named by its id or its name.
#[derive(Debug, clap::Subcommand)]
pub enum SprintCommand {
    /// The project's sprints: active, planned, completed.
    List {
        /// Project key.
        key: String,
    },
    /// Create a planned sprint.
    Create {
        key: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        goal: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: Option<String>,
    },
    /// Change a sprint's name, goal or dates (an empty date clears it).
    Set {
        key: String,
        /// Sprint id or name.
        sprint: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        goal: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: Option<String>,
        /// The version you read; refused if the sprint changed since.
        #[arg(long)]
        if_version: Option<i64>,
    },
    /// Delete a planned sprint; its items return to the backlog.
    Delete { key: String, sprint: String },
    /// Put backlog items into a sprint.
    Add {
        key: String,
        /// Sprint id or name.
        sprint: String,
        /// Item keys.
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Take items out of a sprint, back to the backlog.
    Remove {
        key: String,
        /// Sprint id or name.
        sprint: String,
        /// Item keys.
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Start a planned sprint (its items become the committed scope).
    Start { key: String, sprint: String },
    /// Complete the active sprint; unfinished items go to the next planned sprint or the
    /// backlog and are recorded as spillover.
    Complete {
        key: String,
        sprint: String,
        /// Where unfinished items go: next or backlog.
        #[arg(long, value_enum)]
        unfinished: Option<Destination>,
    },
    /// Burndown of a started sprint, one line per day: ideal and remaining points and hours.
    Burndown {
        key: String,
        sprint: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Burn-up of a started sprint, one line per day: remaining, done and scope points.
    Burnup {
        key: String,
        sprint: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Velocity, one line per completed sprint (oldest first): committed and completed points.
    Velocity {
        key: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cumulative flow, one line per day: items per status category (default: last 30 days).
    Flow {
        key: String,
        /// First day, YYYY-MM-DD (default: 29 days before --to).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: today).
        #[arg(long)]
        to: Option<String>,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Where unfinished items go.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Destination {
    Next,
    Backlog,
}

/// Runs `tandem sprint …`.
pub async fn run(args: SprintArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = execute(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

async fn project(
    acting: &Acting,
    key: &str,
    action: ProjectAction,
) -> anyhow::Result<VisibleProject> {
    guard::project(&acting.state, &acting.user, key, action)
        .await
        .map_err(api_error)
}

/// The sprint named by id or (case-insensitive) name.
async fn sprint_named(acting: &Acting, project_id: i64, name: &str) -> anyhow::Result<Sprint> {
    let all = acting.state.store.list_sprints(project_id).await?;
    all.into_iter()
        .find(|s| s.id.to_string() == name || s.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| super::refuse("not_found", format!("no sprint '{name}' in this project")))
}

/// The ids of `items`, each an item of the project `key`.
async fn item_ids(
    acting: &Acting,
    visible: &VisibleProject,
    key: &str,
    items: &[String],
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let found = service::find(&acting.state, &acting.user, item, ProjectAction::View)
            .await
            .map_err(api_error)?;
        if found.item.project_id != visible.project.id {
            return Err(super::refuse(
                "not_found",
                format!("{item} is not an item of {key}"),
            ));
        }
        ids.push(found.item.id);
    }
    Ok(ids)
}

/// Prints `value` as pretty JSON.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A count or `-` for a day not begun.
fn or_dash<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

async fn execute(acting: &Acting, command: SprintCommand) -> anyhow::Result<()> {
    let writer = acting.writer();
    let store = &acting.state.store;
    match command {
        SprintCommand::List { key } => {
            let visible = project(acting, &key, ProjectAction::View).await?;
            let items = store
                .list_items(visible.project.id, &ItemFilter::default())
                .await?
                .items;
            println!(
                "{:>4}  {:<9}  {:<10}  {:<10}  {:>5}  {:>6}  NAME",
                "ID", "STATE", "STARTS", "ENDS", "ITEMS", "POINTS"
            );
            for sprint in store.list_sprints(visible.project.id).await? {
                let mine: Vec<_> = items
                    .iter()
                    .filter(|i| i.sprint_id == Some(sprint.id))
                    .collect();
                let points: i64 = mine.iter().filter_map(|i| i.story_points).sum();
                println!(
                    "{:>4}  {:<9}  {:<10}  {:<10}  {:>5}  {:>6}  {}",
                    sprint.id,
                    sprint.state,
                    sprint.starts_on.as_deref().unwrap_or("-"),
                    sprint.ends_on.as_deref().unwrap_or("-"),
                    mine.len(),
                    points,
                    sprint.name
                );
            }
        }
        SprintCommand::Create {
            key,
            name,
            goal,
            start,
            end,
        } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let input = SprintInput {
                name: Some(name),
                goal: Some(goal),
                starts_on: start,
                ends_on: end,
                version: None,
            };
            let sprint = sprints::create(&writer, visible.project.id, &input)
                .await
                .map_err(api_error)?;
            println!("sprint {} created: {}", sprint.id, sprint.name);
        }
        SprintCommand::Add { key, sprint, items } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let ids = item_ids(acting, &visible, &key, &items).await?;
            let moved = sprints::plan(&writer, &sprint, &ids, &[])
                .await
                .map_err(api_error)?;
            println!("{moved} item(s) added to {}", sprint.name);
        }
        SprintCommand::Remove { key, sprint, items } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let ids = item_ids(acting, &visible, &key, &items).await?;
            let moved = sprints::plan(&writer, &sprint, &[], &ids)
                .await
                .map_err(api_error)?;
            println!(
                "{moved} item(s) taken out of {} (back to the backlog)",
                sprint.name
            );
        }
        SprintCommand::Set {
            key,
            sprint,
            name,
            goal,
            start,
            end,
            if_version,
        } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            if name.is_none() && goal.is_none() && start.is_none() && end.is_none() {
                return Err(super::refuse(
                    "invalid",
                    "nothing to change: pass --name, --goal, --start or --end",
                ));
            }
            let input = SprintInput {
                name,
                goal,
                starts_on: start,
                ends_on: end,
                version: if_version,
            };
            let expected = if_version.unwrap_or(sprint.version);
            let updated = sprints::update(&writer, &sprint, &input, expected)
                .await
                .map_err(api_error)?;
            println!(
                "sprint {} updated: {} ({} – {}), version {}",
                updated.id,
                updated.name,
                updated.starts_on.as_deref().unwrap_or("-"),
                updated.ends_on.as_deref().unwrap_or("-"),
                updated.version
            );
        }
        SprintCommand::Delete { key, sprint } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            sprints::delete(&writer, &sprint, sprint.version)
                .await
                .map_err(api_error)?;
            println!(
                "sprint {} deleted: {}; its items are back in the backlog",
                sprint.id, sprint.name
            );
        }
        SprintCommand::Burndown { key, sprint, json } => {
            let visible = project(acting, &key, ProjectAction::View).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let days = api_sprints::burndown_days(&acting.state, &sprint)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&days);
            }
            println!(
                "{:<10}  {:>12}  {:>16}  {:>11}  {:>15}",
                "DATE", "IDEAL POINTS", "REMAINING POINTS", "IDEAL HOURS", "REMAINING HOURS"
            );
            for day in &days {
                println!(
                    "{:<10}  {:>12.1}  {:>16}  {:>11.1}  {:>15}",
                    day.date,
                    day.ideal_points,
                    or_dash(day.remaining_points),
                    day.ideal_hours,
                    or_dash(day.remaining_hours.map(|h| format!("{h:.1}")))
                );
            }
        }
        SprintCommand::Burnup { key, sprint, json } => {
            let visible = project(acting, &key, ProjectAction::View).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let days = api_sprints::burnup_days(&acting.state, &sprint)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&days);
            }
            println!(
                "{:<10}  {:>9}  {:>5}  {:>5}",
                "DATE", "REMAINING", "DONE", "SCOPE"
            );
            for day in &days {
                let remaining = day.scope_points.zip(day.done_points).map(|(s, d)| s - d);
                println!(
                    "{:<10}  {:>9}  {:>5}  {:>5}",
                    day.date,
                    or_dash(remaining),
                    or_dash(day.done_points),
                    or_dash(day.scope_points)
                );
            }
        }
        SprintCommand::Velocity { key, json } => {
            let visible = project(acting, &key, ProjectAction::View).await?;
            let rows = api_sprints::velocity_rows(&acting.state, visible.project.id)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&rows);
            }
            println!(
                "{:>4}  {:>9}  {:>9}  {:>9}  NAME",
                "ID", "COMMITTED", "COMPLETED", "SPILLOVER"
            );
            for row in &rows {
                println!(
                    "{:>4}  {:>9}  {:>9}  {:>9}  {}",
                    row.sprint_id,
                    row.committed_points,
                    row.completed_points,
                    row.spillover_points,
                    row.name
                );
            }
        }
        SprintCommand::Flow {
            key,
            from,
            to,
            json,
        } => {
            let visible = project(acting, &key, ProjectAction::View).await?;
            let flow = api_sprints::flow_days(
                &acting.state,
                visible.project.id,
                from.as_deref(),
                to.as_deref(),
            )
            .await
            .map_err(api_error)?;
            if json {
                return print_json(&flow);
            }
            println!(
                "{:<10}  {:>5}  {:>11}  {:>5}",
                "DATE", "TODO", "IN PROGRESS", "DONE"
            );
            for day in &flow {
                println!(
                    "{:<10}  {:>5}  {:>11}  {:>5}",
                    day.date, day.todo, day.in_progress, day.done
                );
            }
        }
        SprintCommand::Start { key, sprint } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let started = sprints::start(&writer, &sprint, sprint.version)
                .await
                .map_err(api_error)?;
            println!(
                "{} started: {} – {}",
                started.name,
                started.starts_on.as_deref().unwrap_or("-"),
                started.ends_on.as_deref().unwrap_or("-")
            );
        }
        SprintCommand::Complete {
            key,
            sprint,
            unfinished,
        } => {
            let visible = project(acting, &key, ProjectAction::Contribute).await?;
            let sprint = sprint_named(acting, visible.project.id, &sprint).await?;
            let choice = unfinished.map(|d| match d {
                Destination::Next => Unfinished::Next,
                Destination::Backlog => Unfinished::Backlog,
            });
            let done = sprints::complete(&writer, &sprint, sprint.version, choice, &[])
                .await
                .map_err(api_error)?;
            println!(
                "{} completed; {} unfinished item(s) recorded as spillover",
                done.sprint.name,
                done.spillover.len()
            );
        }
    }
    Ok(())
}
