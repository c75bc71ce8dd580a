//! `/projects/{key}/workshops`: the list with a form to plan or record one, and a workshop's
//! page with its notes, participants, what it produced and "create from this workshop" forms.

use super::vision::visibility_options;
use super::{Frame, lines, project, writer};
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
use crate::web::form::{Field, FormErrors, SelectOption};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
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

#[derive(Template)]
#[template(path = "pages/direction_workshops.html")]
struct ListPage {
    chrome: Chrome,
    frame: Frame,
    workshops: Vec<WorkshopView>,
    kinds: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    people: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "pages/direction_workshop.html")]
struct WorkshopPage {
    chrome: Chrome,
    frame: Frame,
    workshop: WorkshopView,
}

/// `GET /projects/{key}/workshops`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let mut frame = Frame::new(&user, &visible, "/workshops", FormErrors::default());
    frame.chrome = frame.chrome.with_notice(notice.notice());
    render_list(&state, &user, &visible, frame).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let mut views = Vec::new();
    for workshop in state.store.list_workshops(visible.project.id).await? {
        if workshops::may_see(visible, user, &workshop) {
            views.push(WorkshopView::new(workshop, Vec::new(), user));
        }
    }
    let mut people: Vec<(i64, String)> = Vec::new();
    for member in state.store.list_members(visible.project.id).await? {
        if !people.iter().any(|(id, _)| *id == member.user_id) {
            people.push((member.user_id, member.name));
        }
    }
    let code = if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ListPage {
        chrome: frame.chrome.clone(),
        frame,
        workshops: views,
        kinds: WorkshopKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), k.as_str().replace('_', " "), "vision"))
            .collect(),
        statuses: WorkshopStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.as_str(), "held"))
            .collect(),
        visibilities: visibility_options("internal"),
        people,
    };
    Ok(page::render_with_status(code, &page))
}

fn field(form: &HashMap<String, String>, name: &str) -> String {
    form.get(name).cloned().unwrap_or_default()
}

/// `POST /projects/{key}/workshops`: participants come as checkboxes `person_<user id>`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let participants = form
        .keys()
        .filter_map(|name| name.strip_prefix("person_"))
        .filter_map(|id| id.parse().ok())
        .map(PersonInput::Id)
        .collect();
    let body = WorkshopBody {
        title: field(&form, "title"),
        kind: field(&form, "kind"),
        held_on: Some(field(&form, "held_on")),
        agenda: Some(field(&form, "agenda")),
        notes: Some(field(&form, "notes")),
        status: Some(field(&form, "status")),
        visibility: Some(field(&form, "visibility")),
        participants,
        contacts: lines(&field(&form, "contacts")),
        version: None,
    };
    match workshops::create(&writer(&state, &meta, &user), &visible, &body).await {
        Ok(workshop) => Ok(Notice::WorkshopSaved
            .redirect(&format!("/projects/{key}/workshops/{}", workshop.id))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/workshops", errors);
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
    let mut frame = Frame::new(&user, &visible, "/workshops", FormErrors::default());
    frame.chrome = frame.chrome.with_notice(notice.notice());
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
    let code = if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = WorkshopPage {
        chrome: frame.chrome.clone(),
        frame,
        workshop: WorkshopView::new(workshop, outcomes, user),
    };
    Ok(page::render_with_status(code, &page))
}

/// What a "create from this workshop" form posts.
#[derive(Debug, Default, Deserialize)]
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
    let body = OutcomeBody {
        kind: form.kind,
        link_id: None,
        title: Some(form.title).filter(|t| !t.trim().is_empty()),
        text: Some(form.text).filter(|t| !t.trim().is_empty()),
        importance: Some(form.importance).filter(|t| !t.trim().is_empty()),
        description: Some(form.description).filter(|t| !t.trim().is_empty()),
    };
    match workshops::add_outcome(&writer(&state, &meta, &user), &visible, id, &body).await {
        Ok(_) => Ok(Notice::OutcomeAdded
            .redirect(&format!("/projects/{key}/workshops/{id}"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/workshops", errors);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}
