//! The product cockpit's operations, shared by the API, the web UI and the CLI: each write
//! validates, writes and records one audit entry; each read applies the caller's visibility.

use super::input::{
    CriterionChange, ExperimentChange, ExperimentInput, FeatureChange, FeatureInput,
    HypothesisChange, HypothesisInput, PersonaChange, PersonaInput, ResultInput, required,
};
use super::scope::ProductScope;
use super::scores::{self, SortModel};
use super::views::{
    AssumptionMapView, BacklogView, CriterionView, ExperimentView, FeatureItemView, FeatureView,
    HorizonView, HypothesisView, MvpView, PersonaView, RecordedView, RoadmapView,
};
use crate::audit::Writer;
use crate::error::ApiError;
use crate::items::fields::item_in_project;
use crate::state::AppState;
use serde_json::{Value, json};
use tandem_core::product::artefacts::{FeatureStatus, Horizon};
use tandem_store::{
    CriterionPatch, Feature, FeatureFilter, Hypothesis, ItemPatch, NewExperiment, NewFeature,
    NewHypothesis, NewPersona,
};

/// Records `action` on artefact `id` (an `object`) in the audit log; every product entry
/// names the scope's project besides the `details` given.
async fn audit(
    writer: &Writer<'_>,
    scope: &ProductScope,
    action: &'static str,
    object: &'static str,
    id: i64,
    mut details: Value,
) {
    if let Value::Object(fields) = &mut details {
        fields.insert("project".to_owned(), json!(scope.visible.project.key));
    }
    writer.record(action, object, id.to_string(), details).await;
}

// ---- personas ----

/// The personas the caller may see, by name.
pub async fn personas(
    state: &AppState,
    scope: &ProductScope,
) -> Result<Vec<PersonaView>, ApiError> {
    let list = state
        .store
        .list_personas(scope.project_id(), scope.shared_only())
        .await?;
    Ok(list.iter().map(PersonaView::from).collect())
}

/// One persona (404 when missing or not visible).
pub async fn persona(
    state: &AppState,
    scope: &ProductScope,
    id: i64,
) -> Result<PersonaView, ApiError> {
    let persona = state
        .store
        .persona(scope.project_id(), id)
        .await
        .map_err(missing("persona"))?;
    scope.check(persona.fields.visibility, "persona")?;
    Ok((&persona).into())
}

/// Maps the store's `NotFound` to a 404 naming the artefact.
fn missing(what: &'static str) -> impl Fn(tandem_store::StoreError) -> ApiError {
    move |error| match error {
        tandem_store::StoreError::NotFound => ApiError::not_found(what),
        other => other.into(),
    }
}

/// Creates a persona.
pub async fn create_persona(
    writer: &Writer<'_>,
    scope: &ProductScope,
    input: &PersonaInput,
) -> Result<PersonaView, ApiError> {
    let persona = writer
        .state
        .store
        .create_persona(&NewPersona {
            project_id: scope.project_id(),
            created_by: Some(writer.actor.id),
            fields: input.fields()?,
        })
        .await?;
    audit(
        writer,
        scope,
        "persona.create",
        "persona",
        persona.id,
        json!({ "name": persona.fields.name }),
    )
    .await;
    Ok((&persona).into())
}

/// Changes a persona at `expected` version.
pub async fn update_persona(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    change: &PersonaChange,
    expected: i64,
) -> Result<PersonaView, ApiError> {
    let patch = change.patch()?;
    let persona = writer
        .state
        .store
        .update_persona(scope.project_id(), id, &patch, expected)
        .await
        .map_err(missing("persona"))?;
    audit(
        writer,
        scope,
        "persona.update",
        "persona",
        id,
        json!({ "version": persona.provenance.version }),
    )
    .await;
    Ok((&persona).into())
}

/// Deletes a persona at `expected` version.
pub async fn delete_persona(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    expected: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_persona(scope.project_id(), id, expected)
        .await
        .map_err(missing("persona"))?;
    audit(writer, scope, "persona.delete", "persona", id, json!({})).await;
    Ok(())
}

// ---- hypotheses and experiments ----

/// `hypothesis` as the caller may see it: client contacts keep only links to shared personas.
fn scoped(scope: &ProductScope, mut hypothesis: Hypothesis) -> Hypothesis {
    hypothesis.personas.retain(|p| scope.may_see(p.visibility));
    hypothesis
}

