//! `/api/v1/projects/{key}/releases`: releases, their go/no-go record and decision, the
//! project's go/no-go checklist template, and the release timeline of the roadmap.

use super::writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::releases::{
    self, CriterionBody, DecideBody, DecideView, GoNoGoBody, GoNoGoView, ReleaseBody, ReleaseView,
};
use crate::direction::scope::{self, ScopeView};
use crate::direction::{ensure_visible, sees_internal};
use crate::error::{ApiError, ApiResult};
use crate::etag::{self, tagged};
use crate::guard::{self, VisibleProject};
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tandem_core::access::ProjectAction;
use tandem_store::direction::{GoNoGoTemplate, Release};

/// A release the caller may see (404 otherwise).
async fn release_for(
    state: &AppState,
    visible: &VisibleProject,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<Release> {
    let release = state.store.release(visible.project.id, id).await?;
    ensure_visible(visible, user, release.visibility, "release")?;
    Ok(release)
}

/// The project's releases by target date (client contacts: shared ones only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/releases", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<ReleaseView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_releases(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<ReleaseView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(Json(
        releases::visible_list(&state.store, &visible, &user).await?,
    ))
}

/// The release timeline of the roadmap: releases by date with their status and outcome — the
/// client-shareable view (client contacts see shared releases only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/roadmap/releases", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<ReleaseView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn release_timeline(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<ReleaseView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    Ok(Json(
        releases::timeline(&state.store, &visible, &user).await?,
    ))
}

/// Creates a release.
#[utoipa::path(post, path = "/api/v1/projects/{key}/releases", tag = "product", request_body = ReleaseBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = ReleaseView, headers(("ETag" = String))), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_release(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<ReleaseBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let release = releases::create(&writer(&state, &meta, &user), &visible, &body).await?;
    let version = release.version;
    Ok(tagged(
        StatusCode::CREATED,
        version,
        ReleaseView::new(release, None),
    ))
}

/// One release.
#[utoipa::path(get, path = "/api/v1/projects/{key}/releases/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id")),
    responses((status = 200, body = ReleaseView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_release(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let release = release_for(&state, &visible, &user, id).await?;
    let record = state.store.go_no_go(id).await?;
    let version = release.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        ReleaseView::new(release, record.as_ref()),
    ))
}

/// Replaces a release's fields. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/projects/{key}/releases/{id}", tag = "product", request_body = ReleaseBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ReleaseView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_release(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ReleaseBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let release =
        releases::update(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    let record = state.store.go_no_go(id).await?;
    let version = release.version;
    Ok(tagged(
        StatusCode::OK,
        version,
        ReleaseView::new(release, record.as_ref()),
    ))
}

/// Deletes a release; its features leave it. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/releases/{id}", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id"), ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody)))]
pub async fn delete_release(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, None)?;
    state
        .store
        .delete_release(visible.project.id, id, expected)
        .await?;
    writer(&state, &meta, &user)
        .record(
            "release.delete",
            "release",
            id.to_string(),
            serde_json::json!({ "project": key }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

/// The release's scope: its features with readiness (criteria met, linked items done, no open
/// blocking bug) and feedback weight, and the Must-have share of the estimated effort (warns
/// above 60 %). Client contacts: shared releases and shared features only.
#[utoipa::path(get, path = "/api/v1/projects/{key}/releases/{id}/scope", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id")),
    responses((status = 200, body = ScopeView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn release_scope(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ScopeView>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    release_for(&state, &visible, &user, id).await?;
    let view = scope::scope(&state.store, visible.project.id, id, !sees_internal(&user)).await?;
    Ok(Json(view))
}

/// The release's go/no-go record: checklist (from the project's template until saved), decider
/// and, once decided, the outcome and its decision record. Client contacts: shared releases.
#[utoipa::path(get, path = "/api/v1/projects/{key}/releases/{id}/go-no-go", tag = "product",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id")),
    responses((status = 200, body = GoNoGoView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_go_no_go(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    release_for(&state, &visible, &user, id).await?;
    let record = releases::go_no_go(&state.store, &visible, id).await?;
    let version = record.version;
    Ok(tagged(StatusCode::OK, version, GoNoGoView::from(record)))
}

/// Saves the checklist (met flags, evidence, owners) and the decider. Needs `If-Match` of the
/// go/no-go record ("0" before the first save).
#[utoipa::path(put, path = "/api/v1/projects/{key}/releases/{id}/go-no-go", tag = "product", request_body = GoNoGoBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id"), ("If-Match" = Option<String>, Header, description = "ETag of the go/no-go record")),
    responses((status = 200, body = GoNoGoView), (status = 412, body = crate::error::ErrorBody), (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_go_no_go(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<GoNoGoBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, body.version)?;
    let record =
        releases::save_go_no_go(&writer(&state, &meta, &user), &visible, id, &body, expected)
            .await?;
    let version = record.version;
    Ok(tagged(StatusCode::OK, version, GoNoGoView::from(record)))
}

/// Records the go/no-go decision: `go`, `delay` (with `date`) or `descope` (with `features`),
/// with a rationale. Writes a decision record and moves the date (the due dates of the
/// release's open items follow, each with a history event) or the features (their open
/// items leave the release with them), in one transaction; the record links those items.
/// Only the record's decider (the product manager by default) may decide. Needs `If-Match`
/// with the release's ETag.
#[utoipa::path(post, path = "/api/v1/projects/{key}/releases/{id}/go-no-go", tag = "product", request_body = DecideBody,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Release id"), ("If-Match" = Option<String>, Header, description = "ETag of the release")),
    responses((status = 200, body = DecideView, headers(("ETag" = String))), (status = 403, body = crate::error::ErrorBody), (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn decide_release(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DecideBody>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    state.store.release(visible.project.id, id).await?;
    let record = releases::go_no_go(&state.store, &visible, id).await?;
    if !releases::may_decide(&visible, &user, &record) {
        return Err(ApiError::forbidden(
            "only the go/no-go decider (the product manager unless another is named) decides",
        ));
    }
    let expected = etag::expected_version(&headers, body.version)?;
    let outcome =
        releases::decide(&writer(&state, &meta, &user), &visible, id, &body, expected).await?;
    let version = outcome.release.version;
    Ok(tagged(StatusCode::OK, version, DecideView::new(outcome)))
}

/// The project's go/no-go checklist template (Tandem's default until changed), with its
/// version as ETag (`"0"` while the default applies).
#[utoipa::path(get, path = "/api/v1/projects/{key}/go-no-go-template", tag = "product",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<CriterionBody>, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ViewInternal).await?;
    let template = state.store.go_no_go_template(visible.project.id).await?;
    Ok(template_response(template))
}

/// Replaces the project's go/no-go checklist template (records created later use it).
/// Project managers and product managers only. Needs If-Match with the version read
/// (`"0"` to replace the default); a stale one is 412.
#[utoipa::path(put, path = "/api/v1/projects/{key}/go-no-go-template", tag = "product", request_body = Vec<CriterionBody>,
    params(("key" = String, Path, description = "Project key"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = Vec<CriterionBody>, headers(("ETag" = String))), (status = 403, body = crate::error::ErrorBody),
        (status = 412, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody)))]
pub async fn put_template(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    headers: HeaderMap,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<Vec<CriterionBody>>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, None)?;
    let template =
        releases::save_template(&writer(&state, &meta, &user), &visible, &body, expected).await?;
    Ok(template_response(template))
}

fn template_response(template: GoNoGoTemplate) -> Response {
    tagged(
        StatusCode::OK,
        template.version,
        releases::template_view(template.criteria),
    )
}
