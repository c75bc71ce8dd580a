//! The decision log: recording and changing decisions, with their single accountable
//! decider, the people consulted and the things they affect.

use super::{date, project_person, text, title, visibility};
use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::notifications::mentions;
use crate::projects::PersonInput;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::product::direction::{DecisionStatus, LinkKind, Visibility, decision_overdue};
use tandem_store::StoreError;
use tandem_store::direction::{Decision, DecisionInput, DecisionLink};
use utoipa::ToSchema;

/// A link as sent: `{"kind": "feature", "id": 4}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkBody {
    /// feature, item, release or vision_revision.
    pub kind: String,
    pub id: i64,
}

impl From<DecisionLink> for LinkBody {
    fn from(link: DecisionLink) -> Self {
        Self {
            kind: link.kind.as_str().to_owned(),
            id: link.id,
        }
    }
}

/// Consequences of a decision.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Consequences {
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub cost: String,
}

/// A decision as sent (creating, or replacing every field of one).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecisionBody {
    pub title: String,
    /// proposed (default), accepted, rejected or superseded.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub context: Option<String>,
    /// The options considered.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
    /// The one accountable decider (id or e-mail); required once decided.
    #[serde(default)]
    pub decider: Option<PersonInput>,
    /// People consulted (ids or e-mails).
    #[serde(default)]
    pub consulted: Vec<PersonInput>,
    #[serde(default)]
    pub decided_on: Option<String>,
    /// Open decisions past this date are flagged.
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub consequences: Option<Consequences>,
    #[serde(default)]
    pub revisit_on: Option<String>,
    #[serde(default)]
    pub superseded_by: Option<i64>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
    /// What it affects.
    #[serde(default)]
    pub links: Vec<LinkBody>,
    /// The version you read (alternative to If-Match) when replacing.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A decision record.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    pub id: i64,
    pub title: String,
    #[schema(value_type = String, example = "accepted")]
    pub status: DecisionStatus,
    pub context: String,
    pub options: Vec<String>,
    pub decision: String,
    pub rationale: String,
    pub decider_id: Option<i64>,
    pub decider_name: Option<String>,
    pub consulted: Vec<i64>,
    pub decided_on: Option<String>,
    pub due_on: Option<String>,
    /// Still proposed and past its due date.
    pub overdue: bool,
    pub consequences: Consequences,
    pub revisit_on: Option<String>,
    pub superseded_by: Option<i64>,
    #[schema(value_type = String, example = "internal")]
    pub visibility: Visibility,
    pub workshop_id: Option<i64>,
    pub links: Vec<LinkBody>,
    pub created_at: String,
    pub version: i64,
}

impl DecisionView {
    /// The decision as shown on `today` (`YYYY-MM-DD`, the workspace's), which decides
    /// whether it is overdue.
    pub fn new(decision: Decision, today: &str) -> Self {
        Self {
            overdue: decision_overdue(decision.status, decision.due_on.as_deref(), today),
            id: decision.id,
            title: decision.title,
            status: decision.status,
            context: decision.context,
            options: decision.options,
            decision: decision.decision,
            rationale: decision.rationale,
            decider_id: decision.decider_id,
            decider_name: decision.decider_name,
            consulted: decision.consulted,
            decided_on: decision.decided_on,
            due_on: decision.due_on,
            consequences: Consequences {
                scope: decision.consequence_scope,
                time: decision.consequence_time,
                cost: decision.consequence_cost,
            },
            revisit_on: decision.revisit_on,
            superseded_by: decision.superseded_by,
            visibility: decision.visibility,
            workshop_id: decision.workshop_id,
            links: decision.links.into_iter().map(LinkBody::from).collect(),
            created_at: timestamp(decision.created_at),
            version: decision.version,
        }
    }
}

