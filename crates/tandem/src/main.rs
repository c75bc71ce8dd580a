//! The `tandem` binary: serves the web UI and API, and drives everything from the shell.

mod commands;

use clap::{Parser, Subcommand};

/// Tandem — product and project management, run by two managers in tandem.
#[derive(Debug, Parser)]
#[command(name = "tandem", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Schedule an MS Project XML (MSPDI) file with the critical path method.
    Schedule(commands::schedule::ScheduleArgs),
    /// Level a PSPLIB resource-constrained scheduling instance.
    Level(commands::level::LevelArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Schedule(args) => commands::schedule::run(args),
        Command::Level(args) => commands::level::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
