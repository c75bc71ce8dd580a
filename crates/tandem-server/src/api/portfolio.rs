//! `GET /api/v1/portfolio`: every project the caller may see with both sides' health.

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::params::ApiQuery;
use crate::portfolio::{self, PortfolioView, query::PortfolioParams, query::PortfolioQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;

/// The portfolio: per project the product-side and delivery-side health (worst severity and
/// first cause), the verdict, role coverage, next milestone, P85 forecast against the target
/// date, budget burn (internal: absent for client users) and open decisions. Sortable by any
/// column and filterable by client, severity, side and text.
#[utoipa::path(get, path = "/api/v1/portfolio", tag = "bridge", params(PortfolioParams),
    responses(
        (status = 200, body = PortfolioView),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn get_portfolio(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<PortfolioParams>,
) -> ApiResult<Json<PortfolioView>> {
    let query = PortfolioQuery::parse(&params)?;
    Ok(Json(portfolio::portfolio(&state, &user, &query).await?))
}
