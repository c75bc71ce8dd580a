//! A whole plan added to a project in one transaction (the MS Project import): items in
//! outline order with their parents, dependencies between them, and — when the project has
//! none yet — its calendar and start date. Any failure rolls everything back.

use super::dependencies::{insert_dependency, select_dependencies};
use super::events::{Draft, snapshot};
use super::items::{
    ItemRow, check_references, end_rank, insert_item, item_select, load_item, write_labels,
};
use super::model::{Dependency, Item, ItemRef, NewDependency, NewItem, StatusRef};
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

impl Store {
    /// Adds `plan` to its project in one transaction. A parent or dependency index that does
    /// not point at an earlier item (parents) or at an item (dependencies) is `Invalid`.
    #[tracing::instrument(skip_all, fields(items = plan.items.len()))]
    pub async fn import_plan(&self, plan: &PlanImport) -> Result<PlanImported, StoreError> {
        let now = clock::now_ms();
        let project_id = plan.project_id;
        let imported = in_transaction!(self, |tx| {
            let mut created: Vec<ItemRef> = Vec::with_capacity(plan.items.len());
            for (index, entry) in plan.items.iter().enumerate() {
                let mut new = entry.item.clone();
                new.project_id = project_id;
                new.parent_id = match entry.parent {
                    Some(parent) if parent < index => Some(created[parent].id),
                    Some(_) => {
                        return Err(StoreError::Invalid(format!(
                            "parent: item {index} of the plan has no earlier parent"
                        )));
                    }
                    None => None,
                };
                let item: Item = insert_item!(tx, &new, now);
                created.push(ItemRef {
                    id: item.id,
                    key: item.key,
                    title: item.title,
                });
            }
            for link in &plan.dependencies {
                let (Some(predecessor), Some(successor)) =
                    (created.get(link.predecessor), created.get(link.successor))
                else {
                    return Err(StoreError::Invalid(
                        "dependencies: no such item in the plan".to_owned(),
                    ));
                };
                let new = NewDependency {
                    predecessor_id: predecessor.id,
                    successor_id: successor.id,
                    kind: link.kind,
                    lag_days: link.lag_days,
                };
                let _: Dependency = insert_dependency!(tx, project_id, &new, plan.actor_id, now);
            }
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
                items: created,
                dependencies: plan.dependencies.len(),
                calendar_set,
                start_date_set,
            }
        });
        Ok(imported)
    }
}
