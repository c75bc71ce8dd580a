//! What the API (and the pages) show of items: each item with its blocked flag, blocking
//! predecessors and roll-up, computed from two project-wide queries, never one per item.

use super::fields::minutes_to_hours;
use crate::api::views::timestamp;
use crate::error::ApiError;
use crate::state::AppState;
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::work::{Rollup, StatusCategory, blocks, rollup};
use tandem_store::{Comment, Dependency, Item, ItemEvent, UserRef, Workflow};
use utoipa::ToSchema;

/// A person on an item or comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub email: String,
}

impl From<UserRef> for PersonView {
    fn from(user: UserRef) -> Self {
        Self {
            id: user.id,
            name: user.name,
            email: user.email,
        }
    }
}

/// A status as shown on an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusView {
    pub id: i64,
    pub name: String,
    /// `todo`, `in_progress` or `done`.
    pub category: String,
}

/// Another item referred to by key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemLink {
    pub key: String,
    pub title: String,
}

/// What a parent adds up to: sums over the leaves below it; progress is the done share of the
/// leaves' estimates (by count when none is estimated); dates span the leaves.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollupView {
    pub leaves: i64,
    pub done_leaves: i64,
    pub estimate_hours: f64,
    pub story_points: i64,
    /// 0.0 – 1.0.
    pub progress: f64,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
}

impl From<&Rollup> for RollupView {
    fn from(sum: &Rollup) -> Self {
        Self {
            leaves: sum.leaves,
            done_leaves: sum.done_leaves,
            estimate_hours: minutes_to_hours(sum.estimate_minutes),
            story_points: sum.story_points,
            progress: (sum.progress * 1000.0).round() / 1000.0,
            start_date: sum.start_date.clone(),
            due_date: sum.due_date.clone(),
        }
    }
}

/// A work item. `blocked` is true while a predecessor holds it back: FS/FF predecessors until
/// they are done, SS/SF predecessors until they have started; done items are never blocked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemView {
    pub id: i64,
    /// `PROJECT-number`.
    pub key: String,
    pub project_key: String,
    pub number: i64,
    /// `epic`, `story`, `task`, `bug` or `milestone`.
    #[serde(rename = "type")]
    pub item_type: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub status: StatusView,
    pub priority: String,
    pub assignee: Option<PersonView>,
    pub parent: Option<ItemLink>,
    pub story_points: Option<i64>,
    pub estimate_hours: Option<f64>,
    pub optimistic_hours: Option<f64>,
    pub most_likely_hours: Option<f64>,
    pub pessimistic_hours: Option<f64>,
    pub remaining_hours: Option<f64>,
    pub due_date: Option<String>,
    pub start_date: Option<String>,
    pub sprint_id: Option<i64>,
    pub feature_id: Option<i64>,
    /// A release-blocking bug.
    pub blocking: bool,
    pub labels: Vec<String>,
    /// Held back by a predecessor (see the type's description).
    pub blocked: bool,
    /// Keys of the predecessors that hold it back.
    pub blocked_by: Vec<String>,
    /// Number of direct children.
    pub children: i64,
    /// Present when the item has children.
    pub rollup: Option<RollupView>,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
    pub version: i64,
    /// Soft rules the change broke, e.g. a WIP limit exceeded (the change was still made).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Project-wide facts item views need: who blocks whom, and the roll-ups.
#[derive(Debug, Default)]
pub struct ItemContext {
    /// Successor id → keys of predecessors that block it now.
    blockers: HashMap<i64, Vec<String>>,
    /// Parent id → roll-up.
    rollups: HashMap<i64, Rollup>,
}

impl ItemContext {
    /// Loads the context of a project (two queries).
    pub async fn load(state: &AppState, project_id: i64) -> Result<Self, ApiError> {
        let dependencies = state.store.project_dependencies(project_id).await?;
        let nodes = state.store.rollup_nodes(project_id).await?;
        Ok(Self::from_parts(&dependencies, rollup(&nodes)))
    }

    /// Loads what one item's view needs: its own dependencies and the roll-ups of its subtree
    /// (two queries that do not grow with the project).
    pub async fn load_for(state: &AppState, item: &Item) -> Result<Self, ApiError> {
        let dependencies = state.store.item_dependencies(item.id).await?;
        let nodes = state.store.subtree_rollup_nodes(item.id).await?;
        Ok(Self::from_parts(&dependencies, rollup(&nodes)))
    }

