//! One module per subcommand.

pub mod acting;
pub mod audit;
pub mod baseline;
pub mod budget;
pub mod decision;
pub mod demo;
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
pub mod schedule;
pub mod serve;
pub mod sprint;
pub mod store_args;
pub mod time;
pub mod token;
pub mod user;
pub mod vision;
pub mod workshop;
pub mod workspace;

pub mod refusal;

pub use refusal::{api_error, refuse};
