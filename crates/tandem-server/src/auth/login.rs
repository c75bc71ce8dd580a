//! Signing in: one function used by the JSON API and the web form alike, with failed-login
//! limits per account and per address kept in the database (so every app server agrees).

use super::{password, secret};
use crate::audit::{self, Event, Writer};
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::state::AppState;
use axum::http::StatusCode;
use serde_json::json;
use tandem_store::{NewSession, User};

/// Failures counted over this window.
const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failed attempts allowed per account in the window.
const MAX_PER_ACCOUNT: i64 = 5;
/// Failed attempts allowed per IP address in the window.
const MAX_PER_IP: i64 = 20;

/// A session that was just started: the secret goes into the cookie, never into storage.
pub struct StartedSession {
    /// The session token for the cookie.
    pub token: String,
    /// The CSRF token scripts and forms echo on writes.
    pub csrf_token: String,
    /// Who signed in.
    pub user: User,
}

/// Checks the credentials and starts a session. Wrong e-mail and wrong password give the same
/// answer in about the same time, so the answer does not tell whether an account exists.
pub async fn sign_in(
    state: &AppState,
    meta: &RequestMeta,
    email: &str,
    password_text: &str,
) -> Result<StartedSession, ApiError> {
    let email = email.trim().to_lowercase();
    let now = crate::clock::now_ms();
    let (by_account, by_ip) = state
        .store
        .login_failures_since(&email, &meta.ip, now - WINDOW_MS)
        .await?;
    if by_account >= MAX_PER_ACCOUNT || by_ip >= MAX_PER_IP {
        failed(state, meta, &email, "rate_limited").await;
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "too many failed sign-in attempts; wait 15 minutes and try again",
        ));
    }
    let found = state.store.user_by_email(&email).await?;
    let (user, stored_hash) = match found {
        Some(record) if record.user.active => (Some(record.user), Some(record.password_hash)),
        _ => (None, None),
    };
    let verified = password::verify(password_text.to_owned(), stored_hash).await;
    let Some(user) = user.filter(|_| verified) else {
        state
            .store
            .record_login_failure(&email, &meta.ip, now)
            .await?;
        failed(state, meta, &email, "bad_credentials").await;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong e-mail or password",
        ));
    };
    state.store.clear_login_failures(&email).await?;
    let token = secret::random_hex();
    let csrf_token = secret::random_hex();
    state
        .store
        .create_session(&NewSession {
            token_hash: secret::hash(&token),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            expires_at: now + super::session_cookie::TTL_MS,
        })
        .await?;
    audit::write(
        state,
        meta,
        &user,
        "session.create",
        "user",
        user.id.to_string(),
        json!({}),
    )
    .await;
    Ok(StartedSession {
        token,
        csrf_token,
        user,
    })
}

/// Ends a browser session on the server and audits it (shared by the API and the web UI).
pub async fn sign_out(writer: &Writer<'_>, token_hash: &str) -> Result<(), ApiError> {
    writer.state.store.delete_session(token_hash).await?;
    writer
        .record(
            "session.delete",
            "user",
            writer.actor.id.to_string(),
            json!({}),
        )
        .await;
    Ok(())
}

async fn failed(state: &AppState, meta: &RequestMeta, email: &str, reason: &str) {
    audit::record(
        state,
        meta,
        Event {
            action: "session.failed",
            object_type: "user",
            object_id: email.to_owned(),
            details: json!({ "reason": reason }),
            actor: None,
            actor_label: Some(email.to_owned()),
        },
    )
    .await;
}
