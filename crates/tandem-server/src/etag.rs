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

/// The version `If-Match` names, or `None` when it is not sent. Writes that only add a
/// relation take it as an optional precondition on the parent (ADR 0045).
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    let text = text.strip_prefix("W/").unwrap_or(text);
    let text = text.trim_matches('"');
    text.parse::<i64>().map(Some).map_err(|_| {
        ApiError::bad_request(
            "bad_if_match",
            "If-Match must be the ETag you received, e.g. \"3\"",
        )
    })
}

/// Refuses with 412 `version_conflict` when the client named a version (`expected`) and the
/// resource has moved on to `current`; nothing named passes.
pub fn precondition(expected: Option<i64>, current: i64) -> Result<(), ApiError> {
    match expected {
        Some(expected) if expected != current => Err(ApiError::version_conflict(current)),
        _ => Ok(()),
    }
}

/// The version a write expects: `If-Match` first, then the body's `version`. Missing both is
/// 428, because a write without it could silently overwrite someone else's change.
pub fn expected_version(headers: &HeaderMap, body_version: Option<i64>) -> Result<i64, ApiError> {
    if let Some(version) = if_match(headers)? {
        return Ok(version);
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

    #[test]
    fn an_optional_if_match_is_checked_only_when_sent() {
        assert_eq!(if_match(&HeaderMap::new()).unwrap(), None);
        let mut headers = HeaderMap::new();
        headers.insert(IF_MATCH, HeaderValue::from_static("\"4\""));
        assert_eq!(if_match(&headers).unwrap(), Some(4));
        assert!(precondition(None, 9).is_ok());
        assert!(precondition(Some(9), 9).is_ok());
        let stale = precondition(Some(4), 9).unwrap_err();
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(stale.code, "version_conflict");
    }
}
