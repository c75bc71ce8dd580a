//! Goals as OKRs: objectives with key results, graded 0–1 per key result and averaged per
//! objective with Google's colour bands (rules in `tandem_core::product::okr`), linked to the
//! features that serve them and the releases that deliver them.

use super::{date, text, title, visibility};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use tandem_core::ValidationError;
use tandem_core::product::direction::{LinkKind, Visibility};
use tandem_core::product::okr::{self, Band, KeyResultNumbers};
use tandem_store::direction::{KeyResultInput, Objective, ObjectiveInput};
use tandem_store::{Store, StoreError};
use utoipa::ToSchema;

/// A key result as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct KeyResultBody {
    pub metric: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub baseline: f64,
    pub target: f64,
    /// Defaults to the baseline.
    #[serde(default)]
    pub current: Option<f64>,
    #[serde(default)]
    pub due_on: Option<String>,
}

/// An objective as sent (creating, or replacing one with all its key results).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ObjectiveBody {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
    #[serde(default)]
    pub key_results: Vec<KeyResultBody>,
    /// Features that serve the objective.
    #[serde(default)]
    pub feature_ids: Vec<i64>,
    /// Releases that deliver the objective (this project's). On a replace, absent keeps the
    /// current links and `[]` clears them.
    #[serde(default)]
    pub release_ids: Option<Vec<i64>>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A key result with its grade.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyResultView {
    pub id: i64,
    pub metric: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    pub due_on: Option<String>,
    /// (current − baseline) ÷ (target − baseline), clamped to 0–1.
    pub grade: f64,
    #[schema(value_type = String, example = "green")]
    pub band: Band,
}

/// An objective with its key results and average grade.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectiveView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub due_on: Option<String>,
    #[schema(value_type = String, example = "internal")]
    pub visibility: Visibility,
    pub workshop_id: Option<i64>,
    pub key_results: Vec<KeyResultView>,
    pub feature_ids: Vec<i64>,
    /// Releases that deliver the objective.
    pub release_ids: Vec<i64>,
    /// Mean of the key results' grades; absent without key results.
    pub grade: Option<f64>,
    #[schema(value_type = Option<String>, example = "yellow")]
    pub band: Option<Band>,
    pub version: i64,
}

impl From<Objective> for ObjectiveView {
    fn from(objective: Objective) -> Self {
        let numbers: Vec<KeyResultNumbers> = objective
            .key_results
            .iter()
            .map(|kr| KeyResultNumbers {
                baseline: kr.baseline,
                target: kr.target,
                current: kr.current,
            })
            .collect();
        let grade = okr::objective_grade(&numbers);
        let key_results = objective
            .key_results
            .into_iter()
            .zip(numbers)
            .map(|(kr, numbers)| {
                let grade = okr::grade(numbers);
                KeyResultView {
                    id: kr.id,
                    metric: kr.metric,
                    unit: kr.unit,
                    baseline: kr.baseline,
                    target: kr.target,
                    current: kr.current,
                    due_on: kr.due_on,
                    grade,
                    band: okr::band(grade),
                }
            })
            .collect();
        Self {
            id: objective.id,
            title: objective.title,
            description: objective.description,
            due_on: objective.due_on,
            visibility: objective.visibility,
            workshop_id: objective.workshop_id,
            key_results,
            feature_ids: objective.feature_ids,
            release_ids: objective.release_ids,
            band: grade.map(okr::band),
            grade,
            version: objective.version,
        }
    }
}

impl ObjectiveView {
    /// The band of the objective's grade as text ("none" without key results).
    pub fn band_name(&self) -> &'static str {
        self.band.map_or("none", Band::as_str)
    }
}

/// The project's objectives `user` may see (client contacts: shared ones only), graded.
pub async fn visible_objectives(
    store: &Store,
    project_id: i64,
    user: &CurrentUser,
) -> Result<Vec<ObjectiveView>, ApiError> {
    let internal = super::sees_internal(user);
    Ok(store
        .list_objectives(project_id)
        .await?
        .into_iter()
        .filter(|o| internal || o.visibility == Visibility::Shared)
        .map(ObjectiveView::from)
        .collect())
}

