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

mod budget;
pub(crate) mod calendars;
mod delivery;
mod model;
mod profiles;
mod risks;
mod time_off;

pub use model::*;
