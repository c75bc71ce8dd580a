//! Builds the whole HTTP application — API, OpenAPI document, web UI — with its middleware
//! (request ids, tracing, timeouts, body limit, compression), and serves it until shutdown.

use crate::error::ApiError;
use crate::json::payload_too_large;
use crate::planning::forecast_warmer;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The full router for `state`.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = crate::api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    let body_limit = state.config.body_limit;
    let timeout = state.config.request_timeout;
    Router::new()
        .merge(api)
        .merge(crate::web::router())
        .route(
            "/api/openapi.json",
            get(move || {
                let openapi = Arc::clone(&openapi);
                async move { axum::Json((*openapi).clone()) }
            }),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            warm_forecasts_after_writes,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(body_limit, reject_oversized))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, RequestIds::default()))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request
                            .extensions()
                            .get::<RequestId>()
                            .and_then(|id| id.header_value().to_str().ok())
                            .unwrap_or_default();
                        tracing::info_span!("request", method = %request.method(), uri = %request.uri().path(), request_id = %id)
                    }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}

/// Answers a declared-too-large body with 413 before reading it.
async fn reject_oversized(
    axum::extract::State(limit): axum::extract::State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let limit = if crate::state::is_import_path(request.uri().path()) {
        limit.max(crate::state::IMPORT_BODY_LIMIT)
    } else {
        limit
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return payload_too_large().into_response();
    }
    next.run(request).await
}

/// After a successful write under a project's address, runs its forecast again in the
/// background if someone watches it (see `planning::forecast_warmer`).
async fn warm_forecasts_after_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let written = (!request.method().is_safe())
        .then(|| forecast_warmer::project_key_of(request.uri().path()).map(str::to_owned))
        .flatten();
    let response = next.run(request).await;
    let status = response.status();
    if let Some(key) = written
        && (status.is_success() || status.is_redirection())
    {
        forecast_warmer::after_write(&state, &key);
    }
    response
}

/// Unknown addresses: the HTML page for browsers, the JSON error for everyone else.
async fn not_found(headers: axum::http::HeaderMap) -> Response {
    let wants_html = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        crate::web::not_found_page()
    } else {
        ApiError::not_found("page").into_response()
    }
}

/// Request ids: a per-process random prefix and a counter, unique across app servers.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    counter: Arc<AtomicU64>,
}

impl Default for RequestIds {
    fn default() -> Self {
        let random = crate::auth::secret::random_hex();
        Self {
            prefix: Arc::from(&random[..8]),
            counter: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let value = format!("{}-{n:08x}", self.prefix);
        axum::http::HeaderValue::from_str(&value)
            .ok()
            .map(RequestId::new)
    }
}

/// Serves `state` on `listener` until `shutdown` resolves; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
