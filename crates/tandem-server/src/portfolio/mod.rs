//! The portfolio: every project the reader may see, each with both sides' health, role
//! coverage, next milestone, forecast against target, budget burn (internal) and open
//! decisions — sortable and filterable, the same for the API, the page and the CLI.

pub mod query;
pub mod row;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard;
use crate::planning::network;
use crate::state::AppState;
use query::PortfolioQuery;
use row::PortfolioRow;
use serde::Serialize;
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

/// Measures every project `user` may see that passes `query`, then sorts them.
pub async fn portfolio(
    state: &AppState,
    user: &CurrentUser,
    query: &PortfolioQuery,
) -> Result<PortfolioView, ApiError> {
    let today = network::today();
    let actor = user.actor();
    let mut projects = Vec::new();
    let mut clients = Vec::new();
    for visible in guard::visible_projects(state, user, query.archived).await? {
        if let (Some(id), Some(name)) = (visible.project.client_id, &visible.project.client_name) {
            clients.push(ClientOption {
                name: name.clone(),
                id,
            });
        }
        if !query.keeps_project(&visible.project) {
            continue;
        }
        let row = row::measure(state, &actor, visible, today).await?;
        if query.keeps_row(&row) {
            projects.push(row);
        }
    }
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
