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
