//! A whole plan added to a project in one transaction (the MS Project import): items in
//! outline order with their parents, dependencies between them, and — when the project has
//! none yet — its calendar and start date. Any failure rolls everything back.

use std::collections::{HashMap, HashSet};

use super::dependencies::{DependencyRow, dependency_value, select_dependencies};
use super::events::{Draft, snapshot};
use super::items::{ItemRow, check_references, end_rank, item_select};
use super::model::{Dependency, Item, ItemRef, NewItem, StatusRef};
use super::workflow::{ensure_default_workflow, parse_category};
use crate::people::CalendarDay;
use crate::people::calendars::{insert_week, write_exceptions};
use crate::{Store, StoreError, clock};
use tandem_core::work::{DependencyKind, StatusCategory};

/// One item of an imported plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportItem {
    /// The item; its `parent_id` is ignored (see `parent`) and `project_id` must be the
    /// plan's.
    pub item: NewItem,
    /// The parent, as an index into [`PlanImport::items`] before this one.
    pub parent: Option<usize>,
}

/// A dependency of an imported plan between two of its items (indices into
/// [`PlanImport::items`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportDependency {
    /// The item that comes first.
    pub predecessor: usize,
    /// The item that waits.
    pub successor: usize,
    /// How they are tied.
    pub kind: DependencyKind,
    /// Lag in working days.
    pub lag_days: i64,
}

/// A project calendar brought by an import: the work week as stored JSON and its exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCalendar {
    /// The week, as `project_calendars.work_week` holds it.
    pub work_week: String,
    /// Holidays and altered days.
    pub exceptions: Vec<CalendarDay>,
}

/// A plan to add to a project. Dependencies must not form a cycle (the caller checks the
/// whole network at once; checking edge by edge would be quadratic).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImport {
    /// The project.
    pub project_id: i64,
    /// Items, parents before children.
    pub items: Vec<ImportItem>,
    /// Dependencies between them.
    pub dependencies: Vec<ImportDependency>,
    /// The calendar to use if the project has never saved one.
    pub calendar: Option<ImportCalendar>,
    /// The start date (`YYYY-MM-DD`) to set if the project has none.
    pub start_date: Option<String>,
    /// Who imports (the actor of every history event).
    pub actor_id: Option<i64>,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImported {
    /// The created items, in the plan's order.
    pub items: Vec<ItemRef>,
    /// How many dependencies were added.
    pub dependencies: usize,
    /// Whether the plan's calendar became the project's.
    pub calendar_set: bool,
    /// Whether the plan's start date became the project's.
    pub start_date_set: bool,
}

/// Rows per multi-row statement: well under both backends' limits on bound values
/// (25 columns × 400 = 10,000; SQLite allows 32,766, PostgreSQL 65,535).
const ROWS_PER_STATEMENT: usize = 400;

/// Inserts `$rows` — `(item id, actor, Draft)` — into the item history inside `$tx`, a few
/// hundred per statement.
macro_rules! insert_event_rows {
    ($tx:ident, $project_id:expr, $at:expr, $rows:expr) => {
        for chunk in $rows.chunks(ROWS_PER_STATEMENT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO item_events \
                 (item_id, project_id, at, actor_id, kind, field, old_value, new_value) ",
            );
            query.push_values(
                chunk,
                |mut row, (item_id, actor, draft): &(i64, Option<i64>, Draft)| {
                    row.push_bind(*item_id)
                        .push_bind($project_id)
                        .push_bind($at)
                        .push_bind(*actor)
                        .push_bind(draft.kind)
                        .push_bind(draft.field)
                        .push_bind(draft.old_value.as_ref().map(|value| value.to_string()))
                        .push_bind(draft.new_value.as_ref().map(|value| value.to_string()));
                },
            );
            query.build().execute(&mut *$tx).await?;
        }
    };
}

