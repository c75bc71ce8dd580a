//! `/settings/tokens`: the signed-in person's API tokens. A new token is shown once, on the
//! page that answers its creation; afterwards only its first characters are listed.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, NoFields, SignedIn};
use super::form::{Field, FormErrors};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::api::tokens;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use serde::Deserialize;
use tandem_store::ApiToken;

const FIELDS: &[Field] = &[("name", "What it is for")];

/// What the new-token form posts.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// A token as listed.
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

impl TokenRow {
    /// The token as `zone`'s reader sees it listed.
    fn new(token: ApiToken, zone: &TimeZone) -> Self {
        Self {
            id: token.id,
            created: format::timestamp(token.created_at, zone),
            last_used: token
                .last_used_at
                .map_or_else(|| "Never".to_owned(), |ms| format::timestamp(ms, zone)),
            revoked: token.revoked_at.is_some(),
            name: token.name,
            prefix: token.prefix,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tokens: Vec<TokenRow>,
    /// The secret of a token created by this very request.
    new_token: Option<String>,
    form: TokenForm,
    errors: FormErrors,
}

/// `GET /settings/tokens`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Tokens).with_notice(notice.notice());
    render(
        &state,
        &user,
        chrome,
        None,
        TokenForm::default(),
        FormErrors::default(),
    )
    .await
}

/// `POST /settings/tokens`: creates a token and shows its secret once.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Tokens);
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match tokens::create(&writer, Some(&form.name)).await {
        Ok(created) => {
            render(
                &state,
                &user,
                chrome,
                Some(created.token),
                TokenForm::default(),
                FormErrors::default(),
            )
            .await
        }
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            render(&state, &user, chrome, None, form, errors).await
        }
    }
}

/// `POST /settings/tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    tokens::revoke(&writer, id).await?;
    Ok(Notice::TokenRevoked
        .redirect("/settings/tokens")
        .into_response())
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    new_token: Option<String>,
    form: TokenForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let tokens = state.store.list_api_tokens(user.user.id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = TokensPage {
        tokens: tokens
            .into_iter()
            .map(|token| TokenRow::new(token, &chrome.zone))
            .collect(),
        chrome,
        new_token,
        form,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}
