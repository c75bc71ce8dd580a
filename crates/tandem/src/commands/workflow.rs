//! `tandem workflow KEY`: a project's statuses (category, WIP limit, items) and its transition
//! rules; `tandem workflow add|rename|set-wip|remove|allow|disallow` change them. Each change
//! reads the workflow, edits that one thing and saves the whole workflow at the version just
//! read through the service behind `PUT /api/v1/projects/{key}/workflow`, so the rules (unique
//! names, one status per category, no removing a status that holds items) are the API's.

use super::acting::ActingArgs;
use crate::commands::{api_error, project_key, refuse};
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::guard::{self, VisibleProject};
use tandem_server::items::service::{self, StatusChange, TransitionChange, WorkflowChange};
use tandem_server::items::view::{WorkflowStatusView, WorkflowView};

/// Arguments of `tandem workflow`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct WorkflowArgs {
    #[command(subcommand)]
    command: Option<WorkflowCommand>,
    /// The project key, e.g. NWSHOP: list its statuses and transition rules.
    key: Option<String>,
    /// Print the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Changes to a workflow (project and product managers).
#[derive(Debug, clap::Subcommand)]
enum WorkflowCommand {
    /// Add a status (at the end, or after another one).
    Add {
        /// Project key.
        key: String,
        /// The new status's name.
        name: String,
        /// todo, in_progress or done.
        #[arg(long)]
        category: String,
        /// Most items allowed in it (a soft limit; a whole number of 1 or more).
        #[arg(long)]
        wip: Option<String>,
        /// Put it right after this status (name or id).
        #[arg(long)]
        after: Option<String>,
    },
    /// Rename a status (its transition rules follow).
    Rename {
        /// Project key.
        key: String,
        /// The status (name or id).
        status: String,
        /// Its new name.
        new_name: String,
    },
    /// Set a status's WIP limit, or `none` to lift it.
    SetWip {
        /// Project key.
        key: String,
        /// The status (name or id).
        status: String,
        /// A whole number of 1 or more, or `none`.
        limit: String,
    },
    /// Remove a status that holds no items (its transition rules go with it).
    Remove {
        /// Project key.
        key: String,
        /// The status (name or id).
        status: String,
    },
    /// Allow a move. While no move is listed every move is allowed; the first one listed
    /// makes the list the only moves allowed.
    Allow {
        /// Project key.
        key: String,
        /// From this status (name or id).
        from: String,
        /// To this status (name or id).
        to: String,
    },
    /// Disallow a move: removes it from the allowed moves (when none were listed yet, every
    /// other move gets listed).
    Disallow {
        /// Project key.
        key: String,
        /// From this status (name or id).
        from: String,
        /// To this status (name or id).
        to: String,
    },
}

/// Runs `tandem workflow …`.
pub async fn run(args: WorkflowArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = match args.command {
        None => match project_key(args.key, "workflow") {
            Ok(key) => show(&acting, &key, args.json).await,
            Err(refusal) => Err(refusal),
        },
        Some(command) => change(&acting, command).await,
    };
    acting.state.store.close().await;
    result
}

/// Loads the project (with `action`) and its workflow view.
async fn load(
    acting: &Acting,
    key: &str,
    action: ProjectAction,
) -> anyhow::Result<(VisibleProject, WorkflowView)> {
    let visible = guard::project(&acting.state, &acting.user, key, action)
        .await
        .map_err(api_error)?;
    let workflow = acting.state.store.workflow(visible.project.id).await?;
    let counts = acting.state.store.status_counts(visible.project.id).await?;
    Ok((visible, WorkflowView::new(workflow, &counts)))
}

async fn show(acting: &Acting, key: &str, json: bool) -> anyhow::Result<()> {
    let (_, view) = load(acting, key, ProjectAction::View).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", table(key, &view));
    }
    Ok(())
}

