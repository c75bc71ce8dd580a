//! `/projects/{key}/vision`: the vision board's five boxes, the edit form, the revisions
//! with their diffs, and the prompt to record the decision behind a direction change.

use super::{Frame, loaded_version, project, writer};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::ensure_visible;
use crate::direction::vision::{self, RevisionView, VisionInput, VisionView};
use crate::guard::VisibleProject;
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
use tandem_core::access::ProjectAction;

const FIELDS: &[Field] = &[
    ("vision", "Vision"),
    ("target_group", "Target group"),
    ("needs", "Needs"),
    ("product", "Product"),
    ("business_goals", "Business goals"),
    ("visibility", "Visibility"),
];

/// What the board form posts.
#[derive(Debug, Default, Deserialize)]
pub struct BoardForm {
    #[serde(default)]
    vision: String,
    #[serde(default)]
    target_group: String,
    #[serde(default)]
    needs: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    business_goals: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    version: String,
}

#[derive(Template)]
#[template(path = "pages/direction_vision.html")]
struct VisionPage {
    chrome: Chrome,
    frame: Frame,
    board: VisionView,
    boxes: Vec<(&'static str, &'static str, String)>,
    visibilities: Vec<SelectOption>,
    revisions: Vec<RevisionView>,
    /// Comma-separated ids of the revisions waiting for a decision.
    pending: String,
}

/// `GET /projects/{key}/vision`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let mut frame = Frame::new(&user, &visible, "/vision", FormErrors::default());
    frame.chrome = frame.chrome.with_notice(notice.notice());
    render(&state, &user, &visible, frame).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let board = vision::load(&state.store, visible.project.id).await?;
    ensure_visible(visible, user, board.visibility, "vision board")?;
    let revisions = if frame.team {
        state
            .store
            .vision_revisions(visible.project.id)
            .await?
            .into_iter()
            .map(RevisionView::from)
            .collect()
    } else {
        Vec::new()
    };
    let status = if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = VisionPage {
        chrome: frame.chrome.clone(),
        boxes: vec![
            ("vision", "Vision", board.vision.clone()),
            ("target_group", "Target group", board.target_group.clone()),
            ("needs", "Needs", board.needs.clone()),
            ("product", "Product", board.product.clone()),
            (
                "business_goals",
                "Business goals",
                board.business_goals.clone(),
            ),
        ],
        visibilities: visibility_options(board.visibility.as_str()),
        pending: board
            .pending_revision_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        board,
        revisions,
        frame,
    };
    Ok(page::render_with_status(status, &page))
}

/// The visibility choices of a form.
pub fn visibility_options(current: &str) -> Vec<SelectOption> {
    vec![
        SelectOption::new("internal", "Internal (team only)", current),
        SelectOption::new("shared", "Shared with the client", current),
    ]
}

/// `POST /projects/{key}/vision`.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<BoardForm>,
) -> Result<Response, WebError> {
    let visible = crate::guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => {
            let frame = Frame::new(&user, &visible, "/vision", errors);
            return render(&state, &user, &visible, frame).await;
        }
    };
    let input = VisionInput {
        vision: Some(form.vision),
        target_group: Some(form.target_group),
        needs: Some(form.needs),
        product: Some(form.product),
        business_goals: Some(form.business_goals),
        visibility: Some(form.visibility),
        version: Some(version),
    };
    let outcome = vision::save(
        &writer(&state, &meta, &user),
        visible.project.id,
        &input,
        version,
    )
    .await;
    match outcome {
        Ok((board, _)) => {
            let notice = if board.direction_change_pending {
                Notice::DirectionChanged
            } else {
                Notice::VisionSaved
            };
            Ok(notice
                .redirect(&format!("/projects/{key}/vision"))
                .into_response())
        }
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/vision", errors);
            render(&state, &user, &visible, frame).await
        }
    }
}
