//! Discovery workshops and what they produced. From a workshop, one step creates a decision,
//! objective, piece of feedback, feature, hypothesis or risk — or links an existing one — and
//! the artefact remembers the workshop as its origin.

use super::decisions::{self, DecisionBody};
use super::feedback::{self, FeedbackBody};
use super::goals::{self, ObjectiveBody};
use super::{date, project_person, text, title, visibility};
use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::projects::PersonInput;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::product::direction::{Visibility, WorkshopKind, WorkshopStatus};
use tandem_store::direction::{
    OriginKind, Participant, ParticipantInput, Workshop, WorkshopInput, WorkshopOutcome,
};
use tandem_store::{Store, StoreError};
use utoipa::ToSchema;

/// A workshop as sent (creating, or replacing one).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct WorkshopBody {
    pub title: String,
    /// kickoff, vision, story_mapping, design_sprint, review, retrospective or other.
    pub kind: String,
    #[serde(default)]
    pub held_on: Option<String>,
    #[serde(default)]
    pub agenda: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub notes: Option<String>,
    /// planned (default), held or cancelled.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    /// Team members and client users on the project (ids or e-mails).
    #[serde(default)]
    pub participants: Vec<PersonInput>,
    /// People without an account, as free text.
    #[serde(default)]
    pub contacts: Vec<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A participant.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantView {
    pub user_id: Option<i64>,
    pub name: String,
}

/// Something the workshop produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeView {
    /// decision, objective, feedback, feature, hypothesis or risk.
    pub kind: String,
    pub id: i64,
    pub title: String,
}

/// A workshop.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkshopView {
    pub id: i64,
    pub title: String,
    #[schema(value_type = String, example = "vision")]
    pub kind: WorkshopKind,
    pub held_on: Option<String>,
    pub agenda: String,
    pub notes: String,
    #[schema(value_type = String, example = "held")]
    pub status: WorkshopStatus,
    #[schema(value_type = String, example = "internal")]
    pub visibility: Visibility,
    pub participants: Vec<ParticipantView>,
    /// What it produced (for client users: only what is shared with them).
    pub outcomes: Vec<OutcomeView>,
    pub created_at: String,
    pub version: i64,
}

impl WorkshopView {
    /// The view of `workshop` with the outcomes `user` may see.
    pub fn new(workshop: Workshop, outcomes: Vec<WorkshopOutcome>, user: &CurrentUser) -> Self {
        let internal = super::sees_internal(user);
        Self {
            id: workshop.id,
            title: workshop.title,
            kind: workshop.kind,
            held_on: workshop.held_on,
            agenda: workshop.agenda,
            notes: workshop.notes,
            status: workshop.status,
            visibility: workshop.visibility,
            participants: workshop
                .participants
                .into_iter()
                .map(|Participant { user_id, name }| ParticipantView { user_id, name })
                .collect(),
            outcomes: outcomes
                .into_iter()
                .filter(|outcome| internal || outcome.shared)
                .map(|outcome| OutcomeView {
                    kind: outcome.kind,
                    id: outcome.id,
                    title: outcome.title,
                })
                .collect(),
            created_at: timestamp(workshop.created_at),
            version: workshop.version,
        }
    }
}

/// The project's workshops `user` may see, as listed (without outcomes).
pub async fn visible_list(
    store: &Store,
    visible: &VisibleProject,
    user: &CurrentUser,
) -> Result<Vec<WorkshopView>, ApiError> {
    Ok(store
        .list_workshops(visible.project.id)
        .await?
        .into_iter()
        .filter(|workshop| may_see(visible, user, workshop))
        .map(|workshop| WorkshopView::new(workshop, Vec::new(), user))
        .collect())
}

/// True when `user` may see the workshop: the team always; a client contact when it is
/// shared and they took part.
pub fn may_see(visible: &VisibleProject, user: &CurrentUser, workshop: &Workshop) -> bool {
    let shared =
        workshop.visibility == Visibility::Shared && workshop.has_participant(user.user.id);
    user.actor().sees_artefact(&visible.access, shared)
}

