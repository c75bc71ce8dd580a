//! `/projects/{key}/personas/{id}`: one persona with its edit and delete forms; new personas
//! are created from the product page. Everything goes through `product::service`.

use super::forms::{self, finish};
use super::{Frame, render as render_cockpit, visibility_options, writer};
use crate::context::RequestMeta;
use crate::product::input::{PersonaChange, PersonaInput};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::PersonaView;
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::direction::lines;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::SelectOption;
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// What the persona forms post.
#[derive(Debug, Default, Deserialize)]
pub struct PersonaForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    goals: String,
    #[serde(default)]
    pains: String,
    /// One quote per line.
    #[serde(default)]
    quotes: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    version: String,
}

#[derive(Template)]
#[template(path = "pages/product_persona.html")]
struct PersonaPage {
    chrome: Chrome,
    frame: Frame,
    persona: PersonaView,
    quotes: String,
    visibilities: Vec<SelectOption>,
}

async fn render(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    key: &str,
    id: i64,
    notice: Option<Notice>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let persona = service::persona(state, &scope, id).await?;
    let frame = Frame::new(user, &scope, notice, message);
    let page = PersonaPage {
        chrome: frame.chrome.clone(),
        frame,
        quotes: persona.quotes.join("\n"),
        visibilities: visibility_options(&persona.visibility),
        persona,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/personas/{id}`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    render(&state, &user, &key, id, query.notice(), None).await
}

/// `POST /projects/{key}/personas`: a new persona from the product page; its page opens.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<PersonaForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let input = PersonaInput {
        name: form.name,
        description: form.description,
        goals: form.goals,
        pains: form.pains,
        quotes: lines(&form.quotes),
        visibility: forms::chosen(&form.visibility),
        workshop_id: None,
    };
    match service::create_persona(&writer(&state, &meta, &user), &scope, &input).await {
        Ok(p) => Ok(Notice::PersonaSaved
            .redirect(&format!("/projects/{key}/personas/{}", p.id))
            .into_response()),
        Err(error) => {
            let message = forms::refusal(error, "persona")?;
            render_cockpit(&state, &user, &key, Default::default(), Some(message)).await
        }
    }
}

/// `POST /projects/{key}/personas/{id}`: saves every field at the version shown.
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<PersonaForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let change = PersonaChange {
            name: Some(form.name.clone()),
            description: Some(form.description.clone()),
            goals: Some(form.goals.clone()),
            pains: Some(form.pains.clone()),
            quotes: Some(lines(&form.quotes)),
            visibility: forms::chosen(&form.visibility),
            ..PersonaChange::default()
        };
        let expected = forms::version(&form.version)?;
        service::update_persona(&writer(&state, &meta, &user), &scope, id, &change, expected).await
    }
    .await;
    let target = format!("/projects/{key}/personas/{id}");
    finish(saved, "persona", Notice::PersonaSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/personas/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<PersonaForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let deleted = async {
        let expected = forms::version(&form.version)?;
        service::delete_persona(&writer(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let target = format!("/projects/{key}/product");
    finish(deleted, "persona", Notice::PersonaDeleted, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}
