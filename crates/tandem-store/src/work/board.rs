//! The board's own read: every card of a project in one narrow query.
//!
//! The board shows thousands of cards at once, so it does not load full items (description,
//! labels, estimates, dates, a count): it reads only what a card shows and what the move
//! buttons and swimlanes need, as one JSON document ([`crate::bulk`]). Full items stay one
//! click away on the item page.

use super::model::BoardCard;
use crate::error::corrupt;
use crate::{Store, StoreError};
use tandem_core::work::ItemType;

/// One card as read, in the column order of [`CARD_COLUMNS`].
#[derive(serde::Deserialize)]
struct CardRow {
    board_rank: f64,
    id: i64,
    number: i64,
    item_type: String,
    title: String,
    status_id: i64,
    assignee: Option<String>,
    parent_id: Option<i64>,
    story_points: Option<i64>,
    version: i64,
}

const CARD_COLUMNS: &str = "board_rank, id, number, item_type, title, status_id, assignee, parent_id, story_points, \
     version";

const CARD_SELECT: &str = "SELECT w.board_rank, w.id, w.number, w.item_type, w.title, \
     w.status_id, u.name AS assignee, w.parent_id, w.story_points, w.version FROM work_items w \
     LEFT JOIN users u ON u.id = w.assignee_id WHERE w.project_id = $1";

impl Store {
    /// Every item of a project as a board card, in board order (rank, then number).
    #[tracing::instrument(skip_all)]
    pub async fn board_cards(
        &self,
        project_id: i64,
        project_key: &str,
    ) -> Result<Vec<BoardCard>, StoreError> {
        let mut rows: Vec<CardRow> = self
            .json_rows("work_items", CARD_COLUMNS, CARD_SELECT, &[project_id])
            .await?;
        super::board_order(&mut rows, |row| (row.board_rank, row.number));
        rows.into_iter()
            .map(|row| {
                Ok(BoardCard {
                    id: row.id,
                    key: format!("{project_key}-{}", row.number),
                    item_type: ItemType::parse(&row.item_type)
                        .map_err(|error| corrupt("work_items.item_type", error))?,
                    title: row.title,
                    status_id: row.status_id,
                    assignee: row.assignee,
                    parent_id: row.parent_id,
                    story_points: row.story_points,
                    version: row.version,
                })
            })
            .collect()
    }
}
