//! Per-request facts handlers need for the audit log: the request id and the client address.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;
use tower_http::request_id::RequestId;

/// The request's id (also sent back as `x-request-id`) and the peer's IP address.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    /// Id given by the request-id layer.
    pub request_id: Option<String>,
    /// The peer address without port, or `unknown` in in-process tests.
    pub ip: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .map(str::to_owned);
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(Self { request_id, ip })
    }
}
