//! Audited writes on items, shared by the API, the web UI and the CLI: each validates, writes
//! (the store records the item history in the same transaction) and adds one audit entry.

use super::fields::{ItemFields, item_in_project};
use super::view::{ItemContext, ItemView, WorkflowView};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::notifications::mentions;
use crate::state::AppState;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::access::ProjectAction;
use tandem_core::work::{DependencyKind, ItemKey, StatusCategory};
use tandem_store::{
    Comment, Dependency, Item, NewDependency, Project, StatusInput, StoreError, WorkflowInput,
};
use utoipa::ToSchema;

/// Longest comment, in characters.
const MAX_COMMENT_CHARS: usize = 20_000;
/// Largest dependency lag, in working days (either way).
pub const MAX_LAG_DAYS: i64 = 365;

/// An item the caller may act on, with its project.
pub struct VisibleItem {
    /// The project and the caller's place in it.
    pub visible: VisibleProject,
    /// The item.
    pub item: Item,
}

/// Loads item `key` if the caller may perform `action` on its project (404 when they may not
/// see it, like a missing item).
pub async fn find(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    action: ProjectAction,
) -> Result<VisibleItem, ApiError> {
    let parsed = ItemKey::parse(key).map_err(|_| ApiError::not_found("item"))?;
    let visible = guard::project(state, user, parsed.project.as_str(), action)
        .await
        .map_err(|error| {
            if error.status == StatusCode::NOT_FOUND {
                ApiError::not_found("item")
            } else {
                error
            }
        })?;
    let item = match state
        .store
        .item_by_number(visible.project.id, parsed.number)
        .await
    {
        Ok(item) => item,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("item")),
        Err(other) => return Err(other.into()),
    };
    Ok(VisibleItem { visible, item })
}

/// The view of one item, with its project's context.
pub async fn view_of(state: &AppState, item: Item) -> Result<ItemView, ApiError> {
    let context = ItemContext::load_for(state, &item).await?;
    Ok(context.view(item))
}

/// Warnings about soft rules the item's status breaks now (WIP limit).
async fn wip_warnings(state: &AppState, item: &Item) -> Result<Vec<String>, ApiError> {
    let workflow = state.store.workflow(item.project_id).await?;
    let Some(status) = workflow.statuses.iter().find(|s| s.id == item.status.id) else {
        return Ok(Vec::new());
    };
    let Some(limit) = status.wip_limit else {
        return Ok(Vec::new());
    };
    let count = state
        .store
        .status_counts(item.project_id)
        .await?
        .get(&status.id)
        .copied()
        .unwrap_or(0);
    Ok(if count > limit {
        vec![format!(
            "'{}' is over its WIP limit ({count} items, limit {limit})",
            status.name
        )]
    } else {
        Vec::new()
    })
}

/// Creates an item in `project` and audits it.
pub async fn create(
    writer: &Writer<'_>,
    project: &Project,
    fields: &ItemFields,
) -> Result<ItemView, ApiError> {
    let state = writer.state;
    let new = fields.to_new_item(state, project, writer.actor.id).await?;
    let item = state.store.create_item(&new).await?;
    writer
        .record(
            "item.create",
            "item",
            &item.key,
            json!({ "title": item.title }),
        )
        .await;
    let warnings = wip_warnings(state, &item).await?;
    let mut view = view_of(state, item).await?;
    view.warnings = warnings;
    Ok(view)
}

/// Changes `item` (at `expected_version`) and audits which fields changed.
pub async fn update(
    writer: &Writer<'_>,
    project: &Project,
    item: &Item,
    fields: &ItemFields,
    expected_version: i64,
) -> Result<ItemView, ApiError> {
    let state = writer.state;
    let patch = fields.to_patch(state, project, Some(item)).await?;
    let updated = state
        .store
        .update_item(item.id, &patch, expected_version, Some(writer.actor.id))
        .await?;
    writer
        .record(
            "item.update",
            "item",
            &updated.key,
            json!({ "version": updated.version }),
        )
        .await;
    let warnings = if updated.status.id != item.status.id {
        wip_warnings(state, &updated).await?
    } else {
        Vec::new()
    };
    let mut view = view_of(state, updated).await?;
    view.warnings = warnings;
    Ok(view)
}

/// Moves `item` to the status named `status` (the board's and the CLI's move).
pub async fn move_to(
    writer: &Writer<'_>,
    project: &Project,
    item: &Item,
    status: &str,
    place_before: Option<String>,
    expected_version: i64,
) -> Result<ItemView, ApiError> {
    let fields = ItemFields {
        status: Some(status.to_owned()),
        place_before,
        ..ItemFields::default()
    };
    update(writer, project, item, &fields, expected_version).await
}

