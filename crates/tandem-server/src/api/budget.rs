//! `/api/v1/projects/{key}/budget` and `/expenses`: planned lines, expenses and actual cost.
//! Internal: client contacts get 404, as if the budget did not exist.

use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag;
use crate::json::ApiJson;
use crate::params::ApiPath;
use crate::people::budget::{
    self, BudgetView, ExpenseChange, ExpenseInput, ExpenseView, LineChange, LineInput, LineView,
};
use crate::people::{internal_project, writer};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tandem_core::access::ProjectAction;

/// The budget: lines, planned totals, expenses, actual cost and what is left (staff only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/budget", tag = "budget",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = BudgetView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_budget(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<BudgetView>> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "budget").await?;
    Ok(Json(budget::summary(&state.store, &visible.project).await?))
}

/// Adds a budget line (managers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/budget/lines", tag = "budget", request_body = LineInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = LineView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<LineInput>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "budget").await?;
    let line = budget::create_line(&writer(&state, &meta, &user), &visible.project, &input).await?;
    let version = line.version;
    Ok((
        StatusCode::CREATED,
        [etag::header(version)],
        Json(LineView::from(line)),
    )
        .into_response())
}

/// Changes a budget line (managers). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/budget/lines/{id}", tag = "budget", request_body = LineChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Line id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = LineView), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<LineChange>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "budget").await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let line = budget::update_line(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        &change,
        expected,
    )
    .await?;
    Ok(([etag::header(line.version)], Json(LineView::from(line))).into_response())
}

/// Deletes a budget line (managers); its expenses stay, unbooked. Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/budget/lines/{id}", tag = "budget",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Line id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "budget").await?;
    let expected = etag::expected_version(&headers, None)?;
    budget::delete_line(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        expected,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The project's expenses, newest first (staff only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/expenses", tag = "budget",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<ExpenseView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_expenses(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<ExpenseView>>> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "expenses").await?;
    let expenses = state.store.list_expenses(visible.project.id).await?;
    Ok(Json(expenses.into_iter().map(ExpenseView::from).collect()))
}

/// Records an expense (managers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/expenses", tag = "budget", request_body = ExpenseInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = ExpenseView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<ExpenseInput>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "expenses").await?;
    let expense =
        budget::create_expense(&writer(&state, &meta, &user), &visible.project, &input).await?;
    let version = expense.version;
    Ok((
        StatusCode::CREATED,
        [etag::header(version)],
        Json(ExpenseView::from(expense)),
    )
        .into_response())
}

/// Changes an expense (managers). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/expenses/{id}", tag = "budget", request_body = ExpenseChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Expense id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = ExpenseView), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<ExpenseChange>,
) -> ApiResult<Response> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "expenses").await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let expense = budget::update_expense(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        &change,
        expected,
    )
    .await?;
    Ok((
        [etag::header(expense.version)],
        Json(ExpenseView::from(expense)),
    )
        .into_response())
}

/// Deletes an expense (managers). Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/expenses/{id}", tag = "budget",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Expense id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "expenses").await?;
    let expected = etag::expected_version(&headers, None)?;
    budget::delete_expense(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        expected,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