/// The caller's visible hypotheses, most important first, with their visible links.
async fn visible_hypotheses(
    state: &AppState,
    scope: &ProductScope,
) -> Result<Vec<Hypothesis>, ApiError> {
    Ok(state
        .store
        .list_hypotheses(scope.project_id(), scope.shared_only())
        .await?
        .into_iter()
        .map(|h| scoped(scope, h))
        .collect())
}

/// The hypotheses the caller may see that target persona `persona_id` (404 when the persona
/// is missing or not visible).
pub async fn persona_hypotheses(
    state: &AppState,
    scope: &ProductScope,
    persona_id: i64,
) -> Result<Vec<HypothesisView>, ApiError> {
    persona(state, scope, persona_id).await?;
    Ok(state
        .store
        .persona_hypotheses(scope.project_id(), persona_id, scope.shared_only())
        .await?
        .into_iter()
        .map(|h| HypothesisView::from(&scoped(scope, h)))
        .collect())
}

/// The hypotheses the caller may see, most important first.
pub async fn hypotheses(
    state: &AppState,
    scope: &ProductScope,
) -> Result<Vec<HypothesisView>, ApiError> {
    let list = visible_hypotheses(state, scope).await?;
    Ok(list.iter().map(HypothesisView::from).collect())
}

/// The assumption map of the hypotheses the caller may see.
pub async fn assumption_map(
    state: &AppState,
    scope: &ProductScope,
) -> Result<AssumptionMapView, ApiError> {
    let list = visible_hypotheses(state, scope).await?;
    Ok(AssumptionMapView::new(&list))
}

/// One hypothesis (404 when missing or not visible).
pub async fn hypothesis(
    state: &AppState,
    scope: &ProductScope,
    id: i64,
) -> Result<HypothesisView, ApiError> {
    let hypothesis = state
        .store
        .hypothesis(scope.project_id(), id)
        .await
        .map_err(missing("hypothesis"))?;
    scope.check(hypothesis.fields.visibility, "hypothesis")?;
    Ok((&scoped(scope, hypothesis)).into())
}

/// Creates a hypothesis.
pub async fn create_hypothesis(
    writer: &Writer<'_>,
    scope: &ProductScope,
    input: &HypothesisInput,
) -> Result<HypothesisView, ApiError> {
    let hypothesis = writer
        .state
        .store
        .create_hypothesis_for(
            &NewHypothesis {
                project_id: scope.project_id(),
                created_by: Some(writer.actor.id),
                fields: input.fields()?,
            },
            &input.persona_ids,
        )
        .await?;
    audit(
        writer,
        scope,
        "hypothesis.create",
        "hypothesis",
        hypothesis.id,
        json!({
            "statement": hypothesis.fields.statement,
            "persona_ids": persona_ids(&hypothesis),
        }),
    )
    .await;
    Ok((&scoped(scope, hypothesis)).into())
}

/// Changes a hypothesis at `expected` version.
pub async fn update_hypothesis(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    change: &HypothesisChange,
    expected: i64,
) -> Result<HypothesisView, ApiError> {
    let patch = change.patch()?;
    let hypothesis = writer
        .state
        .store
        .update_hypothesis(scope.project_id(), id, &patch, expected)
        .await
        .map_err(missing("hypothesis"))?;
    let mut details = json!({ "version": hypothesis.provenance.version });
    if patch.persona_ids.is_some() {
        details["persona_ids"] = json!(persona_ids(&hypothesis));
    }
    audit(
        writer,
        scope,
        "hypothesis.update",
        "hypothesis",
        id,
        details,
    )
    .await;
    Ok((&scoped(scope, hypothesis)).into())
}

/// The ids of the personas a hypothesis is about, for the audit log.
fn persona_ids(hypothesis: &Hypothesis) -> Vec<i64> {
    hypothesis.personas.iter().map(|p| p.id).collect()
}

/// Deletes a hypothesis (and its experiments) at `expected` version.
pub async fn delete_hypothesis(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    expected: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_hypothesis(scope.project_id(), id, expected)
        .await
        .map_err(missing("hypothesis"))?;
    audit(
        writer,
        scope,
        "hypothesis.delete",
        "hypothesis",
        id,
        json!({}),
    )
    .await;
    Ok(())
}