/// Deletes `item` (at `expected_version`); items with children are refused with 409.
pub async fn delete(
    writer: &Writer<'_>,
    item: &Item,
    expected_version: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_item(item.id, expected_version, Some(writer.actor.id))
        .await
        .map_err(|error| match error {
            StoreError::Conflict { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "has_children",
                "this item has children; move or delete them first",
            ),
            other => other.into(),
        })?;
    writer
        .record(
            "item.delete",
            "item",
            &item.key,
            json!({ "title": item.title }),
        )
        .await;
    Ok(())
}

/// A comment as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommentInput {
    /// Markdown.
    pub body: String,
    /// Staff only (ignored for people who may not see internal notes).
    #[serde(default)]
    pub internal: bool,
    /// The version you read (edits; alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

fn comment_body(raw: &str) -> Result<String, ValidationError> {
    let body = raw.trim();
    if body.is_empty() {
        return Err(ValidationError::new("body", "must not be empty"));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(ValidationError::new(
            "body",
            format!("must be at most {MAX_COMMENT_CHARS} characters"),
        ));
    }
    Ok(body.to_owned())
}

/// Adds a comment; `internal` only sticks for people who may see internal notes.
pub async fn comment(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    item: &Item,
    input: &CommentInput,
) -> Result<Comment, ApiError> {
    let body = comment_body(&input.body)?;
    let internal = input.internal && writer.actor_may(visible, ProjectAction::ViewInternal);
    let comment = writer
        .state
        .store
        .add_comment(item.id, writer.actor.id, &body, internal)
        .await?;
    writer
        .record(
            "item.comment.add",
            "item",
            &item.key,
            json!({ "comment_id": comment.id, "internal": internal }),
        )
        .await;
    let place = mentions::Place {
        link: format!("/items/{}", item.key),
        label: format!("{} {}", item.key, item.title),
        what: &format!("a comment on {}", item.key),
        source: format!("comment:{}", comment.id),
        internal,
    };
    mentions::notify(writer, visible, place, &body).await;
    Ok(comment)
}

/// The comments of `found` that `user` may read, oldest first: internal notes only for
/// people who may see internal notes (never client users). The API and the CLI list these.
pub async fn comments(
    state: &AppState,
    user: &CurrentUser,
    found: &VisibleItem,
) -> Result<Vec<Comment>, ApiError> {
    let internal = user
        .actor()
        .may_on(&found.visible.access, ProjectAction::ViewInternal);
    Ok(state.store.comments(found.item.id, internal).await?)
}

/// Loads a comment of `item` that the actor wrote (admins may change any).
async fn own_comment(
    writer: &Writer<'_>,
    item: &Item,
    comment_id: i64,
) -> Result<Comment, ApiError> {
    let comment = match writer.state.store.comment(item.id, comment_id).await {
        Ok(comment) => comment,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("comment")),
        Err(other) => return Err(other.into()),
    };
    let is_admin = writer.actor.role == tandem_core::roles::UserRole::Admin;
    if comment.author.id != writer.actor.id && !is_admin {
        return Err(ApiError::forbidden("you can only change your own comments"));
    }
    Ok(comment)
}

/// Edits one's own comment at `expected_version`.
pub async fn edit_comment(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    item: &Item,
    comment_id: i64,
    input: &CommentInput,
    expected_version: i64,
) -> Result<Comment, ApiError> {
    let current = own_comment(writer, item, comment_id).await?;
    let body = comment_body(&input.body)?;
    let internal = input.internal && writer.actor_may(visible, ProjectAction::ViewInternal);
    let comment = writer
        .state
        .store
        .update_comment(item.id, current.id, &body, internal, expected_version)
        .await?;
    writer
        .record(
            "item.comment.edit",
            "item",
            &item.key,
            json!({ "comment_id": comment.id }),
        )
        .await;
    Ok(comment)
}

/// Deletes one's own comment.
pub async fn delete_comment(
    writer: &Writer<'_>,
    item: &Item,
    comment_id: i64,
) -> Result<(), ApiError> {
    let current = own_comment(writer, item, comment_id).await?;
    writer
        .state
        .store
        .delete_comment(item.id, current.id)
        .await?;
    writer
        .record(
            "item.comment.delete",
            "item",
            &item.key,
            json!({ "comment_id": current.id }),
        )
        .await;
    Ok(())
}

/// A dependency as sent: give exactly one of `predecessor` (it waits for that item) or
/// `successor` (that item waits for it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DependencyInput {
    /// Key of the item this one waits for.
    #[serde(default)]
    pub predecessor: Option<String>,
    /// Key of the item that waits for this one.
    #[serde(default)]
    pub successor: Option<String>,
    /// `FS` (default), `SS`, `FF` or `SF`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Working days; negative for a lead.
    #[serde(default)]
    pub lag_days: Option<i64>,
}

