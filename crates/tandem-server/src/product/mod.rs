//! The product cockpit shared by the API, the web UI and the CLI: personas, hypotheses with
//! experiments, the assumption map, the scored and ranked feature backlog, the MVP cut and
//! the now/next/later roadmap. Handlers parse and authorize, then call [`service`], which
//! validates, writes and audits once.

pub mod filter;
pub mod input;
pub mod roadmap;
pub mod scope;
pub mod scores;
pub mod service;
pub mod views;
