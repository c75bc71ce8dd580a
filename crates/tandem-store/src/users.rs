//! User accounts.

use crate::error::{broken_reference, corrupt, stale_or_missing};
use crate::model::{AccountChange, NewUser, User, UserWithSecret};
use crate::workspace_zone::person_zone;
use crate::{Store, StoreError, clock};
use tandem_core::roles::UserRole;

/// The columns of a [`User`], in field order, each prefixed with `$table` (e.g. `"u."`).
macro_rules! user_columns {
    ($table:literal) => {
        concat!(
            $table,
            "id, ",
            $table,
            "email, ",
            $table,
            "name, ",
            $table,
            "role, ",
            $table,
            "client_id, ",
            $table,
            "active, ",
            $table,
            "created_at, ",
            $table,
            "version"
        )
    };
}
pub(crate) use user_columns;

/// Sets one column of account `$id` in transaction `$tx`, checking the version when
/// `$expected` is `Some`, and evaluates to the updated row; returns from the caller with
/// why no row matched (a stale version, or no such account).
macro_rules! update_user {
    ($tx:ident, $column:literal, $id:expr, $value:expr, $expected:expr) => {{
        let updated: Option<UserRow> = sqlx::query_as(concat!(
            "UPDATE users SET ",
            $column,
            " = $2, updated_at = $3, version = version + 1 \
             WHERE id = $1 AND ($4 IS NULL OR version = $4) RETURNING ",
            user_columns!("")
        ))
        .bind($id)
        .bind($value)
        .bind(clock::now_ms())
        .bind($expected)
        .fetch_optional(&mut *$tx)
        .await?;
        match updated {
            Some(updated) => updated,
            None => {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM users WHERE id = $1")
                        .bind($id)
                        .fetch_optional(&mut *$tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
        }
    }};
}

/// Inside a write transaction `$tx`: refuses (`Invalid("$field: …")`) to let account `$id`
/// stop being an active admin when no other active admin would be left. Touching every
/// active admin's row first takes their row locks on PostgreSQL (on SQLite the writer is
/// already exclusive), so concurrent demotions or deactivations are decided one at a time.
macro_rules! ensure_another_admin {
    ($tx:ident, $id:expr, $field:literal) => {{
        sqlx::query("UPDATE users SET version = version WHERE role = 'admin' AND active")
            .execute(&mut *$tx)
            .await?;
        let (is_admin, others): (bool, i64) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'admin' AND active), \
             (SELECT COUNT(*) FROM users WHERE role = 'admin' AND active AND id <> $1)",
        )
        .bind($id)
        .fetch_one(&mut *$tx)
        .await?;
        if is_admin && others == 0 {
            return Err(StoreError::Invalid(concat!(
                $field,
                ": the workspace needs at least one active admin; make someone else an admin first"
            )
            .to_owned()));
        }
    }};
}

/// A `users` row as stored; the role is text until checked.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    client_id: Option<i64>,
    active: bool,
    created_at: i64,
    version: i64,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            role: UserRole::parse(&row.role).map_err(|error| corrupt("users.role", error))?,
            id: row.id,
            email: row.email,
            name: row.name,
            client_id: row.client_id,
            active: row.active,
            created_at: row.created_at,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct UserWithSecretRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

/// The setting whose insertion makes "create the first admin" happen at most once.
const FIRST_ADMIN_GUARD: &str = "first_admin";

const INSERT_USER: &str = concat!(
    "INSERT INTO users (email, name, role, client_id, password_hash, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ",
    user_columns!("")
);