/// Links `item` with another item of its project. A link that would close a cycle is 422
/// `dependency_cycle`, naming the cycle's keys in the message and in `details.cycle`.
pub async fn link(
    writer: &Writer<'_>,
    project: &Project,
    item: &Item,
    input: &DependencyInput,
) -> Result<Dependency, ApiError> {
    let state = writer.state;
    let (field, predecessor_id, successor_id) = match (&input.predecessor, &input.successor) {
        (Some(key), None) => {
            let other = item_in_project(state, project, "predecessor", key.trim()).await?;
            ("predecessor", other, item.id)
        }
        (None, Some(key)) => {
            let other = item_in_project(state, project, "successor", key.trim()).await?;
            ("successor", item.id, other)
        }
        _ => {
            return Err(ValidationError::new(
                "predecessor",
                "give exactly one of predecessor or successor",
            )
            .into());
        }
    };
    let kind = match input
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        Some(text) => DependencyKind::parse(text)?,
        None => DependencyKind::FinishToStart,
    };
    let lag_days = input.lag_days.unwrap_or(0);
    if lag_days.abs() > MAX_LAG_DAYS {
        return Err(ValidationError::new(
            "lag_days",
            format!("must be between -{MAX_LAG_DAYS} and {MAX_LAG_DAYS} working days"),
        )
        .into());
    }
    let new = NewDependency {
        predecessor_id,
        successor_id,
        kind,
        lag_days,
    };
    let outcome = state
        .store
        .add_dependency(&new, Some(writer.actor.id))
        .await
        .map_err(|error| match error {
            StoreError::Conflict { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "duplicate",
                "these two items are already linked",
            ),
            other => other.into(),
        })?;
    let dependency = outcome.map_err(|cycle| {
        let path = cycle.keys.join(" → ");
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "dependency_cycle",
            format!("{field}: this link would close a cycle: {path}"),
        )
        .with_details(json!({ "field": field, "cycle": cycle.keys }))
    })?;
    writer
        .record(
            "item.dependency.add",
            "item",
            &dependency.successor.key,
            json!({
                "predecessor": dependency.predecessor.key,
                "kind": dependency.kind.as_str(),
                "lag_days": dependency.lag_days,
            }),
        )
        .await;
    Ok(dependency)
}

/// Removes dependency `id` of `item`.
pub async fn unlink(writer: &Writer<'_>, item: &Item, id: i64) -> Result<(), ApiError> {
    writer
        .state
        .store
        .remove_dependency(item.id, id, Some(writer.actor.id))
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("dependency"),
            other => other.into(),
        })?;
    writer
        .record(
            "item.dependency.remove",
            "item",
            &item.key,
            json!({ "dependency_id": id }),
        )
        .await;
    Ok(())
}

/// A status in a workflow change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StatusChange {
    /// Keep this existing status (omit to add a new one).
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    /// `todo`, `in_progress` or `done`.
    pub category: String,
    /// Most items allowed (omit or null for no limit).
    #[serde(default)]
    pub wip_limit: Option<i64>,
}

/// An allowed move by status names.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TransitionChange {
    pub from: String,
    pub to: String,
}

/// A whole workflow: statuses left to right (statuses left out are removed, if empty) and the
/// allowed moves (none = every move allowed).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct WorkflowChange {
    pub statuses: Vec<StatusChange>,
    #[serde(default)]
    pub transitions: Vec<TransitionChange>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Replaces a project's workflow (managers) and audits it.
pub async fn replace_workflow(
    writer: &Writer<'_>,
    project: &Project,
    change: &WorkflowChange,
    expected_version: i64,
) -> Result<WorkflowView, ApiError> {
    let statuses = change
        .statuses
        .iter()
        .map(|status| {
            Ok(StatusInput {
                id: status.id,
                name: status.name.clone(),
                category: StatusCategory::parse(status.category.trim())?,
                wip_limit: status.wip_limit,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    let input = WorkflowInput {
        statuses,
        transitions: change
            .transitions
            .iter()
            .map(|t| (t.from.clone(), t.to.clone()))
            .collect(),
    };
    let state = writer.state;
    let workflow = state
        .store
        .replace_workflow(project.id, &input, expected_version)
        .await?;
    writer
        .record(
            "workflow.update",
            "project",
            &project.key,
            json!({ "statuses": workflow.statuses.len(), "transitions": workflow.transitions.len() }),
        )
        .await;
    let counts = state.store.status_counts(project.id).await?;
    Ok(WorkflowView::new(workflow, &counts))
}

/// Whether the writer's user may do `action` on the project.
trait ActorMay {
    fn actor_may(&self, visible: &VisibleProject, action: ProjectAction) -> bool;
}

impl ActorMay for Writer<'_> {
    fn actor_may(&self, visible: &VisibleProject, action: ProjectAction) -> bool {
        let actor = tandem_core::access::Actor {
            user_id: self.actor.id,
            role: self.actor.role,
            client_id: self.actor.client_id,
        };
        actor.may_on(&visible.access, action)
    }
}
