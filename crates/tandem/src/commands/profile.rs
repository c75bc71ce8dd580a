//! `tandem profile`: show the acting person's own profile (name, e-mail, role, time zone)
//! and, with `--name` or `--time-zone`, change it first (ADR 0038).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::profile::{self, ProfileChange, ProfileView};

/// Arguments of `tandem profile`.
#[derive(Debug, clap::Args)]
pub struct ProfileArgs {
    /// Your new name, shown to your team and clients.
    #[arg(long)]
    pub name: Option<String>,
    /// Your time zone, an IANA name such as Europe/Berlin: your pages show times there and
    /// your daily digest comes at 07:00 there.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Runs `tandem profile …`.
pub async fn run(args: ProfileArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let change = ProfileChange {
        name: args.name,
        time_zone: args.time_zone,
        version: None,
    };
    // The CLI reads and writes in one go, so the version it just read is the one it changes.
    let expected = change.needs_version().then_some(acting.user.user.version);
    let outcome = profile::change(&acting.writer(), &change, expected)
        .await
        .map_err(api_error)
        .map(|view| print(&view));
    acting.state.store.close().await;
    outcome
}

fn print(view: &ProfileView) {
    println!("Name:      {}", view.name);
    println!("E-mail:    {}", view.email);
    println!("Role:      {}", view.role.as_str());
    println!("Time zone: {}", view.time_zone);
}
