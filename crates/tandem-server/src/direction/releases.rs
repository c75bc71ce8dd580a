//! Releases and go/no-go. The decision on a release — go, delay to a date, or descope
//! features — writes a decision record, moves the date or the features, and the delivery side
//! follows: a delay moves the due dates of the release's open items, a descope takes the
//! descoped features' open items out of the release, and the decision record links them —
//! all in one store transaction (ADR 0044).

use super::{date, text, title, visibility};
use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::product::direction::{
    CriterionTemplate, DecisionStatus, LinkKind, Outcome, ReleaseStatus, Visibility,
};
use tandem_store::Store;
use tandem_store::direction::{
    ChecklistEdit, Criterion, DecideInput, DecisionInput, DecisionLink, DueDateShift, GoNoGo,
    GoNoGoTemplate, Release, ReleaseEdit, ReleaseInput, ReleaseOutcome,
};
use utoipa::ToSchema;

/// A release as sent (creating, or replacing one).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReleaseBody {
    pub name: String,
    #[serde(default)]
    pub target_date: Option<String>,
    /// planned (default), approved, released or cancelled.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A release.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseView {
    pub id: i64,
    pub name: String,
    pub target_date: Option<String>,
    #[schema(value_type = String, example = "planned")]
    pub status: ReleaseStatus,
    pub description: String,
    #[schema(value_type = String, example = "shared")]
    pub visibility: Visibility,
    /// The go/no-go outcome, once decided.
    #[schema(value_type = Option<String>, example = "delay")]
    pub outcome: Option<Outcome>,
    pub created_at: String,
    pub version: i64,
}

impl ReleaseView {
    /// The view of a release with its go/no-go outcome.
    pub fn new(release: Release, go_no_go: Option<&GoNoGo>) -> Self {
        Self {
            id: release.id,
            name: release.name,
            target_date: release.target_date,
            status: release.status,
            description: release.description,
            visibility: release.visibility,
            outcome: go_no_go.and_then(|record| record.outcome),
            created_at: timestamp(release.created_at),
            version: release.version,
        }
    }
}

/// The project's releases `user` may see (client contacts: shared ones only), by target date
/// with undated ones last, each with its go/no-go outcome. The API, the web list and
/// `tandem release list` all read them here, so the visibility rule lives in one place.
pub async fn visible_list(
    store: &Store,
    visible: &VisibleProject,
    user: &CurrentUser,
) -> Result<Vec<ReleaseView>, ApiError> {
    let internal = super::sees_internal(user);
    let mut views = Vec::new();
    for release in store.list_releases(visible.project.id).await? {
        if internal || release.visibility == Visibility::Shared {
            let record = store.go_no_go(release.id).await?;
            views.push(ReleaseView::new(release, record.as_ref()));
        }
    }
    Ok(views)
}

/// The roadmap's release timeline: the releases `user` may see, by date, without cancelled
/// ones (a cancelled release is no longer a plan). Shared by
/// `GET /api/v1/projects/{key}/roadmap/releases` and `tandem roadmap`.
pub async fn timeline(
    store: &Store,
    visible: &VisibleProject,
    user: &CurrentUser,
) -> Result<Vec<ReleaseView>, ApiError> {
    let mut views = visible_list(store, visible, user).await?;
    views.retain(|release| release.status != ReleaseStatus::Cancelled);
    Ok(views)
}

/// Validates a release body.
pub fn input(body: &ReleaseBody) -> Result<ReleaseInput, ValidationError> {
    Ok(ReleaseInput {
        name: title("name", &body.name)?,
        target_date: date("target_date", body.target_date.as_deref())?,
        status: match body
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => ReleaseStatus::parse(raw)?,
            None => ReleaseStatus::Planned,
        },
        description: text("description", body.description.as_deref())?,
        visibility: visibility(body.visibility.as_deref())?,
    })
}

