//! `GET /api/v1/portal`: the client portal's content (what is shared with the caller's
//! client, across their projects).

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::portal::{self, PortalView};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;

/// The caller's projects with their shared vision, roadmap, upcoming releases, workshops,
/// the caller's own feedback and the shared decisions; never costs or internal artefacts.
#[utoipa::path(get, path = "/api/v1/portal", tag = "portal",
    responses((status = 200, body = PortalView), (status = 401, body = crate::error::ErrorBody)))]
pub async fn get_portal(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<PortalView>> {
    Ok(Json(portal::load(&state, &user).await?))
}
