//! Tandem's persistence: one logical schema on SQLite (the embedded default) and PostgreSQL.
//!
//! Every query is written once, with `$1, $2…` placeholders, and expanded for both backends by
//! the macros in `dispatch`; the contract suite in `tests/contract.rs` runs against both.
//! Callers only see [`Store`], the model types and [`StoreError`].

#[macro_use]
mod dispatch;

mod activity;
mod artefacts;
mod audit;
mod baselines;
mod bulk;
mod clients;
mod clock;
pub mod direction;
mod error;
mod feature_items;
mod features;
mod health;
mod hypotheses;
mod login_failures;
mod mail_outbox;
mod members;
mod migrate;
mod model;
mod notifications;
mod people;
mod personas;
mod projects;
mod raci;
mod sessions;
mod settings;
mod status_reports;
mod store;
mod tokens;
mod users;
mod work;
mod workspace_zone;

pub use artefacts::Provenance;
pub use baselines::{Baseline, BaselineFeature, BaselineItem, BaselineWithItems, NewBaseline};
pub use error::StoreError;
pub use feature_items::{FeatureItem, ItemCounts};
pub use features::{
    Criterion, CriterionPatch, Feature, FeatureFields, FeatureFilter, FeaturePatch, HypothesisLink,
    NewFeature, PersonaLink, ReleaseFilter,
};
pub use health::HealthSnapshot;
pub use hypotheses::{
    Experiment, ExperimentFields, ExperimentPatch, Hypothesis, HypothesisFields, HypothesisPatch,
    NewExperiment, NewHypothesis, RecordedResult,
};
pub use mail_outbox::{HeldMail, MailAttempt, MailStatus, NewMail, OutboxCounts, OutboxMail};
pub use model::{
    AccountChange, ApiToken, AuditEntry, AuditFilter, Client, Member, NewAuditEntry, NewProject,
    NewSession, NewUser, Project, ProjectFilter, ProjectPatch, SessionRecord, User, UserRef,
    UserWithSecret,
};
pub use notifications::{NewNotification, Notification, NotificationSetting, OverdueDecision};
pub use people::*;
pub use personas::{NewPersona, Persona, PersonaFields, PersonaPatch};
pub use raci::{
    NewRaciActivity, NewRaciAssignment, RaciActivity, RaciActivityPatch, RaciAssignee,
    RaciAssignment, RaciHolder, RaciMatrix, RaciTemplate,
};
pub use status_reports::{NewStatusReport, StatusReportSummary, StoredStatusReport};
pub use store::{Store, StoreConfig};
pub use work::dependencies::DependencyOutcome;
pub use work::import::{ImportCalendar, ImportDependency, ImportItem, PlanImport, PlanImported};
pub use work::model::{
    BoardCard, Comment, Dependency, DependencyCycle, Item, ItemEvent, ItemFilter, ItemPage,
    ItemPatch, ItemRef, ItemSort, LinkedItem, NewDependency, NewItem, SavedView, StatusEntry,
    StatusInput, StatusRef, Transition, Workflow, WorkflowInput, WorkflowStatus,
};
pub use work::sprint_model::{
    Commitment, Completion, NewSprint, NewTimeEntry, Spillover, Sprint, SprintPatch, TimeEntry,
    TimeEntryPatch, TimeFilter, Timer, Unfinished,
};
pub use work::workflow::DEFAULT_STATUSES;
pub use workspace_zone::WorkspaceTimeZone;
