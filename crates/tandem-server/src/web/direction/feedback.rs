//! `/projects/{key}/feedback`: the inbox with filters and bulk triage (checkboxes), and the
//! "Send feedback" form — client contacts use it too and see their own feedback's status.

use super::{Frame, project};
use crate::api::direction::feedback::FeedbackQuery;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::feedback::{self, FeedbackBody, FeedbackView, TriageBody, TriageEntry};
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption, Typed};
use crate::web::notice::Notice;
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::{FeedbackSource, FeedbackStatus, Importance};

/// The names of the page's forms.
const SEND: &str = "send";
const TRIAGE: &str = "triage";

const FIELDS: &[Field] = &[
    ("text", "Feedback"),
    ("source", "Source"),
    ("contact", "Contact"),
    ("importance", "Importance"),
    ("status", "New status"),
    ("feature_id", "Feature"),
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
    send: SendForm,
    /// The triage form as typed (ticks `pick_<id>`, `status`, `feature_id`), when refused.
    triage: HashMap<String, String>,
}

impl InboxPage {
    /// True when feedback `id` was ticked in a refused triage.
    fn picked(&self, id: &i64) -> bool {
        self.triage.contains_key(&format!("pick_{id}"))
    }

    /// The triage input `name` as typed.
    fn triage_value(&self, name: &str) -> &str {
        self.triage.get(name).map_or("", String::as_str)
    }
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
    let frame = Frame::shown(
        &user,
        &visible,
        "/feedback",
        query.notice.as_deref().and_then(Notice::parse),
    );
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
    let send = frame.typed.restore(SEND).unwrap_or_else(|| SendForm {
        source: "end_user".to_owned(),
        importance: "important".to_owned(),
        ..SendForm::default()
    });
    let triage: HashMap<String, String> = frame.typed.restore(TRIAGE).unwrap_or_default();
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
        sources: options(&sources, &send.source),
        importances: options(&importances, &send.importance),
        statuses: options(&statuses, triage.get("status").map_or("", String::as_str)),
        send,
        triage,
        items,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// What the send-feedback form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
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
        text: form.text.clone(),
        source: Some(form.source.clone()).filter(|s| !s.is_empty()),
        contact: Some(form.contact.clone()),
        importance: Some(form.importance.clone()).filter(|s| !s.is_empty()),
        ..FeedbackBody::default()
    };
    match feedback::submit(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::FeedbackSent
            .redirect(&format!("/projects/{key}/feedback"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(SEND, &form, error, FIELDS, "feedback")?;
            let frame = Frame::new(&user, &visible, "/feedback", typed);
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
            .map_err(|_| FormErrors::field(FIELDS, "feature_id", "enter a feature number")),
    };
    let feature_ids = match feature_ids {
        Ok(ids) => ids,
        Err(errors) => {
            let frame = Frame::new(
                &user,
                &visible,
                "/feedback",
                Typed::refused(TRIAGE, &form, errors),
            );
            return render(&state, &user, &visible, frame, &InboxQuery::default()).await;
        }
    };
    let body = TriageBody {
        feedback: picked,
        status: form.get("status").cloned().filter(|s| !s.is_empty()),
        feature_ids,
    };
    match feedback::triage(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::FeedbackTriaged
            .redirect(&format!("/projects/{key}/feedback"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(TRIAGE, &form, error, FIELDS, "feedback")?;
            let frame = Frame::new(&user, &visible, "/feedback", typed);
            render(&state, &user, &visible, frame, &InboxQuery::default()).await
        }
    }
}
