//! Dependencies between items of one project, refused when they would close a cycle.

use super::events::Draft;
use super::model::{Dependency, DependencyCycle, LinkedItem, NewDependency};
use super::workflow::parse_category;
use crate::error::corrupt;
use crate::{Store, StoreError, clock};
use serde_json::json;
use std::collections::HashMap;
use tandem_core::work::{DependencyKind, find_cycle};

/// A dependency with both items (key, title, status), followed by `$tail`.
macro_rules! select_dependencies {
    ($tail:literal) => {
        concat!(
            "SELECT d.id, d.project_id, d.kind, d.lag_days, d.created_at, p.key AS project_key, \
             a.id AS pred_id, a.number AS pred_number, a.title AS pred_title, \
             sa.name AS pred_status, sa.category AS pred_category, \
             b.id AS succ_id, b.number AS succ_number, b.title AS succ_title, \
             sb.name AS succ_status, sb.category AS succ_category \
             FROM item_dependencies d \
             JOIN projects p ON p.id = d.project_id \
             JOIN work_items a ON a.id = d.predecessor_id \
             JOIN workflow_statuses sa ON sa.id = a.status_id \
             JOIN work_items b ON b.id = d.successor_id \
             JOIN workflow_statuses sb ON sb.id = b.status_id ",
            $tail
        )
    };
}

