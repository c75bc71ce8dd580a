//! `tandem sprint list|create|add|start|complete KEY …`: the sprint lifecycle from the shell,
//! through the same services and rules as the API and the web UI (acting as `--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
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
    /// Put backlog items into a sprint.
    Add {
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
            let mut ids = Vec::with_capacity(items.len());
            for item in &items {
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
            let moved = sprints::plan(&writer, &sprint, &ids, &[])
                .await
                .map_err(api_error)?;
            println!("{moved} item(s) added to {}", sprint.name);
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
