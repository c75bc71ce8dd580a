//! The portfolio: every project the reader may see, each with both sides' health, role
//! coverage, next milestone, forecast against target, budget burn (internal) and open
//! decisions — sortable and filterable, the same for the API, the page and the CLI.

pub mod query;
pub mod row;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use jiff::civil::Date;
use query::PortfolioQuery;
use row::PortfolioRow;
use serde::Serialize;
use tandem_core::access::Actor;
use tokio::task::JoinSet;
use utoipa::ToSchema;

/// The portfolio as asked for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortfolioView {
    /// `YYYY-MM-DD`: the day health, milestones and forecasts are measured on.
    pub today: String,
    /// The column sorted by and the direction (`asc` / `desc`).
    pub sort: String,
    pub order: String,
    /// The clients of every visible project (for the client filter), by name.
    pub clients: Vec<ClientOption>,
    pub projects: Vec<PortfolioRow>,
}

/// A client the portfolio can be narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
pub struct ClientOption {
    pub name: String,
    pub id: i64,
}

/// Projects measured at the same time. A measurement mostly waits for the database and the
/// forecast's blocking pool, so a few overlap well; more would only queue for connections.
pub const CONCURRENT_MEASUREMENTS: usize = 4;

/// Measures every project `user` may see that passes `query`, then sorts them.
pub async fn portfolio(
    state: &AppState,
    user: &CurrentUser,
    query: &PortfolioQuery,
) -> Result<PortfolioView, ApiError> {
    let today = crate::clock::today(&state.store).await?;
    let actor = user.actor();
    let mut chosen = Vec::new();
    let mut clients = Vec::new();
    for visible in guard::visible_projects(state, user, query.archived).await? {
        if let (Some(id), Some(name)) = (visible.project.client_id, &visible.project.client_name) {
            clients.push(ClientOption {
                name: name.clone(),
                id,
            });
        }
        if query.keeps_project(&visible.project) {
            chosen.push(visible);
        }
    }
    let mut projects = measure_all(state, &actor, chosen, today).await?;
    projects.retain(|row| query.keeps_row(row));
    query.sort(&mut projects);
    clients.sort();
    clients.dedup();
    Ok(PortfolioView {
        today: today.to_string(),
        sort: query.sort.as_str().to_owned(),
        order: if query.descending { "desc" } else { "asc" }.to_owned(),
        clients,
        projects,
    })
}

/// Measures `projects` at most [`CONCURRENT_MEASUREMENTS`] at a time, in no particular order
/// (the caller sorts); the first failure fails the whole portfolio, like one after another.
async fn measure_all(
    state: &AppState,
    actor: &Actor,
    projects: Vec<VisibleProject>,
    today: Date,
) -> Result<Vec<PortfolioRow>, ApiError> {
    let mut running = JoinSet::new();
    let mut rows = Vec::with_capacity(projects.len());
    for visible in projects {
        if running.len() >= CONCURRENT_MEASUREMENTS
            && let Some(row) = next_row(&mut running).await
        {
            rows.push(row?);
        }
        let (state, actor) = (state.clone(), actor.clone());
        running.spawn(async move { row::measure(&state, &actor, visible, today).await });
    }
    while let Some(row) = next_row(&mut running).await {
        rows.push(row?);
    }
    Ok(rows)
}

/// The next measurement to finish; `None` when none is running.
async fn next_row(
    running: &mut JoinSet<Result<PortfolioRow, ApiError>>,
) -> Option<Result<PortfolioRow, ApiError>> {
    let joined = running.join_next().await?;
    Some(
        joined
            .map_err(|error| ApiError::internal(&error))
            .and_then(|row| row),
    )
}
