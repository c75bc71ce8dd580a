//! `tandem view KEY`: your saved views of a project's item list (named filters), `tandem view
//! save KEY NAME --status … --assignee …` saves one and `tandem view delete KEY VIEW` deletes
//! one — as `/api/v1/projects/{key}/views` does: views are personal, and a filter is checked
//! against the project (a status it does not have is refused) before it is saved.

use super::acting::ActingArgs;
use crate::commands::{api_error, project_key, refuse};
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::api::workflow::{SavedViewInput, SavedViewView, save_view};
use tandem_server::error::ApiError;
use tandem_server::guard::{self, VisibleProject};
use tandem_server::items::ListParams;
use tandem_store::StoreError;

/// Arguments of `tandem view`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ViewArgs {
    #[command(subcommand)]
    command: Option<ViewCommand>,
    /// The project key, e.g. NWSHOP: list your saved views of its items.
    key: Option<String>,
    /// Print the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Saving and deleting views.
#[derive(Debug, clap::Subcommand)]
enum ViewCommand {
    /// Save the item list's filters and order under a name.
    Save {
        /// Project key.
        key: String,
        /// The view's name (unique among your views of the project).
        name: String,
        #[command(flatten)]
        filters: Box<Filters>,
    },
    /// Delete one of your views, by id or name.
    Delete {
        /// Project key.
        key: String,
        /// The view's id or name (see `tandem view KEY`).
        view: String,
    },
}

/// The item list's filters a view keeps (the API's list parameters); `tandem item list`
/// takes the same flags.
#[derive(Debug, clap::Args)]
pub struct Filters {
    /// Status name or id.
    #[arg(long)]
    status: Option<String>,
    /// todo, in_progress or done.
    #[arg(long)]
    category: Option<String>,
    /// User id, `me` or `none` (unassigned).
    #[arg(long)]
    assignee: Option<String>,
    /// A label.
    #[arg(long)]
    label: Option<String>,
    /// Sprint id or `none` (the backlog).
    #[arg(long)]
    sprint: Option<String>,
    /// epic, story, task, bug or milestone.
    #[arg(long = "type")]
    item_type: Option<String>,
    /// Children of this item key.
    #[arg(long)]
    parent: Option<String>,
    /// Text in the title or description, or an item number.
    #[arg(long)]
    q: Option<String>,
    /// rank, key, title, priority, status, assignee, due, updated or points.
    #[arg(long)]
    sort: Option<String>,
    /// asc or desc.
    #[arg(long)]
    order: Option<String>,
}

impl From<Filters> for ListParams {
    fn from(filters: Filters) -> Self {
        Self {
            status: filters.status,
            category: filters.category,
            assignee: filters.assignee,
            label: filters.label,
            sprint: filters.sprint,
            item_type: filters.item_type,
            parent: filters.parent,
            q: filters.q,
            sort: filters.sort,
            order: filters.order,
            limit: None,
            offset: None,
        }
    }
}

/// Runs `tandem view …`.
pub async fn run(args: ViewArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = match args.command {
        None => match project_key(args.key, "view") {
            Ok(key) => list(&acting, &key, args.json).await,
            Err(refusal) => Err(refusal),
        },
        Some(ViewCommand::Save { key, name, filters }) => {
            save(&acting, &key, name, (*filters).into()).await
        }
        Some(ViewCommand::Delete { key, view }) => delete(&acting, &key, &view).await,
    };
    acting.state.store.close().await;
    result
}

async fn project(acting: &Acting, key: &str) -> anyhow::Result<VisibleProject> {
    guard::project(&acting.state, &acting.user, key, ProjectAction::View)
        .await
        .map_err(api_error)
}

async fn views(acting: &Acting, visible: &VisibleProject) -> anyhow::Result<Vec<SavedViewView>> {
    let views = acting
        .state
        .store
        .saved_views(visible.project.id, acting.user.user.id)
        .await?;
    Ok(views.into_iter().map(SavedViewView::from).collect())
}

async fn list(acting: &Acting, key: &str, json: bool) -> anyhow::Result<()> {
    let visible = project(acting, key).await?;
    let views = views(acting, &visible).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&views)?);
        return Ok(());
    }
    if views.is_empty() {
        println!("{key}: no saved views (tandem view save {key} NAME --status …)");
    }
    for view in &views {
        let query = if view.query.is_empty() {
            "(all items)"
        } else {
            &view.query
        };
        println!("{:>5}  {:<30} {query}", view.id, view.name);
    }
    Ok(())
}

async fn save(acting: &Acting, key: &str, name: String, params: ListParams) -> anyhow::Result<()> {
    let visible = project(acting, key).await?;
    // The filter must make sense on this project, as the list would read it.
    let workflow = acting.state.store.workflow(visible.project.id).await?;
    params
        .to_filter(
            &acting.state,
            &visible.project,
            &workflow,
            acting.user.user.id,
        )
        .await
        .map_err(api_error)?;
    let input = SavedViewInput {
        name,
        query: params.to_query_string(),
    };
    let saved = save_view(
        &acting.state,
        visible.project.id,
        acting.user.user.id,
        &input,
    )
    .await
    .map_err(api_error)?;
    println!(
        "view {} '{}' saved in {key}: {}",
        saved.id,
        saved.name,
        if saved.query.is_empty() {
            "(all items)"
        } else {
            &saved.query
        }
    );
    Ok(())
}

/// The acting user's saved view `wanted`: its id or exact name first, another spelling only
/// when it names one view. Shared by `view delete` and `item list --view`.
pub async fn named(
    acting: &Acting,
    visible: &VisibleProject,
    wanted: &str,
) -> anyhow::Result<SavedViewView> {
    let wanted = wanted.trim();
    let mut views = views(acting, visible).await?;
    let exact = views
        .iter()
        .position(|view| view.id.to_string() == wanted || view.name == wanted);
    let index = match exact {
        Some(index) => index,
        None => {
            let similar: Vec<usize> = (0..views.len())
                .filter(|&i| views[i].name.eq_ignore_ascii_case(wanted))
                .collect();
            match similar.as_slice() {
                [index] => *index,
                [] => return Err(api_error(ApiError::not_found("view"))),
                _ => {
                    return Err(refuse(
                        "validation_failed",
                        format!("'{wanted}' names several views; spell it exactly or use its id"),
                    ));
                }
            }
        }
    };
    Ok(views.swap_remove(index))
}

async fn delete(acting: &Acting, key: &str, wanted: &str) -> anyhow::Result<()> {
    let visible = project(acting, key).await?;
    let view = named(acting, &visible, wanted).await?;
    acting
        .state
        .store
        .delete_saved_view(visible.project.id, acting.user.user.id, view.id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => api_error(ApiError::not_found("view")),
            other => api_error(other.into()),
        })?;
    println!("view {} '{}' deleted from {key}", view.id, view.name);
    Ok(())
}
