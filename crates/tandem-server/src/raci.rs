//! Responsibility-matrix rules shared by the API, the web UI and the CLI: a project's matrix
//! is copied from the workspace template on first read, every write names the matrix version
//! it was made against, and an activity never gets a second "A". [`roles`] reads the matrix
//! (with the decision log) as the two manager roles side by side.

pub mod roles;

use crate::audit::Writer;
use crate::error::ApiError;
use crate::projects::{PersonInput, resolve_person};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::health::Side;
use tandem_core::raci::{self, Letter, TemplateActivity, TemplateError};
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{
    NewRaciActivity, NewRaciAssignment, Project, RaciActivity, RaciActivityPatch, RaciAssignee,
    RaciHolder, RaciMatrix, RaciTemplate, Store,
};
use utoipa::ToSchema;

/// One cell as entered: a project role or a person, and a letter.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AssignmentInput {
    /// `product_manager`, `project_manager`, `member`, `client` or `viewer` (or give `user`).
    #[serde(default)]
    pub role: Option<String>,
    /// A project member by user id or e-mail (or give `role`).
    #[serde(default)]
    pub user: Option<PersonInput>,
    /// `R`, `A`, `C` or `I`.
    pub letter: String,
}

/// An activity as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ActivityInput {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `product` or `delivery`.
    pub side: String,
    #[serde(default)]
    pub assignments: Vec<AssignmentInput>,
    /// Display position; last when absent.
    #[serde(default)]
    pub position: Option<i64>,
    /// The matrix version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A change to an activity; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ActivityChange {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub side: Option<String>,
    #[serde(default)]
    pub position: Option<i64>,
    /// The matrix version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// The cells of one activity, replacing the current ones.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AssignmentsInput {
    pub assignments: Vec<AssignmentInput>,
    /// The matrix version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A whole matrix, replacing the current one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MatrixInput {
    pub activities: Vec<ActivityInput>,
    /// The matrix version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A cell after resolution: who, how they are named in messages, which letter.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Who holds the letter.
    pub holder: RaciHolder,
    /// "product manager" or a person's name.
    pub label: String,
    /// The letter.
    pub letter: Letter,
}

/// How a role is named in sentences ("product manager").
pub fn role_label(role: ProjectRole) -> String {
    role.label().to_lowercase()
}

/// The holder of a stored cell, with its label.
pub fn holder_of(assignee: &RaciAssignee) -> (RaciHolder, String) {
    match assignee {
        RaciAssignee::Role(role) => (RaciHolder::Role(*role), role_label(*role)),
        RaciAssignee::User(user) => (RaciHolder::User(user.id), user.name.clone()),
    }
}

/// The workspace template: the saved one, or the built-in product/project split (version 0).
pub async fn template(store: &Store) -> Result<RaciTemplate, ApiError> {
    Ok(store
        .raci_template()
        .await?
        .unwrap_or_else(|| RaciTemplate {
            activities: raci::default_template(),
            version: 0,
            updated_at: 0,
        }))
}

/// Saves the workspace template (admins) if it is still at `expected` and audits it.
pub async fn save_template(
    writer: &Writer<'_>,
    activities: &[TemplateActivity],
    expected: i64,
) -> Result<RaciTemplate, ApiError> {
    if writer.actor.role != UserRole::Admin {
        return Err(ApiError::forbidden(
            "only admins change the workspace's default responsibilities",
        ));
    }
    let cleaned: Vec<TemplateActivity> = activities
        .iter()
        .map(|activity| TemplateActivity {
            name: activity.name.trim().to_owned(),
            description: activity.description.trim().to_owned(),
            ..activity.clone()
        })
        .collect();
    raci::check_template(&cleaned).map_err(|error| match error {
        TemplateError::Invalid(invalid) => ApiError::from(invalid),
        TemplateError::SecondAccountable(second) => second_accountable(&second),
    })?;
    let saved = writer
        .state
        .store
        .save_raci_template(&cleaned, expected)
        .await?;
    let details = json!({ "activities": saved.activities.len() });
    writer
        .record("raci_template.update", "raci_template", "default", details)
        .await;
    Ok(saved)
}

