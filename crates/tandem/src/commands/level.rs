//! `tandem level`: resource-constrained scheduling of a PSPLIB instance.
//!
//! Prints `makespan N`, then with `--schedule` one `ACTIVITY START` line per activity
//! (PSPLIB job numbers from 1, dummy source and sink included, integer periods).

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use tandem_engine::rcpsp::{Options, solve};
use tandem_interop::psplib::parse_instance;

/// Arguments of `tandem level`.
#[derive(Debug, clap::Args)]
pub struct LevelArgs {
    /// The PSPLIB single-mode instance (`.sm` file) to level.
    input: PathBuf,
    /// How many schedules the search may generate (each justification pass counts).
    #[arg(long, default_value_t = Options::default().schedule_budget)]
    schedules: u64,
    /// Seed of the search: the same seed gives the same schedule.
    #[arg(long, default_value_t = Options::default().seed)]
    seed: u64,
    /// Also print the start period of every activity.
    #[arg(long)]
    schedule: bool,
}

/// Runs `tandem level`.
pub fn run(args: LevelArgs) -> anyhow::Result<()> {
    let input = args.input.display();
    let bytes = std::fs::read(&args.input).with_context(|| format!("cannot read {input}"))?;
    let problem =
        parse_instance(&String::from_utf8_lossy(&bytes)).with_context(|| format!("{input}"))?;
    let options = Options {
        schedule_budget: args.schedules,
        seed: args.seed,
    };
    let solution = solve(&problem, &options).with_context(|| format!("{input}"))?;

    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "makespan {}", solution.schedule.makespan())?;
    if args.schedule {
        for (activity, start) in solution.schedule.starts().iter().enumerate() {
            writeln!(out, "{} {start}", activity + 1)?;
        }
    }
    out.flush()?;
    Ok(())
}
