//! The vision board (one per project) and its revisions: every save that changes a box
//! records the full text before and after, so any two states can be compared.

use super::{stored, stored_json, to_json};
use crate::error::stale_or_missing;
use crate::{Store, StoreError, clock};
use serde::Serialize;
use tandem_core::product::direction::{Visibility, VisionBoxes};

/// A project's vision board.
#[derive(Debug, Clone, Serialize)]
pub struct VisionBoard {
    /// The project.
    pub project_id: i64,
    /// The five boxes.
    pub boxes: VisionBoxes,
    /// Shared with the client or not.
    pub visibility: Visibility,
    /// Last change, unix milliseconds (0 for a board never saved).
    pub updated_at: i64,
    /// Optimistic-concurrency version; 0 for a board never saved.
    pub version: i64,
}

impl VisionBoard {
    /// The empty board a project starts with (nothing stored yet).
    pub fn empty(project_id: i64) -> Self {
        Self {
            project_id,
            boxes: VisionBoxes::default(),
            visibility: Visibility::Internal,
            updated_at: 0,
            version: 0,
        }
    }
}

/// One edit of the board.
#[derive(Debug, Clone, Serialize)]
pub struct VisionRevision {
    /// Id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// Who saved it.
    pub edited_by: Option<i64>,
    /// Their name.
    pub edited_by_name: Option<String>,
    /// When, unix milliseconds.
    pub edited_at: i64,
    /// The boxes before.
    pub previous: VisionBoxes,
    /// The boxes after.
    pub current: VisionBoxes,
    /// The vision or target group changed.
    pub direction_change: bool,
    /// The decision record covering the direction change, once recorded.
    pub decision_id: Option<i64>,
}

/// A save of the board.
#[derive(Debug, Clone)]
pub struct VisionSave {
    /// The new boxes.
    pub boxes: VisionBoxes,
    /// The new visibility.
    pub visibility: Visibility,
    /// Who saves.
    pub editor: i64,
}

#[derive(sqlx::FromRow)]
struct BoardRow {
    project_id: i64,
    vision: String,
    target_group: String,
    needs: String,
    product: String,
    business_goals: String,
    visibility: String,
    updated_at: i64,
    version: i64,
}

impl TryFrom<BoardRow> for VisionBoard {
    type Error = StoreError;

    fn try_from(row: BoardRow) -> Result<Self, StoreError> {
        Ok(VisionBoard {
            project_id: row.project_id,
            boxes: VisionBoxes {
                vision: row.vision,
                target_group: row.target_group,
                needs: row.needs,
                product: row.product,
                business_goals: row.business_goals,
            },
            visibility: stored(
                "vision_boards.visibility",
                &row.visibility,
                Visibility::parse,
            )?,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: i64,
    project_id: i64,
    edited_by: Option<i64>,
    edited_by_name: Option<String>,
    edited_at: i64,
    previous: String,
    current: String,
    direction_change: bool,
    decision_id: Option<i64>,
}

impl TryFrom<RevisionRow> for VisionRevision {
    type Error = StoreError;

    fn try_from(row: RevisionRow) -> Result<Self, StoreError> {
        Ok(VisionRevision {
            previous: stored_json("vision_revisions.previous", &row.previous)?,
            current: stored_json("vision_revisions.current", &row.current)?,
            id: row.id,
            project_id: row.project_id,
            edited_by: row.edited_by,
            edited_by_name: row.edited_by_name,
            edited_at: row.edited_at,
            direction_change: row.direction_change,
            decision_id: row.decision_id,
        })
    }
}

const SELECT_BOARD: &str = "SELECT project_id, vision, target_group, needs, product, \
    business_goals, visibility, updated_at, version FROM vision_boards WHERE project_id = $1";

macro_rules! select_revisions {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.project_id, r.edited_by, u.name AS edited_by_name, r.edited_at, \
             r.previous, r.current, r.direction_change, r.decision_id \
             FROM vision_revisions r LEFT JOIN users u ON u.id = r.edited_by ",
            $tail
        )
    };
}

impl Store {
    /// The project's vision board (the empty one at version 0 when never saved).
    #[tracing::instrument(skip_all)]
    pub async fn vision_board(&self, project_id: i64) -> Result<VisionBoard, StoreError> {
        let row: Option<BoardRow> = with_reader!(self, |db| {
            sqlx::query_as(SELECT_BOARD)
                .bind(project_id)
                .fetch_optional(db)
                .await
        })?;
        match row {
            Some(row) => row.try_into(),
            None => Ok(VisionBoard::empty(project_id)),
        }
    }

