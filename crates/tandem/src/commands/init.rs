//! `tandem init`: creates the first admin account of a new workspace.

use super::store_args::StoreArgs;
use crate::commands::{api_error, password};

/// Arguments of `tandem init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// E-mail of the first admin.
    #[arg(long)]
    pub admin_email: String,
    /// Name of the first admin.
    #[arg(long)]
    pub admin_name: String,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Creates the first admin; refuses when the workspace already has users.
pub async fn run(args: InitArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    let password = password::read("TANDEM_ADMIN_PASSWORD")?;
    let user = tandem_server::accounts::create_first_admin(
        &store,
        args.admin_email,
        args.admin_name,
        password,
    )
    .await
    .map_err(api_error)?;
    println!(
        "created admin {} <{}> (id {})",
        user.name, user.email, user.id
    );
    store.close().await;
    Ok(())
}
