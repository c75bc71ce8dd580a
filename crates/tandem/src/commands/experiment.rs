//! `tandem experiment`: test a hypothesis from the shell — plan an experiment with its success
//! criterion decided before it runs, list a hypothesis's experiments, and record the result,
//! whose outcome updates the hypothesis (same service and permissions as the API).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::acting::Acting;
use tandem_server::product::input::{ExperimentInput, ResultInput};
use tandem_server::product::scope::ProductScope;
use tandem_server::product::service;

/// Arguments of `tandem experiment`.
#[derive(Debug, clap::Args)]
pub struct ExperimentArgs {
    #[command(subcommand)]
    pub command: ExperimentCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with a hypothesis's experiments.
#[derive(Debug, clap::Subcommand)]
pub enum ExperimentCommand {
    /// Plan an experiment for a hypothesis.
    Add {
        /// Project key.
        key: String,
        /// The hypothesis id (see `tandem hypothesis list`).
        hypothesis: i64,
        #[arg(long)]
        title: String,
        /// interview, prototype_test, landing_page, ab_test, spike, survey, concierge,
        /// wizard_of_oz or other.
        #[arg(long)]
        method: String,
        /// What result counts as validated, decided before the experiment runs.
        #[arg(long)]
        criterion: String,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        starts: Option<String>,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        ends: Option<String>,
        /// internal (default) or shared.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// A hypothesis's experiments.
    List {
        /// Project key.
        key: String,
        /// The hypothesis id.
        hypothesis: i64,
    },
    /// Record what an experiment showed; an outcome updates its hypothesis.
    Result {
        /// Project key.
        key: String,
        /// The hypothesis id.
        hypothesis: i64,
        /// The experiment id.
        experiment: i64,
        /// What was observed.
        #[arg(long)]
        result: String,
        /// validated, invalidated or inconclusive.
        #[arg(long)]
        outcome: Option<String>,
    },
}

/// Runs `tandem experiment …`.
pub async fn run(args: ExperimentArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = dispatch(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

async fn dispatch(acting: &Acting, command: ExperimentCommand) -> anyhow::Result<()> {
    match command {
        ExperimentCommand::Add {
            key,
            hypothesis,
            title,
            method,
            criterion,
            starts,
            ends,
            visibility,
        } => {
            let scope = scope(acting, &key, true).await?;
            let input = ExperimentInput {
                title,
                method,
                success_criterion: criterion,
                starts_on: starts,
                ends_on: ends,
                visibility,
                workshop_id: None,
            };
            let created = service::create_experiment(&acting.writer(), &scope, hypothesis, &input)
                .await
                .map_err(api_error)?;
            println!(
                "experiment {} planned for hypothesis {hypothesis}: {} ({}); validated when: {}",
                created.id, created.title, created.method, created.success_criterion
            );
        }
        ExperimentCommand::List { key, hypothesis } => {
            let scope = scope(acting, &key, false).await?;
            let list = service::experiments(&acting.state, &scope, hypothesis)
                .await
                .map_err(api_error)?;
            println!("{:>5}  {:<14}  {:<12}  TITLE", "ID", "METHOD", "OUTCOME");
            for experiment in list {
                println!(
                    "{:>5}  {:<14}  {:<12}  {}",
                    experiment.id,
                    experiment.method,
                    experiment.outcome.as_deref().unwrap_or("-"),
                    experiment.title
                );
            }
        }
        ExperimentCommand::Result {
            key,
            hypothesis,
            experiment,
            result,
            outcome,
        } => {
            let scope = scope(acting, &key, true).await?;
            let current = service::experiment(&acting.state, &scope, hypothesis, experiment)
                .await
                .map_err(api_error)?;
            let input = ResultInput {
                result,
                outcome,
                version: Some(current.meta.version),
            };
            let recorded = service::record_result(
                &acting.writer(),
                &scope,
                hypothesis,
                experiment,
                &input,
                current.meta.version,
            )
            .await
            .map_err(api_error)?;
            println!(
                "experiment {experiment}: {}; hypothesis {} is now {} (evidence {})",
                recorded
                    .experiment
                    .outcome
                    .as_deref()
                    .unwrap_or("result noted"),
                recorded.hypothesis.id,
                recorded.hypothesis.status,
                recorded.hypothesis.evidence
            );
        }
    }
    Ok(())
}

async fn scope(acting: &Acting, key: &str, writes: bool) -> anyhow::Result<ProductScope> {
    let scope = if writes {
        ProductScope::write(&acting.state, &acting.user, key).await
    } else {
        ProductScope::read(&acting.state, &acting.user, key).await
    };
    scope.map_err(api_error)
}
