//! `/projects/{key}/product`: the product cockpit page — ranked backlog with a model switcher
//! (rows show the scores and link to the feature page, where they are edited), the MVP cut with the MoSCoW guard, the now/next/later roadmap, personas
//! and the assumption map, with forms creating features, hypotheses and personas — and the
//! pages of one feature, hypothesis or persona. Plain HTML forms; everything goes through
//! `product::service`.

mod feature;
mod forms;
mod hypothesis;
mod persona;
mod roadmap;

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::SignedIn;
use super::page;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::product::input::FeatureChange;
use crate::product::scope::ProductScope;
use crate::product::scores::SortModel;
use crate::product::service;
use crate::product::views::{
    AssumptionMapView, FeatureView, MvpView, PersonaView, QuadrantView, RoadmapView,
};
use crate::state::AppState;
use crate::web::form::{SelectOption, Typed};
use crate::web::notice::Notice;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tandem_core::product::artefacts::{HypothesisKind, Visibility};
use tandem_core::product::assumptions::Evidence;

use feature::FeatureForm;
use hypothesis::HypothesisForm;
use persona::PersonaForm;

/// The names of the cockpit's new-artefact forms (their `<details>` ids and field scopes).
const NEW_FEATURE: &str = "new-feature";
const NEW_HYPOTHESIS: &str = "new-hypothesis";
const NEW_PERSONA: &str = "new-persona";

/// The product routes (mounted by `web::router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{key}/product", get(page))
        .route("/projects/{key}/roadmap", get(roadmap::page))
        .route(
            "/projects/{key}/roadmap/features/{id}/move",
            post(roadmap::move_feature),
        )
        .route("/projects/{key}/features", post(feature::create))
        .route(
            "/projects/{key}/features/{id}",
            get(feature::page).post(feature::update),
        )
        .route(
            "/projects/{key}/features/{id}/delete",
            post(feature::delete),
        )
        .route(
            "/projects/{key}/features/{id}/criteria",
            post(feature::add_criterion),
        )
        .route(
            "/projects/{key}/features/{id}/criteria/{criterion}/toggle",
            post(feature::toggle_criterion),
        )
        .route(
            "/projects/{key}/features/{id}/criteria/{criterion}/delete",
            post(feature::delete_criterion),
        )
        .route(
            "/projects/{key}/features/{id}/items",
            post(feature::link_item),
        )
        .route(
            "/projects/{key}/features/{id}/items/unlink",
            post(feature::unlink_item),
        )
        .route("/projects/{key}/hypotheses", post(hypothesis::create))
        .route(
            "/projects/{key}/hypotheses/{id}",
            get(hypothesis::page).post(hypothesis::update),
        )
        .route(
            "/projects/{key}/hypotheses/{id}/delete",
            post(hypothesis::delete),
        )
        .route(
            "/projects/{key}/hypotheses/{id}/experiments",
            post(hypothesis::create_experiment),
        )
        .route(
            "/projects/{key}/hypotheses/{id}/experiments/{experiment}",
            post(hypothesis::update_experiment),
        )
        .route(
            "/projects/{key}/hypotheses/{id}/experiments/{experiment}/result",
            post(hypothesis::record_result),
        )
        .route("/projects/{key}/personas", post(persona::create))
        .route(
            "/projects/{key}/personas/{id}",
            get(persona::page).post(persona::update),
        )
        .route(
            "/projects/{key}/personas/{id}/delete",
            post(persona::delete),
        )
}

/// What every product page shows around its content.
pub struct Frame {
    pub chrome: Chrome,
    pub tabs: Vec<NavLink>,
    pub key: String,
    pub name: String,
    /// The visitor may change product artefacts.
    pub can_edit: bool,
    /// The visitor is staff (sees internal artefacts and the visibility toggle).
    pub internal: bool,
    /// The refused form shown again, if any.
    pub typed: Typed,
}

