//! `--as EMAIL`: the account a project-data command acts as, so the CLI obeys the same
//! permissions and leaves the same audit trail as the API and the web UI.

use super::store_args::StoreArgs;
use crate::commands::api_error;
use tandem_server::acting::Acting;
use tandem_store::Store;

/// The database and the acting account.
#[derive(Debug, Clone, clap::Args)]
pub struct ActingArgs {
    /// E-mail of the account to act as (its project roles decide what is allowed).
    #[arg(long = "as", env = "TANDEM_AS", value_name = "EMAIL", global = true)]
    pub as_email: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

impl ActingArgs {
    /// Opens the database and loads the acting account.
    pub async fn acting(&self) -> anyhow::Result<Acting> {
        let email = self.email()?;
        let store = self.store.connect().await?;
        Acting::as_email(store, email).await.map_err(api_error)
    }

    /// Loads the acting account from `store`, already opened on these flags (by a command
    /// whose other subcommands act as nobody).
    pub async fn acting_in(&self, store: Store) -> anyhow::Result<Acting> {
        Acting::as_email(store, self.email()?)
            .await
            .map_err(api_error)
    }

    /// The acting account's e-mail; refused when nobody said who is acting.
    fn email(&self) -> anyhow::Result<&str> {
        self.as_email.as_deref().ok_or_else(|| {
            super::refuse(
                "unauthenticated",
                "say who is acting: pass --as EMAIL or set TANDEM_AS",
            )
        })
    }
}
