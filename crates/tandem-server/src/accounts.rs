//! Creating and changing accounts, shared by first-run setup, the users API, the web UI and
//! the CLI, so the same rules (valid e-mail, password policy, client users belong to a
//! client, the workspace keeps an admin) hold everywhere.

use crate::audit::Writer;
use crate::auth::password;
use crate::error::ApiError;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use tandem_core::ValidationError;
use tandem_core::roles::UserRole;
use tandem_core::values::{Email, Name, Password};
use tandem_store::{AccountChange, NewUser, Store, StoreError, User};
use utoipa::ToSchema;

/// Raw input for a new account.
#[derive(Debug, Clone)]
pub struct AccountInput {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: UserRole,
    pub client_id: Option<i64>,
}

/// Client users, and only they, belong to a client organisation.
fn check_client(role: UserRole, client_id: Option<i64>) -> Result<(), ValidationError> {
    match (role, client_id) {
        (UserRole::Client, None) => Err(ValidationError::new(
            "client_id",
            "a client user must belong to a client",
        )),
        (UserRole::Admin | UserRole::Member, Some(_)) => Err(ValidationError::new(
            "client_id",
            "only client users belong to a client",
        )),
        _ => Ok(()),
    }
}

/// Validates the input and hashes the password.
pub async fn prepare(input: AccountInput) -> Result<NewUser, ApiError> {
    let email = Email::parse(&input.email)?;
    let name = Name::parse("name", &input.name)?;
    let password = Password::parse(&input.password)?;
    check_client(input.role, input.client_id)?;
    let password_hash = password::hash(password.expose().to_owned())
        .await
        .map_err(|error| ApiError::internal(&error))?;
    Ok(NewUser {
        email,
        name,
        role: input.role,
        client_id: input.client_id,
        password_hash,
    })
}

/// Creates the very first account, an admin; refused once any user exists.
pub async fn create_first_admin(
    store: &Store,
    email: String,
    name: String,
    password: String,
) -> Result<User, ApiError> {
    let new = prepare(AccountInput {
        email,
        name,
        password,
        role: UserRole::Admin,
        client_id: None,
    })
    .await?;
    Ok(store.create_first_admin(&new).await?)
}

/// Deactivates (ending its sessions) or reactivates the account `target_id` on behalf of
/// `actor_id`, who may not lock themselves out.
pub async fn set_active(
    writer: &Writer<'_>,
    target_id: i64,
    active: bool,
    expected_version: i64,
) -> Result<User, ApiError> {
    if target_id == writer.actor.id && !active {
        return Err(ApiError::invalid_field(
            "active",
            "you cannot deactivate your own account",
        ));
    }
    let user = writer
        .state
        .store
        .set_user_active(target_id, active, Some(expected_version))
        .await
        .map_err(missing_user)?;
    let action = if active {
        "user.activate"
    } else {
        "user.deactivate"
    };
    writer
        .record(action, "user", target_id.to_string(), serde_json::json!({}))
        .await;
    Ok(user)
}

/// What an admin changes on an account; fields left out keep their value.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AccountEdit {
    /// The sign-in address.
    pub email: Option<String>,
    /// The name shown to others.
    pub name: Option<String>,
    /// `admin`, `member` or `client`.
    pub role: Option<String>,
    /// The client organisation of a client user (kept when left out); not allowed for staff.
    pub client_id: Option<i64>,
    /// The version you read, when not sent as If-Match.
    pub version: Option<i64>,
}

/// Changes account `target_id` (admins) if it is still at `expected`, and audits what changed.
/// The workspace keeps at least one active admin, and a person moves between staff and client
/// contact, or to another client, only once they belong to no project: their project roles
/// were given to the kind of account they had.
pub async fn update(
    writer: &Writer<'_>,
    target_id: i64,
    edit: &AccountEdit,
    expected: i64,
) -> Result<User, ApiError> {
    let store = &writer.state.store;
    let current = store.user_by_id(target_id).await.map_err(missing_user)?;
    let role = match edit.role.as_deref() {
        Some(raw) => UserRole::parse(raw)?,
        None => current.role,
    };
    let client_id = match role {
        UserRole::Client => edit.client_id.or(current
            .client_id
            .filter(|_| current.role == UserRole::Client)),
        UserRole::Admin | UserRole::Member => edit.client_id,
    };
    check_client(role, client_id)?;
    let change = AccountChange {
        email: Email::parse(edit.email.as_deref().unwrap_or(&current.email))?,
        name: Name::parse("name", edit.name.as_deref().unwrap_or(&current.name))?,
        role,
        client_id,
    };
    let is_client = |role| role == UserRole::Client;
    if is_client(role) != is_client(current.role) || client_id != current.client_id {
        ensure_no_projects(
            store,
            &current,
            if role == current.role {
                "client_id"
            } else {
                "role"
            },
        )
        .await?;
    }
    let updated = store
        .update_account(target_id, &change, expected)
        .await
        .map_err(missing_user)?;
    writer
        .record(
            "user.update",
            "user",
            target_id.to_string(),
            Value::Object(changes(&current, &updated)),
        )
        .await;
    Ok(updated)
}

