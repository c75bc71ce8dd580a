//! `/projects/{key}/hypotheses/{id}`: one hypothesis with its place on the assumption map,
//! its edit and delete forms, and its experiments — planned here (the success criterion is
//! decided before and frozen once the experiment starts) and closed by recording a result
//! whose outcome updates the hypothesis.

use super::forms::{self, finish, options};
use super::{Frame, render as render_cockpit, visibility_options, writer};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::product::input::{
    ExperimentChange, ExperimentInput, HypothesisChange, HypothesisInput, ResultInput,
};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::{ExperimentView, HypothesisView};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::SelectOption;
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::product::artefacts::{
    ExperimentMethod, ExperimentOutcome, HypothesisKind, HypothesisStatus,
};
use tandem_core::product::assumptions::Evidence;

/// What the hypothesis forms post.
#[derive(Debug, Default, Deserialize)]
pub struct HypothesisForm {
    #[serde(default)]
    statement: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    importance: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    version: String,
}

/// What the experiment plan forms post.
#[derive(Debug, Default, Deserialize)]
pub struct ExperimentForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    method: String,
    /// Absent when the criterion is locked (the input is then not editable).
    #[serde(default)]
    success_criterion: Option<String>,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    version: String,
}

/// What the result form posts.
#[derive(Debug, Default, Deserialize)]
pub struct ResultForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    version: String,
}

/// An experiment with its forms' options.
struct ExperimentRow {
    experiment: ExperimentView,
    methods: Vec<SelectOption>,
    outcomes: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
}

#[derive(Template)]
#[template(path = "pages/product_hypothesis.html")]
struct HypothesisPage {
    chrome: Chrome,
    frame: Frame,
    hypothesis: HypothesisView,
    kinds: Vec<SelectOption>,
    importances: Vec<SelectOption>,
    evidences: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    experiments: Vec<ExperimentRow>,
    new_methods: Vec<SelectOption>,
    new_visibilities: Vec<SelectOption>,
}