/// The workflow as a table: one status a line, then the allowed moves.
fn table(key: &str, view: &WorkflowView) -> String {
    let mut out = format!("{key} workflow (version {})\n", view.version);
    out.push_str(&format!(
        "{:>5}  {:<24} {:<12} {:>5} {:>6}\n",
        "ID", "STATUS", "CATEGORY", "WIP", "ITEMS"
    ));
    for status in &view.statuses {
        let wip = status
            .wip_limit
            .map_or_else(|| "-".to_owned(), |limit| limit.to_string());
        out.push_str(&format!(
            "{:>5}  {:<24} {:<12} {:>5} {:>6}{}\n",
            status.id,
            status.name,
            status.category,
            wip,
            status.items,
            if status.over_limit {
                "  over the WIP limit"
            } else {
                ""
            }
        ));
    }
    if view.transitions.is_empty() {
        out.push_str("Transitions: every move is allowed\n");
    } else {
        out.push_str("Transitions allowed:\n");
        for transition in &view.transitions {
            out.push_str(&format!("  {} -> {}\n", transition.from, transition.to));
        }
    }
    out
}

/// The position of the status named `wanted` (its name, any case, or its id).
fn position(view: &WorkflowView, wanted: &str) -> anyhow::Result<usize> {
    let wanted = wanted.trim();
    view.statuses
        .iter()
        .position(|status| {
            status.name.eq_ignore_ascii_case(wanted) || status.id.to_string() == wanted
        })
        .ok_or_else(|| {
            let names: Vec<&str> = view.statuses.iter().map(|s| s.name.as_str()).collect();
            refuse(
                "not_found",
                format!(
                    "no status '{wanted}' in this workflow (it has {})",
                    names.join(", ")
                ),
            )
        })
}

/// The workflow as the change that would save it unchanged.
fn as_change(view: &WorkflowView) -> WorkflowChange {
    WorkflowChange {
        statuses: view.statuses.iter().map(status_change).collect(),
        transitions: view
            .transitions
            .iter()
            .map(|t| TransitionChange {
                from: t.from.clone(),
                to: t.to.clone(),
            })
            .collect(),
        version: Some(view.version),
    }
}

fn status_change(status: &WorkflowStatusView) -> StatusChange {
    StatusChange {
        id: Some(status.id),
        name: status.name.clone(),
        category: status.category.clone(),
        wip_limit: status.wip_limit,
    }
}

/// A WIP limit from the command line: `none` lifts it, otherwise a whole number ≥ 1.
fn wip_limit(text: &str) -> anyhow::Result<Option<i64>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|limit| *limit >= 1)
        .map(Some)
        .ok_or_else(|| {
            refuse(
                "validation_failed",
                format!("wip: '{text}' is not a whole number of 1 or more (or 'none')"),
            )
        })
}

fn same_move(transition: &TransitionChange, from: &str, to: &str) -> bool {
    transition.from.eq_ignore_ascii_case(from) && transition.to.eq_ignore_ascii_case(to)
}

