//! `tandem release`: list a project's releases and record a release's go/no-go decision.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::direction::releases::{self, DecideBody, ReleaseView};
use tandem_server::guard;

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

/// Runs `tandem release …`.
pub async fn run(args: ReleaseArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let store = &acting.state.store;
    match args.command {
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
            let visible =
                guard::project(&acting.state, &acting.user, &key, ProjectAction::Contribute)
                    .await
                    .map_err(api_error)?;
            let found = store
                .list_releases(visible.project.id)
                .await?
                .into_iter()
                .find(|r| r.id.to_string() == release || r.name == release)
                .ok_or_else(|| {
                    super::refuse("not_found", format!("no release {release} in {key}"))
                })?;
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
