//! Roadblocks: open items held back by a predecessor (see `tandem_core::work::blocking`),
//! with how long they have been blocked.
//!
//! Blocked since: for each dependency that blocks the item now, the later of the dependency's
//! creation and the last time its predecessor moved into a category that blocks (its
//! creation when it never moved); the item has been blocked since the earliest of those (any
//! one of them suffices), but not before it was last reopened from done.

use crate::error::ApiError;
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::work::StatusCategory;
use tandem_core::work::blocks;
use tandem_store::{Dependency, StatusChange, Store};
use utoipa::ToSchema;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// A blocked item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoadblockView {
    /// The blocked item's key, e.g. `SHOP-12`.
    pub key: String,
    pub title: String,
    /// Keys of the predecessors that hold it back.
    pub blocked_by: Vec<String>,
    /// When it became blocked, RFC 3339.
    pub blocked_since: String,
    /// Whole days since then.
    pub days_blocked: i64,
}

/// The blocked items of a project, longest blocked first, as of `now` (unix ms).
pub async fn roadblocks(
    store: &Store,
    project_id: i64,
    now: i64,
) -> Result<Vec<RoadblockView>, ApiError> {
    let dependencies = store.project_dependencies(project_id).await?;
    let changes = store.status_changes(project_id).await?;
    let created: HashMap<i64, i64> = store
        .item_created_times(project_id)
        .await?
        .into_iter()
        .collect();
    Ok(blocked(&dependencies, &changes, &created, now))
}

/// The blocked items among `dependencies`, longest blocked first, as of `now`, from the
/// project's status changes (oldest first) and its items' creation times by id. Loads
/// nothing, so a caller that already holds the dependencies and items (the diagnosis) does
/// not load them twice.
pub fn blocked(
    dependencies: &[Dependency],
    changes: &[StatusChange],
    created: &HashMap<i64, i64>,
    now: i64,
) -> Vec<RoadblockView> {
    let mut changes_of: HashMap<i64, Vec<&StatusChange>> = HashMap::new();
    for change in changes {
        changes_of.entry(change.item_id).or_default().push(change);
    }
    let changes_of = |item_id: i64| changes_of.get(&item_id).map_or(&[][..], Vec::as_slice);
    let category =
        |text: &Option<String>| text.as_deref().and_then(|t| StatusCategory::parse(t).ok());
    struct Blocked {
        key: String,
        title: String,
        by: Vec<String>,
        since: Option<i64>,
    }
    let mut blocked: HashMap<i64, Blocked> = HashMap::new();
    for dependency in dependencies {
        let successor = &dependency.successor;
        if successor.category == StatusCategory::Done
            || !blocks(dependency.kind, dependency.predecessor.category)
        {
            continue;
        }
        let predecessor = dependency.predecessor.id;
        let entered = changes_of(predecessor)
            .iter()
            .rev()
            .find(|change| {
                category(&change.to_category).is_some_and(|c| blocks(dependency.kind, c))
                    && !category(&change.from_category).is_some_and(|c| blocks(dependency.kind, c))
            })
            .map(|change| change.at)
            .or_else(|| created.get(&predecessor).copied())
            .unwrap_or(dependency.created_at);
        let since = entered.max(dependency.created_at);
        let entry = blocked.entry(successor.id).or_insert_with(|| Blocked {
            key: successor.key.clone(),
            title: successor.title.clone(),
            by: Vec::new(),
            since: None,
        });
        entry.by.push(dependency.predecessor.key.clone());
        entry.since = Some(entry.since.map_or(since, |s| s.min(since)));
    }
    let mut views: Vec<RoadblockView> = blocked
        .into_iter()
        .map(|(item_id, entry)| {
            let reopened = changes_of(item_id)
                .iter()
                .rev()
                .find(|c| category(&c.from_category) == Some(StatusCategory::Done))
                .map(|c| c.at);
            let since = entry.since.unwrap_or(now).max(reopened.unwrap_or(i64::MIN));
            RoadblockView {
                key: entry.key,
                title: entry.title,
                blocked_by: entry.by,
                blocked_since: crate::api::views::timestamp(since),
                days_blocked: (now - since).max(0) / DAY_MS,
            }
        })
        .collect();
    views.sort_by(|a, b| b.days_blocked.cmp(&a.days_blocked).then(a.key.cmp(&b.key)));
    views
}
