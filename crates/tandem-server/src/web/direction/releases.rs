//! `/projects/{key}/releases`: the release timeline with a form for a new release, and a
//! release's go/no-go page — the criteria checklist and the go / delay to DATE / descope
//! FEATURES decision form.

use super::vision::visibility_options;
use super::{Frame, loaded_version, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::ensure_visible;
use crate::direction::releases::{
    self, CriterionBody, DecideBody, GoNoGoBody, GoNoGoView, ReleaseBody, ReleaseView,
};
use crate::direction::scope::{self, ScopeView};
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;

const FIELDS: &[Field] = &[
    ("name", "Name"),
    ("target_date", "Target date"),
    ("description", "Description"),
    ("outcome", "Decision"),
    ("date", "New date"),
    ("features", "Features to move out"),
    ("rationale", "Rationale"),
    ("criteria", "Checklist"),
];

/// The names of the release forms.
const NEW: &str = "release";
const CHECKLIST: &str = "checklist";
const DECIDE: &str = "decide";

/// What the new-release form posts.
#[derive(Debug, Deserialize, Serialize)]
pub struct ReleaseForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    target_date: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    visibility: String,
}

impl Default for ReleaseForm {
    /// An empty release, shared with the client.
    fn default() -> Self {
        Self {
            name: String::new(),
            target_date: String::new(),
            description: String::new(),
            visibility: "shared".to_owned(),
        }
    }
}

/// What the decide form posts.
#[derive(Debug, Deserialize, Serialize)]
pub struct DecideForm {
    /// go, delay or descope.
    #[serde(default)]
    outcome: String,
    /// The new date of a delay.
    #[serde(default)]
    date: String,
    /// The feature numbers a descope moves out.
    #[serde(default)]
    features: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    version: String,
}

