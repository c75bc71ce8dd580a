//! `tandem decision`: record decisions in a project's decision log and list it.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::clock;
use tandem_server::direction::decisions::{self, DecisionBody, DecisionView};
use tandem_server::direction::sees_internal;
use tandem_server::guard;
use tandem_server::projects::PersonInput;
use tandem_store::direction::DecisionFilter;

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
            let visible =
                guard::project(&acting.state, &acting.user, &key, ProjectAction::Contribute)
                    .await
                    .map_err(api_error)?;
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
