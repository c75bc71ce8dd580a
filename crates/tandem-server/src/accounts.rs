//! Creating accounts, shared by first-run setup, the users API, the web UI and the CLI, so
//! the same rules (valid e-mail, password policy, client users belong to a client) hold
//! everywhere.

use crate::audit::Writer;
use crate::auth::password;
use crate::error::ApiError;
use tandem_core::ValidationError;
use tandem_core::roles::UserRole;
use tandem_core::values::{Email, Name, Password};
use tandem_store::{NewUser, Store, User};

/// Raw input for a new account.
#[derive(Debug, Clone)]
pub struct AccountInput {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: UserRole,
    pub client_id: Option<i64>,
}

/// Validates the input and hashes the password.
pub async fn prepare(input: AccountInput) -> Result<NewUser, ApiError> {
    let email = Email::parse(&input.email)?;
    let name = Name::parse("name", &input.name)?;
    let password = Password::parse(&input.password)?;
    match (input.role, input.client_id) {
        (UserRole::Client, None) => {
            return Err(
                ValidationError::new("client_id", "a client user must belong to a client").into(),
            );
        }
        (UserRole::Admin | UserRole::Member, Some(_)) => {
            return Err(
                ValidationError::new("client_id", "only client users belong to a client").into(),
            );
        }
        _ => {}
    }
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
        .map_err(|e| match e {
            tandem_store::StoreError::NotFound => ApiError::not_found("user"),
            other => other.into(),
        })?;
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
        .map_err(|error| match error {
            tandem_store::StoreError::NotFound => ApiError::not_found("user"),
            other => other.into(),
        })
}
