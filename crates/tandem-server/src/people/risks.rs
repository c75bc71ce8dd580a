//! The risk register: probability × impact = exposure, a severity band, an owner, a
//! mitigation and a status. Risks are internal unless marked `shared`; client contacts see
//! only shared ones (an internal risk does not exist for them: 404). A risk may name the
//! items of its project it threatens or that mitigate it.

use super::{not_found, text};
use crate::audit::Writer;
use crate::error::ApiError;
use crate::items::fields::item_in_project;
use crate::projects::{self, PersonInput, double_option, parse_date};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use tandem_core::ValidationError;
use tandem_core::people::risk::{self, Rating, RiskStatus, Visibility};
use tandem_core::values::Name;
use tandem_store::{NewRisk, Project, Risk, RiskFilter, RiskPatch, Store};
use utoipa::ToSchema;

/// The probability and impact proposed for a new risk nobody has rated yet: the middle of
/// the 1–5 scales (the register's form preselects it; a risk created from a workshop gets it).
pub const PROPOSED_RATING: u8 = 3;

/// A risk to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RiskInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// 1 (rare) to 5 (almost certain).
    pub probability: i64,
    /// 1 (negligible) to 5 (severe).
    pub impact: i64,
    /// A member of the project (id or e-mail).
    #[serde(default)]
    pub owner: Option<PersonInput>,
    #[serde(default)]
    pub mitigation: String,
    /// `open` (default), `mitigating`, `closed` or `occurred`.
    #[serde(default)]
    pub status: Option<String>,
    /// Next review, `YYYY-MM-DD`.
    #[serde(default)]
    pub review_date: Option<String>,
    /// `internal` (default) or `shared` with the client.
    #[serde(default)]
    pub visibility: Option<String>,
    /// Keys of the project's items the risk is linked to, e.g. `["SHOP-12"]`.
    #[serde(default)]
    pub item_keys: Vec<String>,
}

/// A change to a risk; absent fields stay, `null` clears the owner or review date.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RiskChange {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub probability: Option<i64>,
    #[serde(default)]
    pub impact: Option<i64>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<PersonInput>)]
    pub owner: Option<Option<PersonInput>>,
    #[serde(default)]
    pub mitigation: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub review_date: Option<Option<String>>,
    #[serde(default)]
    pub visibility: Option<String>,
    /// Replaces the linked items (keys of the project's items); `[]` unlinks them all.
    #[serde(default)]
    pub item_keys: Option<Vec<String>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A person named on a risk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OwnerView {
    pub id: i64,
    pub name: String,
}

/// An item a risk is linked to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RiskItemView {
    /// The item's key, e.g. `SHOP-12`.
    pub key: String,
    pub title: String,
}

/// A risk as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RiskView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub probability: u8,
    pub impact: u8,
    /// probability × impact, 1–25.
    pub exposure: u8,
    /// `low` (1–4), `medium` (5–9), `high` (10–16) or `critical` (20–25).
    pub severity: String,
    pub owner: Option<OwnerView>,
    pub mitigation: String,
    pub status: String,
    pub review_date: Option<String>,
    pub visibility: String,
    /// The linked items, in item order.
    pub items: Vec<RiskItemView>,
    /// The discovery workshop the risk came out of (its origin), if any.
    pub workshop_id: Option<i64>,
    pub version: i64,
}

impl RiskView {
    /// The view of `risk` linked to `items`.
    pub fn new(risk: Risk, items: Vec<RiskItemView>) -> Self {
        let exposure = risk::exposure(risk.probability, risk.impact);
        Self {
            id: risk.id,
            title: risk.title,
            description: risk.description,
            probability: risk.probability.value(),
            impact: risk.impact.value(),
            exposure,
            severity: risk::severity(exposure).as_str().to_owned(),
            owner: risk.owner.map(|owner| OwnerView {
                id: owner.id,
                name: owner.name,
            }),
            mitigation: risk.mitigation,
            status: risk.status.as_str().to_owned(),
            review_date: risk.review_date,
            visibility: risk.visibility.as_str().to_owned(),
            items,
            workshop_id: risk.workshop_id,
            version: risk.version,
        }
    }
}

