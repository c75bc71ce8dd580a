//! `/api/v1/projects/{key}/vision`: the vision board and its revisions.

use super::writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::vision::{RevisionView, VisionInput, VisionView};
use crate::direction::{ensure_visible, vision};
use crate::error::ApiResult;
use crate::etag::{self, tagged};
use crate::guard;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tandem_core::access::ProjectAction;

/// The project's vision board (version 0 and empty boxes until first saved). Client contacts
/// see it only when shared.
#[utoipa::path(get, path = "/api/v1/projects/{key}/vision", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = VisionView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_vision(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let board = vision::load(&state.store, visible.project.id).await?;
    ensure_visible(&visible, &user, board.visibility, "vision board")?;
    Ok(tagged(StatusCode::OK, board.version, board))
}

/// Saves the vision board (absent boxes keep their text). Needs `If-Match` ("0" for a board
/// never saved). Each change is a revision; a changed vision or target group is a direction
/// change, reported as `direction_change_pending` until a decision links the revision.
#[utoipa::path(put, path = "/api/v1/projects/{key}/vision", tag = "product", request_body = VisionInput,
    params(("key" = String, Path, description = "Project key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = VisionView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_vision(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<VisionInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let (board, _) = vision::save(
        &writer(&state, &meta, &user),
        visible.project.id,
        &body,
        expected,
    )
    .await?;
    Ok(tagged(StatusCode::OK, board.version, board))
}

/// Every revision of the board, newest first, each with its line diff per changed box.
#[utoipa::path(get, path = "/api/v1/projects/{key}/vision/revisions", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<RevisionView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<RevisionView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ViewInternal)
        .await
        .map_err(|error| match error.status {
            StatusCode::FORBIDDEN => crate::error::ApiError::not_found("vision revisions"),
            _ => error,
        })?;
    let revisions = state.store.vision_revisions(visible.project.id).await?;
    Ok(Json(
        revisions.into_iter().map(RevisionView::from).collect(),
    ))
}
