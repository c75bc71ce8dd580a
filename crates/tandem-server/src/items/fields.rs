//! An item's fields as people send them (JSON body, form, CLI flags) and their translation
//! into a store patch: names and keys become ids, hours become minutes, everything is checked.

use crate::error::ApiError;
use crate::projects::{PersonInput, double_option, resolve_person};
use crate::state::AppState;
use serde::Deserialize;
use tandem_core::ValidationError;
use tandem_core::work::{
    ItemKey, ItemType, Priority, check_three_point, parse_date, parse_labels, parse_title,
};
use tandem_store::{Item, ItemPatch, NewItem, Project, StoreError, Workflow};
use utoipa::ToSchema;

/// Most hours one estimate may hold (a year of full-time work).
const MAX_HOURS: f64 = 2_000.0;
/// Most story points one item may hold.
const MAX_POINTS: i64 = 1_000;

/// Fields of an item. On create `title` is required and absent fields take defaults (type
/// `task`, the workflow's first status, priority `medium`); on update absent fields stay as
/// they are and `null` clears optional ones. Durations are hours (decimals allowed).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ItemFields {
    /// `epic`, `story`, `task`, `bug` or `milestone`.
    #[serde(default, rename = "type")]
    pub item_type: Option<String>,
    /// One-line summary (required on create).
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Status by name (case-insensitive), e.g. `In progress`.
    #[serde(default)]
    pub status: Option<String>,
    /// Status by id (alternative to `status`).
    #[serde(default)]
    pub status_id: Option<i64>,
    /// `lowest`, `low`, `medium`, `high` or `highest`.
    #[serde(default)]
    pub priority: Option<String>,
    /// Assignee by user id or e-mail (a project member); `null` unassigns.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<PersonInput>)]
    pub assignee: Option<Option<PersonInput>>,
    /// Parent item key, e.g. `ACME-1`; `null` detaches.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub parent: Option<Option<String>>,
    /// Story points (whole numbers).
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub story_points: Option<Option<i64>>,
    /// Estimate in hours.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub estimate_hours: Option<Option<f64>>,
    /// Three-point estimate: best case, hours.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub optimistic_hours: Option<Option<f64>>,
    /// Three-point estimate: most likely, hours.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub most_likely_hours: Option<Option<f64>>,
    /// Three-point estimate: worst case, hours.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub pessimistic_hours: Option<Option<f64>>,
    /// Work left, hours.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub remaining_hours: Option<Option<f64>>,
    /// Due date `YYYY-MM-DD`.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub due_date: Option<Option<String>>,
    /// Pinned start date `YYYY-MM-DD`.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub start_date: Option<Option<String>>,
    /// Sprint id; `null` = backlog.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub sprint_id: Option<Option<i64>>,
    /// Product feature id.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub feature_id: Option<Option<i64>>,
    /// A bug that blocks a release.
    #[serde(default)]
    pub blocking: Option<bool>,
    /// Labels (replace the current set).
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// Board position: put the card just before this item key; `end` for the end of its
    /// column.
    #[serde(default)]
    pub place_before: Option<String>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Whole minutes from hours typed by a person.
pub fn hours_to_minutes(field: &'static str, hours: f64) -> Result<i64, ValidationError> {
    if !hours.is_finite() || !(0.0..=MAX_HOURS).contains(&hours) {
        return Err(ValidationError::new(
            field,
            format!("must be between 0 and {MAX_HOURS} hours"),
        ));
    }
    Ok((hours * 60.0).round() as i64)
}

/// Hours for display and JSON, from stored minutes.
pub fn minutes_to_hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

fn optional_hours(
    field: &'static str,
    value: Option<Option<f64>>,
) -> Result<Option<Option<i64>>, ValidationError> {
    value
        .map(|hours| {
            hours
                .map(|hours| hours_to_minutes(field, hours))
                .transpose()
        })
        .transpose()
}

fn optional_date(
    field: &'static str,
    value: &Option<Option<String>>,
) -> Result<Option<Option<String>>, ValidationError> {
    match value {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(text)) if text.trim().is_empty() => Ok(Some(None)),
        Some(Some(text)) => parse_date(field, text).map(|date| Some(Some(date))),
    }
}

/// The status a name or id picks in `workflow`.
pub fn find_status(
    workflow: &Workflow,
    name: Option<&str>,
    id: Option<i64>,
) -> Result<Option<i64>, ValidationError> {
    if let Some(id) = id {
        return workflow
            .statuses
            .iter()
            .find(|status| status.id == id)
            .map(|status| Some(status.id))
            .ok_or_else(|| ValidationError::new("status", "no such status in this project"));
    }
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    workflow
        .statuses
        .iter()
        .find(|status| status.name.eq_ignore_ascii_case(name) || status.id.to_string() == name)
        .map(|status| Some(status.id))
        .ok_or_else(|| {
            let names: Vec<&str> = workflow.statuses.iter().map(|s| s.name.as_str()).collect();
            ValidationError::new(
                "status",
                format!(
                    "'{name}' is not a status of this project ({})",
                    names.join(", ")
                ),
            )
        })
}

