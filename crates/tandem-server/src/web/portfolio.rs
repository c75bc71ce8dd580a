//! `/portfolio`: every project the reader may see in one table, both sides' health side by
//! side. Sorting is a link on each column header and filtering a GET form, so it all works
//! without JavaScript.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::SignedIn;
use super::page::{self, percent_encode};
use crate::portfolio::query::{Column, PortfolioParams, PortfolioQuery};
use crate::portfolio::row::PortfolioRow;
use crate::portfolio::{self, ClientOption};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use tandem_core::health::Severity;

use crate::state::AppState;

/// A column header: its label, the link that sorts by it, and whether it is the sorted one.
struct Header {
    label: &'static str,
    href: String,
    /// `ascending` / `descending` for the sorted column (`aria-sort`), empty otherwise.
    sorted: &'static str,
}

#[derive(Template)]
#[template(path = "pages/portfolio.html")]
struct PortfolioPage {
    chrome: Chrome,
    headers: Vec<Header>,
    rows: Vec<PortfolioRow>,
    clients: Vec<ClientOption>,
    params: PortfolioParams,
    today: String,
}

impl PortfolioPage {
    fn selected_client(&self, id: &i64) -> bool {
        self.params.client == Some(*id)
    }

    fn is(&self, value: &Option<String>, wanted: &str) -> bool {
        value.as_deref() == Some(wanted)
    }

    fn gap_label(&self, gap: &str) -> &'static str {
        match gap {
            "missing_product_manager" => "No product manager",
            "missing_project_manager" => "No project manager",
            _ => "One person holds both roles",
        }
    }

    fn badge(&self, severity: &Severity) -> &'static str {
        severity_class(*severity)
    }

    /// The verdict's headline ("At risk — mainly product"): the side columns beside it give
    /// the leading signal of each side, and the whole sentence is the headline's tooltip.
    fn headline<'a>(&self, verdict: &'a str) -> &'a str {
        verdict
            .split_once(':')
            .map_or(verdict, |(headline, _)| headline)
    }
}

/// The CSS class of a severity badge.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok => "badge-ok",
        Severity::Watch => "badge-caution",
        Severity::AtRisk => "badge-warning",
        Severity::Critical => "badge-critical",
    }
}

/// The column labels, in [`Column::ALL`] order.
const LABELS: [&str; 10] = [
    "Key",
    "Project",
    "Client",
    "Product health",
    "Delivery health",
    "Roles",
    "Next milestone",
    "Forecast P85",
    "Budget burn",
    "Open decisions",
];

/// `GET /portfolio`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(params): Query<PortfolioParams>,
) -> Result<Response, WebError> {
    let query = PortfolioQuery::parse(&params)?;
    let view = portfolio::portfolio(&state, &user, &query).await?;
    let client = user.actor().is_client();
    let filters = filter_query(&params);
    let headers = Column::ALL
        .iter()
        .zip(LABELS)
        .filter(|((column, _), _)| !(client && *column == Column::Burn))
        .map(|((column, name), label)| {
            let current = *column == query.sort;
            let order = if current && !query.descending {
                "desc"
            } else {
                "asc"
            };
            Header {
                label,
                href: format!("/portfolio?sort={name}&order={order}{filters}"),
                sorted: match (current, query.descending) {
                    (false, _) => "",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    let page = PortfolioPage {
        chrome: Chrome::signed_in(&user, Section::Portfolio),
        headers,
        rows: view.projects,
        clients: view.clients,
        params,
        today: view.today,
    };
    Ok(page::render(&page))
}

/// The active filters as `&name=value` pairs, kept by the sort links.
fn filter_query(params: &PortfolioParams) -> String {
    let mut pairs = String::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            pairs.push_str(&format!("&{name}={}", percent_encode(&value)));
        }
    };
    add("client", params.client.map(|id| id.to_string()));
    add("severity", params.severity.clone());
    add("side", params.side.clone());
    add("q", params.q.clone());
    add("archived", params.archived.then(|| "true".to_owned()));
    pairs
}
