//! `/api/v1/projects/{key}/risks`: the risk register and its heat map. Client contacts see
//! only risks marked `shared`; an internal risk is 404 for them. Each risk names its linked
//! items (`item_keys` in, `items` out), and a risk that came out of a discovery workshop names
//! it as its origin (`workshop_id`; created or linked from the workshop's outcomes).

use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiResult;
use crate::etag;
use crate::guard;
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::people::risks::{self, HeatMapView, RiskChange, RiskInput, RiskView};
use crate::people::roadblocks::{self, RoadblockView};
use crate::people::writer;
use crate::projects::{self, PersonInput};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::people::risk::{RiskStatus, Visibility};
use tandem_store::RiskFilter;
use utoipa::IntoParams;

/// Risk list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskQuery {
    /// `open`, `mitigating`, `closed` or `occurred`.
    pub status: Option<String>,
    /// `internal` or `shared`.
    pub visibility: Option<String>,
    /// Owner's id or e-mail.
    pub owner: Option<String>,
    /// Only open and mitigating risks.
    #[serde(default)]
    pub active: bool,
}

impl RiskQuery {
    async fn filter(&self, state: &AppState) -> ApiResult<RiskFilter> {
        let owner_id = match self
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            Some(raw) => {
                let person = raw
                    .parse::<i64>()
                    .map_or_else(|_| PersonInput::Email(raw.to_owned()), PersonInput::Id);
                Some(
                    projects::resolve_person(&state.store, "owner", &person)
                        .await?
                        .id,
                )
            }
            None => None,
        };
        Ok(RiskFilter {
            status: self.status.as_deref().map(RiskStatus::parse).transpose()?,
            visibility: self
                .visibility
                .as_deref()
                .map(Visibility::parse)
                .transpose()?,
            owner_id,
            active_only: self.active,
        })
    }
}

fn internal(user: &CurrentUser, visible: &guard::VisibleProject) -> bool {
    user.actor()
        .may_on(&visible.access, ProjectAction::ViewInternal)
}

/// The register, highest exposure first, with filters.
#[utoipa::path(get, path = "/api/v1/projects/{key}/risks", tag = "risks",
    params(("key" = String, Path, description = "Project key"), RiskQuery),
    responses((status = 200, body = Vec<RiskView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_risks(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(query): ApiQuery<RiskQuery>,
) -> ApiResult<Json<Vec<RiskView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let filter = query.filter(&state).await?;
    let found = risks::visible(
        &state.store,
        visible.project.id,
        filter,
        internal(&user, &visible),
    )
    .await?;
    Ok(Json(
        risks::views(&state.store, visible.project.id, found).await?,
    ))
}

/// The 5×5 heat map of open and mitigating risks (impact rows, probability columns).
#[utoipa::path(get, path = "/api/v1/projects/{key}/risks/heatmap", tag = "risks",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = HeatMapView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn heat_map(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<HeatMapView>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let filter = RiskFilter {
        active_only: true,
        ..RiskFilter::default()
    };
    let found = risks::visible(
        &state.store,
        visible.project.id,
        filter,
        internal(&user, &visible),
    )
    .await?;
    Ok(Json(risks::heat_map(&found)))
}

/// Registers a risk (team members and managers), linked to `item_keys`; a key that names no
/// item of the project is 422 `validation_failed` at field `item_keys`.
#[utoipa::path(post, path = "/api/v1/projects/{key}/risks", tag = "risks", request_body = RiskInput,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, body = RiskView), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_risk(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<RiskInput>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let risk = risks::create(&writer(&state, &meta, &user), &visible.project, &input).await?;
    Ok((
        StatusCode::CREATED,
        [etag::header(risk.version)],
        Json(risk),
    )
        .into_response())
}

/// One risk.
#[utoipa::path(get, path = "/api/v1/projects/{key}/risks/{id}", tag = "risks",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Risk id")),
    responses((status = 200, body = RiskView, headers(("ETag" = String))), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_risk(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let risk = risks::find(
        &state.store,
        visible.project.id,
        id,
        internal(&user, &visible),
    )
    .await?;
    let risk = risks::view(&state.store, visible.project.id, risk).await?;
    Ok(([etag::header(risk.version)], Json(risk)).into_response())
}

/// Changes a risk (team members and managers); `item_keys` replaces its linked items. Needs
/// `If-Match`.
#[utoipa::path(patch, path = "/api/v1/projects/{key}/risks/{id}", tag = "risks", request_body = RiskChange,
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Risk id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 200, body = RiskView), (status = 412, body = crate::error::ErrorBody),
        (status = 428, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_risk(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<RiskChange>,
) -> ApiResult<Response> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let expected = etag::expected_version(&headers, change.version)?;
    let risk = risks::update(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        &change,
        expected,
    )
    .await?;
    Ok(([etag::header(risk.version)], Json(risk)).into_response())
}

/// Deletes a risk (managers). Needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/risks/{id}", tag = "risks",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Risk id"),
        ("If-Match" = Option<String>, Header, description = "ETag you read")),
    responses((status = 204), (status = 412, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_risk(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let expected = etag::expected_version(&headers, None)?;
    risks::delete(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        expected,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open items held back by a predecessor, with how long they have been blocked.
#[utoipa::path(get, path = "/api/v1/projects/{key}/roadblocks", tag = "risks",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<RoadblockView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_roadblocks(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<RoadblockView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let now = crate::clock::now_ms();
    Ok(Json(
        roadblocks::roadblocks(&state.store, visible.project.id, now).await?,
    ))
}
