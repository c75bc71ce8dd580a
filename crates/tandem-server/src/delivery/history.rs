//! Turns stored item events into the pure history `tandem_core::delivery` replays, and
//! builds the report series for a sprint or a project.

use crate::error::ApiError;
use crate::state::AppState;
use jiff::civil::Date;
use serde_json::Value;
use tandem_core::days::WorkspaceDays;
use tandem_core::delivery::{
    self, BurnPoint, BurnupPoint, Change, FlowPoint, HistoryEvent, ItemState, SprintOutcome,
    SprintWindow, VelocityInput,
};
use tandem_core::work::StatusCategory;
use tandem_store::{ItemEvent, Sprint};

/// The status carried by an event value `{"id", "category"}`.
fn status_of(value: &Value) -> Option<(i64, StatusCategory)> {
    let id = value.get("id")?.as_i64()?;
    let category = StatusCategory::parse(value.get("category")?.as_str()?).ok()?;
    Some((id, category))
}

/// One stored event as a report change; events reports do not use give `None`.
pub fn to_history(event: &ItemEvent) -> Option<HistoryEvent> {
    let new = event.new_value.as_ref();
    let change = match (event.kind.as_str(), event.field.as_deref()) {
        ("created", _) => {
            let snapshot = new?;
            let (status_id, category) = status_of(snapshot.get("status")?)?;
            Change::Created(ItemState {
                sprint_id: snapshot.get("sprint_id").and_then(Value::as_i64),
                status_id,
                category,
                story_points: snapshot.get("story_points").and_then(Value::as_i64),
                remaining_minutes: snapshot.get("remaining_minutes").and_then(Value::as_i64),
            })
        }
        ("deleted", _) => Change::Deleted,
        (_, Some("status")) => {
            let (status_id, category) = status_of(new?)?;
            Change::Status {
                status_id,
                category,
            }
        }
        (_, Some("sprint_id")) => Change::Sprint(new.and_then(Value::as_i64)),
        (_, Some("story_points")) => Change::StoryPoints(new.and_then(Value::as_i64)),
        (_, Some("remaining_minutes")) => Change::RemainingMinutes(new.and_then(Value::as_i64)),
        _ => return None,
    };
    Some(HistoryEvent {
        at: event.at,
        item_id: event.item_id,
        change,
    })
}

/// A project's whole history up to now, reduced to report changes.
pub async fn project_history(
    state: &AppState,
    project_id: i64,
) -> Result<Vec<HistoryEvent>, ApiError> {
    let events = state
        .store
        .project_events(project_id, 0, crate::clock::now_ms() + 1)
        .await?;
    Ok(events.iter().filter_map(to_history).collect())
}

fn parse_day(raw: Option<&str>) -> Option<Date> {
    raw.and_then(|text| text.parse().ok())
}

/// The window of a started sprint, its days on the workspace's calendar; a planned sprint has
/// no burndown yet (422).
pub fn window(sprint: &Sprint, now: i64, days: WorkspaceDays) -> Result<SprintWindow, ApiError> {
    let started_at = sprint.started_at.ok_or_else(|| {
        ApiError::invalid_field(
            "sprint",
            "the sprint has not started, so it has no history yet",
        )
    })?;
    // Starting sets `starts_on`; a sprint without one counts from the day it started.
    let first_day = parse_day(sprint.starts_on.as_deref())
        .or_else(|| days.day_of(started_at))
        .unwrap_or_default();
    let last_day = parse_day(sprint.ends_on.as_deref()).unwrap_or(first_day);
    Ok(SprintWindow {
        sprint_id: sprint.id,
        first_day,
        last_day: last_day.max(first_day),
        started_at,
        completed_at: sprint.completed_at,
        now,
        days,
    })
}

/// Burndown of a started sprint.
pub async fn burndown(state: &AppState, sprint: &Sprint) -> Result<Vec<BurnPoint>, ApiError> {
    let days = crate::clock::days(&state.store).await?;
    let window = window(sprint, crate::clock::now_ms(), days)?;
    let events = project_history(state, sprint.project_id).await?;
    Ok(delivery::burndown(&events, &window))
}

