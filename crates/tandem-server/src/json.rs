//! The JSON body extractor: axum's `Json`, with rejections turned into our error format
//! (400 malformed, 413 too large, 415 wrong content type, 422 wrong shape).

use crate::error::ApiError;
use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

/// A JSON request body of type `T`.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(error) => ApiError::bad_request(
                "malformed_json",
                format!("the body is not valid JSON: {}", inner_message(&error)),
            ),
            JsonRejection::JsonDataError(error) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                format!(
                    "the body does not have the expected shape: {}",
                    inner_message(&error)
                ),
            ),
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ),
            JsonRejection::BytesRejection(error)
                if error.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                payload_too_large()
            }
            other => ApiError::bad_request(
                "bad_body",
                format!("the body could not be read: {}", other.body_text()),
            ),
        }
    }
}

/// 413 in our format.
pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "the request body is larger than this server accepts",
    )
}

/// serde's own message (line/column, expected type) without axum's prefix.
fn inner_message(error: &dyn std::error::Error) -> String {
    let mut deepest = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        deepest = cause.to_string();
        source = cause.source();
    }
    deepest
}
