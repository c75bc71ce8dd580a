//! `/projects/{key}/features/{id}`: one feature — every field in an edit form, its scores
//! with where the RICE confidence came from, the acceptance-criteria checklist, linked
//! personas and hypotheses, linked work items with their progress rolled up, feedback count
//! and weight, and readiness with its gaps. New features are created from the product page.

use super::forms::{self, finish, options};
use super::{Frame, ScoreForm, render as render_cockpit, visibility_options, writer};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::product::input::{CriterionChange, FeatureChange, FeatureInput};
use crate::product::scope::ProductScope;
use crate::product::scores::SortModel;
use crate::product::service;
use crate::product::views::{CriterionView, FeatureItemView, FeatureView};
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
use std::collections::HashMap;
use tandem_core::product::artefacts::{FeatureStatus, Horizon};
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::ConfidenceSource;

/// What the feature edit form posts: the fields, the scoring inputs (shared with the
/// backlog's scoring rows) and the ticked `persona_{id}` / `hypothesis_{id}` boxes.
#[derive(Debug, Default, Deserialize)]
pub struct FeatureForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    problem: String,
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
    /// The change the form asks for: every field set or cleared, links replaced.
    fn change(&self) -> Result<FeatureChange, crate::error::ApiError> {
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
#[derive(Debug, Default, Deserialize)]
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
    input: ScoreForm,
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
    message: Option<String>,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let feature = service::feature(state, &scope, id).await?;
    let criteria = service::criteria(state, &scope, id).await?;
    let items = service::feature_items(state, &scope, id).await?;
    let linked_personas: Vec<i64> = feature.personas.iter().map(|p| p.id).collect();
    let linked_hypotheses: Vec<i64> = feature.hypotheses.iter().map(|h| h.id).collect();
    let personas = service::personas(state, &scope)
        .await?
        .into_iter()
        .map(|p| Choice {
            linked: linked_personas.contains(&p.id),
            id: p.id,
            label: p.name,
        })
        .collect();
    let hypotheses = service::hypotheses(state, &scope)
        .await?
        .into_iter()
        .map(|h| Choice {
            linked: linked_hypotheses.contains(&h.id),
            id: h.id,
            label: h.statement,
        })
        .collect();
    let release = feature
        .release_id
        .map(|r| r.to_string())
        .unwrap_or_default();
    let mut releases = vec![SelectOption::new("", "none", &release)];
    if scope.can_edit {
        for r in state.store.list_releases(scope.project_id()).await? {
            releases.push(SelectOption::new(r.id.to_string(), r.name, &release));
        }
    }
    let frame = Frame::new(user, &scope, notice, message);
    let page = FeaturePage {
        chrome: frame.chrome.clone(),
        frame,
        input: ScoreForm::of(&feature, SortModel::default()),
        confidence: confidence_text(&feature),
        statuses: options(
            FeatureStatus::ALL,
            FeatureStatus::as_str,
            &feature.status,
            None,
        ),
        moscows: options(
            Moscow::ALL,
            Moscow::as_str,
            feature.moscow.as_deref().unwrap_or_default(),
            Some("unprioritised"),
        ),
        horizons: options(
            Horizon::ALL,
            Horizon::as_str,
            feature.horizon.as_deref().unwrap_or_default(),
            Some("not on the roadmap"),
        ),
        releases,
        visibilities: visibility_options(&feature.visibility),
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
    render(&state, &user, &key, id, query.notice(), None).await
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
        title: form.title,
        problem: form.problem,
        ..FeatureInput::default()
    };
    match service::create_feature(&writer(&state, &meta, &user), &scope, &input).await {
        Ok(f) => Ok(Notice::FeatureSaved
            .redirect(&format!("/projects/{key}/features/{}", f.id))
            .into_response()),
        Err(error) => {
            let message = forms::refusal(error, "feature")?;
            render_cockpit(&state, &user, &key, SortModel::default(), Some(message)).await
        }
    }
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
        service::update_feature(&writer(&state, &meta, &user), &scope, id, &change, expected).await
    }
    .await;
    let target = format!("/projects/{key}/features/{id}");
    finish(saved, "feature", Notice::FeatureSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
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
        service::delete_feature(&writer(&state, &meta, &user), &scope, id, expected).await
    }
    .await;
    let target = format!("/projects/{key}/product");
    finish(deleted, "feature", Notice::FeatureDeleted, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
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
    let saved = service::add_criterion(&writer(&state, &meta, &user), &scope, id, &form.text).await;
    let target = format!("/projects/{key}/features/{id}");
    finish(saved, "feature", Notice::CriteriaSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
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
        service::update_criterion(
            &writer(&state, &meta, &user),
            &scope,
            id,
            criterion,
            &change,
            expected,
        )
        .await
    }
    .await;
    let target = format!("/projects/{key}/features/{id}");
    finish(saved, "criterion", Notice::CriteriaSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
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
        service::delete_criterion(
            &writer(&state, &meta, &user),
            &scope,
            id,
            criterion,
            expected,
        )
        .await
    }
    .await;
    let target = format!("/projects/{key}/features/{id}");
    finish(deleted, "criterion", Notice::CriteriaSaved, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/features/{id}/items`: links a work item by its key.
pub async fn link_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let linked = service::link_item(&writer(&state, &meta, &user), &scope, id, &form.key).await;
    let target = format!("/projects/{key}/features/{id}");
    finish(linked, "feature", Notice::ItemLinked, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}

/// `POST /projects/{key}/features/{id}/items/unlink`: unlinks the item named in `key`.
pub async fn unlink_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SmallForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let unlinked = service::unlink_item(&writer(&state, &meta, &user), &scope, id, &form.key).await;
    let target = format!("/projects/{key}/features/{id}");
    finish(unlinked, "feature", Notice::ItemUnlinked, &target, |m| {
        render(&state, &user, &key, id, None, Some(m))
    })
    .await
}
