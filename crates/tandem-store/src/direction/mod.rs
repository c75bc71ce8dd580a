//! The product's direction: vision board and its revisions, goals/OKRs, the decision log,
//! discovery workshops, the feedback inbox, releases and their go/no-go records.
//!
//! Read models hold the domain's closed vocabularies (`tandem_core::product::direction`), so a
//! stored value that is not one of them is reported as corruption, never passed on.

mod decisions;
mod feedback;
mod goals;
mod releases;
mod targets;
mod vision;
mod workshops;

pub use decisions::{Decision, DecisionFilter, DecisionInput, DecisionLink};
pub use feedback::{
    FeatureFeedback, Feedback, FeedbackFilter, FeedbackInput, FeedbackPatch, TriageChange,
};
pub use goals::{KeyResult, KeyResultInput, Objective, ObjectiveInput};
pub use releases::{
    ChecklistEdit, Criterion, DecideInput, DueDateShift, GoNoGo, GoNoGoTemplate, Release,
    ReleaseEdit, ReleaseInput, ReleaseOutcome,
};
pub use targets::OriginKind;
pub use vision::{VisionBoard, VisionRevision, VisionSave};
pub use workshops::{Participant, ParticipantInput, Workshop, WorkshopInput, WorkshopOutcome};

use crate::StoreError;
use crate::error::corrupt;
use tandem_core::ValidationError;

/// Parses a stored vocabulary value; anything else is corruption of `column`.
pub(crate) fn stored<T>(
    column: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, ValidationError>,
) -> Result<T, StoreError> {
    parse(raw).map_err(|error| corrupt(column, error))
}

/// Reads a JSON column.
pub(crate) fn stored_json<T: serde::de::DeserializeOwned>(
    column: &str,
    raw: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(raw).map_err(|error| corrupt(column, error))
}

/// Writes a JSON column (serialising plain data cannot fail).
pub(crate) fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
