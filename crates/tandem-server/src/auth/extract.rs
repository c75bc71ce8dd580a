//! Extractors that turn a request into the user behind it. API tokens (`Authorization:
//! Bearer`) and session cookies both work on every route; a cookie-authenticated write must
//! also carry the session's CSRF token, because browsers attach cookies on their own.

use super::{secret, session_cookie};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tandem_core::access::Actor;
use tandem_store::User;

/// Header that carries the CSRF token on cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum AuthMethod {
    /// A browser session; holds the session's token hash and CSRF token.
    Session {
        /// Hash of the session token (the database key).
        token_hash: String,
        /// The token forms and scripts must echo on writes.
        csrf_token: String,
        /// Unread notifications when the request came in (the header's bell).
        unread_notifications: i64,
        /// The person's time zone (their own, else the workspace's): pages show times there.
        time_zone: String,
    },
    /// An API token.
    Token,
    /// The command line, run by someone with access to the database (`--as EMAIL`).
    CommandLine,
}

/// The signed-in user. Rejects with 401 when there is none, 403 on a missing CSRF token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user record.
    pub user: User,
    /// How they authenticated.
    pub method: AuthMethod,
    /// Their running timer, loaded for web pages only (the header shows it with a stop
    /// button); `None` for API and CLI callers.
    pub running_timer: Option<tandem_store::Timer>,
}

impl CurrentUser {
    /// The facts permission rules need.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            role: self.user.role,
            client_id: self.user.client_id,
        }
    }

    /// The database key of the browser session making the request, if it is one.
    pub fn session_token_hash(&self) -> Option<&str> {
        match &self.method {
            AuthMethod::Session { token_hash, .. } => Some(token_hash),
            AuthMethod::Token | AuthMethod::CommandLine => None,
        }
    }

    /// Unread notifications of a browser session's user, for the bell in the page header.
    pub fn unread_notifications(&self) -> Option<i64> {
        match &self.method {
            AuthMethod::Session {
                unread_notifications,
                ..
            } => Some(*unread_notifications),
            AuthMethod::Token | AuthMethod::CommandLine => None,
        }
    }

    /// Where a browser session's pages show times: the person's own zone, the workspace's
    /// when they never chose one. API and CLI callers get UTC, the zone of every timestamp the
    /// API sends.
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        match &self.method {
            AuthMethod::Session { time_zone, .. } => crate::time_zone::zone_or_default(time_zone),
            AuthMethod::Token | AuthMethod::CommandLine => jiff::tz::TimeZone::UTC,
        }
    }

    /// The CSRF token of a browser session (for forms), if any.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.method {
            AuthMethod::Session { csrf_token, .. } => Some(csrf_token),
            AuthMethod::Token | AuthMethod::CommandLine => None,
        }
    }
}

/// The signed-in user if any, without enforcing CSRF: for pages (GET) and for form handlers
/// that check the CSRF field of the form themselves.
#[derive(Debug, Clone)]
pub struct OptionalUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for OptionalUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        identify(parts, state).await.map(OptionalUser)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let current = identify(parts, state)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        if let AuthMethod::Session { csrf_token, .. } = &current.method
            && !parts.method.is_safe()
        {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            if !secret::constant_time_eq(sent, csrf_token) {
                return Err(ApiError::forbidden(
                    "missing or wrong CSRF token: send the token from sign-in in the X-CSRF-Token header",
                )
                .with_code("csrf_failed"));
            }
        }
        Ok(current)
    }
}

async fn identify(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, ApiError> {
    let now = crate::clock::now_ms();
    if let Some(header) = parts.headers.get(AUTHORIZATION) {
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(ApiError::unauthenticated)?;
        let user = state
            .store
            .user_by_api_token_hash(&secret::hash(token), now)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        return Ok(Some(CurrentUser {
            user,
            method: AuthMethod::Token,
            running_timer: None,
        }));
    }
    let Some(token) = session_cookie::read(&parts.headers) else {
        return Ok(None);
    };
    let token_hash = secret::hash(&token);
    let session = state.store.session_by_token_hash(&token_hash, now).await?;
    Ok(session.map(|record| CurrentUser {
        user: record.user,
        method: AuthMethod::Session {
            token_hash,
            csrf_token: record.csrf_token,
            unread_notifications: record.unread_notifications,
            time_zone: record.time_zone,
        },
        running_timer: None,
    }))
}
