//! Work items: create, read, list with filters, update (with history), delete.

use super::events::{Draft, diff, snapshot};
use super::model::{Item, ItemFilter, ItemPage, ItemPatch, ItemRef, ItemSort, NewItem, StatusRef};
use super::workflow::{ensure_default_workflow, parse_category};
use crate::error::{corrupt, stale_or_missing};
use crate::model::UserRef;
use crate::{Store, StoreError, clock};
use std::collections::HashMap;
use tandem_core::work::{ItemType, Priority, RollupNode, StatusCategory};

/// The columns of an item with its project key, status, assignee and parent.
macro_rules! item_select {
    () => {
        "SELECT w.id, w.project_id, p.key AS project_key, w.number, w.item_type, w.title, \
         w.description, w.status_id, s.name AS status_name, s.category AS status_category, \
         w.priority, w.assignee_id, u.name AS assignee_name, u.email AS assignee_email, \
         w.parent_id, pw.number AS parent_number, pw.title AS parent_title, \
         w.story_points, w.estimate_minutes, w.optimistic_minutes, w.most_likely_minutes, \
         w.pessimistic_minutes, w.remaining_minutes, w.due_date, w.start_date, w.sprint_id, \
         w.feature_id, w.blocking, w.board_rank, w.created_by, w.created_at, w.updated_at, \
         w.completed_at, w.version \
         FROM work_items w \
         JOIN projects p ON p.id = w.project_id \
         JOIN workflow_statuses s ON s.id = w.status_id \
         LEFT JOIN users u ON u.id = w.assignee_id \
         LEFT JOIN work_items pw ON pw.id = w.parent_id "
    };
}

/// The columns of a roll-up node, from `work_items w` joined to its status.
macro_rules! rollup_select {
    () => {
        "SELECT w.id, w.parent_id, s.category, w.estimate_minutes, w.story_points, \
         w.start_date, w.due_date FROM work_items w \
         JOIN workflow_statuses s ON s.id = w.status_id "
    };
}

/// Loads one item (with labels) by id inside `$tx`; evaluates to `Option<Item>`.
macro_rules! load_item {
    ($tx:ident, $id:expr) => {{
        let row: Option<ItemRow> = sqlx::query_as(concat!(item_select!(), "WHERE w.id = $1"))
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?;
        match row {
            Some(row) => {
                let labels: Vec<String> = sqlx::query_scalar(
                    "SELECT label FROM item_labels WHERE item_id = $1 ORDER BY label",
                )
                .bind($id)
                .fetch_all(&mut *$tx)
                .await?;
                Some(row.into_item(labels)?)
            }
            None => None,
        }
    }};
}

/// Checks, inside `$tx`, that the references of an item's new state are valid in its
/// project: status, parent (and no parent cycle), assignee (a member), sprint. `$item_id` is
/// `None` for a new item. Evaluates to the status (`StatusRef`).
macro_rules! check_references {
    ($tx:ident, $project_id:expr, $item_id:expr, $status_id:expr, $parent_id:expr,
     $assignee_id:expr, $sprint_id:expr) => {{
        let status: Option<(String, String)> = sqlx::query_as(
            "SELECT name, category FROM workflow_statuses WHERE id = $1 AND project_id = $2",
        )
        .bind($status_id)
        .bind($project_id)
        .fetch_optional(&mut *$tx)
        .await?;
        let Some((status_name, status_category)) = status else {
            return Err(StoreError::Invalid(
                "status_id: no such status in this project".to_owned(),
            ));
        };
        if let Some(parent_id) = $parent_id {
            // Walk up from the new parent: meeting the item itself would make a cycle.
            let mut cursor = Some(parent_id);
            let mut depth = 0;
            while let Some(ancestor) = cursor {
                if Some(ancestor) == $item_id {
                    return Err(StoreError::Invalid(
                        "parent: an item cannot be placed under itself or its own children"
                            .to_owned(),
                    ));
                }
                let row: Option<(i64, Option<i64>)> =
                    sqlx::query_as("SELECT project_id, parent_id FROM work_items WHERE id = $1")
                        .bind(ancestor)
                        .fetch_optional(&mut *$tx)
                        .await?;
                match row {
                    Some((project, next)) if project == $project_id && depth < 10_000 => {
                        cursor = next;
                    }
                    _ if depth == 0 => {
                        return Err(StoreError::Invalid(
                            "parent: no such item in this project".to_owned(),
                        ));
                    }
                    _ => cursor = None,
                }
                depth += 1;
            }
        }
        if let Some(assignee_id) = $assignee_id {
            let member: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = $2",
            )
            .bind($project_id)
            .bind(assignee_id)
            .fetch_optional(&mut *$tx)
            .await?;
            if member.is_none() {
                return Err(StoreError::Invalid(
                    "assignee_id: not a member of this project".to_owned(),
                ));
            }
        }
        if let Some(sprint_id) = $sprint_id {
            let sprint: Option<i64> =
                sqlx::query_scalar("SELECT id FROM sprints WHERE id = $1 AND project_id = $2")
                    .bind(sprint_id)
                    .bind($project_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if sprint.is_none() {
                return Err(StoreError::Invalid(
                    "sprint_id: no such sprint in this project".to_owned(),
                ));
            }
        }
        StatusRef {
            id: $status_id,
            name: status_name,
            category: parse_category(&status_category)?,
        }
    }};
}

