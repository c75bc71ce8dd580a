//! `tandem demo`: loads the demo workspace (also `tandem serve --demo`).

use super::store_args::StoreArgs;

/// Arguments of `tandem demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Loads the demo data once and prints how to sign in.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    load_and_announce(&store).await?;
    store.close().await;
    Ok(())
}

/// Loads the demo workspace unless it is there already, then prints the credentials.
pub async fn load_and_announce(store: &tandem_store::Store) -> anyhow::Result<()> {
    let loaded = tandem_server::demo::load(store)
        .await
        .map_err(super::api_error)?;
    if loaded {
        println!("Loaded the demo workspace.");
    } else {
        println!("The demo workspace is already loaded.");
    }
    println!(
        "Demo sign-in (password for every demo account: {}):",
        tandem_server::demo::PASSWORD
    );
    for (email, what) in tandem_server::demo::ACCOUNTS {
        println!("  {email:<28} {what}");
    }
    Ok(())
}
