//! Turning a template into a response, and the small URL helpers pages need.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write;

/// Renders `template` as a 200 HTML page.
pub fn render(template: &impl Template) -> Response {
    render_with_status(StatusCode::OK, template)
}

/// Renders `template` as an HTML page with `status` (e.g. 422 for a form with errors). A
/// template that fails to render is a bug: it is logged and answered with a plain 500.
pub fn render_with_status(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "something went wrong on our side; it has been logged",
            )
                .into_response()
        }
    }
}

/// Percent-encodes everything but unreserved characters, for a value inside a query string.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// `next` if it is a path on this site (so a sign-in link cannot send people elsewhere).
pub fn local_path(next: Option<&str>) -> Option<&str> {
    next.filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            percent_encode("/projects?archived=1&x=a b"),
            "/projects%3Farchived%3D1%26x%3Da%20b"
        );
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/projects/ACME")), Some("/projects/ACME"));
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "projects",
        ] {
            assert_eq!(local_path(Some(outside)), None, "{outside}");
        }
    }
}
