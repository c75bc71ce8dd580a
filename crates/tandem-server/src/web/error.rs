//! Why a page could not be shown, and the friendly page (or redirect) that says so instead.
//! A project the visitor may not see is "not found", exactly like one that does not exist.

use super::chrome::Chrome;
use super::page;
use crate::error::ApiError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// A page that cannot be shown.
#[derive(Debug)]
pub enum WebError {
    /// Nobody is signed in: go to the sign-in page, then back to `next`.
    SignIn { next: Option<String> },
    /// The workspace has no user yet: go to first-run setup.
    Setup,
    /// Missing, or not visible to this person.
    NotFound,
    /// Visible but not allowed; the sentence says why.
    Forbidden(String),
    /// Anything else, with a message that is safe to show.
    Failed { status: StatusCode, message: String },
}

impl WebError {
    /// The 403 for a form whose CSRF token is missing or wrong.
    pub fn csrf() -> Self {
        Self::Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and try again."
                .to_owned(),
        )
    }
}

impl From<ApiError> for WebError {
    fn from(error: ApiError) -> Self {
        match error.status {
            StatusCode::UNAUTHORIZED => Self::SignIn { next: None },
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::FORBIDDEN => Self::Forbidden(error.message),
            status => Self::Failed {
                status,
                message: error.message,
            },
        }
    }
}

impl From<tandem_store::StoreError> for WebError {
    fn from(error: tandem_store::StoreError) -> Self {
        ApiError::from(error).into()
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: &'static str,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, heading, message) = match self {
            WebError::SignIn { next } => {
                let target = match next {
                    Some(next) => format!("/login?next={}", page::percent_encode(&next)),
                    None => "/login".to_owned(),
                };
                return Redirect::to(&target).into_response();
            }
            WebError::Setup => return Redirect::to("/setup").into_response(),
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is nothing here, or it is not shared with your account. Check the address, or go back to your projects."
                    .to_owned(),
            ),
            WebError::Forbidden(message) => (StatusCode::FORBIDDEN, "Not allowed", message),
            WebError::Failed { status, message } => (status, "Something went wrong", message),
        };
        let page = ErrorPage {
            chrome: Chrome::anonymous(),
            status: status.as_u16(),
            heading,
            message,
        };
        page::render_with_status(status, &page)
    }
}
