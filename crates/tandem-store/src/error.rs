//! The store's one error type, and the translation of database errors into it.
//!
//! Constraint violations are reported with stable names (`users.email`, `projects.key`, …)
//! that do not depend on the backend, so the server can map them to precise HTTP answers.

use sqlx::error::{DatabaseError, ErrorKind};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A unique rule would be broken; `constraint` is a stable name such as `users.email`.
    #[error("already exists ({constraint})")]
    Conflict {
        /// Stable name of the rule, e.g. `users.email`, `projects.key`, `project_members.pk`.
        constraint: String,
    },
    /// The record changed since the caller read it (optimistic concurrency).
    #[error("the record was changed meanwhile; its current version is {current}")]
    VersionConflict {
        /// The version the record has now.
        current: i64,
    },
    /// The input refers to something that does not exist, e.g. `client_id: no such client`
    /// (field, colon, message).
    #[error("{0}")]
    Invalid(String),
    /// The database failed or holds a value the store cannot read.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

/// A unique rule, named the same on both backends.
struct UniqueRule {
    /// The stable name reported in [`StoreError::Conflict`].
    name: &'static str,
    /// The constraint or index name PostgreSQL reports.
    postgres: &'static str,
    /// The column list SQLite reports after "UNIQUE constraint failed: ".
    sqlite: &'static str,
}

const UNIQUE_RULES: &[UniqueRule] = &[
    UniqueRule {
        name: "users.email",
        postgres: "users_email_key",
        sqlite: "users.email",
    },
    UniqueRule {
        name: "clients.name",
        postgres: "clients_name_key",
        sqlite: "clients.name",
    },
    UniqueRule {
        name: "projects.key",
        postgres: "projects_key_key",
        sqlite: "projects.key",
    },
    UniqueRule {
        name: "project_members.pk",
        postgres: "project_members_pkey",
        sqlite: "project_members.project_id, project_members.user_id, project_members.role",
    },
    UniqueRule {
        name: "project_members.one_manager",
        postgres: "project_members_one_manager",
        sqlite: "project_members.project_id, project_members.role",
    },
    UniqueRule {
        name: "sessions.token_hash",
        postgres: "sessions_pkey",
        sqlite: "sessions.token_hash",
    },
    UniqueRule {
        name: "api_tokens.token_hash",
        postgres: "api_tokens_token_hash_key",
        sqlite: "api_tokens.token_hash",
    },
    UniqueRule {
        name: "settings.key",
        postgres: "settings_pkey",
        sqlite: "settings.key",
    },
    UniqueRule {
        name: "work_items.number",
        postgres: "work_items_number",
        sqlite: "work_items.project_id, work_items.number",
    },
    UniqueRule {
        name: "workflow_statuses.name",
        postgres: "workflow_statuses_name",
        sqlite: "workflow_statuses.project_id, workflow_statuses.name",
    },
    UniqueRule {
        name: "item_dependencies.pair",
        postgres: "item_dependencies_predecessor_id_successor_id_key",
        sqlite: "item_dependencies.predecessor_id, item_dependencies.successor_id",
    },
    UniqueRule {
        name: "saved_views.name",
        postgres: "saved_views_name",
        sqlite: "saved_views.project_id, saved_views.user_id, saved_views.name",
    },
];

/// The stable name of the unique rule a database error broke (its raw name when unknown).
fn unique_rule_name(error: &dyn DatabaseError) -> String {
    let postgres = error.constraint();
    let sqlite = error
        .message()
        .strip_prefix("UNIQUE constraint failed: ")
        .unwrap_or_default();
    UNIQUE_RULES
        .iter()
        .find(|rule| postgres == Some(rule.postgres) || rule.sqlite == sqlite)
        .map(|rule| rule.name.to_owned())
        .unwrap_or_else(|| postgres.unwrap_or(sqlite).to_owned())
}

/// PostgreSQL's `character_not_in_repertoire`: text it cannot store, such as a NUL byte in a
/// value or a look-up key. That is bad input, not a database failure.
const UNSTORABLE_TEXT: &str = "22021";

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let Some(database) = error.as_database_error() else {
            return StoreError::Database(error);
        };
        match database.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict {
                constraint: unique_rule_name(database),
            },
            ErrorKind::ForeignKeyViolation => {
                StoreError::Invalid("reference: no such record".to_owned())
            }
            _ if database.code().as_deref() == Some(UNSTORABLE_TEXT) => StoreError::Invalid(
                "text: contains a character the database cannot store".to_owned(),
            ),
            _ => StoreError::Database(error),
        }
    }
}

/// Maps a foreign-key violation of one statement to `Invalid(message)`, since SQLite does not
/// say which reference failed; `message` reads like `client_id: no such client`.
pub(crate) fn broken_reference(message: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match StoreError::from(error) {
        StoreError::Invalid(_) => StoreError::Invalid(message.to_owned()),
        other => other,
    }
}

/// A stored value the store cannot interpret: corruption, reported as a database error.
pub(crate) fn corrupt(
    column: &str,
    source: impl std::error::Error + Send + Sync + 'static,
) -> StoreError {
    StoreError::Database(sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(source),
    })
}

/// What an optimistic update that matched no row means: the row is gone (`current` is `None`)
/// or another writer changed it first.
pub(crate) fn stale_or_missing(current: Option<i64>) -> StoreError {
    match current {
        Some(current) => StoreError::VersionConflict { current },
        None => StoreError::NotFound,
    }
}