/// The id of the item with `key` in `project` (field `field` in errors).
pub async fn item_in_project(
    state: &AppState,
    project: &Project,
    field: &'static str,
    key: &str,
) -> Result<i64, ApiError> {
    let parsed = ItemKey::parse(key).map_err(|_| {
        ValidationError::new(field, format!("'{key}' is not an item key like ACME-42"))
    })?;
    if parsed.project.as_str() != project.key {
        return Err(ValidationError::new(
            field,
            format!("{key} is not in project {}", project.key),
        )
        .into());
    }
    match state.store.item_by_number(project.id, parsed.number).await {
        Ok(item) => Ok(item.id),
        Err(StoreError::NotFound) => {
            Err(ValidationError::new(field, format!("there is no item {key}")).into())
        }
        Err(other) => Err(other.into()),
    }
}

impl ItemFields {
    /// The store patch these fields describe, checked against the project (statuses, parent,
    /// assignee). `current` is the item being changed (`None` on create) so the three-point
    /// estimate is checked as it will be stored.
    pub async fn to_patch(
        &self,
        state: &AppState,
        project: &Project,
        current: Option<&Item>,
    ) -> Result<ItemPatch, ApiError> {
        let workflow = state.store.workflow(project.id).await?;
        let status_id = find_status(&workflow, self.status.as_deref(), self.status_id)?;
        let assignee_id = match &self.assignee {
            None => None,
            Some(None) => Some(None),
            Some(Some(person)) => Some(Some(
                resolve_person(&state.store, "assignee", person).await?.id,
            )),
        };
        let parent_id = match &self.parent {
            None => None,
            Some(None) => Some(None),
            Some(Some(key)) if key.trim().is_empty() => Some(None),
            Some(Some(key)) => Some(Some(
                item_in_project(state, project, "parent", key.trim()).await?,
            )),
        };
        let place_before = match self.place_before.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("end") => Some(None),
            Some(key) => Some(Some(
                item_in_project(state, project, "place_before", key).await?,
            )),
        };
        if let Some(Some(points)) = self.story_points
            && !(0..=MAX_POINTS).contains(&points)
        {
            return Err(ValidationError::new(
                "story_points",
                format!("must be between 0 and {MAX_POINTS}"),
            )
            .into());
        }
        let labels = self
            .labels
            .as_ref()
            .map(|labels| parse_labels(labels.iter().map(String::as_str)))
            .transpose()?;
        let patch = ItemPatch {
            item_type: self.item_type.as_deref().map(ItemType::parse).transpose()?,
            title: self.title.as_deref().map(parse_title).transpose()?,
            description: self.description.clone(),
            status_id,
            priority: self.priority.as_deref().map(Priority::parse).transpose()?,
            assignee_id,
            parent_id,
            story_points: self.story_points,
            estimate_minutes: optional_hours("estimate_hours", self.estimate_hours)?,
            optimistic_minutes: optional_hours("optimistic_hours", self.optimistic_hours)?,
            most_likely_minutes: optional_hours("most_likely_hours", self.most_likely_hours)?,
            pessimistic_minutes: optional_hours("pessimistic_hours", self.pessimistic_hours)?,
            remaining_minutes: optional_hours("remaining_hours", self.remaining_hours)?,
            due_date: optional_date("due_date", &self.due_date)?,
            start_date: optional_date("start_date", &self.start_date)?,
            sprint_id: self.sprint_id,
            feature_id: self.feature_id,
            blocking: self.blocking,
            labels,
            place_before,
        };
        let merged = |new: Option<Option<i64>>, old: Option<i64>| new.unwrap_or(old);
        check_three_point(
            merged(
                patch.optimistic_minutes,
                current.and_then(|i| i.optimistic_minutes),
            ),
            merged(
                patch.most_likely_minutes,
                current.and_then(|i| i.most_likely_minutes),
            ),
            merged(
                patch.pessimistic_minutes,
                current.and_then(|i| i.pessimistic_minutes),
            ),
        )
        .map_err(|error| ValidationError::new("optimistic_hours", error.message))?;
        Ok(patch)
    }

    /// The new item these fields describe (title required; type defaults to task).
    pub async fn to_new_item(
        &self,
        state: &AppState,
        project: &Project,
        created_by: i64,
    ) -> Result<NewItem, ApiError> {
        if self
            .title
            .as_deref()
            .is_none_or(|title| title.trim().is_empty())
        {
            return Err(ValidationError::new("title", "must not be empty").into());
        }
        let patch = self.to_patch(state, project, None).await?;
        let flat = |value: Option<Option<i64>>| value.flatten();
        Ok(NewItem {
            project_id: project.id,
            item_type: patch.item_type.unwrap_or(ItemType::Task),
            title: patch.title.unwrap_or_default(),
            description: patch.description.unwrap_or_default(),
            status_id: patch.status_id,
            priority: patch.priority.unwrap_or(Priority::Medium),
            assignee_id: flat(patch.assignee_id),
            parent_id: flat(patch.parent_id),
            story_points: flat(patch.story_points),
            estimate_minutes: flat(patch.estimate_minutes),
            optimistic_minutes: flat(patch.optimistic_minutes),
            most_likely_minutes: flat(patch.most_likely_minutes),
            pessimistic_minutes: flat(patch.pessimistic_minutes),
            remaining_minutes: flat(patch.remaining_minutes),
            due_date: patch.due_date.flatten(),
            start_date: patch.start_date.flatten(),
            sprint_id: flat(patch.sprint_id),
            feature_id: flat(patch.feature_id),
            blocking: patch.blocking.unwrap_or(false),
            labels: patch.labels.unwrap_or_default(),
            created_by: Some(created_by),
        })
    }
}
