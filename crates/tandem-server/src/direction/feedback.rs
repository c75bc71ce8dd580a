//! The feedback inbox. Staff, API tokens (integrations) and the project's client contacts
//! submit; client contacts see only their own feedback and its status; the team triages and
//! ties feedback to features.

use super::text;
use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::notifications::mentions;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::product::direction::{
    FeedbackSource, FeedbackStatus, Importance, LinkKind, importance_weight,
};
use tandem_store::StoreError;
use tandem_store::direction::{Feedback, FeedbackInput, FeedbackPatch, TriageChange};
use utoipa::ToSchema;

/// Feedback as submitted.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FeedbackBody {
    pub text: String,
    /// client, end_user, support, internal or workshop. Client contacts always submit as
    /// client; staff default to internal.
    #[serde(default)]
    pub source: Option<String>,
    /// Who said it (name, e-mail, ticket); client contacts: their own name.
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub persona_id: Option<i64>,
    /// nice_to_have, important (default) or critical.
    #[serde(default)]
    pub importance: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
    /// Features it is about (staff only).
    #[serde(default)]
    pub feature_ids: Vec<i64>,
}

/// A change to one piece of feedback (staff).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FeedbackChange {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub importance: Option<String>,
    #[serde(default)]
    pub persona_id: Option<i64>,
    /// Replaces the linked features.
    #[serde(default)]
    pub feature_ids: Option<Vec<i64>>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// One piece of feedback in a bulk triage, at the version the triager saw.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TriageEntry {
    pub id: i64,
    pub version: i64,
}

/// A bulk triage: set a status and/or link features for several pieces at once.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TriageBody {
    pub feedback: Vec<TriageEntry>,
    #[serde(default)]
    pub status: Option<String>,
    /// Features to link (the feedback becomes `linked`).
    #[serde(default)]
    pub feature_ids: Vec<i64>,
}

/// A piece of feedback. For client contacts (their own feedback only) the triage details
/// are absent.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackView {
    pub id: i64,
    #[schema(value_type = String, example = "client")]
    pub source: FeedbackSource,
    pub contact: String,
    pub text: String,
    #[schema(value_type = String, example = "important")]
    pub importance: Importance,
    /// 1, 3 or 9 by importance.
    pub weight: u32,
    #[schema(value_type = String, example = "new")]
    pub status: FeedbackStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona_id: Option<i64>,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workshop_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature_ids: Option<Vec<i64>>,
    pub created_at: String,
    pub version: i64,
}

impl FeedbackView {
    /// The view for `user`: client contacts do not see the internal triage links.
    pub fn new(feedback: Feedback, user: &CurrentUser) -> Self {
        let internal = super::sees_internal(user);
        Self {
            id: feedback.id,
            source: feedback.source,
            contact: feedback.contact,
            text: feedback.text,
            weight: importance_weight(feedback.importance),
            importance: feedback.importance,
            status: feedback.status,
            persona_id: feedback.persona_id.filter(|_| internal),
            submitted_by: feedback.submitted_by,
            submitted_by_name: feedback.submitted_by_name,
            workshop_id: feedback.workshop_id.filter(|_| internal),
            feature_ids: internal.then_some(feedback.feature_ids),
            created_at: timestamp(feedback.created_at),
            version: feedback.version,
        }
    }
}

fn status(raw: Option<&str>) -> Result<Option<FeedbackStatus>, ValidationError> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(FeedbackStatus::parse)
        .transpose()
}

fn importance(raw: Option<&str>) -> Result<Option<Importance>, ValidationError> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Importance::parse)
        .transpose()
}

