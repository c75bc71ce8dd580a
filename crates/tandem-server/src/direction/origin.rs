//! Creating product artefacts (features, hypotheses) and risks from a workshop: a new idea, an
//! untested hypothesis or a risk for the register that remembers the workshop as its origin.

use super::workshops::OutcomeBody;
use super::{text, title};
use crate::audit::Writer;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::people::risks::{self, PROPOSED_RATING, RiskInput};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::product::artefacts::{HypothesisKind, HypothesisStatus, Visibility};
use tandem_core::product::assumptions::{Evidence, Importance};
use tandem_store::direction::OriginKind;
use tandem_store::{FeatureFields, HypothesisFields, NewFeature, NewHypothesis};

/// Creates a feature (an idea) or an untested hypothesis whose origin is the workshop, audits
/// it and returns its id.
pub async fn create_product_artefact(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    workshop_id: i64,
    kind: OriginKind,
    body: &OutcomeBody,
) -> Result<i64, ApiError> {
    let store = &writer.state.store;
    let project_id = visible.project.id;
    let created_by = Some(writer.actor.id);
    let (object, id) = match kind {
        OriginKind::Feature => {
            let mut fields =
                FeatureFields::idea(title("title", body.title.as_deref().unwrap_or_default())?);
            fields.problem = text("description", body.description.as_deref())?;
            fields.workshop_id = Some(workshop_id);
            let feature = store
                .create_feature(&NewFeature {
                    project_id,
                    created_by,
                    fields,
                    persona_ids: Vec::new(),
                    hypothesis_ids: Vec::new(),
                })
                .await?;
            ("feature", feature.id)
        }
        OriginKind::Hypothesis => {
            let statement = text("title", body.title.as_deref())?;
            if statement.is_empty() {
                return Err(ValidationError::new("title", "state the hypothesis").into());
            }
            let hypothesis = store
                .create_hypothesis(&NewHypothesis {
                    project_id,
                    created_by,
                    fields: HypothesisFields {
                        statement,
                        kind: HypothesisKind::Desirability,
                        importance: Importance::new(3)?,
                        evidence: Evidence::None,
                        status: HypothesisStatus::Untested,
                        visibility: Visibility::Internal,
                        workshop_id: Some(workshop_id),
                    },
                })
                .await?;
            ("hypothesis", hypothesis.id)
        }
        _ => return Err(ValidationError::new("kind", "not a product artefact").into()),
    };
    writer
        .record(
            if object == "feature" {
                "feature.create"
            } else {
                "hypothesis.create"
            },
            object,
            id.to_string(),
            json!({ "project": visible.project.key, "workshop_id": workshop_id }),
        )
        .await;
    Ok(id)
}

/// Registers a risk whose origin is the workshop, rated like the risk register's form
/// proposes when the workshop did not say (probability and impact 3), owned by nobody unless
/// named, internal; audits it and returns its id.
pub async fn create_risk(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    workshop_id: i64,
    body: &OutcomeBody,
) -> Result<i64, ApiError> {
    let input = RiskInput {
        title: body.title.clone().unwrap_or_default(),
        description: body.description.clone().unwrap_or_default(),
        probability: body.probability.unwrap_or(i64::from(PROPOSED_RATING)),
        impact: body.impact.unwrap_or(i64::from(PROPOSED_RATING)),
        owner: body.owner.clone(),
        mitigation: String::new(),
        status: None,
        review_date: None,
        visibility: None,
        item_keys: Vec::new(),
    };
    let risk =
        risks::create_with_origin(writer, &visible.project, &input, Some(workshop_id)).await?;
    Ok(risk.id)
}
