//! `tandem workspace`: the workspace's settings, and with `--time-zone` (admins) its time
//! zone, whose calendar day is "today" for every due date (ADR 0039).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::WorkspaceAction;
use tandem_server::error::ApiError;
use tandem_server::{guard, time_zone};

/// Arguments of `tandem workspace`.
#[derive(Debug, clap::Args)]
pub struct WorkspaceArgs {
    /// The workspace's time zone, an IANA name such as Europe/Berlin (admins): due dates,
    /// overdue flags, sprints and time entries count its days; people who never chose a zone
    /// live in it.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Runs `tandem workspace …`.
pub async fn run(args: WorkspaceArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = async {
        let store = &acting.state.store;
        let view = match &args.time_zone {
            None => time_zone::workspace(store).await?,
            Some(name) => {
                guard::workspace(&acting.user, WorkspaceAction::ChangeSettings)?;
                let zone = time_zone::ZoneName::parse(name)?;
                // The CLI reads and writes in one go: the version it read is the one it changes.
                let expected = time_zone::workspace(store).await?.version;
                time_zone::set_workspace(&acting.writer(), &zone, expected).await?
            }
        };
        println!("Time zone: {}", view.time_zone);
        println!("Today:     {}", view.days().today());
        Ok::<(), ApiError>(())
    }
    .await
    .map_err(api_error);
    acting.state.store.close().await;
    outcome
}
