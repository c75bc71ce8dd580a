//! Goals as OKRs: objectives with their key results, the features that serve them and the
//! releases that deliver them. A save replaces the objective's key results and links in one
//! transaction.

use super::stored;
use crate::error::stale_or_missing;
use crate::personas::replace_project_links;
use crate::{Store, StoreError, clock};
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::product::direction::Visibility;

/// A key result as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultInput {
    pub metric: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
}

/// An objective as entered, with its key results and linked features.
#[derive(Debug, Clone)]
pub struct ObjectiveInput {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub visibility: Visibility,
    pub workshop_id: Option<i64>,
    pub key_results: Vec<KeyResultInput>,
    pub feature_ids: Vec<i64>,
}

/// A stored key result.
#[derive(Debug, Clone, Serialize)]
pub struct KeyResult {
    pub id: i64,
    pub metric: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    pub due_on: Option<String>,
}

/// A stored objective.
#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub description: String,
    pub due_on: Option<String>,
    pub visibility: Visibility,
    pub workshop_id: Option<i64>,
    pub key_results: Vec<KeyResult>,
    pub feature_ids: Vec<i64>,
    /// Releases that deliver the objective, by id.
    pub release_ids: Vec<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct ObjectiveRow {
    id: i64,
    project_id: i64,
    title: String,
    description: String,
    due_on: Option<String>,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct KeyResultRow {
    id: i64,
    objective_id: i64,
    metric: String,
    unit: String,
    baseline: f64,
    target: f64,
    current: f64,
    due_on: Option<String>,
}

/// A link from an objective to a feature or a release (`target_id`).
#[derive(sqlx::FromRow)]
struct LinkRow {
    objective_id: i64,
    target_id: i64,
}

/// Groups link rows by objective, keeping their order.
fn links_by_objective(links: Vec<LinkRow>) -> HashMap<i64, Vec<i64>> {
    let mut by: HashMap<i64, Vec<i64>> = HashMap::new();
    for link in links {
        by.entry(link.objective_id)
            .or_default()
            .push(link.target_id);
    }
    by
}

/// What the four objective queries return: objectives, key results, feature and release
/// links.
type ObjectiveRows = (
    Vec<ObjectiveRow>,
    Vec<KeyResultRow>,
    Vec<LinkRow>,
    Vec<LinkRow>,
);

const OBJECTIVE_COLUMNS: &str = "SELECT id, project_id, title, description, due_on, visibility, \
    workshop_id, created_by, created_at, updated_at, version FROM objectives WHERE project_id = $1 \
    AND ($2 IS NULL OR id = $2) ORDER BY id";

/// Writes the key results and feature links of objective `$id` (old ones deleted first).
macro_rules! replace_parts {
    ($tx:ident, $id:expr, $input:expr) => {{
        sqlx::query("DELETE FROM key_results WHERE objective_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM objective_features WHERE objective_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (position, kr) in $input.key_results.iter().enumerate() {
            sqlx::query(
                "INSERT INTO key_results (objective_id, metric, unit, baseline, target, current, \
                 due_on, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind($id)
            .bind(&kr.metric)
            .bind(&kr.unit)
            .bind(kr.baseline)
            .bind(kr.target)
            .bind(kr.current)
            .bind(&kr.due_on)
            .bind(position as i64)
            .execute(&mut *$tx)
            .await?;
        }
        for feature_id in &$input.feature_ids {
            sqlx::query(
                "INSERT INTO objective_features (objective_id, feature_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(feature_id)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

impl Store {
    /// Creates an objective with its key results and feature links.
    pub async fn create_objective(
        &self,
        project_id: i64,
        input: &ObjectiveInput,
        created_by: i64,
    ) -> Result<Objective, StoreError> {
        self.create_objective_with_releases(project_id, input, &[], created_by)
            .await
    }

    /// Creates an objective with its key results, feature links and the releases that
    /// deliver it, in one transaction. A release of another project is
    /// `Invalid("release_ids: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_objective_with_releases(
        &self,
        project_id: i64,
        input: &ObjectiveInput,
        release_ids: &[i64],
        created_by: i64,
    ) -> Result<Objective, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO objectives (project_id, title, description, due_on, visibility, \
                 workshop_id, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(project_id)
            .bind(&input.title)
            .bind(&input.description)
            .bind(&input.due_on)
            .bind(input.visibility.as_str())
            .bind(input.workshop_id)
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(crate::error::broken_reference(
                "workshop_id: no such workshop",
            ))?;
            replace_parts!(tx, id, input);
            replace_project_links!(
                tx,
                "objective_releases",
                "objective_id",
                "release_id",
                "releases",
                id,
                project_id,
                release_ids,
                "release_ids",
                "release"
            );
            id
        });
        self.objective(project_id, id).await
    }

    /// Replaces an objective, its key results and feature links if it is still at
    /// `expected_version`; `release_ids` replaces the release links too (`None` keeps them, so
    /// a client that predates release links does not drop them). A release of another project
    /// is `Invalid("release_ids: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn update_objective(
        &self,
        project_id: i64,
        id: i64,
        input: &ObjectiveInput,
        release_ids: Option<&[i64]>,
        expected_version: i64,
    ) -> Result<Objective, StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE objectives SET title = $4, description = $5, due_on = $6, \
                 visibility = $7, workshop_id = $8, updated_at = $9, version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(&input.title)
            .bind(&input.description)
            .bind(&input.due_on)
            .bind(input.visibility.as_str())
            .bind(input.workshop_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(crate::error::broken_reference(
                "workshop_id: no such workshop",
            ))?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM objectives WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            replace_parts!(tx, id, input);
            if let Some(release_ids) = release_ids {
                replace_project_links!(
                    tx,
                    "objective_releases",
                    "objective_id",
                    "release_id",
                    "releases",
                    id,
                    project_id,
                    release_ids,
                    "release_ids",
                    "release"
                );
            }
        });
        self.objective(project_id, id).await
    }

    /// Deletes an objective (with its key results) if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_objective(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let gone = sqlx::query(
                "DELETE FROM objectives WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if gone.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM objectives WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
        });
        Ok(())
    }

    /// One objective of the project.
    #[tracing::instrument(skip_all)]
    pub async fn objective(&self, project_id: i64, id: i64) -> Result<Objective, StoreError> {
        self.load_objectives(project_id, Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The project's objectives, oldest first, with key results and links (four queries).
    #[tracing::instrument(skip_all)]
    pub async fn list_objectives(&self, project_id: i64) -> Result<Vec<Objective>, StoreError> {
        self.load_objectives(project_id, None).await
    }

    async fn load_objectives(
        &self,
        project_id: i64,
        only: Option<i64>,
    ) -> Result<Vec<Objective>, StoreError> {
        let (rows, krs, links, releases): ObjectiveRows = with_reader!(self, |db| {
            let rows = sqlx::query_as(OBJECTIVE_COLUMNS)
                .bind(project_id)
                .bind(only)
                .fetch_all(db)
                .await?;
            let krs = sqlx::query_as(
                "SELECT k.id, k.objective_id, k.metric, k.unit, k.baseline, k.target, \
                     k.current, k.due_on FROM key_results k \
                     JOIN objectives o ON o.id = k.objective_id \
                     WHERE o.project_id = $1 AND ($2 IS NULL OR o.id = $2) \
                     ORDER BY k.objective_id, k.position, k.id",
            )
            .bind(project_id)
            .bind(only)
            .fetch_all(db)
            .await?;
            let links = sqlx::query_as(
                "SELECT l.objective_id, l.feature_id AS target_id FROM objective_features l \
                     JOIN objectives o ON o.id = l.objective_id \
                     WHERE o.project_id = $1 AND ($2 IS NULL OR o.id = $2) \
                     ORDER BY l.feature_id",
            )
            .bind(project_id)
            .bind(only)
            .fetch_all(db)
            .await?;
            let releases = sqlx::query_as(
                "SELECT l.objective_id, l.release_id AS target_id FROM objective_releases l \
                     JOIN objectives o ON o.id = l.objective_id \
                     WHERE o.project_id = $1 AND ($2 IS NULL OR o.id = $2) \
                     ORDER BY l.release_id",
            )
            .bind(project_id)
            .bind(only)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((rows, krs, links, releases))
        })?;
        let mut krs_by: HashMap<i64, Vec<KeyResult>> = HashMap::new();
        for kr in krs {
            krs_by.entry(kr.objective_id).or_default().push(KeyResult {
                id: kr.id,
                metric: kr.metric,
                unit: kr.unit,
                baseline: kr.baseline,
                target: kr.target,
                current: kr.current,
                due_on: kr.due_on,
            });
        }
        let mut links_by = links_by_objective(links);
        let mut releases_by = links_by_objective(releases);
        rows.into_iter()
            .map(|row| {
                Ok(Objective {
                    visibility: stored(
                        "objectives.visibility",
                        &row.visibility,
                        Visibility::parse,
                    )?,
                    key_results: krs_by.remove(&row.id).unwrap_or_default(),
                    feature_ids: links_by.remove(&row.id).unwrap_or_default(),
                    release_ids: releases_by.remove(&row.id).unwrap_or_default(),
                    id: row.id,
                    project_id: row.project_id,
                    title: row.title,
                    description: row.description,
                    due_on: row.due_on,
                    workshop_id: row.workshop_id,
                    created_by: row.created_by,
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    version: row.version,
                })
            })
            .collect()
    }
}
