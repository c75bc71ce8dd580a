//! A release's scope: the product features planned into it (`features.release_id`), with
//! their readiness and the MoSCoW guard over their estimated effort.

use crate::error::ApiError;
use tandem_core::ValidationError;
use tandem_store::Store;

/// Refuses feature ids that are not in the release.
pub async fn check_in_release(
    _store: &Store,
    _project_id: i64,
    _release_id: i64,
    features: &[i64],
) -> Result<(), ApiError> {
    match features.first() {
        Some(id) => Err(ValidationError::new(
            "features",
            format!("feature {id} is not in this release"),
        )
        .into()),
        None => Ok(()),
    }
}
