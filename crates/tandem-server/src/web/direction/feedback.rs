//! `/projects/{key}/feedback`: the inbox with filters and bulk triage (checkboxes), and the
//! "Send feedback" form — client contacts use it too and see their own feedback's status.

use super::{Frame, project, writer};
use crate::api::direction::feedback::FeedbackQuery;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::feedback::{self, FeedbackBody, FeedbackView, TriageBody, TriageEntry};
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption};
use crate::web::notice::Notice;
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::{FeedbackSource, FeedbackStatus, Importance};

const FIELDS: &[Field] = &[
    ("text", "Feedback"),
    ("source", "Source"),
    ("contact", "Contact"),
    ("importance", "Importance"),
    ("status", "New status"),
    ("feature_ids", "Feature"),
    ("feedback", "Selection"),
];

/// The inbox's filters and notice.
#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    importance: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/direction_feedback.html")]
struct InboxPage {
    chrome: Chrome,
    frame: Frame,
    items: Vec<FeedbackView>,
    can_submit: bool,
    status_filter: Vec<SelectOption>,
    source_filter: Vec<SelectOption>,
    importance_filter: Vec<SelectOption>,
    sources: Vec<SelectOption>,
    importances: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
}

fn options(values: &[&'static str], current: &str) -> Vec<SelectOption> {
    values
        .iter()
        .map(|v| SelectOption::new(*v, v.replace('_', " "), current))
        .collect()
}

/// `GET /projects/{key}/feedback`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<InboxQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let mut frame = Frame::new(&user, &visible, "/feedback", FormErrors::default());
    frame.chrome = frame
        .chrome
        .with_notice(query.notice.as_deref().and_then(Notice::parse));
    render(&state, &user, &visible, frame, &query).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
    query: &InboxQuery,
) -> Result<Response, WebError> {
    let filter = FeedbackQuery {
        status: query.status.clone(),
        source: query.source.clone(),
        importance: query.importance.clone(),
        feature_id: None,
    }
    .filter(user)?;
    let items = state
        .store
        .list_feedback(visible.project.id, &filter)
        .await?
        .into_iter()
        .map(|f| FeedbackView::new(f, user))
        .collect();
    let text =
        |values: &'static [FeedbackStatus]| values.iter().map(|v| v.as_str()).collect::<Vec<_>>();
    let statuses = text(FeedbackStatus::ALL);
    let sources: Vec<&'static str> = FeedbackSource::ALL.iter().map(|v| v.as_str()).collect();
    let importances: Vec<&'static str> = Importance::ALL.iter().map(|v| v.as_str()).collect();
    let code = if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = InboxPage {
        chrome: frame.chrome.clone(),
        can_submit: user
            .actor()
            .may_on(&visible.access, ProjectAction::SubmitFeedback),
        status_filter: options(&statuses, query.status.as_deref().unwrap_or_default()),
        source_filter: options(&sources, query.source.as_deref().unwrap_or_default()),
        importance_filter: options(
            &importances,
            query.importance.as_deref().unwrap_or_default(),
        ),
        sources: options(&sources, "end_user"),
        importances: options(&importances, "important"),
        statuses: options(&statuses, "triaged"),
        items,
        frame,
    };
    Ok(page::render_with_status(code, &page))
}

/// What the send-feedback form posts.
#[derive(Debug, Default, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    importance: String,
}

/// `POST /projects/{key}/feedback`.
pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<SendForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::SubmitFeedback).await?;
    let body = FeedbackBody {
        text: form.text,
        source: Some(form.source).filter(|s| !s.is_empty()),
        contact: Some(form.contact),
        importance: Some(form.importance).filter(|s| !s.is_empty()),
        ..FeedbackBody::default()
    };
    match feedback::submit(&writer(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::FeedbackSent
            .redirect(&format!("/projects/{key}/feedback"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/feedback", errors);
            render(&state, &user, &visible, frame, &InboxQuery::default()).await
        }
    }
}

/// `POST /projects/{key}/feedback/triage`: checkboxes `pick_<id>` carry the version seen.
pub async fn triage(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let mut picked: Vec<TriageEntry> = form
        .iter()
        .filter_map(|(name, version)| {
            Some(TriageEntry {
                id: name.strip_prefix("pick_")?.parse().ok()?,
                version: version.parse().ok()?,
            })
        })
        .collect();
    picked.sort_by_key(|entry| entry.id);
    let feature = form
        .get("feature_id")
        .map(|raw| raw.trim())
        .unwrap_or_default();
    let feature_ids = match feature {
        "" => Ok(Vec::new()),
        raw => raw
            .trim_start_matches('#')
            .parse()
            .map(|id| vec![id])
            .map_err(|_| FormErrors::field(FIELDS, "feature_ids", "enter a feature number")),
    };
    let feature_ids = match feature_ids {
        Ok(ids) => ids,
        Err(errors) => {
            let frame = Frame::new(&user, &visible, "/feedback", errors);
            return render(&state, &user, &visible, frame, &InboxQuery::default()).await;
        }
    };
    let body = TriageBody {
        feedback: picked,
        status: form.get("status").cloned().filter(|s| !s.is_empty()),
        feature_ids,
    };
    match feedback::triage(&writer(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::FeedbackTriaged
            .redirect(&format!("/projects/{key}/feedback"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/feedback", errors);
            render(&state, &user, &visible, frame, &InboxQuery::default()).await
        }
    }
}
