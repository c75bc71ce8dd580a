//! The client portal: what a client contact needs on one page — their projects, and for each
//! the shared vision and now/next/later roadmap, upcoming releases with their readiness, the
//! workshops they took part in, their own feedback and its status, and the decisions shared
//! with them.
//!
//! It shows only what is shared with the client, also to a team member who opens it to
//! preview the client's view. The views here whitelist their fields (no costs, scores, estimates, internal notes or
//! triage links), and every list goes through the same visibility rules as the cockpit, so
//! nothing internal can reach the portal even for a project the caller may see.

use crate::auth::CurrentUser;
use crate::direction::{self, vision, workshops};
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::product::scope::ProductScope;
use crate::state::AppState;
use serde::Serialize;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::{FeedbackStatus, ReleaseStatus, Visibility};
use tandem_store::direction::{DecisionFilter, FeedbackFilter};
use tandem_store::{FeatureFilter, ProjectFilter};
use utoipa::ToSchema;

/// The portal of the signed-in person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalView {
    pub projects: Vec<PortalProject>,
}

/// One project as its client sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalProject {
    pub key: String,
    pub name: String,
    pub description: String,
    pub target_launch_date: Option<String>,
    /// The vision board, when it is shared.
    pub vision: Option<PortalVision>,
    /// Now, next, later: the titles of shared features.
    pub roadmap: Vec<PortalHorizon>,
    /// Shared releases not shipped or cancelled yet, soonest first.
    pub releases: Vec<PortalRelease>,
    /// Shared workshops the person took part in.
    pub workshops: Vec<PortalWorkshop>,
    /// The person's own feedback, newest first.
    pub feedback: Vec<PortalFeedback>,
    /// Decisions shared with the client.
    pub decisions: Vec<PortalDecision>,
    /// The person may send feedback on this project.
    pub can_send_feedback: bool,
}

/// The shared vision board.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalVision {
    pub vision: String,
    pub target_group: String,
    pub needs: String,
    pub product: String,
}

/// One roadmap column.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalHorizon {
    /// now, next or later.
    pub horizon: String,
    pub features: Vec<String>,
}

/// An upcoming release and how ready its shared features are.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalRelease {
    pub name: String,
    pub target_date: Option<String>,
    /// planned or approved.
    pub status: String,
    /// Shared features that are ready / all shared features in it.
    pub ready: usize,
    pub total: usize,
}

/// A workshop.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalWorkshop {
    pub title: String,
    pub kind: String,
    pub held_on: Option<String>,
    /// planned, held or cancelled.
    pub status: String,
}

/// A piece of the person's feedback and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalFeedback {
    pub id: i64,
    pub text: String,
    /// new, triaged, linked or archived.
    pub status: String,
    /// The status in plain words ("Received", "Planned into the product", …).
    pub status_text: String,
    pub created_at: String,
}

/// A decision shared with the client.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalDecision {
    pub title: String,
    pub decision: String,
    pub status: String,
    pub decided_on: Option<String>,
}

/// The portal of `user`: every project they may see, newest first as the project list.
pub async fn load(state: &AppState, user: &CurrentUser) -> Result<PortalView, ApiError> {
    let projects = state
        .store
        .list_projects(&ProjectFilter {
            visible_to: Some(user.user.id),
            include_archived: false,
        })
        .await?;
    let mut views = Vec::new();
    for project in projects {
        let visible = guard::project(state, user, &project.key, ProjectAction::View).await?;
        views.push(project_view(state, user, visible).await?);
    }
    Ok(PortalView { projects: views })
}

async fn project_view(
    state: &AppState,
    user: &CurrentUser,
    visible: VisibleProject,
) -> Result<PortalProject, ApiError> {
    let store = &state.store;
    let project_id = visible.project.id;
    let board = vision::load(store, project_id).await?;
    let shared_vision = board.version > 0 && board.visibility == Visibility::Shared;
    let mut releases = Vec::new();
    for release in store.list_releases(project_id).await? {
        let upcoming = matches!(
            release.status,
            ReleaseStatus::Planned | ReleaseStatus::Approved
        );
        if upcoming && release.visibility == Visibility::Shared {
            let scope = direction::scope::scope(store, project_id, release.id, true).await?;
            releases.push(PortalRelease {
                name: release.name,
                target_date: release.target_date,
                status: release.status.as_str().to_owned(),
                ready: scope.ready,
                total: scope.total,
            });
        }
    }
    let mut shared_workshops = Vec::new();
    for workshop in store.list_workshops(project_id).await? {
        if workshop.visibility == Visibility::Shared
            && workshops::may_see(&visible, user, &workshop)
        {
            shared_workshops.push(PortalWorkshop {
                title: workshop.title,
                kind: workshop.kind.as_str().replace('_', " "),
                held_on: workshop.held_on,
                status: workshop.status.as_str().to_owned(),
            });
        }
    }
    let own_feedback = store
        .list_feedback(
            project_id,
            &FeedbackFilter {
                submitted_by: Some(user.user.id),
                ..FeedbackFilter::default()
            },
        )
        .await?
        .into_iter()
        .map(|feedback| PortalFeedback {
            id: feedback.id,
            text: feedback.text,
            status: feedback.status.as_str().to_owned(),
            status_text: feedback_status_text(feedback.status).to_owned(),
            created_at: crate::api::views::timestamp(feedback.created_at),
        })
        .collect();
    let decisions = store
        .list_decisions(
            project_id,
            &DecisionFilter {
                shared_only: true,
                ..DecisionFilter::default()
            },
        )
        .await?
        .into_iter()
        .map(|decision| PortalDecision {
            title: decision.title,
            decision: decision.decision,
            status: decision.status.as_str().to_owned(),
            decided_on: decision.decided_on,
        })
        .collect();
    let roadmap = roadmap(state, &visible).await?;
    Ok(PortalProject {
        can_send_feedback: user
            .actor()
            .may_on(&visible.access, ProjectAction::SubmitFeedback),
        key: visible.project.key,
        name: visible.project.name,
        description: visible.project.description,
        target_launch_date: visible.project.target_launch_date,
        vision: shared_vision.then_some(PortalVision {
            vision: board.vision,
            target_group: board.target_group,
            needs: board.needs,
            product: board.product,
        }),
        roadmap,
        releases,
        workshops: shared_workshops,
        feedback: own_feedback,
        decisions,
    })
}

/// The now/next/later columns with the titles of the shared features: the portal shows
/// what the client sees, also to a team member previewing it.
async fn roadmap(
    state: &AppState,
    visible: &VisibleProject,
) -> Result<Vec<PortalHorizon>, ApiError> {
    let scope = ProductScope {
        visible: visible.clone(),
        internal: false,
        can_edit: false,
    };
    let roadmap = crate::product::service::roadmap(state, &scope, FeatureFilter::default()).await?;
    Ok(roadmap
        .columns
        .into_iter()
        .map(|column| PortalHorizon {
            horizon: column.horizon,
            features: column.features.into_iter().map(|f| f.title).collect(),
        })
        .collect())
}

/// A feedback status in words a client understands.
pub fn feedback_status_text(status: FeedbackStatus) -> &'static str {
    match status {
        FeedbackStatus::New => "Received — not reviewed yet",
        FeedbackStatus::Triaged => "Reviewed by the product team",
        FeedbackStatus::Linked => "Planned into the product",
        FeedbackStatus::Archived => "Closed",
    }
}
