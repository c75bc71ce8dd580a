//! The values the work-item store takes and returns.

use crate::model::UserRef;
use serde::Serialize;
use tandem_core::work::{DependencyKind, ItemType, Priority, StatusCategory};

/// A workflow status as it appears on an item: enough to show it and to reason about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusRef {
    /// Status id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// What the status means for reports.
    pub category: StatusCategory,
}

/// Another item, referred to from an item (its parent) or a dependency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRef {
    /// Item id.
    pub id: i64,
    /// Its key, e.g. `ACME-7`.
    pub key: String,
    /// Its title.
    pub title: String,
}

/// A work item with its status, assignee, parent and labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Item id (internal; people use the key).
    pub id: i64,
    /// The project it belongs to.
    pub project_id: i64,
    /// The project's key.
    pub project_key: String,
    /// Number within the project.
    pub number: i64,
    /// `PROJECTKEY-number`.
    pub key: String,
    /// Epic, story, task, bug or milestone.
    pub item_type: ItemType,
    /// One-line summary.
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Current workflow status.
    pub status: StatusRef,
    /// Urgency.
    pub priority: Priority,
    /// Who works on it.
    pub assignee: Option<UserRef>,
    /// The item it belongs to (an epic, a story).
    pub parent: Option<ItemRef>,
    /// Story points (whole numbers).
    pub story_points: Option<i64>,
    /// Estimate, minutes.
    pub estimate_minutes: Option<i64>,
    /// Three-point estimate: best case, minutes.
    pub optimistic_minutes: Option<i64>,
    /// Three-point estimate: most likely, minutes.
    pub most_likely_minutes: Option<i64>,
    /// Three-point estimate: worst case, minutes.
    pub pessimistic_minutes: Option<i64>,
    /// Work left, minutes.
    pub remaining_minutes: Option<i64>,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// Pinned start date, `YYYY-MM-DD` (a scheduling constraint).
    pub start_date: Option<String>,
    /// The sprint it is planned in.
    pub sprint_id: Option<i64>,
    /// The product feature it delivers.
    pub feature_id: Option<i64>,
    /// A bug that blocks a release.
    pub blocking: bool,
    /// Labels, sorted.
    pub labels: Vec<String>,
    /// Order on the board (smaller first).
    pub board_rank: f64,
    /// Who created it.
    pub created_by: Option<i64>,
    /// Creation time, unix ms.
    pub created_at: i64,
    /// Last change, unix ms.
    pub updated_at: i64,
    /// When it last entered a done status (None while not done).
    pub completed_at: Option<i64>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// An item to create. Build it with [`NewItem::new`] and set what you need.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    /// The project.
    pub project_id: i64,
    /// Kind of work.
    pub item_type: ItemType,
    /// Validated title.
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Initial status; `None` = the workflow's first status.
    pub status_id: Option<i64>,
    /// Urgency.
    pub priority: Priority,
    /// Assignee (must be a project member).
    pub assignee_id: Option<i64>,
    /// Parent item (same project).
    pub parent_id: Option<i64>,
    /// Story points.
    pub story_points: Option<i64>,
    /// Estimate, minutes.
    pub estimate_minutes: Option<i64>,
    /// Three-point: best case, minutes.
    pub optimistic_minutes: Option<i64>,
    /// Three-point: most likely, minutes.
    pub most_likely_minutes: Option<i64>,
    /// Three-point: worst case, minutes.
    pub pessimistic_minutes: Option<i64>,
    /// Work left, minutes.
    pub remaining_minutes: Option<i64>,
    /// Due date.
    pub due_date: Option<String>,
    /// Pinned start date.
    pub start_date: Option<String>,
    /// Sprint (same project).
    pub sprint_id: Option<i64>,
    /// Product feature.
    pub feature_id: Option<i64>,
    /// A release-blocking bug.
    pub blocking: bool,
    /// Labels (already cleaned by `tandem_core::work::parse_labels`).
    pub labels: Vec<String>,
    /// Who creates it (recorded as the actor of the `created` event).
    pub created_by: Option<i64>,
}

impl NewItem {
    /// An item with only the required parts; everything else empty, priority medium.
    pub fn new(project_id: i64, item_type: ItemType, title: impl Into<String>) -> Self {
        NewItem {
            project_id,
            item_type,
            title: title.into(),
            description: String::new(),
            status_id: None,
            priority: Priority::Medium,
            assignee_id: None,
            parent_id: None,
            story_points: None,
            estimate_minutes: None,
            optimistic_minutes: None,
            most_likely_minutes: None,
            pessimistic_minutes: None,
            remaining_minutes: None,
            due_date: None,
            start_date: None,
            sprint_id: None,
            feature_id: None,
            blocking: false,
            labels: Vec::new(),
            created_by: None,
        }
    }
}