impl Frame {
    /// The frame of a product page of `scope` for `user`.
    pub fn new(
        user: &CurrentUser,
        scope: &ProductScope,
        notice: Option<Notice>,
        typed: Typed,
    ) -> Self {
        let project = &scope.visible.project;
        Self {
            chrome: Chrome::signed_in(user, Section::Projects).with_notice(notice),
            tabs: chrome::project_tabs(&project.key, "/product"),
            key: project.key.clone(),
            name: project.name.clone(),
            can_edit: scope.can_edit,
            internal: scope.internal,
            typed,
        }
    }

    /// 422 when the page shows a refused form, else 200.
    pub fn status(&self) -> StatusCode {
        self.typed.status()
    }
}

/// The visibility select: internal or shared with the client.
pub fn visibility_options(current: &str) -> Vec<SelectOption> {
    forms::options(Visibility::ALL, Visibility::as_str, current, None)
}

/// The page's query: which model ranks the backlog.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

/// A model in the switcher.
struct ModelLink {
    label: &'static str,
    href: String,
    current: bool,
}

/// One backlog row, formatted for display.
struct Row {
    feature: FeatureView,
    rice: String,
    wsjf: String,
    value_effort: String,
    confidence: String,
    readiness: String,
}

/// The scoring inputs of a feature as its edit form shows and posts them.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ScoreForm {
    #[serde(default)]
    reach: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    confidence: String,
    #[serde(default)]
    effort_months: String,
    #[serde(default)]
    business_value: String,
    #[serde(default)]
    time_criticality: String,
    #[serde(default)]
    risk_reduction: String,
    #[serde(default)]
    job_size: String,
    #[serde(default)]
    value_score: String,
    #[serde(default)]
    effort_score: String,
    #[serde(default)]
    estimate_days: String,
    #[serde(default)]
    mvp: Option<String>,
    #[serde(default)]
    version: String,
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

impl ScoreForm {
    fn of(f: &FeatureView) -> Self {
        Self {
            reach: text(f.reach),
            impact: text(f.impact),
            confidence: text(f.confidence),
            effort_months: text(f.effort_months),
            business_value: text(f.business_value),
            time_criticality: text(f.time_criticality),
            risk_reduction: text(f.risk_reduction),
            job_size: text(f.job_size),
            value_score: text(f.value_score),
            effort_score: text(f.effort_score),
            estimate_days: text(f.estimate_days),
            mvp: f.mvp.then(|| "on".to_owned()),
            version: f.meta.version.to_string(),
        }
    }

    /// The RICE impact select (an empty choice comes first).
    fn impacts(&self) -> Vec<SelectOption> {
        ["0.25", "0.5", "1", "2", "3"]
            .into_iter()
            .map(|v| SelectOption::new(v, v, &self.impact))
            .collect()
    }

    /// The RICE confidence select; empty means derived from the linked hypotheses.
    fn confidences(&self) -> Vec<SelectOption> {
        ["50", "80", "100"]
            .into_iter()
            .map(|v| SelectOption::new(v, v, &self.confidence))
            .collect()
    }

    /// The change the form asks for: every input set or cleared; a value that is not a
    /// number is refused naming its field.
    fn change(&self) -> Result<FeatureChange, ApiError> {
        use forms::{number, whole};
        Ok(FeatureChange {
            reach: Some(number("reach", &self.reach)?),
            impact: Some(number("impact", &self.impact)?),
            confidence: Some(whole("confidence", &self.confidence)?),
            effort_months: Some(number("effort_months", &self.effort_months)?),
            business_value: Some(whole("business_value", &self.business_value)?),
            time_criticality: Some(whole("time_criticality", &self.time_criticality)?),
            risk_reduction: Some(whole("risk_reduction", &self.risk_reduction)?),
            job_size: Some(whole("job_size", &self.job_size)?),
            value_score: Some(number("value_score", &self.value_score)?),
            effort_score: Some(number("effort_score", &self.effort_score)?),
            estimate_days: Some(number("estimate_days", &self.estimate_days)?),
            mvp: Some(self.mvp.is_some()),
            ..FeatureChange::default()
        })
    }
}

