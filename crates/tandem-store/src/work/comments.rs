//! Comments on items. Internal comments are for staff only; callers decide who sees them by
//! asking with or without `include_internal`.

use super::model::Comment;
use crate::error::stale_or_missing;
use crate::model::UserRef;
use crate::{Store, StoreError, clock};

macro_rules! select_comments {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.item_id, c.author_id, u.name AS author_name, \
             u.email AS author_email, c.body, c.internal, c.created_at, c.edited_at, c.version \
             FROM item_comments c JOIN users u ON u.id = c.author_id ",
            $tail
        )
    };
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    item_id: i64,
    author_id: i64,
    author_name: String,
    author_email: String,
    body: String,
    internal: bool,
    created_at: i64,
    edited_at: Option<i64>,
    version: i64,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Self {
        Comment {
            id: row.id,
            item_id: row.item_id,
            author: UserRef {
                id: row.author_id,
                name: row.author_name,
                email: row.author_email,
            },
            body: row.body,
            internal: row.internal,
            created_at: row.created_at,
            edited_at: row.edited_at,
            version: row.version,
        }
    }
}

impl Store {
    /// An item's comments, oldest first; internal ones only with `include_internal`.
    #[tracing::instrument(skip_all)]
    pub async fn comments(
        &self,
        item_id: i64,
        include_internal: bool,
    ) -> Result<Vec<Comment>, StoreError> {
        let rows: Vec<CommentRow> = with_reader!(self, |db| {
            sqlx::query_as(select_comments!(
                "WHERE c.item_id = $1 AND ($2 OR NOT c.internal) ORDER BY c.created_at, c.id"
            ))
            .bind(item_id)
            .bind(include_internal)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Comment::from).collect())
    }

    /// One comment of an item (`NotFound` when it belongs to another item).
    #[tracing::instrument(skip_all)]
    pub async fn comment(&self, item_id: i64, id: i64) -> Result<Comment, StoreError> {
        let row: Option<CommentRow> = with_reader!(self, |db| {
            sqlx::query_as(select_comments!("WHERE c.id = $1 AND c.item_id = $2"))
                .bind(id)
                .bind(item_id)
                .fetch_optional(db)
                .await
        })?;
        row.map(Comment::from).ok_or(StoreError::NotFound)
    }

    /// Adds a comment.
    #[tracing::instrument(skip_all)]
    pub async fn add_comment(
        &self,
        item_id: i64,
        author_id: i64,
        body: &str,
        internal: bool,
    ) -> Result<Comment, StoreError> {
        let row: CommentRow = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO item_comments (item_id, author_id, body, internal, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(item_id)
            .bind(author_id)
            .bind(body)
            .bind(internal)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(crate::error::broken_reference("item: no such item"))?;
            sqlx::query_as(select_comments!("WHERE c.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(row.into())
    }

    /// Edits a comment's text (and internal flag) if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_comment(
        &self,
        item_id: i64,
        id: i64,
        body: &str,
        internal: bool,
        expected_version: i64,
    ) -> Result<Comment, StoreError> {
        let row: CommentRow = in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE item_comments SET body = $4, internal = $5, edited_at = $6, \
                 version = version + 1 WHERE id = $1 AND item_id = $2 AND version = $3",
            )
            .bind(id)
            .bind(item_id)
            .bind(expected_version)
            .bind(body)
            .bind(internal)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM item_comments WHERE id = $1 AND item_id = $2",
                )
                .bind(id)
                .bind(item_id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            sqlx::query_as(select_comments!("WHERE c.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(row.into())
    }

    /// Deletes a comment of an item.
    #[tracing::instrument(skip_all)]
    pub async fn delete_comment(&self, item_id: i64, id: i64) -> Result<(), StoreError> {
        let affected: u64 = in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM item_comments WHERE id = $1 AND item_id = $2")
                .bind(id)
                .bind(item_id)
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
