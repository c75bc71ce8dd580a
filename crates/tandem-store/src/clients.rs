//! Client organisations.

use crate::model::Client;
use crate::{Store, StoreError, clock};

/// The columns of a [`Client`], in field order.
macro_rules! client_columns {
    () => {
        "id, name, created_at, version"
    };
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    id: i64,
    name: String,
    created_at: i64,
    version: i64,
}

impl From<ClientRow> for Client {
    fn from(row: ClientRow) -> Self {
        Client {
            id: row.id,
            name: row.name,
            created_at: row.created_at,
            version: row.version,
        }
    }
}

impl Store {
    /// Creates a client; a taken name is `Conflict { constraint: "clients.name" }`.
    #[tracing::instrument(skip_all)]
    pub async fn create_client(&self, name: &str) -> Result<Client, StoreError> {
        let row: ClientRow = in_transaction!(self, |tx| {
            sqlx::query_as(concat!(
                "INSERT INTO clients (name, created_at) VALUES ($1, $2) RETURNING ",
                client_columns!()
            ))
            .bind(name)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(row.into())
    }

    /// Every client, by name.
    #[tracing::instrument(skip_all)]
    pub async fn list_clients(&self) -> Result<Vec<Client>, StoreError> {
        let rows: Vec<ClientRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                client_columns!(),
                " FROM clients ORDER BY name, id"
            ))
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Client::from).collect())
    }

    /// One client.
    #[tracing::instrument(skip_all)]
    pub async fn client_by_id(&self, id: i64) -> Result<Client, StoreError> {
        let row: Option<ClientRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                client_columns!(),
                " FROM clients WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.map(Client::from).ok_or(StoreError::NotFound)
    }
}
