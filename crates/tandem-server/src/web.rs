//! The server-rendered web UI (being written).

use crate::state::AppState;
use axum::Router;

/// Routes of the web UI.
pub fn router() -> Router<AppState> {
    Router::new()
}
