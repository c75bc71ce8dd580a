//! `/projects/{key}/decisions`: the decision log (overdue open decisions flagged) and the
//! form that records a decision — also used by the vision board's "record the decision".

use super::vision::visibility_options;
use super::{Frame, lines, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::decisions::{self, DecisionBody, DecisionView, LinkBody};
use crate::direction::sees_internal;
use crate::guard::{self, VisibleProject};
use crate::projects::PersonInput;
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, SelectOption, Typed, optional_id};
use crate::web::notice::Notice;
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::DecisionStatus;
use tandem_core::roles::ProjectRole;
use tandem_store::direction::DecisionFilter;

const FIELDS: &[Field] = &[
    ("title", "Title"),
    ("status", "Status"),
    ("context", "Context"),
    ("options", "Options considered"),
    ("decision", "Decision"),
    ("rationale", "Rationale"),
    ("decider", "Decider"),
    ("due_on", "Due"),
    ("visibility", "Visibility"),
];

/// The decision form's name on the decision log, and on the vision board (where it records
/// the decision behind a direction change).
const LOG: &str = "decision";
pub(super) const DIRECTION: &str = "direction";

/// What the decision form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    pub(super) rationale: String,
    #[serde(default)]
    decider: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    visibility: String,
    /// Vision revisions the decision covers (comma-separated ids).
    #[serde(default)]
    revisions: String,
    /// `vision` to return to the vision board.
    #[serde(default)]
    back: String,
}

/// Which decisions the log shows.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    overdue: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/direction_decisions.html")]
struct DecisionsPage {
    chrome: Chrome,
    frame: Frame,
    decisions: Vec<DecisionView>,
    overdue_only: bool,
    form: DecisionForm,
    statuses: Vec<SelectOption>,
    deciders: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
}

/// `GET /projects/{key}/decisions`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<LogQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let mut frame = Frame::new(&user, &visible, "/decisions", Typed::default());
    frame.chrome = frame
        .chrome
        .with_notice(query.notice.as_deref().and_then(Notice::parse));
    let overdue = query.overdue.is_some();
    render(&state, &user, &visible, frame, overdue).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
    overdue_only: bool,
) -> Result<Response, WebError> {
    let form: DecisionForm = frame.typed.restore(LOG).unwrap_or_default();
    let today = crate::clock::today_iso(&state.store).await?;
    let filter = DecisionFilter {
        overdue_on: overdue_only.then(|| today.clone()),
        shared_only: !sees_internal(user),
        ..DecisionFilter::default()
    };
    let decisions = state
        .store
        .list_decisions(visible.project.id, &filter)
        .await?
        .into_iter()
        .map(|decision| DecisionView::new(decision, &today))
        .collect();
    let members = state.store.list_members(visible.project.id).await?;
    let decider_default = if form.decider.is_empty() {
        user.user.id.to_string()
    } else {
        form.decider.clone()
    };
    let mut deciders: Vec<SelectOption> = Vec::new();
    for member in members
        .into_iter()
        .filter(|m| m.role != ProjectRole::Client)
    {
        if !deciders
            .iter()
            .any(|d| d.value == member.user_id.to_string())
        {
            deciders.push(SelectOption::new(
                member.user_id.to_string(),
                member.name,
                &decider_default,
            ));
        }
    }
    let status_now = if form.status.is_empty() {
        "proposed"
    } else {
        form.status.as_str()
    };
    let page = DecisionsPage {
        chrome: frame.chrome.clone(),
        statuses: DecisionStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.as_str(), status_now))
            .collect(),
        visibilities: visibility_options(&form.visibility),
        deciders,
        decisions,
        overdue_only,
        form,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// Shows the form again where it was sent from (the log or the vision board).
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    form: &DecisionForm,
    typed: impl FnOnce(&'static str) -> Result<Typed, WebError>,
) -> Result<Response, WebError> {
    if form.back == "vision" {
        let frame = Frame::new(user, visible, "/vision", typed(DIRECTION)?);
        super::vision::render(state, user, visible, frame).await
    } else {
        let frame = Frame::new(user, visible, "/decisions", typed(LOG)?);
        render(state, user, visible, frame, false).await
    }
}

/// `POST /projects/{key}/decisions`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let decider = match optional_id(FIELDS, "decider", &form.decider) {
        Ok(id) => id,
        Err(errors) => {
            let typed = |name| Ok(Typed::refused(name, &form, errors));
            return refuse(&state, &user, &visible, &form, typed).await;
        }
    };
    let links = form
        .revisions
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .map(|id| LinkBody {
            kind: "vision_revision".to_owned(),
            id,
        })
        .collect();
    let body = DecisionBody {
        title: form.title.clone(),
        status: Some(form.status.clone()).filter(|s| !s.is_empty()),
        context: Some(form.context.clone()),
        options: lines(&form.options),
        decision: Some(form.decision.clone()),
        rationale: Some(form.rationale.clone()),
        decider: decider
            .or_else(|| (form.back == "vision").then_some(user.user.id))
            .map(PersonInput::Id),
        due_on: Some(form.due_on.clone()),
        visibility: Some(form.visibility.clone()).filter(|s| !s.is_empty()),
        links,
        ..DecisionBody::default()
    };
    match decisions::create(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(_) => {
            let target = if form.back == "vision" {
                format!("/projects/{key}/vision")
            } else {
                format!("/projects/{key}/decisions")
            };
            Ok(Notice::DecisionRecorded.redirect(&target).into_response())
        }
        Err(error) => {
            let typed = |name| Typed::from_api(name, &form, error, FIELDS, "decision");
            refuse(&state, &user, &visible, &form, typed).await
        }
    }
}
