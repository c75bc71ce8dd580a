//! `/projects/{key}/hypotheses/{id}`: one hypothesis with its place on the assumption map,
//! its edit and delete forms, and its experiments — planned here (the success criterion is
//! decided before and frozen once the experiment starts) and closed by recording a result
//! whose outcome updates the hypothesis. The edit form also ticks the personas it is about.

use super::forms::{self, Sent, finish, options};
use super::{Frame, NEW_HYPOTHESIS, refused as cockpit_refused, visibility_options};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::product::input::{
    ExperimentChange, ExperimentInput, HypothesisChange, HypothesisInput, ResultInput,
};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::{ExperimentView, HypothesisView, PersonaView};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, SelectOption, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::product::artefacts::{
    ExperimentMethod, ExperimentOutcome, HypothesisKind, HypothesisStatus,
};
use tandem_core::product::assumptions::Evidence;

/// The inputs of the hypothesis and experiment forms, with the labels their messages carry.
const FIELDS: &[Field] = &[
    ("statement", "Statement"),
    ("kind", "Type"),
    ("importance", "Importance"),
    ("evidence", "Evidence"),
    ("status", "Status"),
    ("visibility", "Visibility"),
    ("title", "Title"),
    ("method", "Method"),
    ("success_criterion", "Success criterion"),
    ("starts_on", "Starts"),
    ("ends_on", "Ends"),
    ("result", "What was observed"),
    ("outcome", "Outcome"),
];

/// The names of the hypothesis page's forms; an experiment's plan and result forms are
/// named `experiment-{id}` and `result-{id}`.
const EDIT: &str = "edit";
const DELETE: &str = "delete";
const NEW_EXPERIMENT: &str = "new-experiment";

/// The prefix of the persona checkboxes, `persona_{id}`.
const PERSONA: &str = "persona_";

/// What the hypothesis forms post, with the ticked `persona_{id}` boxes.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct HypothesisForm {
    #[serde(default)]
    pub(super) statement: String,
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) importance: String,
    #[serde(default)]
    pub(super) evidence: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    pub(super) visibility: String,
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    ticks: HashMap<String, String>,
}

impl HypothesisForm {
    /// The new-hypothesis form: a desirability assumption of middling importance with no
    /// evidence yet, internal.
    pub(super) fn blank() -> Self {
        Self {
            kind: HypothesisKind::Desirability.as_str().to_owned(),
            importance: "3".to_owned(),
            evidence: Evidence::None.as_str().to_owned(),
            visibility: "internal".to_owned(),
            ..Self::default()
        }
    }

    /// The form filled with the stored hypothesis.
    fn of(h: &HypothesisView) -> Self {
        Self {
            statement: h.statement.clone(),
            kind: h.kind.clone(),
            importance: h.importance.to_string(),
            evidence: h.evidence.clone(),
            status: h.status.clone(),
            visibility: h.visibility.clone(),
            version: h.meta.version.to_string(),
            ticks: h
                .personas
                .iter()
                .map(|p| (format!("{PERSONA}{}", p.id), "on".to_owned()))
                .collect(),
        }
    }

    /// The personas ticked.
    fn persona_ids(&self) -> Vec<i64> {
        forms::ticked(&self.ticks, PERSONA)
    }
}

/// A persona the hypothesis may be about, ticked when it is.
pub(super) struct PersonaChoice {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) ticked: bool,
}

/// The project's personas as boxes of a hypothesis form, ticked as `form` has them.
pub(super) fn persona_choices(
    personas: &[PersonaView],
    form: &HypothesisForm,
) -> Vec<PersonaChoice> {
    let ticked = form.persona_ids();
    personas
        .iter()
        .map(|p| PersonaChoice {
            ticked: ticked.contains(&p.id),
            id: p.id,
            name: p.name.clone(),
        })
        .collect()
}

/// What the experiment plan forms post.
#[derive(Debug, Default, Deserialize, Serialize)]
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