impl Store {
    /// Adds `plan` to its project in one transaction, a few hundred rows per statement (an
    /// MS Project file of 5,000 tasks is some fifty statements, not fifty thousand). Every
    /// item gets the next number, a rank at the end of the board and its `created` event,
    /// every dependency its `dependency_added` event, as one by one. A parent or dependency
    /// index that does not point at an earlier item (parents) or at an item (dependencies)
    /// is `Invalid`, and so is a status, assignee or sprint `create_item` would refuse.
    #[tracing::instrument(skip_all, fields(items = plan.items.len()))]
    pub async fn import_plan(&self, plan: &PlanImport) -> Result<PlanImported, StoreError> {
        check_indices(plan)?;
        let now = clock::now_ms();
        let project_id = plan.project_id;
        let count = i64::try_from(plan.items.len())
            .map_err(|_| StoreError::Invalid("items: too many in one plan".to_owned()))?;
        let imported = in_transaction!(self, |tx| {
            ensure_default_workflow!(tx, project_id, now);
            let first_status: i64 = sqlx::query_scalar(
                "SELECT id FROM workflow_statuses WHERE project_id = $1 \
                 ORDER BY sort_order, id LIMIT 1",
            )
            .bind(project_id)
            .fetch_one(&mut *tx)
            .await?;
            let status_of = |entry: &ImportItem| entry.item.status_id.unwrap_or(first_status);
            // Each distinct status, assignee and sprint is checked once, as create_item would.
            let mut references: Vec<(i64, Option<i64>, Option<i64>)> = plan
                .items
                .iter()
                .map(|entry| {
                    (
                        status_of(entry),
                        entry.item.assignee_id,
                        entry.item.sprint_id,
                    )
                })
                .collect();
            references.sort_unstable();
            references.dedup();
            let mut categories: HashMap<i64, StatusCategory> = HashMap::new();
            for (status_id, assignee_id, sprint_id) in references {
                let status = check_references!(
                    tx,
                    project_id,
                    None::<i64>,
                    status_id,
                    None::<i64>,
                    assignee_id,
                    sprint_id
                );
                categories.insert(status_id, status.category);
            }
            let last_number: i64 = sqlx::query_scalar(
                "INSERT INTO item_counters (project_id, last_number) VALUES ($1, $2) \
                 ON CONFLICT (project_id) DO UPDATE \
                 SET last_number = item_counters.last_number + $2 \
                 RETURNING last_number",
            )
            .bind(project_id)
            .bind(count)
            .fetch_one(&mut *tx)
            .await?;
            let first_number = last_number - count + 1;
            let first_rank = end_rank!(tx, project_id);
            // Parents before children: one level of the outline after the other.
            let mut ids: Vec<i64> = vec![0; plan.items.len()];
            for level in outline_levels(plan) {
                for chunk in level.chunks(ROWS_PER_STATEMENT) {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO work_items (project_id, number, item_type, title, \
                         description, status_id, priority, assignee_id, parent_id, \
                         story_points, estimate_minutes, optimistic_minutes, \
                         most_likely_minutes, pessimistic_minutes, remaining_minutes, \
                         due_date, start_date, sprint_id, feature_id, blocking, board_rank, \
                         created_by, created_at, updated_at, completed_at) ",
                    );
                    query.push_values(chunk, |mut row, &index| {
                        let entry = &plan.items[index];
                        let new = &entry.item;
                        let status_id = status_of(entry);
                        let done = categories.get(&status_id) == Some(&StatusCategory::Done);
                        row.push_bind(project_id)
                            .push_bind(first_number + index as i64)
                            .push_bind(new.item_type.as_str())
                            .push_bind(new.title.as_str())
                            .push_bind(new.description.as_str())
                            .push_bind(status_id)
                            .push_bind(new.priority.as_str())
                            .push_bind(new.assignee_id)
                            .push_bind(entry.parent.map(|parent| ids[parent]))
                            .push_bind(new.story_points)
                            .push_bind(new.estimate_minutes)
                            .push_bind(new.optimistic_minutes)
                            .push_bind(new.most_likely_minutes)
                            .push_bind(new.pessimistic_minutes)
                            .push_bind(new.remaining_minutes)
                            .push_bind(new.due_date.as_deref())
                            .push_bind(new.start_date.as_deref())
                            .push_bind(new.sprint_id)
                            .push_bind(new.feature_id)
                            .push_bind(new.blocking)
                            .push_bind(first_rank + index as f64)
                            .push_bind(new.created_by)
                            .push_bind(now)
                            .push_bind(now)
                            .push_bind(done.then_some(now));
                    });
                    query.push(" RETURNING id, number");
                    let returned: Vec<(i64, i64)> = query
                        .build_query_as()
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(crate::error::broken_reference("created_by: no such user"))?;
                    for (id, number) in returned {
                        ids[(number - first_number) as usize] = id;
                    }
                }
            }
            let labels: Vec<(i64, &str)> = plan
                .items
                .iter()
                .zip(&ids)
                .flat_map(|(entry, &id)| {
                    let mut labels: Vec<&str> =
                        entry.item.labels.iter().map(String::as_str).collect();
                    labels.sort_unstable();
                    labels.dedup();
                    labels.into_iter().map(move |label| (id, label))
                })
                .collect();
            for chunk in labels.chunks(ROWS_PER_STATEMENT) {
                let mut query =
                    sqlx::QueryBuilder::new("INSERT INTO item_labels (item_id, label) ");
                query.push_values(chunk, |mut row, (id, label)| {
                    row.push_bind(*id).push_bind(*label);
                });
                query.build().execute(&mut *tx).await?;
            }
            // The created items as a read sees them, for their `created` snapshots.
            let rows: Vec<ItemRow> = sqlx::query_as(concat!(
                item_select!(),
                "WHERE w.project_id = $1 AND w.number BETWEEN $2 AND $3"
            ))
            .bind(project_id)
            .bind(first_number)
            .bind(last_number)
            .fetch_all(&mut *tx)
            .await?;
            let mut labels_of: HashMap<i64, Vec<String>> = HashMap::new();
            for (id, label) in &labels {
                labels_of.entry(*id).or_default().push((*label).to_owned());
            }
            let mut created: Vec<Option<Item>> = vec![None; plan.items.len()];
            for row in rows {
                let item = row.into_item(Vec::new())?;
                let index = (item.number - first_number) as usize;
                let labels = labels_of.remove(&item.id).unwrap_or_default();
                created[index] = Some(Item { labels, ..item });
            }
            let created: Vec<Item> =
                created.into_iter().collect::<Option<_>>().ok_or_else(|| {
                    StoreError::Invalid("items: an imported item could not be read back".to_owned())
                })?;
            let events: Vec<(i64, Option<i64>, Draft)> = plan
                .items
                .iter()
                .zip(&created)
                .map(|(entry, item)| {
                    let draft = Draft {
                        kind: "created",
                        field: None,
                        old_value: None,
                        new_value: Some(snapshot(item)),
                    };
                    (item.id, entry.item.created_by, draft)
                })
                .collect();
            insert_event_rows!(tx, project_id, now, events);
            let mut dependency_ids = HashSet::new();
            for chunk in plan.dependencies.chunks(ROWS_PER_STATEMENT) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO item_dependencies \
                     (project_id, predecessor_id, successor_id, kind, lag_days, created_at) ",
                );
                query.push_values(chunk, |mut row, link| {
                    row.push_bind(project_id)
                        .push_bind(ids[link.predecessor])
                        .push_bind(ids[link.successor])
                        .push_bind(link.kind.as_str())
                        .push_bind(link.lag_days)
                        .push_bind(now);
                });
                query.push(" RETURNING id");
                let returned: Vec<i64> = query.build_query_scalar().fetch_all(&mut *tx).await?;
                dependency_ids.extend(returned);
            }
            let events: Vec<(i64, Option<i64>, Draft)> = if dependency_ids.is_empty() {
                Vec::new()
            } else {
                let rows: Vec<DependencyRow> =
                    sqlx::query_as(select_dependencies!("WHERE d.project_id = $1"))
                        .bind(project_id)
                        .fetch_all(&mut *tx)
                        .await?;
                let mut events = Vec::with_capacity(dependency_ids.len());
                for row in rows {
                    let dependency = Dependency::try_from(row)?;
                    if dependency_ids.contains(&dependency.id) {
                        let draft = Draft {
                            kind: "dependency_added",
                            field: Some("dependencies"),
                            old_value: None,
                            new_value: Some(dependency_value(&dependency)),
                        };
                        events.push((dependency.successor.id, plan.actor_id, draft));
                    }
                }
                events
            };
            insert_event_rows!(tx, project_id, now, events);
            let calendar_set = match &plan.calendar {
                Some(calendar) => {
                    let saved: Option<i64> = sqlx::query_scalar(
                        "SELECT version FROM project_calendars WHERE project_id = $1",
                    )
                    .bind(project_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if saved.is_none() {
                        insert_week!(tx, project_id, &calendar.work_week, now);
                        write_exceptions!(tx, project_id, &calendar.exceptions);
                    }
                    saved.is_none()
                }
                None => false,
            };
            let start_date_set = match &plan.start_date {
                Some(date) => {
                    sqlx::query(
                        "UPDATE projects SET start_date = $2, updated_at = $3, \
                         version = version + 1 WHERE id = $1 AND start_date IS NULL",
                    )
                    .bind(project_id)
                    .bind(date)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        > 0
                }
                None => false,
            };
            PlanImported {
                items: created
                    .into_iter()
                    .map(|item| ItemRef {
                        id: item.id,
                        key: item.key,
                        title: item.title,
                    })
                    .collect(),
                dependencies: plan.dependencies.len(),
                calendar_set,
                start_date_set,
            }
        });
        Ok(imported)
    }
}

