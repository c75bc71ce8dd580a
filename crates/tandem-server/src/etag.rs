//! Optimistic concurrency over HTTP: `ETag` carries a resource's version, `If-Match` (or a
//! `version` field in the body) says which version a write changes.

use crate::error::ApiError;
use axum::Json;
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The `ETag` header value for a version.
pub fn header(version: i64) -> (axum::http::HeaderName, HeaderValue) {
    let value =
        HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header value");
    (ETAG, value)
}

/// A JSON answer with the resource's version as `ETag`.
pub fn tagged(status: StatusCode, version: i64, body: impl Serialize) -> Response {
    (status, [header(version)], Json(body)).into_response()
}

/// The version a write expects: `If-Match` first, then the body's `version`. Missing both is
/// 428, because a write without it could silently overwrite someone else's change.
pub fn expected_version(headers: &HeaderMap, body_version: Option<i64>) -> Result<i64, ApiError> {
    if let Some(value) = headers.get(IF_MATCH) {
        let text = value.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text);
        let text = text.trim_matches('"');
        return text.parse::<i64>().map_err(|_| {
            ApiError::bad_request(
                "bad_if_match",
                "If-Match must be the ETag you received, e.g. \"3\"",
            )
        });
    }
    body_version.ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send If-Match with the ETag you read (or a version field) so concurrent edits are not lost",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strong_weak_and_bare() {
        for raw in ["\"7\"", "W/\"7\"", "7"] {
            let mut headers = HeaderMap::new();
            headers.insert(IF_MATCH, HeaderValue::from_static(raw).clone());
            assert_eq!(expected_version(&headers, None).unwrap(), 7, "{raw}");
        }
        assert_eq!(expected_version(&HeaderMap::new(), Some(3)).unwrap(), 3);
        assert_eq!(
            expected_version(&HeaderMap::new(), None)
                .unwrap_err()
                .status,
            StatusCode::PRECONDITION_REQUIRED
        );
    }
}