impl ExperimentForm {
    /// The plan form of a new experiment: an interview, internal.
    fn blank() -> Self {
        Self {
            method: ExperimentMethod::Interview.as_str().to_owned(),
            visibility: "internal".to_owned(),
            ..Self::default()
        }
    }

    /// The form filled with the stored experiment.
    fn of(e: &ExperimentView) -> Self {
        Self {
            title: e.title.clone(),
            method: e.method.clone(),
            success_criterion: Some(e.success_criterion.clone()),
            starts_on: e.starts_on.clone().unwrap_or_default(),
            ends_on: e.ends_on.clone().unwrap_or_default(),
            visibility: e.visibility.clone(),
            version: e.meta.version.to_string(),
        }
    }

    /// The success criterion as typed.
    fn criterion(&self) -> &str {
        self.success_criterion.as_deref().unwrap_or_default()
    }
}

/// What the result form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ResultForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    version: String,
}

impl ResultForm {
    /// The form filled with the stored result.
    fn of(e: &ExperimentView) -> Self {
        Self {
            result: e.result.clone(),
            outcome: e.outcome.clone().unwrap_or_default(),
            version: e.meta.version.to_string(),
        }
    }
}

/// An experiment with its plan and result forms (as stored, or as typed when refused).
struct ExperimentRow {
    experiment: ExperimentView,
    /// The plan form's name, `experiment-{id}`.
    plan_name: String,
    plan: ExperimentForm,
    /// The result form's name, `result-{id}`.
    result_name: String,
    result: ResultForm,
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
    form: HypothesisForm,
    new_experiment: ExperimentForm,
    kinds: Vec<SelectOption>,
    importances: Vec<SelectOption>,
    evidences: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    /// The project's personas the caller sees, for the edit form.
    personas: Vec<PersonaChoice>,
    experiments: Vec<ExperimentRow>,
    new_methods: Vec<SelectOption>,
    new_visibilities: Vec<SelectOption>,
}