/// Validates a workshop body. A participant must be on the project, unless they already took
/// part (`stored`, named by id): someone who has left since stays on the record of the
/// workshops they attended.
async fn input(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &WorkshopBody,
    stored: Option<&Workshop>,
) -> Result<WorkshopInput, ApiError> {
    let mut participants = Vec::new();
    for person in &body.participants {
        let id = match person {
            PersonInput::Id(id) if stored.is_some_and(|w| w.has_participant(*id)) => *id,
            _ => project_person(&writer.state.store, visible, "participants", person).await?,
        };
        if !participants.contains(&ParticipantInput::User(id)) {
            participants.push(ParticipantInput::User(id));
        }
    }
    for contact in &body.contacts {
        let contact = contact.trim();
        if !contact.is_empty() {
            participants.push(ParticipantInput::Contact(title("contacts", contact)?));
        }
    }
    Ok(WorkshopInput {
        title: title("title", &body.title)?,
        kind: WorkshopKind::parse(body.kind.trim())?,
        held_on: date("held_on", body.held_on.as_deref())?,
        agenda: text("agenda", body.agenda.as_deref())?,
        notes: text("notes", body.notes.as_deref())?,
        status: match body.status.as_deref() {
            Some(raw) => WorkshopStatus::parse(raw.trim())?,
            None => WorkshopStatus::Planned,
        },
        visibility: visibility(body.visibility.as_deref())?,
        participants,
    })
}

/// Creates a workshop and audits it.
pub async fn create(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &WorkshopBody,
) -> Result<Workshop, ApiError> {
    let input = input(writer, visible, body, None).await?;
    let workshop = writer
        .state
        .store
        .create_workshop(visible.project.id, &input, writer.actor.id)
        .await?;
    writer
        .record(
            "workshop.create",
            "workshop",
            workshop.id.to_string(),
            json!({ "project": visible.project.key, "kind": workshop.kind }),
        )
        .await;
    Ok(workshop)
}

/// Replaces a workshop if it is still at `expected_version`, and audits it.
pub async fn update(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    body: &WorkshopBody,
    expected_version: i64,
) -> Result<Workshop, ApiError> {
    let stored = writer.state.store.workshop(visible.project.id, id).await?;
    let input = input(writer, visible, body, Some(&stored)).await?;
    let workshop = writer
        .state
        .store
        .update_workshop(visible.project.id, id, &input, expected_version)
        .await?;
    writer
        .record(
            "workshop.update",
            "workshop",
            id.to_string(),
            json!({ "project": visible.project.key }),
        )
        .await;
    Ok(workshop)
}

/// One step from a workshop: create an artefact with the workshop as its origin, or link an
/// existing one (`link_id`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OutcomeBody {
    /// decision, objective, feedback, feature, hypothesis or risk.
    pub kind: String,
    /// Link this existing artefact instead of creating one.
    #[serde(default)]
    pub link_id: Option<i64>,
    /// Title of a new decision, objective, feature or risk; statement of a hypothesis.
    #[serde(default)]
    pub title: Option<String>,
    /// Text of new feedback.
    #[serde(default)]
    pub text: Option<String>,
    /// Importance of new feedback.
    #[serde(default)]
    pub importance: Option<String>,
    /// A decision's context, a feature's problem or a risk's description.
    #[serde(default)]
    pub description: Option<String>,
    /// A new risk's probability, 1 (rare) to 5 (almost certain); 3 when not given.
    #[serde(default)]
    pub probability: Option<i64>,
    /// A new risk's impact, 1 (negligible) to 5 (severe); 3 when not given.
    #[serde(default)]
    pub impact: Option<i64>,
    /// A new risk's owner, a member of the project (id or e-mail); nobody when not given.
    #[serde(default)]
    pub owner: Option<PersonInput>,
}

