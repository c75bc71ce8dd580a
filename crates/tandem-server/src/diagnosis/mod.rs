//! The health diagnosis of a project, measured from stored data only: every signal of
//! `tandem_core::health` gets its numbers and evidence from store queries, the core grades
//! them, and the verdict is kept as the week's snapshot so the trend stays visible.
//!
//! One file per concern: [`roles`] (who manages), [`service`] (the entry point and the
//! snapshot).

mod roles;
pub mod service;

pub use service::{Diagnosis, diagnose};
