//! The product direction pages under a project's "Direction" tab: vision board, goals,
//! decision log, workshops, feedback inbox and releases with go/no-go. Plain HTML forms that
//! call the same service functions as the API (`crate::direction`).

mod decisions;
mod feedback;
mod go_no_go_template;
mod goals;
mod release_edit;
mod releases;
mod vision;
mod workshops;

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
pub use super::form::loaded_version;
use super::form::{FormErrors, Typed};
use super::notice::Notice;
use crate::auth::CurrentUser;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tandem_core::access::ProjectAction;

/// The direction routes (mounted by `web::router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/{key}/vision",
            get(vision::page).post(vision::save),
        )
        .route(
            "/projects/{key}/goals",
            get(goals::page).post(goals::create),
        )
        .route("/projects/{key}/goals/{id}/progress", post(goals::progress))
        .route("/projects/{key}/goals/{id}/releases", post(goals::releases))
        .route(
            "/projects/{key}/decisions",
            get(decisions::page).post(decisions::create),
        )
        .route(
            "/projects/{key}/decisions/{id}",
            get(decisions::decision).post(decisions::update),
        )
        .route(
            "/projects/{key}/workshops",
            get(workshops::list).post(workshops::create),
        )
        .route(
            "/projects/{key}/workshops/{id}",
            get(workshops::page).post(workshops::update),
        )
        .route(
            "/projects/{key}/workshops/{id}/outcomes",
            post(workshops::outcome),
        )
        .route(
            "/projects/{key}/feedback",
            get(feedback::page).post(feedback::submit),
        )
        .route("/projects/{key}/feedback/triage", post(feedback::triage))
        .route(
            "/projects/{key}/releases",
            get(releases::list).post(releases::create),
        )
        .route("/projects/{key}/releases/{id}", get(releases::page))
        .route(
            "/projects/{key}/releases/{id}/checklist",
            post(releases::checklist),
        )
        .route(
            "/projects/{key}/releases/{id}/decide",
            post(releases::decide),
        )
        .route(
            "/projects/{key}/releases/{id}/edit",
            get(release_edit::page).post(release_edit::save),
        )
        .route(
            "/projects/{key}/go-no-go-template",
            get(go_no_go_template::page).post(go_no_go_template::save),
        )
}

/// The direction sub-navigation: (label, path after `/projects/{key}`).
const PAGES: [(&str, &str); 6] = [
    ("Vision", "/vision"),
    ("Goals", "/goals"),
    ("Decisions", "/decisions"),
    ("Workshops", "/workshops"),
    ("Feedback", "/feedback"),
    ("Releases", "/releases"),
];

/// What every direction page shows around its content.
pub struct Frame {
    pub chrome: Chrome,
    pub tabs: Vec<NavLink>,
    pub subnav: Vec<NavLink>,
    pub key: String,
    pub name: String,
    /// The visitor is on the team (sees internal artefacts and may change things).
    pub team: bool,
    /// The visitor may change direction artefacts.
    pub can_edit: bool,
    /// The refused form shown again, if any.
    pub typed: Typed,
}

impl Frame {
    /// The frame of the page at `suffix` for `visible`, seen by `user`, showing `typed` again.
    pub fn new(user: &CurrentUser, visible: &VisibleProject, suffix: &str, typed: Typed) -> Self {
        let key = visible.project.key.clone();
        let subnav = PAGES
            .iter()
            .map(|(label, page)| NavLink {
                label,
                href: format!("/projects/{key}{page}"),
                current: suffix.starts_with(page),
                internal: false,
                group_heading: None,
            })
            .collect();
        let actor = user.actor();
        Self {
            chrome: Chrome::signed_in(user, Section::Projects),
            tabs: chrome::project_tabs(&key, "/vision"),
            subnav,
            name: visible.project.name.clone(),
            team: !actor.is_client(),
            can_edit: actor.may_on(&visible.access, ProjectAction::Contribute),
            typed,
            key,
        }
    }

    /// The frame of a page at `suffix` as a GET shows it: no refused form, and the notice
    /// a redirect after a save carries.
    pub fn shown(
        user: &CurrentUser,
        visible: &VisibleProject,
        suffix: &str,
        notice: Option<Notice>,
    ) -> Self {
        let mut frame = Self::new(user, visible, suffix, Typed::default());
        frame.chrome = frame.chrome.with_notice(notice);
        frame
    }

    /// 422 when the page shows a refused form, else 200.
    pub fn status(&self) -> StatusCode {
        self.typed.status()
    }
}

/// The project for a direction page (404 when not visible).
pub async fn project(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<VisibleProject, WebError> {
    Ok(guard::project(state, user, key, ProjectAction::View).await?)
}

/// Reads an optional number typed into a form.
pub fn number(field: &'static str, raw: &str) -> Result<Option<f64>, FormErrors> {
    let raw = raw.trim().replace(',', ".");
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .map(Some)
        .ok_or_else(|| FormErrors::field(&[(field, field)], field, "enter a number, e.g. 4.5"))
}

/// Non-empty lines of a textarea.
pub fn lines(raw: &str) -> Vec<String> {
    raw.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}
