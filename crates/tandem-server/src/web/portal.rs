//! `/portal`: a client contact's home — their projects with what is shared with them, in
//! large type and plain words, and a form to send feedback on each project.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::feedback::{self, FeedbackBody};
use crate::guard;
use crate::portal::{self, PortalView};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;

#[derive(Template)]
#[template(path = "pages/portal.html")]
struct PortalPage {
    chrome: Chrome,
    portal: PortalView,
    /// The project whose feedback form was refused, with the reason and the text sent.
    refused: Option<Refused>,
}

/// A feedback form sent back with its problem.
struct Refused {
    key: String,
    message: String,
    text: String,
}

impl PortalPage {
    /// The text to put back in a project's feedback form.
    fn draft(&self, key: &str) -> &str {
        self.refused
            .as_ref()
            .filter(|refused| refused.key == key)
            .map_or("", |refused| refused.text.as_str())
    }

    /// Why a project's feedback form was refused, if it was.
    fn problem(&self, key: &str) -> Option<&str> {
        self.refused
            .as_ref()
            .filter(|refused| refused.key == key)
            .map(|refused| refused.message.as_str())
    }
}

/// What the feedback form posts.
#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    text: String,
}

/// `GET /portal`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    render(&state, &user, notice.notice(), None).await
}

/// `POST /portal/{key}/feedback`: sends feedback and shows its status on the portal.
pub async fn send_feedback(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<FeedbackForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::SubmitFeedback).await?;
    let body = FeedbackBody {
        text: form.text.clone(),
        ..FeedbackBody::default()
    };
    let writer = crate::audit::Writer::new(&state, &meta, &user);
    match feedback::submit(&writer, &visible, &body).await {
        Ok(_) => Ok(Notice::FeedbackSent
            .redirect(&format!("/portal#project-{key}"))
            .into_response()),
        Err(error) if error.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let refused = Refused {
                key,
                message: error.message,
                text: form.text,
            };
            render(&state, &user, None, Some(refused)).await
        }
        Err(error) => Err(error.into()),
    }
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<Notice>,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = PortalPage {
        chrome: Chrome::signed_in(user, Section::Portal).with_notice(notice),
        portal: portal::load(state, user).await?,
        refused,
    };
    Ok(page::render_with_status(status, &page))
}
