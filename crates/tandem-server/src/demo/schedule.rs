//! The FLEET project's plan: a work breakdown with three-point estimates, dependencies and
//! milestones, so the Gantt, the critical path and the forecast have something real to show.
//! Its history is dated on the project's first day, so its work in progress has an actual
//! start in the past.

use super::from_today;
use crate::error::ApiError;
use tandem_core::work::{DependencyKind, ItemType, StatusCategory};
use tandem_store::{NewDependency, NewItem, Store};

/// One planned item: title, type, parent (index into the plan), three points in hours
/// (optimistic, most likely, pessimistic) and whether it is done, in progress or to do.
struct Planned {
    title: &'static str,
    kind: ItemType,
    parent: Option<usize>,
    hours: Option<(i64, i64, i64)>,
    state: StatusCategory,
}

const fn planned(
    title: &'static str,
    kind: ItemType,
    parent: Option<usize>,
    hours: Option<(i64, i64, i64)>,
    state: StatusCategory,
) -> Planned {
    Planned {
        title,
        kind,
        parent,
        hours,
        state,
    }
}

use ItemType::{Epic, Milestone, Story, Task};
use StatusCategory::{Done, InProgress, Todo};

const PLAN: &[Planned] = &[
    planned("Telemetry ingestion", Epic, None, None, Todo), // 0
    planned(
        "GPS gateway protocol adapter",
        Story,
        Some(0),
        Some((16, 24, 48)),
        Done,
    ), // 1
    planned(
        "Position stream on Kafka",
        Story,
        Some(0),
        Some((16, 32, 56)),
        InProgress,
    ), // 2
    planned(
        "Dead-reckoning for signal gaps",
        Story,
        Some(0),
        Some((24, 40, 80)),
        Todo,
    ), // 3
    planned("Live map", Epic, None, None, Todo),            // 4
    planned(
        "Map tiles and vehicle markers",
        Story,
        Some(4),
        Some((16, 24, 40)),
        Todo,
    ), // 5
    planned(
        "Live updates over WebSocket",
        Story,
        Some(4),
        Some((16, 24, 48)),
        Todo,
    ), // 6
    planned("Geofence alerts", Story, Some(4), Some((24, 32, 64)), Todo), // 7
    planned("Pilot with Brightline", Epic, None, None, Todo), // 8
    planned(
        "Install trackers in 20 vans",
        Task,
        Some(8),
        Some((8, 16, 40)),
        Todo,
    ), // 9
    planned(
        "Driver privacy review",
        Task,
        Some(8),
        Some((4, 8, 24)),
        Todo,
    ), // 10
    planned(
        "Pilot feedback round",
        Task,
        Some(8),
        Some((16, 24, 32)),
        Todo,
    ), // 11
    planned("Live map demo", Milestone, None, None, Todo),  // 12
    planned("Pilot go-live", Milestone, None, None, Todo),  // 13
];

/// (predecessor, successor, lag in working days), finish-to-start.
const LINKS: &[(usize, usize, i64)] = &[
    (1, 2, 0),
    (2, 3, 0),
    (2, 5, 0),
    (5, 6, 0),
    (6, 7, 0),
    (6, 12, 0),
    (10, 9, 0),
    (3, 13, 0),
    (7, 13, 0),
    (9, 13, 2),
    (13, 11, 0),
];

/// Adds the plan to project `project_id`; milestone due dates are days after `start`.
pub async fn load(
    store: &Store,
    project_id: i64,
    start: jiff::civil::Date,
) -> Result<(), ApiError> {
    let workflow = store.workflow(project_id).await?;
    let status = |category: StatusCategory| {
        workflow
            .statuses
            .iter()
            .find(|s| s.category == category)
            .map(|s| s.id)
    };
    let due = |days: i64| Some(from_today(start, days));
    let mark = crate::clock::now_ms();
    let mut ids: Vec<i64> = Vec::with_capacity(PLAN.len());
    for (index, item) in PLAN.iter().enumerate() {
        let mut new = NewItem::new(project_id, item.kind, item.title);
        new.parent_id = item.parent.map(|p| ids[p]);
        new.status_id = status(item.state);
        if let Some((low, likely, high)) = item.hours {
            new.optimistic_minutes = Some(low * 60);
            new.most_likely_minutes = Some(likely * 60);
            new.pessimistic_minutes = Some(high * 60);
            new.estimate_minutes = Some(likely * 60);
            if item.state == InProgress {
                new.remaining_minutes = Some(likely * 30);
            }
        }
        new.due_date = match index {
            12 => due(30),
            13 => due(50),
            _ => None,
        };
        ids.push(store.create_item(&new).await?.id);
    }
    for &(from, to, lag_days) in LINKS {
        let link = NewDependency {
            predecessor_id: ids[from],
            successor_id: ids[to],
            kind: DependencyKind::FinishToStart,
            lag_days,
        };
        // The plan has no cycle; a refused link would only leave it less connected.
        if let Err(cycle) = store.add_dependency(&link, None).await? {
            tracing::warn!(?cycle, "demo dependency refused");
        }
    }
    // The plan was laid down on the project's first morning, so the work in progress has
    // been under way since then (its actual start) and is split at a later status date.
    store
        .backdate_history(project_id, mark, super::sprints::at(start, 9))
        .await?;
    Ok(())
}
