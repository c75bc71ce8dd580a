//! Work items and what hangs off them: the per-project workflow, items with labels,
//! dependencies, comments, the change history and saved views.
//!
//! Every change to an item writes its history events in the same transaction, so reports
//! built from the history (burndown, cumulative flow, velocity) always agree with the items.

pub(crate) mod model;

/// Inserts history events (`events::Draft`s) for one item inside the transaction `$tx`. Every
/// writer of items uses it, also outside `work` (the go/no-go outcome moving due dates).
macro_rules! insert_events {
    ($tx:ident, $project_id:expr, $item_id:expr, $actor:expr, $at:expr, $drafts:expr) => {
        for draft in $drafts {
            sqlx::query(
                "INSERT INTO item_events \
                 (item_id, project_id, at, actor_id, kind, field, old_value, new_value) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind($item_id)
            .bind($project_id)
            .bind($at)
            .bind($actor)
            .bind(draft.kind)
            .bind(draft.field)
            .bind(draft.old_value.as_ref().map(|value| value.to_string()))
            .bind(draft.new_value.as_ref().map(|value| value.to_string()))
            .execute(&mut *$tx)
            .await?;
        }
    };
}

pub(crate) use insert_events;

/// Sorts rows read in no particular order (a JSON aggregate) into board order: rank, then
/// number. `key` gives a row's `(board_rank, number)`.
pub(crate) fn board_order<T>(rows: &mut [T], key: impl Fn(&T) -> (f64, i64)) {
    rows.sort_by(|a, b| {
        let ((rank_a, number_a), (rank_b, number_b)) = (key(a), key(b));
        rank_a.total_cmp(&rank_b).then(number_a.cmp(&number_b))
    });
}

mod board;
mod comments;
pub(crate) mod dependencies;
mod events;
pub(crate) mod import;
mod items;
pub(crate) mod sprint_model;
mod sprints;
mod time_entries;
mod views;
pub(crate) mod workflow;

/// For writers outside `work` that change items (the go/no-go outcome moves due dates).
pub(crate) use events::Draft;