/// Checks that every parent is an earlier item of the plan and every dependency joins two of
/// its items, before anything is written.
fn check_indices(plan: &PlanImport) -> Result<(), StoreError> {
    for (index, entry) in plan.items.iter().enumerate() {
        if entry.parent.is_some_and(|parent| parent >= index) {
            return Err(StoreError::Invalid(format!(
                "parent: item {index} of the plan has no earlier parent"
            )));
        }
    }
    let count = plan.items.len();
    if plan
        .dependencies
        .iter()
        .any(|link| link.predecessor >= count || link.successor >= count)
    {
        return Err(StoreError::Invalid(
            "dependencies: no such item in the plan".to_owned(),
        ));
    }
    Ok(())
}

/// The plan's item indices by outline level (top level first), each level in plan order:
/// every item comes after its parent's level.
fn outline_levels(plan: &PlanImport) -> Vec<Vec<usize>> {
    let mut depth: Vec<usize> = Vec::with_capacity(plan.items.len());
    let mut levels: Vec<Vec<usize>> = Vec::new();
    for (index, entry) in plan.items.iter().enumerate() {
        let level = entry.parent.map_or(0, |parent| depth[parent] + 1);
        depth.push(level);
        if levels.len() <= level {
            levels.resize_with(level + 1, Vec::new);
        }
        levels[level].push(index);
    }
    levels
}
