//! A fresh, private database per test: a temporary SQLite directory, or a uniquely named
//! PostgreSQL schema that is dropped when the test ends (also when it fails).

use sqlx::Connection;
use std::sync::atomic::{AtomicU32, Ordering};
use tandem_store::StoreConfig;

/// The environment variable that enables the PostgreSQL runs.
pub const POSTGRES_URL_VAR: &str = "TANDEM_TEST_POSTGRES_URL";

/// Where a test's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite in a temporary directory (always available).
    Sqlite,
    /// PostgreSQL at `TANDEM_TEST_POSTGRES_URL`.
    Postgres,
}

/// A database that exists for one test.
pub struct TestDatabase {
    /// How the application connects to it.
    pub config: StoreConfig,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Removed with the directory.
    Directory { _dir: tempfile::TempDir },
    /// Dropped with `DROP SCHEMA … CASCADE` through `admin_url`.
    Schema { admin_url: String, schema: String },
}

impl TestDatabase {
    /// Creates the database, or `None` when `backend` is not configured.
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("create a temporary directory");
                Some(Self {
                    config: StoreConfig::Sqlite {
                        data_dir: dir.path().to_path_buf(),
                    },
                    cleanup: Cleanup::Directory { _dir: dir },
                })
            }
            Backend::Postgres => {
                let admin_url = std::env::var(POSTGRES_URL_VAR).ok()?;
                let schema = unique_schema_name();
                let mut connection = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .expect("connect to TANDEM_TEST_POSTGRES_URL");
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&mut connection)
                    .await
                    .expect("create the test schema");
                let separator = if admin_url.contains('?') { '&' } else { '?' };
                let url = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
                Some(Self {
                    config: StoreConfig::Postgres { url },
                    cleanup: Cleanup::Schema { admin_url, schema },
                })
            }
        }
    }
}

impl TestDatabase {
    /// Runs one SQL statement on the database, outside the application: for facts the API
    /// cannot write, such as how long ago something was recorded.
    pub async fn execute(&self, sql: &str) {
        match &self.config {
            StoreConfig::Sqlite { data_dir } => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(data_dir.join("tandem.db"))
                    .busy_timeout(std::time::Duration::from_secs(10));
                let mut connection = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("open the SQLite test database");
                sqlx::query(sql)
                    .execute(&mut connection)
                    .await
                    .expect("run SQL on the test database");
                connection.close().await.expect("close the connection");
            }
            StoreConfig::Postgres { url } => {
                let mut connection = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to the test schema");
                sqlx::query(sql)
                    .execute(&mut connection)
                    .await
                    .expect("run SQL on the test database");
                connection.close().await.expect("close the connection");
            }
        }
    }
}

fn unique_schema_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "tandem_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Schema { admin_url, schema } = &self.cleanup
            && let Err(error) = drop_schema(admin_url.clone(), schema.clone())
        {
            eprintln!("could not drop test schema {schema}: {error}");
        }
    }
}

/// Drops `schema`. `Drop` runs inside the test's runtime, which cannot block on async work,
/// so this uses a thread with a runtime of its own.
fn drop_schema(admin_url: String, schema: String) -> Result<(), String> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| error.to_string())?;
        runtime
            .block_on(async {
                let mut connection = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&mut connection)
                    .await?;
                connection.close().await
            })
            .map_err(|error| error.to_string())
    })
    .join()
    .map_err(|_| "the cleanup thread panicked".to_owned())?
}
