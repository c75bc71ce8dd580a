//! `tandem release`: list, create, show and edit a project's releases (with the go/no-go
//! decider and checklist owners), edit the project's go/no-go template, and record a
//! release's go/no-go decision — all through the service functions the API and the web use.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::ValidationError;
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::direction::releases::{
    self, CriterionBody, DecideBody, GoNoGoBody, ReleaseBody, ReleaseView,
};
use tandem_server::error::ApiError;
use tandem_server::guard::{self, VisibleProject};
use tandem_server::projects::{PersonInput, resolve_person};
use tandem_store::Store;
use tandem_store::direction::{GoNoGo, Release};

/// Arguments of `tandem release`.
#[derive(Debug, clap::Args)]
pub struct ReleaseArgs {
    #[command(subcommand)]
    pub command: ReleaseCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with releases.
#[derive(Debug, clap::Subcommand)]
pub enum ReleaseCommand {
    /// List a project's releases by target date.
    List {
        /// Project key.
        key: String,
    },
    /// Show a release: its fields and version, the go/no-go decider and checklist with owners.
    Show {
        /// Project key.
        key: String,
        /// Release id or exact name.
        release: String,
    },
    /// Create a release.
    Create {
        /// Project key.
        key: String,
        /// The release's name, e.g. "1.0 Mobile checkout".
        #[arg(long)]
        name: String,
        /// Target date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// E-mail of who records the go/no-go decision (default: the product manager).
        #[arg(long, value_name = "EMAIL")]
        decider: Option<String>,
        /// What the release brings.
        #[arg(long)]
        description: Option<String>,
        /// internal (default) or shared with the client.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// Change a release, its go/no-go decider or the owners of its checklist lines; what is
    /// not given stays.
    Set {
        /// Project key.
        key: String,
        /// Release id or exact name.
        release: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New target date (YYYY-MM-DD); an empty value clears it.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// planned, approved, released or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// New description.
        #[arg(long)]
        description: Option<String>,
        /// internal or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// E-mail of who records the go/no-go decision.
        #[arg(long, value_name = "EMAIL")]
        decider: Option<String>,
        /// Owner of a checklist line: its number or exact text, `=`, an e-mail (empty: nobody).
        /// Repeat for several lines.
        #[arg(long = "criterion-owner", value_name = "CRITERION=EMAIL")]
        criterion_owners: Vec<String>,
        /// The release version you read (`tandem release show`); refused if it changed since.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
    /// Show or replace the project's go/no-go checklist template.
    Template(TemplateArgs),
    /// Record the go/no-go decision on a release: exactly one of --go, --delay DATE,
    /// --descope FEATURE…; it writes a decision record.
    Decide {
        /// Project key.
        key: String,
        /// Release id or exact name.
        release: String,
        /// Ship as planned.
        #[arg(long, conflicts_with_all = ["delay", "descope"], required_unless_present_any = ["delay", "descope"])]
        go: bool,
        /// Move the release to this date (YYYY-MM-DD); its open items' due dates follow.
        #[arg(long, value_name = "DATE", conflicts_with = "descope")]
        delay: Option<String>,
        /// Feature ids to move out of the release.
        #[arg(long, value_name = "FEATURE", num_args = 1..)]
        descope: Vec<i64>,
        /// Why: the decision log keeps it.
        #[arg(long)]
        rationale: String,
    },
}

/// `tandem release template KEY` shows the template; `… template set KEY --criterion …`
/// replaces it.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct TemplateArgs {
    #[command(subcommand)]
    pub command: Option<TemplateCommand>,
    /// Project key.
    #[arg(required = true)]
    pub key: Option<String>,
}

/// What to do with the go/no-go template.
#[derive(Debug, clap::Subcommand)]
pub enum TemplateCommand {
    /// Replace the template with the lines given, in order (project and product managers).
    Set {
        /// Project key.
        key: String,
        /// A line as `AREA: CRITERION`, e.g. "quality: No open blocking bug". Repeat for
        /// each line, in the order they should appear.
        #[arg(long = "criterion", value_name = "AREA: CRITERION", required = true)]
        criteria: Vec<String>,
        /// The template version you read (`tandem release template KEY`; 0 for the default);
        /// refused if it changed since.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
}

/// Runs `tandem release …`.
pub async fn run(args: ReleaseArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let store = &acting.state.store;
    match args.command {
        ReleaseCommand::Show { key, release } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let found = find_release(store, &visible, &release).await?;
            tandem_server::direction::ensure_visible(
                &visible,
                &acting.user,
                found.visibility,
                "release",
            )
            .map_err(api_error)?;
            let record = releases::go_no_go(store, &visible, found.id)
                .await
                .map_err(api_error)?;
            print_release(store, &found, &record).await?;
        }
        ReleaseCommand::Create {
            key,
            name,
            date,
            decider,
            description,
            visibility,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            // Resolved first, so an unknown decider leaves no release behind.
            let decider_id = match &decider {
                Some(email) => Some(person(store, &visible, "decider", email).await?),
                None => None,
            };
            let body = ReleaseBody {
                name,
                target_date: date,
                status: None,
                description,
                visibility,
                version: None,
            };
            let created = releases::create(&acting.writer(), &visible, &body)
                .await
                .map_err(api_error)?;
            if decider_id.is_some() {
                set_people(&acting, &visible, created.id, decider_id, &[]).await?;
            }
            let record = releases::go_no_go(store, &visible, created.id)
                .await
                .map_err(api_error)?;
            println!("release {} created in {key}", created.id);
            print_release(store, &created, &record).await?;
        }
        ReleaseCommand::Set {
            key,
            release,
            name,
            date,
            status,
            description,
            visibility,
            decider,
            criterion_owners,
            if_version,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let found = find_release(store, &visible, &release).await?;
            if let Some(expected) = if_version
                && expected != found.version
            {
                return Err(api_error(ApiError::version_conflict(found.version)));
            }
            let record = releases::go_no_go(store, &visible, found.id)
                .await
                .map_err(api_error)?;
            // Everything is read and resolved before the first write, so a typo changes nothing.
            let decider_id = match &decider {
                Some(email) => Some(person(store, &visible, "decider", email).await?),
                None => None,
            };
            let mut owners = Vec::new();
            for raw in &criterion_owners {
                owners.push(criterion_owner(store, &record, raw).await?);
            }
            let fields_given = name.is_some()
                || date.is_some()
                || status.is_some()
                || description.is_some()
                || visibility.is_some();
            if !fields_given && decider_id.is_none() && owners.is_empty() {
                return Err(api_error(
                    ValidationError::new(
                        "release",
                        "nothing to change: give --name, --date, --status, --description, \
                         --visibility, --decider or --criterion-owner",
                    )
                    .into(),
                ));
            }
            let mut saved = found.clone();
            if fields_given {
                let body = ReleaseBody {
                    name: name.unwrap_or_else(|| found.name.clone()),
                    target_date: date.or_else(|| found.target_date.clone()),
                    status: Some(status.unwrap_or_else(|| found.status.as_str().to_owned())),
                    description: description.or_else(|| Some(found.description.clone())),
                    visibility: visibility.or_else(|| Some(found.visibility.as_str().to_owned())),
                    version: Some(found.version),
                };
                saved =
                    releases::update(&acting.writer(), &visible, found.id, &body, found.version)
                        .await
                        .map_err(api_error)?;
            }
            if decider_id.is_some() || !owners.is_empty() {
                set_people(&acting, &visible, found.id, decider_id, &owners).await?;
            }
            let record = releases::go_no_go(store, &visible, found.id)
                .await
                .map_err(api_error)?;
            println!("release {} saved", found.id);
            print_release(store, &saved, &record).await?;
        }
        ReleaseCommand::Template(TemplateArgs { command, key }) => match command {
            None => {
                let key = key.unwrap_or_default();
                let visible = guard::project(
                    &acting.state,
                    &acting.user,
                    &key,
                    ProjectAction::ViewInternal,
                )
                .await
                .map_err(api_error)?;
                let template = store.go_no_go_template(visible.project.id).await?;
                print_template(
                    template.version,
                    &releases::template_view(template.criteria),
                );
            }
            Some(TemplateCommand::Set {
                key,
                criteria,
                if_version,
            }) => {
                let visible =
                    guard::project(&acting.state, &acting.user, &key, ProjectAction::Edit)
                        .await
                        .map_err(api_error)?;
                let lines = criteria
                    .iter()
                    .map(|raw| template_line(raw))
                    .collect::<Result<Vec<_>, _>>()?;
                let expected = match if_version {
                    Some(version) => version,
                    None => store.go_no_go_template(visible.project.id).await?.version,
                };
                let saved = releases::save_template(&acting.writer(), &visible, &lines, expected)
                    .await
                    .map_err(api_error)?;
                println!("go/no-go template of {key} saved");
                print_template(saved.version, &releases::template_view(saved.criteria));
            }
        },
        ReleaseCommand::List { key } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let views = releases::visible_list(store, &visible, &acting.user)
                .await
                .map_err(api_error)?;
            print_releases(&views);
        }
        ReleaseCommand::Decide {
            key,
            release,
            go,
            delay,
            descope,
            rationale,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let found = find_release(store, &visible, &release).await?;
            let record = releases::go_no_go(store, &visible, found.id)
                .await
                .map_err(api_error)?;
            if !releases::may_decide(&visible, &acting.user, &record) {
                return Err(super::refuse(
                    "forbidden",
                    "only the go/no-go decider (the product manager unless another is named) decides",
                ));
            }
            let outcome = match (go, &delay) {
                (true, _) => "go",
                (false, Some(_)) => "delay",
                (false, None) => "descope",
            };
            let body = DecideBody {
                outcome: outcome.to_owned(),
                date: delay,
                features: descope,
                rationale,
                ..DecideBody::default()
            };
            let decided =
                releases::decide(&acting.writer(), &visible, found.id, &body, found.version)
                    .await
                    .map_err(api_error)?;
            println!(
                "{}: {outcome} recorded as decision {}; target date {}",
                decided.release.name,
                decided.decision_id,
                decided.release.target_date.as_deref().unwrap_or("not set")
            );
            if !decided.moved.is_empty() {
                println!("{} item(s) moved with the release", decided.moved.len());
            }
            if !decided.left_scope.is_empty() {
                println!(
                    "{} open item(s) left the release with their features",
                    decided.left_scope.len()
                );
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}

/// The release table of `tandem release list` and of the roadmap's timeline: id, target date,
/// status, go/no-go outcome and name, one release a line.
pub fn print_releases(views: &[ReleaseView]) {
    println!(
        "{:>5}  {:<10}  {:<9}  {:<8}  NAME",
        "ID", "DATE", "STATUS", "OUTCOME"
    );
    for release in views {
        println!(
            "{:>5}  {:<10}  {:<9}  {:<8}  {}",
            release.id,
            release.target_date.as_deref().unwrap_or("-"),
            release.status.as_str(),
            release.outcome.map_or("-", |outcome| outcome.as_str()),
            release.name
        );
    }
}

/// The release named by id or exact name in the project.
async fn find_release(
    store: &Store,
    visible: &VisibleProject,
    release: &str,
) -> anyhow::Result<Release> {
    store
        .list_releases(visible.project.id)
        .await?
        .into_iter()
        .find(|r| r.id.to_string() == release || r.name == release)
        .ok_or_else(|| {
            super::refuse(
                "not_found",
                format!("no release {release} in {}", visible.project.key),
            )
        })
}

/// The user id of the account with this e-mail (the service checks they are on the project).
async fn person(
    store: &Store,
    visible: &VisibleProject,
    field: &'static str,
    email: &str,
) -> anyhow::Result<i64> {
    tandem_server::direction::project_person(
        store,
        visible,
        field,
        &PersonInput::Email(email.to_owned()),
    )
    .await
    .map_err(api_error)
}

/// Reads `CRITERION=EMAIL` against the record's checklist: the line (by 1-based number or
/// exact text, case aside) and its new owner (`None` for an empty e-mail); the service
/// checks the owner is on the project.
async fn criterion_owner(
    store: &Store,
    record: &GoNoGo,
    raw: &str,
) -> anyhow::Result<(usize, Option<i64>)> {
    let invalid =
        |message: String| api_error(ValidationError::new("criterion-owner", message).into());
    let (criterion, email) = raw
        .rsplit_once('=')
        .ok_or_else(|| invalid(format!("write it as CRITERION=EMAIL, not {raw:?}")))?;
    let criterion = criterion.trim();
    let by_number = criterion
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=record.criteria.len()).contains(n))
        .map(|n| n - 1);
    let index = match by_number {
        Some(index) => index,
        None => {
            let matching: Vec<usize> = record
                .criteria
                .iter()
                .enumerate()
                .filter(|(_, line)| line.text.trim().eq_ignore_ascii_case(criterion))
                .map(|(index, _)| index)
                .collect();
            match matching.as_slice() {
                [index] => *index,
                [] => {
                    return Err(invalid(format!(
                        "no checklist line {criterion:?}: give its number (1-{}) or exact text \
                         (see tandem release show)",
                        record.criteria.len()
                    )));
                }
                _ => {
                    return Err(invalid(format!(
                        "several checklist lines read {criterion:?}: give its number"
                    )));
                }
            }
        }
    };
    let email = email.trim();
    let owner = if email.is_empty() {
        None
    } else {
        let user = resolve_person(
            store,
            "criterion-owner",
            &PersonInput::Email(email.to_owned()),
        )
        .await
        .map_err(api_error)?;
        Some(user.id)
    };
    Ok((index, owner))
}

/// Saves the go/no-go record's decider and line owners at the version just read.
async fn set_people(
    acting: &Acting,
    visible: &VisibleProject,
    release_id: i64,
    decider_id: Option<i64>,
    owners: &[(usize, Option<i64>)],
) -> anyhow::Result<()> {
    let store = &acting.state.store;
    let record = releases::go_no_go(store, visible, release_id)
        .await
        .map_err(api_error)?;
    let mut criteria: Vec<CriterionBody> = record
        .criteria
        .into_iter()
        .map(CriterionBody::from)
        .collect();
    for (index, owner) in owners {
        if let Some(line) = criteria.get_mut(*index) {
            line.owner_id = *owner;
        }
    }
    let body = GoNoGoBody {
        criteria,
        decider_id,
        version: Some(record.version),
    };
    releases::save_go_no_go(&acting.writer(), visible, release_id, &body, record.version)
        .await
        .map_err(api_error)?;
    Ok(())
}

/// A template line given as `AREA: CRITERION`.
fn template_line(raw: &str) -> anyhow::Result<CriterionBody> {
    let (area, text) = raw.split_once(':').ok_or_else(|| {
        api_error(
            ValidationError::new(
                "criterion",
                format!("write it as AREA: CRITERION, e.g. \"quality: No open blocking bug\", not {raw:?}"),
            )
            .into(),
        )
    })?;
    Ok(CriterionBody {
        area: area.trim().to_owned(),
        text: text.trim().to_owned(),
        met: false,
        evidence: String::new(),
        owner_id: None,
    })
}

/// The name and e-mail of user `id`, as the CLI prints a person.
async fn person_label(store: &Store, id: Option<i64>) -> String {
    match id {
        None => "nobody".to_owned(),
        Some(id) => match store.user_by_id(id).await {
            Ok(user) => format!("{} <{}>", user.name, user.email),
            Err(_) => format!("user {id}"),
        },
    }
}

/// A release with its version, go/no-go decider and checklist (met, area, text, owner).
async fn print_release(store: &Store, release: &Release, record: &GoNoGo) -> anyhow::Result<()> {
    println!(
        "{} (id {}, version {})",
        release.name, release.id, release.version
    );
    println!(
        "  target date: {}",
        release.target_date.as_deref().unwrap_or("not set")
    );
    println!("  status: {}", release.status.as_str());
    println!("  visibility: {}", release.visibility.as_str());
    if !release.description.is_empty() {
        println!("  description: {}", release.description);
    }
    println!(
        "  decider: {}",
        person_label(store, record.decider_id).await
    );
    println!(
        "  go/no-go checklist (version {}{}):",
        record.version,
        if record.version == 0 {
            ", from the template"
        } else {
            ""
        }
    );
    for (index, line) in record.criteria.iter().enumerate() {
        println!(
            "  {:>3}. [{}] {}: {} — owner: {}",
            index + 1,
            if line.met { "x" } else { " " },
            line.area,
            line.text,
            person_label(store, line.owner_id).await
        );
    }
    Ok(())
}

/// The template, one numbered line each, after its version.
fn print_template(version: i64, lines: &[CriterionBody]) {
    println!(
        "go/no-go template, version {version}{}",
        if version == 0 {
            " (Tandem's default)"
        } else {
            ""
        }
    );
    for (index, line) in lines.iter().enumerate() {
        println!("{:>3}. {}: {}", index + 1, line.area, line.text);
    }
}
