//! The item list's query string (API and list page alike): filters people type, turned into a
//! store filter. Values are forgiving where it helps (`assignee=me`, status by name).

use super::fields::{find_status, item_in_project};
use crate::error::ApiError;
use crate::params::given;
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use tandem_core::ValidationError;
use tandem_core::work::{ItemType, StatusCategory};
use tandem_store::{ItemFilter, ItemSort, Project, Workflow};
use utoipa::IntoParams;

/// Default page size of the API list.
pub const DEFAULT_LIMIT: i64 = 100;
/// Largest page the API returns.
pub const MAX_LIMIT: i64 = 1_000;

/// Filters, order and page of an item list. Empty values mean "any".
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Status name or id.
    #[serde(default)]
    pub status: Option<String>,
    /// `todo`, `in_progress` or `done`.
    #[serde(default)]
    pub category: Option<String>,
    /// User id, `me` or `none` (unassigned).
    #[serde(default)]
    pub assignee: Option<String>,
    /// A label.
    #[serde(default)]
    pub label: Option<String>,
    /// Sprint id or `none` (the backlog).
    #[serde(default)]
    pub sprint: Option<String>,
    /// `epic`, `story`, `task`, `bug` or `milestone`.
    #[serde(default, rename = "type")]
    pub item_type: Option<String>,
    /// Children of this item key.
    #[serde(default)]
    pub parent: Option<String>,
    /// Text in the title or description, or an item number.
    #[serde(default)]
    pub q: Option<String>,
    /// `rank` (board order, default), `key`, `title`, `priority`, `status`, `assignee`,
    /// `due`, `updated` or `points`.
    #[serde(default)]
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    #[serde(default)]
    pub order: Option<String>,
    /// Page size (API default 100, at most 1000).
    #[serde(default)]
    pub limit: Option<i64>,
    /// Items to skip.
    #[serde(default)]
    pub offset: Option<i64>,
}

/// `none` → `Some(None)`, an id → `Some(Some(id))`, `me` → the caller.
fn id_or_none(
    field: &'static str,
    value: Option<&str>,
    me: Option<i64>,
) -> Result<Option<Option<i64>>, ValidationError> {
    match value {
        None => Ok(None),
        Some("none") => Ok(Some(None)),
        Some("me") if me.is_some() => Ok(Some(me)),
        Some(text) => text.parse::<i64>().map(|id| Some(Some(id))).map_err(|_| {
            ValidationError::new(
                field,
                format!(
                    "'{text}' is not an id, 'none'{}",
                    if me.is_some() { " or 'me'" } else { "" }
                ),
            )
        }),
    }
}

impl ListParams {
    /// The store filter, with `me` meaning `user_id`.
    pub async fn to_filter(
        &self,
        state: &AppState,
        project: &Project,
        workflow: &Workflow,
        user_id: i64,
    ) -> Result<ItemFilter, ApiError> {
        let parent_id = match given(&self.parent) {
            Some(key) => Some(item_in_project(state, project, "parent", key).await?),
            None => None,
        };
        let sort = match given(&self.sort) {
            None => ItemSort::Rank,
            Some(text) => ItemSort::parse(text).ok_or_else(|| {
                let names: Vec<&str> = ItemSort::ALL.iter().map(|(_, name)| *name).collect();
                ValidationError::new(
                    "sort",
                    format!("'{text}' is not one of: {}", names.join(", ")),
                )
            })?,
        };
        let descending = match given(&self.order) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                return Err(
                    ValidationError::new("order", format!("'{other}' is not asc or desc")).into(),
                );
            }
        };
        Ok(ItemFilter {
            status_id: find_status(workflow, given(&self.status), None)?,
            category: given(&self.category)
                .map(StatusCategory::parse)
                .transpose()?,
            assignee: id_or_none("assignee", given(&self.assignee), Some(user_id))?,
            label: given(&self.label).map(str::to_lowercase),
            sprint: id_or_none("sprint", given(&self.sprint), None)?,
            item_type: given(&self.item_type).map(ItemType::parse).transpose()?,
            parent_id,
            text: given(&self.q).map(str::to_owned),
            sort,
            descending,
            limit: self.limit,
            offset: self.offset.unwrap_or(0).max(0),
        })
    }

    /// The parameters as a query string (for links and saved views), without paging.
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("status", &self.status),
            ("category", &self.category),
            ("assignee", &self.assignee),
            ("label", &self.label),
            ("sprint", &self.sprint),
            ("type", &self.item_type),
            ("parent", &self.parent),
            ("q", &self.q),
            ("sort", &self.sort),
            ("order", &self.order),
        ];
        pairs
            .iter()
            .filter_map(|(name, value)| {
                given(value).map(|value| format!("{name}={}", crate::web::percent_encode(value)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}
