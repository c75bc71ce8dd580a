//! The vision board: saving it (each edit a revision), and the revisions with their diffs.
//! A change of the vision or the target group is a direction change; until a decision record
//! covers it, the board reports `direction_change_pending`.

use super::{text, visibility};
use crate::api::views::timestamp;
use crate::audit::Writer;
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::product::direction::{Visibility, VisionBoxes};
use tandem_core::product::text_diff::{DiffLine, diff_lines};
use tandem_store::direction::{VisionBoard, VisionRevision, VisionSave};
use utoipa::ToSchema;

/// The five boxes of the board and its visibility, as saved.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct VisionInput {
    #[serde(default)]
    pub vision: Option<String>,
    #[serde(default)]
    pub target_group: Option<String>,
    #[serde(default)]
    pub needs: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub business_goals: Option<String>,
    /// internal (default) or shared.
    #[serde(default)]
    pub visibility: Option<String>,
    /// The version you read (alternative to If-Match; 0 for a board never saved).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A project's vision board.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisionView {
    pub vision: String,
    pub target_group: String,
    pub needs: String,
    pub product: String,
    pub business_goals: String,
    #[schema(value_type = String, example = "internal")]
    pub visibility: Visibility,
    /// 0 for a board never saved.
    pub version: i64,
    pub updated_at: Option<String>,
    /// A change of the vision or target group waits for its decision record.
    pub direction_change_pending: bool,
    /// The revisions that wait for one (link a decision to `vision_revision` ids to cover them).
    pub pending_revision_ids: Vec<i64>,
}

/// One box's change in a revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    /// vision, target_group, needs, product or business_goals.
    pub field: &'static str,
    pub before: String,
    pub after: String,
    /// Line diff: each line with `change` same / removed / added.
    #[schema(value_type = Vec<Object>)]
    pub lines: Vec<DiffLine>,
}

/// One edit of the board.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionView {
    pub id: i64,
    pub edited_by: Option<i64>,
    pub edited_by_name: Option<String>,
    pub edited_at: String,
    pub direction_change: bool,
    /// The decision record covering the direction change.
    pub decision_id: Option<i64>,
    /// A direction change without a decision record yet.
    pub needs_decision: bool,
    /// The boxes that changed.
    pub changes: Vec<FieldChange>,
}

impl From<VisionRevision> for RevisionView {
    fn from(revision: VisionRevision) -> Self {
        let changes = revision
            .previous
            .fields()
            .into_iter()
            .zip(revision.current.fields())
            .filter(|((_, before), (_, after))| before != after)
            .map(|((field, before), (_, after))| FieldChange {
                field,
                lines: diff_lines(before, after),
                before: before.to_owned(),
                after: after.to_owned(),
            })
            .collect();
        Self {
            id: revision.id,
            edited_by: revision.edited_by,
            edited_by_name: revision.edited_by_name,
            edited_at: timestamp(revision.edited_at),
            direction_change: revision.direction_change,
            decision_id: revision.decision_id,
            needs_decision: revision.direction_change && revision.decision_id.is_none(),
            changes,
        }
    }
}

/// The board as a view, with the revisions still waiting for a decision.
pub fn view(board: VisionBoard, revisions: &[VisionRevision]) -> VisionView {
    let pending: Vec<i64> = revisions
        .iter()
        .filter(|revision| revision.direction_change && revision.decision_id.is_none())
        .map(|revision| revision.id)
        .collect();
    VisionView {
        vision: board.boxes.vision,
        target_group: board.boxes.target_group,
        needs: board.boxes.needs,
        product: board.boxes.product,
        business_goals: board.boxes.business_goals,
        visibility: board.visibility,
        version: board.version,
        updated_at: (board.updated_at > 0).then(|| timestamp(board.updated_at)),
        direction_change_pending: !pending.is_empty(),
        pending_revision_ids: pending,
    }
}

/// Loads the board and its revisions as a view.
pub async fn load(store: &tandem_store::Store, project_id: i64) -> Result<VisionView, ApiError> {
    let board = store.vision_board(project_id).await?;
    let revisions = store.vision_revisions(project_id).await?;
    Ok(view(board, &revisions))
}

/// Saves the board if it is still at `expected_version` and audits the edit (noting a
/// direction change). Absent boxes keep their text.
pub async fn save(
    writer: &Writer<'_>,
    project_id: i64,
    input: &VisionInput,
    expected_version: i64,
) -> Result<(VisionView, Option<RevisionView>), ApiError> {
    let store = &writer.state.store;
    let current = store.vision_board(project_id).await?;
    let keep = |field: &'static str, given: &Option<String>, now: &str| match given {
        Some(text_given) => text(field, Some(text_given)),
        None => Ok(now.to_owned()),
    };
    let boxes = VisionBoxes {
        vision: keep("vision", &input.vision, &current.boxes.vision)?,
        target_group: keep(
            "target_group",
            &input.target_group,
            &current.boxes.target_group,
        )?,
        needs: keep("needs", &input.needs, &current.boxes.needs)?,
        product: keep("product", &input.product, &current.boxes.product)?,
        business_goals: keep(
            "business_goals",
            &input.business_goals,
            &current.boxes.business_goals,
        )?,
    };
    let visibility = match input.visibility.as_deref() {
        Some(raw) => visibility(Some(raw))?,
        None => current.visibility,
    };
    let save = VisionSave {
        boxes,
        visibility,
        editor: writer.actor.id,
    };
    let (_, revision) = store
        .save_vision_board(project_id, &save, expected_version)
        .await?;
    writer
        .record(
            "vision.update",
            "vision_board",
            project_id.to_string(),
            json!({
                "revision_id": revision.as_ref().map(|r| r.id),
                "direction_change": revision.as_ref().is_some_and(|r| r.direction_change),
            }),
        )
        .await;
    Ok((
        load(store, project_id).await?,
        revision.map(RevisionView::from),
    ))
}
