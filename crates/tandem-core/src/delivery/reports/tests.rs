//! Hand-worked report series and the property that the history replays to the live state.

use super::*;
use crate::days::WorkspaceDays;
use crate::delivery::Change;
use proptest::prelude::*;

const TODO: (i64, StatusCategory) = (1, StatusCategory::Todo);
const DOING: (i64, StatusCategory) = (2, StatusCategory::InProgress);
const DONE: (i64, StatusCategory) = (3, StatusCategory::Done);

fn date(day: i8) -> Date {
    Date::constant(2026, 11, day)
}

/// Noon (UTC) of a day in November 2026.
fn noon(day: i8) -> i64 {
    WorkspaceDays::utc().start_ms(date(day)) + 12 * 3_600_000
}

fn created(at: i64, item_id: i64, sprint: Option<i64>, points: i64, minutes: i64) -> HistoryEvent {
    HistoryEvent {
        at,
        item_id,
        change: Change::Created(ItemState {
            sprint_id: sprint,
            status_id: TODO.0,
            category: TODO.1,
            story_points: Some(points),
            remaining_minutes: Some(minutes),
        }),
    }
}

fn status(at: i64, item_id: i64, (status_id, category): (i64, StatusCategory)) -> HistoryEvent {
    HistoryEvent {
        at,
        item_id,
        change: Change::Status {
            status_id,
            category,
        },
    }
}

fn sprint(at: i64, item_id: i64, sprint: Option<i64>) -> HistoryEvent {
    HistoryEvent {
        at,
        item_id,
        change: Change::Sprint(sprint),
    }
}

/// Sprint 7 runs 2–4 November; items 1 (5 pts, 8h), 2 (3 pts, 4h) committed; item 3 (2 pts)
/// added on day 3; item 1 done on day 2, item 3 done on day 3; item 2 spills over.
fn scripted() -> (Vec<HistoryEvent>, SprintWindow) {
    let started_at = noon(1);
    let events = vec![
        created(noon(1) - 1000, 1, Some(7), 5, 480),
        created(noon(1) - 900, 2, Some(7), 3, 240),
        status(noon(2), 1, DOING),
        status(noon(2) + 1, 1, DONE),
        created(noon(3), 3, Some(7), 2, 60),
        status(noon(3) + 5, 3, DONE),
        sprint(noon(4), 2, None),
    ];
    let window = SprintWindow {
        sprint_id: 7,
        first_day: date(2),
        last_day: date(4),
        started_at,
        completed_at: Some(noon(4)),
        now: noon(20),
        days: WorkspaceDays::utc(),
    };
    (events, window)
}

#[test]
fn burndown_follows_the_history_and_the_ideal_line() {
    let (events, window) = scripted();
    let series = burndown(&events, &window);
    let actual: Vec<_> = series.iter().map(|p| p.remaining_points).collect();
    // Day 2: item 1 done → 3 left; day 3: item 3 added and done → 3; day 4: measured just
    // before completion, so the spillover move does not zero it.
    assert_eq!(actual, [Some(3), Some(3), Some(3)]);
    let minutes: Vec<_> = series.iter().map(|p| p.remaining_minutes).collect();
    assert_eq!(minutes, [Some(240), Some(240), Some(240)]);
    let ideal: Vec<_> = series.iter().map(|p| p.ideal_points).collect();
    assert_eq!(ideal, [8.0, 4.0, 0.0]);
    assert_eq!(series[0].ideal_minutes, 720.0);
}

#[test]
fn days_not_begun_have_no_actual_value() {
    let (events, mut window) = scripted();
    window.completed_at = None;
    window.now = noon(3) + 10;
    let series = burndown(&events, &window);
    assert_eq!(series[1].remaining_points, Some(3));
    assert_eq!(series[2].remaining_points, None);
}

#[test]
fn burnup_shows_scope_growth_and_done_work() {
    let (events, window) = scripted();
    let series = burnup(&events, &window);
    let pairs: Vec<_> = series
        .iter()
        .map(|p| (p.scope_points, p.done_points))
        .collect();
    assert_eq!(
        pairs,
        [(Some(8), Some(5)), (Some(10), Some(7)), (Some(10), Some(7))]
    );
}

#[test]
fn velocity_counts_work_done_before_completion() {
    let (events, _) = scripted();
    let outcome = velocity(
        &events,
        &[VelocityInput {
            sprint_id: 7,
            completed_at: noon(4),
            committed_points: 8,
            spillover_points: 3,
            spillover_items: 1,
        }],
    );
    assert_eq!(outcome[0].completed_points, 7);
    assert_eq!(outcome[0].committed_points, 8);
    assert_eq!(outcome[0].spillover_items, 1);
}

