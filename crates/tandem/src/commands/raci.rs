//! `tandem raci show KEY`, `tandem raci set KEY ACTIVITY ROLE_OR_EMAIL LETTER` and
//! `tandem raci template [--from KEY | --reset]`: responsibility matrices from the shell, with
//! the same rules as the API (one "A" per activity, managers and admins edit a project's,
//! admins the workspace default, the audit trail names who did it).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::raci::{Letter, TEMPLATE_ROLES};
use tandem_core::roles::ProjectRole;
use tandem_server::guard;
use tandem_server::projects::{PersonInput, resolve_person};
use tandem_server::raci::{self, holder_of, role_label};
use tandem_store::{
    RaciActivity, RaciAssignee, RaciAssignment, RaciHolder, RaciMatrix, RaciTemplate,
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

async fn set(
    acting: &tandem_server::acting::Acting,
    key: &str,
    activity: &str,
    who: &str,
    letter: &str,
) -> anyhow::Result<()> {
    let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::Edit)
        .await
        .map_err(api_error)?;
    let store = &acting.state.store;
    let matrix = raci::matrix(store, &visible.project)
        .await
        .map_err(api_error)?;
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
            .membership_roles(visible.project.id, user.id)
            .await?
            .is_empty()
        {
            return Err(super::refuse(
                "validation_failed",
                format!("{} is not a member of {}", user.name, visible.project.key),
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
        &visible.project,
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
