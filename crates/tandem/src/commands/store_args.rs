//! The database flags every data command shares, so `serve`, `init`, `user` and the rest
//! always point at the same place.

use std::path::PathBuf;
use tandem_store::{Store, StoreConfig};

/// Where the data lives: an embedded SQLite directory (default) or a PostgreSQL URL.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// Directory of the embedded SQLite database (file `tandem.db` inside).
    #[arg(
        long,
        env = "TANDEM_DATA_DIR",
        default_value = "./tandem-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// PostgreSQL URL (postgres://user@host/db); when set, used instead of --data-dir.
    #[arg(long, env = "TANDEM_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
}

impl StoreArgs {
    /// The store configuration these flags describe.
    pub fn config(&self) -> StoreConfig {
        match &self.database_url {
            Some(url) => StoreConfig::Postgres { url: url.clone() },
            None => StoreConfig::Sqlite {
                data_dir: self.data_dir.clone(),
            },
        }
    }

    /// Connects (running pending migrations).
    pub async fn connect(&self) -> anyhow::Result<Store> {
        Store::connect(&self.config())
            .await
            .map_err(|error| anyhow::anyhow!("cannot open the database: {error}"))
    }

    /// Connects without migrating (for `tandem migrate`).
    pub async fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.config())
            .await
            .map_err(|error| anyhow::anyhow!("cannot open the database: {error}"))
    }
}