/// What an outcome step produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeCreated {
    pub kind: String,
    pub id: i64,
    /// True when an existing artefact was linked rather than created.
    pub linked: bool,
}

/// The kinds an outcome may be.
fn origin_kind(raw: &str) -> Result<OriginKind, ValidationError> {
    match raw.trim() {
        "decision" => Ok(OriginKind::Decision),
        "objective" => Ok(OriginKind::Objective),
        "feedback" => Ok(OriginKind::Feedback),
        "feature" => Ok(OriginKind::Feature),
        "hypothesis" => Ok(OriginKind::Hypothesis),
        "risk" => Ok(OriginKind::Risk),
        other => Err(ValidationError::new(
            "kind",
            format!(
                "'{other}' is not one of: decision, objective, feedback, feature, hypothesis, risk"
            ),
        )),
    }
}

/// Creates or links one artefact from workshop `workshop_id` and audits it. With
/// `expected_version` (an optional `If-Match`) the workshop must still be at that version:
/// adding an outcome is commutative, so the check is only for callers who want it (ADR 0045).
pub async fn add_outcome(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    workshop_id: i64,
    body: &OutcomeBody,
    expected_version: Option<i64>,
) -> Result<OutcomeCreated, ApiError> {
    let store = &writer.state.store;
    let kind = origin_kind(&body.kind)?;
    let workshop = store.workshop(visible.project.id, workshop_id).await?;
    crate::etag::precondition(expected_version, workshop.version)?;
    let project_id = visible.project.id;
    let (id, linked) = match body.link_id {
        Some(id) => {
            store
                .set_workshop_origin(project_id, kind, id, workshop_id)
                .await
                .map_err(|error| match error {
                    StoreError::NotFound => ApiError::from(ValidationError::new(
                        "link_id",
                        format!("no {} {id} in this project", body.kind.trim()),
                    )),
                    other => other.into(),
                })?;
            (id, true)
        }
        None => (
            create_outcome(writer, visible, workshop_id, kind, body).await?,
            false,
        ),
    };
    writer
        .record(
            "workshop.outcome",
            "workshop",
            workshop_id.to_string(),
            json!({ "kind": body.kind.trim(), "id": id, "linked": linked }),
        )
        .await;
    Ok(OutcomeCreated {
        kind: body.kind.trim().to_owned(),
        id,
        linked,
    })
}

async fn create_outcome(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    workshop_id: i64,
    kind: OriginKind,
    body: &OutcomeBody,
) -> Result<i64, ApiError> {
    let title_text = body.title.clone().unwrap_or_default();
    match kind {
        OriginKind::Decision => {
            let decision = DecisionBody {
                title: title_text,
                context: body.description.clone(),
                workshop_id: Some(workshop_id),
                ..DecisionBody::default()
            };
            Ok(decisions::create(writer, visible, &decision).await?.id)
        }
        OriginKind::Objective => {
            let objective = ObjectiveBody {
                title: title_text,
                description: body.description.clone(),
                due_on: None,
                visibility: None,
                workshop_id: Some(workshop_id),
                key_results: Vec::new(),
                feature_ids: Vec::new(),
                release_ids: None,
                version: None,
            };
            Ok(goals::create(writer, visible, &objective).await?.id)
        }
        OriginKind::Feedback => {
            let feedback = FeedbackBody {
                text: body.text.clone().or(body.title.clone()).unwrap_or_default(),
                source: Some("workshop".to_owned()),
                importance: body.importance.clone(),
                workshop_id: Some(workshop_id),
                ..FeedbackBody::default()
            };
            Ok(feedback::submit(writer, visible, &feedback).await?.id)
        }
        OriginKind::Feature | OriginKind::Hypothesis => {
            super::origin::create_product_artefact(writer, visible, workshop_id, kind, body).await
        }
        OriginKind::Risk => super::origin::create_risk(writer, visible, workshop_id, body).await,
    }
}