/// Validates a decision body into the store's input. Links in `kept` (the record's own, when
/// replacing it) are not checked again: items and features are deleted without touching the
/// decisions that name them, and a record must stay editable after what it affected is gone.
pub async fn input(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &DecisionBody,
    kept: &[DecisionLink],
) -> Result<DecisionInput, ApiError> {
    let store = &writer.state.store;
    let status = match body.status.as_deref() {
        Some(raw) => DecisionStatus::parse(raw.trim())?,
        None => DecisionStatus::Proposed,
    };
    let decider_id = match &body.decider {
        Some(person) => Some(project_person(store, visible, "decider", person).await?),
        None => None,
    };
    if decider_id.is_none() && status != DecisionStatus::Proposed {
        return Err(ValidationError::new(
            "decider",
            "a decided record names its one accountable decider",
        )
        .into());
    }
    let mut consulted = Vec::new();
    for person in &body.consulted {
        let id = project_person(store, visible, "consulted", person).await?;
        if !consulted.contains(&id) {
            consulted.push(id);
        }
    }
    let mut options = Vec::new();
    for option in &body.options {
        let option = text("options", Some(option))?;
        if !option.is_empty() {
            options.push(option);
        }
    }
    let mut links = Vec::new();
    for link in &body.links {
        let kind = LinkKind::parse(link.kind.trim())
            .map_err(|error| ValidationError::new("links", error.message))?;
        let link = DecisionLink { kind, id: link.id };
        if !kept.contains(&link) {
            check_link_target(writer, visible.project.id, kind, link.id).await?;
        }
        links.push(link);
    }
    let consequences = body.consequences.clone().unwrap_or_default();
    let decided_on = date("decided_on", body.decided_on.as_deref())?;
    let decided_on = match (decided_on, status) {
        (None, DecisionStatus::Accepted | DecisionStatus::Rejected) => {
            Some(crate::clock::today_iso(&writer.state.store).await?)
        }
        (given, _) => given,
    };
    if let Some(id) = body.workshop_id {
        store
            .workshop(visible.project.id, id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => {
                    ValidationError::new("workshop_id", "no such workshop").into()
                }
                other => ApiError::from(other),
            })?;
    }
    Ok(DecisionInput {
        title: title("title", &body.title)?,
        status,
        context: text("context", body.context.as_deref())?,
        options,
        decision: text("decision", body.decision.as_deref())?,
        rationale: text("rationale", body.rationale.as_deref())?,
        decider_id,
        consulted,
        decided_on,
        due_on: date("due_on", body.due_on.as_deref())?,
        consequence_scope: text("consequences.scope", Some(&consequences.scope))?,
        consequence_time: text("consequences.time", Some(&consequences.time))?,
        consequence_cost: text("consequences.cost", Some(&consequences.cost))?,
        revisit_on: date("revisit_on", body.revisit_on.as_deref())?,
        superseded_by: body.superseded_by,
        visibility: visibility(body.visibility.as_deref())?,
        workshop_id: body.workshop_id,
        links,
    })
}

/// Refuses a link to something that is not in the project.
async fn check_link_target(
    writer: &Writer<'_>,
    project_id: i64,
    kind: LinkKind,
    id: i64,
) -> Result<(), ApiError> {
    let store = &writer.state.store;
    let found = match kind {
        LinkKind::Release => store.release(project_id, id).await.map(drop),
        LinkKind::VisionRevision => store.vision_revision(project_id, id).await.map(drop),
        LinkKind::Feature | LinkKind::Item => {
            store.direction_target_exists(project_id, kind, id).await
        }
    };
    match found {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(ValidationError::new(
            "links",
            format!(
                "no {} {id} in this project",
                kind.as_str().replace('_', " ")
            ),
        )
        .into()),
        Err(other) => Err(other.into()),
    }
}

/// Records a decision and audits it.
pub async fn create(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &DecisionBody,
) -> Result<Decision, ApiError> {
    let input = input(writer, visible, body, &[]).await?;
    let decision = writer
        .state
        .store
        .create_decision(visible.project.id, &input, writer.actor.id)
        .await?;
    writer
        .record(
            "decision.create",
            "decision",
            decision.id.to_string(),
            json!({ "project": visible.project.key, "status": decision.status }),
        )
        .await;
    notify_mentions(writer, visible, &decision).await;
    Ok(decision)
}

/// Replaces a decision if it is still at `expected_version`, and audits it.
pub async fn update(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    body: &DecisionBody,
    expected_version: i64,
) -> Result<Decision, ApiError> {
    let store = &writer.state.store;
    let current = store.decision(visible.project.id, id).await?;
    let input = input(writer, visible, body, &current.links).await?;
    if input.superseded_by == Some(id) {
        return Err(
            ValidationError::new("superseded_by", "a decision cannot supersede itself").into(),
        );
    }
    let decision = store
        .update_decision(visible.project.id, id, &input, expected_version)
        .await?;
    writer
        .record(
            "decision.update",
            "decision",
            id.to_string(),
            json!({ "project": visible.project.key, "status": decision.status }),
        )
        .await;
    notify_mentions(writer, visible, &decision).await;
    Ok(decision)
}

/// Notifies the members the decision's texts mention (once per decision and person).
async fn notify_mentions(writer: &Writer<'_>, visible: &VisibleProject, decision: &Decision) {
    let text = [&decision.context, &decision.decision, &decision.rationale]
        .map(String::as_str)
        .join("\n");
    let place = mentions::Place {
        link: format!("/projects/{}/decisions", visible.project.key),
        label: decision.title.clone(),
        what: &format!("the decision \"{}\"", decision.title),
        source: format!("decision:{}", decision.id),
        internal: decision.visibility != Visibility::Shared,
    };
    mentions::notify(writer, visible, place, &text).await;
}