impl Default for DecideForm {
    /// Go, until the decider picks another outcome.
    fn default() -> Self {
        Self {
            outcome: "go".to_owned(),
            date: String::new(),
            features: String::new(),
            rationale: String::new(),
            version: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/direction_releases.html")]
struct ListPage {
    chrome: Chrome,
    frame: Frame,
    releases: Vec<ReleaseView>,
    visibilities: Vec<SelectOption>,
    form: ReleaseForm,
}

#[derive(Template)]
#[template(path = "pages/direction_release.html")]
struct ReleasePage {
    chrome: Chrome,
    frame: Frame,
    release: ReleaseView,
    record: GoNoGoView,
    may_decide: bool,
    decision_title: Option<String>,
    scope: ScopeView,
    /// The checklist as typed (`met_<i>`, `evidence_<i>`), when refused.
    checklist: Option<HashMap<String, String>>,
    decide: DecideForm,
    /// Names of the project's people by user id (the team's view: owners and decider).
    names: HashMap<i64, String>,
    decider_name: Option<String>,
    /// Objectives the caller sees that this release delivers (`goals::release_objectives`).
    objectives: Vec<crate::direction::goals::ObjectiveView>,
}

impl ReleasePage {
    /// Whether checklist line `index` shows ticked: as typed when the checklist was refused.
    fn met(&self, index: &usize, stored: &bool) -> bool {
        match &self.checklist {
            Some(typed) => typed.contains_key(&format!("met_{index}")),
            None => *stored,
        }
    }

    /// The name of a checklist line's owner.
    fn owner_name(&self, owner: &Option<i64>) -> Option<&str> {
        owner.and_then(|id| self.names.get(&id)).map(String::as_str)
    }

    /// The evidence checklist line `index` shows.
    fn evidence<'a>(&'a self, index: &usize, stored: &'a str) -> &'a str {
        match &self.checklist {
            Some(typed) => typed
                .get(&format!("evidence_{index}"))
                .map_or("", String::as_str),
            None => stored,
        }
    }
}

fn field(form: &HashMap<String, String>, name: &str) -> String {
    form.get(name).cloned().unwrap_or_default()
}

/// `GET /projects/{key}/releases`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/releases", notice.notice());
    render_list(&state, &user, &visible, frame).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let views = releases::visible_list(&state.store, visible, user).await?;
    let form: ReleaseForm = frame.typed.restore(NEW).unwrap_or_default();
    let page = ListPage {
        chrome: frame.chrome.clone(),
        frame,
        releases: views,
        visibilities: visibility_options(&form.visibility),
        form,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/releases`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<ReleaseForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let body = ReleaseBody {
        name: form.name.clone(),
        target_date: Some(form.target_date.clone()),
        status: None,
        description: Some(form.description.clone()),
        visibility: Some(form.visibility.clone()),
        version: None,
    };
    match releases::create(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(release) => Ok(Notice::ReleaseCreated
            .redirect(&format!("/projects/{key}/releases/{}", release.id))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(NEW, &form, error, FIELDS, "release")?;
            let frame = Frame::new(&user, &visible, "/releases", typed);
            render_list(&state, &user, &visible, frame).await
        }
    }
}

/// `GET /projects/{key}/releases/{id}`: the go/no-go page.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/releases", notice.notice());
    render_page(&state, &user, &visible, id, frame).await
}

async fn render_page(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    frame: Frame,
) -> Result<Response, WebError> {
    let release = state.store.release(visible.project.id, id).await?;
    ensure_visible(visible, user, release.visibility, "release")?;
    let record = releases::go_no_go(&state.store, visible, id).await?;
    let may_decide = releases::may_decide(visible, user, &record);
    let decision_title = match record.decision_id {
        Some(decision_id) if frame.team => state
            .store
            .decision(visible.project.id, decision_id)
            .await
            .ok()
            .map(|d| d.title),
        _ => None,
    };
    let scope = scope::scope(&state.store, visible.project.id, id, !frame.team).await?;
    let checklist = frame.typed.restore(CHECKLIST);
    let decide = frame.typed.restore(DECIDE).unwrap_or_default();
    let names: HashMap<i64, String> = if frame.team {
        let mut names: HashMap<i64, String> = state
            .store
            .list_members(visible.project.id)
            .await?
            .into_iter()
            .map(|member| (member.user_id, member.name))
            .collect();
        if let Some(id) = record.decider_id
            && !names.contains_key(&id)
            && let Ok(decider) = state.store.user_by_id(id).await
        {
            names.insert(id, decider.name);
        }
        names
    } else {
        HashMap::new()
    };
    let decider_name = record.decider_id.and_then(|id| names.get(&id).cloned());
    let page = ReleasePage {
        objectives: super::goals::release_objectives(state, user, visible, id).await?,
        names,
        decider_name,
        scope,
        checklist,
        decide,
        chrome: frame.chrome.clone(),
        release: ReleaseView::new(release, Some(&record)),
        record: GoNoGoView::from(record),
        may_decide,
        decision_title,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/releases/{id}/checklist`: `met_<i>`, `evidence_<i>` per line.
pub async fn checklist(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let current = releases::go_no_go(&state.store, &visible, id).await?;
    let version = match loaded_version(&field(&form, "version")) {
        Ok(version) => version,
        Err(errors) => {
            let typed = Typed::refused(CHECKLIST, &form, errors);
            let frame = Frame::new(&user, &visible, "/releases", typed);
            return render_page(&state, &user, &visible, id, frame).await;
        }
    };
    let criteria = current
        .criteria
        .iter()
        .enumerate()
        .map(|(index, line)| CriterionBody {
            area: line.area.clone(),
            text: line.text.clone(),
            met: form.contains_key(&format!("met_{index}")),
            evidence: field(&form, &format!("evidence_{index}")),
            owner_id: line.owner_id,
        })
        .collect();
    let body = GoNoGoBody {
        criteria,
        decider_id: None,
        version: Some(version),
    };
    match releases::save_go_no_go(
        &Writer::new(&state, &meta, &user),
        &visible,
        id,
        &body,
        version,
    )
    .await
    {
        Ok(_) => Ok(Notice::ChecklistSaved
            .redirect(&format!("/projects/{key}/releases/{id}"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(CHECKLIST, &form, error, FIELDS, "checklist")?;
            let frame = Frame::new(&user, &visible, "/releases", typed);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}

/// `POST /projects/{key}/releases/{id}/decide`.
pub async fn decide(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let record = releases::go_no_go(&state.store, &visible, id).await?;
    if !releases::may_decide(&visible, &user, &record) {
        return Err(WebError::Forbidden(
            "Only the go/no-go decider (the product manager unless another is named) decides."
                .to_owned(),
        ));
    }
    let refuse = |errors| {
        let typed = Typed::refused(DECIDE, &form, errors);
        Frame::new(&user, &visible, "/releases", typed)
    };
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => return render_page(&state, &user, &visible, id, refuse(errors)).await,
    };
    let mut features = Vec::new();
    for part in form.features.split([',', ' ']) {
        let part = part.trim().trim_start_matches('#');
        if part.is_empty() {
            continue;
        }
        match part.parse() {
            Ok(feature) => features.push(feature),
            Err(_) => {
                let errors =
                    FormErrors::field(FIELDS, "features", "list feature numbers, e.g. 12, 15");
                return render_page(&state, &user, &visible, id, refuse(errors)).await;
            }
        }
    }
    let outcome = form.outcome.clone();
    let body = DecideBody {
        date: Some(form.date.clone()).filter(|_| outcome == "delay"),
        features: if outcome == "descope" {
            features
        } else {
            Vec::new()
        },
        outcome,
        rationale: form.rationale.clone(),
        visibility: None,
        version: Some(version),
    };
    match releases::decide(
        &Writer::new(&state, &meta, &user),
        &visible,
        id,
        &body,
        version,
    )
    .await
    {
        Ok(_) => Ok(Notice::ReleaseDecided
            .redirect(&format!("/projects/{key}/releases/{id}"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(DECIDE, &form, error, FIELDS, "release")?;
            let frame = Frame::new(&user, &visible, "/releases", typed);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}
