//! Health diagnosis: signals read from both cockpits, each graded against a workspace
//! threshold and attributed to the product side or the delivery side, and a verdict that says
//! which side puts the project at risk.
//!
//! Everything here is pure: callers measure plain numbers from stored data and pass them to
//! one evaluation function per signal ([`product`], [`delivery`]); [`verdict::Verdict::of`]
//! ranks the signals and writes the sentence. The same numbers always give the same verdict.

pub mod bands;
pub mod delivery;
pub mod product;
pub mod signal;
pub mod thresholds;
pub mod verdict;

pub use bands::{Bands, Direction};
pub use signal::{Evidence, NextStep, Severity, Side, Signal, SignalId};
pub use thresholds::Thresholds;
pub use verdict::Verdict;
