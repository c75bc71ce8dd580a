//! What every handler shares: the store and the server's configuration.

use crate::mail::Mailer;
use std::sync::Arc;
use std::time::Duration;
use tandem_store::Store;

use crate::planning::forecast_memo::ForecastMemo;
use crate::planning::forecast_warmer::ForecastWarmer;
use crate::planning::levelled_memo::LevelledMemo;

/// Settings of the HTTP server (the binary builds them from flags and environment).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest accepted request body in bytes (413 above).
    pub body_limit: usize,
    /// A request that takes longer is answered 408 and dropped.
    pub request_timeout: Duration,
    /// Mark cookies `Secure` (set when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// The SMTP relay that delivers e-mail notifications; without one, mail stays queued.
    pub mailer: Option<Mailer>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            secure_cookies: false,
            mailer: None,
        }
    }
}

/// Largest MS Project file accepted by the imports (API and web), whatever the server's body
/// limit: MS Project writes some 4 KB per task, so a 5,000-task plan is about 20 MB.
pub const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Whether a request path is one of the imports that take [`IMPORT_BODY_LIMIT`].
pub fn is_import_path(path: &str) -> bool {
    path.ends_with("/import/msproject")
}

/// Shared application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Persistence.
    pub store: Store,
    /// Server settings.
    pub config: Arc<ServerConfig>,
    /// Recent Monte Carlo runs, shared by every page and report that forecasts a plan.
    pub forecasts: Arc<ForecastMemo>,
    /// Recent plans levelled over their people, shared by the forecasts of assigned work,
    /// the health diagnosis and the workload.
    pub levelled: Arc<LevelledMemo>,
    /// The projects whose forecast is run again after each change (someone watches them).
    pub warmer: Arc<ForecastWarmer>,
}

impl AppState {
    /// Builds the state from a connected store.
    pub fn new(store: Store, config: ServerConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
            forecasts: Arc::default(),
            levelled: Arc::default(),
            warmer: Arc::default(),
        }
    }
}
