//! `/projects/{key}/reports`: the history of weekly status reports with a button that
//! generates this week's, and one report as a printable page (the print stylesheet drops the
//! navigation and starts each side on a new page) with its Markdown download.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::notice::{Notice, NoticeQuery};
use super::page;
use super::portfolio::severity_class;
use crate::audit::Writer;
use crate::context::RequestMeta;
use crate::guard;
use crate::reports::{self, PeriodInput, ReportSummaryView, ReportView};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::health::Severity;

#[derive(Template)]
#[template(path = "pages/reports.html")]
struct ListPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    reports: Vec<ReportSummaryView>,
    can_generate: bool,
}

/// `GET /projects/{key}/reports`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let reports = reports::list(&state, &user, &key).await?;
    let actor = user.actor();
    let page = ListPage {
        chrome: Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice()),
        tabs: chrome::project_tabs(&key, "/reports"),
        can_generate: !actor.is_client()
            && actor.may_on(&visible.access, ProjectAction::Contribute),
        name: visible.project.name,
        key,
        reports,
    };
    Ok(page::render(&page))
}

/// The generate form: an optional period (empty fields mean this week).
#[derive(Debug, Deserialize)]
pub struct GenerateForm {
    #[serde(default)]
    period_start: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
}

/// `POST /projects/{key}/reports`: generates a report and opens it.
pub async fn generate(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<GenerateForm>,
) -> Result<Response, WebError> {
    let input = PeriodInput {
        period_start: form.period_start,
        period_end: form.period_end,
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let view = reports::create(&writer, &user, &key, &input).await?;
    let path = format!("/projects/{key}/reports/{}", view.summary.id);
    Ok(Notice::ReportGenerated.redirect(&path).into_response())
}

#[derive(Template)]
#[template(path = "pages/report.html")]
struct ReportPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    view: ReportView,
}

impl ReportPage {
    fn badge(&self, severity: &Severity) -> &'static str {
        severity_class(*severity)
    }

    fn percent(&self, share: &f64) -> String {
        format!("{:.0} %", share * 100.0)
    }
}

/// `GET /projects/{key}/reports/{id}`: one report (the client version for client contacts).
pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let view = reports::read(&state, &user, id).await?;
    if view.summary.project_key != key {
        return Err(WebError::NotFound);
    }
    let page = ReportPage {
        chrome: Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice()),
        tabs: chrome::project_tabs(&key, "/reports"),
        key,
        view,
    };
    Ok(page::render(&page))
}
