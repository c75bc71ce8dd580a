//! The report series, each computed by replaying the history once.

use super::history::{HistoryEvent, ItemState, Replay};
use crate::days::WorkspaceDays;
use crate::work::StatusCategory;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Every day from `first` to `last` inclusive (empty when `last` is before `first`), capped
/// at ten years so a typo cannot make a report run away.
pub fn days_between(first: Date, last: Date) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = first;
    while day <= last && days.len() < 3_660 {
        days.push(day);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

/// Which sprint a burndown or burn-up is about, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SprintWindow {
    /// The sprint.
    pub sprint_id: i64,
    /// Its first day.
    pub first_day: Date,
    /// Its last day.
    pub last_day: Date,
    /// When it started (unix ms): the committed scope is measured then.
    pub started_at: i64,
    /// When it was completed: later changes (the unfinished items leaving) do not count.
    pub completed_at: Option<i64>,
    /// Now: days that have not begun have no actual value.
    pub now: i64,
    /// Where its days begin and end: the workspace's time zone.
    pub days: WorkspaceDays,
}

impl SprintWindow {
    /// The moment a day's actual value is measured at, or `None` for a day not begun yet.
    fn cutoff(&self, day: Date) -> Option<i64> {
        if self.days.start_ms(day) > self.now {
            return None;
        }
        let end = self.days.end_ms(day);
        Some(
            end.min(self.now + 1)
                .min(self.completed_at.unwrap_or(i64::MAX)),
        )
    }
}

/// One day of a burndown: the ideal line and what was actually left (points and minutes).
#[derive(Debug, Clone, PartialEq)]
pub struct BurnPoint {
    /// The day.
    pub date: Date,
    /// Ideal points left at the end of the day.
    pub ideal_points: f64,
    /// Ideal minutes left at the end of the day.
    pub ideal_minutes: f64,
    /// Points of unfinished items in the sprint (None for future days).
    pub remaining_points: Option<i64>,
    /// Remaining minutes of unfinished items in the sprint (None for future days).
    pub remaining_minutes: Option<i64>,
}

/// Sums (points, minutes) over the sprint's items for which `keep` holds.
fn sum_in_sprint(
    items: &BTreeMap<i64, ItemState>,
    sprint_id: i64,
    keep: impl Fn(&ItemState) -> bool,
) -> (i64, i64) {
    items
        .values()
        .filter(|item| item.sprint_id == Some(sprint_id) && keep(item))
        .fold((0, 0), |(points, minutes), item| {
            (
                points + item.story_points.unwrap_or(0),
                minutes + item.remaining_minutes.unwrap_or(0),
            )
        })
}

fn unfinished(item: &ItemState) -> bool {
    item.category != StatusCategory::Done
}

/// The burndown of a sprint: per day, the points and minutes left in unfinished items,
/// against a straight ideal line from the scope committed at the start to zero on the last
/// day.
pub fn burndown(events: &[HistoryEvent], window: &SprintWindow) -> Vec<BurnPoint> {
    let days = days_between(window.first_day, window.last_day);
    let (committed_points, committed_minutes) = {
        let mut replay = Replay::new(events);
        sum_in_sprint(
            replay.until(window.started_at + 1),
            window.sprint_id,
            unfinished,
        )
    };
    let steps = days.len().saturating_sub(1).max(1) as f64;
    let mut replay = Replay::new(events);
    days.iter()
        .enumerate()
        .map(|(index, day)| {
            let left = (steps - index as f64).max(0.0) / steps;
            let actual = window
                .cutoff(*day)
                .map(|moment| sum_in_sprint(replay.until(moment), window.sprint_id, unfinished));
            BurnPoint {
                date: *day,
                ideal_points: committed_points as f64 * left,
                ideal_minutes: committed_minutes as f64 * left,
                remaining_points: actual.map(|(points, _)| points),
                remaining_minutes: actual.map(|(_, minutes)| minutes),
            }
        })
        .collect()
}

/// One day of a burn-up: total scope and what is done, in points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurnupPoint {
    /// The day.
    pub date: Date,
    /// Points of every item in the sprint (None for future days).
    pub scope_points: Option<i64>,
    /// Points of done items in the sprint (None for future days).
    pub done_points: Option<i64>,
}

