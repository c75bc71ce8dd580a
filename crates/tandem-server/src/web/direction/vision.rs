//! `/projects/{key}/vision`: the vision board's five boxes, the edit form, the revisions
//! with their diffs, and the prompt to record the decision behind a direction change.

use super::decisions::{DIRECTION, DecisionForm};
use super::{Frame, loaded_version, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::ensure_visible;
use crate::direction::vision::{self, RevisionView, VisionInput, VisionView};
use crate::guard::VisibleProject;
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
use tandem_core::access::ProjectAction;

const FIELDS: &[Field] = &[
    ("vision", "Vision"),
    ("target_group", "Target group"),
    ("needs", "Needs"),
    ("product", "Product"),
    ("business_goals", "Business goals"),
    ("visibility", "Visibility"),
];

/// The board form's name on the page.
const BOARD: &str = "board";

/// What the board form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
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

impl BoardForm {
    /// The form filled with the stored board.
    fn of(board: &VisionView) -> Self {
        Self {
            vision: board.vision.clone(),
            target_group: board.target_group.clone(),
            needs: board.needs.clone(),
            product: board.product.clone(),
            business_goals: board.business_goals.clone(),
            visibility: board.visibility.as_str().to_owned(),
            version: board.version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/direction_vision.html")]
struct VisionPage {
    chrome: Chrome,
    frame: Frame,
    board: VisionView,
    form: BoardForm,
    /// The direction-change decision form as typed (when refused).
    decision: DecisionForm,
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
    let mut frame = Frame::new(&user, &visible, "/vision", Typed::default());
    frame.chrome = frame.chrome.with_notice(notice.notice());
    render(&state, &user, &visible, frame).await
}

/// Renders the board page; `frame` may carry the board form or the direction-change
/// decision form as typed.
pub(super) async fn render(
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
    let form = frame
        .typed
        .restore(BOARD)
        .unwrap_or_else(|| BoardForm::of(&board));
    let decision = frame.typed.restore(DIRECTION).unwrap_or_default();
    let page = VisionPage {
        decision,
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
        visibilities: visibility_options(&form.visibility),
        form,
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
    Ok(page::render_with_status(page.frame.status(), &page))
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
            let frame = Frame::new(
                &user,
                &visible,
                "/vision",
                Typed::refused(BOARD, &form, errors),
            );
            return render(&state, &user, &visible, frame).await;
        }
    };
    let input = VisionInput {
        vision: Some(form.vision.clone()),
        target_group: Some(form.target_group.clone()),
        needs: Some(form.needs.clone()),
        product: Some(form.product.clone()),
        business_goals: Some(form.business_goals.clone()),
        visibility: Some(form.visibility.clone()),
        version: Some(version),
    };
    let outcome = vision::save(
        &Writer::new(&state, &meta, &user),
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
            let typed = Typed::from_api(BOARD, &form, error, FIELDS, "vision board")?;
            let frame = Frame::new(&user, &visible, "/vision", typed);
            render(&state, &user, &visible, frame).await
        }
    }
}
