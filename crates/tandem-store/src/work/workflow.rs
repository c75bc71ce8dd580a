//! Per-project workflows: statuses with a category, order and WIP limit, and optional
//! transition rules. A project gets the default workflow the first time it is used.

use super::model::{StatusInput, Transition, Workflow, WorkflowInput, WorkflowStatus};
use crate::error::{corrupt, stale_or_missing};
use crate::{Store, StoreError, clock};
use std::collections::{HashMap, HashSet};
use tandem_core::work::StatusCategory;

/// The statuses a new project starts with: name, category, WIP limit.
pub const DEFAULT_STATUSES: &[(&str, StatusCategory, Option<i64>)] = &[
    ("Backlog", StatusCategory::Todo, None),
    ("To do", StatusCategory::Todo, None),
    ("In progress", StatusCategory::InProgress, None),
    ("In review", StatusCategory::InProgress, None),
    ("Done", StatusCategory::Done, None),
];

/// Longest status name, in characters.
const MAX_STATUS_NAME: usize = 40;

#[derive(sqlx::FromRow)]
struct StatusRow {
    id: i64,
    name: String,
    category: String,
    sort_order: i64,
    wip_limit: Option<i64>,
}

impl TryFrom<StatusRow> for WorkflowStatus {
    type Error = StoreError;

    fn try_from(row: StatusRow) -> Result<Self, StoreError> {
        Ok(WorkflowStatus {
            category: parse_category(&row.category)?,
            id: row.id,
            name: row.name,
            sort_order: row.sort_order,
            wip_limit: row.wip_limit,
        })
    }
}

/// The three reads of a workflow: head (updated_at, version), statuses, transitions.
type WorkflowRows = (Option<(i64, i64)>, Vec<StatusRow>, Vec<(i64, i64)>);

/// A stored status category.
pub(crate) fn parse_category(text: &str) -> Result<StatusCategory, StoreError> {
    StatusCategory::parse(text).map_err(|error| corrupt("workflow_statuses.category", error))
}

