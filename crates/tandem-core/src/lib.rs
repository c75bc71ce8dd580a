//! Tandem's domain: validated values, roles and the rules that decide who may do what.
//! No I/O lives here, so the rules can be tested in isolation and shared by the store,
//! the server and the CLI.

pub mod access;
pub mod days;
pub mod delivery;
pub mod error;
pub mod health;
pub mod notifications;
pub mod people;
pub mod product;
pub mod raci;
#[macro_use]
pub mod roles;
pub mod values;
pub mod work;

pub use error::ValidationError;
