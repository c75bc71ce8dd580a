//! `/settings/password`: the signed-in person changes their password.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors};
use super::notice::Notice;
use super::page;
use crate::accounts;
use crate::audit::Writer;
use crate::context::RequestMeta;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

const FIELDS: &[Field] = &[
    ("current_password", "Current password"),
    ("new_password", "New password"),
];

/// What the form posts. Passwords are never echoed back into the page.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Template)]
#[template(path = "pages/password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: FormErrors,
}

/// `GET /settings/password`.
pub async fn page(SignedIn(user): SignedIn) -> Response {
    let chrome = Chrome::signed_in(&user, Section::Profile);
    page::render_with_status(
        StatusCode::OK,
        &PasswordPage {
            chrome,
            errors: FormErrors::default(),
        },
    )
}

/// `POST /settings/password`: changes it, or shows what is wrong at the field.
pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let changed = accounts::change_own_password(
        &writer,
        &form.current_password,
        &form.new_password,
        user.session_token_hash(),
    )
    .await;
    match changed {
        Ok(()) => Ok(Notice::PasswordChanged
            .redirect("/projects")
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let chrome = Chrome::signed_in(&user, Section::Profile);
            Ok(page::render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage { chrome, errors },
            ))
        }
    }
}