/// The importance select, 1 (minor) to 5 (the concept fails without it).
fn importance_options(current: &str) -> Vec<SelectOption> {
    (1..=5)
        .map(|i| SelectOption::new(i.to_string(), i.to_string(), current))
        .collect()
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    id: i64,
    notice: Option<Notice>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let hypothesis = service::hypothesis(state, &scope, id).await?;
    let experiments = service::experiments(state, &scope, id)
        .await?
        .into_iter()
        .map(|experiment| ExperimentRow {
            methods: options(
                ExperimentMethod::ALL,
                ExperimentMethod::as_str,
                &experiment.method,
                None,
            ),
            outcomes: options(
                ExperimentOutcome::ALL,
                ExperimentOutcome::as_str,
                experiment.outcome.as_deref().unwrap_or_default(),
                Some("not decided yet"),
            ),
            visibilities: visibility_options(&experiment.visibility),
            experiment,
        })
        .collect();
    let frame = Frame::new(user, &scope, notice, message);
    let page = HypothesisPage {
        chrome: frame.chrome.clone(),
        frame,
        kinds: options(
            HypothesisKind::ALL,
            HypothesisKind::as_str,
            &hypothesis.kind,
            None,
        ),
        importances: importance_options(&hypothesis.importance.to_string()),
        evidences: options(Evidence::ALL, Evidence::as_str, &hypothesis.evidence, None),
        statuses: options(
            HypothesisStatus::ALL,
            HypothesisStatus::as_str,
            &hypothesis.status,
            None,
        ),
        visibilities: visibility_options(&hypothesis.visibility),
        experiments,
        new_methods: options(
            ExperimentMethod::ALL,
            ExperimentMethod::as_str,
            "interview",
            None,
        ),
        new_visibilities: visibility_options("internal"),
        hypothesis,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/hypotheses/{id}`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    render(&state, &user, &key, id, query.notice(), None).await
}

/// `POST /projects/{key}/hypotheses`: a new hypothesis from the product page; its page opens.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HypothesisForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let created = async {
        let input = HypothesisInput {
            statement: form.statement.clone(),
            kind: form.kind.clone(),
            importance: forms::whole("importance", &form.importance)?.unwrap_or(0),
            evidence: forms::chosen(&form.evidence),
            status: forms::chosen(&form.status),
            visibility: forms::chosen(&form.visibility),
            workshop_id: None,
        };
        service::create_hypothesis(&writer(&state, &meta, &user), &scope, &input).await
    }
    .await;
    match created {
        Ok(h) => Ok(Notice::HypothesisSaved
            .redirect(&format!("/projects/{key}/hypotheses/{}", h.id))
            .into_response()),
        Err(error) => {
            let message = forms::refusal(error, "hypothesis")?;
            render_cockpit(&state, &user, &key, Default::default(), Some(message)).await
        }
    }
}

/// `POST /projects/{key}/hypotheses/{id}`: saves every field at the version shown.
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HypothesisForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let change = HypothesisChange {
            statement: Some(form.statement.clone()),
            kind: forms::chosen(&form.kind),
            importance: forms::whole("importance", &form.importance)?,
            evidence: forms::chosen(&form.evidence),
            status: forms::chosen(&form.status),
            visibility: forms::chosen(&form.visibility),
            ..HypothesisChange::default()
        };
        let expected = forms::version(&form.version)?;
        service::update_hypothesis(&writer(&state, &meta, &user), &scope, id, &change, expected)
            .await
    }
    .await;
    let target = format!("/projects/{key}/hypotheses/{id}");
    finish(saved, "hypothesis", Notice::HypothesisSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/hypotheses/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HypothesisForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let deleted = async {
        let expected = forms::version(&form.version)?;
        service::delete_hypothesis(&writer(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let target = format!("/projects/{key}/product");
    finish(
        deleted,
        "hypothesis",
        Notice::HypothesisDeleted,
        &target,
        |m| render(&state, &user, &key, id, None, Some(m)),
    )
    .await
}

/// An empty date field means no date.
fn date(raw: &str) -> Option<String> {
    forms::chosen(raw)
}

/// `POST /projects/{key}/hypotheses/{id}/experiments`: plans an experiment.
pub async fn create_experiment(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ExperimentForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let input = ExperimentInput {
        title: form.title,
        method: form.method,
        success_criterion: form.success_criterion.unwrap_or_default(),
        starts_on: date(&form.starts_on),
        ends_on: date(&form.ends_on),
        visibility: forms::chosen(&form.visibility),
        workshop_id: None,
    };
    let saved = service::create_experiment(&writer(&state, &meta, &user), &scope, id, &input).await;
    let target = format!("/projects/{key}/hypotheses/{id}");
    finish(saved, "experiment", Notice::ExperimentSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/hypotheses/{id}/experiments/{experiment}`: changes the plan.
pub async fn update_experiment(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id, experiment)): Path<(String, i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ExperimentForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let change = ExperimentChange {
            title: Some(form.title.clone()),
            method: forms::chosen(&form.method),
            success_criterion: form.success_criterion.clone(),
            starts_on: Some(date(&form.starts_on)),
            ends_on: Some(date(&form.ends_on)),
            visibility: forms::chosen(&form.visibility),
            ..ExperimentChange::default()
        };
        let expected = forms::version(&form.version)?;
        service::update_experiment(
            &writer(&state, &meta, &user),
            &scope,
            id,
            experiment,
            &change,
            expected,
        )
        .await
    }
    .await;
    let target = format!("/projects/{key}/hypotheses/{id}");
    finish(saved, "experiment", Notice::ExperimentSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/hypotheses/{id}/experiments/{experiment}/result`: records what
/// was observed and, with an outcome, updates the hypothesis.
pub async fn record_result(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id, experiment)): Path<(String, i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ResultForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let input = ResultInput {
            result: form.result.clone(),
            outcome: forms::chosen(&form.outcome),
            version: None,
        };
        let expected = forms::version(&form.version)?;
        service::record_result(
            &writer(&state, &meta, &user),
            &scope,
            id,
            experiment,
            &input,
            expected,
        )
        .await
    }
    .await;
    let target = format!("/projects/{key}/hypotheses/{id}");
    finish(saved, "experiment", Notice::ResultRecorded, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}
