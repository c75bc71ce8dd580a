//! What the people side reads from work items: the facts roadblocks are computed from and
//! the items linked to risks. (The workload reads open assigned work from the plan.)

use super::model::StatusChange;
use crate::{Store, StoreError};

impl Store {
    /// Every status change of a project's items, oldest first, with the categories before and
    /// after: how long an item has been blocked is read from these.
    #[tracing::instrument(skip_all)]
    pub async fn status_changes(&self, project_id: i64) -> Result<Vec<StatusChange>, StoreError> {
        type Row = (i64, i64, i64, Option<String>, Option<String>);
        let mut rows: Vec<Row> = self
            .json_rows(
                "item_events",
                "at, id, item_id, old_value, new_value",
                "SELECT at, id, item_id, old_value, new_value FROM item_events \
                 WHERE project_id = $1 AND kind = 'status_changed'",
                &[project_id],
            )
            .await?;
        rows.sort_unstable_by_key(|(at, id, ..)| (*at, *id));
        let category = |text: Option<String>| -> Option<String> {
            let value: serde_json::Value = serde_json::from_str(text.as_deref()?).ok()?;
            value.get("category")?.as_str().map(str::to_owned)
        };
        Ok(rows
            .into_iter()
            .map(|(at, _, item_id, old, new)| StatusChange {
                item_id,
                at,
                from_category: category(old),
                to_category: category(new),
            })
            .collect())
    }

    /// Creation times of a project's items, by id.
    #[tracing::instrument(skip_all)]
    pub async fn item_created_times(&self, project_id: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(with_reader!(self, |db| {
            sqlx::query_as("SELECT id, created_at FROM work_items WHERE project_id = $1")
                .bind(project_id)
                .fetch_all(db)
                .await
        })?)
    }

    /// The items linked to each risk of a project: `(risk id, item id, item key, title)`.
    #[tracing::instrument(skip_all)]
    pub async fn risk_item_links(
        &self,
        project_id: i64,
    ) -> Result<Vec<(i64, i64, String, String)>, StoreError> {
        Ok(with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT l.risk_id, w.id, p.key || '-' || CAST(w.number AS TEXT), w.title \
                 FROM risk_items l JOIN risks r ON r.id = l.risk_id \
                 JOIN work_items w ON w.id = l.item_id JOIN projects p ON p.id = w.project_id \
                 WHERE r.project_id = $1 ORDER BY l.risk_id, w.number",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?)
    }

    /// Replaces the items linked to a risk (all of the risk's project; others are
    /// `Invalid("items: …")`).
    #[tracing::instrument(skip_all)]
    pub async fn set_risk_items(
        &self,
        project_id: i64,
        risk_id: i64,
        item_ids: &[i64],
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let risk: Option<i64> =
                sqlx::query_scalar("SELECT id FROM risks WHERE id = $1 AND project_id = $2")
                    .bind(risk_id)
                    .bind(project_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if risk.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM risk_items WHERE risk_id = $1")
                .bind(risk_id)
                .execute(&mut *tx)
                .await?;
            link_risk_items!(tx, project_id, risk_id, item_ids);
        });
        Ok(())
    }
}