/// The burn-up of a sprint: per day, total scope and completed points, so scope creep shows
/// as a rising top line instead of hiding inside the burndown.
pub fn burnup(events: &[HistoryEvent], window: &SprintWindow) -> Vec<BurnupPoint> {
    let mut replay = Replay::new(events);
    days_between(window.first_day, window.last_day)
        .into_iter()
        .map(|day| {
            let measured = window.cutoff(day).map(|moment| {
                let items = replay.until(moment);
                let (scope, _) = sum_in_sprint(items, window.sprint_id, |_| true);
                let (done, _) = sum_in_sprint(items, window.sprint_id, |item| !unfinished(item));
                (scope, done)
            });
            BurnupPoint {
                date: day,
                scope_points: measured.map(|(scope, _)| scope),
                done_points: measured.map(|(_, done)| done),
            }
        })
        .collect()
}

/// One day of the cumulative flow: how many items were in each status and category at its
/// end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowPoint {
    /// The day.
    pub date: Date,
    /// Items per status id.
    pub by_status: BTreeMap<i64, i64>,
    /// Items in a to-do status.
    pub todo: i64,
    /// Items in an in-progress status.
    pub in_progress: i64,
    /// Items in a done status.
    pub done: i64,
}

/// The cumulative flow of a project from `first` to `last`: the item counts per status at the
/// end of each of `days` (today's point counts everything up to `now`).
pub fn cumulative_flow(
    events: &[HistoryEvent],
    first: Date,
    last: Date,
    now: i64,
    days: &WorkspaceDays,
) -> Vec<FlowPoint> {
    let mut replay = Replay::new(events);
    days_between(first, last)
        .into_iter()
        .map(|day| {
            let items = replay.until(days.end_ms(day).min(now + 1));
            let mut point = FlowPoint {
                date: day,
                by_status: BTreeMap::new(),
                todo: 0,
                in_progress: 0,
                done: 0,
            };
            for item in items.values() {
                *point.by_status.entry(item.status_id).or_default() += 1;
                match item.category {
                    StatusCategory::Todo => point.todo += 1,
                    StatusCategory::InProgress => point.in_progress += 1,
                    StatusCategory::Done => point.done += 1,
                }
            }
            point
        })
        .collect()
}

/// What velocity needs about one completed sprint besides the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VelocityInput {
    /// The sprint.
    pub sprint_id: i64,
    /// When it was completed.
    pub completed_at: i64,
    /// Points committed at the start (sum of the commitment).
    pub committed_points: i64,
    /// Points of the items that spilled over.
    pub spillover_points: i64,
    /// How many items spilled over.
    pub spillover_items: i64,
}

/// Committed against completed points of one completed sprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SprintOutcome {
    /// The sprint.
    pub sprint_id: i64,
    /// Points committed at the start.
    pub committed_points: i64,
    /// Points of the items done in the sprint when it was completed (including work added
    /// after the start).
    pub completed_points: i64,
    /// Points that moved on unfinished.
    pub spillover_points: i64,
    /// Items that moved on unfinished.
    pub spillover_items: i64,
}

/// Velocity per completed sprint, oldest first: completed points are rebuilt from the
/// history just before each completion.
pub fn velocity(events: &[HistoryEvent], sprints: &[VelocityInput]) -> Vec<SprintOutcome> {
    let mut ordered: Vec<&VelocityInput> = sprints.iter().collect();
    ordered.sort_by_key(|sprint| (sprint.completed_at, sprint.sprint_id));
    let mut replay = Replay::new(events);
    ordered
        .into_iter()
        .map(|sprint| {
            let items = replay.until(sprint.completed_at);
            let (completed_points, _) =
                sum_in_sprint(items, sprint.sprint_id, |item| !unfinished(item));
            SprintOutcome {
                sprint_id: sprint.sprint_id,
                committed_points: sprint.committed_points,
                completed_points,
                spillover_points: sprint.spillover_points,
                spillover_items: sprint.spillover_items,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