/// Refuses feature ids that are not features of the project.
async fn check_features(writer: &Writer<'_>, project_id: i64, ids: &[i64]) -> Result<(), ApiError> {
    for id in ids {
        match writer
            .state
            .store
            .direction_target_exists(project_id, LinkKind::Feature, *id)
            .await
        {
            Ok(()) => {}
            Err(StoreError::NotFound) => {
                return Err(ValidationError::new(
                    "feature_ids",
                    format!("no feature {id} in this project"),
                )
                .into());
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

/// Records feedback from the writer (the caller has checked `SubmitFeedback`). Client
/// contacts submit as `client` under their own name and cannot link features.
pub async fn submit(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &FeedbackBody,
) -> Result<Feedback, ApiError> {
    let is_client = writer.actor.role == tandem_core::roles::UserRole::Client;
    let text_value = text("text", Some(&body.text))?;
    if text_value.is_empty() {
        return Err(ValidationError::new("text", "must not be empty").into());
    }
    let source = if is_client {
        FeedbackSource::Client
    } else {
        match body
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => FeedbackSource::parse(raw)?,
            None => FeedbackSource::Internal,
        }
    };
    let contact = if is_client {
        writer.actor.name.clone()
    } else {
        text("contact", body.contact.as_deref())?
    };
    if is_client && (!body.feature_ids.is_empty() || body.workshop_id.is_some()) {
        return Err(ValidationError::new(
            "feature_ids",
            "the product team links feedback to features",
        )
        .into());
    }
    check_features(writer, visible.project.id, &body.feature_ids).await?;
    let input = FeedbackInput {
        source,
        contact,
        text: text_value,
        persona_id: if is_client { None } else { body.persona_id },
        importance: importance(body.importance.as_deref())?.unwrap_or(Importance::Important),
        submitted_by: Some(writer.actor.id),
        workshop_id: body.workshop_id,
        feature_ids: body.feature_ids.clone(),
    };
    let feedback = writer
        .state
        .store
        .create_feedback(visible.project.id, &input)
        .await?;
    writer
        .record(
            "feedback.create",
            "feedback",
            feedback.id.to_string(),
            json!({ "project": visible.project.key, "source": feedback.source, "on": crate::clock::today_iso(&writer.state.store).await? }),
        )
        .await;
    let place = mentions::Place {
        link: format!("/projects/{}/feedback", visible.project.key),
        label: format!("Feedback from {}", feedback.contact),
        what: "a feedback note",
        source: format!("feedback:{}", feedback.id),
        // Feedback is triaged by the team; client contacts see only their own.
        internal: true,
    };
    mentions::notify(writer, visible, place, &feedback.text).await;
    Ok(feedback)
}

/// Changes one piece of feedback if it is still at `expected_version`, and audits it.
pub async fn change(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    body: &FeedbackChange,
    expected_version: i64,
) -> Result<Feedback, ApiError> {
    if let Some(ids) = &body.feature_ids {
        check_features(writer, visible.project.id, ids).await?;
    }
    let patch = FeedbackPatch {
        status: status(body.status.as_deref())?,
        importance: importance(body.importance.as_deref())?,
        persona_id: body.persona_id.map(Some),
        feature_ids: body.feature_ids.clone(),
    };
    let feedback = writer
        .state
        .store
        .update_feedback(visible.project.id, id, &patch, expected_version)
        .await?;
    writer
        .record(
            "feedback.update",
            "feedback",
            id.to_string(),
            json!({ "project": visible.project.key, "status": feedback.status }),
        )
        .await;
    Ok(feedback)
}

/// Applies a bulk triage (all or nothing) and audits it.
pub async fn triage(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &TriageBody,
) -> Result<Vec<Feedback>, ApiError> {
    if body.feedback.is_empty() {
        return Err(
            ValidationError::new("feedback", "choose at least one piece of feedback").into(),
        );
    }
    let status = status(body.status.as_deref())?;
    if status.is_none() && body.feature_ids.is_empty() {
        return Err(ValidationError::new("status", "choose a status or features to link").into());
    }
    check_features(writer, visible.project.id, &body.feature_ids).await?;
    let change = TriageChange {
        feedback: body.feedback.iter().map(|e| (e.id, e.version)).collect(),
        status,
        link_features: body.feature_ids.clone(),
    };
    let changed = writer
        .state
        .store
        .triage_feedback(visible.project.id, &change)
        .await?;
    writer
        .record(
            "feedback.triage",
            "project",
            &visible.project.key,
            json!({
                "feedback": change.feedback.iter().map(|(id, _)| id).collect::<Vec<_>>(),
                "status": status,
                "feature_ids": body.feature_ids,
            }),
        )
        .await;
    Ok(changed)
}
