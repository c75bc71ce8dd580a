//! Tandem's persistence: one logical schema on SQLite (the embedded default) and PostgreSQL.
//!
//! Every query is written once, with `$1, $2…` placeholders, and expanded for both backends by
//! the macros in `dispatch`; the contract suite in `tests/contract.rs` runs against both.
//! Callers only see [`Store`], the model types and [`StoreError`].

#[macro_use]
mod dispatch;

mod audit;
mod clients;
mod clock;
pub mod direction;
mod error;
mod login_failures;
mod members;
mod migrate;
mod model;
mod projects;
mod sessions;
mod settings;
mod store;
mod tokens;
mod users;
mod work;

pub use error::StoreError;
pub use model::{
    ApiToken, AuditEntry, AuditFilter, Client, Member, NewAuditEntry, NewProject, NewSession,
    NewUser, Project, ProjectFilter, ProjectPatch, SessionRecord, User, UserRef, UserWithSecret,
};
pub use store::{Store, StoreConfig};
pub use work::dependencies::DependencyOutcome;
pub use work::model::{
    Comment, Dependency, DependencyCycle, Item, ItemEvent, ItemFilter, ItemPage, ItemPatch,
    ItemRef, ItemSort, LinkedItem, NewDependency, NewItem, SavedView, StatusInput, StatusRef,
    Transition, Workflow, WorkflowInput, WorkflowStatus,
};
pub use work::workflow::DEFAULT_STATUSES;