/// Burndown and burn-up of a started sprint over the project's history, already loaded (the
/// sprint page draws both and its velocity from one read).
pub fn burn_charts(
    events: &[HistoryEvent],
    sprint: &Sprint,
    days: WorkspaceDays,
) -> Result<(Vec<BurnPoint>, Vec<BurnupPoint>), ApiError> {
    let window = window(sprint, crate::clock::now_ms(), days)?;
    Ok((
        delivery::burndown(events, &window),
        delivery::burnup(events, &window),
    ))
}

/// Burn-up of a started sprint.
pub async fn burnup(state: &AppState, sprint: &Sprint) -> Result<Vec<BurnupPoint>, ApiError> {
    let days = crate::clock::days(&state.store).await?;
    let window = window(sprint, crate::clock::now_ms(), days)?;
    let events = project_history(state, sprint.project_id).await?;
    Ok(delivery::burnup(&events, &window))
}

/// Every completed sprint of a project with what it committed and spilled over, oldest first
/// (by completion, then id). Stored facts only, no history replay: what the diagnosis's
/// spillover signal reads, and what [`velocity`] replays the history against.
pub async fn completed_sprints(
    state: &AppState,
    project_id: i64,
) -> Result<Vec<(Sprint, VelocityInput)>, ApiError> {
    let sprints = state.store.list_sprints(project_id).await?;
    let commitments = state.store.project_commitments(project_id).await?;
    let spillover = state.store.project_spillover(project_id).await?;
    let mut completed: Vec<(Sprint, VelocityInput)> = sprints
        .into_iter()
        .filter_map(|sprint| {
            let completed_at = sprint.completed_at?;
            let mine = |id: i64| id == sprint.id;
            let spilled: Vec<_> = spillover.iter().filter(|s| mine(s.sprint_id)).collect();
            let input = VelocityInput {
                sprint_id: sprint.id,
                completed_at,
                committed_points: commitments
                    .iter()
                    .filter(|c| mine(c.sprint_id))
                    .filter_map(|c| c.story_points)
                    .sum(),
                spillover_points: spilled.iter().filter_map(|s| s.story_points).sum(),
                spillover_items: spilled.len() as i64,
            };
            Some((sprint, input))
        })
        .collect();
    completed.sort_by_key(|(_, input)| (input.completed_at, input.sprint_id));
    Ok(completed)
}

/// Velocity of every completed sprint of a project, oldest first, with the sprints.
pub async fn velocity(
    state: &AppState,
    project_id: i64,
) -> Result<Vec<(Sprint, SprintOutcome)>, ApiError> {
    let events = project_history(state, project_id).await?;
    velocity_over(state, project_id, &events).await
}

/// [`velocity`] replayed over `events`, the project's history already loaded (a page that
/// also draws the cumulative flow reads the history once).
pub async fn velocity_over(
    state: &AppState,
    project_id: i64,
    events: &[HistoryEvent],
) -> Result<Vec<(Sprint, SprintOutcome)>, ApiError> {
    let completed = completed_sprints(state, project_id).await?;
    let inputs: Vec<VelocityInput> = completed.iter().map(|(_, input)| input.clone()).collect();
    let outcomes = delivery::velocity(events, &inputs);
    Ok(outcomes
        .into_iter()
        .filter_map(|outcome| {
            let (sprint, _) = completed
                .iter()
                .find(|(sprint, _)| sprint.id == outcome.sprint_id)?;
            Some((sprint.clone(), outcome))
        })
        .collect())
}

/// Cumulative flow of a project between two days (inclusive) of the workspace's `days`.
pub async fn cumulative_flow(
    state: &AppState,
    project_id: i64,
    from: Date,
    to: Date,
    days: &WorkspaceDays,
) -> Result<Vec<FlowPoint>, ApiError> {
    if to < from {
        return Err(ApiError::invalid_field("to", "must not be before from"));
    }
    let events = project_history(state, project_id).await?;
    Ok(delivery::cumulative_flow(
        &events,
        from,
        to,
        crate::clock::now_ms(),
        days,
    ))
}
