//! The roadmap page's read: the now / next / later board and the release timeline with the
//! features planned into each release. Both come from one load of the features the caller may
//! see that match the page's filter and from the release timeline that
//! `GET …/roadmap/releases` answers, so the board, the timeline and the API never disagree
//! about what a client contact may see.

use super::scope::ProductScope;
use super::scores::SortModel;
use super::service;
use super::views::{FeatureView, RoadmapView};
use crate::auth::CurrentUser;
use crate::direction::releases::{self, ReleaseView};
use crate::error::ApiError;
use crate::state::AppState;
use tandem_store::FeatureFilter;

/// A release on the timeline with the features planned into it.
#[derive(Debug)]
pub struct ReleasePlan {
    pub release: ReleaseView,
    /// The release's features the caller may see that match the filter, in manual order.
    pub features: Vec<FeatureView>,
    /// How many of them are ready to ship.
    pub ready: usize,
}

/// The board and the timeline of one project.
#[derive(Debug)]
pub struct RoadmapPlan {
    /// Now / next / later columns and the features not placed yet, as `GET …/roadmap`
    /// answers with the same filter.
    pub board: RoadmapView,
    /// Releases not cancelled, by target date (undated last), as `GET …/roadmap/releases`:
    /// every one, whatever the filter, so the timeline keeps its context.
    pub releases: Vec<ReleasePlan>,
}

/// The roadmap of the project in `scope` as `user` may see it, narrowed to the features
/// matching `filter`.
pub async fn plan(
    state: &AppState,
    scope: &ProductScope,
    user: &CurrentUser,
    filter: FeatureFilter,
) -> Result<RoadmapPlan, ApiError> {
    let features = service::ranked(state, scope, filter, SortModel::Manual).await?;
    let timeline = releases::timeline(&state.store, &scope.visible, user).await?;
    let releases = timeline
        .into_iter()
        .map(|release| {
            let features: Vec<FeatureView> = features
                .iter()
                .filter(|f| f.release_id == Some(release.id))
                .cloned()
                .collect();
            ReleasePlan {
                ready: features.iter().filter(|f| f.readiness.ready).count(),
                release,
                features,
            }
        })
        .collect();
    Ok(RoadmapPlan {
        board: service::roadmap_of(features),
        releases,
    })
}
