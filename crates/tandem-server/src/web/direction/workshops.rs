//! `/projects/{key}/workshops`: the list with a form to plan or record one, and a workshop's
//! page with its notes, participants, what it produced and "create from this workshop" forms.

use super::vision::visibility_options;
use super::{Frame, lines, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::workshops::{self, OutcomeBody, WorkshopBody, WorkshopView};
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::projects::PersonInput;
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, SelectOption, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::{WorkshopKind, WorkshopStatus};

const FIELDS: &[Field] = &[
    ("title", "Title"),
    ("kind", "Kind"),
    ("held_on", "Date"),
    ("status", "Status"),
    ("agenda", "Agenda"),
    ("notes", "Notes"),
    ("contacts", "Other participants"),
    ("participants", "Participants"),
    ("text", "Text"),
    ("importance", "Importance"),
];

/// The new-workshop form's name; a "create from this workshop" form is `outcome-{kind}`.
const NEW: &str = "workshop";

/// What the new-workshop form posts; participants are ticked `person_<user id>` boxes.
#[derive(Debug, Deserialize, Serialize)]
pub struct WorkshopForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    contacts: String,
    #[serde(default)]
    visibility: String,
    #[serde(flatten)]
    people: HashMap<String, String>,
}

impl Default for WorkshopForm {
    /// A vision workshop already held, internal.
    fn default() -> Self {
        Self {
            title: String::new(),
            kind: WorkshopKind::Vision.as_str().to_owned(),
            held_on: String::new(),
            status: WorkshopStatus::Held.as_str().to_owned(),
            agenda: String::new(),
            notes: String::new(),
            contacts: String::new(),
            visibility: "internal".to_owned(),
            people: HashMap::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/direction_workshops.html")]
struct ListPage {
    chrome: Chrome,
    frame: Frame,
    workshops: Vec<WorkshopView>,
    kinds: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    /// Members who may be ticked as participants, ticked when the form had them.
    people: Vec<(i64, String, bool)>,
    form: WorkshopForm,
}

#[derive(Template)]
#[template(path = "pages/direction_workshop.html")]
struct WorkshopPage {
    chrome: Chrome,
    frame: Frame,
    workshop: WorkshopView,
    /// The refused "create from this workshop" form as typed.
    outcome: OutcomeForm,
}

/// `GET /projects/{key}/workshops`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/workshops", notice.notice());
    render_list(&state, &user, &visible, frame).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let views = workshops::visible_list(&state.store, visible, user).await?;
    let form: WorkshopForm = frame.typed.restore(NEW).unwrap_or_default();
    let mut people: Vec<(i64, String, bool)> = Vec::new();
    for member in state.store.list_members(visible.project.id).await? {
        if !people.iter().any(|(id, _, _)| *id == member.user_id) {
            let ticked = form
                .people
                .contains_key(&format!("person_{}", member.user_id));
            people.push((member.user_id, member.name, ticked));
        }
    }
    let page = ListPage {
        chrome: frame.chrome.clone(),
        frame,
        workshops: views,
        kinds: WorkshopKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), k.as_str().replace('_', " "), &form.kind))
            .collect(),
        statuses: WorkshopStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.as_str(), &form.status))
            .collect(),
        visibilities: visibility_options(&form.visibility),
        people,
        form,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/workshops`: participants come as checkboxes `person_<user id>`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<WorkshopForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let participants = form
        .people
        .keys()
        .filter_map(|name| name.strip_prefix("person_"))
        .filter_map(|id| id.parse().ok())
        .map(PersonInput::Id)
        .collect();
    let body = WorkshopBody {
        title: form.title.clone(),
        kind: form.kind.clone(),
        held_on: Some(form.held_on.clone()),
        agenda: Some(form.agenda.clone()),
        notes: Some(form.notes.clone()),
        status: Some(form.status.clone()),
        visibility: Some(form.visibility.clone()),
        participants,
        contacts: lines(&form.contacts),
        version: None,
    };
    match workshops::create(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(workshop) => Ok(Notice::WorkshopSaved
            .redirect(&format!("/projects/{key}/workshops/{}", workshop.id))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(NEW, &form, error, FIELDS, "workshop")?;
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            render_list(&state, &user, &visible, frame).await
        }
    }
}

/// `GET /projects/{key}/workshops/{id}`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/workshops", notice.notice());
    render_page(&state, &user, &visible, id, frame).await
}

async fn render_page(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    frame: Frame,
) -> Result<Response, WebError> {
    let workshop = state.store.workshop(visible.project.id, id).await?;
    if !workshops::may_see(visible, user, &workshop) {
        return Err(ApiError::not_found("workshop").into());
    }
    let outcomes = state.store.workshop_outcomes(id).await?;
    let outcome = ["feature", "hypothesis", "decision", "feedback"]
        .into_iter()
        .find_map(|kind| frame.typed.restore(&outcome_form(kind)))
        .unwrap_or_default();
    let page = WorkshopPage {
        chrome: frame.chrome.clone(),
        frame,
        workshop: WorkshopView::new(workshop, outcomes, user),
        outcome,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// The name of the "create from this workshop" form creating a `kind`.
fn outcome_form(kind: &str) -> String {
    format!("outcome-{kind}")
}

/// What a "create from this workshop" form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct OutcomeForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    importance: String,
    #[serde(default)]
    description: String,
}

/// `POST /projects/{key}/workshops/{id}/outcomes`.
pub async fn outcome(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<OutcomeForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let given = |text: &str| Some(text.to_owned()).filter(|t| !t.trim().is_empty());
    let body = OutcomeBody {
        kind: form.kind.clone(),
        link_id: None,
        title: given(&form.title),
        text: given(&form.text),
        importance: given(&form.importance),
        description: given(&form.description),
    };
    match workshops::add_outcome(&Writer::new(&state, &meta, &user), &visible, id, &body).await {
        Ok(_) => Ok(Notice::OutcomeAdded
            .redirect(&format!("/projects/{key}/workshops/{id}"))
            .into_response()),
        Err(error) => {
            let name = outcome_form(&form.kind);
            let typed = Typed::from_api(name, &form, error, FIELDS, "workshop")?;
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}
