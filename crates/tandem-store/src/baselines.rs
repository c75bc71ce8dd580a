//! Schedule baselines: named snapshots of a project's planned dates, work and cost per item,
//! which the schedule reports variance against and earned value phases planned value from,
//! and of its feature scope, which the health diagnosis measures scope churn against.

use crate::error::broken_reference;
use crate::model::UserRef;
use crate::{Store, StoreError, clock};

/// A saved baseline (without its items).
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Baseline id.
    pub id: i64,
    /// The project it belongs to.
    pub project_id: i64,
    /// A label such as "Approved plan".
    pub name: String,
    /// Who saved it (None once that account is gone).
    pub created_by: Option<UserRef>,
    /// When it was saved, unix ms.
    pub created_at: i64,
    /// How many items it holds.
    pub item_count: i64,
    /// How many features its scope holds; `None` when it was saved before baselines recorded
    /// the scope (unknown, which is not the same as empty).
    pub feature_count: Option<i64>,
}

/// A feature in a baseline's scope, as it was when the baseline was saved. The title is kept
/// because the feature may be deleted since and must still be named as removed.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BaselineFeature {
    /// The feature (it may no longer exist).
    pub feature_id: i64,
    /// Its title then.
    pub title: String,
}

/// One item as planned in a baseline.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BaselineItem {
    /// The item.
    pub item_id: i64,
    /// Planned start, `YYYY-MM-DDTHH:MM:SS`.
    pub start_at: String,
    /// Planned finish, `YYYY-MM-DDTHH:MM:SS`.
    pub finish_at: String,
    /// Planned work, minutes.
    pub work_minutes: i64,
    /// Budgeted cost (project currency, or hours without a budget).
    pub cost: f64,
}

/// A baseline with every item it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineWithItems {
    /// The baseline.
    pub baseline: Baseline,
    /// Its items, by item id.
    pub items: Vec<BaselineItem>,
}

/// A baseline to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBaseline {
    /// The project.
    pub project_id: i64,
    /// Validated name.
    pub name: String,
    /// Who saves it.
    pub created_by: Option<i64>,
    /// The planned items.
    pub items: Vec<BaselineItem>,
    /// The features in scope.
    pub features: Vec<BaselineFeature>,
}

#[derive(sqlx::FromRow)]
struct BaselineRow {
    id: i64,
    project_id: i64,
    name: String,
    created_by: Option<i64>,
    creator_name: Option<String>,
    creator_email: Option<String>,
    created_at: i64,
    item_count: i64,
    feature_count: Option<i64>,
}

impl From<BaselineRow> for Baseline {
    fn from(row: BaselineRow) -> Self {
        let created_by = match (row.created_by, row.creator_name, row.creator_email) {
            (Some(id), Some(name), Some(email)) => Some(UserRef { id, name, email }),
            _ => None,
        };
        Baseline {
            id: row.id,
            project_id: row.project_id,
            name: row.name,
            created_by,
            created_at: row.created_at,
            item_count: row.item_count,
            feature_count: row.feature_count,
        }
    }
}

/// Baselines with their creator, item count and feature count (NULL without a saved scope),
/// followed by `$tail`.
macro_rules! select_baselines {
    ($tail:literal) => {
        concat!(
            "SELECT b.id, b.project_id, b.name, b.created_by, u.name AS creator_name, \
             u.email AS creator_email, b.created_at, \
             (SELECT COUNT(*) FROM baseline_items i WHERE i.baseline_id = b.id) AS item_count, \
             CASE WHEN b.has_scope THEN \
             (SELECT COUNT(*) FROM baseline_features f WHERE f.baseline_id = b.id) END \
             AS feature_count \
             FROM baselines b LEFT JOIN users u ON u.id = b.created_by ",
            $tail
        )
    };
}