/// Inserts a dependency inside `$tx` and records `dependency_added` on the successor;
/// evaluates to the `Dependency`. Same-project, pair and cycle checks are the caller's
/// ([`Store::add_dependency`] checks one edge, the MS Project import a whole network).
macro_rules! insert_dependency {
    ($tx:ident, $project_id:expr, $new:expr, $actor:expr, $now:expr) => {{
        let new: &NewDependency = $new;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO item_dependencies \
             (project_id, predecessor_id, successor_id, kind, lag_days, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind($project_id)
        .bind(new.predecessor_id)
        .bind(new.successor_id)
        .bind(new.kind.as_str())
        .bind(new.lag_days)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        let row: super::dependencies::DependencyRow =
            sqlx::query_as(select_dependencies!("WHERE d.id = $1"))
                .bind(id)
                .fetch_one(&mut *$tx)
                .await?;
        let dependency = Dependency::try_from(row)?;
        let added = super::events::Draft {
            kind: "dependency_added",
            field: Some("dependencies"),
            old_value: None,
            new_value: Some(super::dependencies::dependency_value(&dependency)),
        };
        insert_events!($tx, $project_id, new.successor_id, $actor, $now, [added]);
        dependency
    }};
}

pub(super) use select_dependencies;

/// One dependency row, from sqlx (by column name) or from a JSON array in field order (see
/// [`DEPENDENCY_ROW_COLUMNS`] and [`crate::bulk`]).
#[derive(sqlx::FromRow, serde::Deserialize)]
pub(super) struct DependencyRow {
    id: i64,
    project_id: i64,
    kind: String,
    lag_days: i64,
    created_at: i64,
    project_key: String,
    pred_id: i64,
    pred_number: i64,
    pred_title: String,
    pred_status: String,
    pred_category: String,
    succ_id: i64,
    succ_number: i64,
    succ_title: String,
    succ_status: String,
    succ_category: String,
}

/// [`DependencyRow`]'s columns in field order, for a whole project's read as one JSON document.
const DEPENDENCY_ROW_COLUMNS: &str = "id, project_id, kind, lag_days, created_at, project_key, \
     pred_id, pred_number, pred_title, pred_status, pred_category, \
     succ_id, succ_number, succ_title, succ_status, succ_category";

impl TryFrom<DependencyRow> for Dependency {
    type Error = StoreError;

    fn try_from(row: DependencyRow) -> Result<Self, StoreError> {
        Ok(Dependency {
            id: row.id,
            project_id: row.project_id,
            kind: DependencyKind::parse(&row.kind)
                .map_err(|error| corrupt("item_dependencies.kind", error))?,
            lag_days: row.lag_days,
            created_at: row.created_at,
            predecessor: LinkedItem {
                id: row.pred_id,
                key: format!("{}-{}", row.project_key, row.pred_number),
                title: row.pred_title,
                status_name: row.pred_status,
                category: parse_category(&row.pred_category)?,
            },
            successor: LinkedItem {
                id: row.succ_id,
                key: format!("{}-{}", row.project_key, row.succ_number),
                title: row.succ_title,
                status_name: row.succ_status,
                category: parse_category(&row.succ_category)?,
            },
        })
    }
}

/// What adding a dependency gives: the dependency, or the cycle it would close.
pub type DependencyOutcome = Result<Dependency, DependencyCycle>;

impl Store {
    /// Every dependency of a project (for blocked flags, the board, the schedule).
    #[tracing::instrument(skip_all)]
    pub async fn project_dependencies(
        &self,
        project_id: i64,
    ) -> Result<Vec<Dependency>, StoreError> {
        // A chained plan has about as many dependencies as items: one JSON document, not
        // thousands of rows handed over one by one (see `crate::bulk`).
        let mut rows: Vec<DependencyRow> = self
            .json_rows(
                "item_dependencies",
                DEPENDENCY_ROW_COLUMNS,
                select_dependencies!("WHERE d.project_id = $1"),
                &[project_id],
            )
            .await?;
        rows.sort_unstable_by_key(|row| row.id);
        rows.into_iter().map(Dependency::try_from).collect()
    }

    /// The dependencies an item takes part in, as predecessor or successor.
    #[tracing::instrument(skip_all)]
    pub async fn item_dependencies(&self, item_id: i64) -> Result<Vec<Dependency>, StoreError> {
        let rows: Vec<DependencyRow> = with_reader!(self, |db| {
            sqlx::query_as(select_dependencies!(
                "WHERE d.predecessor_id = $1 OR d.successor_id = $1 ORDER BY d.id"
            ))
            .bind(item_id)
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(Dependency::try_from).collect()
    }

    /// Adds a dependency between two items of the same project. A dependency that would close
    /// a cycle is not added: the answer is `Ok(Err(cycle))` naming the keys in order. The same
    /// pair twice is `Conflict { constraint: "item_dependencies.pair" }`; items of different
    /// projects are `Invalid`. Records `dependency_added` on the successor.
    #[tracing::instrument(skip_all)]
    pub async fn add_dependency(
        &self,
        new: &NewDependency,
        actor_id: Option<i64>,
    ) -> Result<DependencyOutcome, StoreError> {
        let now = clock::now_ms();
        let outcome = in_transaction!(self, |tx| {
            let ends: Vec<(i64, i64)> =
                sqlx::query_as("SELECT id, project_id FROM work_items WHERE id = $1 OR id = $2")
                    .bind(new.predecessor_id)
                    .bind(new.successor_id)
                    .fetch_all(&mut *tx)
                    .await?;
            let project_of = |id: i64| ends.iter().find(|(item, _)| *item == id).map(|e| e.1);
            let (Some(project_id), Some(successor_project)) =
                (project_of(new.predecessor_id), project_of(new.successor_id))
            else {
                return Err(StoreError::NotFound);
            };
            if project_id != successor_project {
                return Err(StoreError::Invalid(
                    "predecessor: dependencies link items of the same project".to_owned(),
                ));
            }
            let edges: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT predecessor_id, successor_id FROM item_dependencies \
                 WHERE project_id = $1",
            )
            .bind(project_id)
            .fetch_all(&mut *tx)
            .await?;
            if let Some(cycle) = find_cycle(&edges, new.predecessor_id, new.successor_id) {
                let numbers: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT w.id, w.number FROM work_items w WHERE w.project_id = $1",
                )
                .bind(project_id)
                .fetch_all(&mut *tx)
                .await?;
                let key: String = sqlx::query_scalar("SELECT key FROM projects WHERE id = $1")
                    .bind(project_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let numbers: HashMap<i64, i64> = numbers.into_iter().collect();
                let keys = cycle
                    .iter()
                    .map(|id| format!("{key}-{}", numbers.get(id).copied().unwrap_or(0)))
                    .collect();
                Err(DependencyCycle { keys })
            } else {
                let pair_taken: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM item_dependencies \
                     WHERE predecessor_id = $1 AND successor_id = $2",
                )
                .bind(new.predecessor_id)
                .bind(new.successor_id)
                .fetch_optional(&mut *tx)
                .await?;
                if pair_taken.is_some() {
                    return Err(StoreError::Conflict {
                        constraint: "item_dependencies.pair".to_owned(),
                    });
                }
                Ok(insert_dependency!(tx, project_id, new, actor_id, now))
            }
        });
        Ok(outcome)
    }

    /// Removes dependency `id` if `item_id` takes part in it (else `NotFound`); records
    /// `dependency_removed` on the successor.
    #[tracing::instrument(skip_all)]
    pub async fn remove_dependency(
        &self,
        item_id: i64,
        id: i64,
        actor_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let row: Option<DependencyRow> = sqlx::query_as(select_dependencies!(
                "WHERE d.id = $1 AND (d.predecessor_id = $2 OR d.successor_id = $2)"
            ))
            .bind(id)
            .bind(item_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Err(StoreError::NotFound);
            };
            let dependency = Dependency::try_from(row)?;
            sqlx::query("DELETE FROM item_dependencies WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let removed = Draft {
                kind: "dependency_removed",
                field: Some("dependencies"),
                old_value: Some(dependency_value(&dependency)),
                new_value: None,
            };
            insert_events!(
                tx,
                dependency.project_id,
                dependency.successor.id,
                actor_id,
                now,
                [removed]
            );
        });
        Ok(())
    }
}

/// A dependency as history records it.
pub(super) fn dependency_value(dependency: &Dependency) -> serde_json::Value {
    json!({
        "id": dependency.id,
        "predecessor": dependency.predecessor.key,
        "successor": dependency.successor.key,
        "kind": dependency.kind.as_str(),
        "lag_days": dependency.lag_days,
    })
}
