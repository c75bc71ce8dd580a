//! Sprints and time tracking as services shared by the JSON API, the web UI and the CLI:
//! each validates, writes through the store and audits once.

pub mod history;
pub mod sprints;
pub mod time;
