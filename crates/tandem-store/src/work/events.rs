//! The change history: what each write records, and reading it back.
//!
//! Kinds: `created` and `deleted` carry a snapshot of the item (see [`snapshot`]);
//! `status_changed` has field `status` and values `{"id", "name", "category"}`;
//! `sprint_changed` has field `sprint_id`; every other field change is `field_changed` with
//! the API field name; dependency changes are `dependency_added` / `dependency_removed` on
//! the successor.

use super::model::{Item, ItemEvent, StatusEntry, StatusRef};
use crate::error::corrupt;
use crate::model::UserRef;
use crate::store::Backend;
use crate::{Store, StoreError};
use serde_json::{Value, json};
use tandem_core::work::StatusCategory;

/// An event about to be written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub kind: &'static str,
    pub field: Option<&'static str>,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
}

impl Draft {
    /// A change of one field.
    pub fn change(field: &'static str, old: Value, new: Value) -> Self {
        let kind = match field {
            "status" => "status_changed",
            "sprint_id" => "sprint_changed",
            _ => "field_changed",
        };
        Draft {
            kind,
            field: Some(field),
            old_value: Some(old),
            new_value: Some(new),
        }
    }
}

/// A status as history stores it.
pub(crate) fn status_value(status: &StatusRef) -> Value {
    json!({ "id": status.id, "name": status.name, "category": status.category.as_str() })
}

/// What a `created` / `deleted` event records: the fields reports rebuild from.
pub(crate) fn snapshot(item: &Item) -> Value {
    json!({
        "key": item.key,
        "type": item.item_type.as_str(),
        "title": item.title,
        "status": status_value(&item.status),
        "assignee_id": item.assignee.as_ref().map(|user| user.id),
        "parent_id": item.parent.as_ref().map(|parent| parent.id),
        "story_points": item.story_points,
        "estimate_minutes": item.estimate_minutes,
        "remaining_minutes": item.remaining_minutes,
        "sprint_id": item.sprint_id,
    })
}

/// The events that turn `old` into `new` (same item, before and after an update).
pub(crate) fn diff(old: &Item, new: &Item) -> Vec<Draft> {
    let mut drafts = Vec::new();
    let mut field = |name: &'static str, before: Value, after: Value| {
        if before != after {
            drafts.push(Draft::change(name, before, after));
        }
    };
    field("type", json!(old.item_type), json!(new.item_type));
    field("title", json!(old.title), json!(new.title));
    field(
        "description",
        json!(old.description),
        json!(new.description),
    );
    field(
        "status",
        status_value(&old.status),
        status_value(&new.status),
    );
    field("priority", json!(old.priority), json!(new.priority));
    let assignee = |item: &Item| json!(item.assignee.as_ref().map(|user| user.id));
    field("assignee_id", assignee(old), assignee(new));
    let parent = |item: &Item| json!(item.parent.as_ref().map(|parent| parent.id));
    field("parent_id", parent(old), parent(new));
    field(
        "story_points",
        json!(old.story_points),
        json!(new.story_points),
    );
    field(
        "estimate_minutes",
        json!(old.estimate_minutes),
        json!(new.estimate_minutes),
    );
    field(
        "optimistic_minutes",
        json!(old.optimistic_minutes),
        json!(new.optimistic_minutes),
    );
    field(
        "most_likely_minutes",
        json!(old.most_likely_minutes),
        json!(new.most_likely_minutes),
    );
    field(
        "pessimistic_minutes",
        json!(old.pessimistic_minutes),
        json!(new.pessimistic_minutes),
    );
    field(
        "remaining_minutes",
        json!(old.remaining_minutes),
        json!(new.remaining_minutes),
    );
    field("due_date", json!(old.due_date), json!(new.due_date));
    field("start_date", json!(old.start_date), json!(new.start_date));
    field("sprint_id", json!(old.sprint_id), json!(new.sprint_id));
    field("feature_id", json!(old.feature_id), json!(new.feature_id));
    field("blocking", json!(old.blocking), json!(new.blocking));
    field("labels", json!(old.labels), json!(new.labels));
    drafts
}

/// One event row, from sqlx (by name) or a JSON array in field order ([`EVENT_COLUMNS`]).
#[derive(sqlx::FromRow, serde::Deserialize)]
struct EventRow {
    id: i64,
    item_id: i64,
    project_id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    actor_email: Option<String>,
    kind: String,
    field: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
}

