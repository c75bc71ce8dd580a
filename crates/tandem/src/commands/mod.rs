//! One module per subcommand.

pub mod acting;
pub mod audit;
pub mod baseline;
pub mod budget;
pub mod calendar;
pub mod decision;
pub mod demo;
pub mod evm;
pub mod experiment;
pub mod feedback;
pub mod forecast;
pub mod goal;
pub mod health;
pub mod init;
pub mod item;
pub mod level;
pub mod mail_args;
pub mod member;
pub mod migrate;
pub mod msproject;
pub mod notifications;
pub mod password;
pub mod plan;
pub mod portfolio;
pub mod product;
pub mod profile;
pub mod project;
pub mod raci;
pub mod release;
pub mod report;
pub mod risk;
pub mod roadmap;
pub mod roles;
pub mod schedule;
pub mod serve;
pub mod sprint;
pub mod status;
pub mod store_args;
pub mod time;
pub mod token;
pub mod user;
pub mod view;
pub mod vision;
pub mod workflow;
pub mod workshop;
pub mod workspace;

pub mod refusal;

pub use refusal::{api_error, project_key, refuse};

use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::guard::{self, VisibleProject};

/// Project `key` as the acting user may contribute to it, refused in the API's words
/// otherwise: the check every command that records something in a project starts with.
pub async fn contributable(acting: &Acting, key: &str) -> anyhow::Result<VisibleProject> {
    guard::project(&acting.state, &acting.user, key, ProjectAction::Contribute)
        .await
        .map_err(api_error)
}