/// The experiments on a visible hypothesis that the caller may see.
pub async fn experiments(
    state: &AppState,
    scope: &ProductScope,
    hypothesis_id: i64,
) -> Result<Vec<ExperimentView>, ApiError> {
    hypothesis(state, scope, hypothesis_id).await?;
    let today = crate::clock::today_iso(&state.store).await?;
    let list = state
        .store
        .list_experiments(hypothesis_id, scope.shared_only())
        .await?;
    Ok(list
        .iter()
        .map(|e| ExperimentView::new(e, &today))
        .collect())
}

/// One experiment of a hypothesis, as the store has it (404 when missing or not visible).
async fn load_experiment(
    state: &AppState,
    scope: &ProductScope,
    hypothesis_id: i64,
    id: i64,
) -> Result<tandem_store::Experiment, ApiError> {
    let experiment = state
        .store
        .experiment(scope.project_id(), id)
        .await
        .map_err(missing("experiment"))?;
    if experiment.hypothesis_id != hypothesis_id {
        return Err(ApiError::not_found("experiment"));
    }
    hypothesis(state, scope, hypothesis_id).await?;
    scope.check(experiment.fields.visibility, "experiment")?;
    Ok(experiment)
}

/// One experiment (404 when missing or not visible).
pub async fn experiment(
    state: &AppState,
    scope: &ProductScope,
    hypothesis_id: i64,
    id: i64,
) -> Result<ExperimentView, ApiError> {
    let experiment = load_experiment(state, scope, hypothesis_id, id).await?;
    Ok(ExperimentView::new(
        &experiment,
        &crate::clock::today_iso(&state.store).await?,
    ))
}

/// Plans an experiment; an untested hypothesis moves to `testing`.
pub async fn create_experiment(
    writer: &Writer<'_>,
    scope: &ProductScope,
    hypothesis_id: i64,
    input: &ExperimentInput,
) -> Result<ExperimentView, ApiError> {
    let experiment = writer
        .state
        .store
        .create_experiment(&NewExperiment {
            project_id: scope.project_id(),
            hypothesis_id,
            created_by: Some(writer.actor.id),
            fields: input.fields()?,
        })
        .await
        .map_err(missing("hypothesis"))?;
    audit(writer, scope, "experiment.create", "experiment", experiment.id, json!({ "hypothesis_id": hypothesis_id, "success_criterion": experiment.fields.success_criterion })).await;
    Ok(ExperimentView::new(
        &experiment,
        &crate::clock::today_iso(&writer.state.store).await?,
    ))
}

/// Changes an experiment's plan at `expected` version (the criterion is frozen once started).
pub async fn update_experiment(
    writer: &Writer<'_>,
    scope: &ProductScope,
    hypothesis_id: i64,
    id: i64,
    change: &ExperimentChange,
    expected: i64,
) -> Result<ExperimentView, ApiError> {
    let current = load_experiment(writer.state, scope, hypothesis_id, id).await?;
    let patch = change.patch(&current.fields)?;
    let today = crate::clock::today_iso(&writer.state.store).await?;
    let experiment = writer
        .state
        .store
        .update_experiment(scope.project_id(), id, &patch, expected, &today)
        .await
        .map_err(missing("experiment"))?;
    audit(
        writer,
        scope,
        "experiment.update",
        "experiment",
        id,
        json!({ "version": experiment.provenance.version }),
    )
    .await;
    Ok(ExperimentView::new(&experiment, &today))
}

/// Records an experiment's result; an outcome updates the hypothesis in the same transaction.
pub async fn record_result(
    writer: &Writer<'_>,
    scope: &ProductScope,
    hypothesis_id: i64,
    id: i64,
    input: &ResultInput,
    expected: i64,
) -> Result<RecordedView, ApiError> {
    load_experiment(writer.state, scope, hypothesis_id, id).await?;
    let (result, outcome) = input.parts()?;
    let recorded = writer
        .state
        .store
        .record_experiment_result(scope.project_id(), id, &result, outcome, expected)
        .await
        .map_err(missing("experiment"))?;
    audit(writer, scope, "experiment.result", "experiment", id, json!({ "outcome": outcome.map(|o| o.as_str()), "hypothesis_status": recorded.hypothesis.fields.status.as_str(), "hypothesis_evidence": recorded.hypothesis.fields.evidence.as_str() })).await;
    Ok(RecordedView {
        experiment: ExperimentView::new(
            &recorded.experiment,
            &crate::clock::today_iso(&writer.state.store).await?,
        ),
        hypothesis: (&scoped(scope, recorded.hypothesis)).into(),
    })
}

