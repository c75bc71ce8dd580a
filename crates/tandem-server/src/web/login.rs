//! Signing in and out with a form. Sign-in goes through the same `auth::login::sign_in` as the
//! JSON API (same rate limits, same audit entries); sign-out ends the session on the server.

use super::chrome::Chrome;
use super::error::WebError;
use super::extract::{CsrfForm, MaybeSignedIn, NoFields, SameOriginForm, workspace_is_empty};
use super::form::FormErrors;
use super::page;
use crate::audit::Writer;
use crate::auth::{AuthMethod, login, session_cookie};
use crate::context::RequestMeta;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Where to go after signing in.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// What the sign-in form posts.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    errors: FormErrors,
}

/// `GET /login`.
pub async fn page(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = page::local_path(query.next.as_deref()).unwrap_or("/");
    if user.is_some() {
        return Ok(Redirect::to(next).into_response());
    }
    if workspace_is_empty(&state).await? {
        return Err(WebError::Setup);
    }
    Ok(page::render(&LoginPage {
        chrome: Chrome::anonymous(),
        email: String::new(),
        next: next.to_owned(),
        errors: FormErrors::default(),
    }))
}

/// `POST /login`: wrong credentials and too many attempts are shown on the form, with the
/// e-mail kept.
pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    SameOriginForm(form): SameOriginForm<LoginForm>,
) -> Result<Response, WebError> {
    let next = page::local_path(Some(&form.next)).unwrap_or("/").to_owned();
    match login::sign_in(&state, &meta, &form.email, &form.password).await {
        Ok(started) => Ok(start_session(&state, &started.token, &next)),
        Err(error)
            if matches!(
                error.status,
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ) =>
        {
            let message = if error.status == StatusCode::UNAUTHORIZED {
                "Wrong e-mail or password.".to_owned()
            } else {
                sentence(&error.message)
            };
            let page = LoginPage {
                chrome: Chrome::anonymous(),
                email: form.email,
                next,
                errors: FormErrors::general(message),
            };
            Ok(page::render_with_status(error.status, &page))
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /logout`.
pub async fn sign_out(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    if let AuthMethod::Session { token_hash, .. } = &user.method {
        let writer = Writer {
            state: &state,
            meta: &meta,
            actor: &user.user,
        };
        login::sign_out(&writer, token_hash).await?;
    }
    let cookie = session_cookie::clear(state.config.secure_cookies);
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

/// Sets the cookie of a session that was just started and goes to `target`.
pub fn start_session(state: &AppState, token: &str, target: &str) -> Response {
    let cookie = session_cookie::set(token, state.config.secure_cookies);
    ([(SET_COOKIE, cookie)], Redirect::to(target)).into_response()
}

/// An API message as a sentence: capital first letter, full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str().trim_end_matches('.'))
}