    /// Loads only who blocks whom (one query), for views that show no roll-ups: the board
    /// and the list, which would otherwise read every item a second time.
    pub async fn load_blockers(state: &AppState, project_id: i64) -> Result<Self, ApiError> {
        let dependencies = state.store.project_dependencies(project_id).await?;
        Ok(Self::from_parts(&dependencies, HashMap::new()))
    }

    /// Builds the context from a project's dependencies and roll-ups.
    pub fn from_parts(dependencies: &[Dependency], rollups: HashMap<i64, Rollup>) -> Self {
        let mut blockers: HashMap<i64, Vec<String>> = HashMap::new();
        for dependency in dependencies {
            if dependency.successor.category != StatusCategory::Done
                && blocks(dependency.kind, dependency.predecessor.category)
            {
                blockers
                    .entry(dependency.successor.id)
                    .or_default()
                    .push(dependency.predecessor.key.clone());
            }
        }
        Self { blockers, rollups }
    }

    /// Keys of the items blocking `item_id` now (empty when it is not blocked).
    pub fn blockers(&self, item_id: i64) -> &[String] {
        self.blockers
            .get(&item_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The roll-up of `item_id`, when it has children.
    pub fn rollup(&self, item_id: i64) -> Option<&Rollup> {
        self.rollups.get(&item_id)
    }

    /// The view of one item.
    pub fn view(&self, item: Item) -> ItemView {
        let blocked_by = self.blockers(item.id).to_vec();
        let rollup = self.rollup(item.id);
        ItemView {
            id: item.id,
            key: item.key,
            project_key: item.project_key,
            number: item.number,
            item_type: item.item_type.as_str().to_owned(),
            title: item.title,
            description: item.description,
            status: StatusView {
                id: item.status.id,
                name: item.status.name,
                category: item.status.category.as_str().to_owned(),
            },
            priority: item.priority.as_str().to_owned(),
            assignee: item.assignee.map(PersonView::from),
            parent: item.parent.map(|parent| ItemLink {
                key: parent.key,
                title: parent.title,
            }),
            story_points: item.story_points,
            estimate_hours: item.estimate_minutes.map(minutes_to_hours),
            optimistic_hours: item.optimistic_minutes.map(minutes_to_hours),
            most_likely_hours: item.most_likely_minutes.map(minutes_to_hours),
            pessimistic_hours: item.pessimistic_minutes.map(minutes_to_hours),
            remaining_hours: item.remaining_minutes.map(minutes_to_hours),
            due_date: item.due_date,
            start_date: item.start_date,
            sprint_id: item.sprint_id,
            feature_id: item.feature_id,
            blocking: item.blocking,
            labels: item.labels,
            blocked: !blocked_by.is_empty(),
            blocked_by,
            children: rollup.map_or(0, |sum| sum.children),
            rollup: rollup.map(RollupView::from),
            created_at: timestamp(item.created_at),
            updated_at: timestamp(item.updated_at),
            completed_at: item.completed_at.map(timestamp),
            version: item.version,
            warnings: Vec::new(),
        }
    }
}

/// One page of the item list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemListView {
    pub items: Vec<ItemView>,
    /// Items matching the filters in all.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// A comment on an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub author: PersonView,
    /// Markdown.
    pub body: String,
    /// Staff only; never sent to client users.
    pub internal: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub version: i64,
}

impl From<Comment> for CommentView {
    fn from(comment: Comment) -> Self {
        Self {
            id: comment.id,
            author: comment.author.into(),
            body: comment.body,
            internal: comment.internal,
            created_at: timestamp(comment.created_at),
            edited_at: comment.edited_at.map(timestamp),
            version: comment.version,
        }
    }
}

/// One entry of an item's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub at: String,
    pub actor: Option<PersonView>,
    /// `created`, `field_changed`, `status_changed`, `sprint_changed`, `dependency_added`,
    /// `dependency_removed`, `deleted`.
    pub kind: String,
    /// The field that changed (API name).
    pub field: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub old_value: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub new_value: Option<serde_json::Value>,
}

impl From<ItemEvent> for EventView {
    fn from(event: ItemEvent) -> Self {
        Self {
            id: event.id,
            at: timestamp(event.at),
            actor: event.actor.map(PersonView::from),
            kind: event.kind,
            field: event.field,
            old_value: event.old_value,
            new_value: event.new_value,
        }
    }
}