/// A project's matrix as a workspace template, and how many person cells it left out: a
/// template assigns roles only, since the people differ from project to project.
pub fn template_of(matrix: &RaciMatrix) -> (Vec<TemplateActivity>, usize) {
    let mut left_out = 0;
    let activities = matrix
        .activities
        .iter()
        .map(|activity| TemplateActivity {
            name: activity.name.clone(),
            description: activity.description.clone(),
            side: activity.side,
            assignments: activity
                .assignments
                .iter()
                .filter_map(|cell| match cell.assignee {
                    RaciAssignee::Role(role) if raci::TEMPLATE_ROLES.contains(&role) => {
                        Some(raci::RoleLetter {
                            role,
                            letter: cell.letter,
                        })
                    }
                    _ => {
                        left_out += 1;
                        None
                    }
                })
                .collect(),
        })
        .collect();
    (activities, left_out)
}

/// The workspace template after making `project`'s matrix the default (admins), with the
/// number of person cells that could not go into it.
pub async fn save_template_from(
    writer: &Writer<'_>,
    project: &Project,
    expected: i64,
) -> Result<(RaciTemplate, usize), ApiError> {
    let matrix = matrix(&writer.state.store, project).await?;
    let (activities, left_out) = template_of(&matrix);
    let saved = save_template(writer, &activities, expected).await?;
    Ok((saved, left_out))
}

/// The project's matrix, copying the workspace template into it on first read.
pub async fn matrix(store: &Store, project: &Project) -> Result<RaciMatrix, ApiError> {
    if let Some(matrix) = store.raci_matrix(project.id).await? {
        return Ok(matrix);
    }
    let template = template(store).await?;
    let activities: Vec<NewRaciActivity> = template
        .activities
        .into_iter()
        .map(|activity| NewRaciActivity {
            name: activity.name,
            description: activity.description,
            side: activity.side,
            assignments: activity
                .assignments
                .into_iter()
                .map(|cell| NewRaciAssignment {
                    holder: RaciHolder::Role(cell.role),
                    letter: cell.letter,
                })
                .collect(),
        })
        .collect();
    Ok(store.ensure_raci_matrix(project.id, &activities).await?)
}

/// The 422 for a second "A", with the activity and the current holder in its details.
pub fn second_accountable(error: &raci::SecondAccountable) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "raci_single_accountable",
        error.to_string(),
    )
    .with_details(json!({
        "field": "assignments",
        "activity": error.activity,
        "current": error.current,
        "proposed": error.proposed,
    }))
}

/// Checks a row of cells: no holder twice, at most one "A" (the one `current` holds is named
/// as the current one).
pub fn check_cells(activity: &str, cells: &[Cell], current: Option<&Cell>) -> Result<(), ApiError> {
    for (index, cell) in cells.iter().enumerate() {
        if cells[..index]
            .iter()
            .any(|other| other.holder == cell.holder)
        {
            return Err(ValidationError::new(
                "assignments",
                format!("{} has two letters on “{activity}”", cell.label),
            )
            .into());
        }
    }
    let mut accountable: Vec<&Cell> = cells.iter().filter(|c| c.letter == Letter::A).collect();
    if let Some(current) = current {
        accountable.sort_by_key(|cell| cell.holder != current.holder);
    }
    let labels: Vec<String> = accountable.iter().map(|cell| cell.label.clone()).collect();
    raci::check_single_accountable(activity, &labels).map_err(|e| second_accountable(&e))
}

