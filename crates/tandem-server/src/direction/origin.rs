//! Creating product artefacts (features, hypotheses) from a workshop, through the product
//! cockpit's own service functions so their rules and audit apply.

use super::workshops::OutcomeBody;
use crate::audit::Writer;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use tandem_core::ValidationError;
use tandem_store::direction::OriginKind;

/// Creates a feature or hypothesis whose origin is the workshop; returns its id.
pub async fn create_product_artefact(
    _writer: &Writer<'_>,
    _visible: &VisibleProject,
    _workshop_id: i64,
    _kind: OriginKind,
    _body: &OutcomeBody,
) -> Result<i64, ApiError> {
    Err(ValidationError::new("kind", "features and hypotheses are not available yet").into())
}
