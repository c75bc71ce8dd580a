//! `/projects/{key}/features/{id}`: one feature — every field in an edit form, its scores
//! with where the RICE confidence came from, the acceptance-criteria checklist, linked
//! personas and hypotheses, linked work items with their progress rolled up, feedback count
//! and weight, and readiness with its gaps. New features are created from the product page.

use super::forms::{self, Sent, finish, options};
use super::{Frame, NEW_FEATURE, ScoreForm, refused as cockpit_refused, visibility_options};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::product::input::{CriterionChange, FeatureChange, FeatureInput};
use crate::product::scope::ProductScope;
use crate::product::service;
use crate::product::views::{CriterionView, FeatureItemView, FeatureView};
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
use tandem_core::product::artefacts::{FeatureStatus, Horizon};
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::ConfidenceSource;

/// The inputs of the feature forms, with the labels their messages carry.
const FIELDS: &[Field] = &[
    ("title", "Title"),
    ("problem", "Problem"),
    ("status", "Status"),
    ("moscow", "MoSCoW"),
    ("horizon", "Roadmap horizon"),
    ("release_id", "Release"),
    ("visibility", "Visibility"),
    ("reach", "Reach"),
    ("impact", "Impact"),
    ("confidence", "Confidence"),
    ("effort_months", "Effort (person-months)"),
    ("business_value", "Business value"),
    ("time_criticality", "Time criticality"),
    ("risk_reduction", "Risk reduction"),
    ("job_size", "Job size"),
    ("value_score", "Value"),
    ("effort_score", "Effort"),
    ("estimate_days", "Estimate (person-days)"),
];

/// The inputs of the small forms (criteria, item links).
const SMALL_FIELDS: &[Field] = &[("text", "New criterion"), ("key", "Item key")];

/// The names of the feature page's forms (their field scopes).
const EDIT: &str = "edit";
const CRITERION: &str = "criterion";
const ITEM: &str = "item";
/// The forms that change one criterion or link (their messages are about the form).
const CHANGE: &str = "change";

/// What the feature forms post: the fields, the scoring inputs and the ticked
/// `persona_{id}` / `hypothesis_{id}` boxes.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct FeatureForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    moscow: String,
    #[serde(default)]
    horizon: String,
    #[serde(default)]
    release_id: String,
    #[serde(default)]
    visibility: String,
    #[serde(flatten)]
    scores: ScoreForm,
    #[serde(flatten)]
    ticks: HashMap<String, String>,
}

impl FeatureForm {
    /// The form filled with the stored feature.
    fn of(feature: &FeatureView) -> Self {
        let ticks = feature
            .personas
            .iter()
            .map(|p| format!("persona_{}", p.id))
            .chain(
                feature
                    .hypotheses
                    .iter()
                    .map(|h| format!("hypothesis_{}", h.id)),
            )
            .map(|name| (name, "on".to_owned()))
            .collect();
        Self {
            title: feature.title.clone(),
            problem: feature.problem.clone(),
            status: feature.status.clone(),
            moscow: feature.moscow.clone().unwrap_or_default(),
            horizon: feature.horizon.clone().unwrap_or_default(),
            release_id: feature
                .release_id
                .map(|r| r.to_string())
                .unwrap_or_default(),
            visibility: feature.visibility.clone(),
            scores: ScoreForm::of(feature),
            ticks,
        }
    }

    /// True when box `name` is ticked.
    fn ticked(&self, name: String) -> bool {
        self.ticks.contains_key(&name)
    }

    /// The change the form asks for: every field set or cleared, links replaced.
    fn change(&self) -> Result<FeatureChange, ApiError> {
        Ok(FeatureChange {
            title: Some(self.title.clone()),
            problem: Some(self.problem.clone()),
            status: forms::chosen(&self.status),
            moscow: Some(forms::chosen(&self.moscow)),
            horizon: Some(forms::chosen(&self.horizon)),
            release_id: Some(forms::whole("release_id", &self.release_id)?),
            visibility: forms::chosen(&self.visibility),
            persona_ids: Some(forms::ticked(&self.ticks, "persona_")),
            hypothesis_ids: Some(forms::ticked(&self.ticks, "hypothesis_")),
            ..self.scores.change()?
        })
    }
}

