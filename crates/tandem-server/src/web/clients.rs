//! `/clients`: the organisations projects are done for (staff only).

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::audit::Writer;
use crate::context::RequestMeta;
use crate::guard;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use serde::Deserialize;
use tandem_core::access::WorkspaceAction;
use tandem_store::Client;

const FIELDS: &[Field] = &[("name", "Name")];

/// What the new-client form posts.
#[derive(Debug, Default, Deserialize)]
pub struct ClientForm {
    #[serde(default)]
    name: String,
}

/// A client as listed.
pub struct ClientRow {
    pub name: String,
    pub created: String,
}

impl ClientRow {
    /// The client as `zone`'s reader sees it listed.
    fn new(client: Client, zone: &TimeZone) -> Self {
        Self {
            created: format::timestamp(client.created_at, zone),
            name: client.name,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/clients.html")]
struct ClientsPage {
    chrome: Chrome,
    clients: Vec<ClientRow>,
    form: ClientForm,
    errors: FormErrors,
}

/// `GET /clients`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageClients)?;
    let chrome = Chrome::signed_in(&user, Section::Clients).with_notice(notice.notice());
    render(&state, chrome, ClientForm::default(), FormErrors::default()).await
}

/// `POST /clients`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<ClientForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageClients)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match crate::api::clients::create(&writer, &form.name).await {
        Ok(_) => Ok(Notice::ClientCreated.redirect("/clients").into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            render(
                &state,
                Chrome::signed_in(&user, Section::Clients),
                form,
                errors,
            )
            .await
        }
    }
}

async fn render(
    state: &AppState,
    chrome: Chrome,
    form: ClientForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let clients = state.store.list_clients().await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ClientsPage {
        clients: clients
            .into_iter()
            .map(|client| ClientRow::new(client, &chrome.zone))
            .collect(),
        chrome,
        form,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}
