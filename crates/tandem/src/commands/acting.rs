//! `--as EMAIL`: the account a project-data command acts as, so the CLI obeys the same
//! permissions and leaves the same audit trail as the API and the web UI.

use super::store_args::StoreArgs;
use crate::commands::api_error;
use tandem_server::acting::Acting;

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
        let Some(email) = &self.as_email else {
            return Err(super::refuse(
                "unauthenticated",
                "say who is acting: pass --as EMAIL or set TANDEM_AS",
            ));
        };
        let store = self.store.connect().await?;
        Acting::as_email(store, email).await.map_err(api_error)
    }
}
