//! Responsibility-matrix rules shared by the API, the web UI and the CLI: a project's matrix
//! is copied from the workspace template on first read, every write names the matrix version
//! it was made against, and every activity a write saves has exactly one "A" (ADR 0047: a
//! stored matrix without one still loads, flagged, until its next write). [`roles`] reads the matrix
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
use tandem_core::raci::{self, AccountableError, Letter, TemplateActivity, TemplateError};
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{
    NewRaciActivity, NewRaciAssignment, Project, RaciActivity, RaciActivityPatch, RaciAssignee,
    RaciAssignment, RaciHolder, RaciMatrix, RaciTemplate, Store,
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
    /// Its cells; exactly one has the letter `A` (none is 422 `raci_accountable_required`).
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
    /// Exactly one has the letter `A`.
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

/// A stored cell as the rules see it.
fn cell_of(assignment: &RaciAssignment) -> Cell {
    let (holder, label) = holder_of(&assignment.assignee);
    Cell {
        holder,
        label,
        letter: assignment.letter,
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
        TemplateError::Accountable(accountable) => accountable_refusal(&accountable),
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

/// A project's matrix as a workspace template: a template assigns roles only, since the
/// people differ from project to project, so person cells (and viewer ones) stay behind.
pub struct ProjectTemplate {
    /// The activities with their template-role letters.
    pub activities: Vec<TemplateActivity>,
    /// How many cells stayed behind.
    pub left_out: usize,
    /// The activities whose "A" stayed behind: in the template they would have none.
    pub accountable_left_out: Vec<String>,
}

/// The template-role letter of a stored cell, `None` for a person or a non-template role.
fn template_letter(cell: &RaciAssignment) -> Option<raci::RoleLetter> {
    match cell.assignee {
        RaciAssignee::Role(role) if raci::TEMPLATE_ROLES.contains(&role) => {
            Some(raci::RoleLetter {
                role,
                letter: cell.letter,
            })
        }
        _ => None,
    }
}

/// `matrix` as a workspace template, with what could not go into it.
pub fn template_of(matrix: &RaciMatrix) -> ProjectTemplate {
    let mut template = ProjectTemplate {
        activities: Vec::with_capacity(matrix.activities.len()),
        left_out: 0,
        accountable_left_out: Vec::new(),
    };
    for activity in &matrix.activities {
        let mut assignments = Vec::with_capacity(activity.assignments.len());
        for cell in &activity.assignments {
            match template_letter(cell) {
                Some(letter) => assignments.push(letter),
                None if cell.letter == Letter::A => {
                    template.left_out += 1;
                    template.accountable_left_out.push(activity.name.clone());
                }
                None => template.left_out += 1,
            }
        }
        template.activities.push(TemplateActivity {
            name: activity.name.clone(),
            description: activity.description.clone(),
            side: activity.side,
            assignments,
        });
    }
    template
}

/// The 422 for a project whose matrix makes people accountable: as a template those
/// activities would have no "A", so the admin is told which ones to give a role first.
fn people_accountable(project: &Project, activities: &[String]) -> ApiError {
    let names: Vec<String> = activities.iter().map(|name| format!("“{name}”")).collect();
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "raci_accountable_required",
        format!(
            "In {}, a person is accountable for {}; a template names roles only, so {} would have no accountable (A). Give a role the A there first.",
            project.key,
            names.join(", "),
            if names.len() == 1 { "it" } else { "they" },
        ),
    )
    .with_details(json!({
        "field": "assignments",
        "activity": activities[0],
        "activities": activities,
    }))
}

/// The workspace template after making `project`'s matrix the default (admins), with the
/// number of person cells that could not go into it. A matrix where a person holds an "A" is
/// refused: the template would lose that activity's accountable.
pub async fn save_template_from(
    writer: &Writer<'_>,
    project: &Project,
    expected: i64,
) -> Result<(RaciTemplate, usize), ApiError> {
    let matrix = matrix(&writer.state.store, project).await?;
    let template = template_of(&matrix);
    if !template.accountable_left_out.is_empty() {
        return Err(people_accountable(project, &template.accountable_left_out));
    }
    let saved = save_template(writer, &template.activities, expected).await?;
    Ok((saved, template.left_out))
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

/// The 422 for an activity without exactly one "A": `raci_single_accountable` for a second
/// one (naming the current holder in its details), `raci_accountable_required` for none.
pub fn accountable_refusal(error: &AccountableError) -> ApiError {
    let (code, details) = match error {
        AccountableError::Second {
            activity,
            current,
            proposed,
        } => (
            "raci_single_accountable",
            json!({
                "field": "assignments",
                "activity": activity,
                "current": current,
                "proposed": proposed,
            }),
        ),
        AccountableError::Missing { activity, .. } => (
            "raci_accountable_required",
            json!({ "field": "assignments", "activity": activity }),
        ),
    };
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, error.to_string()).with_details(details)
}

/// Checks a row of cells: no holder twice, exactly one "A" (the one `current` holds is named
/// as the current one when a second is refused).
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
    raci::check_one_accountable(activity, &labels, false).map_err(|e| accountable_refusal(&e))
}

/// Resolves who an entered cell names: a role parses, a person must be a member of the project.
pub async fn resolve_holder(
    store: &Store,
    project: &Project,
    role: Option<&str>,
    user: Option<&PersonInput>,
) -> Result<(RaciHolder, String), ApiError> {
    match (role, user) {
        (Some(role), None) => {
            let role = ProjectRole::parse(role.trim())?;
            Ok((RaciHolder::Role(role), role_label(role)))
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
            Ok((RaciHolder::User(user.id), user.name))
        }
        _ => Err(ValidationError::new(
            "assignments",
            "give each cell either a role or a user, not both",
        )
        .into()),
    }
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
        let (holder, label) =
            resolve_holder(store, project, input.role.as_deref(), input.user.as_ref()).await?;
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

/// The current "A" cell of an activity; `None` only for data stored before the rule, which
/// is flagged until its next write.
pub fn current_accountable(activity: &RaciActivity) -> Option<Cell> {
    activity
        .assignments
        .iter()
        .find(|cell| cell.letter == Letter::A)
        .map(cell_of)
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

/// Replaces the cells of one activity, refusing a second "A" or none.
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

/// One cell as `tandem raci set` changes it, keeping the activity's other cells.
#[derive(Debug, Clone)]
pub struct CellEdit {
    /// Whose cell.
    pub holder: RaciHolder,
    /// How messages name them.
    pub label: String,
    /// The new letter; `None` clears the cell.
    pub letter: Option<Letter>,
    /// With `letter` A: what whoever else holds the A gets instead in the same write (`None`
    /// clears their cell), so the A moves in one step; absent, a second A is refused.
    pub previous: Option<Option<Letter>>,
}

/// Sets `letter` (or with `None` clears the cell) of `holder` in `cells`.
fn put_letter(cells: &mut Vec<Cell>, holder: RaciHolder, label: &str, letter: Option<Letter>) {
    match (cells.iter_mut().find(|cell| cell.holder == holder), letter) {
        (Some(cell), Some(letter)) => cell.letter = letter,
        (Some(_), None) => cells.retain(|cell| cell.holder != holder),
        (None, Some(letter)) => cells.push(Cell {
            holder,
            label: label.to_owned(),
            letter,
        }),
        (None, None) => {}
    }
}

/// The cells of `activity` after `edit`.
fn edited_cells(activity: &RaciActivity, edit: &CellEdit) -> Vec<Cell> {
    let mut cells: Vec<Cell> = activity.assignments.iter().map(cell_of).collect();
    if let (Some(Letter::A), Some(previous)) = (edit.letter, edit.previous) {
        let holders: Vec<(RaciHolder, String)> = cells
            .iter()
            .filter(|cell| cell.letter == Letter::A && cell.holder != edit.holder)
            .map(|cell| (cell.holder, cell.label.clone()))
            .collect();
        for (holder, label) in holders {
            put_letter(&mut cells, holder, &label, previous);
        }
    }
    put_letter(&mut cells, edit.holder, &edit.label, edit.letter);
    cells
}

/// Changes one cell of an activity (and, moving the A, its previous holder's): what the CLI's
/// `raci set` does. The row must still have exactly one "A" afterwards.
pub async fn set_cell(
    writer: &Writer<'_>,
    project: &Project,
    activity: &RaciActivity,
    edit: &CellEdit,
    expected: i64,
) -> Result<RaciMatrix, ApiError> {
    let cells = edited_cells(activity, edit);
    set_cells(writer, project, activity.id, &cells, expected).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> RaciActivity {
        RaciActivity {
            id: 1,
            name: "Budget".to_owned(),
            description: String::new(),
            side: Side::Delivery,
            position: 0,
            assignments: vec![
                RaciAssignment {
                    assignee: RaciAssignee::Role(ProjectRole::ProjectManager),
                    letter: Letter::A,
                },
                RaciAssignment {
                    assignee: RaciAssignee::Role(ProjectRole::ProductManager),
                    letter: Letter::C,
                },
            ],
        }
    }

    fn edit(
        role: ProjectRole,
        letter: Option<Letter>,
        previous: Option<Option<Letter>>,
    ) -> CellEdit {
        CellEdit {
            holder: RaciHolder::Role(role),
            label: role_label(role),
            letter,
            previous,
        }
    }

    fn letters(cells: &[Cell]) -> Vec<(String, Letter)> {
        cells.iter().map(|c| (c.label.clone(), c.letter)).collect()
    }

    #[test]
    fn moving_the_a_gives_the_previous_holder_its_new_letter() {
        let moved = edited_cells(
            &budget(),
            &edit(
                ProjectRole::ProductManager,
                Some(Letter::A),
                Some(Some(Letter::C)),
            ),
        );
        assert_eq!(
            letters(&moved),
            [
                ("project manager".to_owned(), Letter::C),
                ("product manager".to_owned(), Letter::A)
            ]
        );
        assert!(check_cells("Budget", &moved, None).is_ok());
        let cleared = edited_cells(
            &budget(),
            &edit(ProjectRole::Client, Some(Letter::A), Some(None)),
        );
        assert_eq!(
            letters(&cleared),
            [
                ("product manager".to_owned(), Letter::C),
                ("client".to_owned(), Letter::A)
            ]
        );
    }

    #[test]
    fn without_previous_a_second_a_or_none_is_refused() {
        let activity = budget();
        let current = current_accountable(&activity);
        let second = edited_cells(
            &activity,
            &edit(ProjectRole::ProductManager, Some(Letter::A), None),
        );
        let refused = check_cells("Budget", &second, current.as_ref()).unwrap_err();
        assert_eq!(refused.code, "raci_single_accountable");
        let none = edited_cells(&activity, &edit(ProjectRole::ProjectManager, None, None));
        let refused = check_cells("Budget", &none, current.as_ref()).unwrap_err();
        assert_eq!(refused.code, "raci_accountable_required");
        assert_eq!(refused.details["activity"], "Budget");
    }
}