/// Deletes an experiment at `expected` version.
pub async fn delete_experiment(
    writer: &Writer<'_>,
    scope: &ProductScope,
    hypothesis_id: i64,
    id: i64,
    expected: i64,
) -> Result<(), ApiError> {
    load_experiment(writer.state, scope, hypothesis_id, id).await?;
    writer
        .state
        .store
        .delete_experiment(scope.project_id(), id, expected)
        .await
        .map_err(missing("experiment"))?;
    audit(
        writer,
        scope,
        "experiment.delete",
        "experiment",
        id,
        json!({}),
    )
    .await;
    Ok(())
}

// ---- features ----

/// Views of features in the order given, positions from 1, with their feedback weight.
async fn feature_views(
    state: &AppState,
    scope: &ProductScope,
    ranked: Vec<(Feature, scores::FeatureScores)>,
) -> Result<Vec<FeatureView>, ApiError> {
    let feedback = state.store.feedback_by_feature(scope.project_id()).await?;
    Ok(ranked
        .into_iter()
        .enumerate()
        .map(|(at, (feature, scores))| {
            let weight = feedback.get(&feature.id).copied().unwrap_or_default();
            FeatureView::new(&feature, scores, at + 1, scope.internal, weight)
        })
        .collect())
}

/// The view of one feature.
async fn feature_view(
    state: &AppState,
    scope: &ProductScope,
    feature: Feature,
) -> Result<FeatureView, ApiError> {
    let scores = scores::score(&feature);
    let mut views = feature_views(state, scope, vec![(feature, scores)]).await?;
    views.pop().ok_or_else(|| ApiError::not_found("feature"))
}

/// The features the caller may see that match `filter`, ranked by `sort`.
pub async fn ranked(
    state: &AppState,
    scope: &ProductScope,
    filter: FeatureFilter,
    sort: SortModel,
) -> Result<Vec<FeatureView>, ApiError> {
    let filter = FeatureFilter {
        shared_only: scope.shared_only(),
        ..filter
    };
    let features = state
        .store
        .list_features(scope.project_id(), &filter)
        .await?;
    feature_views(state, scope, scores::rank(features, sort)).await
}

/// The backlog ranked by one model.
pub async fn backlog(
    state: &AppState,
    scope: &ProductScope,
    sort: SortModel,
) -> Result<BacklogView, ApiError> {
    Ok(BacklogView {
        sort,
        features: ranked(state, scope, FeatureFilter::default(), sort).await?,
    })
}

/// One feature (404 when missing or not visible).
pub async fn feature(
    state: &AppState,
    scope: &ProductScope,
    id: i64,
) -> Result<FeatureView, ApiError> {
    let feature = load_feature(state, scope, id).await?;
    feature_view(state, scope, feature).await
}

async fn load_feature(
    state: &AppState,
    scope: &ProductScope,
    id: i64,
) -> Result<Feature, ApiError> {
    let feature = state
        .store
        .feature(scope.project_id(), id)
        .await
        .map_err(missing("feature"))?;
    scope.check(feature.fields.visibility, "feature")?;
    Ok(feature)
}

/// Creates a feature with its links.
pub async fn create_feature(
    writer: &Writer<'_>,
    scope: &ProductScope,
    input: &FeatureInput,
) -> Result<FeatureView, ApiError> {
    let feature = writer
        .state
        .store
        .create_feature(&NewFeature {
            project_id: scope.project_id(),
            created_by: Some(writer.actor.id),
            fields: input.fields()?,
            persona_ids: input.persona_ids.clone(),
            hypothesis_ids: input.hypothesis_ids.clone(),
        })
        .await?;
    audit(
        writer,
        scope,
        "feature.create",
        "feature",
        feature.id,
        json!({ "title": feature.fields.title }),
    )
    .await;
    feature_view(writer.state, scope, feature).await
}

/// Changes a feature (fields, scores, links, order) at `expected` version.
pub async fn update_feature(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    change: &FeatureChange,
    expected: i64,
) -> Result<FeatureView, ApiError> {
    let patch = change.patch()?;
    let feature = writer
        .state
        .store
        .update_feature(scope.project_id(), id, &patch, expected)
        .await
        .map_err(missing("feature"))?;
    audit(
        writer,
        scope,
        "feature.update",
        "feature",
        id,
        json!({ "version": feature.provenance.version }),
    )
    .await;
    feature_view(writer.state, scope, feature).await
}

