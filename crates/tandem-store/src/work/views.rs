//! Saved views: a person's named filters of a project's item list.

use super::model::SavedView;
use crate::{Store, StoreError, clock};

#[derive(sqlx::FromRow)]
struct ViewRow {
    id: i64,
    project_id: i64,
    user_id: i64,
    name: String,
    query: String,
    created_at: i64,
}

impl From<ViewRow> for SavedView {
    fn from(row: ViewRow) -> Self {
        SavedView {
            id: row.id,
            project_id: row.project_id,
            user_id: row.user_id,
            name: row.name,
            query: row.query,
            created_at: row.created_at,
        }
    }
}

impl Store {
    /// A person's saved views on a project, by name.
    #[tracing::instrument(skip_all)]
    pub async fn saved_views(
        &self,
        project_id: i64,
        user_id: i64,
    ) -> Result<Vec<SavedView>, StoreError> {
        let rows: Vec<ViewRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT id, project_id, user_id, name, query, created_at FROM saved_views \
                 WHERE project_id = $1 AND user_id = $2 ORDER BY name",
            )
            .bind(project_id)
            .bind(user_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(SavedView::from).collect())
    }

    /// Saves a view; the same name twice for one person and project is
    /// `Conflict { constraint: "saved_views.name" }`.
    #[tracing::instrument(skip_all)]
    pub async fn create_saved_view(
        &self,
        project_id: i64,
        user_id: i64,
        name: &str,
        query: &str,
    ) -> Result<SavedView, StoreError> {
        let row: ViewRow = in_transaction!(self, |tx| {
            sqlx::query_as(
                "INSERT INTO saved_views (project_id, user_id, name, query, created_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 RETURNING id, project_id, user_id, name, query, created_at",
            )
            .bind(project_id)
            .bind(user_id)
            .bind(name)
            .bind(query)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(row.into())
    }

    /// Deletes one of a person's views (`NotFound` when it is not theirs).
    #[tracing::instrument(skip_all)]
    pub async fn delete_saved_view(
        &self,
        project_id: i64,
        user_id: i64,
        id: i64,
    ) -> Result<(), StoreError> {
        let affected: u64 = in_transaction!(self, |tx| {
            sqlx::query(
                "DELETE FROM saved_views WHERE id = $1 AND project_id = $2 AND user_id = $3",
            )
            .bind(id)
            .bind(project_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        if affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
