//! The delivery cockpit's people side: member profiles (discipline, capacity, rate), project
//! calendars and time off, budget lines and expenses, and the risk register.

/// After an optimistic write matched no row, inside a transaction: the error saying why
/// (`NotFound` when the row is gone, `VersionConflict` with its version when it changed).
/// `$query` selects the row's version.
macro_rules! stale_row {
    ($tx:ident, $query:literal, $($bind:expr),+) => {{
        let current: Option<i64> = sqlx::query_scalar($query)
            $(.bind($bind))+
            .fetch_optional(&mut *$tx)
            .await?;
        crate::error::stale_or_missing(current)
    }};
}

/// Links a risk to `$item_ids` inside `$tx`, refusing an item of another project with
/// `Invalid("items: …")`; shared by registering a risk and relinking one, so a new risk
/// and its items are one write.
macro_rules! link_risk_items {
    ($tx:ident, $project_id:expr, $risk_id:expr, $item_ids:expr) => {
        for item_id in $item_ids {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM work_items WHERE id = $1 AND project_id = $2")
                    .bind(item_id)
                    .bind($project_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::Invalid(
                    "items: no such item in this project".to_owned(),
                ));
            }
            sqlx::query(
                "INSERT INTO risk_items (risk_id, item_id) VALUES ($1, $2) \
                 ON CONFLICT (risk_id, item_id) DO NOTHING",
            )
            .bind($risk_id)
            .bind(item_id)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

mod budget;
pub(crate) mod calendars;
mod delivery;
mod model;
mod profiles;
mod risks;
mod time_off;

pub use model::*;
