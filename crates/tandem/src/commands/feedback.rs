//! `tandem feedback`: add feedback to a project's inbox and list it, as the acting user (the
//! same rules as the API: client contacts submit as client and see only their own).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::direction::feedback::{
    self, FeedbackBody, FeedbackView, TriageBody, TriageEntry,
};
use tandem_server::guard;
use tandem_store::direction::FeedbackFilter;

/// Arguments of `tandem feedback`.
#[derive(Debug, clap::Args)]
pub struct FeedbackArgs {
    #[command(subcommand)]
    pub command: FeedbackCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with feedback.
#[derive(Debug, clap::Subcommand)]
pub enum FeedbackCommand {
    /// Add feedback to a project's inbox.
    Add {
        /// Project key.
        key: String,
        /// What was said.
        #[arg(long)]
        text: String,
        /// client, end_user, support, internal or workshop.
        #[arg(long)]
        source: Option<String>,
        /// nice_to_have, important or critical.
        #[arg(long)]
        importance: Option<String>,
        /// Who said it.
        #[arg(long)]
        contact: Option<String>,
        /// Feature ids it is about.
        #[arg(long = "feature")]
        features: Vec<i64>,
    },
    /// Triage feedback: set the status of several pieces at once and/or link them to
    /// features (all change or none).
    Triage {
        /// Project key.
        key: String,
        /// Feedback ids.
        #[arg(required = true)]
        ids: Vec<i64>,
        /// new, triaged, linked or archived.
        #[arg(long)]
        status: Option<String>,
        /// Feature ids to link them to (they become `linked`).
        #[arg(long = "feature")]
        features: Vec<i64>,
    },
    /// List a project's feedback, newest first.
    List {
        /// Project key.
        key: String,
        /// Only this status: new, triaged, linked or archived.
        #[arg(long)]
        status: Option<String>,
    },
}

/// Runs `tandem feedback …`.
pub async fn run(args: FeedbackArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        FeedbackCommand::Add {
            key,
            text,
            source,
            importance,
            contact,
            features,
        } => {
            let visible = guard::project(
                &acting.state,
                &acting.user,
                &key,
                ProjectAction::SubmitFeedback,
            )
            .await
            .map_err(api_error)?;
            let body = FeedbackBody {
                text,
                source,
                importance,
                contact,
                feature_ids: features,
                ..FeedbackBody::default()
            };
            let created = feedback::submit(&acting.writer(), &visible, &body)
                .await
                .map_err(api_error)?;
            println!(
                "feedback {} added to {key} ({}, {}, {})",
                created.id, created.source, created.importance, created.status
            );
        }
        FeedbackCommand::Triage {
            key,
            ids,
            status,
            features,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let mut entries = Vec::with_capacity(ids.len());
            for id in ids {
                // The version read now: a change made meanwhile by someone else is refused.
                let read = acting
                    .state
                    .store
                    .feedback(visible.project.id, id)
                    .await
                    .map_err(|error| api_error(error.into()))?;
                entries.push(TriageEntry {
                    id,
                    version: read.version,
                });
            }
            let body = TriageBody {
                feedback: entries,
                status,
                feature_ids: features,
            };
            let changed = feedback::triage(&acting.writer(), &visible, &body)
                .await
                .map_err(api_error)?;
            for piece in changed {
                println!(
                    "feedback {} is {} ({} features)",
                    piece.id,
                    piece.status.as_str(),
                    piece.feature_ids.len()
                );
            }
        }
        FeedbackCommand::List { key, status } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let filter = FeedbackFilter {
                status: status
                    .as_deref()
                    .map(tandem_core::product::direction::FeedbackStatus::parse)
                    .transpose()?,
                submitted_by: acting
                    .user
                    .actor()
                    .is_client()
                    .then_some(acting.user.user.id),
                ..FeedbackFilter::default()
            };
            let list = acting
                .state
                .store
                .list_feedback(visible.project.id, &filter)
                .await?;
            println!(
                "{:>5}  {:<8}  {:<12}  {:<9}  {:<8}  TEXT",
                "ID", "STATUS", "IMPORTANCE", "SOURCE", "FEATURES"
            );
            for item in list {
                let view = FeedbackView::new(item, &acting.user);
                let features = view
                    .feature_ids
                    .as_ref()
                    .map(|ids| ids.len().to_string())
                    .unwrap_or_default();
                println!(
                    "{:>5}  {:<8}  {:<12}  {:<9}  {:<8}  {}",
                    view.id,
                    view.status.as_str(),
                    view.importance.as_str(),
                    view.source.as_str(),
                    features,
                    view.text.lines().next().unwrap_or_default()
                );
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}
