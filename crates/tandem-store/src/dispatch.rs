//! The two macros that let every query be written once and run on either backend.
//!
//! sqlx's generic executor bounds are too heavy to spell out per function, so instead the body
//! is expanded twice, once with a SQLite handle and once with a PostgreSQL one; the compiler
//! checks both expansions.

/// Evaluates `$body` with `$db` bound to the pool that serves reads (the reader pool on SQLite).
macro_rules! with_reader {
    ($store:expr, |$db:ident| $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite { readers: $db, .. } => $body,
            $crate::store::Backend::Postgres($db) => $body,
        }
    };
}

/// Evaluates `$body` inside one write transaction bound to `$tx` and commits it.
///
/// On SQLite the transaction runs on the single writer connection and starts with
/// `BEGIN IMMEDIATE`, so it takes the write lock up front (waiting up to the busy timeout)
/// instead of failing later when a deferred read lock cannot be upgraded. An early return
/// (`?`) inside the body drops the transaction, which rolls it back.
macro_rules! in_transaction {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite { writer, .. } => {
                let mut $tx = writer.begin_with("BEGIN IMMEDIATE").await?;
                let value = $body;
                $tx.commit().await?;
                value
            }
            $crate::store::Backend::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let value = $body;
                $tx.commit().await?;
                value
            }
        }
    };
}
