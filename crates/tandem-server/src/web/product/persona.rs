//! `/projects/{key}/personas/{id}`: one persona with its edit and delete forms; new personas
//! are created from the product page. Everything goes through `product::service`.

use super::forms::{self, Sent, finish};
use super::{Frame, NEW_PERSONA, refused as cockpit_refused, visibility_options};
use crate::audit::Writer;
use crate::context::RequestMeta;
use crate::product::input::{PersonaChange, PersonaInput};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::{HypothesisView, PersonaView};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::direction::lines;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, SelectOption, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

/// The inputs of the persona forms, with the labels their messages carry.
const FIELDS: &[Field] = &[
    ("name", "Name"),
    ("description", "Description"),
    ("goals", "Goals"),
    ("pains", "Pains"),
    ("quotes", "Quotes"),
    ("visibility", "Visibility"),
];

/// The names of the persona page's forms.
const EDIT: &str = "edit";
const DELETE: &str = "delete";

/// What the persona forms post.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PersonaForm {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) goals: String,
    #[serde(default)]
    pub(super) pains: String,
    /// One quote per line.
    #[serde(default)]
    pub(super) quotes: String,
    #[serde(default)]
    pub(super) visibility: String,
    #[serde(default)]
    version: String,
}

impl PersonaForm {
    /// The empty new-persona form (internal until shared).
    pub(super) fn blank() -> Self {
        Self {
            visibility: "internal".to_owned(),
            ..Self::default()
        }
    }

    /// The form filled with the stored persona.
    fn of(persona: &PersonaView) -> Self {
        Self {
            name: persona.name.clone(),
            description: persona.description.clone(),
            goals: persona.goals.clone(),
            pains: persona.pains.clone(),
            quotes: persona.quotes.join("\n"),
            visibility: persona.visibility.clone(),
            version: persona.meta.version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/product_persona.html")]
struct PersonaPage {
    chrome: Chrome,
    frame: Frame,
    persona: PersonaView,
    /// The hypotheses about this persona the caller sees, most important first.
    hypotheses: Vec<HypothesisView>,
    form: PersonaForm,
    visibilities: Vec<SelectOption>,
}

async fn render(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    key: &str,
    id: i64,
    notice: Option<Notice>,
    typed: Typed,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let persona = service::persona(state, &scope, id).await?;
    let hypotheses = service::persona_hypotheses(state, &scope, id).await?;
    let form = typed
        .restore(EDIT)
        .unwrap_or_else(|| PersonaForm::of(&persona));
    let frame = Frame::new(user, &scope, notice, typed);
    let page = PersonaPage {
        chrome: frame.chrome.clone(),
        frame,
        visibilities: visibility_options(&form.visibility),
        form,
        hypotheses,
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
    render(&state, &user, &key, id, query.notice(), Typed::default()).await
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
        name: form.name.clone(),
        description: form.description.clone(),
        goals: form.goals.clone(),
        pains: form.pains.clone(),
        quotes: lines(&form.quotes),
        visibility: forms::chosen(&form.visibility),
        workshop_id: None,
    };
    let created = service::create_persona(&Writer::new(&state, &meta, &user), &scope, &input).await;
    finish(
        created,
        Sent::new(NEW_PERSONA, &form, FIELDS, "persona"),
        Notice::PersonaSaved,
        |p| format!("/projects/{key}/personas/{}", p.id),
        |typed| cockpit_refused(&state, &user, &key, typed),
    )
    .await
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
        service::update_persona(
            &Writer::new(&state, &meta, &user),
            &scope,
            id,
            &change,
            expected,
        )
        .await
    }
    .await;
    let sent = Sent::new(EDIT, &form, FIELDS, "persona");
    let back = |_: &_| format!("/projects/{key}/personas/{id}");
    finish(saved, sent, Notice::PersonaSaved, back, |typed| {
        render(&state, &user, &key, id, None, typed)
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
        service::delete_persona(&Writer::new(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let sent = Sent::new(DELETE, &form, FIELDS, "persona");
    let back = |_: &_| format!("/projects/{key}/product");
    finish(deleted, sent, Notice::PersonaDeleted, back, |typed| {
        render(&state, &user, &key, id, None, typed)
    })
    .await
}
