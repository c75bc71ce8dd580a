//! When work on each item really began and ended, read from its stored history (ADR 0029),
//! and the split of work in progress at a status date, as MS Project splits a task.
//!
//! - **Actual start**: the first time the item entered a status whose category is in
//!   progress, or done when it skipped in progress; an item created in such a status started
//!   when it was created. Only items in progress or done have one: an item sent back to a
//!   to-do status is not started any more.
//! - **Actual finish**: for a done item, the last time it entered a done status from one
//!   that is not (moving between two done statuses does not finish it again), like the
//!   item's `completed_at`.
//! - **Split**: with the remaining work rescheduled from a status date D, a leaf in progress
//!   whose actual start is before D is split: the part already worked runs from its actual
//!   start to the start of D, its remaining work is the schedule's start..finish.
//!
//! The history is read in one query of small rows for the whole project
//! ([`tandem_store::Store::status_entries`]), so a 5,000-item Gantt stays within its budget.
//! Times are local to the workspace's time zone (ADR 0039), like the status date's `today`
//! and the calendar's working hours.

use std::collections::HashMap;

use jiff::civil::Date;
use tandem_core::days::WorkspaceDays;
use tandem_core::work::StatusCategory;
use tandem_store::{StatusEntry, Store};

use super::network::{self, PlanData};
use super::schedule::{ActualSegment, ScheduleView, stamp};
use crate::error::ApiError;

/// An item's actual dates, unix ms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actual {
    /// When work began (see the module's rule).
    pub start: Option<i64>,
    /// When a done item was finished.
    pub finish: Option<i64>,
}

/// The actual dates of a project's items, by item id (items never started are absent).
#[derive(Debug, Clone, Default)]
pub struct Actuals(HashMap<i64, Actual>);

impl Actuals {
    /// Reads the project's history of `data` in one query and replays it.
    pub async fn load(store: &Store, data: &PlanData) -> Result<Self, ApiError> {
        let entries = store.status_entries(data.project.id).await?;
        let current = data
            .items
            .iter()
            .map(|item| (item.id, item.status.category))
            .collect();
        Ok(Self::replay(&entries, &current))
    }

    /// The actual dates of the items whose current status category `current` gives, from
    /// `entries`, their status entries oldest first (other items' entries are skipped).
    pub fn replay(entries: &[StatusEntry], current: &HashMap<i64, StatusCategory>) -> Self {
        let mut replayed: HashMap<i64, (StatusCategory, Actual)> = HashMap::new();
        for entry in entries {
            if !current.contains_key(&entry.item_id) {
                continue;
            }
            let (previous, actual) = replayed
                .entry(entry.item_id)
                .or_insert((StatusCategory::Todo, Actual::default()));
            if entry.category != StatusCategory::Todo && actual.start.is_none() {
                actual.start = Some(entry.at);
            }
            if entry.category == StatusCategory::Done && *previous != StatusCategory::Done {
                actual.finish = Some(entry.at);
            }
            *previous = entry.category;
        }
        Self(
            replayed
                .into_iter()
                .filter_map(|(id, (_, actual))| {
                    let now = current.get(&id).copied()?;
                    let kept = Actual {
                        start: actual.start.filter(|_| now != StatusCategory::Todo),
                        finish: actual.finish.filter(|_| now == StatusCategory::Done),
                    };
                    (kept != Actual::default()).then_some((id, kept))
                })
                .collect(),
        )
    }

    /// The actual dates of item `id` (none when it never started).
    pub fn of(&self, id: i64) -> Actual {
        self.0.get(&id).copied().unwrap_or_default()
    }

    /// Whether any item has begun: what makes a project without a start date running.
    pub fn any_started(&self) -> bool {
        self.0.values().any(|actual| actual.start.is_some())
    }

    /// Writes the actual dates into `view`, the schedule of `data` (rows in the order of
    /// `data.items`), and when its remaining work is rescheduled from a status date, splits
    /// the leaves in progress that began before it.
    pub fn apply(&self, view: &mut ScheduleView, data: &PlanData) {
        let status_date = view.status_date.as_deref().and_then(network::parse_date);
        for (item, row) in data.items.iter().zip(&mut view.items) {
            let actual = self.of(item.id);
            let local = |at| stamp(data.days.local(at));
            row.actual_start = actual.start.map(local);
            row.actual_finish = actual.finish.map(local);
            let splittable = item.status.category == StatusCategory::InProgress
                && !row.summary
                && !row.milestone;
            row.actual_segment = status_date
                .filter(|_| splittable)
                .and_then(|date| segment(actual.start?, date, &data.days));
            row.split = row.actual_segment.is_some();
        }
    }
}