/// Resolves entered cells: roles parse, people must be members of the project.
pub async fn resolve_cells(
    store: &Store,
    project: &Project,
    inputs: &[AssignmentInput],
) -> Result<Vec<Cell>, ApiError> {
    let mut cells = Vec::with_capacity(inputs.len());
    for input in inputs {
        let letter = Letter::parse(&input.letter)?;
        let (holder, label) = match (&input.role, &input.user) {
            (Some(role), None) => {
                let role = ProjectRole::parse(role.trim())?;
                (RaciHolder::Role(role), role_label(role))
            }
            (None, Some(person)) => {
                let user = resolve_person(store, "user", person).await?;
                if store
                    .membership_roles(project.id, user.id)
                    .await?
                    .is_empty()
                {
                    return Err(ValidationError::new(
                        "user",
                        format!("{} is not a member of {}", user.name, project.key),
                    )
                    .into());
                }
                (RaciHolder::User(user.id), user.name)
            }
            _ => {
                return Err(ValidationError::new(
                    "assignments",
                    "give each cell either a role or a user, not both",
                )
                .into());
            }
        };
        cells.push(Cell {
            holder,
            label,
            letter,
        });
    }
    Ok(cells)
}

fn stored(cells: &[Cell]) -> Vec<NewRaciAssignment> {
    cells
        .iter()
        .map(|cell| NewRaciAssignment {
            holder: cell.holder,
            letter: cell.letter,
        })
        .collect()
}

/// The current "A" cell of an activity.
pub fn current_accountable(activity: &RaciActivity) -> Option<Cell> {
    activity
        .assignments
        .iter()
        .find(|cell| cell.letter == Letter::A)
        .map(|cell| {
            let (holder, label) = holder_of(&cell.assignee);
            Cell {
                holder,
                label,
                letter: cell.letter,
            }
        })
}

fn find_activity(matrix: &RaciMatrix, id: i64) -> Result<&RaciActivity, ApiError> {
    matrix
        .activities
        .iter()
        .find(|activity| activity.id == id)
        .ok_or_else(|| ApiError::not_found("activity"))
}

fn parse_side(raw: &str) -> Result<Side, ValidationError> {
    Side::parse(raw)
}

async fn new_activity(
    store: &Store,
    project: &Project,
    input: &ActivityInput,
) -> Result<NewRaciActivity, ApiError> {
    let name = raci::activity_name(&input.name)?;
    let side = parse_side(&input.side)?;
    let cells = resolve_cells(store, project, &input.assignments).await?;
    check_cells(&name, &cells, None)?;
    Ok(NewRaciActivity {
        name,
        description: input
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        side,
        assignments: stored(&cells),
    })
}

/// A taken activity name, as a 422 at `name`.
fn name_taken(error: ApiError) -> ApiError {
    if error.status == StatusCode::CONFLICT {
        ApiError::invalid_field("name", "another activity of this project has this name")
    } else {
        error
    }
}

/// Replaces the whole matrix.
pub async fn replace(
    writer: &Writer<'_>,
    project: &Project,
    input: &MatrixInput,
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let store = &writer.state.store;
    matrix(store, project).await?;
    let mut activities = Vec::with_capacity(input.activities.len());
    for activity in &input.activities {
        let activity = new_activity(store, project, activity).await?;
        if activities
            .iter()
            .any(|a: &NewRaciActivity| a.name.eq_ignore_ascii_case(&activity.name))
        {
            return Err(ApiError::invalid_field(
                "name",
                format!("the activity “{}” appears twice", activity.name),
            ));
        }
        activities.push(activity);
    }
    let saved = store
        .replace_raci_matrix(project.id, expected, &activities)
        .await
        .map_err(|e| name_taken(e.into()))?;
    let details = json!({ "activities": saved.activities.len() });
    writer
        .record("raci.replace", "raci", &project.key, details)
        .await;
    Ok(saved)
}