/// Deletes a feature at `expected` version.
pub async fn delete_feature(
    writer: &Writer<'_>,
    scope: &ProductScope,
    id: i64,
    expected: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_feature(scope.project_id(), id, expected)
        .await
        .map_err(missing("feature"))?;
    audit(writer, scope, "feature.delete", "feature", id, json!({})).await;
    Ok(())
}

/// A visible feature's acceptance criteria.
pub async fn criteria(
    state: &AppState,
    scope: &ProductScope,
    feature_id: i64,
) -> Result<Vec<CriterionView>, ApiError> {
    load_feature(state, scope, feature_id).await?;
    let list = state
        .store
        .list_criteria(scope.project_id(), feature_id)
        .await
        .map_err(missing("feature"))?;
    Ok(list.iter().map(CriterionView::from).collect())
}

/// Appends an acceptance criterion.
pub async fn add_criterion(
    writer: &Writer<'_>,
    scope: &ProductScope,
    feature_id: i64,
    text: &str,
) -> Result<CriterionView, ApiError> {
    let text = required("text", text, 1000)?;
    let criterion = writer
        .state
        .store
        .add_criterion(scope.project_id(), feature_id, &text)
        .await
        .map_err(missing("feature"))?;
    audit(
        writer,
        scope,
        "feature.criterion.add",
        "feature",
        feature_id,
        json!({ "criterion_id": criterion.id }),
    )
    .await;
    Ok((&criterion).into())
}

/// Changes (e.g. ticks) an acceptance criterion at `expected` version.
pub async fn update_criterion(
    writer: &Writer<'_>,
    scope: &ProductScope,
    feature_id: i64,
    id: i64,
    change: &CriterionChange,
    expected: i64,
) -> Result<CriterionView, ApiError> {
    let patch = CriterionPatch {
        text: change
            .text
            .as_deref()
            .map(|t| required("text", t, 1000))
            .transpose()?,
        met: change.met,
    };
    let criterion = writer
        .state
        .store
        .update_criterion(scope.project_id(), feature_id, id, &patch, expected)
        .await
        .map_err(missing("criterion"))?;
    audit(
        writer,
        scope,
        "feature.criterion.update",
        "feature",
        feature_id,
        json!({ "criterion_id": id, "met": criterion.met }),
    )
    .await;
    Ok((&criterion).into())
}

/// Removes an acceptance criterion at `expected` version.
pub async fn delete_criterion(
    writer: &Writer<'_>,
    scope: &ProductScope,
    feature_id: i64,
    id: i64,
    expected: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_criterion(scope.project_id(), feature_id, id, expected)
        .await
        .map_err(missing("criterion"))?;
    audit(
        writer,
        scope,
        "feature.criterion.delete",
        "feature",
        feature_id,
        json!({ "criterion_id": id }),
    )
    .await;
    Ok(())
}

/// The work items linked to a visible feature; client contacts see none (delivery detail).
pub async fn feature_items(
    state: &AppState,
    scope: &ProductScope,
    feature_id: i64,
) -> Result<Vec<FeatureItemView>, ApiError> {
    load_feature(state, scope, feature_id).await?;
    if !scope.internal {
        return Ok(Vec::new());
    }
    let items = state
        .store
        .feature_items(scope.project_id(), feature_id)
        .await?;
    Ok(items.iter().map(FeatureItemView::from).collect())
}

/// Points work item `item_key` of the project at feature `feature_id` (or, with `None`, away
/// from it): the item's history records the change like any other edit.
async fn set_item_feature(
    writer: &Writer<'_>,
    scope: &ProductScope,
    item_key: &str,
    feature_id: Option<i64>,
) -> Result<tandem_store::Item, ApiError> {
    let project = &scope.visible.project;
    let item_id = item_in_project(writer.state, project, "item", item_key.trim()).await?;
    let item = writer.state.store.item(item_id).await?;
    let patch = ItemPatch {
        feature_id: Some(feature_id),
        ..ItemPatch::default()
    };
    Ok(writer
        .state
        .store
        .update_item(item.id, &patch, item.version, Some(writer.actor.id))
        .await?)
}

