//! `/api/v1/projects/{key}/items` and `/api/v1/items/{item_key}`: work items with their
//! comments, history and dependencies. Reading needs View, writing Contribute; client users
//! never receive internal comments.

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiResult, ErrorBody};
use crate::etag;
use crate::guard;
use crate::items::query::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::items::service::{self, CommentInput, DependencyInput};
use crate::items::view::{CommentView, DependencyView, EventView, ItemListView};
use crate::items::{ItemContext, ItemFields, ItemView, ListParams};
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tandem_core::access::ProjectAction;

fn with_etag(view: ItemView) -> Response {
    ([etag::header(view.version)], Json(view)).into_response()
}

/// A project's items, filtered, sorted and paged; each with its blocked flag and roll-up.
#[utoipa::path(get, path = "/api/v1/projects/{key}/items", tag = "items",
    params(("key" = String, Path, description = "Project key"), ListParams),
    responses((status = 200, body = ItemListView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_items(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<ItemListView>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let workflow = state.store.workflow(visible.project.id).await?;
    let mut filter = params
        .to_filter(&state, &visible.project, &workflow, user.user.id)
        .await?;
    let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    filter.limit = Some(limit);
    let page = state.store.list_items(visible.project.id, &filter).await?;
    let context = ItemContext::load(&state, visible.project.id).await?;
    Ok(Json(ItemListView {
        items: page
            .items
            .into_iter()
            .map(|item| context.view(item))
            .collect(),
        total: page.total,
        limit,
        offset: filter.offset,
    }))
}

/// Creates an item (title required). Answers with `warnings` when a WIP limit is exceeded.
#[utoipa::path(post, path = "/api/v1/projects/{key}/items", tag = "items", request_body = ItemFields,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = ItemView, headers(("ETag" = String))), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(fields): ApiJson<ItemFields>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let view = service::create(&writer, &visible.project, &fields).await?;
    Ok((StatusCode::CREATED, with_etag(view)).into_response())
}

/// One item.
#[utoipa::path(get, path = "/api/v1/items/{item_key}", tag = "items",
    params(("item_key" = String, Path, description = "Item key, e.g. ACME-42")),
    responses((status = 200, body = ItemView, headers(("ETag" = String))), (status = 404, body = ErrorBody)))]
pub async fn get_item(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
) -> ApiResult<Response> {
    let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
    Ok(with_etag(service::view_of(&state, found.item).await?))
}

/// Changes an item: any field, including the status (transition rules apply; WIP limits only
/// warn), the parent (no cycles) and the assignee (a project member). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/items/{item_key}", tag = "items", request_body = ItemFields,
    params(("item_key" = String, Path, description = "Item key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ItemView), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(fields): ApiJson<ItemFields>,
) -> ApiResult<Response> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, fields.version)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let view = service::update(
        &writer,
        &found.visible.project,
        &found.item,
        &fields,
        expected,
    )
    .await?;
    Ok(with_etag(view))
}

/// Deletes an item (its history stays). Items with children are refused (409).
#[utoipa::path(delete, path = "/api/v1/items/{item_key}", tag = "items",
    params(("item_key" = String, Path, description = "Item key"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn delete_item(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, None)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    service::delete(&writer, &found.item, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's comments, oldest first; internal ones only for staff.
#[utoipa::path(get, path = "/api/v1/items/{item_key}/comments", tag = "items",
    params(("item_key" = String, Path, description = "Item key")),
    responses((status = 200, body = Vec<CommentView>), (status = 404, body = ErrorBody)))]
pub async fn list_comments(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
) -> ApiResult<Json<Vec<CommentView>>> {
    let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
    let comments = service::comments(&state, &user, &found).await?;
    Ok(Json(comments.into_iter().map(CommentView::from).collect()))
}

/// Adds a comment (Markdown); `internal` marks a staff-only note.
#[utoipa::path(post, path = "/api/v1/items/{item_key}/comments", tag = "items", request_body = CommentInput,
    params(("item_key" = String, Path, description = "Item key")),
    responses((status = 201, body = CommentView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
    ApiJson(input): ApiJson<CommentInput>,
) -> ApiResult<(StatusCode, Json<CommentView>)> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let comment = service::comment(&writer, &found.visible, &found.item, &input).await?;
    Ok((StatusCode::CREATED, Json(comment.into())))
}

/// Edits one's own comment. Needs `If-Match` (or `version`).
#[utoipa::path(patch, path = "/api/v1/items/{item_key}/comments/{id}", tag = "items", request_body = CommentInput,
    params(("item_key" = String, Path, description = "Item key"), ("id" = i64, Path, description = "Comment id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = CommentView), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn edit_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((item_key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CommentInput>,
) -> ApiResult<Json<CommentView>> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, input.version)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let comment =
        service::edit_comment(&writer, &found.visible, &found.item, id, &input, expected).await?;
    Ok(Json(comment.into()))
}

/// Deletes one's own comment.
#[utoipa::path(delete, path = "/api/v1/items/{item_key}/comments/{id}", tag = "items",
    params(("item_key" = String, Path, description = "Item key"), ("id" = i64, Path, description = "Comment id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((item_key, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    service::delete_comment(&writer, &found.item, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's change history, oldest first.
#[utoipa::path(get, path = "/api/v1/items/{item_key}/history", tag = "items",
    params(("item_key" = String, Path, description = "Item key")),
    responses((status = 200, body = Vec<EventView>), (status = 404, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
) -> ApiResult<Json<Vec<EventView>>> {
    let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
    let events = state.store.item_history(found.item.id).await?;
    Ok(Json(events.into_iter().map(EventView::from).collect()))
}

/// The dependencies an item takes part in (as predecessor or successor).
#[utoipa::path(get, path = "/api/v1/items/{item_key}/dependencies", tag = "items",
    params(("item_key" = String, Path, description = "Item key")),
    responses((status = 200, body = Vec<DependencyView>), (status = 404, body = ErrorBody)))]
pub async fn list_dependencies(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
) -> ApiResult<Json<Vec<DependencyView>>> {
    let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
    let dependencies = state.store.item_dependencies(found.item.id).await?;
    Ok(Json(
        dependencies.into_iter().map(DependencyView::from).collect(),
    ))
}

/// Links the item with another one of its project. A link that would close a cycle is 422
/// `dependency_cycle` with the cycle's keys in `details.cycle`.
#[utoipa::path(post, path = "/api/v1/items/{item_key}/dependencies", tag = "items", request_body = DependencyInput,
    params(("item_key" = String, Path, description = "Item key")),
    responses((status = 201, body = DependencyView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_dependency(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(item_key): ApiPath<String>,
    ApiJson(input): ApiJson<DependencyInput>,
) -> ApiResult<(StatusCode, Json<DependencyView>)> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let dependency = service::link(&writer, &found.visible.project, &found.item, &input).await?;
    Ok((StatusCode::CREATED, Json(dependency.into())))
}

/// Removes a dependency of the item.
#[utoipa::path(delete, path = "/api/v1/items/{item_key}/dependencies/{id}", tag = "items",
    params(("item_key" = String, Path, description = "Item key"), ("id" = i64, Path, description = "Dependency id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove_dependency(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((item_key, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    service::unlink(&writer, &found.item, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