/// `objective` as a body with new current values for some key results (by id), everything
/// else as stored: what recording progress sends.
pub fn with_progress(objective: &Objective, current: &HashMap<i64, f64>) -> ObjectiveBody {
    ObjectiveBody {
        title: objective.title.clone(),
        description: Some(objective.description.clone()),
        due_on: objective.due_on.clone(),
        visibility: Some(objective.visibility.as_str().to_owned()),
        workshop_id: objective.workshop_id,
        key_results: objective
            .key_results
            .iter()
            .map(|kr| KeyResultBody {
                metric: kr.metric.clone(),
                unit: Some(kr.unit.clone()),
                baseline: kr.baseline,
                target: kr.target,
                current: Some(current.get(&kr.id).copied().unwrap_or(kr.current)),
                due_on: kr.due_on.clone(),
            })
            .collect(),
        feature_ids: objective.feature_ids.clone(),
        release_ids: None,
        version: Some(objective.version),
    }
}

/// Validates an objective body.
pub async fn input(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &ObjectiveBody,
) -> Result<ObjectiveInput, ApiError> {
    let mut key_results = Vec::new();
    for kr in &body.key_results {
        for (field, value) in [
            ("key_results.baseline", kr.baseline),
            ("key_results.target", kr.target),
        ] {
            if !value.is_finite() {
                return Err(ValidationError::new(field, "must be a number").into());
            }
        }
        let current = kr.current.unwrap_or(kr.baseline);
        if !current.is_finite() {
            return Err(ValidationError::new("key_results.current", "must be a number").into());
        }
        key_results.push(KeyResultInput {
            metric: title("key_results.metric", &kr.metric)?,
            unit: text("key_results.unit", kr.unit.as_deref())?,
            baseline: kr.baseline,
            target: kr.target,
            current,
            due_on: date("key_results.due_on", kr.due_on.as_deref())?,
        });
    }
    let store = &writer.state.store;
    for feature_id in &body.feature_ids {
        match store
            .direction_target_exists(visible.project.id, LinkKind::Feature, *feature_id)
            .await
        {
            Ok(()) => {}
            Err(StoreError::NotFound) => {
                return Err(ValidationError::new(
                    "feature_ids",
                    format!("no feature {feature_id} in this project"),
                )
                .into());
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(ObjectiveInput {
        title: title("title", &body.title)?,
        description: text("description", body.description.as_deref())?,
        due_on: date("due_on", body.due_on.as_deref())?,
        visibility: visibility(body.visibility.as_deref())?,
        workshop_id: body.workshop_id,
        key_results,
        feature_ids: body.feature_ids.clone(),
    })
}

/// Creates an objective and audits it.
pub async fn create(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    body: &ObjectiveBody,
) -> Result<Objective, ApiError> {
    let input = input(writer, visible, body).await?;
    let objective = writer
        .state
        .store
        .create_objective_with_releases(
            visible.project.id,
            &input,
            body.release_ids.as_deref().unwrap_or_default(),
            writer.actor.id,
        )
        .await?;
    writer
        .record(
            "objective.create",
            "objective",
            objective.id.to_string(),
            json!({ "project": visible.project.key, "release_ids": objective.release_ids }),
        )
        .await;
    Ok(objective)
}

/// Replaces an objective if it is still at `expected_version`, and audits it.
pub async fn update(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    id: i64,
    body: &ObjectiveBody,
    expected_version: i64,
) -> Result<Objective, ApiError> {
    let input = input(writer, visible, body).await?;
    let objective = writer
        .state
        .store
        .update_objective(
            visible.project.id,
            id,
            &input,
            body.release_ids.as_deref(),
            expected_version,
        )
        .await?;
    let mut details = json!({ "project": visible.project.key });
    if body.release_ids.is_some() {
        details["release_ids"] = json!(objective.release_ids);
    }
    writer
        .record("objective.update", "objective", id.to_string(), details)
        .await;
    Ok(objective)
}