/// Links work item `item_key` to a feature; its progress and blocking bugs then count in the
/// feature's readiness. An item linked elsewhere moves to this feature.
pub async fn link_item(
    writer: &Writer<'_>,
    scope: &ProductScope,
    feature_id: i64,
    item_key: &str,
) -> Result<Vec<FeatureItemView>, ApiError> {
    load_feature(writer.state, scope, feature_id).await?;
    let item = set_item_feature(writer, scope, item_key, Some(feature_id)).await?;
    audit(
        writer,
        scope,
        "feature.item.link",
        "feature",
        feature_id,
        json!({ "item": item.key }),
    )
    .await;
    feature_items(writer.state, scope, feature_id).await
}

/// Unlinks work item `item_key` from a feature (404 when it is not linked to it).
pub async fn unlink_item(
    writer: &Writer<'_>,
    scope: &ProductScope,
    feature_id: i64,
    item_key: &str,
) -> Result<(), ApiError> {
    load_feature(writer.state, scope, feature_id).await?;
    let linked = writer
        .state
        .store
        .feature_items(scope.project_id(), feature_id)
        .await?;
    if !linked.iter().any(|i| i.key == item_key.trim()) {
        return Err(ApiError::not_found("linked item"));
    }
    let item = set_item_feature(writer, scope, item_key, None).await?;
    audit(
        writer,
        scope,
        "feature.item.unlink",
        "feature",
        feature_id,
        json!({ "item": item.key }),
    )
    .await;
    Ok(())
}

/// The MVP: its features (in manual order), effort sums, status mix and the MoSCoW guard.
pub async fn mvp(state: &AppState, scope: &ProductScope) -> Result<MvpView, ApiError> {
    let filter = FeatureFilter {
        mvp: Some(true),
        ..FeatureFilter::default()
    };
    Ok(MvpView::new(
        ranked(state, scope, filter, SortModel::Manual).await?,
    ))
}

/// The now/next/later roadmap of the features matching `filter`, each column in manual order.
pub async fn roadmap(
    state: &AppState,
    scope: &ProductScope,
    filter: FeatureFilter,
) -> Result<RoadmapView, ApiError> {
    let matching = ranked(state, scope, filter, SortModel::Manual).await?;
    Ok(roadmap_of(matching))
}

/// The roadmap of features given in manual order.
pub fn roadmap_of(all: Vec<FeatureView>) -> RoadmapView {
    let mut columns: Vec<HorizonView> = Horizon::ALL
        .iter()
        .map(|h| HorizonView {
            horizon: h.as_str().to_owned(),
            features: Vec::new(),
        })
        .collect();
    let mut unplaced = Vec::new();
    for feature in all {
        match columns
            .iter_mut()
            .find(|c| Some(&c.horizon) == feature.horizon.as_ref())
        {
            Some(column) => column.features.push(feature),
            None => {
                let done = [FeatureStatus::Released, FeatureStatus::Rejected]
                    .iter()
                    .any(|s| s.as_str() == feature.status);
                if !done {
                    unplaced.push(feature);
                }
            }
        }
    }
    RoadmapView { columns, unplaced }
}

/// What the product page shows, from one load of the features: the backlog ranked by `sort`,
/// and the MVP and roadmap in manual order (as [`mvp`] and [`roadmap`] answer them).
pub struct Cockpit {
    pub backlog: BacklogView,
    pub mvp: MvpView,
    pub roadmap: RoadmapView,
}

/// Numbers features 1, 2, … in the order given.
fn renumbered(mut features: Vec<FeatureView>) -> Vec<FeatureView> {
    for (at, feature) in features.iter_mut().enumerate() {
        feature.position = at + 1;
    }
    features
}

/// The product page's backlog, MVP and roadmap.
pub async fn cockpit(
    state: &AppState,
    scope: &ProductScope,
    sort: SortModel,
) -> Result<Cockpit, ApiError> {
    let backlog = backlog(state, scope, sort).await?;
    let mut manual = backlog.features.clone();
    manual.sort_by_key(|f| (f.rank, f.id));
    let manual = renumbered(manual);
    let in_mvp = manual.iter().filter(|f| f.mvp).cloned().collect();
    Ok(Cockpit {
        mvp: MvpView::new(renumbered(in_mvp)),
        roadmap: roadmap_of(manual),
        backlog,
    })
}
