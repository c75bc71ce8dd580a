//! `/projects/{key}/goals`: objectives with their key results, grades and colour bands; a
//! form for a new objective (up to three key results) and one to record progress.

use super::vision::visibility_options;
use super::{Frame, loaded_version, number, project, writer};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::goals::{self, KeyResultBody, ObjectiveBody, ObjectiveView};
use crate::direction::sees_internal;
use crate::guard::{self, VisibleProject};
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
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::Visibility;

const FIELDS: &[Field] = &[
    ("title", "Objective"),
    ("description", "Description"),
    ("due_on", "Due"),
    ("key_results_metric", "Key result"),
    ("key_results_baseline", "Baseline"),
    ("key_results_target", "Target"),
    ("key_results_current", "Current"),
];

/// Key result rows the new-objective form offers.
const KR_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "pages/direction_goals.html")]
struct GoalsPage {
    chrome: Chrome,
    frame: Frame,
    objectives: Vec<ObjectiveView>,
    visibilities: Vec<SelectOption>,
    rows: Vec<usize>,
}

/// `GET /projects/{key}/goals`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let mut frame = Frame::new(&user, &visible, "/goals", FormErrors::default());
    frame.chrome = frame.chrome.with_notice(notice.notice());
    render(&state, &user, &visible, frame).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let internal = sees_internal(user);
    let objectives = state
        .store
        .list_objectives(visible.project.id)
        .await?
        .into_iter()
        .filter(|o| internal || o.visibility == Visibility::Shared)
        .map(ObjectiveView::from)
        .collect();
    let code = if frame.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = GoalsPage {
        chrome: frame.chrome.clone(),
        frame,
        objectives,
        visibilities: visibility_options("internal"),
        rows: (0..KR_ROWS).collect(),
    };
    Ok(page::render_with_status(code, &page))
}

/// Reads key result row `index` of the form (`metric_0`, `baseline_0`, …); `None` when the
/// row is left empty.
fn key_result(
    form: &HashMap<String, String>,
    index: usize,
) -> Result<Option<KeyResultBody>, FormErrors> {
    let get = |name: &str| {
        form.get(&format!("{name}_{index}"))
            .cloned()
            .unwrap_or_default()
    };
    let metric = get("metric");
    if metric.trim().is_empty() {
        return Ok(None);
    }
    let baseline = number("key_results_baseline", &get("baseline"))?.unwrap_or(0.0);
    let target = number("key_results_target", &get("target"))?.ok_or_else(|| {
        FormErrors::field(
            FIELDS,
            "key_results_target",
            "every key result needs a target",
        )
    })?;
    Ok(Some(KeyResultBody {
        metric,
        unit: Some(get("unit")),
        baseline,
        target,
        current: number("key_results_current", &get("current"))?,
        due_on: None,
    }))
}

fn field(form: &HashMap<String, String>, name: &str) -> String {
    form.get(name).cloned().unwrap_or_default()
}

/// `POST /projects/{key}/goals`: a new objective.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let mut key_results = Vec::new();
    for index in 0..KR_ROWS {
        match key_result(&form, index) {
            Ok(Some(kr)) => key_results.push(kr),
            Ok(None) => {}
            Err(errors) => {
                let frame = Frame::new(&user, &visible, "/goals", errors);
                return render(&state, &user, &visible, frame).await;
            }
        }
    }
    let body = ObjectiveBody {
        title: field(&form, "title"),
        description: Some(field(&form, "description")),
        due_on: Some(field(&form, "due_on")),
        visibility: Some(field(&form, "visibility")),
        workshop_id: None,
        key_results,
        feature_ids: Vec::new(),
        version: None,
    };
    match goals::create(&writer(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::ObjectiveCreated
            .redirect(&format!("/projects/{key}/goals"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            let frame = Frame::new(&user, &visible, "/goals", errors);
            render(&state, &user, &visible, frame).await
        }
    }
}

/// `POST /projects/{key}/goals/{id}/progress`: new current values (`current_<kr id>`).
pub async fn progress(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let objective = state.store.objective(visible.project.id, id).await?;
    let refuse = |errors| Frame::new(&user, &visible, "/goals", errors);
    let version = match loaded_version(&field(&form, "version")) {
        Ok(version) => version,
        Err(errors) => return render(&state, &user, &visible, refuse(errors)).await,
    };
    let mut key_results = Vec::new();
    for kr in &objective.key_results {
        let current = match number(
            "key_results_current",
            &field(&form, &format!("current_{}", kr.id)),
        ) {
            Ok(value) => value.unwrap_or(kr.current),
            Err(errors) => return render(&state, &user, &visible, refuse(errors)).await,
        };
        key_results.push(KeyResultBody {
            metric: kr.metric.clone(),
            unit: Some(kr.unit.clone()),
            baseline: kr.baseline,
            target: kr.target,
            current: Some(current),
            due_on: kr.due_on.clone(),
        });
    }
    let body = ObjectiveBody {
        title: objective.title.clone(),
        description: Some(objective.description.clone()),
        due_on: objective.due_on.clone(),
        visibility: Some(objective.visibility.as_str().to_owned()),
        workshop_id: objective.workshop_id,
        key_results,
        feature_ids: objective.feature_ids.clone(),
        version: Some(version),
    };
    match goals::update(&writer(&state, &meta, &user), &visible, id, &body, version).await {
        Ok(_) => Ok(Notice::ProgressRecorded
            .redirect(&format!("/projects/{key}/goals"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            render(&state, &user, &visible, refuse(errors)).await
        }
    }
}