fn parse_value(text: Option<String>) -> Result<Option<Value>, StoreError> {
    text.map(|text| {
        serde_json::from_str(&text).map_err(|error| corrupt("item_events.value", error))
    })
    .transpose()
}

impl TryFrom<EventRow> for ItemEvent {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<Self, StoreError> {
        let actor = match (row.actor_id, row.actor_name, row.actor_email) {
            (Some(id), Some(name), Some(email)) => Some(UserRef { id, name, email }),
            _ => None,
        };
        Ok(ItemEvent {
            id: row.id,
            item_id: row.item_id,
            project_id: row.project_id,
            at: row.at,
            actor,
            kind: row.kind,
            field: row.field,
            old_value: parse_value(row.old_value)?,
            new_value: parse_value(row.new_value)?,
        })
    }
}

/// The result columns of `select_events!` in [`EventRow`]'s field order, for JSON reads.
const EVENT_COLUMNS: &str = "id, item_id, project_id, at, actor_id, actor_name, actor_email, \
     kind, field, old_value, new_value";

macro_rules! select_events {
    ($tail:literal) => {
        concat!(
            "SELECT e.id, e.item_id, e.project_id, e.at, e.actor_id, u.name AS actor_name, \
             u.email AS actor_email, e.kind, e.field, e.old_value, e.new_value \
             FROM item_events e LEFT JOIN users u ON u.id = e.actor_id ",
            $tail
        )
    };
}

impl Store {
    /// An item's history, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn item_history(&self, item_id: i64) -> Result<Vec<ItemEvent>, StoreError> {
        let rows: Vec<EventRow> = with_reader!(self, |db| {
            sqlx::query_as(select_events!("WHERE e.item_id = $1 ORDER BY e.id"))
                .bind(item_id)
                .fetch_all(db)
                .await
        })?;
        rows.into_iter().map(ItemEvent::try_from).collect()
    }

    /// A project's history between two times (`from` inclusive, `to` exclusive, unix ms),
    /// oldest first: the input for burndown, cumulative flow and velocity.
    #[tracing::instrument(skip_all)]
    pub async fn project_events(
        &self,
        project_id: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<ItemEvent>, StoreError> {
        let mut rows: Vec<EventRow> = self
            .json_rows(
                "item_events",
                EVENT_COLUMNS,
                select_events!("WHERE e.project_id = $1 AND e.at >= $2 AND e.at < $3"),
                &[project_id, from, to],
            )
            .await?;
        rows.sort_unstable_by_key(|row| (row.at, row.id));
        rows.into_iter().map(ItemEvent::try_from).collect()
    }

    /// Every time an item of a project entered a status (its creation, then each status
    /// change), oldest first, with the category entered: when work really began and ended.
    /// The category is read from the stored JSON by the database, so a 5,000-item project
    /// returns small rows, not its creation snapshots.
    #[tracing::instrument(skip_all)]
    pub async fn status_entries(&self, project_id: i64) -> Result<Vec<StatusEntry>, StoreError> {
        let category = match &self.backend {
            Backend::Sqlite { .. } => {
                "json_extract(new_value, CASE kind WHEN 'created' THEN '$.status.category' \
                 ELSE '$.category' END)"
            }
            Backend::Postgres(_) => {
                "CASE kind WHEN 'created' THEN CAST(new_value AS json) #>> '{status,category}' \
                 ELSE CAST(new_value AS json) ->> 'category' END"
            }
        };
        let inner = format!(
            "SELECT item_id, at, id, {category} AS category FROM item_events \
             WHERE project_id = $1 AND kind IN ('created', 'status_changed')"
        );
        let mut rows: Vec<(i64, i64, i64, Option<String>)> = self
            .json_rows(
                "item_events",
                "item_id, at, id, category",
                &inner,
                &[project_id],
            )
            .await?;
        rows.sort_unstable_by_key(|&(_, at, id, _)| (at, id));
        rows.into_iter()
            .map(|(item_id, at, _, category)| {
                let category = StatusCategory::parse(category.as_deref().unwrap_or_default())
                    .map_err(|error| corrupt("item_events.new_value", error))?;
                Ok(StatusEntry {
                    item_id,
                    at,
                    category,
                })
            })
            .collect()
    }
}