/// One history entry in words, e.g. `changed title: Old → New` or `now waits for ACME-3`:
/// the item page and `tandem item history` print the same sentence.
pub fn event_text(event: &ItemEvent) -> String {
    let value = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::Object(map)) => map
            .get("name")
            .or_else(|| map.get("predecessor"))
            .map(|n| n.to_string().trim_matches('"').to_owned())
            .unwrap_or_default(),
        Some(serde_json::Value::Null) | None => "—".to_owned(),
        Some(other) => {
            let text = other.to_string();
            let text = text.trim_matches('"');
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(60).collect::<String>())
            } else {
                text.to_owned()
            }
        }
    };
    let field = event.field.as_deref().unwrap_or_default().replace('_', " ");
    match event.kind.as_str() {
        "created" => "created the item".to_owned(),
        "deleted" => "deleted the item".to_owned(),
        "dependency_added" => format!("now waits for {}", value(&event.new_value)),
        "dependency_removed" => format!("no longer waits for {}", value(&event.old_value)),
        _ => format!(
            "changed {field}: {} → {}",
            value(&event.old_value),
            value(&event.new_value)
        ),
    }
}

/// An item at one end of a dependency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedItemView {
    pub key: String,
    pub title: String,
    pub status: String,
    /// `todo`, `in_progress` or `done`.
    pub category: String,
}

/// A dependency: the successor waits for the predecessor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DependencyView {
    pub id: i64,
    pub predecessor: LinkedItemView,
    pub successor: LinkedItemView,
    /// `FS`, `SS`, `FF` or `SF`.
    pub kind: String,
    /// Working days; negative = lead.
    pub lag_days: i64,
    /// True while the predecessor still holds the successor back.
    pub blocking_now: bool,
}

impl From<Dependency> for DependencyView {
    fn from(dependency: Dependency) -> Self {
        let linked = |item: tandem_store::LinkedItem| LinkedItemView {
            key: item.key,
            title: item.title,
            status: item.status_name,
            category: item.category.as_str().to_owned(),
        };
        Self {
            id: dependency.id,
            blocking_now: dependency.successor.category != StatusCategory::Done
                && blocks(dependency.kind, dependency.predecessor.category),
            predecessor: linked(dependency.predecessor),
            successor: linked(dependency.successor),
            kind: dependency.kind.as_str().to_owned(),
            lag_days: dependency.lag_days,
        }
    }
}

/// A workflow status with how many items it holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowStatusView {
    pub id: i64,
    pub name: String,
    /// `todo`, `in_progress` or `done`.
    pub category: String,
    pub wip_limit: Option<i64>,
    /// Items in the status now.
    pub items: i64,
    /// More items than the WIP limit allows.
    pub over_limit: bool,
}

/// An allowed move, by status name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionView {
    pub from: String,
    pub to: String,
}

/// A project's workflow. WIP limits are soft: moves beyond them are allowed and answered
/// with a warning, and the board marks the column.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowView {
    pub statuses: Vec<WorkflowStatusView>,
    /// Allowed moves; empty = every move is allowed.
    pub transitions: Vec<TransitionView>,
    pub version: i64,
}

impl WorkflowView {
    /// The view of `workflow` with the item counts per status.
    pub fn new(workflow: Workflow, counts: &HashMap<i64, i64>) -> Self {
        let name_of = |id: i64| {
            workflow
                .statuses
                .iter()
                .find(|status| status.id == id)
                .map(|status| status.name.clone())
                .unwrap_or_default()
        };
        let transitions = workflow
            .transitions
            .iter()
            .map(|transition| TransitionView {
                from: name_of(transition.from_status_id),
                to: name_of(transition.to_status_id),
            })
            .collect();
        let statuses = workflow
            .statuses
            .iter()
            .map(|status| {
                let items = counts.get(&status.id).copied().unwrap_or(0);
                WorkflowStatusView {
                    id: status.id,
                    name: status.name.clone(),
                    category: status.category.as_str().to_owned(),
                    wip_limit: status.wip_limit,
                    items,
                    over_limit: status.wip_limit.is_some_and(|limit| items > limit),
                }
            })
            .collect();
        Self {
            statuses,
            transitions,
            version: workflow.version,
        }
    }
}