/// The part worked before `status_date` of an item that began at `started` (unix ms), when
/// it began before that date on the workspace's `days`.
fn segment(started: i64, status_date: Date, days: &WorkspaceDays) -> Option<ActualSegment> {
    let cut = status_date.at(0, 0, 0, 0);
    let began = days.local(started);
    (began < cut).then(|| ActualSegment {
        start: stamp(began),
        finish: stamp(cut),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusCategory::{Done, InProgress, Todo};

    const DAY: i64 = 86_400_000;

    fn entries(list: &[(i64, i64, StatusCategory)]) -> Vec<StatusEntry> {
        list.iter()
            .map(|&(item_id, day, category)| StatusEntry {
                item_id,
                at: day * DAY,
                category,
            })
            .collect()
    }

    fn days(actual: Actual) -> (Option<i64>, Option<i64>) {
        (
            actual.start.map(|at| at / DAY),
            actual.finish.map(|at| at / DAY),
        )
    }

    #[test]
    fn work_begins_when_first_started_and_ends_when_last_finished() {
        let history = entries(&[
            (1, 1, Todo),
            (1, 3, InProgress),
            (1, 4, Todo),
            (1, 6, InProgress),
            (1, 8, Done),
            (1, 9, Done),
            (1, 10, InProgress),
            (1, 12, Done),
            (2, 2, Todo),
            (2, 5, Done),
            (3, 2, InProgress),
            (4, 1, Todo),
            (4, 2, InProgress),
            (4, 3, Todo),
            (5, 1, Todo),
            (99, 1, InProgress),
        ]);
        let current = HashMap::from([(1, Done), (2, Done), (3, InProgress), (4, Todo), (5, Todo)]);
        let actuals = Actuals::replay(&history, &current);
        // Started on day 3 (not the restart on 6); finished when it last became done, 12
        // (moving between done statuses on 9 finishes nothing).
        assert_eq!(days(actuals.of(1)), (Some(3), Some(12)));
        // Done without being in progress: started and finished at once.
        assert_eq!(days(actuals.of(2)), (Some(5), Some(5)));
        // Created in progress: started at its creation, not finished.
        assert_eq!(days(actuals.of(3)), (Some(2), None));
        // Sent back to do, or never started: no actual dates.
        assert_eq!(days(actuals.of(4)), (None, None));
        assert_eq!(days(actuals.of(5)), (None, None));
        // Items outside the plan are skipped.
        assert_eq!(actuals.0.len(), 3);
    }

    #[test]
    fn only_work_begun_before_the_status_date_is_split() {
        let utc = WorkspaceDays::utc();
        let day = jiff::civil::date(2026, 11, 25);
        let before = utc.instant_ms(jiff::civil::date(2026, 11, 20).at(14, 30, 0, 0));
        assert_eq!(
            segment(before, day, &utc),
            Some(ActualSegment {
                start: "2026-11-20T14:30:00".to_owned(),
                finish: "2026-11-25T00:00:00".to_owned(),
            })
        );
        let midnight = before + 4 * DAY + 9 * 3_600_000 + 30 * 60_000;
        assert_eq!(stamp(utc.local(midnight)), "2026-11-25T00:00:00");
        assert_eq!(
            segment(midnight, day, &utc),
            None,
            "begun on the status date"
        );
    }

    #[test]
    fn work_begins_on_the_workspaces_clock() {
        // 23:30 UTC on 24 November is 10:30 on the 25th in Sydney: begun on the status date.
        let sydney = WorkspaceDays::new(jiff::tz::TimeZone::get("Australia/Sydney").unwrap());
        let utc = WorkspaceDays::utc();
        let started = utc.instant_ms(jiff::civil::date(2026, 11, 24).at(23, 30, 0, 0));
        let day = jiff::civil::date(2026, 11, 25);
        assert!(segment(started, day, &utc).is_some());
        assert_eq!(segment(started, day, &sydney), None);
        assert_eq!(stamp(sydney.local(started)), "2026-11-25T10:30:00");
    }
}
