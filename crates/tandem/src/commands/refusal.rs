//! How a command says no: every refusal carries the stable code the JSON API answers the same
//! refusal with (`validation_failed`, `not_found`, `forbidden`, `version_conflict`, …), and
//! the binary prints it in one line through [`error_line`], so a script can switch on the
//! code whether it talks to the API or to the CLI.

use std::fmt;
use tandem_core::ValidationError;
use tandem_server::error::ApiError;
use tandem_store::StoreError;

/// The code of a failure that is no rule's refusal: a file that cannot be read or written,
/// a port that is taken, input the scheduling engine cannot parse.
pub const COMMAND_FAILED: &str = "command_failed";

/// A refusal with its stable code.
#[derive(Debug)]
pub struct Refusal {
    /// The API's code for this refusal.
    pub code: &'static str,
    /// The sentence for people.
    pub message: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// A refusal the command makes itself (an argument it checks, a name it cannot find), with
/// the code the API uses for the same kind of refusal.
pub fn refuse(code: &'static str, message: impl fmt::Display) -> anyhow::Error {
    Refusal {
        code,
        message: message.to_string(),
    }
    .into()
}

/// The project key of a bare `tandem <command> KEY` (one that shows a project's page), or
/// the one refusal all such commands give when it is missing.
pub fn project_key(key: Option<String>, command: &str) -> anyhow::Result<String> {
    key.ok_or_else(|| {
        refuse(
            "validation_failed",
            format!("name the project: tandem {command} KEY"),
        )
    })
}

/// A refusal of the service layer, with the API's code and message.
pub fn api_error(error: ApiError) -> anyhow::Error {
    refuse(error.code, error.message)
}

/// The one line a failed command prints on standard error: `error: <message> [<code>]`.
pub fn error_line(error: anyhow::Error) -> String {
    let error = with_api_code(error);
    let code = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Refusal>())
        .map_or(COMMAND_FAILED, |refusal| refusal.code);
    format!("error: {error:#} [{code}]")
}

/// A validation or store error that reached the top as it was raised, in the API's words
/// and with its code; a database failure keeps its cause and says `internal`.
fn with_api_code(error: anyhow::Error) -> anyhow::Error {
    let error = match error.downcast::<ValidationError>() {
        Ok(invalid) => return api_error(invalid.into()),
        Err(other) => other,
    };
    match error.downcast::<StoreError>() {
        Ok(failure @ StoreError::Database(_)) => refuse("internal", failure),
        Ok(refused) => api_error(refused.into()),
        Err(other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn refusals_print_their_code_after_the_message() {
        let line = error_line(api_error(ApiError::not_found("project")));
        assert_eq!(line, "error: project not found [not_found]");
        let line = error_line(ValidationError::new("title", "must not be empty").into());
        assert_eq!(line, "error: title: must not be empty [validation_failed]");
        let line = error_line(StoreError::VersionConflict { current: 3 }.into());
        assert!(line.ends_with("[version_conflict]"), "{line}");
    }

    #[test]
    fn context_keeps_the_code_and_other_failures_say_so() {
        let wrapped = Err::<(), _>(refuse("not_found", "no sprint 'Nope'"))
            .context("cannot close the sprint")
            .unwrap_err();
        assert_eq!(
            error_line(wrapped),
            "error: cannot close the sprint: no sprint 'Nope' [not_found]"
        );
        let io = Err::<(), _>(std::io::Error::other("disk full"))
            .context("cannot write out.xml")
            .unwrap_err();
        assert_eq!(
            error_line(io),
            "error: cannot write out.xml: disk full [command_failed]"
        );
    }
}