    /// Saves the board if it is still at `expected_version` (0 for a board never saved) and,
    /// when a box changed, records the revision in the same transaction. Returns the board and
    /// the revision (none when nothing changed but the visibility).
    #[tracing::instrument(skip_all)]
    pub async fn save_vision_board(
        &self,
        project_id: i64,
        save: &VisionSave,
        expected_version: i64,
    ) -> Result<(VisionBoard, Option<VisionRevision>), StoreError> {
        let now = clock::now_ms();
        let boxes = &save.boxes;
        let (board, revision_id): (BoardRow, Option<i64>) = in_transaction!(self, |tx| {
            let before: Option<BoardRow> = sqlx::query_as(SELECT_BOARD)
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
            let current_version = before.as_ref().map_or(0, |row| row.version);
            if current_version != expected_version {
                return Err(StoreError::VersionConflict {
                    current: current_version,
                });
            }
            let previous = match before {
                Some(row) => VisionBoard::try_from(row)?.boxes,
                None => VisionBoxes::default(),
            };
            let changed = sqlx::query(
                "INSERT INTO vision_boards (project_id, vision, target_group, needs, product, \
                 business_goals, visibility, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                 ON CONFLICT (project_id) DO UPDATE SET vision = $2, target_group = $3, \
                 needs = $4, product = $5, business_goals = $6, visibility = $7, \
                 updated_at = $9, version = vision_boards.version + 1 \
                 WHERE vision_boards.version = $10",
            )
            .bind(project_id)
            .bind(&boxes.vision)
            .bind(&boxes.target_group)
            .bind(&boxes.needs)
            .bind(&boxes.product)
            .bind(&boxes.business_goals)
            .bind(save.visibility.as_str())
            .bind(save.editor)
            .bind(now)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_or_missing(Some(current_version)));
            }
            let revision_id = if previous != *boxes {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO vision_revisions (project_id, edited_by, edited_at, previous, \
                     current, direction_change) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(project_id)
                .bind(save.editor)
                .bind(now)
                .bind(to_json(&previous))
                .bind(to_json(boxes))
                .bind(previous.is_direction_change(boxes))
                .fetch_one(&mut *tx)
                .await?;
                Some(id)
            } else {
                None
            };
            let board: BoardRow = sqlx::query_as(SELECT_BOARD)
                .bind(project_id)
                .fetch_one(&mut *tx)
                .await?;
            (board, revision_id)
        });
        let revision = match revision_id {
            Some(id) => Some(self.vision_revision(project_id, id).await?),
            None => None,
        };
        Ok((board.try_into()?, revision))
    }

    /// Every revision of the project's board, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn vision_revisions(
        &self,
        project_id: i64,
    ) -> Result<Vec<VisionRevision>, StoreError> {
        let rows: Vec<RevisionRow> = with_reader!(self, |db| {
            sqlx::query_as(select_revisions!(
                "WHERE r.project_id = $1 ORDER BY r.id DESC"
            ))
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(VisionRevision::try_from).collect()
    }

    /// One revision of the project's board.
    #[tracing::instrument(skip_all)]
    pub async fn vision_revision(
        &self,
        project_id: i64,
        id: i64,
    ) -> Result<VisionRevision, StoreError> {
        let row: Option<RevisionRow> = with_reader!(self, |db| {
            sqlx::query_as(select_revisions!("WHERE r.project_id = $1 AND r.id = $2"))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }
}
