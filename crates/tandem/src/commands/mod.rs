//! One module per subcommand.

pub mod level;
pub mod schedule;
