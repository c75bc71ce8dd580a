//! `tandem schedule`: read an MSPDI file, schedule it, write it back.

/// Arguments of `tandem schedule`.
#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {}

/// Runs `tandem schedule`.
pub fn run(_args: ScheduleArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet available")
}
