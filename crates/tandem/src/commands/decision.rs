//! `tandem decision`: record decisions in a project's decision log, change them and list it.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::clock;
use tandem_server::direction::decisions::{
    self, Consequences, DecisionBody, DecisionView, LinkBody,
};
use tandem_server::direction::{ensure_visible, sees_internal};
use tandem_server::error::ApiError;
use tandem_server::guard;
use tandem_server::projects::PersonInput;
use tandem_store::direction::{Decision, DecisionFilter};
use tandem_store::{Store, StoreError};

/// Arguments of `tandem decision`.
#[derive(Debug, clap::Args)]
pub struct DecisionArgs {
    #[command(subcommand)]
    pub command: DecisionCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with the decision log.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process; boxing buys nothing here
pub enum DecisionCommand {
    /// Record a decision.
    Add {
        /// Project key.
        key: String,
        /// What is being decided.
        #[arg(long)]
        title: String,
        /// proposed (default), accepted, rejected or superseded.
        #[arg(long)]
        status: Option<String>,
        /// The situation that asks for a decision.
        #[arg(long)]
        context: Option<String>,
        /// An option considered (repeat for several).
        #[arg(long = "option")]
        options: Vec<String>,
        /// What was decided.
        #[arg(long)]
        decision: Option<String>,
        /// Why.
        #[arg(long)]
        rationale: Option<String>,
        /// E-mail of the one accountable decider.
        #[arg(long)]
        decider: Option<String>,
        /// Due date of an open decision (YYYY-MM-DD).
        #[arg(long)]
        due: Option<String>,
        /// internal (default) or shared.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// Change a decision: the fields given replace the stored ones (an empty value clears a
    /// text or date), everything else — links included — stays.
    Set {
        /// Project key.
        key: String,
        /// Decision id.
        id: i64,
        /// What is being decided.
        #[arg(long)]
        title: Option<String>,
        /// proposed, accepted, rejected or superseded.
        #[arg(long)]
        status: Option<String>,
        /// The situation that asks for a decision.
        #[arg(long)]
        context: Option<String>,
        /// The options considered (repeat for several; replaces the stored list).
        #[arg(long = "option")]
        options: Vec<String>,
        /// What was decided.
        #[arg(long)]
        decision: Option<String>,
        /// Why.
        #[arg(long)]
        rationale: Option<String>,
        /// E-mail of the one accountable decider.
        #[arg(long, value_name = "EMAIL")]
        decider: Option<String>,
        /// E-mail of someone consulted (repeat for several; replaces the stored list).
        #[arg(long, value_name = "EMAIL")]
        consulted: Vec<String>,
        /// When it was decided (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        decided_on: Option<String>,
        /// Due date of an open decision (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// When to look at it again (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        revisit: Option<String>,
        /// The decision that replaces this one (its id; 0 for none).
        #[arg(long, value_name = "ID")]
        superseded_by: Option<i64>,
        /// Consequences for scope.
        #[arg(long)]
        scope: Option<String>,
        /// Consequences for time.
        #[arg(long)]
        time: Option<String>,
        /// Consequences for cost.
        #[arg(long)]
        cost: Option<String>,
        /// internal or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// The decision version you read; refused if it changed since.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
    /// List the decision log, newest first.
    List {
        /// Project key.
        key: String,
        /// Only open decisions past their due date.
        #[arg(long)]
        overdue: bool,
    },
}

/// Runs `tandem decision …`.
pub async fn run(args: DecisionArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        DecisionCommand::Add {
            key,
            title,
            status,
            context,
            options,
            decision,
            rationale,
            decider,
            due,
            visibility,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let body = DecisionBody {
                title,
                status,
                context,
                options,
                decision,
                rationale,
                decider: decider.map(PersonInput::Email),
                due_on: due,
                visibility,
                ..DecisionBody::default()
            };
            let created = decisions::create(&acting.writer(), &visible, &body)
                .await
                .map_err(api_error)?;
            println!(
                "decision {} recorded in {key}: {} ({})",
                created.id, created.title, created.status
            );
        }
        DecisionCommand::Set {
            key,
            id,
            title,
            status,
            context,
            options,
            decision,
            rationale,
            decider,
            consulted,
            decided_on,
            due,
            revisit,
            superseded_by,
            scope,
            time,
            cost,
            visibility,
            if_version,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let current = load(&acting.state.store, visible.project.id, id).await?;
            ensure_visible(&visible, &acting.user, current.visibility, "decision")
                .map_err(api_error)?;
            let expected = if_version.unwrap_or(current.version);
            if expected != current.version {
                return Err(api_error(ApiError::version_conflict(current.version)));
            }
            let stored = body_of(&current);
            let stored_consequences = stored.consequences.clone().unwrap_or_default();
            let body = DecisionBody {
                title: title.unwrap_or(stored.title.clone()),
                status: status.or(stored.status.clone()),
                context: context.or(stored.context.clone()),
                options: if options.is_empty() {
                    stored.options.clone()
                } else {
                    options
                },
                decision: decision.or(stored.decision.clone()),
                rationale: rationale.or(stored.rationale.clone()),
                decider: decider.map(PersonInput::Email).or(stored.decider.clone()),
                consulted: if consulted.is_empty() {
                    stored.consulted.clone()
                } else {
                    consulted.into_iter().map(PersonInput::Email).collect()
                },
                decided_on: decided_on.or(stored.decided_on.clone()),
                due_on: due.or(stored.due_on.clone()),
                consequences: Some(Consequences {
                    scope: scope.unwrap_or(stored_consequences.scope),
                    time: time.unwrap_or(stored_consequences.time),
                    cost: cost.unwrap_or(stored_consequences.cost),
                }),
                revisit_on: revisit.or(stored.revisit_on.clone()),
                superseded_by: match superseded_by {
                    Some(0) => None,
                    Some(other) => Some(other),
                    None => stored.superseded_by,
                },
                visibility: visibility.or(stored.visibility.clone()),
                version: Some(expected),
                ..stored
            };
            let saved = decisions::update(&acting.writer(), &visible, id, &body, expected)
                .await
                .map_err(api_error)?;
            println!(
                "decision {} saved in {key}: {} ({}), version {}",
                saved.id, saved.title, saved.status, saved.version
            );
        }
        DecisionCommand::List { key, overdue } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let today = clock::today_iso(&acting.state.store)
                .await
                .map_err(api_error)?;
            let filter = DecisionFilter {
                overdue_on: overdue.then(|| today.clone()),
                shared_only: !sees_internal(&acting.user),
                ..DecisionFilter::default()
            };
            let list = acting
                .state
                .store
                .list_decisions(visible.project.id, &filter)
                .await?;
            println!(
                "{:>5}  {:<10}  {:<10}  {:<7}  TITLE",
                "ID", "STATUS", "DUE", "OVERDUE"
            );
            for decision in list {
                let view = DecisionView::new(decision, &today);
                println!(
                    "{:>5}  {:<10}  {:<10}  {:<7}  {}",
                    view.id,
                    view.status.as_str(),
                    view.due_on.as_deref().unwrap_or("-"),
                    if view.overdue { "yes" } else { "" },
                    view.title
                );
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}

/// Decision `id` of the project, or a `not_found` refusal naming it.
pub async fn load(store: &Store, project_id: i64, id: i64) -> anyhow::Result<Decision> {
    store
        .decision(project_id, id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => api_error(ApiError::not_found(&format!("decision {id}"))),
            other => api_error(other.into()),
        })
}

/// The body that replaces `decision` with itself: the start of a change that gives only some
/// fields (`tandem decision set`, and `tandem vision set --decision` adding a link).
pub fn body_of(decision: &Decision) -> DecisionBody {
    DecisionBody {
        title: decision.title.clone(),
        status: Some(decision.status.as_str().to_owned()),
        context: Some(decision.context.clone()),
        options: decision.options.clone(),
        decision: Some(decision.decision.clone()),
        rationale: Some(decision.rationale.clone()),
        decider: decision.decider_id.map(PersonInput::Id),
        consulted: decision
            .consulted
            .iter()
            .copied()
            .map(PersonInput::Id)
            .collect(),
        decided_on: decision.decided_on.clone(),
        due_on: decision.due_on.clone(),
        consequences: Some(Consequences {
            scope: decision.consequence_scope.clone(),
            time: decision.consequence_time.clone(),
            cost: decision.consequence_cost.clone(),
        }),
        revisit_on: decision.revisit_on.clone(),
        superseded_by: decision.superseded_by,
        visibility: Some(decision.visibility.as_str().to_owned()),
        workshop_id: decision.workshop_id,
        links: decision.links.iter().cloned().map(LinkBody::from).collect(),
        version: Some(decision.version),
    }
}