/// Changes to an item: `None` leaves a field alone; for nullable fields `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemPatch {
    /// New kind.
    pub item_type: Option<ItemType>,
    /// New title (validated).
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New status (transition rules apply).
    pub status_id: Option<i64>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New assignee.
    pub assignee_id: Option<Option<i64>>,
    /// New parent (no cycles).
    pub parent_id: Option<Option<i64>>,
    /// New points.
    pub story_points: Option<Option<i64>>,
    /// New estimate.
    pub estimate_minutes: Option<Option<i64>>,
    /// New best case.
    pub optimistic_minutes: Option<Option<i64>>,
    /// New most likely.
    pub most_likely_minutes: Option<Option<i64>>,
    /// New worst case.
    pub pessimistic_minutes: Option<Option<i64>>,
    /// New remaining work.
    pub remaining_minutes: Option<Option<i64>>,
    /// New due date.
    pub due_date: Option<Option<String>>,
    /// New pinned start.
    pub start_date: Option<Option<String>>,
    /// New sprint.
    pub sprint_id: Option<Option<i64>>,
    /// New feature link.
    pub feature_id: Option<Option<i64>>,
    /// New blocking flag.
    pub blocking: Option<bool>,
    /// New label set (replaces the old one).
    pub labels: Option<Vec<String>>,
    /// Board position: `Some(Some(id))` puts the card just before item `id`, `Some(None)` at
    /// the end of its column. Without it, a card that changes status goes to the end.
    pub place_before: Option<Option<i64>>,
}

/// Which items to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemFilter {
    /// Only this status.
    pub status_id: Option<i64>,
    /// Only statuses of this category.
    pub category: Option<StatusCategory>,
    /// `Some(None)` = unassigned, `Some(Some(id))` = assigned to `id`.
    pub assignee: Option<Option<i64>>,
    /// Only items with this label.
    pub label: Option<String>,
    /// `Some(None)` = in no sprint (the backlog), `Some(Some(id))` = in sprint `id`.
    pub sprint: Option<Option<i64>>,
    /// Only this kind.
    pub item_type: Option<ItemType>,
    /// Only children of this item.
    pub parent_id: Option<i64>,
    /// Text in the title or description (case-insensitive).
    pub text: Option<String>,
    /// Order.
    pub sort: ItemSort,
    /// Reverse the order.
    pub descending: bool,
    /// Page size (`None` = all).
    pub limit: Option<i64>,
    /// Items to skip.
    pub offset: i64,
}

/// Orders of the item list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ItemSort {
    /// Board order (the default).
    #[default]
    Rank,
    /// By number.
    Key,
    /// By title.
    Title,
    /// Highest first… when descending; lowest first otherwise.
    Priority,
    /// By workflow order.
    Status,
    /// By assignee name (unassigned last).
    Assignee,
    /// By due date (none last).
    Due,
    /// By last change.
    Updated,
    /// By story points (none last).
    Points,
}

impl ItemSort {
    /// Every sort with its query-string name.
    pub const ALL: &'static [(ItemSort, &'static str)] = &[
        (ItemSort::Rank, "rank"),
        (ItemSort::Key, "key"),
        (ItemSort::Title, "title"),
        (ItemSort::Priority, "priority"),
        (ItemSort::Status, "status"),
        (ItemSort::Assignee, "assignee"),
        (ItemSort::Due, "due"),
        (ItemSort::Updated, "updated"),
        (ItemSort::Points, "points"),
    ];

    /// Parses a query-string name.
    pub fn parse(raw: &str) -> Option<ItemSort> {
        Self::ALL
            .iter()
            .find(|(_, name)| *name == raw)
            .map(|(sort, _)| *sort)
    }

    /// The query-string name.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(sort, _)| *sort == self)
            .map(|(_, name)| *name)
            .unwrap_or("rank")
    }
}

/// One page of items and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemPage {
    /// The items of the page.
    pub items: Vec<Item>,
    /// How many items match the filter.
    pub total: i64,
}

/// A workflow status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkflowStatus {
    /// Status id.
    pub id: i64,
    /// Display name (unique in the project).
    pub name: String,
    /// Category.
    pub category: StatusCategory,
    /// Position, left to right (0, 1, …).
    pub sort_order: i64,
    /// Most items allowed in the status (`None` = no limit).
    pub wip_limit: Option<i64>,
}

/// An allowed move between two statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// From this status…
    pub from_status_id: i64,
    /// …to this one.
    pub to_status_id: i64,
}

