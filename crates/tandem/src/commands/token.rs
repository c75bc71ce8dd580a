//! `tandem token create`: an API token for scripts and integrations, printed once.

use super::store_args::StoreArgs;
use crate::commands::api_error;

/// Arguments of `tandem token`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Token commands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user and print it (only this once).
    Create {
        /// E-mail of the user the token acts as.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long)]
        name: Option<String>,
    },
}

/// Runs `tandem token …`.
pub async fn run(args: TokenArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    match args.command {
        TokenCommand::Create { email, name } => {
            let record = store
                .user_by_email(&email.trim().to_lowercase())
                .await?
                .filter(|record| record.user.active)
                .ok_or_else(|| {
                    super::refuse("not_found", format!("no active user with e-mail {email}"))
                })?;
            let created =
                tandem_server::api::tokens::issue(&store, record.user.id, name.as_deref())
                    .await
                    .map_err(api_error)?;
            println!("{}", created.token);
            eprintln!(
                "token '{}' for {}: store it now, it is not shown again",
                created.info.name, record.user.email
            );
        }
    }
    store.close().await;
    Ok(())
}
