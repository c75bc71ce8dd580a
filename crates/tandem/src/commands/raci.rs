//! `tandem raci show KEY`, `tandem raci set KEY ACTIVITY ROLE_OR_EMAIL LETTER`, `tandem raci
//! add|change|remove KEY …` (the matrix's activities) and `tandem raci template [--from KEY |
//! --reset]`: responsibility matrices from the shell, with
//! the same rules as the API (one "A" per activity, managers and admins edit a project's,
//! admins the workspace default, the audit trail names who did it).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::raci::{Letter, TEMPLATE_ROLES};
use tandem_core::roles::ProjectRole;
use tandem_server::acting::Acting;
use tandem_server::guard;
use tandem_server::projects::{PersonInput, resolve_person};
use tandem_server::raci::{self, ActivityChange, ActivityInput, holder_of, role_label};
use tandem_store::{
    Project, RaciActivity, RaciAssignee, RaciAssignment, RaciHolder, RaciMatrix, RaciTemplate,
};

/// Arguments of `tandem raci`.
#[derive(Debug, clap::Args)]
pub struct RaciArgs {
    #[command(subcommand)]
    pub command: RaciCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Responsibility-matrix commands.
#[derive(Debug, clap::Subcommand)]
pub enum RaciCommand {
    /// Print a project's responsibility matrix.
    Show {
        /// Project key, e.g. ACME.
        key: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Set one cell: who (a role such as product_manager, or a member's e-mail) gets which
    /// letter on an activity; `-` clears the cell.
    Set {
        /// Project key.
        key: String,
        /// Activity name (case-insensitive) or id.
        activity: String,
        /// product_manager, project_manager, member, client, viewer, or a member's e-mail.
        who: String,
        /// R, A, C, I, or - to clear.
        letter: String,
    },
    /// Add an activity (a row) to a project's matrix, with no letters yet.
    Add {
        /// Project key.
        key: String,
        /// The activity's name, unique in the matrix.
        name: String,
        /// product or delivery: whose side of the project it belongs to.
        #[arg(long)]
        side: String,
        /// What it covers.
        #[arg(long)]
        description: Option<String>,
    },
    /// Rename, re-describe or move an activity to the other side (only the flags given change).
    Change {
        /// Project key.
        key: String,
        /// Activity name (case-insensitive) or id.
        activity: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// product or delivery.
        #[arg(long)]
        side: Option<String>,
        /// New description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Remove an activity and its letters from a project's matrix.
    Remove {
        /// Project key.
        key: String,
        /// Activity name (case-insensitive) or id.
        activity: String,
    },
    /// Print the workspace default every new project's matrix starts from; admins may
    /// replace it with a project's matrix (`--from KEY`) or the built-in split (`--reset`).
    Template {
        /// Make this project's matrix the default (its role letters; person cells stay).
        #[arg(long, conflicts_with = "reset")]
        from: Option<String>,
        /// Go back to the built-in product/project split.
        #[arg(long)]
        reset: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `tandem raci …`.
pub async fn run(args: RaciArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = match &args.command {
        RaciCommand::Show { key, json } => show(&acting, key, *json).await,
        RaciCommand::Set {
            key,
            activity,
            who,
            letter,
        } => set(&acting, key, activity, who, letter).await,
        RaciCommand::Add {
            key,
            name,
            side,
            description,
        } => add(&acting, key, name, side, description.clone()).await,
        RaciCommand::Change {
            key,
            activity,
            name,
            side,
            description,
        } => {
            let change = ActivityChange {
                name: name.clone(),
                description: description.clone(),
                side: side.clone(),
                ..ActivityChange::default()
            };
            change_activity(&acting, key, activity, &change).await
        }
        RaciCommand::Remove { key, activity } => remove(&acting, key, activity).await,
        RaciCommand::Template { from, reset, json } => {
            template(&acting, from.as_deref(), *reset, *json).await
        }
    };
    acting.state.store.close().await;
    result
}

async fn show(acting: &tandem_server::acting::Acting, key: &str, json: bool) -> anyhow::Result<()> {
    let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::View)
        .await
        .map_err(api_error)?;
    let matrix = raci::matrix(&acting.state.store, &visible.project)
        .await
        .map_err(api_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&matrix)?);
    } else {
        print!("{}", table(&visible.project.key, &matrix));
    }
    Ok(())
}

/// The matrix as a plain-text table: activities down, role and person columns across.
fn table(key: &str, matrix: &RaciMatrix) -> String {
    let mut columns: Vec<(RaciHolder, String)> = TEMPLATE_ROLES
        .iter()
        .map(|role| (RaciHolder::Role(*role), role.label().to_owned()))
        .collect();
    for activity in &matrix.activities {
        for cell in &activity.assignments {
            let (holder, label) = holder_of(&cell.assignee);
            if !columns.iter().any(|(known, _)| *known == holder) {
                columns.push((holder, label));
            }
        }
    }
    let width = matrix
        .activities
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!("{key} responsibility matrix (version {})\n", matrix.version);
    out.push_str(&format!("{:<width$}  {:<8}", "Activity", "Side"));
    for (_, label) in &columns {
        out.push_str(&format!("  {label}"));
    }
    out.push('\n');
    for activity in &matrix.activities {
        out.push_str(&format!(
            "{:<width$}  {:<8}",
            activity.name,
            activity.side.as_str()
        ));
        for (holder, label) in &columns {
            let letter = activity
                .assignments
                .iter()
                .find(|cell| holder_of(&cell.assignee).0 == *holder)
                .map_or("-", |cell| cell.letter.as_str());
            out.push_str(&format!("  {letter:<w$}", w = label.chars().count()));
        }
        if raci::current_accountable(activity).is_none() {
            out.push_str("  (no accountable)");
        }
        out.push('\n');
    }
    out
}

async fn template(
    acting: &tandem_server::acting::Acting,
    from: Option<&str>,
    reset: bool,
    json: bool,
) -> anyhow::Result<()> {
    let store = &acting.state.store;
    let current = raci::template(store).await.map_err(api_error)?;
    let writer = acting.writer();
    let shown = if let Some(key) = from {
        let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::View)
            .await
            .map_err(api_error)?;
        let (saved, left_out) =
            raci::save_template_from(&writer, &visible.project, current.version)
                .await
                .map_err(api_error)?;
        eprintln!(
            "{} is now the workspace default ({left_out} cells naming a person stayed with the project)",
            visible.project.key
        );
        saved
    } else if reset {
        let built_in = tandem_core::raci::default_template();
        let saved = raci::save_template(&writer, &built_in, current.version)
            .await
            .map_err(api_error)?;
        eprintln!("The workspace default is the built-in product/project split again");
        saved
    } else {
        current
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&shown.activities)?);
        return Ok(());
    }
    print!("{}", table("Workspace default", &as_matrix(&shown)));
    Ok(())
}

