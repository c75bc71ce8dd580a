//! One module per subcommand.

pub mod acting;
pub mod audit;
pub mod demo;
pub mod init;
pub mod level;
pub mod migrate;
pub mod password;
pub mod product;
pub mod schedule;
pub mod serve;
pub mod store_args;
pub mod token;
pub mod user;

/// Turns an API error (shared validation rules) into a one-line CLI error.
pub fn api_error(error: tandem_server::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", error.message)
}