impl Row {
    fn new(feature: FeatureView) -> Self {
        let s = &feature.scores;
        let confidence = feature::confidence_text(&feature);
        let r = &feature.readiness;
        let readiness = if r.ready {
            "Ready".to_owned()
        } else {
            r.gaps.join("; ")
        };
        Self {
            rice: score(s.rice),
            wsjf: score(s.wsjf),
            value_effort: score(s.value_effort),
            confidence,
            readiness,
            feature,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/product.html")]
struct ProductPage {
    chrome: Chrome,
    frame: Frame,
    models: Vec<ModelLink>,
    sort: &'static str,
    sort_label: &'static str,
    rows: Vec<Row>,
    mvp: MvpView,
    mvp_share: String,
    roadmap: RoadmapView,
    personas: Vec<PersonaView>,
    quadrants: Vec<QuadrantView>,
    new_feature: FeatureForm,
    new_hypothesis: HypothesisForm,
    /// The personas the new hypothesis may be about, as boxes.
    hypothesis_personas: Vec<hypothesis::PersonaChoice>,
    new_persona: PersonaForm,
    kinds: Vec<SelectOption>,
    importances: Vec<SelectOption>,
    evidences: Vec<SelectOption>,
    hypothesis_visibilities: Vec<SelectOption>,
    persona_visibilities: Vec<SelectOption>,
}

/// The switcher's links to page `/projects/{key}/{page}` ranked or scored by each of `models`,
/// each followed by the query `also` (`&persona=3`, or empty) the page keeps.
fn model_links(
    key: &str,
    page: &str,
    models: &[SortModel],
    current: SortModel,
    also: &str,
) -> Vec<ModelLink> {
    models
        .iter()
        .map(|m| ModelLink {
            label: m.label(),
            href: format!("/projects/{key}/{page}?sort={}{also}", m.as_str()),
            current: *m == current,
        })
        .collect()
}

fn sort_of(raw: Option<&str>) -> SortModel {
    raw.and_then(SortModel::parse).unwrap_or_default()
}

/// Renders the cockpit page; `typed` is a refused new-artefact form shown again (then 422).
async fn render(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    sort: SortModel,
    notice: Option<Notice>,
    typed: Typed,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let service::Cockpit {
        backlog,
        mvp,
        roadmap,
    } = service::cockpit(state, &scope, sort).await?;
    let personas = service::personas(state, &scope).await?;
    let AssumptionMapView { quadrants, .. } = service::assumption_map(state, &scope).await?;
    let new_feature = typed.restore(NEW_FEATURE).unwrap_or_default();
    let new_hypothesis = typed
        .restore(NEW_HYPOTHESIS)
        .unwrap_or_else(HypothesisForm::blank);
    let hypothesis_personas = hypothesis::persona_choices(&personas, &new_hypothesis);
    let new_persona: PersonaForm = typed
        .restore(NEW_PERSONA)
        .unwrap_or_else(PersonaForm::blank);
    let frame = Frame::new(user, &scope, notice, typed);
    let page = ProductPage {
        chrome: frame.chrome.clone(),
        models: model_links(&frame.key, "product", &SortModel::ALL, sort, ""),
        sort: sort.as_str(),
        sort_label: sort.label(),
        rows: backlog.features.into_iter().map(Row::new).collect(),
        mvp_share: format!("{:.0} %", mvp.must_share * 100.0),
        mvp,
        roadmap,
        personas,
        quadrants,
        kinds: forms::options(
            HypothesisKind::ALL,
            HypothesisKind::as_str,
            &new_hypothesis.kind,
            None,
        ),
        importances: hypothesis::importance_options(&new_hypothesis.importance),
        evidences: forms::options(
            Evidence::ALL,
            Evidence::as_str,
            &new_hypothesis.evidence,
            None,
        ),
        hypothesis_visibilities: visibility_options(&new_hypothesis.visibility),
        persona_visibilities: visibility_options(&new_persona.visibility),
        new_feature,
        hypothesis_personas,
        new_hypothesis,
        new_persona,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/product`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let sort = sort_of(query.sort.as_deref());
    render(&state, &user, &key, sort, notice, Typed::default()).await
}

/// Shows the cockpit again with a refused new-artefact form.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    typed: Typed,
) -> Result<Response, WebError> {
    render(state, user, key, SortModel::default(), None, typed).await
}
