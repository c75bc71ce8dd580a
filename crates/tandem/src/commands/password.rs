//! Reading a password for a new account: from an environment variable or an interactive
//! prompt — never from the command line, where it would land in shell history and `ps`.

use anyhow::Context;
use std::io::IsTerminal;

/// The password from `env_var`, or asked twice on the terminal.
pub fn read(env_var: &str) -> anyhow::Result<String> {
    if let Ok(value) = std::env::var(env_var) {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(super::refuse(
            "validation_failed",
            format!("no password given: set {env_var} or run in a terminal to be asked"),
        ));
    }
    let first = rpassword::prompt_password("Password (at least 10 characters): ")
        .context("cannot read the password")?;
    let second =
        rpassword::prompt_password("Repeat the password: ").context("cannot read the password")?;
    if first != second {
        return Err(super::refuse(
            "validation_failed",
            "the two passwords differ",
        ));
    }
    Ok(first)
}