impl Store {
    /// How many accounts exist (zero means the workspace still needs its first admin).
    #[tracing::instrument(skip_all)]
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let count = with_reader!(self, |db| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(db)
                .await
        })?;
        Ok(count)
    }

    /// Creates an account; a taken e-mail is `Conflict { constraint: "users.email" }`, an
    /// unknown client is `Invalid("client_id: no such client")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_user(&self, new: &NewUser) -> Result<User, StoreError> {
        let row: UserRow = in_transaction!(self, |tx| {
            sqlx::query_as(INSERT_USER)
                .bind(new.email.as_str())
                .bind(new.name.as_str())
                .bind(new.role.as_str())
                .bind(new.client_id)
                .bind(&new.password_hash)
                .bind(clock::now_ms())
                .fetch_one(&mut *tx)
                .await
                .map_err(broken_reference("client_id: no such client"))?
        });
        row.try_into()
    }

    /// Creates the first account only while no account exists, atomically even when two
    /// first-run forms are submitted at once; otherwise
    /// `Conflict { constraint: "users.first_admin" }`.
    #[tracing::instrument(skip_all)]
    pub async fn create_first_admin(&self, new: &NewUser) -> Result<User, StoreError> {
        let already_set_up = || StoreError::Conflict {
            constraint: "users.first_admin".to_owned(),
        };
        let row: UserRow = in_transaction!(self, |tx| {
            // The guard row's primary key makes a concurrent second attempt wait, then fail.
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
                .bind(FIRST_ADMIN_GUARD)
                .bind(new.email.as_str())
                .execute(&mut *tx)
                .await
                .map_err(|error| match StoreError::from(error) {
                    StoreError::Conflict { .. } => already_set_up(),
                    other => other,
                })?;
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(&mut *tx)
                .await?;
            if existing > 0 {
                return Err(already_set_up());
            }
            sqlx::query_as(INSERT_USER)
                .bind(new.email.as_str())
                .bind(new.name.as_str())
                .bind(new.role.as_str())
                .bind(new.client_id)
                .bind(&new.password_hash)
                .bind(clock::now_ms())
                .fetch_one(&mut *tx)
                .await
                .map_err(broken_reference("client_id: no such client"))?
        });
        row.try_into()
    }

    /// One account.
    #[tracing::instrument(skip_all)]
    pub async fn user_by_id(&self, id: i64) -> Result<User, StoreError> {
        let row: Option<UserRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!(""),
                " FROM users WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// The account with this (normalised) e-mail, with its password hash, for sign-in.
    #[tracing::instrument(skip_all)]
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserWithSecret>, StoreError> {
        let row: Option<UserWithSecretRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!(""),
                ", password_hash FROM users WHERE email = $1"
            ))
            .bind(email)
            .fetch_optional(db)
            .await
        })?;
        row.map(|row| {
            Ok(UserWithSecret {
                user: row.user.try_into()?,
                password_hash: row.password_hash,
            })
        })
        .transpose()
    }

    /// Every account, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!(""),
                " FROM users ORDER BY id"
            ))
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(User::try_from).collect()
    }

    /// Activates or deactivates an account, checking `expected_version` when given.
    /// Deactivating also ends the account's sessions at once.
    #[tracing::instrument(skip_all)]
    pub async fn set_user_active(
        &self,
        id: i64,
        active: bool,
        expected_version: Option<i64>,
    ) -> Result<User, StoreError> {
        let row: UserRow = in_transaction!(self, |tx| {
            if !active {
                ensure_another_admin!(tx, id, "active");
            }
            let updated = update_user!(tx, "active", id, active, expected_version);
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            updated
        });
        row.try_into()
    }

    /// Replaces an account's e-mail, name, role and client if it is still at
    /// `expected_version`. A taken e-mail is `Conflict { constraint: "users.email" }`, an
    /// unknown client `Invalid("client_id: …")`; taking the admin role from the last active
    /// admin is `Invalid("role: …")`, decided under a lock on the admins' rows so two admins
    /// demoting each other at once cannot both succeed.
    #[tracing::instrument(skip_all)]
    pub async fn update_account(
        &self,
        id: i64,
        change: &AccountChange,
        expected_version: i64,
    ) -> Result<User, StoreError> {
        let row: UserRow = in_transaction!(self, |tx| {
            if change.role != UserRole::Admin {
                ensure_another_admin!(tx, id, "role");
            }
            let updated: Option<UserRow> = sqlx::query_as(concat!(
                "UPDATE users SET email = $2, name = $3, role = $4, client_id = $5, \
                 updated_at = $6, version = version + 1 \
                 WHERE id = $1 AND version = $7 RETURNING ",
                user_columns!("")
            ))
            .bind(id)
            .bind(change.email.as_str())
            .bind(change.name.as_str())
            .bind(change.role.as_str())
            .bind(change.client_id)
            .bind(clock::now_ms())
            .bind(expected_version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(broken_reference("client_id: no such client"))?;
            match updated {
                Some(updated) => updated,
                None => {
                    let current: Option<i64> =
                        sqlx::query_scalar("SELECT version FROM users WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    return Err(stale_or_missing(current));
                }
            }
        });
        row.try_into()
    }

    /// Renames an account, checking `expected_version`: the person edits their own name on
    /// their profile, and two tabs must not silently overwrite each other.
    #[tracing::instrument(skip_all)]
    pub async fn set_user_name(
        &self,
        id: i64,
        name: &str,
        expected_version: i64,
    ) -> Result<User, StoreError> {
        let row: UserRow = in_transaction!(self, |tx| update_user!(
            tx,
            "name",
            id,
            name,
            Some(expected_version)
        ));
        row.try_into()
    }

    /// Replaces an account's password hash and ends its sessions except `keep_session` (the
    /// one that made the change, if any): whoever knew the old password is signed out.
    #[tracing::instrument(skip_all)]
    pub async fn set_password_hash(
        &self,
        id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE users SET password_hash = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(password_hash)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR token_hash <> $2)",
            )
            .bind(id)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    /// The person's time zone (an IANA name): their own, else the workspace's.
    #[tracing::instrument(skip_all)]
    pub async fn time_zone(&self, user_id: i64) -> Result<String, StoreError> {
        let zone = with_reader!(self, |db| {
            sqlx::query_scalar(concat!(
                "SELECT ",
                person_zone!("z"),
                " FROM workspace_time_zone w \
                 LEFT JOIN user_time_zones z ON z.user_id = $1 WHERE w.id = 1"
            ))
            .bind(user_id)
            .fetch_one(db)
            .await
        })?;
        Ok(zone)
    }

    /// Sets the person's own time zone; the caller has checked the name.
    #[tracing::instrument(skip_all)]
    pub async fn set_time_zone(&self, user_id: i64, time_zone: &str) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO user_time_zones (user_id, time_zone) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone",
            )
            .bind(user_id)
            .bind(time_zone)
            .execute(&mut *tx)
            .await
            .map_err(broken_reference("user: no such user"))?;
        });
        Ok(())
    }
}