/// The items linked to each risk of a project, by risk id (one read for the whole register).
pub async fn linked_items(
    store: &Store,
    project_id: i64,
) -> Result<HashMap<i64, Vec<RiskItemView>>, ApiError> {
    let mut by_risk: HashMap<i64, Vec<RiskItemView>> = HashMap::new();
    for (risk_id, _, key, title) in store.risk_item_links(project_id).await? {
        by_risk
            .entry(risk_id)
            .or_default()
            .push(RiskItemView { key, title });
    }
    Ok(by_risk)
}

/// Risks of a project as the API shows them, with their linked items.
pub async fn views(
    store: &Store,
    project_id: i64,
    risks: Vec<Risk>,
) -> Result<Vec<RiskView>, ApiError> {
    let mut items = linked_items(store, project_id).await?;
    Ok(risks
        .into_iter()
        .map(|risk| {
            let linked = items.remove(&risk.id).unwrap_or_default();
            RiskView::new(risk, linked)
        })
        .collect())
}

/// One risk of a project as the API shows it.
pub async fn view(store: &Store, project_id: i64, risk: Risk) -> Result<RiskView, ApiError> {
    let linked = linked_items(store, project_id)
        .await?
        .remove(&risk.id)
        .unwrap_or_default();
    Ok(RiskView::new(risk, linked))
}

/// The 5×5 heat map of the active (open or mitigating) risks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatMapView {
    /// `cells[impact - 1][probability - 1]`: how many risks sit in each cell.
    pub cells: Vec<Vec<u32>>,
    /// Active risks counted.
    pub total: u32,
}

/// Counts the active risks per cell.
pub fn heat_map(risks: &[Risk]) -> HeatMapView {
    let cells = risk::heat_map(
        risks
            .iter()
            .filter(|risk| risk.status.is_active())
            .map(|risk| (risk.probability, risk.impact)),
    );
    HeatMapView {
        total: cells.iter().flatten().sum(),
        cells: cells.iter().map(|row| row.to_vec()).collect(),
    }
}

/// The risks a caller may see: everything for staff, shared ones for client contacts.
pub async fn visible(
    store: &Store,
    project_id: i64,
    mut filter: RiskFilter,
    internal: bool,
) -> Result<Vec<Risk>, ApiError> {
    if !internal {
        if filter.visibility == Some(Visibility::Internal) {
            return Ok(Vec::new());
        }
        filter.visibility = Some(Visibility::Shared);
    }
    Ok(store.list_risks(project_id, &filter).await?)
}

/// One risk the caller may see (an internal one is 404 for client contacts).
pub async fn find(
    store: &Store,
    project_id: i64,
    id: i64,
    internal: bool,
) -> Result<Risk, ApiError> {
    let risk = store
        .risk(project_id, id)
        .await
        .map_err(not_found("risk"))?;
    if internal || risk.visibility == Visibility::Shared {
        Ok(risk)
    } else {
        Err(ApiError::not_found("risk"))
    }
}

/// Resolves an owner, who must be a member of the project.
async fn owner(store: &Store, project: &Project, person: &PersonInput) -> Result<i64, ApiError> {
    let user = projects::resolve_person(store, "owner", person).await?;
    if store
        .membership_roles(project.id, user.id)
        .await?
        .is_empty()
    {
        return Err(ValidationError::new("owner", "is not a member of this project").into());
    }
    Ok(user.id)
}

fn title(raw: &str) -> Result<String, ValidationError> {
    Ok(Name::parse("title", raw)?.into_inner())
}

/// The ids of the items `keys` name, all of `project`: a key that names no item of it is
/// refused by name (field `item_keys`) before anything is written.
async fn item_ids(
    state: &AppState,
    project: &Project,
    keys: &[String],
) -> Result<Vec<i64>, ApiError> {
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        ids.push(item_in_project(state, project, "item_keys", key.trim()).await?);
    }
    Ok(ids)
}

/// Registers a risk linked to its items and audits it.
pub async fn create(
    writer: &Writer<'_>,
    project: &Project,
    input: &RiskInput,
) -> Result<RiskView, ApiError> {
    create_with_origin(writer, project, input, None).await
}

