//! `tandem migrate`: applies pending schema migrations (servers also do this on start).

use super::store_args::StoreArgs;

/// Arguments of `tandem migrate`.
#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Runs the migrations and says what was applied.
pub async fn run(args: MigrateArgs) -> anyhow::Result<()> {
    let store = args.store.open().await?;
    let applied = store.migrate().await?;
    if applied.is_empty() {
        println!("the database schema is up to date");
    } else {
        println!("applied: {}", applied.join(", "));
    }
    store.close().await;
    Ok(())
}