/// The board rank after every card of a project (inside `$tx`).
macro_rules! end_rank {
    ($tx:ident, $project_id:expr) => {{
        let last: Option<f64> =
            sqlx::query_scalar("SELECT MAX(board_rank) FROM work_items WHERE project_id = $1")
                .bind($project_id)
                .fetch_one(&mut *$tx)
                .await?;
        last.unwrap_or(0.0) + 1.0
    }};
}

/// Replaces the labels of an item inside `$tx`.
macro_rules! write_labels {
    ($tx:ident, $item_id:expr, $labels:expr) => {{
        sqlx::query("DELETE FROM item_labels WHERE item_id = $1")
            .bind($item_id)
            .execute(&mut *$tx)
            .await?;
        for label in $labels {
            sqlx::query("INSERT INTO item_labels (item_id, label) VALUES ($1, $2)")
                .bind($item_id)
                .bind(label.as_str())
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

/// One item row, from sqlx (by column name) or from a JSON array in field order (see
/// [`ITEM_ROW_COLUMNS`] and [`crate::bulk`]).
#[derive(sqlx::FromRow, serde::Deserialize)]
pub(crate) struct ItemRow {
    id: i64,
    project_id: i64,
    project_key: String,
    number: i64,
    item_type: String,
    title: String,
    description: String,
    status_id: i64,
    status_name: String,
    status_category: String,
    priority: String,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    assignee_email: Option<String>,
    parent_id: Option<i64>,
    parent_number: Option<i64>,
    parent_title: Option<String>,
    story_points: Option<i64>,
    estimate_minutes: Option<i64>,
    optimistic_minutes: Option<i64>,
    most_likely_minutes: Option<i64>,
    pessimistic_minutes: Option<i64>,
    remaining_minutes: Option<i64>,
    due_date: Option<String>,
    start_date: Option<String>,
    sprint_id: Option<i64>,
    feature_id: Option<i64>,
    #[serde(deserialize_with = "crate::bulk::json_bool")]
    blocking: bool,
    board_rank: f64,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    completed_at: Option<i64>,
    version: i64,
}

/// The result columns of `item_select!` in [`ItemRow`]'s field order, for JSON reads.
const ITEM_ROW_COLUMNS: &str = "id, project_id, project_key, number, item_type, title, \
     description, status_id, status_name, status_category, priority, assignee_id, \
     assignee_name, assignee_email, parent_id, parent_number, parent_title, story_points, \
     estimate_minutes, optimistic_minutes, most_likely_minutes, pessimistic_minutes, \
     remaining_minutes, due_date, start_date, sprint_id, feature_id, blocking, board_rank, \
     created_by, created_at, updated_at, completed_at, version";

impl ItemRow {
    pub(super) fn into_item(self, labels: Vec<String>) -> Result<Item, StoreError> {
        let assignee = match (self.assignee_id, self.assignee_name, self.assignee_email) {
            (Some(id), Some(name), Some(email)) => Some(UserRef { id, name, email }),
            _ => None,
        };
        let parent = match (self.parent_id, self.parent_number, self.parent_title) {
            (Some(id), Some(number), Some(title)) => Some(ItemRef {
                id,
                key: format!("{}-{number}", self.project_key),
                title,
            }),
            _ => None,
        };
        Ok(Item {
            key: format!("{}-{}", self.project_key, self.number),
            item_type: ItemType::parse(&self.item_type)
                .map_err(|error| corrupt("work_items.item_type", error))?,
            priority: Priority::parse(&self.priority)
                .map_err(|error| corrupt("work_items.priority", error))?,
            status: StatusRef {
                id: self.status_id,
                name: self.status_name,
                category: parse_category(&self.status_category)?,
            },
            id: self.id,
            project_id: self.project_id,
            project_key: self.project_key,
            number: self.number,
            title: self.title,
            description: self.description,
            assignee,
            parent,
            story_points: self.story_points,
            estimate_minutes: self.estimate_minutes,
            optimistic_minutes: self.optimistic_minutes,
            most_likely_minutes: self.most_likely_minutes,
            pessimistic_minutes: self.pessimistic_minutes,
            remaining_minutes: self.remaining_minutes,
            due_date: self.due_date,
            start_date: self.start_date,
            sprint_id: self.sprint_id,
            feature_id: self.feature_id,
            blocking: self.blocking,
            labels,
            board_rank: self.board_rank,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            completed_at: self.completed_at,
            version: self.version,
        })
    }
}

/// The filter part of the list query; `$1` is the project, `$2…$12` the filter values bound by
/// [`bind_filter`].
const FILTER_WHERE: &str = "WHERE w.project_id = $1 \
     AND ($2 IS NULL OR w.status_id = $2) \
     AND ($3 IS NULL OR s.category = $3) \
     AND ($4 = 0 OR ($4 = 1 AND w.assignee_id IS NULL) OR ($4 = 2 AND w.assignee_id = $5)) \
     AND ($6 IS NULL OR EXISTS (SELECT 1 FROM item_labels l \
         WHERE l.item_id = w.id AND l.label = $6)) \
     AND ($7 = 0 OR ($7 = 1 AND w.sprint_id IS NULL) OR ($7 = 2 AND w.sprint_id = $8)) \
     AND ($9 IS NULL OR w.item_type = $9) \
     AND ($10 IS NULL OR w.parent_id = $10) \
     AND ($11 IS NULL OR LOWER(w.title) LIKE $11 ESCAPE '\\' \
         OR LOWER(w.description) LIKE $11 ESCAPE '\\' OR w.number = $12) ";

/// Binds `$2…$12` of [`FILTER_WHERE`] after the project id.
macro_rules! bind_filter {
    ($query:expr, $project_id:expr, $filter:expr) => {{
        let filter: &ItemFilter = $filter;
        let (assignee_mode, assignee_id) = match filter.assignee {
            None => (0_i64, None),
            Some(None) => (1, None),
            Some(Some(id)) => (2, Some(id)),
        };
        let (sprint_mode, sprint_id) = match filter.sprint {
            None => (0_i64, None),
            Some(None) => (1, None),
            Some(Some(id)) => (2, Some(id)),
        };
        let text = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty());
        $query
            .bind($project_id)
            .bind(filter.status_id)
            .bind(filter.category.map(StatusCategory::as_str))
            .bind(assignee_mode)
            .bind(assignee_id)
            .bind(filter.label.as_deref())
            .bind(sprint_mode)
            .bind(sprint_id)
            .bind(filter.item_type.map(ItemType::as_str))
            .bind(filter.parent_id)
            .bind(text.map(like_pattern))
            .bind(text.and_then(|text| text.parse::<i64>().ok()).unwrap_or(-1))
    }};
}

/// `%text%` for LIKE, lower-cased, with `%`, `_` and `\` taken literally.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The ORDER BY clause of a sort: a nulls-last guard where needed, the key, then the number.
fn order_by(sort: ItemSort, descending: bool) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    let (guard, key) = match sort {
        ItemSort::Rank => ("", "w.board_rank"),
        ItemSort::Key => ("", "w.number"),
        ItemSort::Title => ("", "LOWER(w.title)"),
        ItemSort::Priority => (
            "",
            "CASE w.priority WHEN 'lowest' THEN 1 WHEN 'low' THEN 2 WHEN 'medium' THEN 3 \
             WHEN 'high' THEN 4 ELSE 5 END",
        ),
        ItemSort::Status => ("", "s.sort_order"),
        ItemSort::Assignee => ("(u.name IS NULL), ", "u.name"),
        ItemSort::Due => ("(w.due_date IS NULL), ", "w.due_date"),
        ItemSort::Updated => ("", "w.updated_at"),
        ItemSort::Points => ("(w.story_points IS NULL), ", "w.story_points"),
    };
    format!("ORDER BY {guard}{key} {direction}, w.board_rank {direction}, w.number {direction} ")
}

/// Creates an item inside `$tx` (see [`Store::create_item`]); evaluates to the `Item`. The
/// MS Project import creates many items in one transaction with it.
macro_rules! insert_item {
    ($tx:ident, $new:expr, $now:expr) => {{
        let new: &NewItem = $new;
        let now: i64 = $now;
        let project_id = new.project_id;
        ensure_default_workflow!($tx, project_id, now);
        let status_id: i64 = match new.status_id {
            Some(id) => id,
            None => {
                sqlx::query_scalar(
                    "SELECT id FROM workflow_statuses WHERE project_id = $1 \
                 ORDER BY sort_order, id LIMIT 1",
                )
                .bind(project_id)
                .fetch_one(&mut *$tx)
                .await?
            }
        };
        let status = check_references!(
            $tx,
            project_id,
            None::<i64>,
            status_id,
            new.parent_id,
            new.assignee_id,
            new.sprint_id
        );
        let number: i64 = sqlx::query_scalar(
            "INSERT INTO item_counters (project_id, last_number) VALUES ($1, 1) \
         ON CONFLICT (project_id) DO UPDATE \
         SET last_number = item_counters.last_number + 1 \
         RETURNING last_number",
        )
        .bind(project_id)
        .fetch_one(&mut *$tx)
        .await?;
        let board_rank = end_rank!($tx, project_id);
        let completed_at = (status.category == StatusCategory::Done).then_some(now);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO work_items (project_id, number, item_type, title, description, \
         status_id, priority, assignee_id, parent_id, story_points, estimate_minutes, \
         optimistic_minutes, most_likely_minutes, pessimistic_minutes, \
         remaining_minutes, due_date, start_date, sprint_id, feature_id, blocking, \
         board_rank, created_by, created_at, updated_at, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $23, $23, $24) RETURNING id",
        )
        .bind(project_id)
        .bind(number)
        .bind(new.item_type.as_str())
        .bind(&new.title)
        .bind(&new.description)
        .bind(status_id)
        .bind(new.priority.as_str())
        .bind(new.assignee_id)
        .bind(new.parent_id)
        .bind(new.story_points)
        .bind(new.estimate_minutes)
        .bind(new.optimistic_minutes)
        .bind(new.most_likely_minutes)
        .bind(new.pessimistic_minutes)
        .bind(new.remaining_minutes)
        .bind(&new.due_date)
        .bind(&new.start_date)
        .bind(new.sprint_id)
        .bind(new.feature_id)
        .bind(new.blocking)
        .bind(board_rank)
        .bind(new.created_by)
        .bind(now)
        .bind(completed_at)
        .fetch_one(&mut *$tx)
        .await
        .map_err(crate::error::broken_reference("created_by: no such user"))?;
        let mut labels = new.labels.clone();
        labels.sort();
        labels.dedup();
        write_labels!($tx, id, &labels);
        let Some(item) = load_item!($tx, id) else {
            return Err(StoreError::NotFound);
        };
        debug_assert_eq!(item.status, status);
        let created = Draft {
            kind: "created",
            field: None,
            old_value: None,
            new_value: Some(snapshot(&item)),
        };
        insert_events!($tx, project_id, id, new.created_by, now, [created]);
        item
    }};
}

pub(super) use {check_references, end_rank, item_select};

/// Labels of every item of a project, by item id (one query for a whole list).
type LabelMap = HashMap<i64, Vec<String>>;

impl Store {
    /// Creates an item with the next number of its project, in the workflow's first status
    /// unless one is given, at the end of the board; writes the `created` event in the same
    /// transaction. Bad references are `Invalid` naming the field.
    #[tracing::instrument(skip_all)]
    pub async fn create_item(&self, new: &NewItem) -> Result<Item, StoreError> {
        let now = clock::now_ms();
        let item = in_transaction!(self, |tx| { insert_item!(tx, new, now) });
        Ok(item)
    }

    /// The item with this id.
    #[tracing::instrument(skip_all)]
    pub async fn item(&self, id: i64) -> Result<Item, StoreError> {
        let row: Option<ItemRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(item_select!(), "WHERE w.id = $1"))
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        let row = row.ok_or(StoreError::NotFound)?;
        let labels = self.labels_of(row.id).await?;
        row.into_item(labels)
    }

    /// The item with this number in a project (the `ACME-42` look-up).
    #[tracing::instrument(skip_all)]
    pub async fn item_by_number(&self, project_id: i64, number: i64) -> Result<Item, StoreError> {
        let row: Option<ItemRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                item_select!(),
                "WHERE w.project_id = $1 AND w.number = $2"
            ))
            .bind(project_id)
            .bind(number)
            .fetch_optional(db)
            .await
        })?;
        let row = row.ok_or(StoreError::NotFound)?;
        let labels = self.labels_of(row.id).await?;
        row.into_item(labels)
    }

    async fn labels_of(&self, item_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(with_reader!(self, |db| {
            sqlx::query_scalar("SELECT label FROM item_labels WHERE item_id = $1 ORDER BY label")
                .bind(item_id)
                .fetch_all(db)
                .await
        })?)
    }

    async fn project_labels(&self, project_id: i64) -> Result<LabelMap, StoreError> {
        let mut rows: Vec<(i64, String)> = self
            .json_rows(
                "item_labels",
                "item_id, label",
                "SELECT l.item_id, l.label FROM item_labels l \
                 JOIN work_items w ON w.id = l.item_id WHERE w.project_id = $1",
                &[project_id],
            )
            .await?;
        rows.sort_unstable();
        let mut labels = LabelMap::new();
        for (item_id, label) in rows {
            labels.entry(item_id).or_default().push(label);
        }
        Ok(labels)
    }

    /// Every distinct label used in a project, sorted (for filter menus).
    #[tracing::instrument(skip_all)]
    pub async fn project_label_names(&self, project_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT DISTINCT l.label FROM item_labels l \
                 JOIN work_items w ON w.id = l.item_id WHERE w.project_id = $1 ORDER BY l.label",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?)
    }

    /// One page of a project's items matching `filter`, and how many match in all. Three
    /// queries whatever the page size (items, count, labels).
    #[tracing::instrument(skip_all)]
    pub async fn list_items(
        &self,
        project_id: i64,
        filter: &ItemFilter,
    ) -> Result<ItemPage, StoreError> {
        let list_sql = format!(
            "{}{FILTER_WHERE}{}LIMIT $13 OFFSET $14",
            item_select!(),
            order_by(filter.sort, filter.descending)
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM work_items w \
             JOIN workflow_statuses s ON s.id = w.status_id {FILTER_WHERE}"
        );
        let limit = filter.limit.unwrap_or(i64::MAX).max(0);
        let offset = filter.offset.max(0);
        let (rows, total): (Vec<ItemRow>, i64) = with_reader!(self, |db| {
            let rows = bind_filter!(sqlx::query_as(&list_sql), project_id, filter)
                .bind(limit)
                .bind(offset)
                .fetch_all(db)
                .await?;
            let total = bind_filter!(sqlx::query_scalar(&count_sql), project_id, filter)
                .fetch_one(db)
                .await?;
            (rows, total)
        });
        let mut labels = if rows.is_empty() {
            LabelMap::new()
        } else {
            self.project_labels(project_id).await?
        };
        let items = rows
            .into_iter()
            .map(|row| {
                let own = labels.remove(&row.id).unwrap_or_default();
                row.into_item(own)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ItemPage { items, total })
    }

    /// Every item of a project in board order, without labels (left empty) and without a
    /// count: the plan, the forecast, the health diagnosis and the sprint list read thousands
    /// of items and none of them reads labels, so they skip that second query.
    #[tracing::instrument(skip_all)]
    pub async fn items_for_planning(&self, project_id: i64) -> Result<Vec<Item>, StoreError> {
        let inner = concat!(item_select!(), "WHERE w.project_id = $1");
        let mut rows: Vec<ItemRow> = self
            .json_rows("work_items", ITEM_ROW_COLUMNS, inner, &[project_id])
            .await?;
        super::board_order(&mut rows, |row| (row.board_rank, row.number));
        rows.into_iter()
            .map(|row| row.into_item(Vec::new()))
            .collect()
    }

    /// What roll-ups need about every item of a project, in one light query.
    #[tracing::instrument(skip_all)]
    pub async fn rollup_nodes(&self, project_id: i64) -> Result<Vec<RollupNode>, StoreError> {
        self.rollup_rows(
            concat!(rollup_select!(), "WHERE w.project_id = $1"),
            project_id,
        )
        .await
    }

    /// What the roll-ups of one item need: the item and everything below it, so reading one
    /// item does not read its whole project.
    #[tracing::instrument(skip_all)]
    pub async fn subtree_rollup_nodes(&self, item_id: i64) -> Result<Vec<RollupNode>, StoreError> {
        let inner = concat!(
            "WITH RECURSIVE subtree (id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
             SELECT c.id FROM work_items c JOIN subtree ON c.parent_id = subtree.id) ",
            rollup_select!(),
            "JOIN subtree ON subtree.id = w.id"
        );
        self.rollup_rows(inner, item_id).await
    }

    /// Roll-up nodes of `inner` (a [`rollup_select!`] query with `$1` = `id`).
    async fn rollup_rows(&self, inner: &str, id: i64) -> Result<Vec<RollupNode>, StoreError> {
        type Row = (
            i64,
            Option<i64>,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = self
            .json_rows(
                "work_items",
                "id, parent_id, category, estimate_minutes, story_points, start_date, due_date",
                inner,
                &[id],
            )
            .await?;
        rows.into_iter()
            .map(
                |(
                    id,
                    parent_id,
                    category,
                    estimate_minutes,
                    story_points,
                    start_date,
                    due_date,
                )| {
                    Ok(RollupNode {
                        id,
                        parent_id,
                        category: parse_category(&category)?,
                        estimate_minutes,
                        story_points,
                        start_date,
                        due_date,
                    })
                },
            )
            .collect()
    }

    /// Applies a patch if the item is still at `expected_version` (else `VersionConflict`),
    /// checking references, parent cycles and the workflow's transition rules, and records one
    /// history event per changed field in the same transaction. Entering a done status sets
    /// `completed_at`; leaving it clears it.
    #[tracing::instrument(skip_all)]
    pub async fn update_item(
        &self,
        id: i64,
        patch: &ItemPatch,
        expected_version: i64,
        actor_id: Option<i64>,
    ) -> Result<Item, StoreError> {
        let now = clock::now_ms();
        let item = in_transaction!(self, |tx| {
            let Some(old) = load_item!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            if old.version != expected_version {
                return Err(StoreError::VersionConflict {
                    current: old.version,
                });
            }
            let project_id = old.project_id;
            let status_id = patch.status_id.unwrap_or(old.status.id);
            let parent_id = patch
                .parent_id
                .unwrap_or(old.parent.as_ref().map(|parent| parent.id));
            let assignee_id = patch
                .assignee_id
                .unwrap_or(old.assignee.as_ref().map(|user| user.id));
            let sprint_id = patch.sprint_id.unwrap_or(old.sprint_id);
            let status = check_references!(
                tx,
                project_id,
                Some(id),
                status_id,
                parent_id.filter(|parent| Some(*parent) != old.parent.as_ref().map(|p| p.id)),
                assignee_id.filter(|user| Some(*user) != old.assignee.as_ref().map(|u| u.id)),
                sprint_id.filter(|sprint| Some(*sprint) != old.sprint_id)
            );
            if status_id != old.status.id {
                let rules: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM workflow_transitions WHERE project_id = $1",
                )
                .bind(project_id)
                .fetch_one(&mut *tx)
                .await?;
                let allowed: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM workflow_transitions \
                     WHERE from_status_id = $1 AND to_status_id = $2",
                )
                .bind(old.status.id)
                .bind(status_id)
                .fetch_one(&mut *tx)
                .await?;
                if rules > 0 && allowed == 0 {
                    return Err(StoreError::Invalid(format!(
                        "status_id: the workflow does not allow moving from '{}' to '{}'",
                        old.status.name, status.name
                    )));
                }
            }
            let board_rank = match patch.place_before {
                Some(Some(before)) => {
                    let target: Option<f64> = sqlx::query_scalar(
                        "SELECT board_rank FROM work_items WHERE id = $1 AND project_id = $2",
                    )
                    .bind(before)
                    .bind(project_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(target) = target else {
                        return Err(StoreError::Invalid(
                            "place_before: no such item in this project".to_owned(),
                        ));
                    };
                    let previous: Option<f64> = sqlx::query_scalar(
                        "SELECT MAX(board_rank) FROM work_items \
                         WHERE project_id = $1 AND board_rank < $2 AND id <> $3",
                    )
                    .bind(project_id)
                    .bind(target)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    (previous.unwrap_or(target - 2.0) + target) / 2.0
                }
                Some(None) => end_rank!(tx, project_id),
                None if status_id != old.status.id => end_rank!(tx, project_id),
                None => old.board_rank,
            };
            let completed_at = match (old.status.category, status.category) {
                (StatusCategory::Done, StatusCategory::Done) => old.completed_at,
                (_, StatusCategory::Done) => Some(now),
                _ => None,
            };
            let pick = |new: &Option<Option<i64>>, old: Option<i64>| new.unwrap_or(old);
            let pick_text = |new: &Option<Option<String>>, old: &Option<String>| {
                new.clone().unwrap_or_else(|| old.clone())
            };
            sqlx::query(
                "UPDATE work_items SET item_type = $2, title = $3, description = $4, \
                 status_id = $5, priority = $6, assignee_id = $7, parent_id = $8, \
                 story_points = $9, estimate_minutes = $10, optimistic_minutes = $11, \
                 most_likely_minutes = $12, pessimistic_minutes = $13, remaining_minutes = $14, \
                 due_date = $15, start_date = $16, sprint_id = $17, feature_id = $18, \
                 blocking = $19, board_rank = $20, completed_at = $21, updated_at = $22, \
                 version = version + 1 WHERE id = $1",
            )
            .bind(id)
            .bind(patch.item_type.unwrap_or(old.item_type).as_str())
            .bind(patch.title.as_deref().unwrap_or(&old.title))
            .bind(patch.description.as_deref().unwrap_or(&old.description))
            .bind(status_id)
            .bind(patch.priority.unwrap_or(old.priority).as_str())
            .bind(assignee_id)
            .bind(parent_id)
            .bind(pick(&patch.story_points, old.story_points))
            .bind(pick(&patch.estimate_minutes, old.estimate_minutes))
            .bind(pick(&patch.optimistic_minutes, old.optimistic_minutes))
            .bind(pick(&patch.most_likely_minutes, old.most_likely_minutes))
            .bind(pick(&patch.pessimistic_minutes, old.pessimistic_minutes))
            .bind(pick(&patch.remaining_minutes, old.remaining_minutes))
            .bind(pick_text(&patch.due_date, &old.due_date))
            .bind(pick_text(&patch.start_date, &old.start_date))
            .bind(sprint_id)
            .bind(pick(&patch.feature_id, old.feature_id))
            .bind(patch.blocking.unwrap_or(old.blocking))
            .bind(board_rank)
            .bind(completed_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(labels) = &patch.labels {
                let mut labels = labels.clone();
                labels.sort();
                labels.dedup();
                if labels != old.labels {
                    write_labels!(tx, id, &labels);
                }
            }
            let Some(new) = load_item!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            insert_events!(tx, project_id, id, actor_id, now, diff(&old, &new));
            new
        });
        Ok(item)
    }

    /// Deletes an item if it is still at `expected_version`, with its labels, comments and
    /// dependencies; its history stays, ending with a `deleted` event. An item with children
    /// is refused (`Conflict { constraint: "work_items.children" }`): move or delete them
    /// first.
    #[tracing::instrument(skip_all)]
    pub async fn delete_item(
        &self,
        id: i64,
        expected_version: i64,
        actor_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let Some(old) = load_item!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            if old.version != expected_version {
                return Err(stale_or_missing(Some(old.version)));
            }
            let children: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM work_items WHERE parent_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if children > 0 {
                return Err(StoreError::Conflict {
                    constraint: "work_items.children".to_owned(),
                });
            }
            sqlx::query("DELETE FROM work_items WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = Draft {
                kind: "deleted",
                field: None,
                old_value: Some(snapshot(&old)),
                new_value: None,
            };
            insert_events!(tx, old.project_id, id, actor_id, now, [deleted]);
        });
        Ok(())
    }
}
