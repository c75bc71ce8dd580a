//! `tandem raci show KEY`, `tandem raci set KEY ACTIVITY ROLE_OR_EMAIL LETTER [--previous L]`,
//! `tandem raci add|change|remove KEY …` (the matrix's activities) and `tandem raci template
//! [--from KEY | --reset]`: responsibility matrices from the shell, with the same rules as the
//! API (exactly one "A" per activity on every write, managers and admins edit a project's,
//! admins the workspace default, the audit trail names who did it).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::raci::{Letter, TEMPLATE_ROLES};
use tandem_server::acting::Acting;
use tandem_server::error::ApiError;
use tandem_server::guard;
use tandem_server::projects::PersonInput;
use tandem_server::raci::{
    self, ActivityChange, ActivityInput, AssignmentInput, CellEdit, holder_of,
};
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
    /// letter on an activity; `-` clears the cell. The activity keeps exactly one A: to give
    /// the A to someone else, say with --previous what the current accountable becomes.
    Set {
        /// Project key.
        key: String,
        /// Activity name (case-insensitive) or id.
        activity: String,
        /// product_manager, project_manager, member, client, viewer, or a member's e-mail.
        who: String,
        /// R, A, C, I, or - to clear.
        letter: String,
        /// With A: the letter the current accountable gets instead (R, C, I, or - to clear
        /// theirs), in the same write.
        #[arg(long, value_name = "R|C|I|-")]
        previous: Option<String>,
    },
    /// Add an activity (a row) to a project's matrix with its accountable; set the other
    /// letters with `tandem raci set`.
    Add {
        /// Project key.
        key: String,
        /// The activity's name, unique in the matrix.
        name: String,
        /// product or delivery: whose side of the project it belongs to.
        #[arg(long)]
        side: String,
        /// Who is accountable (A): a role such as project_manager, or a member's e-mail.
        #[arg(long, value_name = "WHO")]
        accountable: String,
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
            previous,
        } => set(&acting, key, activity, who, letter, previous.as_deref()).await,
        RaciCommand::Add {
            key,
            name,
            side,
            accountable,
            description,
        } => {
            let input = ActivityInput {
                name: name.clone(),
                description: description.clone(),
                side: side.clone(),
                assignments: vec![assignment(accountable, Letter::A)],
                position: None,
                version: None,
            };
            add(&acting, key, &input).await
        }
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

/// WHO as the API takes it: a member's e-mail, or else a project role.
fn who_input(who: &str) -> (Option<String>, Option<PersonInput>) {
    let who = who.trim();
    if who.contains('@') {
        (None, Some(PersonInput::Email(who.to_owned())))
    } else {
        (Some(who.to_owned()), None)
    }
}

/// The cell giving WHO `letter`.
fn assignment(who: &str, letter: Letter) -> AssignmentInput {
    let (role, user) = who_input(who);
    AssignmentInput {
        role,
        user,
        letter: letter.as_str().to_owned(),
    }
}

async fn add(acting: &Acting, key: &str, input: &ActivityInput) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let (saved, id) = raci::add_activity(&acting.writer(), &project, input, matrix.version)
        .await
        .map_err(api_error)?;
    let accountable = saved
        .activities
        .iter()
        .find(|activity| activity.id == id)
        .and_then(raci::current_accountable)
        .map_or_else(String::new, |cell| format!(", {} accountable", cell.label));
    println!(
        "added activity {id} “{}” to {key}{accountable} (matrix version {})",
        input.name.trim(),
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

/// A letter as `raci set` takes it: R, A, C or I, or `-` for none.
fn letter_or_clear(raw: &str) -> anyhow::Result<Option<Letter>> {
    match raw.trim() {
        "-" => Ok(None),
        other => Ok(Some(Letter::parse(other).map_err(|e| api_error(e.into()))?)),
    }
}

/// What `--previous` gives the current accountable: R, C, I or none, and only along with A.
fn previous_letter(
    raw: Option<&str>,
    letter: Option<Letter>,
) -> anyhow::Result<Option<Option<Letter>>> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    if letter != Some(Letter::A) {
        return Err(super::refuse(
            "validation_failed",
            "--previous goes with the letter A: it says what the current accountable becomes",
        ));
    }
    match letter_or_clear(raw)? {
        Some(Letter::A) => Err(super::refuse(
            "validation_failed",
            "--previous takes R, C, I or -: an activity has exactly one A",
        )),
        previous => Ok(Some(previous)),
    }
}

/// A second "A" refused, pointing at `--previous`, which moves the A in one write.
fn with_previous_hint(error: ApiError) -> anyhow::Error {
    if error.code != "raci_single_accountable" {
        return api_error(error);
    }
    super::refuse(
        error.code,
        format!(
            "{} Or move the A in one step: add --previous R, C, I or - (what the current accountable becomes).",
            error.message
        ),
    )
}

async fn set(
    acting: &Acting,
    key: &str,
    activity: &str,
    who: &str,
    letter: &str,
    previous: Option<&str>,
) -> anyhow::Result<()> {
    let (project, matrix) = editable(acting, key).await?;
    let activity = find(&matrix, activity)?;
    let letter = letter_or_clear(letter)?;
    let previous = previous_letter(previous, letter)?;
    let (role, user) = who_input(who);
    let (holder, label) = raci::resolve_holder(
        &acting.state.store,
        &project,
        role.as_deref(),
        user.as_ref(),
    )
    .await
    .map_err(api_error)?;
    let before = raci::current_accountable(activity);
    let edit = CellEdit {
        holder,
        label,
        letter,
        previous,
    };
    let saved = raci::set_cell(&acting.writer(), &project, activity, &edit, matrix.version)
        .await
        .map_err(with_previous_hint)?;
    let label = &edit.label;
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
    if let (Some(previous), Some(before)) = (previous, before.filter(|b| b.holder != holder)) {
        let now = previous.map_or("without a letter".to_owned(), |l| l.label().to_lowercase());
        println!("{} is now {now} for “{}”", before.label, activity.name);
    }
    Ok(())
}