/// Registers a risk like [`create`]; with `workshop_id` (a workshop of `project`, checked by
/// the caller) the risk remembers that workshop as its origin.
pub async fn create_with_origin(
    writer: &Writer<'_>,
    project: &Project,
    input: &RiskInput,
    workshop_id: Option<i64>,
) -> Result<RiskView, ApiError> {
    let store = &writer.state.store;
    let owner_id = match &input.owner {
        Some(person) => Some(owner(store, project, person).await?),
        None => None,
    };
    let new = NewRisk {
        title: title(&input.title)?,
        description: text("description", &input.description, 5000)?,
        probability: Rating::parse("probability", input.probability)?,
        impact: Rating::parse("impact", input.impact)?,
        owner_id,
        mitigation: text("mitigation", &input.mitigation, 5000)?,
        status: input
            .status
            .as_deref()
            .map(|s| RiskStatus::parse(s.trim()))
            .transpose()?
            .unwrap_or(RiskStatus::Open),
        review_date: parse_date("review_date", input.review_date.as_deref())?,
        visibility: input
            .visibility
            .as_deref()
            .map(|v| Visibility::parse(v.trim()))
            .transpose()?
            .unwrap_or(Visibility::Internal),
        created_by: Some(writer.actor.id),
        item_ids: item_ids(writer.state, project, &input.item_keys).await?,
    };
    let risk = match workshop_id {
        Some(workshop_id) => {
            store
                .create_workshop_risk(project.id, workshop_id, &new)
                .await?
        }
        None => store.create_risk(project.id, &new).await?,
    };
    let mut details = json!({
        "id": risk.id,
        "exposure": risk::exposure(risk.probability, risk.impact),
        "items": input.item_keys,
    });
    if let Some(workshop_id) = workshop_id {
        details["workshop_id"] = json!(workshop_id);
    }
    writer
        .record("project.risk.create", "project", &project.key, details)
        .await;
    view(store, project.id, risk).await
}

/// Changes a risk if it is still at `expected_version`, and audits it. Relinking its items
/// is a change of the risk too: it takes the version and moves it on.
pub async fn update(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    change: &RiskChange,
    expected_version: i64,
) -> Result<RiskView, ApiError> {
    let store = &writer.state.store;
    let owner_id = match &change.owner {
        Some(Some(person)) => Some(Some(owner(store, project, person).await?)),
        Some(None) => Some(None),
        None => None,
    };
    let patch = RiskPatch {
        title: change.title.as_deref().map(title).transpose()?,
        description: change
            .description
            .as_deref()
            .map(|d| text("description", d, 5000))
            .transpose()?,
        probability: change
            .probability
            .map(|p| Rating::parse("probability", p))
            .transpose()?,
        impact: change
            .impact
            .map(|i| Rating::parse("impact", i))
            .transpose()?,
        owner_id,
        mitigation: change
            .mitigation
            .as_deref()
            .map(|m| text("mitigation", m, 5000))
            .transpose()?,
        status: change
            .status
            .as_deref()
            .map(|s| RiskStatus::parse(s.trim()))
            .transpose()?,
        review_date: change
            .review_date
            .as_ref()
            .map(|d| parse_date("review_date", d.as_deref()))
            .transpose()?,
        visibility: change
            .visibility
            .as_deref()
            .map(|v| Visibility::parse(v.trim()))
            .transpose()?,
    };
    let item_ids = match &change.item_keys {
        Some(keys) => Some(item_ids(writer.state, project, keys).await?),
        None => None,
    };
    let risk = store
        .update_risk(project.id, id, &patch, expected_version)
        .await
        .map_err(not_found("risk"))?;
    if let Some(item_ids) = &item_ids {
        store
            .set_risk_items(project.id, id, item_ids)
            .await
            .map_err(not_found("risk"))?;
    }
    writer
        .record(
            "project.risk.update",
            "project",
            &project.key,
            json!({
                "id": id,
                "status": risk.status,
                "exposure": risk::exposure(risk.probability, risk.impact),
                "items": change.item_keys,
            }),
        )
        .await;
    view(store, project.id, risk).await
}

/// Deletes a risk and audits it.
pub async fn delete(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    expected_version: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_risk(project.id, id, expected_version)
        .await
        .map_err(not_found("risk"))?;
    writer
        .record(
            "project.risk.delete",
            "project",
            &project.key,
            json!({ "id": id }),
        )
        .await;
    Ok(())
}