/// A store error about an account, with a missing one as 404 `user`.
pub fn missing_user(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => ApiError::not_found("user"),
        other => other.into(),
    }
}

/// Refuses (422 on `field`) while `user` belongs to any project, naming them.
async fn ensure_no_projects(store: &Store, user: &User, field: &str) -> Result<(), ApiError> {
    let theirs = tandem_store::ProjectFilter {
        visible_to: Some(user.id),
        include_archived: true,
    };
    let keys: Vec<String> = store
        .list_projects(&theirs)
        .await?
        .into_iter()
        .map(|project| project.key)
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid_field(
        field,
        format!(
            "remove {} from their projects first ({}): a project role belongs to the kind of \
             account it was given to",
            user.name,
            keys.join(", ")
        ),
    ))
}

/// The fields that differ between `before` and `after`, each as `{from, to}`.
fn changes(before: &User, after: &User) -> Map<String, Value> {
    let mut changed = Map::new();
    let mut compare = |field: &str, from: Value, to: Value| {
        if from != to {
            changed.insert(field.to_owned(), json!({ "from": from, "to": to }));
        }
    };
    compare("email", json!(before.email), json!(after.email));
    compare("name", json!(before.name), json!(after.name));
    compare("role", json!(before.role), json!(after.role));
    compare("client_id", json!(before.client_id), json!(after.client_id));
    changed
}

/// Creates an ordinary account on behalf of a signed-in admin and audits it.
pub async fn create_audited(writer: &Writer<'_>, input: AccountInput) -> Result<User, ApiError> {
    let user = create(&writer.state.store, input).await?;
    let details = serde_json::json!({ "email": user.email, "role": user.role });
    writer
        .record("user.create", "user", user.id.to_string(), details)
        .await;
    Ok(user)
}

/// Creates an ordinary account.
pub async fn create(store: &Store, input: AccountInput) -> Result<User, ApiError> {
    let new = prepare(input).await?;
    Ok(store.create_user(&new).await?)
}

/// Changes the actor's own password after checking the current one. Every other session of
/// the account ends; `keep_session` (the browser session making the change) stays signed in.
pub async fn change_own_password(
    writer: &Writer<'_>,
    current_password: &str,
    new_password: &str,
    keep_session: Option<&str>,
) -> Result<(), ApiError> {
    let store = &writer.state.store;
    let stored = store
        .user_by_email(&writer.actor.email)
        .await?
        .map(|found| found.password_hash);
    if !password::verify(current_password.to_owned(), stored).await {
        return Err(ApiError::invalid_field(
            "current_password",
            "the current password is not right",
        ));
    }
    let new = Password::parse(new_password)
        .map_err(|error| ValidationError::new("new_password", error.message))?;
    if new.expose() == current_password {
        return Err(ApiError::invalid_field(
            "new_password",
            "choose a password different from the current one",
        ));
    }
    store_password(store, writer.actor.id, new, keep_session).await?;
    writer
        .record(
            "user.password_change",
            "user",
            writer.actor.id.to_string(),
            serde_json::json!({}),
        )
        .await;
    Ok(())
}

/// An admin sets a new password for someone else's account (who forgot theirs), ends all of
/// its sessions and audits it. Their own password admins change like everyone, with the
/// current one.
pub async fn reset_password_audited(
    writer: &Writer<'_>,
    target_id: i64,
    new_password: &str,
) -> Result<(), ApiError> {
    if target_id == writer.actor.id {
        return Err(ApiError::invalid_field(
            "password",
            "change your own password under Profile › Change your password, with the current one",
        ));
    }
    reset_password(&writer.state.store, target_id, new_password).await?;
    writer
        .record(
            "user.password.reset",
            "user",
            target_id.to_string(),
            json!({}),
        )
        .await;
    Ok(())
}

/// Sets a new password for `user_id` (an administrator's reset from the CLI) and ends all of
/// the account's sessions.
pub async fn reset_password(
    store: &Store,
    user_id: i64,
    new_password: &str,
) -> Result<(), ApiError> {
    let new = Password::parse(new_password)?;
    store_password(store, user_id, new, None).await
}

async fn store_password(
    store: &Store,
    user_id: i64,
    new: Password,
    keep_session: Option<&str>,
) -> Result<(), ApiError> {
    let hash = password::hash(new.expose().to_owned())
        .await
        .map_err(|error| ApiError::internal(&error))?;
    store
        .set_password_hash(user_id, &hash, keep_session)
        .await
        .map_err(missing_user)
}
