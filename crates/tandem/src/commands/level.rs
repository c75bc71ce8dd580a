//! `tandem level`: resource-constrained scheduling of a PSPLIB instance.

/// Arguments of `tandem level`.
#[derive(Debug, clap::Args)]
pub struct LevelArgs {}

/// Runs `tandem level`.
pub fn run(_args: LevelArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet available")
}
