//! PSPLIB (Kolisch & Sprecher) single-mode RCPSP files: `.sm` instances and the
//! `j30hrs.sm` / `j120hrs.sm` lists of optimal or best-known makespans, the standard
//! benchmark of resource levelling heuristics.
//!
//! Jobs are numbered from 1 in the files; job `n` becomes activity `n - 1`.

mod instance;
mod lines;
mod solutions;

pub use instance::parse_instance;
pub use solutions::{KnownMakespan, parse_solutions};

use tandem_engine::rcpsp::ProblemError;
use thiserror::Error;

/// Why a PSPLIB file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PsplibError {
    /// A line does not have the expected shape.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// What was expected.
        message: String,
    },
    /// The file ends before a required part.
    #[error("missing {0}")]
    Missing(&'static str),
    /// The file is well-formed but describes an impossible problem.
    #[error("invalid instance: {0}")]
    Problem(#[from] ProblemError),
}
