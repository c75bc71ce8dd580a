//! `/setup`: first-run creation of the first admin, shown only while the workspace has no
//! user. Afterwards the page redirects to sign-in and the form answers 404, for good.

use super::chrome::Chrome;
use super::error::WebError;
use super::extract::{SameOriginForm, workspace_is_empty};
use super::form::{Field, FormErrors};
use super::login::start_session;
use super::page;
use crate::accounts;
use crate::audit;
use crate::auth::login;
use crate::context::RequestMeta;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

const FIELDS: &[Field] = &[
    ("name", "Your name"),
    ("email", "E-mail"),
    ("password", "Password"),
    ("password_confirm", "Repeat the password"),
];

/// What the setup form posts.
#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "pages/setup.html")]
struct SetupPage {
    chrome: Chrome,
    /// The name typed so far (not `name`: a macro argument of that name would shadow it).
    person_name: String,
    email: String,
    errors: FormErrors,
}

/// `GET /setup`.
pub async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    if !workspace_is_empty(&state).await? {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(page::render(&SetupPage {
        chrome: Chrome::anonymous(),
        person_name: String::new(),
        email: String::new(),
        errors: FormErrors::default(),
    }))
}

/// `POST /setup`: creates the first admin and signs them in.
pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    SameOriginForm(form): SameOriginForm<SetupForm>,
) -> Result<Response, WebError> {
    if !workspace_is_empty(&state).await? {
        return Err(WebError::NotFound);
    }
    if form.password != form.password_confirm {
        let errors = FormErrors::field(FIELDS, "password_confirm", "the two passwords differ");
        return Ok(refused(form, errors));
    }
    let created = accounts::create_first_admin(
        &state.store,
        form.email.clone(),
        form.name.clone(),
        form.password.clone(),
    )
    .await;
    let admin = match created {
        Ok(admin) => admin,
        // Someone else finished setup a moment ago.
        Err(error) if error.status == StatusCode::CONFLICT => return Err(WebError::NotFound),
        Err(error) => return Ok(refused(form, FormErrors::from_api(error, FIELDS)?)),
    };
    audit::write(
        &state,
        &meta,
        &admin,
        "setup.first_admin",
        "user",
        admin.id.to_string(),
        json!({}),
    )
    .await;
    let started = login::sign_in(&state, &meta, &form.email, &form.password).await?;
    Ok(start_session(&state, &started.token, "/projects"))
}

/// The form again with its messages; passwords are never sent back.
fn refused(form: SetupForm, errors: FormErrors) -> Response {
    let page = SetupPage {
        chrome: Chrome::anonymous(),
        person_name: form.name,
        email: form.email,
        errors,
    };
    page::render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
