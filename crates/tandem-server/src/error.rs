//! The HTTP error: a stable machine-readable code, a message a person understands, optional
//! details — and never an internal message. Every handler returns `Result<_, ApiError>`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use tandem_core::ValidationError;
use tandem_store::StoreError;
use utoipa::ToSchema;

/// An error answer of the JSON API.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code clients can switch on, e.g. `version_conflict`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// Structured extras (the offending field, the current version, ...).
    pub details: Value,
}

/// The JSON body of every error, as documented in the OpenAPI document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorContent,
}

/// Code, message and details of an error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorContent {
    /// Stable machine-readable code.
    #[schema(example = "version_conflict")]
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Extra structured information; an empty object when there is none.
    #[schema(value_type = Object)]
    pub details: Value,
}

impl ApiError {
    /// Builds an error with empty details.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: json!({}),
        }
    }

    /// Adds structured details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// 400: the request could not be understood.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401: no valid credentials.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "sign in or send a valid API token",
        )
    }

    /// 403: known caller, not allowed.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 for `what` — also used for things the caller may not see, so they cannot probe.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// 422 for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("{field}: {message}"),
        )
        .with_details(json!({ "field": field }))
    }

    /// 412: the client edited an old version.
    pub fn version_conflict(current: i64) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "version_conflict",
            "someone else changed this since you loaded it; reload and apply your change again",
        )
        .with_details(json!({ "current_version": current }))
    }

    /// 500 without leaking anything; the cause is logged.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %ErrorChain(cause), "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged",
        )
    }
}

/// Displays an error with all its sources, for logs.
struct ErrorChain<'a>(&'a dyn std::error::Error);

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": { "code": self.code, "message": self.message, "details": self.details }
        });
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> Self {
        Self::invalid_field(error.field, error.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::not_found("resource"),
            StoreError::Conflict { constraint } => Self::new(
                StatusCode::CONFLICT,
                "duplicate",
                duplicate_message(&constraint),
            )
            .with_details(json!({ "constraint": constraint })),
            StoreError::VersionConflict { current } => Self::version_conflict(current),
            StoreError::Invalid(message) => {
                let (field, text) = message.split_once(": ").unwrap_or(("body", &message));
                Self::invalid_field(field, text)
            }
            other => Self::internal(&other),
        }
    }
}

fn duplicate_message(constraint: &str) -> String {
    match constraint {
        "users.email" => "a user with this e-mail already exists".into(),
        "projects.key" => "a project with this key already exists".into(),
        "clients.name" => "a client with this name already exists".into(),
        "project_members.pk" => "this person already has this role on the project".into(),
        "users.first_admin" => "the workspace is already set up".into(),
        other => format!("this would duplicate an existing record ({other})"),
    }
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// Replaces the stable code (for the rare case a constructor's default does not fit).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }
}