/// Creates a release and audits it.
pub async fn create(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &ReleaseBody,
) -> Result<Release, ApiError> {
    let input = input(body)?;
    let release = writer
        .state
        .store
        .create_release(visible.project.id, &input, writer.actor.id)
        .await?;
    writer
        .record(
            "release.create",
            "release",
            release.id.to_string(),
            json!({ "project": visible.project.key, "name": release.name }),
        )
        .await;
    Ok(release)
}

/// Replaces a release if it is still at `expected_version`, and audits it.
pub async fn update(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    body: &ReleaseBody,
    expected_version: i64,
) -> Result<Release, ApiError> {
    let input = input(body)?;
    let release = writer
        .state
        .store
        .update_release(visible.project.id, id, &input, expected_version)
        .await?;
    audit_update(writer, visible, &release).await;
    Ok(release)
}

async fn audit_update(writer: &Writer<'_>, visible: &VisibleProject, release: &Release) {
    writer
        .record(
            "release.update",
            "release",
            release.id.to_string(),
            json!({ "project": visible.project.key, "target_date": release.target_date }),
        )
        .await;
}

/// A checklist line as sent and shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionBody {
    /// product, quality, operations, customer (or your own area).
    pub area: String,
    pub text: String,
    #[serde(default)]
    pub met: bool,
    /// A link or note proving it.
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub owner_id: Option<i64>,
}

impl From<Criterion> for CriterionBody {
    fn from(criterion: Criterion) -> Self {
        Self {
            area: criterion.area,
            text: criterion.text,
            met: criterion.met,
            evidence: criterion.evidence,
            owner_id: criterion.owner_id,
        }
    }
}

/// The go/no-go record of a release.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoNoGoView {
    pub release_id: i64,
    pub criteria: Vec<CriterionBody>,
    /// Checklist lines met / in total.
    pub met: usize,
    pub total: usize,
    /// Who decides: the named decider, else the product manager.
    pub decider_id: Option<i64>,
    #[schema(value_type = Option<String>, example = "go")]
    pub outcome: Option<Outcome>,
    pub new_date: Option<String>,
    pub descoped: Vec<i64>,
    pub rationale: String,
    pub decided_at: Option<String>,
    /// The decision record the outcome wrote.
    pub decision_id: Option<i64>,
    /// 0 while the checklist is the template's (nothing saved yet).
    pub version: i64,
}

impl From<GoNoGo> for GoNoGoView {
    fn from(record: GoNoGo) -> Self {
        Self {
            met: record.criteria.iter().filter(|c| c.met).count(),
            total: record.criteria.len(),
            release_id: record.release_id,
            criteria: record
                .criteria
                .into_iter()
                .map(CriterionBody::from)
                .collect(),
            decider_id: record.decider_id,
            outcome: record.outcome,
            new_date: record.new_date,
            descoped: record.descoped,
            rationale: record.rationale,
            decided_at: record.decided_at.map(timestamp),
            decision_id: record.decision_id,
            version: record.version,
        }
    }
}

/// The release's go/no-go record: the stored one, or a fresh one from the project's template
/// with the product manager as decider (version 0).
pub async fn go_no_go(
    store: &tandem_store::Store,
    visible: &VisibleProject,
    release_id: i64,
) -> Result<GoNoGo, ApiError> {
    if let Some(record) = store.go_no_go(release_id).await? {
        return Ok(record);
    }
    let template = store.go_no_go_template(visible.project.id).await?;
    Ok(GoNoGo {
        release_id,
        criteria: template.criteria.into_iter().map(Criterion::from).collect(),
        decider_id: visible.project.product_manager.as_ref().map(|pm| pm.id),
        outcome: None,
        new_date: None,
        descoped: Vec::new(),
        rationale: String::new(),
        decided_at: None,
        decision_id: None,
        version: 0,
    })
}