/// The importance select, 1 (minor) to 5 (the concept fails without it).
pub(super) fn importance_options(current: &str) -> Vec<SelectOption> {
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
    typed: Typed,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let hypothesis = service::hypothesis(state, &scope, id).await?;
    let experiments = service::experiments(state, &scope, id)
        .await?
        .into_iter()
        .map(|experiment| {
            let plan_name = format!("experiment-{}", experiment.id);
            let result_name = format!("result-{}", experiment.id);
            let plan = typed
                .restore(&plan_name)
                .unwrap_or_else(|| ExperimentForm::of(&experiment));
            let result = typed
                .restore(&result_name)
                .unwrap_or_else(|| ResultForm::of(&experiment));
            ExperimentRow {
                methods: options(
                    ExperimentMethod::ALL,
                    ExperimentMethod::as_str,
                    &plan.method,
                    None,
                ),
                outcomes: options(
                    ExperimentOutcome::ALL,
                    ExperimentOutcome::as_str,
                    &result.outcome,
                    None,
                ),
                visibilities: visibility_options(&plan.visibility),
                plan_name,
                plan,
                result_name,
                result,
                experiment,
            }
        })
        .collect();
    let form = typed
        .restore(EDIT)
        .unwrap_or_else(|| HypothesisForm::of(&hypothesis));
    let new_experiment = typed
        .restore(NEW_EXPERIMENT)
        .unwrap_or_else(ExperimentForm::blank);
    let personas = if scope.can_edit {
        persona_choices(&service::personas(state, &scope).await?, &form)
    } else {
        Vec::new()
    };
    let frame = Frame::new(user, &scope, notice, typed);
    let page = HypothesisPage {
        chrome: frame.chrome.clone(),
        frame,
        kinds: options(
            HypothesisKind::ALL,
            HypothesisKind::as_str,
            &form.kind,
            None,
        ),
        importances: importance_options(&form.importance),
        evidences: options(Evidence::ALL, Evidence::as_str, &form.evidence, None),
        statuses: options(
            HypothesisStatus::ALL,
            HypothesisStatus::as_str,
            &form.status,
            None,
        ),
        visibilities: visibility_options(&form.visibility),
        personas,
        experiments,
        new_methods: options(
            ExperimentMethod::ALL,
            ExperimentMethod::as_str,
            &new_experiment.method,
            None,
        ),
        new_visibilities: visibility_options(&new_experiment.visibility),
        form,
        new_experiment,
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
    render(&state, &user, &key, id, query.notice(), Typed::default()).await
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
            persona_ids: form.persona_ids(),
        };
        service::create_hypothesis(&Writer::new(&state, &meta, &user), &scope, &input).await
    }
    .await;
    finish(
        created,
        Sent::new(NEW_HYPOTHESIS, &form, FIELDS, "hypothesis"),
        Notice::HypothesisSaved,
        |h| format!("/projects/{key}/hypotheses/{}", h.id),
        |typed| cockpit_refused(&state, &user, &key, typed),
    )
    .await
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
            persona_ids: Some(form.persona_ids()),
            ..HypothesisChange::default()
        };
        let expected = forms::version(&form.version)?;
        service::update_hypothesis(
            &Writer::new(&state, &meta, &user),
            &scope,
            id,
            &change,
            expected,
        )
        .await
    }
    .await;
    let sent = Sent::new(EDIT, &form, FIELDS, "hypothesis");
    let back = |_: &_| format!("/projects/{key}/hypotheses/{id}");
    finish(saved, sent, Notice::HypothesisSaved, back, |typed| {
        render(&state, &user, &key, id, None, typed)
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
        service::delete_hypothesis(&Writer::new(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let sent = Sent::new(DELETE, &form, FIELDS, "hypothesis");
    let back = |_: &_| format!("/projects/{key}/product");
    finish(deleted, sent, Notice::HypothesisDeleted, back, |typed| {
        render(&state, &user, &key, id, None, typed)
    })
    .await
}

/// Back to the hypothesis page with `notice` after an experiment form, or the page again
/// with the form as typed.
async fn experiment_done<T, S: Serialize>(
    result: Result<T, crate::error::ApiError>,
    sent: Sent<'_, S>,
    (state, user, key, id): (&AppState, &CurrentUser, &str, i64),
    notice: Notice,
) -> Result<Response, WebError> {
    let back = |_: &T| format!("/projects/{key}/hypotheses/{id}");
    finish(result, sent, notice, back, |typed| {
        render(state, user, key, id, None, typed)
    })
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
        title: form.title.clone(),
        method: form.method.clone(),
        success_criterion: form.criterion().to_owned(),
        starts_on: date(&form.starts_on),
        ends_on: date(&form.ends_on),
        visibility: forms::chosen(&form.visibility),
        workshop_id: None,
    };
    let saved =
        service::create_experiment(&Writer::new(&state, &meta, &user), &scope, id, &input).await;
    let sent = Sent::new(NEW_EXPERIMENT, &form, FIELDS, "experiment");
    experiment_done(
        saved,
        sent,
        (&state, &user, &key, id),
        Notice::ExperimentSaved,
    )
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
            &Writer::new(&state, &meta, &user),
            &scope,
            id,
            experiment,
            &change,
            expected,
        )
        .await
    }
    .await;
    let sent = Sent::new(
        format!("experiment-{experiment}"),
        &form,
        FIELDS,
        "experiment",
    );
    experiment_done(
        saved,
        sent,
        (&state, &user, &key, id),
        Notice::ExperimentSaved,
    )
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
            &Writer::new(&state, &meta, &user),
            &scope,
            id,
            experiment,
            &input,
            expected,
        )
        .await
    }
    .await;
    let sent = Sent::new(format!("result-{experiment}"), &form, FIELDS, "experiment");
    experiment_done(
        saved,
        sent,
        (&state, &user, &key, id),
        Notice::ResultRecorded,
    )
    .await
}
