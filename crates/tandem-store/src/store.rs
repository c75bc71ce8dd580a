//! Opening the database: which backend, with which settings.

use crate::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// Embedded SQLite: the file `tandem.db` in this directory (both created if missing).
    Sqlite {
        /// The data directory.
        data_dir: PathBuf,
    },
    /// A PostgreSQL server, e.g. `postgres://user@host/db`.
    Postgres {
        /// The connection URL.
        url: String,
    },
}

/// The database behind the store: cheap to clone, safe to share between tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) backend: Backend,
}

/// The pools of one backend.
#[derive(Debug, Clone)]
pub(crate) enum Backend {
    /// SQLite allows one writer at a time, so writes queue on a one-connection pool (in the
    /// process) instead of contending for the file lock; reads run in parallel beside it (WAL).
    Sqlite {
        writer: SqlitePool,
        readers: SqlitePool,
    },
    /// PostgreSQL handles concurrency itself: one pool for everything.
    Postgres(PgPool),
}

/// The name of the SQLite file inside the data directory.
const SQLITE_FILE: &str = "tandem.db";
/// How long a SQLite connection waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Concurrent SQLite readers.
const SQLITE_READERS: u32 = 4;
/// PostgreSQL connections per server process.
const POSTGRES_CONNECTIONS: u32 = 16;

impl Store {
    /// Connects to the configured database and applies pending migrations, so a store that
    /// exists always has the current schema.
    #[tracing::instrument(skip_all)]
    pub async fn connect(config: &StoreConfig) -> Result<Store, StoreError> {
        let store = Store::open(config).await?;
        let applied = match config {
            StoreConfig::Sqlite { .. } => retry_while_busy(|| store.migrate()).await?,
            StoreConfig::Postgres { .. } => store.migrate().await?,
        };
        tracing::info!(backend = store.backend_name(), ?applied, "store ready");
        Ok(store)
    }

    /// Connects without touching the schema: for `tandem migrate`, which applies the pending
    /// migrations itself and reports them.
    #[tracing::instrument(skip_all)]
    pub async fn open(config: &StoreConfig) -> Result<Store, StoreError> {
        let backend = match config {
            StoreConfig::Sqlite { data_dir } => retry_while_busy(|| open_sqlite(data_dir)).await?,
            StoreConfig::Postgres { url } => Backend::Postgres(
                PgPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .connect(url)
                    .await?,
            ),
        };
        Ok(Store { backend })
    }

    /// Checks the database answers (for readiness probes).
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_reader!(self, |db| sqlx::query("SELECT 1")
            .execute(db)
            .await
            .map(drop))?;
        Ok(())
    }

    /// `"sqlite"` or `"postgres"`, for logs and diagnostics.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Closes every connection, waiting for the ones in use (call before exiting).
    #[tracing::instrument(skip_all)]
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite { writer, readers } => {
                readers.close().await;
                writer.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// Runs a SQLite start-up step again while it fails with `SQLITE_BUSY`, for up to
/// [`BUSY_TIMEOUT`]. The busy timeout alone does not cover start-up: when waiting could
/// deadlock (servers opening a new file together while one switches it to WAL), SQLite answers
/// "database is locked" at once instead of waiting, and only starting the step over helps.
async fn retry_while_busy<T, Step, Attempt>(mut step: Step) -> Result<T, StoreError>
where
    Step: FnMut() -> Attempt,
    Attempt: Future<Output = Result<T, StoreError>>,
{
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        match step().await {
            Err(error) if is_busy(&error) && Instant::now() + pause < deadline => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            outcome => return outcome,
        }
    }
}

/// Whether SQLite refused for a lock held elsewhere (`SQLITE_BUSY` and its extended codes).
fn is_busy(error: &StoreError) -> bool {
    const SQLITE_BUSY: i32 = 5;
    let StoreError::Database(sqlx::Error::Database(database)) = error else {
        return false;
    };
    database
        .code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == SQLITE_BUSY)
}

/// Opens (creating if needed) the SQLite file with WAL, `synchronous=NORMAL`, foreign keys and
/// a busy timeout; the writer opens first so the file and its WAL mode exist before readers.
async fn open_sqlite(data_dir: &Path) -> Result<Backend, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(|error| StoreError::Database(error.into()))?;
    let common = SqliteConnectOptions::new()
        .filename(data_dir.join(SQLITE_FILE))
        .busy_timeout(BUSY_TIMEOUT)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true);
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(
            common
                .clone()
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal),
        )
        .await?;
    let readers = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        .connect_with(common.pragma("query_only", "ON"))
        .await?;
    Ok(Backend::Sqlite { writer, readers })
}
