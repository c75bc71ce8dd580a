//! A release's scope: the product features planned into it (`features.release_id`), each with
//! its readiness (criteria met, linked items done, no open blocking bug) and feedback weight,
//! and the MoSCoW guard over their estimated effort.

use crate::error::ApiError;
use crate::product::views::feature_readiness;
use serde::Serialize;
use tandem_core::ValidationError;
use tandem_core::product::moscow::{Moscow, MustShare, must_share};
use tandem_core::product::readiness::Readiness;
use tandem_store::direction::FeatureFeedback;
use tandem_store::{FeatureFilter, ReleaseFilter, Store};
use utoipa::ToSchema;

/// A feature in a release.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopeFeature {
    pub id: i64,
    pub title: String,
    pub status: String,
    #[schema(value_type = Option<String>, example = "must")]
    pub moscow: Option<Moscow>,
    /// Estimated effort in person-days.
    pub estimate_days: Option<f64>,
    #[schema(value_type = Object)]
    pub readiness: Readiness,
    /// Linked feedback: count and importance weight (1/3/9).
    #[schema(value_type = Object)]
    pub feedback: FeatureFeedback,
}

/// The scope of a release.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopeView {
    pub features: Vec<ScopeFeature>,
    /// Features that are ready / in total.
    pub ready: usize,
    pub total: usize,
    /// Must-have share of the estimated effort; `over_limit` above 60 % (DSDM).
    #[schema(value_type = Object)]
    pub must_share: MustShare,
}

/// The release's scope as `shared_only` viewers (client contacts) may see it.
pub async fn scope(
    store: &Store,
    project_id: i64,
    release_id: i64,
    shared_only: bool,
) -> Result<ScopeView, ApiError> {
    let filter = FeatureFilter {
        shared_only,
        release: Some(ReleaseFilter::Release(release_id)),
        ..FeatureFilter::default()
    };
    let features = store.list_features(project_id, &filter).await?;
    let feedback = store.feedback_by_feature(project_id).await?;
    let planned: Vec<(Moscow, f64)> = features
        .iter()
        .filter_map(|f| Some((f.fields.moscow?, f.fields.estimate_days.unwrap_or(0.0))))
        .collect();
    let features: Vec<ScopeFeature> = features
        .into_iter()
        .map(|feature| ScopeFeature {
            readiness: feature_readiness(&feature),
            feedback: feedback.get(&feature.id).copied().unwrap_or_default(),
            id: feature.id,
            status: feature.fields.status.as_str().to_owned(),
            moscow: feature.fields.moscow,
            estimate_days: feature.fields.estimate_days,
            title: feature.fields.title,
        })
        .collect();
    Ok(ScopeView {
        ready: features.iter().filter(|f| f.readiness.ready).count(),
        total: features.len(),
        must_share: must_share(&planned),
        features,
    })
}

/// Refuses feature ids that are not in the release.
pub async fn check_in_release(
    store: &Store,
    project_id: i64,
    release_id: i64,
    features: &[i64],
) -> Result<(), ApiError> {
    let filter = FeatureFilter {
        release: Some(ReleaseFilter::Release(release_id)),
        ..FeatureFilter::default()
    };
    let in_release: Vec<i64> = store
        .list_features(project_id, &filter)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    match features.iter().find(|id| !in_release.contains(id)) {
        Some(id) => Err(ValidationError::new(
            "features",
            format!("feature {id} is not in this release"),
        )
        .into()),
        None => Ok(()),
    }
}
