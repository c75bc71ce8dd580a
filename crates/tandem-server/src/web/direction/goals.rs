//! `/projects/{key}/goals`: objectives with their key results, grades, colour bands and the
//! releases that deliver them; a form for a new objective (up to three key results and its
//! releases), one to record progress and one to change an objective's releases.

use super::vision::visibility_options;
use super::{Frame, loaded_version, number, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::goals::{self, KeyResultBody, KeyResultView, ObjectiveBody, ObjectiveView};
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
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;

const FIELDS: &[Field] = &[
    ("title", "Objective"),
    ("description", "Description"),
    ("due_on", "Due"),
    ("key_results_metric", "Key result"),
    ("key_results_baseline", "Baseline"),
    ("key_results_target", "Target"),
    ("key_results_current", "Current"),
    ("release_ids", "Releases"),
];

/// Key result rows the new-objective form offers.
const KR_ROWS: usize = 3;

/// The new-objective form's name; an objective's progress form is `progress-{id}`, its
/// releases form `releases-{id}`.
const NEW: &str = "objective";

/// The prefix of the release checkboxes, `release_{id}`.
const RELEASE: &str = "release_";

/// A release an objective may be delivered by.
struct ReleaseChoice {
    id: i64,
    name: String,
}

#[derive(Template)]
#[template(path = "pages/direction_goals.html")]
struct GoalsPage {
    chrome: Chrome,
    frame: Frame,
    objectives: Vec<ObjectiveView>,
    /// The project's releases the caller sees, by target date.
    releases: Vec<ReleaseChoice>,
    visibilities: Vec<SelectOption>,
    rows: Vec<usize>,
    /// The new-objective form as typed (when refused).
    new_objective: HashMap<String, String>,
}

impl GoalsPage {
    /// Input `name` of the new-objective form as typed.
    fn typed(&self, name: &str) -> &str {
        self.new_objective.get(name).map_or("", String::as_str)
    }

    /// Input `name` of key result row `index` of the new-objective form as typed.
    fn typed_row(&self, name: &str, index: &usize) -> &str {
        self.typed(&format!("{name}_{index}"))
    }

    /// The releases the caller sees that deliver `objective`.
    fn releases_of(&self, objective: &ObjectiveView) -> Vec<&ReleaseChoice> {
        self.releases
            .iter()
            .filter(|r| objective.release_ids.contains(&r.id))
            .collect()
    }

    /// True when release box `release` of the new-objective form was ticked as typed.
    fn typed_release(&self, release: &ReleaseChoice) -> bool {
        self.new_objective
            .contains_key(&format!("{RELEASE}{}", release.id))
    }

    /// Why objective `objective`'s releases form was refused (empty unless it was).
    fn releases_errors(&self, objective: &ObjectiveView) -> &FormErrors {
        self.frame.typed.errors(&releases_form(objective.id))
    }

    /// True when `release`'s box is ticked on objective `objective`'s releases form: as typed
    /// when that form was refused, else as stored.
    fn ticked(&self, objective: &ObjectiveView, release: &ReleaseChoice) -> bool {
        let typed: Option<HashMap<String, String>> =
            self.frame.typed.restore(&releases_form(objective.id));
        match typed {
            Some(values) => values.contains_key(&format!("{RELEASE}{}", release.id)),
            None => objective.release_ids.contains(&release.id),
        }
    }

    /// Why objective `objective`'s progress form was refused (empty unless it was).
    fn progress_errors(&self, objective: &ObjectiveView) -> &FormErrors {
        self.frame.typed.errors(&progress_form(objective.id))
    }

    /// The current value a progress form shows: as typed when that form was refused.
    fn current(&self, objective: &ObjectiveView, kr: &KeyResultView) -> String {
        let typed: Option<HashMap<String, String>> =
            self.frame.typed.restore(&progress_form(objective.id));
        match typed {
            Some(values) => values
                .get(&format!("current_{}", kr.id))
                .cloned()
                .unwrap_or_default(),
            None => kr.current.to_string(),
        }
    }
}

/// The name of objective `id`'s progress form.
fn progress_form(id: i64) -> String {
    format!("progress-{id}")
}

/// The name of objective `id`'s releases form.
fn releases_form(id: i64) -> String {
    format!("releases-{id}")
}

/// The release ids ticked on a form (`release_{id}` boxes), ascending.
fn ticked_releases(form: &HashMap<String, String>) -> Vec<i64> {
    let mut ids: Vec<i64> = form
        .keys()
        .filter_map(|name| name.strip_prefix(RELEASE)?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

/// `GET /projects/{key}/goals`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/goals", notice.notice());
    render(&state, &user, &visible, frame).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let objectives = goals::visible_objectives(&state.store, visible.project.id, user).await?;
    let internal = crate::direction::sees_internal(user);
    let releases = state
        .store
        .list_releases(visible.project.id)
        .await?
        .into_iter()
        .filter(|r| internal || r.visibility == tandem_core::product::direction::Visibility::Shared)
        .map(|r| ReleaseChoice {
            id: r.id,
            name: r.name,
        })
        .collect();
    let new_objective: HashMap<String, String> = frame.typed.restore(NEW).unwrap_or_default();
    let visibility = new_objective
        .get("visibility")
        .map_or("internal", String::as_str);
    let page = GoalsPage {
        chrome: frame.chrome.clone(),
        visibilities: visibility_options(visibility),
        frame,
        objectives,
        releases,
        rows: (0..KR_ROWS).collect(),
        new_objective,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
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
                let frame = Frame::new(
                    &user,
                    &visible,
                    "/goals",
                    Typed::refused(NEW, &form, errors),
                );
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
        release_ids: Some(ticked_releases(&form)),
        version: None,
    };
    match goals::create(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(_) => Ok(Notice::ObjectiveCreated
            .redirect(&format!("/projects/{key}/goals"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(NEW, &form, error, FIELDS, "objective")?;
            let frame = Frame::new(&user, &visible, "/goals", typed);
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
    let name = progress_form(id);
    let refuse = |errors| {
        let typed = Typed::refused(name.clone(), &form, errors);
        Frame::new(&user, &visible, "/goals", typed)
    };
    let version = match loaded_version(&field(&form, "version")) {
        Ok(version) => version,
        Err(errors) => return render(&state, &user, &visible, refuse(errors)).await,
    };
    let mut current = HashMap::new();
    for kr in &objective.key_results {
        match number(
            "key_results_current",
            &field(&form, &format!("current_{}", kr.id)),
        ) {
            Ok(value) => {
                current.insert(kr.id, value.unwrap_or(kr.current));
            }
            Err(errors) => return render(&state, &user, &visible, refuse(errors)).await,
        }
    }
    let body = goals::with_progress(&objective, &current);
    save_objective(
        &Writer::new(&state, &meta, &user),
        &user,
        &visible,
        (id, version),
        &body,
        (name, &form),
        Notice::ProgressRecorded.redirect(&format!("/projects/{key}/goals")),
    )
    .await
}

/// `POST /projects/{key}/goals/{id}/releases`: replaces the releases that deliver objective
/// `id` with the ticked `release_{id}` boxes, at the version shown.
pub async fn releases(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let objective = state.store.objective(visible.project.id, id).await?;
    let name = releases_form(id);
    let version = match loaded_version(&field(&form, "version")) {
        Ok(version) => version,
        Err(errors) => {
            let frame = Frame::new(
                &user,
                &visible,
                "/goals",
                Typed::refused(name, &form, errors),
            );
            return render(&state, &user, &visible, frame).await;
        }
    };
    let body = ObjectiveBody {
        release_ids: Some(ticked_releases(&form)),
        ..goals::with_progress(&objective, &HashMap::new())
    };
    save_objective(
        &Writer::new(&state, &meta, &user),
        &user,
        &visible,
        (id, version),
        &body,
        (name, &form),
        Notice::ObjectiveSaved.redirect(&format!("/projects/{key}/goals#objective-{id}")),
    )
    .await
}

/// Writes `body` over objective `id` at `version` for the per-objective forms (progress,
/// releases), which end alike: on success follow `done`; on refusal show the API's error
/// on form `name` of the goals page, refilled from `form`.
async fn save_objective(
    writer: &Writer<'_>,
    user: &CurrentUser,
    visible: &VisibleProject,
    (id, version): (i64, i64),
    body: &ObjectiveBody,
    (name, form): (String, &HashMap<String, String>),
    done: Redirect,
) -> Result<Response, WebError> {
    match goals::update(writer, visible, id, body, version).await {
        Ok(_) => Ok(done.into_response()),
        Err(error) => {
            let typed = Typed::from_api(name, form, error, FIELDS, "objective")?;
            let frame = Frame::new(user, visible, "/goals", typed);
            render(writer.state, user, visible, frame).await
        }
    }
}

/// The objectives `user` may see that release `release_id` delivers, for the release page.
pub(super) async fn release_objectives(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    release_id: i64,
) -> Result<Vec<ObjectiveView>, WebError> {
    Ok(
        goals::visible_objectives(&state.store, visible.project.id, user)
            .await?
            .into_iter()
            .filter(|o| o.release_ids.contains(&release_id))
            .collect(),
    )
}
