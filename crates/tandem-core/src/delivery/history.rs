//! Replaying the item history: the state of every item at any moment.

use crate::work::StatusCategory;
use std::collections::BTreeMap;

/// What the reports need to know about one item at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    /// The sprint it is planned in.
    pub sprint_id: Option<i64>,
    /// Its workflow status.
    pub status_id: i64,
    /// The status' category.
    pub category: StatusCategory,
    /// Story points.
    pub story_points: Option<i64>,
    /// Work left, minutes.
    pub remaining_minutes: Option<i64>,
}

/// One recorded change, reduced to what reports use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The item came into being in this state.
    Created(ItemState),
    /// The item was deleted.
    Deleted,
    /// It moved to another status.
    Status {
        /// New status.
        status_id: i64,
        /// Its category.
        category: StatusCategory,
    },
    /// It moved to another sprint (`None` = the backlog).
    Sprint(Option<i64>),
    /// Its points changed.
    StoryPoints(Option<i64>),
    /// Its remaining work changed.
    RemainingMinutes(Option<i64>),
}

/// A change of one item at one moment (unix ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    /// When.
    pub at: i64,
    /// Which item.
    pub item_id: i64,
    /// What changed.
    pub change: Change,
}

/// Walks the history forward in time, holding the state of every live item.
///
/// Events must be in the order they happened (time, then id), which is how the store returns
/// them. Changes to an item never seen as created are ignored (its history predates the
/// window the caller loaded).
#[derive(Debug, Clone)]
pub struct Replay<'a> {
    events: &'a [HistoryEvent],
    next: usize,
    items: BTreeMap<i64, ItemState>,
}

impl<'a> Replay<'a> {
    /// A replay positioned before the first event.
    pub fn new(events: &'a [HistoryEvent]) -> Self {
        Replay {
            events,
            next: 0,
            items: BTreeMap::new(),
        }
    }

    /// Applies every event that happened before `moment` (exclusive) and returns the items
    /// as they were then. Moments must not go backwards between calls.
    pub fn until(&mut self, moment: i64) -> &BTreeMap<i64, ItemState> {
        while let Some(event) = self.events.get(self.next) {
            if event.at >= moment {
                break;
            }
            apply(&mut self.items, event);
            self.next += 1;
        }
        &self.items
    }

    /// The state after every event.
    pub fn to_end(mut self) -> BTreeMap<i64, ItemState> {
        self.until(i64::MAX);
        self.items
    }
}

/// Applies one event to the item states.
fn apply(items: &mut BTreeMap<i64, ItemState>, event: &HistoryEvent) {
    if let Change::Created(state) = &event.change {
        items.insert(event.item_id, state.clone());
        return;
    }
    if event.change == Change::Deleted {
        items.remove(&event.item_id);
        return;
    }
    let Some(item) = items.get_mut(&event.item_id) else {
        return;
    };
    match &event.change {
        Change::Status {
            status_id,
            category,
        } => {
            item.status_id = *status_id;
            item.category = *category;
        }
        Change::Sprint(sprint) => item.sprint_id = *sprint,
        Change::StoryPoints(points) => item.story_points = *points,
        Change::RemainingMinutes(minutes) => item.remaining_minutes = *minutes,
        Change::Created(_) | Change::Deleted => {}
    }
}