/// The checklist and decider as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GoNoGoBody {
    pub criteria: Vec<CriterionBody>,
    /// Who decides (a user id on the project); absent keeps the current one.
    #[serde(default)]
    pub decider_id: Option<i64>,
    #[serde(default)]
    pub version: Option<i64>,
}

fn criteria(body: &[CriterionBody]) -> Result<Vec<Criterion>, ValidationError> {
    body.iter()
        .map(|line| {
            Ok(Criterion {
                area: title("criteria.area", &line.area)?,
                text: title("criteria.text", &line.text)?,
                met: line.met,
                evidence: text("criteria.evidence", Some(&line.evidence))?,
                owner_id: line.owner_id,
            })
        })
        .collect()
}

/// Saves the checklist of a release's go/no-go record and audits it.
pub async fn save_go_no_go(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    release_id: i64,
    body: &GoNoGoBody,
    expected_version: i64,
) -> Result<GoNoGo, ApiError> {
    let store = &writer.state.store;
    let release = store.release(visible.project.id, release_id).await?;
    let (criteria, decider_id) = checklist(store, visible, release_id, body).await?;
    let record = store
        .save_go_no_go(release_id, &criteria, decider_id, expected_version)
        .await?;
    audit_go_no_go(writer, visible, &release, &record).await;
    Ok(record)
}

/// Saves a release's fields and its checklist's people together, as the release form does:
/// both are checked first, then written in one transaction at the versions the form was
/// loaded with, so a refusal of either leaves both as they were.
pub async fn save_release_and_checklist(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    release: Option<(&ReleaseBody, i64)>,
    checklist_body: Option<(&GoNoGoBody, i64)>,
) -> Result<(), ApiError> {
    let store = &writer.state.store;
    let fields = release
        .map(|(body, version)| input(body).map(|input| (input, version)))
        .transpose()?;
    let people = match checklist_body {
        Some((body, version)) => Some((checklist(store, visible, id, body).await?, version)),
        None => None,
    };
    let saved_checklist = store
        .save_release_edit(
            visible.project.id,
            id,
            fields.as_ref().map(|(input, version)| ReleaseEdit {
                input,
                expected_version: *version,
            }),
            people
                .as_ref()
                .map(|((criteria, decider_id), version)| ChecklistEdit {
                    criteria,
                    decider_id: *decider_id,
                    expected_version: *version,
                }),
        )
        .await?;
    let saved = store.release(visible.project.id, id).await?;
    if fields.is_some() {
        audit_update(writer, visible, &saved).await;
    }
    if let Some(record) = saved_checklist {
        audit_go_no_go(writer, visible, &saved, &record).await;
    }
    Ok(())
}

/// The checklist lines and decider `body` asks for, checked: a newly named decider or owner
/// must be on the project (owners already on the record stay valid after they left it, so
/// an old checklist remains editable); an absent decider keeps the current one.
async fn checklist(
    store: &Store,
    visible: &VisibleProject,
    release_id: i64,
    body: &GoNoGoBody,
) -> Result<(Vec<Criterion>, Option<i64>), ApiError> {
    let current = go_no_go(store, visible, release_id).await?;
    let decider_id = match body.decider_id {
        Some(id) => Some(
            super::project_person(
                store,
                visible,
                "decider_id",
                &crate::projects::PersonInput::Id(id),
            )
            .await?,
        ),
        None => current.decider_id,
    };
    for owner in body.criteria.iter().filter_map(|line| line.owner_id) {
        if !current.criteria.iter().any(|c| c.owner_id == Some(owner)) {
            super::project_person(
                store,
                visible,
                "criteria.owner_id",
                &crate::projects::PersonInput::Id(owner),
            )
            .await?;
        }
    }
    Ok((criteria(&body.criteria)?, decider_id))
}

async fn audit_go_no_go(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    release: &Release,
    record: &GoNoGo,
) {
    writer
        .record(
            "release.go_no_go",
            "release",
            release.id.to_string(),
            json!({ "met": record.criteria.iter().filter(|c| c.met).count(), "total": record.criteria.len() }),
        )
        .await;
    crate::notifications::go_no_go::awaiting_decider(writer, visible, release, record).await;
}