/// The template in a matrix's shape, so it prints as the same table.
fn as_matrix(template: &RaciTemplate) -> RaciMatrix {
    let activities = template.activities.iter().enumerate();
    RaciMatrix {
        project_id: 0,
        version: template.version,
        updated_at: template.updated_at,
        activities: activities
            .map(|(position, activity)| RaciActivity {
                id: position as i64,
                name: activity.name.clone(),
                description: activity.description.clone(),
                side: activity.side,
                position: position as i64,
                assignments: activity
                    .assignments
                    .iter()
                    .map(|cell| RaciAssignment {
                        assignee: RaciAssignee::Role(cell.role),
                        letter: cell.letter,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn find<'m>(matrix: &'m RaciMatrix, activity: &str) -> anyhow::Result<&'m RaciActivity> {
    let wanted = activity.trim();
    matrix
        .activities
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(wanted) || a.id.to_string() == wanted)
        .ok_or_else(|| {
            super::refuse(
                "not_found",
                format!("no activity “{wanted}” in this matrix; see `tandem raci show`"),
            )
        })
}

/// The project `key` its matrix is edited on, and that matrix as read now: the change is
/// made at this version, so one made meanwhile by someone else is refused.
async fn editable(acting: &Acting, key: &str) -> anyhow::Result<(Project, RaciMatrix)> {
    let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::Edit)
        .await
        .map_err(api_error)?;
    let matrix = raci::matrix(&acting.state.store, &visible.project)
        .await
        .map_err(api_error)?;
    Ok((visible.project, matrix))
}

async fn add(
    acting: &Acting,
    key: &str,
    name: &str,
    side: &str,
    description: Option<String>,
) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let input = ActivityInput {
        name: name.to_owned(),
        description,
        side: side.to_owned(),
        assignments: Vec::new(),
        position: None,
        version: None,
    };
    let (saved, id) = raci::add_activity(&acting.writer(), &project, &input, matrix.version)
        .await
        .map_err(api_error)?;
    println!(
        "added activity {id} “{}” to {key} (matrix version {})",
        name.trim(),
        saved.version
    );
    Ok(())
}

async fn change_activity(
    acting: &Acting,
    key: &str,
    activity: &str,
    change: &ActivityChange,
) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let found = find(&matrix, activity)?;
    let saved = raci::update_activity(&acting.writer(), &project, found.id, change, matrix.version)
        .await
        .map_err(api_error)?;
    let now = saved.activities.iter().find(|a| a.id == found.id);
    println!(
        "activity {} is now “{}” on the {} side (matrix version {})",
        found.id,
        now.map_or(found.name.as_str(), |a| a.name.as_str()),
        now.map_or(found.side, |a| a.side).as_str(),
        saved.version
    );
    Ok(())
}

async fn remove(acting: &Acting, key: &str, activity: &str) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let found = find(&matrix, activity)?;
    let saved = raci::delete_activity(&acting.writer(), &project, found.id, matrix.version)
        .await
        .map_err(api_error)?;
    println!(
        "removed “{}” from {key} (matrix version {})",
        found.name, saved.version
    );
    Ok(())
}

async fn set(
    acting: &tandem_server::acting::Acting,
    key: &str,
    activity: &str,
    who: &str,
    letter: &str,
) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let store = &acting.state.store;
    let activity = find(&matrix, activity)?;
    let letter = match letter.trim() {
        "-" => None,
        other => Some(Letter::parse(other).map_err(|e| api_error(e.into()))?),
    };
    let holder = if who.contains('@') {
        let user = resolve_person(store, "user", &PersonInput::Email(who.to_owned()))
            .await
            .map_err(api_error)?;
        if store
            .membership_roles(project.id, user.id)
            .await?
            .is_empty()
        {
            return Err(super::refuse(
                "validation_failed",
                format!("{} is not a member of {}", user.name, project.key),
            ));
        }
        (RaciHolder::User(user.id), user.name)
    } else {
        let role = ProjectRole::parse(who.trim()).map_err(|e| api_error(e.into()))?;
        (RaciHolder::Role(role), role_label(role))
    };
    let label = holder.1.clone();
    let saved = raci::set_cell(
        &acting.writer(),
        &project,
        activity,
        holder,
        letter,
        matrix.version,
    )
    .await
    .map_err(api_error)?;
    match letter {
        Some(letter) => println!(
            "{label} is now {} for “{}” (matrix version {})",
            letter.label().to_lowercase(),
            activity.name,
            saved.version
        ),
        None => println!(
            "{label} no longer has a letter on “{}” (matrix version {})",
            activity.name, saved.version
        ),
    }
    Ok(())
}