impl Store {
    /// Saves a baseline with its items and its feature scope in one transaction.
    #[tracing::instrument(skip_all)]
    pub async fn create_baseline(&self, new: &NewBaseline) -> Result<Baseline, StoreError> {
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO baselines (project_id, name, created_by, created_at, has_scope) \
                 VALUES ($1, $2, $3, $4, TRUE) RETURNING id",
            )
            .bind(new.project_id)
            .bind(&new.name)
            .bind(new.created_by)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project: no such project"))?;
            for item in &new.items {
                sqlx::query(
                    "INSERT INTO baseline_items (baseline_id, item_id, start_at, finish_at, \
                     work_minutes, cost) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(item.item_id)
                .bind(&item.start_at)
                .bind(&item.finish_at)
                .bind(item.work_minutes)
                .bind(item.cost)
                .execute(&mut *tx)
                .await
                .map_err(broken_reference("items: no such item"))?;
            }
            for feature in &new.features {
                sqlx::query(
                    "INSERT INTO baseline_features (baseline_id, feature_id, title) \
                     VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(feature.feature_id)
                .bind(&feature.title)
                .execute(&mut *tx)
                .await?;
            }
            id
        });
        self.baseline(id).await
    }

    /// A project's baselines, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_baselines(&self, project_id: i64) -> Result<Vec<Baseline>, StoreError> {
        let rows: Vec<BaselineRow> = with_reader!(self, |db| {
            sqlx::query_as(select_baselines!(
                "WHERE b.project_id = $1 ORDER BY b.created_at DESC, b.id DESC"
            ))
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Baseline::from).collect())
    }

    /// One baseline.
    #[tracing::instrument(skip_all)]
    pub async fn baseline(&self, id: i64) -> Result<Baseline, StoreError> {
        let row: Option<BaselineRow> = with_reader!(self, |db| {
            sqlx::query_as(select_baselines!("WHERE b.id = $1"))
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.map(Baseline::from).ok_or(StoreError::NotFound)
    }

    /// One baseline with its items.
    #[tracing::instrument(skip_all)]
    pub async fn baseline_with_items(&self, id: i64) -> Result<BaselineWithItems, StoreError> {
        let baseline = self.baseline(id).await?;
        let items: Vec<BaselineItem> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT item_id, start_at, finish_at, work_minutes, cost FROM baseline_items \
                 WHERE baseline_id = $1 ORDER BY item_id",
            )
            .bind(id)
            .fetch_all(db)
            .await
        })?;
        Ok(BaselineWithItems { baseline, items })
    }

    /// The feature scope baseline `id` was saved with, by feature id (empty when it has none:
    /// see [`Baseline::feature_count`]).
    #[tracing::instrument(skip_all)]
    pub async fn baseline_features(&self, id: i64) -> Result<Vec<BaselineFeature>, StoreError> {
        Ok(with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT feature_id, title FROM baseline_features WHERE baseline_id = $1 \
                 ORDER BY feature_id",
            )
            .bind(id)
            .fetch_all(db)
            .await
        })?)
    }

    /// The project's most recent baseline with its items, if it has one. The schedule's
    /// variance, earned value and the health diagnosis (slip, scope churn) all start here.
    #[tracing::instrument(skip_all)]
    pub async fn latest_baseline(
        &self,
        project_id: i64,
    ) -> Result<Option<BaselineWithItems>, StoreError> {
        let latest: Option<i64> = with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT id FROM baselines WHERE project_id = $1 \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
            )
            .bind(project_id)
            .fetch_optional(db)
            .await
        })?;
        match latest {
            Some(id) => Ok(Some(self.baseline_with_items(id).await?)),
            None => Ok(None),
        }
    }

    /// Deletes a baseline with its items and scope.
    #[tracing::instrument(skip_all)]
    pub async fn delete_baseline(&self, id: i64) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM baseline_items WHERE baseline_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM baseline_features WHERE baseline_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = sqlx::query("DELETE FROM baselines WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
        });
        Ok(())
    }
}
