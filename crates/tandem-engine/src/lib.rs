//! Pure planning maths for Tandem: working calendars, the critical path method with
//! MS Project's semantics, resource-constrained scheduling (levelling), Monte Carlo
//! forecasts and earned value. No I/O, no async: callers pass plain values and get
//! plain values back, so the same code serves the server, the CLI and the benchmarks.

pub mod calendar;
pub mod cpm;
pub mod evm;
pub mod forecast;
pub mod rcpsp;
