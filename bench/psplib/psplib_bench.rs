//! PSPLIB benchmark of `tandem_engine::rcpsp::solve`: runs every instance of a set with a
//! schedule budget, checks each schedule independently, and prints the usual measures.
//!
//! `cargo run --release -p tandem-interop --example psplib_bench -- DIR SET BUDGET [SEED]`
//! where DIR holds `SET/*.sm` and `SEThrs.sm` (e.g. `/work/shared/psplib j30 5000`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rayon::prelude::*;
use tandem_engine::rcpsp::{Options, solve, verify};
use tandem_interop::psplib::{KnownMakespan, parse_instance, parse_solutions};

/// What one instance gave.
struct Outcome {
    makespan: u32,
    known: u32,
    lower_bound: u32,
    schedules: u64,
    cpu: Duration,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, set, budget, rest @ ..] = args.as_slice() else {
        bail!("usage: psplib_bench DIR SET BUDGET [SEED]");
    };
    let options = Options {
        schedule_budget: budget.parse().context("BUDGET must be a number")?,
        seed: rest
            .first()
            .map_or(Ok(0), |seed| seed.parse())
            .context("SEED must be a number")?,
    };
    let dir = PathBuf::from(dir);
    let known = parse_solutions(&read(&dir.join(format!("{set}hrs.sm")))?)?;
    let started = Instant::now();
    let outcomes = known
        .par_iter()
        .map(|known| run(&dir, set, known, &options))
        .collect::<anyhow::Result<Vec<Outcome>>>()?;
    report(set, &options, &outcomes, started.elapsed());
    Ok(())
}

fn run(dir: &Path, set: &str, known: &KnownMakespan, options: &Options) -> anyhow::Result<Outcome> {
    let path = dir.join(set).join(format!("{}.sm", known.file_stem(set)));
    let problem = parse_instance(&read(&path)?).with_context(|| path.display().to_string())?;
    let before = thread_cpu_time();
    let solution = solve(&problem, options).with_context(|| path.display().to_string())?;
    let cpu = thread_cpu_time().saturating_sub(before);
    verify(&problem, solution.schedule.starts())
        .with_context(|| format!("infeasible schedule for {}", path.display()))?;
    Ok(Outcome {
        makespan: solution.schedule.makespan(),
        known: known.makespan,
        lower_bound: solution.lower_bound,
        schedules: solution.schedules_used,
        cpu,
    })
}

fn report(set: &str, options: &Options, outcomes: &[Outcome], wall: Duration) {
    let count = outcomes.len() as f64;
    let deviation = |reference: fn(&Outcome) -> u32| {
        outcomes
            .iter()
            .map(|o| f64::from(o.makespan - reference(o)) / f64::from(reference(o)))
            .sum::<f64>()
            / count
            * 100.0
    };
    let at_known = outcomes.iter().filter(|o| o.makespan == o.known).count();
    let below_known = outcomes.iter().filter(|o| o.makespan < o.known).count();
    let mean_cpu = outcomes
        .iter()
        .map(|o| o.cpu)
        .sum::<Duration>()
        .as_secs_f64()
        / count;
    let max_cpu = outcomes.iter().map(|o| o.cpu).max().unwrap_or_default();
    let schedules = outcomes.iter().map(|o| o.schedules).sum::<u64>() as f64 / count;
    println!(
        "set {set}: {} instances, budget {} schedules, seed {}",
        outcomes.len(),
        options.schedule_budget,
        options.seed
    );
    println!("all schedules verified feasible");
    println!(
        "average deviation from known makespan (optimal/best-known): {:.3} %",
        deviation(|o| o.known)
    );
    println!(
        "average deviation from critical-path lower bound: {:.2} %",
        deviation(|o| o.lower_bound)
    );
    println!(
        "at known makespan: {at_known} ({:.1} %), below it: {below_known}",
        at_known as f64 / count * 100.0
    );
    println!("schedules used per instance: {schedules:.0} on average");
    println!(
        "CPU time per instance: average {:.4} s, max {:.4} s (wall {:.1} s in total)",
        mean_cpu,
        max_cpu.as_secs_f64(),
        wall.as_secs_f64()
    );
}

/// Reads a file as text; the solution lists spell some authors' names in Latin-1.
fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// CPU time of the calling thread (Linux `schedstat`, in nanoseconds), so per-instance
/// times stay honest while rayon runs instances side by side; wall-clock elsewhere.
fn thread_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .map_or_else(|| EPOCH.elapsed(), Duration::from_nanos)
}

static EPOCH: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);
