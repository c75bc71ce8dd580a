//! Sprint services: create, edit, delete, plan, start and complete, each audited once.
//!
//! Rules: a project has at most one active sprint (starting another is 409
//! `sprints.one_active`); completing a sprint with unfinished items needs an explicit choice
//! of where they go (422 on `unfinished` otherwise).

use crate::audit::Writer;
use crate::error::ApiError;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tandem_core::values::Name;
use tandem_core::work::parse_date;
use tandem_store::{Completion, NewSprint, Sprint, SprintPatch, Unfinished};
use utoipa::ToSchema;

/// Default sprint length when a sprint starts without an end date.
const DEFAULT_SPRINT_DAYS: i64 = 14;

/// A new or changed sprint as clients send it.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct SprintInput {
    /// Name, e.g. "Sprint 14" (required on create).
    pub name: Option<String>,
    /// What the team wants to achieve.
    pub goal: Option<String>,
    /// First day, `YYYY-MM-DD` (empty = none).
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD` (empty = none).
    pub ends_on: Option<String>,
    /// The version you read (instead of `If-Match`).
    pub version: Option<i64>,
}

/// A date field: empty text clears it.
fn optional_date(field: &'static str, raw: &str) -> Result<Option<String>, ApiError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Ok(Some(parse_date(field, raw)?))
    }
}

fn check_order(starts_on: Option<&str>, ends_on: Option<&str>) -> Result<(), ApiError> {
    match (starts_on, ends_on) {
        (Some(start), Some(end)) if end < start => Err(ApiError::invalid_field(
            "ends_on",
            "must not be before starts_on",
        )),
        _ => Ok(()),
    }
}

/// Creates a planned sprint in a project.
pub async fn create(
    writer: &Writer<'_>,
    project_id: i64,
    input: &SprintInput,
) -> Result<Sprint, ApiError> {
    let name = Name::parse("name", input.name.as_deref().unwrap_or_default())?;
    let starts_on = optional_date("starts_on", input.starts_on.as_deref().unwrap_or_default())?;
    let ends_on = optional_date("ends_on", input.ends_on.as_deref().unwrap_or_default())?;
    check_order(starts_on.as_deref(), ends_on.as_deref())?;
    let new = NewSprint {
        project_id,
        name: name.into_inner(),
        goal: input.goal.clone().unwrap_or_default().trim().to_owned(),
        starts_on,
        ends_on,
    };
    let sprint = writer.state.store.create_sprint(&new).await?;
    writer
        .record(
            "sprint.create",
            "sprint",
            sprint.id.to_string(),
            json!({ "name": sprint.name, "project_id": project_id }),
        )
        .await;
    Ok(sprint)
}

/// Edits a sprint's name, goal or dates.
pub async fn update(
    writer: &Writer<'_>,
    sprint: &Sprint,
    input: &SprintInput,
    expected: i64,
) -> Result<Sprint, ApiError> {
    let patch = SprintPatch {
        name: input
            .name
            .as_deref()
            .map(|raw| Name::parse("name", raw).map(Name::into_inner))
            .transpose()?,
        goal: input.goal.as_deref().map(|goal| goal.trim().to_owned()),
        starts_on: input
            .starts_on
            .as_deref()
            .map(|raw| optional_date("starts_on", raw))
            .transpose()?,
        ends_on: input
            .ends_on
            .as_deref()
            .map(|raw| optional_date("ends_on", raw))
            .transpose()?,
    };
    let starts_on = patch.starts_on.clone().unwrap_or(sprint.starts_on.clone());
    let ends_on = patch.ends_on.clone().unwrap_or(sprint.ends_on.clone());
    check_order(starts_on.as_deref(), ends_on.as_deref())?;
    let updated = writer
        .state
        .store
        .update_sprint(sprint.id, &patch, expected)
        .await?;
    writer
        .record(
            "sprint.update",
            "sprint",
            sprint.id.to_string(),
            json!({ "name": updated.name }),
        )
        .await;
    Ok(updated)
}

/// Deletes a planned sprint; its items go back to the backlog. An active or completed sprint
/// is refused (409 `sprint_state`): its history feeds velocity and burndown.
pub async fn delete(writer: &Writer<'_>, sprint: &Sprint, expected: i64) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_sprint(sprint.id, expected, Some(writer.actor.id))
        .await
        .map_err(|error| match ApiError::from(error) {
            refused if refused.code == "duplicate" => ApiError::new(
                StatusCode::CONFLICT,
                "sprint_state",
                "only a planned sprint can be deleted; complete this one instead",
            ),
            other => other,
        })?;
    writer
        .record(
            "sprint.delete",
            "sprint",
            sprint.id.to_string(),
            json!({ "name": sprint.name }),
        )
        .await;
    Ok(())
}

/// Moves items into the sprint (`add`) or back to the backlog (`remove`).
pub async fn plan(
    writer: &Writer<'_>,
    sprint: &Sprint,
    add: &[i64],
    remove: &[i64],
) -> Result<usize, ApiError> {
    let store = &writer.state.store;
    let actor = Some(writer.actor.id);
    let mut moved = 0;
    if !add.is_empty() {
        moved += store
            .plan_items(sprint.project_id, Some(sprint.id), add, actor)
            .await?;
    }
    if !remove.is_empty() {
        let items = store
            .list_items(
                sprint.project_id,
                &tandem_store::ItemFilter {
                    sprint: Some(Some(sprint.id)),
                    ..Default::default()
                },
            )
            .await?;
        let leaving: Vec<i64> = remove
            .iter()
            .copied()
            .filter(|id| items.items.iter().any(|item| item.id == *id))
            .collect();
        moved += store
            .plan_items(sprint.project_id, None, &leaving, actor)
            .await?;
    }
    writer
        .record(
            "sprint.plan",
            "sprint",
            sprint.id.to_string(),
            json!({ "added": add, "removed": remove }),
        )
        .await;
    Ok(moved)
}

/// Starts a planned sprint (today, for two weeks unless it has dates).
pub async fn start(
    writer: &Writer<'_>,
    sprint: &Sprint,
    expected: i64,
) -> Result<Sprint, ApiError> {
    let today = crate::clock::today(&writer.state.store).await?;
    let default_end = today
        .checked_add(jiff::Span::new().days(DEFAULT_SPRINT_DAYS - 1))
        .unwrap_or(today);
    let started = writer
        .state
        .store
        .start_sprint(
            sprint.id,
            expected,
            &today.to_string(),
            &default_end.to_string(),
        )
        .await
        .map_err(|error| match error {
            tandem_store::StoreError::Conflict { constraint }
                if constraint == "sprints.one_active" =>
            {
                ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    "sprint_already_active",
                    "another sprint of this project is active; complete it first",
                )
            }
            tandem_store::StoreError::Conflict { .. } => {
                wrong_state("only a planned sprint can start")
            }
            other => other.into(),
        })?;
    writer
        .record(
            "sprint.start",
            "sprint",
            sprint.id.to_string(),
            json!({ "name": started.name }),
        )
        .await;
    Ok(started)
}

fn wrong_state(message: &str) -> ApiError {
    ApiError::new(axum::http::StatusCode::CONFLICT, "sprint_state", message)
}

/// Where unfinished items go, as clients send it: `"next"`, `"backlog"` or
/// `{"sprint_id": N}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum UnfinishedChoice {
    /// `"next"` or `"backlog"`.
    Named(String),
    /// A planned sprint of the project.
    Sprint {
        /// The sprint id.
        sprint_id: i64,
    },
}