#[test]
fn cumulative_flow_counts_items_per_status_and_category() {
    let (events, _) = scripted();
    let flow = cumulative_flow(&events, date(1), date(3), noon(20), &WorkspaceDays::utc());
    assert_eq!((flow[0].todo, flow[0].in_progress, flow[0].done), (2, 0, 0));
    assert_eq!((flow[1].todo, flow[1].done), (1, 1));
    assert_eq!((flow[2].todo, flow[2].done), (1, 2));
    assert_eq!(flow[2].by_status.get(&DONE.0), Some(&2));
}

#[test]
fn deleted_items_leave_the_counts() {
    let events = vec![
        created(noon(1), 1, None, 1, 0),
        HistoryEvent {
            at: noon(2),
            item_id: 1,
            change: Change::Deleted,
        },
    ];
    let flow = cumulative_flow(&events, date(1), date(2), noon(9), &WorkspaceDays::utc());
    assert_eq!(flow[0].todo, 1);
    assert_eq!(flow[1].todo, 0);
}

#[test]
fn days_are_counted_on_the_workspaces_calendar() {
    // 20:00 UTC on 1 November is already 2 November in Sydney (UTC+11).
    let events = vec![created(noon(1) + 8 * 3_600_000, 1, None, 1, 0)];
    let sydney = WorkspaceDays::new(jiff::tz::TimeZone::get("Australia/Sydney").unwrap());
    let utc_flow = cumulative_flow(&events, date(1), date(2), noon(9), &WorkspaceDays::utc());
    assert_eq!((utc_flow[0].todo, utc_flow[1].todo), (1, 1));
    let sydney_flow = cumulative_flow(&events, date(1), date(2), noon(9), &sydney);
    assert_eq!((sydney_flow[0].todo, sydney_flow[1].todo), (0, 1));
}

#[test]
fn day_ranges() {
    assert_eq!(days_between(date(3), date(5)).len(), 3);
    assert!(days_between(date(5), date(3)).is_empty());
}

/// A random change to one of a handful of items.
fn arbitrary_change() -> impl Strategy<Value = (i64, u8, i64)> {
    (0i64..6, 0u8..5, 0i64..4)
}

proptest! {
    /// Acceptance: after any sequence of changes, the counts rebuilt from the history for
    /// "today" equal the live counts kept by applying the same changes directly.
    #[test]
    fn rebuilt_counts_for_today_equal_the_live_counts(
        changes in proptest::collection::vec(arbitrary_change(), 0..80)
    ) {
        let statuses = [TODO, DOING, DONE];
        let mut live: BTreeMap<i64, ItemState> = BTreeMap::new();
        let mut events = Vec::new();
        for (step, (item_id, kind, value)) in changes.into_iter().enumerate() {
            let at = noon(1) + step as i64 * 1000;
            let change = match (live.contains_key(&item_id), kind) {
                (false, _) => Change::Created(ItemState {
                    sprint_id: (value > 1).then_some(value),
                    status_id: TODO.0,
                    category: TODO.1,
                    story_points: Some(value),
                    remaining_minutes: Some(value * 60),
                }),
                (true, 0) => Change::Deleted,
                (true, 1) => {
                    let (status_id, category) = statuses[value as usize % 3];
                    Change::Status { status_id, category }
                }
                (true, 2) => Change::Sprint((value > 1).then_some(value)),
                (true, 3) => Change::StoryPoints(Some(value)),
                (true, _) => Change::RemainingMinutes(Some(value * 30)),
            };
            match &change {
                Change::Created(state) => { live.insert(item_id, state.clone()); }
                Change::Deleted => { live.remove(&item_id); }
                Change::Status { status_id, category } => {
                    let item = live.get_mut(&item_id).expect("live item");
                    item.status_id = *status_id;
                    item.category = *category;
                }
                Change::Sprint(sprint) => live.get_mut(&item_id).expect("live item").sprint_id = *sprint,
                Change::StoryPoints(points) => live.get_mut(&item_id).expect("live item").story_points = *points,
                Change::RemainingMinutes(minutes) => live.get_mut(&item_id).expect("live item").remaining_minutes = *minutes,
            }
            events.push(HistoryEvent { at, item_id, change });
        }
        let now = noon(1) + 1_000_000;
        prop_assert_eq!(&Replay::new(&events).to_end(), &live);
        let today = cumulative_flow(&events, date(1), date(1), now, &WorkspaceDays::utc());
        let count = |category| live.values().filter(|item| item.category == category).count() as i64;
        prop_assert_eq!(today[0].todo, count(StatusCategory::Todo));
        prop_assert_eq!(today[0].in_progress, count(StatusCategory::InProgress));
        prop_assert_eq!(today[0].done, count(StatusCategory::Done));
        let window = SprintWindow { sprint_id: 2, first_day: date(1), last_day: date(1), started_at: noon(1), completed_at: None, now, days: WorkspaceDays::utc() };
        let left: i64 = live.values()
            .filter(|item| item.sprint_id == Some(2) && item.category != StatusCategory::Done)
            .map(|item| item.story_points.unwrap_or(0)).sum();
        prop_assert_eq!(burndown(&events, &window)[0].remaining_points, Some(left));
    }
}