/// What the small forms (criteria, item links, delete) post.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SmallForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    version: String,
}

/// A persona or hypothesis the feature may be linked to, ticked when it is.
struct Choice {
    id: i64,
    label: String,
    linked: bool,
}

#[derive(Template)]
#[template(path = "pages/product_feature.html")]
struct FeaturePage {
    chrome: Chrome,
    frame: Frame,
    feature: FeatureView,
    form: FeatureForm,
    /// The criterion and item-link forms as typed (when refused).
    small: SmallForm,
    confidence: String,
    criteria: Vec<CriterionView>,
    items: Vec<FeatureItemView>,
    personas: Vec<Choice>,
    hypotheses: Vec<Choice>,
    statuses: Vec<SelectOption>,
    moscows: Vec<SelectOption>,
    horizons: Vec<SelectOption>,
    releases: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
}

/// Where the RICE confidence came from, in words.
pub fn confidence_text(feature: &FeatureView) -> String {
    let s = &feature.scores;
    match (s.confidence, s.confidence_source) {
        (Some(c), Some(ConfidenceSource::Entered)) => format!("{c} % (entered)"),
        (Some(c), Some(ConfidenceSource::Hypotheses)) => format!(
            "{c} % (from {} hypothes{})",
            s.confidence_hypotheses,
            if s.confidence_hypotheses == 1 {
                "is"
            } else {
                "es"
            }
        ),
        _ => "–".to_owned(),
    }
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
    let feature = service::feature(state, &scope, id).await?;
    let criteria = service::criteria(state, &scope, id).await?;
    let items = service::feature_items(state, &scope, id).await?;
    let form = typed
        .restore(EDIT)
        .unwrap_or_else(|| FeatureForm::of(&feature));
    let small = typed
        .restore(CRITERION)
        .or_else(|| typed.restore(ITEM))
        .unwrap_or_default();
    let personas = service::personas(state, &scope)
        .await?
        .into_iter()
        .map(|p| Choice {
            linked: form.ticked(format!("persona_{}", p.id)),
            id: p.id,
            label: p.name,
        })
        .collect();
    let hypotheses = service::hypotheses(state, &scope)
        .await?
        .into_iter()
        .map(|h| Choice {
            linked: form.ticked(format!("hypothesis_{}", h.id)),
            id: h.id,
            label: h.statement,
        })
        .collect();
    let mut releases = vec![SelectOption::new("", "none", &form.release_id)];
    if scope.can_edit {
        for r in state.store.list_releases(scope.project_id()).await? {
            releases.push(SelectOption::new(
                r.id.to_string(),
                r.name,
                &form.release_id,
            ));
        }
    }
    let frame = Frame::new(user, &scope, notice, typed);
    let page = FeaturePage {
        chrome: frame.chrome.clone(),
        frame,
        confidence: confidence_text(&feature),
        statuses: options(
            FeatureStatus::ALL,
            FeatureStatus::as_str,
            &form.status,
            None,
        ),
        moscows: options(
            Moscow::ALL,
            Moscow::as_str,
            &form.moscow,
            Some("unprioritised"),
        ),
        horizons: options(
            Horizon::ALL,
            Horizon::as_str,
            &form.horizon,
            Some("not on the roadmap"),
        ),
        releases,
        visibilities: visibility_options(&form.visibility),
        form,
        small,
        criteria,
        items,
        personas,
        hypotheses,
        feature,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/features/{id}`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    render(&state, &user, &key, id, query.notice(), Typed::default()).await
}

/// `POST /projects/{key}/features`: a new feature from the product page; its page opens.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<FeatureForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let input = FeatureInput {
        title: form.title.clone(),
        problem: form.problem.clone(),
        ..FeatureInput::default()
    };
    let created = service::create_feature(&Writer::new(&state, &meta, &user), &scope, &input).await;
    finish(
        created,
        Sent::new(NEW_FEATURE, &form, FIELDS, "feature"),
        Notice::FeatureSaved,
        |f| format!("/projects/{key}/features/{}", f.id),
        |typed| cockpit_refused(&state, &user, &key, typed),
    )
    .await
}

/// `POST /projects/{key}/features/{id}`: saves every field at the version shown.
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<FeatureForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let change = form.change()?;
        let expected = forms::version(&form.scores.version)?;
        service::update_feature(
            &Writer::new(&state, &meta, &user),
            &scope,
            id,
            &change,
            expected,
        )
        .await
    }
    .await;
    let sent = Sent::new(EDIT, &form, FIELDS, "feature");
    let back = |_: &_| format!("/projects/{key}/features/{id}");
    finish(saved, sent, Notice::FeatureSaved, back, |typed| {
        render(&state, &user, &key, id, None, typed)
    })
    .await
}

/// Redirects to the feature page with `notice` after a small form, or shows the page again
/// with the form `name` as typed.
async fn small<T>(
    result: Result<T, ApiError>,
    (state, user, key, id): (&AppState, &CurrentUser, &str, i64),
    (name, form): (&'static str, &SmallForm),
    notice: Notice,
) -> Result<Response, WebError> {
    let target = |_: &T| format!("/projects/{key}/features/{id}");
    let sent = Sent::new(name, form, SMALL_FIELDS, "feature");
    finish(result, sent, notice, target, |typed| {
        render(state, user, key, id, None, typed)
    })
    .await
}

/// `POST /projects/{key}/features/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let deleted = async {
        let expected = forms::version(&form.version)?;
        service::delete_feature(&Writer::new(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let sent = Sent::new(CHANGE, &form, SMALL_FIELDS, "feature");
    let back = |_: &_| format!("/projects/{key}/product");
    finish(deleted, sent, Notice::FeatureDeleted, back, |typed| {
        render(&state, &user, &key, id, None, typed)
    })
    .await
}

/// `POST /projects/{key}/features/{id}/criteria`: appends an acceptance criterion.
pub async fn add_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved =
        service::add_criterion(&Writer::new(&state, &meta, &user), &scope, id, &form.text).await;
    let page = (&state, &user, key.as_str(), id);
    small(saved, page, (CRITERION, &form), Notice::CriteriaSaved).await
}

/// `POST /projects/{key}/features/{id}/criteria/{criterion}/toggle`: ticks or unticks.
pub async fn toggle_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id, criterion)): Path<(String, i64, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let saved = async {
        let expected = forms::version(&form.version)?;
        let change = CriterionChange {
            met: Some(form.text == "met"),
            ..CriterionChange::default()
        };
        let writer = Writer::new(&state, &meta, &user);
        service::update_criterion(&writer, &scope, id, criterion, &change, expected).await
    }
    .await;
    let page = (&state, &user, key.as_str(), id);
    small(saved, page, (CHANGE, &form), Notice::CriteriaSaved).await
}

/// `POST /projects/{key}/features/{id}/criteria/{criterion}/delete`.
pub async fn delete_criterion(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id, criterion)): Path<(String, i64, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let deleted = async {
        let expected = forms::version(&form.version)?;
        let writer = Writer::new(&state, &meta, &user);
        service::delete_criterion(&writer, &scope, id, criterion, expected).await
    }
    .await;
    let page = (&state, &user, key.as_str(), id);
    small(deleted, page, (CHANGE, &form), Notice::CriteriaSaved).await
}

/// `POST /projects/{key}/features/{id}/items`: links a work item by its key.
pub async fn link_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let linked =
        service::link_item(&Writer::new(&state, &meta, &user), &scope, id, &form.key).await;
    let page = (&state, &user, key.as_str(), id);
    small(linked, page, (ITEM, &form), Notice::ItemLinked).await
}

/// `POST /projects/{key}/features/{id}/items/unlink`: unlinks the item named in `key`.
pub async fn unlink_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let unlinked =
        service::unlink_item(&Writer::new(&state, &meta, &user), &scope, id, &form.key).await;
    let page = (&state, &user, key.as_str(), id);
    small(unlinked, page, (CHANGE, &form), Notice::ItemUnlinked).await
}
