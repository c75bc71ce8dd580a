//! Levelled work orders remembered per plan, so the health page, the portfolio and the
//! status report do not level the same 5,000 items again on every look (ADR 0034 made
//! them all level assigned work).
//!
//! Like [`super::forecast_memo`], an order is reused only when everything it is computed
//! from is *equal* to a remembered one — the items, dependencies, calendars, the people's
//! profiles, the project start, the status date and today — compared in full, so an order
//! is never stale and nothing needs invalidating. Each entry copies its plan (a few
//! megabytes for 5,000 items), so only the last [`MEMO_ENTRIES`] are kept.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use tandem_engine::calendar::{Calendar, CalendarUid};
use tandem_store::{Dependency, Item, MemberProfile};

use super::levelling::LevellingFailure;
use super::network::PlanData;
use super::recent::Recent;
use super::work_order::WorkOrder;

/// Orders remembered: the delivery pages of a few busy projects.
pub const MEMO_ENTRIES: usize = 4;

/// The most recent levelled orders, most recent first.
pub struct WorkOrderMemo {
    entries: Recent<Entry>,
}

impl Default for WorkOrderMemo {
    fn default() -> Self {
        Self {
            entries: Recent::new(MEMO_ENTRIES),
        }
    }
}

/// What a levelled order is computed from, owned.
#[derive(PartialEq)]
struct Inputs {
    project_id: i64,
    start_date: Option<String>,
    items: Vec<Item>,
    dependencies: Vec<Dependency>,
    calendars: Vec<Calendar>,
    person_calendars: HashMap<i64, CalendarUid>,
    profiles: Vec<MemberProfile>,
    status_date: Date,
    today: Date,
}

struct Entry {
    inputs: Inputs,
    order: Arc<WorkOrder>,
}

/// The same inputs, borrowed from a request.
struct Request<'a> {
    data: &'a PlanData,
    profiles: &'a [MemberProfile],
    status_date: Date,
    today: Date,
}

impl Inputs {
    fn is(&self, asked: &Request) -> bool {
        self.project_id == asked.data.project.id
            && self.start_date == asked.data.project.start_date
            && self.status_date == asked.status_date
            && self.today == asked.today
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
            status_date: asked.status_date,
            today: asked.today,
        }
    }
}

impl WorkOrderMemo {
    /// The order of `data` levelled over `profiles` from `status_date`, as
    /// [`WorkOrder::levelled`] gives it: remembered when equal inputs were levelled before,
    /// levelled and remembered otherwise (failures are not remembered).
    pub fn levelled(
        &self,
        data: &PlanData,
        profiles: &[MemberProfile],
        status_date: Date,
        today: Date,
    ) -> Result<Arc<WorkOrder>, LevellingFailure> {
        let asked = Request {
            data,
            profiles,
            status_date,
            today,
        };
        if let Some(order) = self.entries.recall(
            |entry| entry.inputs.is(&asked),
            |entry| Arc::clone(&entry.order),
        ) {
            return Ok(order);
        }
        let order = Arc::new(WorkOrder::levelled(data, profiles, status_date)?);
        self.entries.remember(Entry {
            inputs: Inputs::of(&asked),
            order: Arc::clone(&order),
        });
        Ok(order)
    }

    /// How many orders are remembered.
    pub fn remembered(&self) -> usize {
        self.entries.count()
    }
}

impl std::fmt::Debug for WorkOrderMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkOrderMemo")
            .field("entries", &self.remembered())
            .finish()
    }
}