/// Inserts the default workflow for `$project_id` inside `$tx` unless it has one. Evaluates to
/// `Result<(), StoreError>` so callers decide how to propagate.
macro_rules! ensure_default_workflow {
    ($tx:ident, $project_id:expr, $now:expr) => {{
        let inserted = sqlx::query(
            "INSERT INTO workflows (project_id, updated_at, version) VALUES ($1, $2, 1) \
             ON CONFLICT (project_id) DO NOTHING",
        )
        .bind($project_id)
        .bind($now)
        .execute(&mut *$tx)
        .await
        .map_err(crate::error::broken_reference("project: no such project"))?;
        if inserted.rows_affected() == 1 {
            for (order, (name, category, wip_limit)) in
                crate::work::workflow::DEFAULT_STATUSES.iter().enumerate()
            {
                sqlx::query(
                    "INSERT INTO workflow_statuses \
                     (project_id, name, category, sort_order, wip_limit, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind($project_id)
                .bind(*name)
                .bind(category.as_str())
                .bind(order as i64)
                .bind(*wip_limit)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            }
        }
    }};
}
pub(crate) use ensure_default_workflow;

/// Checks a replacement workflow on its own: names present, unique and short; WIP limits
/// positive; at least one status of each category; transitions name known statuses.
fn validate(input: &WorkflowInput) -> Result<(), StoreError> {
    let invalid = |message: String| Err(StoreError::Invalid(format!("statuses: {message}")));
    if input.statuses.is_empty() {
        return invalid("a workflow needs at least one status".into());
    }
    let mut names = HashSet::new();
    for status in &input.statuses {
        let name = status.name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_STATUS_NAME
            || name.chars().any(char::is_control)
        {
            return invalid(format!(
                "a status name has 1 to {MAX_STATUS_NAME} characters"
            ));
        }
        if !names.insert(name.to_lowercase()) {
            return invalid(format!("'{name}' appears twice"));
        }
        if status.wip_limit.is_some_and(|limit| limit < 1) {
            return invalid(format!("the WIP limit of '{name}' must be at least 1"));
        }
    }
    for category in StatusCategory::ALL {
        if !input
            .statuses
            .iter()
            .any(|status| status.category == *category)
        {
            return invalid(format!(
                "a workflow needs a status in the '{}' category",
                category.as_str()
            ));
        }
    }
    for (from, to) in &input.transitions {
        for name in [from, to] {
            if !names.contains(&name.trim().to_lowercase()) {
                return Err(StoreError::Invalid(format!(
                    "transitions: '{name}' is not a status of this workflow"
                )));
            }
        }
    }
    Ok(())
}

impl Store {
    /// Gives a project its default workflow if it has none yet (idempotent).
    #[tracing::instrument(skip_all)]
    pub async fn ensure_workflow(&self, project_id: i64) -> Result<(), StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| ensure_default_workflow!(tx, project_id, now));
        Ok(())
    }

    /// A project's workflow, creating the default one on first use.
    #[tracing::instrument(skip_all)]
    pub async fn workflow(&self, project_id: i64) -> Result<Workflow, StoreError> {
        if let Some(workflow) = self.read_workflow(project_id).await? {
            return Ok(workflow);
        }
        self.ensure_workflow(project_id).await?;
        self.read_workflow(project_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The workflow as stored, `None` when the project has none yet.
    async fn read_workflow(&self, project_id: i64) -> Result<Option<Workflow>, StoreError> {
        let (head, statuses, transitions): WorkflowRows = with_reader!(self, |db| {
            let head =
                sqlx::query_as("SELECT updated_at, version FROM workflows WHERE project_id = $1")
                    .bind(project_id)
                    .fetch_optional(db)
                    .await?;
            let statuses = sqlx::query_as(
                "SELECT id, name, category, sort_order, wip_limit FROM workflow_statuses \
                     WHERE project_id = $1 ORDER BY sort_order, id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await?;
            let transitions = sqlx::query_as(
                "SELECT from_status_id, to_status_id FROM workflow_transitions \
                     WHERE project_id = $1 ORDER BY from_status_id, to_status_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await?;
            (head, statuses, transitions)
        });
        let Some((updated_at, version)) = head else {
            return Ok(None);
        };
        Ok(Some(Workflow {
            project_id,
            statuses: statuses
                .into_iter()
                .map(WorkflowStatus::try_from)
                .collect::<Result<_, _>>()?,
            transitions: transitions
                .into_iter()
                .map(|(from_status_id, to_status_id)| Transition {
                    from_status_id,
                    to_status_id,
                })
                .collect(),
            updated_at,
            version,
        }))
    }

    /// Replaces a project's workflow if it is still at `expected_version`. Statuses with an id
    /// are kept (renamed, recategorised, moved), new ones added, missing ones removed — a
    /// status that still holds items cannot be removed (`Invalid` naming it). Changing a
    /// status's category records nothing on its items: reports read categories from events.
    #[tracing::instrument(skip_all)]
    pub async fn replace_workflow(
        &self,
        project_id: i64,
        input: &WorkflowInput,
        expected_version: i64,
    ) -> Result<Workflow, StoreError> {
        validate(input)?;
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            ensure_default_workflow!(tx, project_id, now);
            let changed = sqlx::query(
                "UPDATE workflows SET version = version + 1, updated_at = $3 \
                 WHERE project_id = $1 AND version = $2",
            )
            .bind(project_id)
            .bind(expected_version)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM workflows WHERE project_id = $1")
                        .bind(project_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
            let existing: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM workflow_statuses WHERE project_id = $1")
                    .bind(project_id)
                    .fetch_all(&mut *tx)
                    .await?;
            let kept: HashSet<i64> = input.statuses.iter().filter_map(|s| s.id).collect();
            for id in &kept {
                if !existing.iter().any(|(existing_id, _)| existing_id == id) {
                    return Err(StoreError::Invalid(format!(
                        "statuses: status {id} is not part of this workflow"
                    )));
                }
            }
            for (id, name) in existing.iter().filter(|(id, _)| !kept.contains(id)) {
                let used: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM work_items WHERE status_id = $1")
                        .bind(*id)
                        .fetch_one(&mut *tx)
                        .await?;
                if used > 0 {
                    return Err(StoreError::Invalid(format!(
                        "statuses: '{name}' still holds {used} items; move them first"
                    )));
                }
                sqlx::query("DELETE FROM workflow_statuses WHERE id = $1")
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
            // Park kept statuses under temporary names so renames that swap names do not
            // trip the unique index midway.
            for id in &kept {
                sqlx::query("UPDATE workflow_statuses SET name = $2 WHERE id = $1")
                    .bind(*id)
                    .bind(format!("\u{1}renaming-{id}"))
                    .execute(&mut *tx)
                    .await?;
            }
            let mut ids_by_name: HashMap<String, i64> = HashMap::new();
            for (order, status) in input.statuses.iter().enumerate() {
                let StatusInput {
                    id,
                    name,
                    category,
                    wip_limit,
                } = status;
                let name = name.trim();
                let id: i64 = match id {
                    Some(id) => {
                        sqlx::query(
                            "UPDATE workflow_statuses SET name = $2, category = $3, \
                             sort_order = $4, wip_limit = $5, version = version + 1 \
                             WHERE id = $1",
                        )
                        .bind(*id)
                        .bind(name)
                        .bind(category.as_str())
                        .bind(order as i64)
                        .bind(*wip_limit)
                        .execute(&mut *tx)
                        .await?;
                        *id
                    }
                    None => {
                        sqlx::query_scalar(
                            "INSERT INTO workflow_statuses \
                             (project_id, name, category, sort_order, wip_limit, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        )
                        .bind(project_id)
                        .bind(name)
                        .bind(category.as_str())
                        .bind(order as i64)
                        .bind(*wip_limit)
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?
                    }
                };
                ids_by_name.insert(name.to_lowercase(), id);
            }
            sqlx::query("DELETE FROM workflow_transitions WHERE project_id = $1")
                .bind(project_id)
                .execute(&mut *tx)
                .await?;
            let mut seen = HashSet::new();
            for (from, to) in &input.transitions {
                let from = ids_by_name[&from.trim().to_lowercase()];
                let to = ids_by_name[&to.trim().to_lowercase()];
                if from == to || !seen.insert((from, to)) {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO workflow_transitions (project_id, from_status_id, to_status_id) \
                     VALUES ($1, $2, $3)",
                )
                .bind(project_id)
                .bind(from)
                .bind(to)
                .execute(&mut *tx)
                .await?;
            }
        });
        self.read_workflow(project_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// How many items each status of a project holds, by status id (WIP counts).
    #[tracing::instrument(skip_all)]
    pub async fn status_counts(&self, project_id: i64) -> Result<HashMap<i64, i64>, StoreError> {
        let rows: Vec<(i64, i64)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT status_id, COUNT(*) FROM work_items WHERE project_id = $1 \
                 GROUP BY status_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().collect())
    }
}
