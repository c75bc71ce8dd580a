//! Large reads as one JSON document instead of one row per result.
//!
//! The SQLite driver hands every result row from its worker thread to the async caller, and
//! that hand-over, not SQLite, is what reading thousands of items costs (several microseconds
//! a row, mostly thread wake-ups). For the reads that take a whole project at once (the plan,
//! the board) the database aggregates the rows into one JSON array of arrays, which crosses
//! once and parses in a fraction of that time. Both backends build it: SQLite with
//! `json_group_array(json_array(…))`, PostgreSQL with `json_agg(json_build_array(…))`.
//! The order of an aggregate is not guaranteed: callers sort what they get.

use crate::error::corrupt;
use crate::store::Backend;
use crate::{Store, StoreError};
use serde::de::DeserializeOwned;

/// A one-value query over `$sql` with `$binds` bound in order (either backend).
macro_rules! bound {
    ($sql:expr, $binds:expr) => {{
        let mut query = sqlx::query_scalar($sql);
        for value in $binds {
            query = query.bind(*value);
        }
        query
    }};
}

impl Store {
    /// Rows of `inner` (a complete SELECT whose parameters `$1`, `$2`, … are `binds`) as
    /// `T`s, each built from the JSON array of `columns` (names of `inner`'s result columns,
    /// in the field order of `T`). `what` names the read in a decoding error.
    pub(crate) async fn json_rows<T: DeserializeOwned>(
        &self,
        what: &str,
        columns: &str,
        inner: &str,
        binds: &[i64],
    ) -> Result<Vec<T>, StoreError> {
        let text: String = match &self.backend {
            Backend::Sqlite { readers, .. } => {
                let sql =
                    format!("SELECT json_group_array(json_array({columns})) FROM ({inner}) r");
                bound!(&sql, binds).fetch_one(readers).await?
            }
            Backend::Postgres(pool) => {
                let sql = format!(
                    "SELECT COALESCE(json_agg(json_build_array({columns})), '[]')::text \
                     FROM ({inner}) r"
                );
                bound!(&sql, binds).fetch_one(pool).await?
            }
        };
        serde_json::from_str(&text).map_err(|error| corrupt(what, error))
    }
}

/// A boolean column as JSON: `true`/`false` from PostgreSQL, `1`/`0` from SQLite.
pub(crate) fn json_bool<'de, D: serde::Deserializer<'de>>(input: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match serde::Deserialize::deserialize(input)? {
        Flag::Bool(value) => value,
        Flag::Int(value) => value != 0,
    })
}
