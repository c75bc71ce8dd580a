//! `tandem item …`: work items from the command line, through the same service functions,
//! permission rules and audit trail as the API and the web UI (`--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::work::parse_minutes;
use tandem_server::acting::Acting;
use tandem_server::items::service::{self, CommentInput, DependencyInput};
use tandem_server::items::{ItemContext, ItemFields, ItemView, ListParams};

/// Arguments of `tandem item`.
#[derive(Debug, clap::Args)]
pub struct ItemArgs {
    #[command(subcommand)]
    pub command: ItemCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Item commands.
#[derive(Debug, clap::Subcommand)]
pub enum ItemCommand {
    /// Create an item in a project and print its key.
    Add {
        /// Project key, e.g. NWSHOP.
        project: String,
        /// One-line summary.
        #[arg(long)]
        title: String,
        /// epic, story, task, bug or milestone.
        #[arg(long = "type", default_value = "task")]
        item_type: String,
        /// Parent item key, e.g. NWSHOP-1.
        #[arg(long)]
        parent: Option<String>,
        /// Estimate, e.g. 3h, 90m, 1.5h, 2d (a day is 8 hours).
        #[arg(long)]
        estimate: Option<String>,
        /// Story points.
        #[arg(long)]
        points: Option<i64>,
        /// Assignee e-mail.
        #[arg(long)]
        assignee: Option<String>,
        /// Initial status name.
        #[arg(long)]
        status: Option<String>,
        /// Labels (repeat the flag).
        #[arg(long = "label")]
        labels: Vec<String>,
    },
    /// List a project's items.
    List {
        /// Project key.
        project: String,
        /// Status name.
        #[arg(long)]
        status: Option<String>,
        /// User id, `me` or `none`.
        #[arg(long)]
        assignee: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one item.
    Show {
        /// Item key, e.g. NWSHOP-12.
        item: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move an item to another status.
    Move {
        /// Item key.
        item: String,
        /// Status name, e.g. "In progress".
        status: String,
    },
    /// Make SUCC wait for PRED.
    Link {
        /// Predecessor key.
        pred: String,
        /// Successor key.
        succ: String,
        /// FS, SS, FF or SF.
        #[arg(long, default_value = "FS")]
        kind: String,
        /// Lag in working days (negative for a lead).
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        lag: i64,
    },
    /// Comment on an item.
    Comment {
        /// Item key.
        item: String,
        /// Markdown text.
        text: String,
        /// A staff-only note.
        #[arg(long)]
        internal: bool,
    },
}

/// Runs `tandem item …`.
pub async fn run(args: ItemArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = execute(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

fn hours(raw: &str) -> anyhow::Result<f64> {
    let minutes = parse_minutes("estimate", raw).map_err(|e| api_error(e.into()))?;
    Ok(minutes as f64 / 60.0)
}

async fn execute(acting: &Acting, command: ItemCommand) -> anyhow::Result<()> {
    let state = &acting.state;
    let user = &acting.user;
    let writer = acting.writer();
    match command {
        ItemCommand::Add {
            project,
            title,
            item_type,
            parent,
            estimate,
            points,
            assignee,
            status,
            labels,
        } => {
            let visible =
                tandem_server::guard::project(state, user, &project, ProjectAction::Contribute)
                    .await
                    .map_err(api_error)?;
            let fields = ItemFields {
                item_type: Some(item_type),
                title: Some(title),
                parent: parent.map(Some),
                estimate_hours: estimate.as_deref().map(hours).transpose()?.map(Some),
                story_points: points.map(Some),
                assignee: assignee
                    .map(|email| Some(tandem_server::projects::PersonInput::Email(email))),
                status,
                labels: (!labels.is_empty()).then_some(labels),
                ..ItemFields::default()
            };
            let view = service::create(&writer, &visible.project, &fields)
                .await
                .map_err(api_error)?;
            println!("{}", view.key);
            for warning in &view.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ItemCommand::List {
            project,
            status,
            assignee,
            json,
        } => {
            let visible = tandem_server::guard::project(state, user, &project, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let workflow = state.store.workflow(visible.project.id).await?;
            let params = ListParams {
                status,
                assignee,
                ..ListParams::default()
            };
            let filter = params
                .to_filter(state, &visible.project, &workflow, user.user.id)
                .await
                .map_err(api_error)?;
            let page = state.store.list_items(visible.project.id, &filter).await?;
            let context = ItemContext::load(state, visible.project.id)
                .await
                .map_err(api_error)?;
            let views: Vec<ItemView> = page.items.into_iter().map(|i| context.view(i)).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                for view in &views {
                    println!("{}", line(view));
                }
                eprintln!("{} items", views.len());
            }
        }
        ItemCommand::Show { item, json } => {
            let found = service::find(state, user, &item, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let view = service::view_of(state, found.item)
                .await
                .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                println!("{}", line(&view));
                if let Some(parent) = &view.parent {
                    println!("parent:   {} {}", parent.key, parent.title);
                }
                if let Some(estimate) = view.estimate_hours {
                    println!("estimate: {estimate}h");
                }
                if let Some(rollup) = &view.rollup {
                    println!(
                        "children: {} ({}h, {:.0}% done)",
                        view.children,
                        rollup.estimate_hours,
                        rollup.progress * 100.0
                    );
                }
                if !view.description.is_empty() {
                    println!("\n{}", view.description);
                }
            }
        }
        ItemCommand::Move { item, status } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let version = found.item.version;
            let view = service::move_to(
                &writer,
                &found.visible.project,
                &found.item,
                &status,
                None,
                version,
            )
            .await
            .map_err(api_error)?;
            println!("{} → {}", view.key, view.status.name);
            for warning in &view.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ItemCommand::Link {
            pred,
            succ,
            kind,
            lag,
        } => {
            let found = service::find(state, user, &succ, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let input = DependencyInput {
                predecessor: Some(pred),
                successor: None,
                kind: Some(kind),
                lag_days: Some(lag),
            };
            let dependency = service::link(&writer, &found.visible.project, &found.item, &input)
                .await
                .map_err(api_error)?;
            println!(
                "{} → {} ({}, lag {} days)",
                dependency.predecessor.key,
                dependency.successor.key,
                dependency.kind,
                dependency.lag_days
            );
        }
        ItemCommand::Comment {
            item,
            text,
            internal,
        } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let input = CommentInput {
                body: text,
                internal,
                version: None,
            };
            let comment = service::comment(&writer, &found.visible, &found.item, &input)
                .await
                .map_err(api_error)?;
            println!("comment {} on {}", comment.id, found.item.key);
        }
    }
    Ok(())
}

/// One item as a line: key, type, status, assignee, title, blocked marker.
fn line(view: &ItemView) -> String {
    let assignee = view
        .assignee
        .as_ref()
        .map(|person| person.email.as_str())
        .unwrap_or("-");
    let blocked = if view.blocked {
        format!("  [blocked by {}]", view.blocked_by.join(", "))
    } else {
        String::new()
    };
    format!(
        "{:<12} {:<9} {:<14} {:<24} {}{blocked}",
        view.key, view.item_type, view.status.name, assignee, view.title
    )
}
