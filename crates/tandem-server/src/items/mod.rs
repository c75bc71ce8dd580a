//! Work items for the API, the web UI and the CLI alike: parsing what people send, the rules
//! and audit around each write, and the views (with blocked flags and roll-ups) they get back.

pub mod fields;
pub mod query;
pub mod service;
pub mod view;

pub use fields::ItemFields;
pub use query::ListParams;
pub use view::{ItemContext, ItemView};