/// A project's workflow. Without transitions every move is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workflow {
    /// The project.
    pub project_id: i64,
    /// Statuses, left to right.
    pub statuses: Vec<WorkflowStatus>,
    /// Allowed moves (empty = all allowed).
    pub transitions: Vec<Transition>,
    /// Last change, unix ms.
    pub updated_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A status in a workflow replacement: `id` keeps an existing status (renamed, moved…),
/// `None` adds one. Statuses left out are removed (only when no item uses them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusInput {
    /// Existing status to keep.
    pub id: Option<i64>,
    /// Name (unique, trimmed, non-empty).
    pub name: String,
    /// Category.
    pub category: StatusCategory,
    /// WIP limit (positive) or none.
    pub wip_limit: Option<i64>,
}

/// A whole workflow, in order; transitions name statuses by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowInput {
    /// Statuses, left to right.
    pub statuses: Vec<StatusInput>,
    /// Allowed moves as (from name, to name); empty = every move allowed.
    pub transitions: Vec<(String, String)>,
}

/// An item at one end of a dependency, with what "blocked" needs to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedItem {
    /// Item id.
    pub id: i64,
    /// Its key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its status name.
    pub status_name: String,
    /// Its status category.
    pub category: StatusCategory,
}

/// A dependency between two items of a project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dependency {
    /// Dependency id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// The item that comes first.
    pub predecessor: LinkedItem,
    /// The item that waits.
    pub successor: LinkedItem,
    /// FS, SS, FF or SF.
    pub kind: DependencyKind,
    /// Lag in working days (negative = lead).
    pub lag_days: i64,
    /// Creation time, unix ms.
    pub created_at: i64,
}

/// A dependency to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDependency {
    /// The item that comes first.
    pub predecessor_id: i64,
    /// The item that waits.
    pub successor_id: i64,
    /// How they are tied.
    pub kind: DependencyKind,
    /// Lag in working days.
    pub lag_days: i64,
}

/// A dependency refused because it would close a cycle: the item keys along the cycle, in
/// order, first and last equal (`A-1 → A-2 → A-1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DependencyCycle {
    /// Keys along the cycle.
    pub keys: Vec<String>,
}

/// A comment on an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    /// Comment id.
    pub id: i64,
    /// The item.
    pub item_id: i64,
    /// Who wrote it.
    pub author: UserRef,
    /// Markdown.
    pub body: String,
    /// Hidden from client users.
    pub internal: bool,
    /// Creation time, unix ms.
    pub created_at: i64,
    /// Last edit, unix ms.
    pub edited_at: Option<i64>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// One entry of an item's change history. Values are JSON (a status is
/// `{"id", "name", "category"}`; a `created` or `deleted` event carries a snapshot).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEvent {
    /// Event id (increasing).
    pub id: i64,
    /// The item (it may since have been deleted).
    pub item_id: i64,
    /// The project.
    pub project_id: i64,
    /// When, unix ms.
    pub at: i64,
    /// Who (None for the system).
    pub actor: Option<UserRef>,
    /// `created`, `field_changed`, `status_changed`, `sprint_changed`, `dependency_added`,
    /// `dependency_removed`, `deleted`.
    pub kind: String,
    /// The API field that changed.
    pub field: Option<String>,
    /// Value before.
    pub old_value: Option<serde_json::Value>,
    /// Value after.
    pub new_value: Option<serde_json::Value>,
}

/// An item entering a status, read from its history: its creation (in its first status) or a
/// status change. What the schedule's actual start and finish are derived from (see
/// [`crate::Store::status_entries`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEntry {
    /// The item (it may since have been deleted).
    pub item_id: i64,
    /// When, unix ms.
    pub at: i64,
    /// The category of the status it entered.
    pub category: StatusCategory,
}

/// A saved filter of the item list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    /// View id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// Whose view it is.
    pub user_id: i64,
    /// Name shown in the menu.
    pub name: String,
    /// The list page's query string (filters + sort).
    pub query: String,
    /// Creation time, unix ms.
    pub created_at: i64,
}

/// What a board card shows of an item (see [`crate::Store::board_cards`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardCard {
    /// Item id.
    pub id: i64,
    /// `PROJECTKEY-number`.
    pub key: String,
    /// Epic, story, task, bug or milestone.
    pub item_type: ItemType,
    /// One-line summary.
    pub title: String,
    /// Its workflow status (the column).
    pub status_id: i64,
    /// The assignee's name, when assigned.
    pub assignee: Option<String>,
    /// The item it belongs to (for epic swimlanes).
    pub parent_id: Option<i64>,
    /// Story points.
    pub story_points: Option<i64>,
    /// Optimistic-concurrency version (the move buttons post it).
    pub version: i64,
}