impl UnfinishedChoice {
    /// The store's choice; an unknown name is 422.
    pub fn resolve(&self) -> Result<Unfinished, ApiError> {
        match self {
            UnfinishedChoice::Named(name) if name == "next" => Ok(Unfinished::Next),
            UnfinishedChoice::Named(name) if name == "backlog" => Ok(Unfinished::Backlog),
            UnfinishedChoice::Named(_) => Err(ApiError::invalid_field(
                "unfinished",
                "must be \"next\", \"backlog\" or {\"sprint_id\": N}",
            )),
            UnfinishedChoice::Sprint { sprint_id } => Ok(Unfinished::Sprint(*sprint_id)),
        }
    }
}

/// Completes the active sprint, moving unfinished items as chosen: `unfinished` for all of
/// them, `per_item` for single items (the web page asks item by item).
pub async fn complete(
    writer: &Writer<'_>,
    sprint: &Sprint,
    expected: i64,
    unfinished: Option<Unfinished>,
    per_item: &[(i64, Unfinished)],
) -> Result<Completion, ApiError> {
    let completion = writer
        .state
        .store
        .complete_sprint(
            sprint.id,
            expected,
            unfinished,
            per_item,
            Some(writer.actor.id),
        )
        .await
        .map_err(|error| match error {
            tandem_store::StoreError::Conflict { .. } => {
                wrong_state("only the active sprint can be completed")
            }
            other => other.into(),
        })?;
    writer
        .record(
            "sprint.complete",
            "sprint",
            sprint.id.to_string(),
            json!({
                "name": completion.sprint.name,
                "spillover": completion.spillover.len(),
                "moved_to": completion.spillover.first().and_then(|s| s.moved_to_sprint_id),
            }),
        )
        .await;
    Ok(completion)
}