/// The go/no-go decision as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecideBody {
    /// go, delay or descope.
    pub outcome: String,
    /// The new target date (delay).
    #[serde(default)]
    pub date: Option<String>,
    /// Features of the release to move out (descope).
    #[serde(default)]
    pub features: Vec<i64>,
    pub rationale: String,
    /// Share the decision record with the client (default: as the release).
    #[serde(default)]
    pub visibility: Option<String>,
    /// The release version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// What the decision changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecideView {
    pub release: ReleaseView,
    pub go_no_go: GoNoGoView,
    /// The decision record written to the log.
    pub decision_id: i64,
    /// Open items whose due dates moved with the release (delay): `item_id`, `item_key`,
    /// `assignee_id`, `from`, `to`.
    #[schema(value_type = Vec<Object>)]
    pub moved_items: Vec<DueDateShift>,
    /// Open items of the descoped features, which left the release with them (descope).
    pub left_scope: Vec<i64>,
}

impl DecideView {
    /// What `outcome` changed.
    pub fn new(outcome: ReleaseOutcome) -> Self {
        Self {
            release: ReleaseView::new(outcome.release, Some(&outcome.go_no_go)),
            go_no_go: GoNoGoView::from(outcome.go_no_go),
            decision_id: outcome.decision_id,
            moved_items: outcome.moved,
            left_scope: outcome.left_scope,
        }
    }
}