/// Adds an activity; returns the matrix and the new activity's id.
pub async fn add_activity(
    writer: &Writer<'_>,
    project: &Project,
    input: &ActivityInput,
    expected: i64,
) -> Result<(RaciMatrix, i64), ApiError> {
    let store = &writer.state.store;
    matrix(store, project).await?;
    let activity = new_activity(store, project, input).await?;
    let (saved, id) = store
        .add_raci_activity(project.id, expected, &activity, input.position)
        .await
        .map_err(|e| name_taken(e.into()))?;
    let details = json!({ "activity_id": id, "name": activity.name });
    writer
        .record("raci.activity.add", "raci", &project.key, details)
        .await;
    Ok((saved, id))
}

/// Renames, re-describes, moves or re-sides an activity.
pub async fn update_activity(
    writer: &Writer<'_>,
    project: &Project,
    activity_id: i64,
    change: &ActivityChange,
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let patch = RaciActivityPatch {
        name: change
            .name
            .as_deref()
            .map(raci::activity_name)
            .transpose()?,
        description: change.description.as_ref().map(|d| d.trim().to_owned()),
        side: change.side.as_deref().map(parse_side).transpose()?,
        position: change.position,
    };
    let store = &writer.state.store;
    matrix(store, project).await?;
    let saved = store
        .update_raci_activity(project.id, activity_id, expected, &patch)
        .await
        .map_err(|e| match e {
            tandem_store::StoreError::NotFound => ApiError::not_found("activity"),
            other => name_taken(other.into()),
        })?;
    let details = json!({ "activity_id": activity_id });
    writer
        .record("raci.activity.update", "raci", &project.key, details)
        .await;
    Ok(saved)
}

/// Deletes an activity.
pub async fn delete_activity(
    writer: &Writer<'_>,
    project: &Project,
    activity_id: i64,
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let store = &writer.state.store;
    matrix(store, project).await?;
    let saved = store
        .delete_raci_activity(project.id, activity_id, expected)
        .await
        .map_err(|e| match e {
            tandem_store::StoreError::NotFound => ApiError::not_found("activity"),
            other => other.into(),
        })?;
    let details = json!({ "activity_id": activity_id });
    writer
        .record("raci.activity.delete", "raci", &project.key, details)
        .await;
    Ok(saved)
}

/// Replaces the cells of one activity, refusing a second "A".
pub async fn set_cells(
    writer: &Writer<'_>,
    project: &Project,
    activity_id: i64,
    cells: &[Cell],
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let store = &writer.state.store;
    let current = matrix(store, project).await?;
    let activity = find_activity(&current, activity_id)?;
    check_cells(
        &activity.name,
        cells,
        current_accountable(activity).as_ref(),
    )?;
    let saved = store
        .set_raci_assignments(project.id, activity_id, expected, &stored(cells))
        .await?;
    let letters: Vec<String> = cells
        .iter()
        .map(|cell| format!("{}={}", cell.label, cell.letter))
        .collect();
    let details = json!({ "activity_id": activity_id, "cells": letters });
    writer
        .record("raci.assignments.set", "raci", &project.key, details)
        .await;
    Ok(saved)
}

/// Sets (or with `None` clears) one cell of an activity, keeping the others: what the CLI's
/// `raci set` does.
pub async fn set_cell(
    writer: &Writer<'_>,
    project: &Project,
    activity: &RaciActivity,
    holder: (RaciHolder, String),
    letter: Option<Letter>,
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let mut cells: Vec<Cell> = activity
        .assignments
        .iter()
        .map(|cell| {
            let (holder, label) = holder_of(&cell.assignee);
            Cell {
                holder,
                label,
                letter: cell.letter,
            }
        })
        .collect();
    let (holder, label) = holder;
    match (cells.iter_mut().find(|cell| cell.holder == holder), letter) {
        (Some(cell), Some(letter)) => cell.letter = letter,
        (Some(_), None) => cells.retain(|cell| cell.holder != holder),
        (None, Some(letter)) => cells.push(Cell {
            holder,
            label,
            letter,
        }),
        (None, None) => {}
    }
    set_cells(writer, project, activity.id, &cells, expected).await
}
