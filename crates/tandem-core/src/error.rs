//! The one error a domain constructor returns.

/// A value that breaks a domain rule, with the field it came from so the API can say which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The input field (API / CLI name) that holds the bad value.
    pub field: &'static str,
    /// A sentence a person understands.
    pub message: String,
}

impl ValidationError {
    /// Builds the error for `field` with a human message.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
