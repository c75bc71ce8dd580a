//! The delivery side of a feature: work items linked to it (`work_items.feature_id`), rolled
//! up into the counts readiness needs (done / total, open blocking bugs) and listed for the
//! feature page. Counts for a whole backlog come from one grouped query.

use crate::{Store, StoreError};

/// Delivery facts about one feature's linked work items, for readiness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemCounts {
    /// Linked work items.
    pub total: u32,
    /// Those in a status of category done.
    pub done: u32,
    /// Open bugs marked blocking.
    pub open_blocking_bugs: u32,
}

/// The grouped count query over the features a `WHERE` condition selects (alias `f`);
/// items of another project never count, even if their `feature_id` points here.
pub(crate) fn counts_sql(filter: &str) -> String {
    format!(
        "SELECT w.feature_id AS feature_id, COUNT(*) AS total, \
         SUM(CASE WHEN s.category = 'done' THEN 1 ELSE 0 END) AS done, \
         SUM(CASE WHEN w.item_type = 'bug' AND w.blocking AND s.category <> 'done' \
             THEN 1 ELSE 0 END) AS blocking \
         FROM features f JOIN work_items w ON w.feature_id = f.id \
         AND w.project_id = f.project_id \
         JOIN workflow_statuses s ON s.id = w.status_id \
         WHERE {filter} GROUP BY w.feature_id"
    )
}

/// One row of [`counts_sql`].
#[derive(sqlx::FromRow)]
pub(crate) struct CountRow {
    pub feature_id: i64,
    pub total: i64,
    pub done: i64,
    pub blocking: i64,
}

impl From<&CountRow> for ItemCounts {
    fn from(row: &CountRow) -> Self {
        let count = |value: i64| u32::try_from(value).unwrap_or(u32::MAX);
        ItemCounts {
            total: count(row.total),
            done: count(row.done),
            open_blocking_bugs: count(row.blocking),
        }
    }
}

/// A work item linked to a feature, as the feature page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureItem {
    /// Item id.
    pub id: i64,
    /// Item key, e.g. `ACME-42`.
    pub key: String,
    /// Title.
    pub title: String,
    /// epic, story, task, bug or milestone.
    pub item_type: String,
    /// Status name.
    pub status: String,
    /// In a status of category done.
    pub done: bool,
    /// A bug marked as blocking the release.
    pub blocking: bool,
}

#[derive(sqlx::FromRow)]
struct LinkedRow {
    id: i64,
    key: String,
    number: i64,
    title: String,
    item_type: String,
    status: String,
    category: String,
    blocking: bool,
}

impl Store {
    /// The version of feature `feature_id` of the project (`NotFound` when it is not there):
    /// the optional `If-Match` precondition of linking an item, without loading the feature.
    #[tracing::instrument(skip_all)]
    pub async fn feature_version(
        &self,
        project_id: i64,
        feature_id: i64,
    ) -> Result<i64, StoreError> {
        let version: Option<i64> = with_reader!(self, |db| {
            sqlx::query_scalar("SELECT version FROM features WHERE project_id = $1 AND id = $2")
                .bind(project_id)
                .bind(feature_id)
                .fetch_optional(db)
                .await
        })?;
        version.ok_or(StoreError::NotFound)
    }

    /// The project's work items linked to feature `feature_id`, by number.
    #[tracing::instrument(skip_all)]
    pub async fn feature_items(
        &self,
        project_id: i64,
        feature_id: i64,
    ) -> Result<Vec<FeatureItem>, StoreError> {
        let rows: Vec<LinkedRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT w.id, p.key, w.number, w.title, w.item_type, s.name AS status, \
                 s.category, w.blocking FROM work_items w \
                 JOIN projects p ON p.id = w.project_id \
                 JOIN workflow_statuses s ON s.id = w.status_id \
                 WHERE w.project_id = $1 AND w.feature_id = $2 ORDER BY w.number",
            )
            .bind(project_id)
            .bind(feature_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|row| FeatureItem {
                id: row.id,
                key: format!("{}-{}", row.key, row.number),
                title: row.title,
                item_type: row.item_type,
                status: row.status,
                done: row.category == "done",
                blocking: row.blocking,
            })
            .collect())
    }
}
