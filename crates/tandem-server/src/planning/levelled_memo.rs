//! Plans levelled over their people, remembered, so the health page, the portfolio, the
//! status report, the forecast, the workload and the levelled Gantt do not level the same
//! 5,000 items again on every look (ADR 0034 made them all level assigned work): each reads
//! the one levelled schedule of a plan — the forecast for its work order, the workload for
//! where undated work starts, the Gantt and `GET …/schedule?level=true` for its bars.
//!
//! Like [`super::forecast_memo`], a levelling is reused only when everything it is computed
//! from is *equal* to a remembered one — the items, dependencies, calendars, the people's
//! profiles, the project start, today and the status date — compared in full, so it is
//! never stale and nothing needs invalidating. Each entry copies its plan and keeps its schedule (a few
//! megabytes for 5,000 items), so only the last [`MEMO_ENTRIES`] are kept.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use tandem_engine::calendar::{Calendar, CalendarUid};
use tandem_store::{Dependency, Item, MemberProfile};

use super::levelling::{self, LevellingFailure};
use super::network::PlanData;
use super::recent::Recent;
use super::schedule::ScheduleView;
use super::work_order::WorkOrder;

/// Levellings remembered: the delivery pages of a few busy projects.
pub const MEMO_ENTRIES: usize = 4;

/// A plan levelled over its people, its open work from a status date.
#[derive(Debug)]
pub struct Levelled {
    /// The levelled schedule (rows in [`PlanData::items`] order).
    pub schedule: ScheduleView,
    /// Each person's open items in the order the schedule starts them.
    pub order: WorkOrder,
}

/// The most recent levellings, most recent first.
pub struct LevelledMemo {
    entries: Recent<Entry>,
}

impl Default for LevelledMemo {
    fn default() -> Self {
        Self {
            entries: Recent::new(MEMO_ENTRIES),
        }
    }
}

/// What a levelling is computed from, owned.
#[derive(PartialEq)]
struct Inputs {
    project_id: i64,
    start_date: Option<String>,
    items: Vec<Item>,
    dependencies: Vec<Dependency>,
    calendars: Vec<Calendar>,
    person_calendars: HashMap<i64, CalendarUid>,
    profiles: Vec<MemberProfile>,
    today: Date,
    remaining_from: Option<Date>,
}

struct Entry {
    inputs: Inputs,
    levelled: Arc<Levelled>,
}

/// The same inputs, borrowed from a request.
struct Request<'a> {
    data: &'a PlanData,
    profiles: &'a [MemberProfile],
    today: Date,
    remaining_from: Option<Date>,
}

impl Inputs {
    fn is(&self, asked: &Request) -> bool {
        self.project_id == asked.data.project.id
            && self.start_date == asked.data.project.start_date
            && self.today == asked.today
            && self.remaining_from == asked.remaining_from
            && self.profiles == asked.profiles
            && self.dependencies == asked.data.dependencies
            && self.calendars == asked.data.calendars
            && self.person_calendars == asked.data.person_calendars
            && self.items == asked.data.items
    }

    fn of(asked: &Request) -> Self {
        Self {
            project_id: asked.data.project.id,
            start_date: asked.data.project.start_date.clone(),
            items: asked.data.items.clone(),
            dependencies: asked.data.dependencies.clone(),
            calendars: asked.data.calendars.clone(),
            person_calendars: asked.data.person_calendars.clone(),
            profiles: asked.profiles.to_vec(),
            today: asked.today,
            remaining_from: asked.remaining_from,
        }
    }
}

impl LevelledMemo {
    /// `data` levelled over `profiles`, its open work from `status_date` (the network too
    /// starts there at the earliest): what the forecast, the workload and the diagnosis read.
    pub fn levelled(
        &self,
        data: &PlanData,
        profiles: &[MemberProfile],
        status_date: Date,
    ) -> Result<Arc<Levelled>, LevellingFailure> {
        self.levelled_from(data, profiles, status_date, Some(status_date))
    }

    /// `data` levelled over `profiles` as [`levelling::levelled_schedule`] levels it (from
    /// the project start or `today`, the open work held to `remaining_from` when given):
    /// remembered when equal inputs were levelled before, levelled and remembered otherwise
    /// (failures are not remembered). The levelled Gantt and schedule API read it this way.
    pub fn levelled_from(
        &self,
        data: &PlanData,
        profiles: &[MemberProfile],
        today: Date,
        remaining_from: Option<Date>,
    ) -> Result<Arc<Levelled>, LevellingFailure> {
        let asked = Request {
            data,
            profiles,
            today,
            remaining_from,
        };
        if let Some(levelled) = self.entries.recall(
            |entry| entry.inputs.is(&asked),
            |entry| Arc::clone(&entry.levelled),
        ) {
            return Ok(levelled);
        }
        let schedule = levelling::levelled_schedule(data, profiles, today, remaining_from)?;
        let order = WorkOrder::of_schedule(data, profiles, &schedule);
        let levelled = Arc::new(Levelled { schedule, order });
        self.entries.remember(Entry {
            inputs: Inputs::of(&asked),
            levelled: Arc::clone(&levelled),
        });
        Ok(levelled)
    }

    /// How many levellings are remembered.
    pub fn remembered(&self) -> usize {
        self.entries.count()
    }
}

impl std::fmt::Debug for LevelledMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LevelledMemo")
            .field("entries", &self.remembered())
            .finish()
    }
}
