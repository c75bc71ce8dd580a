//! The health diagnosis of a project, measured from stored data only: every signal of
//! `tandem_core::health` gets its numbers and evidence from store queries and the planning
//! engine, the core grades them, and the verdict is kept as the week's snapshot so the trend
//! stays visible.
//!
//! One file per concern: [`roles`] (who manages), [`measure_product`] and
//! [`measure_delivery`] (the two sides), [`evidence`] (records and shared helpers),
//! [`service`] (the entry point and the history) and [`daily`] (the background snapshot).

pub mod daily;
mod evidence;
mod measure_delivery;
mod measure_product;
pub mod reading;
mod roles;
pub mod service;

pub use evidence::NOT_MEASURABLE;
pub use service::{Diagnosis, diagnose, history};
