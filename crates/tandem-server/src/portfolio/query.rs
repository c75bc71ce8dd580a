//! What the portfolio reader asked for: which projects (client, severity, side, text) and in
//! which order (any column, either way). Parsed once, applied to measured rows in memory.

use super::row::PortfolioRow;
use crate::error::ApiError;
use serde::Deserialize;
use std::cmp::Ordering;
use tandem_core::health::{Severity, Side};
use utoipa::IntoParams;

/// The portfolio's query string.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortfolioParams {
    /// Include archived projects.
    #[serde(default)]
    pub archived: bool,
    /// Column to sort by: `key`, `name`, `client`, `product`, `delivery`, `roles`,
    /// `milestone`, `forecast`, `burn`, `decisions` (default `key`).
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
    /// Only projects of this client (its id).
    pub client: Option<i64>,
    /// Only projects at least this bad: `watch`, `at_risk`, `critical` (on `side` when given).
    pub severity: Option<String>,
    /// `product` or `delivery`: the side `severity` looks at; alone, projects where that side
    /// raises any signal.
    pub side: Option<String>,
    /// Text found in the key, name, client or a manager's name (case-insensitive).
    pub q: Option<String>,
}

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Key,
    Name,
    Client,
    Product,
    Delivery,
    Roles,
    Milestone,
    Forecast,
    Burn,
    Decisions,
}

impl Column {
    /// Every column with its query-string name, in display order.
    pub const ALL: [(Column, &'static str); 10] = [
        (Column::Key, "key"),
        (Column::Name, "name"),
        (Column::Client, "client"),
        (Column::Product, "product"),
        (Column::Delivery, "delivery"),
        (Column::Roles, "roles"),
        (Column::Milestone, "milestone"),
        (Column::Forecast, "forecast"),
        (Column::Burn, "burn"),
        (Column::Decisions, "decisions"),
    ];

    /// The query-string name.
    pub fn as_str(self) -> &'static str {
        Column::ALL
            .iter()
            .find(|(column, _)| *column == self)
            .map_or("key", |(_, name)| name)
    }

    fn parse(raw: &str) -> Result<Self, ApiError> {
        Column::ALL
            .iter()
            .find(|(_, name)| *name == raw)
            .map(|(column, _)| *column)
            .ok_or_else(|| {
                let names: Vec<&str> = Column::ALL.iter().map(|(_, name)| *name).collect();
                ApiError::invalid_field("sort", format!("must be one of: {}", names.join(", ")))
            })
    }
}

/// The parsed query.
#[derive(Debug, Clone)]
pub struct PortfolioQuery {
    pub archived: bool,
    pub sort: Column,
    pub descending: bool,
    pub client: Option<i64>,
    pub severity: Option<Severity>,
    pub side: Option<Side>,
    /// Lower-cased search text.
    pub text: Option<String>,
}

impl PortfolioQuery {
    /// Checks the query string (unknown values are 422 with the field named).
    pub fn parse(params: &PortfolioParams) -> Result<Self, ApiError> {
        let present = |raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let sort = match present(&params.sort) {
            Some(raw) => Column::parse(&raw)?,
            None => Column::Key,
        };
        let descending = match present(&params.order).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(ApiError::invalid_field("order", "must be asc or desc")),
        };
        let severity = match present(&params.severity).as_deref() {
            None | Some("any") => None,
            Some("watch") => Some(Severity::Watch),
            Some("at_risk") => Some(Severity::AtRisk),
            Some("critical") => Some(Severity::Critical),
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "severity",
                    "must be watch, at_risk or critical",
                ));
            }
        };
        let side = present(&params.side)
            .map(|raw| Side::parse(&raw))
            .transpose()?;
        Ok(Self {
            archived: params.archived,
            sort,
            descending,
            client: params.client,
            severity,
            side,
            text: present(&params.q).map(|q| q.to_lowercase()),
        })
    }

    /// Whether the cheap facts of a project (before measuring it) pass the filters.
    pub fn keeps_project(&self, project: &tandem_store::Project) -> bool {
        if self.client.is_some() && project.client_id != self.client {
            return false;
        }
        let Some(text) = &self.text else {
            return true;
        };
        let names = [
            Some(&project.key),
            Some(&project.name),
            project.client_name.as_ref(),
            project.product_manager.as_ref().map(|m| &m.name),
            project.project_manager.as_ref().map(|m| &m.name),
        ];
        names
            .into_iter()
            .flatten()
            .any(|name| name.to_lowercase().contains(text.as_str()))
    }

    /// Whether a measured row passes the health filters.
    pub fn keeps_row(&self, row: &PortfolioRow) -> bool {
        let worst = match self.side {
            Some(side) => row.side(side).severity,
            None => row.severity,
        };
        worst >= self.severity.unwrap_or(Severity::Watch)
            || (self.severity.is_none() && self.side.is_none())
    }

    /// Sorts rows by the chosen column (projects without a value last), then by key.
    pub fn sort(&self, rows: &mut [PortfolioRow]) {
        rows.sort_by(|a, b| {
            let by_column = compare(self.sort, a, b);
            let by_column = if self.descending {
                by_column.reverse()
            } else {
                by_column
            };
            by_column.then_with(|| a.key.cmp(&b.key))
        });
    }
}

/// Compares two present values, absent ones after every present one whatever the order.
fn present_first<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(column: Column, a: &PortfolioRow, b: &PortfolioRow) -> Ordering {
    match column {
        Column::Key => a.key.cmp(&b.key),
        Column::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        Column::Client => present_first(a.client_name.as_ref(), b.client_name.as_ref()),
        Column::Product => a.product.severity.cmp(&b.product.severity),
        Column::Delivery => a.delivery.severity.cmp(&b.delivery.severity),
        Column::Roles => a.roles.gaps.len().cmp(&b.roles.gaps.len()),
        Column::Milestone => present_first(
            a.next_milestone.as_ref().map(|m| &m.date),
            b.next_milestone.as_ref().map(|m| &m.date),
        ),
        Column::Forecast => present_first(a.forecast.days_late, b.forecast.days_late),
        Column::Burn => present_first(a.budget_burn, b.budget_burn),
        Column::Decisions => {
            (a.decisions.overdue, a.decisions.open).cmp(&(b.decisions.overdue, b.decisions.open))
        }
    }
}
