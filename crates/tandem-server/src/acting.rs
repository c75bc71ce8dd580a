//! A user acting from the command line: the CLI's counterpart of a signed-in request, so
//! `tandem item add`, `tandem feedback add` and the rest obey the same permission rules and
//! leave the same audit trail as the API and the web UI.

use crate::audit::Writer;
use crate::auth::{AuthMethod, CurrentUser};
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::state::{AppState, ServerConfig};
use axum::http::StatusCode;
use tandem_store::Store;

/// The account a CLI command acts as, with the state service functions need.
pub struct Acting {
    /// Application state around the opened store.
    pub state: AppState,
    /// The account, as permission checks see it.
    pub user: CurrentUser,
    /// Audit facts: no request id, address `cli`.
    pub meta: RequestMeta,
}

impl Acting {
    /// Acts as the active account with e-mail `email`.
    pub async fn as_email(store: Store, email: &str) -> Result<Self, ApiError> {
        let email = tandem_core::values::Email::parse(email)?;
        let email = email.as_str();
        let Some(found) = store.user_by_email(email).await? else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no account with e-mail {email}; pass --as with an existing account"),
            ));
        };
        let user = found.user;
        if !user.active {
            return Err(ApiError::forbidden(format!(
                "the account {email} is deactivated"
            )));
        }
        Ok(Self {
            state: AppState::new(store, ServerConfig::default()),
            user: CurrentUser {
                user,
                method: AuthMethod::CommandLine,
                running_timer: None,
            },
            meta: RequestMeta {
                request_id: None,
                ip: "cli".to_owned(),
            },
        })
    }

    /// The writer shared service functions take.
    pub fn writer(&self) -> Writer<'_> {
        Writer {
            state: &self.state,
            meta: &self.meta,
            actor: &self.user.user,
        }
    }
}