/// The sentence the decision record states.
fn decision_text(
    outcome: Outcome,
    release: &Release,
    new_date: Option<&str>,
    features: &[i64],
) -> String {
    match outcome {
        Outcome::Go => format!("Go: ship {} as planned.", release.name),
        Outcome::Delay => format!(
            "Delay {} from {} to {}.",
            release.name,
            release.target_date.as_deref().unwrap_or("no date"),
            new_date.unwrap_or("a later date")
        ),
        Outcome::Descope => format!(
            "Descope {}: move feature(s) {} out and ship the rest.",
            release.name,
            features
                .iter()
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Records the go/no-go decision on a release at `expected_version` (its version) and
/// audits it. The caller checked the caller may decide.
pub async fn decide(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    release_id: i64,
    body: &DecideBody,
    expected_version: i64,
) -> Result<ReleaseOutcome, ApiError> {
    let store = &writer.state.store;
    let release = store.release(visible.project.id, release_id).await?;
    let outcome = Outcome::parse(body.outcome.trim())?;
    let rationale = text("rationale", Some(&body.rationale))?;
    if rationale.is_empty() {
        return Err(ValidationError::new("rationale", "say why: the decision log keeps it").into());
    }
    let new_date = date("date", body.date.as_deref())?;
    match outcome {
        Outcome::Delay => match (&new_date, &release.target_date) {
            (None, _) => {
                return Err(ValidationError::new("date", "a delay needs the new date").into());
            }
            (Some(new), Some(old)) if new <= old => {
                return Err(ValidationError::new(
                    "date",
                    format!("a delay moves the date after {old}"),
                )
                .into());
            }
            _ => {}
        },
        Outcome::Descope if body.features.is_empty() => {
            return Err(ValidationError::new("features", "name the features to move out").into());
        }
        _ => {}
    }
    if outcome == Outcome::Descope {
        super::scope::check_in_release(store, visible.project.id, release_id, &body.features)
            .await?;
    }
    let current = go_no_go(store, visible, release_id).await?;
    let mut links = vec![DecisionLink {
        kind: LinkKind::Release,
        id: release_id,
    }];
    if outcome == Outcome::Descope {
        links.extend(body.features.iter().map(|id| DecisionLink {
            kind: LinkKind::Feature,
            id: *id,
        }));
    }
    let met = current.criteria.iter().filter(|c| c.met).count();
    let statement = decision_text(outcome, &release, new_date.as_deref(), &body.features);
    let decision = DecisionInput {
        title: format!("Go/no-go {}: {}", release.name, outcome.as_str()),
        status: DecisionStatus::Accepted,
        context: format!(
            "Go/no-go checklist: {met} of {} criteria met.",
            current.criteria.len()
        ),
        options: vec![
            "Go".to_owned(),
            "Delay to a later date".to_owned(),
            "Descope features".to_owned(),
        ],
        decision: statement,
        rationale: rationale.clone(),
        decider_id: Some(writer.actor.id),
        consulted: Vec::new(),
        decided_on: Some(crate::clock::today_iso(&writer.state.store).await?),
        due_on: None,
        consequence_scope: if outcome == Outcome::Descope {
            format!(
                "{} feature(s) leave the release; their open items (linked) leave with them",
                body.features.len()
            )
        } else {
            String::new()
        },
        consequence_time: match outcome {
            Outcome::Delay => format!(
                "Release date moves to {}; the due dates of its open items (linked) move by as \
                 many days",
                new_date.as_deref().unwrap_or_default()
            ),
            _ => String::new(),
        },
        consequence_cost: String::new(),
        revisit_on: None,
        superseded_by: None,
        visibility: match body.visibility.as_deref() {
            Some(raw) => visibility(Some(raw))?,
            None => release.visibility,
        },
        workshop_id: None,
        links,
    };
    let input = DecideInput {
        outcome,
        new_date,
        descope: body.features.clone(),
        rationale,
        decider_id: writer.actor.id,
        decision,
        criteria: current.criteria,
    };
    let result = store
        .decide_release(visible.project.id, release_id, &input, expected_version)
        .await?;
    writer
        .record(
            "release.decide",
            "release",
            release_id.to_string(),
            json!({
                "outcome": outcome,
                "new_date": input.new_date,
                "descoped": input.descope,
                "decision_id": result.decision_id,
                "items_moved": result.moved.len(),
                "items_left_scope": result.left_scope.len(),
            }),
        )
        .await;
    crate::notifications::due_dates::moved_by_delay(
        writer,
        visible,
        &result.release,
        &result.moved,
    )
    .await;
    Ok(result)
}

/// True when `user` may record the go/no-go decision of `record`.
pub fn may_decide(visible: &VisibleProject, user: &CurrentUser, record: &GoNoGo) -> bool {
    let is_pm = visible
        .my_roles
        .contains(&tandem_core::roles::ProjectRole::ProductManager);
    user.actor()
        .decides_go_no_go(&visible.access, is_pm, record.decider_id)
}

/// The project's go/no-go template as sent and shown.
pub fn template_view(template: Vec<CriterionTemplate>) -> Vec<CriterionBody> {
    template
        .into_iter()
        .map(|line| CriterionBody {
            area: line.area,
            text: line.text,
            met: false,
            evidence: String::new(),
            owner_id: None,
        })
        .collect()
}

/// Replaces the project's go/no-go template if it is still at `expected` (0: the default)
/// and audits it.
pub async fn save_template(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &[CriterionBody],
    expected: i64,
) -> Result<GoNoGoTemplate, ApiError> {
    if body.is_empty() {
        return Err(ValidationError::new("criteria", "a checklist needs at least one line").into());
    }
    let template: Vec<CriterionTemplate> = criteria(body)?
        .into_iter()
        .map(|c| CriterionTemplate {
            area: c.area,
            text: c.text,
        })
        .collect();
    let saved = writer
        .state
        .store
        .set_go_no_go_template(visible.project.id, &template, expected)
        .await?;
    writer
        .record(
            "release.go_no_go_template",
            "project",
            &visible.project.key,
            json!({ "lines": template.len(), "version": saved.version }),
        )
        .await;
    Ok(saved)
}