async fn change(acting: &Acting, command: WorkflowCommand) -> anyhow::Result<()> {
    let key = match &command {
        WorkflowCommand::Add { key, .. }
        | WorkflowCommand::Rename { key, .. }
        | WorkflowCommand::SetWip { key, .. }
        | WorkflowCommand::Remove { key, .. }
        | WorkflowCommand::Allow { key, .. }
        | WorkflowCommand::Disallow { key, .. } => key.clone(),
    };
    let (visible, view) = load(acting, &key, ProjectAction::Edit).await?;
    let mut change = as_change(&view);
    let done = match command {
        WorkflowCommand::Add {
            name,
            category,
            wip,
            after,
            ..
        } => {
            let at = match after {
                Some(after) => position(&view, &after)? + 1,
                None => change.statuses.len(),
            };
            let wip = wip.as_deref().map(wip_limit).transpose()?.flatten();
            change.statuses.insert(
                at,
                StatusChange {
                    id: None,
                    name: name.trim().to_owned(),
                    category,
                    wip_limit: wip,
                },
            );
            format!("status '{}' added", name.trim())
        }
        WorkflowCommand::Rename {
            status, new_name, ..
        } => {
            let at = position(&view, &status)?;
            let old = change.statuses[at].name.clone();
            let new_name = new_name.trim().to_owned();
            for transition in &mut change.transitions {
                for end in [&mut transition.from, &mut transition.to] {
                    if end.eq_ignore_ascii_case(&old) {
                        end.clone_from(&new_name);
                    }
                }
            }
            change.statuses[at].name.clone_from(&new_name);
            format!("status '{old}' renamed to '{new_name}'")
        }
        WorkflowCommand::SetWip { status, limit, .. } => {
            let at = position(&view, &status)?;
            let limit = wip_limit(&limit)?;
            change.statuses[at].wip_limit = limit;
            match limit {
                Some(limit) => {
                    format!("WIP limit of '{}' set to {limit}", change.statuses[at].name)
                }
                None => format!("WIP limit of '{}' lifted", change.statuses[at].name),
            }
        }
        WorkflowCommand::Remove { status, .. } => {
            let at = position(&view, &status)?;
            let removed = change.statuses.remove(at);
            change.transitions.retain(|t| {
                !t.from.eq_ignore_ascii_case(&removed.name)
                    && !t.to.eq_ignore_ascii_case(&removed.name)
            });
            format!("status '{}' removed", removed.name)
        }
        WorkflowCommand::Allow { from, to, .. } => {
            let (from, to) = move_names(&view, &from, &to)?;
            if change.transitions.iter().any(|t| same_move(t, &from, &to)) {
                format!("{from} -> {to} was already allowed")
            } else {
                let first = change.transitions.is_empty();
                change.transitions.push(TransitionChange {
                    from: from.clone(),
                    to: to.clone(),
                });
                if first {
                    format!("{from} -> {to} allowed; only the listed moves are allowed now")
                } else {
                    format!("{from} -> {to} allowed")
                }
            }
        }
        WorkflowCommand::Disallow { from, to, .. } => {
            let (from, to) = move_names(&view, &from, &to)?;
            if change.transitions.is_empty() {
                change.transitions = every_move(&view)
                    .filter(|t| !same_move(t, &from, &to))
                    .collect();
            } else if change.transitions.iter().any(|t| same_move(t, &from, &to)) {
                if change.transitions.len() == 1 {
                    return Err(refuse(
                        "validation_failed",
                        format!(
                            "{from} -> {to} is the only move listed; without it every move \
                             would be allowed: allow another move first"
                        ),
                    ));
                }
                change.transitions.retain(|t| !same_move(t, &from, &to));
            } else {
                return Err(refuse(
                    "validation_failed",
                    format!("{from} -> {to} is not an allowed move"),
                ));
            }
            format!("{from} -> {to} disallowed")
        }
    };
    let version = view.version;
    let saved = service::replace_workflow(&acting.writer(), &visible.project, &change, version)
        .await
        .map_err(api_error)?;
    println!("{key}: {done} (version {})", saved.version);
    Ok(())
}

/// The names of a move's two statuses, as the workflow spells them.
fn move_names(view: &WorkflowView, from: &str, to: &str) -> anyhow::Result<(String, String)> {
    let from = view.statuses[position(view, from)?].name.clone();
    let to = view.statuses[position(view, to)?].name.clone();
    if from == to {
        return Err(refuse(
            "validation_failed",
            "a move goes from one status to another",
        ));
    }
    Ok((from, to))
}

/// Every move between two different statuses.
fn every_move(view: &WorkflowView) -> impl Iterator<Item = TransitionChange> + '_ {
    view.statuses.iter().flat_map(move |from| {
        view.statuses
            .iter()
            .filter(move |to| to.id != from.id)
            .map(move |to| TransitionChange {
                from: from.name.clone(),
                to: to.name.clone(),
            })
    })
}
