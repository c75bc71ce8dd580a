//! API tokens for scripts and integrations. Only the token's hash is stored.

use crate::error::broken_reference;
use crate::model::{ApiToken, User};
use crate::users::{UserRow, user_columns};
use crate::{Store, StoreError, clock};

/// The columns of an [`ApiToken`], in field order.
macro_rules! token_columns {
    () => {
        "id, user_id, name, prefix, created_at, last_used_at, revoked_at"
    };
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<TokenRow> for ApiToken {
    fn from(row: TokenRow) -> Self {
        ApiToken {
            id: row.id,
            user_id: row.user_id,
            name: row.name,
            prefix: row.prefix,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TokenOwnerRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_id: i64,
    last_used_at: Option<i64>,
}

impl Store {
    /// Records a new token for `user_id`; an unknown user is `Invalid("user_id: no such user")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
    ) -> Result<ApiToken, StoreError> {
        let row: TokenRow = in_transaction!(self, |tx| {
            sqlx::query_as(concat!(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING ",
                token_columns!()
            ))
            .bind(user_id)
            .bind(name)
            .bind(token_hash)
            .bind(prefix)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("user_id: no such user"))?
        });
        Ok(row.into())
    }

    /// The active owner of an unrevoked token with this hash, or `None`. Refreshes the
    /// token's `last_used_at` at most once a minute.
    #[tracing::instrument(skip_all)]
    pub async fn user_by_api_token_hash(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<User>, StoreError> {
        let row: Option<TokenOwnerRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!("u."),
                ", t.id AS token_id, t.last_used_at \
                 FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active"
            ))
            .bind(token_hash)
            .fetch_optional(db)
            .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        if clock::is_stale(row.last_used_at, now_ms) {
            in_transaction!(self, |tx| {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(row.token_id)
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
            });
        }
        row.user.try_into().map(Some)
    }

    /// A user's tokens, revoked ones included, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows: Vec<TokenRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                token_columns!(),
                " FROM api_tokens WHERE user_id = $1 ORDER BY id"
            ))
            .bind(user_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// Revokes one of the user's tokens (revoking twice keeps the first time); `NotFound`
    /// when the user has no such token.
    #[tracing::instrument(skip_all)]
    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> Result<(), StoreError> {
        let affected: u64 = in_transaction!(self, |tx| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) \
                 WHERE id = $2 AND user_id = $1",
            )
            .bind(user_id)
            .bind(token_id)
            .bind(clock::now_ms())
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
