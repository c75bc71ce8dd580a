//! Stored items and dependencies → the engine's scheduling network.
//!
//! Duration rule (the same for the schedule and the forecast), first that applies:
//! 1. a done item needs no more time (0 minutes);
//! 2. `remaining_minutes`;
//! 3. `estimate_minutes`;
//! 4. the three-point `most_likely_minutes`;
//! 5. `story_points` × [`MINUTES_PER_POINT`];
//! 6. otherwise [`DEFAULT_MINUTES`] (one working day), and the item is reported unestimated.
//!
//! Milestones take no time whatever their estimate. Items with children are summaries:
//! the engine rolls their dates up from the children. A milestone's `due_date` becomes a
//! finish-no-later-than constraint at the end of that day; a leaf's `start_date` a
//! start-no-earlier-than constraint at the start of that day. Dependency lags are working
//! days of [`MINUTES_PER_DAY`].
//!
//! Rescheduling the remaining work (MS Project's "reschedule uncompleted work to start
//! after" the status date, ADR 0026): with a status date D, every item that is not done and
//! is a leaf or a milestone starts no earlier than the first working instant of D on the
//! project calendar. A leaf's own start date still applies (the later of the two wins); a
//! milestone's due date becomes a deadline instead of a finish-no-later-than constraint (a
//! constraint in the past would pin it into the past), so a missed date shows as negative
//! float and a violation. The duration rule is unchanged: an item in progress runs its
//! remaining work from D, a done item keeps its place with no duration. Summaries roll up
//! and dependencies apply as before; the levelled schedule levels this network. A project
//! without a start date runs from D's first working instant (without a status date it runs
//! from today), so a status date in the past moves its open work too (ADR 0029). The part
//! of an item in progress already worked before D is not in the network: the schedule
//! reports it from the item's history (`planning::actuals`).
//!
//! Calendars: every task works on the project calendar (work week, hours, holidays) unless
//! its assignee has time off, in which case it works on that person's calendar (the
//! project's minus their absences), so an absence moves the assignee's work.

use std::collections::HashMap;
use tandem_core::days::WorkspaceDays;

use jiff::civil::{Date, DateTime};
use tandem_core::work::{DependencyKind, ItemType, StatusCategory};
use tandem_engine::calendar::{Calendar, CalendarUid, Duration, WorkCalendar};
use tandem_engine::cpm::{self, Constraint, Lag, RelationType, TaskUid};
use tandem_store::{Dependency, Item, Project, Store};

use crate::error::ApiError;
use crate::people::calendar::{EngineCalendars, PROJECT_CALENDAR};

/// Working minutes in a day of the default calendar (08–12, 13–17): the product's day.
pub const MINUTES_PER_DAY: i64 = tandem_core::work::MINUTES_PER_DAY;
/// Hours a story point stands for when an item has nothing but points (4 h).
pub const MINUTES_PER_POINT: i64 = 240;
/// Duration assumed for an item with no estimate of any kind (one working day).
pub const DEFAULT_MINUTES: i64 = MINUTES_PER_DAY;
/// The project calendar's uid in the engine network (people's calendars follow it).
pub const CALENDAR: CalendarUid = PROJECT_CALENDAR;

/// Where an item's planned duration came from (see the module's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DurationSource {
    /// A finished item.
    Done,
    /// A milestone.
    Milestone,
    /// Remaining work.
    Remaining,
    /// The estimate.
    Estimate,
    /// The three-point most likely value.
    MostLikely,
    /// Story points × hours per point.
    StoryPoints,
    /// No estimate: the default of one day.
    Default,
    /// A summary: rolled up from its children.
    Summary,
}

/// A project's plannable data, loaded in three queries (items without their labels).
#[derive(Debug, Clone)]
pub struct PlanData {
    /// The project.
    pub project: Project,
    /// Every item, parents before children (outline order), siblings by board rank.
    pub items: Vec<Item>,
    /// Every dependency between them.
    pub dependencies: Vec<Dependency>,
    /// Ids of items that have children.
    pub summaries: std::collections::HashSet<i64>,
    /// The engine calendars: the project's (uid [`CALENDAR`]) then one per person with
    /// time off.
    pub calendars: Vec<Calendar>,
    /// Per user id with time off: the uid of their calendar in [`Self::calendars`].
    pub person_calendars: HashMap<i64, CalendarUid>,
    /// The project calendar compiled for date arithmetic.
    pub calendar: WorkCalendar,
    /// The workspace's days: the zone the calendar's working hours and the actual times of
    /// the items' history are read in (ADR 0039).
    pub days: WorkspaceDays,
}

impl PlanData {
    /// Loads the project's items, dependencies, calendar and its people's time off.
    pub async fn load(store: &Store, project: Project) -> Result<Self, ApiError> {
        let items = store.items_for_planning(project.id).await?;
        let dependencies = store.project_dependencies(project.id).await?;
        let engine_calendars = EngineCalendars::load(store, project.id).await?;
        let days = crate::clock::days(store).await?;
        let calendar = engine_calendars.compile_project(network_anchor(&project, &days))?;
        let (calendars, person_calendars) = engine_list(engine_calendars);
        let summaries = items
            .iter()
            .filter_map(|item| item.parent.as_ref().map(|parent| parent.id))
            .collect();
        Ok(Self {
            items: outline_order(items),
            project,
            dependencies,
            summaries,
            calendars,
            person_calendars,
            calendar,
            days,
        })
    }

    /// The calendar an item's work follows: its assignee's when they have time off.
    pub fn item_calendar(&self, item: &Item) -> Option<CalendarUid> {
        let assignee = item.assignee.as_ref()?;
        self.person_calendars.get(&assignee.id).copied()
    }

    /// A person's engine calendar (the project's minus their time off), when they have time
    /// off; without any they work on the project calendar.
    pub fn person_calendar(&self, user_id: i64) -> Option<&Calendar> {
        let uid = self.person_calendars.get(&user_id)?;
        self.calendars.iter().find(|calendar| calendar.uid == *uid)
    }

    /// Whether the item has children.
    pub fn is_summary(&self, item: &Item) -> bool {
        self.summaries.contains(&item.id)
    }

    /// The planned duration of a leaf item and where it came from.
    pub fn duration(&self, item: &Item) -> (i64, DurationSource) {
        if self.is_summary(item) {
            (0, DurationSource::Summary)
        } else {
            leaf_duration(item)
        }
    }

    /// The date the schedule starts from: the project's start date, else `today`.
    pub fn start_date(&self, today: Date) -> Date {
        self.project
            .start_date
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(today)
    }
}

/// The duration rule for an item without children.
pub fn leaf_duration(item: &Item) -> (i64, DurationSource) {
    if item.item_type == ItemType::Milestone {
        return (0, DurationSource::Milestone);
    }
    if item.status.category == StatusCategory::Done {
        return (0, DurationSource::Done);
    }
    if let Some(minutes) = item.remaining_minutes {
        (minutes, DurationSource::Remaining)
    } else if let Some(minutes) = item.estimate_minutes {
        (minutes, DurationSource::Estimate)
    } else if let Some(minutes) = item.most_likely_minutes {
        (minutes, DurationSource::MostLikely)
    } else if let Some(points) = item.story_points {
        (points * MINUTES_PER_POINT, DurationSource::StoryPoints)
    } else {
        (DEFAULT_MINUTES, DurationSource::Default)
    }
}

/// Orders items depth first from the roots, keeping the store's order among siblings, so
/// every parent comes before its children (what the engine requires).
fn outline_order(items: Vec<Item>) -> Vec<Item> {
    let ids: std::collections::HashSet<i64> = items.iter().map(|item| item.id).collect();
    let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        // A parent outside the list cannot happen (same project), but stay total.
        let parent = item
            .parent
            .as_ref()
            .map(|p| p.id)
            .filter(|id| ids.contains(id));
        children.entry(parent).or_default().push(index);
    }
    let mut order = Vec::with_capacity(items.len());
    let mut stack: Vec<usize> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(index) = stack.pop() {
        order.push(index);
        if let Some(kids) = children.get(&Some(items[index].id)) {
            stack.extend(kids.iter().rev());
        }
    }
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

/// `YYYY-MM-DD` as a date.
pub fn parse_date(raw: &str) -> Option<Date> {
    raw.parse().ok()
}

/// The date a project's calendar index is sized around (only speed depends on it).
fn network_anchor(project: &Project, days: &WorkspaceDays) -> Date {
    project
        .start_date
        .as_deref()
        .and_then(parse_date)
        .unwrap_or_else(|| days.today())
}

/// The project calendar followed by each person's, renumbered so every uid is distinct
/// (the project's stays [`CALENDAR`]; a person's derives from it).
fn engine_list(engine: EngineCalendars) -> (Vec<Calendar>, HashMap<i64, CalendarUid>) {
    let mut calendars = vec![engine.project];
    let mut people = HashMap::new();
    for (user_id, mut calendar) in engine.people {
        let uid = CalendarUid(CALENDAR.0 + uid_of(calendars.len() - 1));
        calendar.uid = uid;
        calendars.push(calendar);
        people.insert(user_id, uid);
    }
    (calendars, people)
}

/// The engine's relation type for a stored dependency kind.
pub fn relation_type(kind: DependencyKind) -> RelationType {
    match kind {
        DependencyKind::FinishToStart => RelationType::FinishStart,
        DependencyKind::StartToStart => RelationType::StartStart,
        DependencyKind::FinishToFinish => RelationType::FinishFinish,
        DependencyKind::StartToFinish => RelationType::StartFinish,
    }
}

/// The CPM network of the project: task `i` (uid `i + 1`) is `data.items[i]`.
pub fn cpm_project(data: &PlanData, start: Date) -> cpm::Project {
    let index: HashMap<i64, u32> = data
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id, uid_of(i)))
        .collect();
    let tasks = data
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (minutes, source) = data.duration(item);
            let mut task =
                cpm::Task::new(TaskUid(uid_of(i)), &item.key, Duration::Working(minutes));
            task.milestone = source == DurationSource::Milestone;
            task.calendar = data.item_calendar(item);
            task.parent = item
                .parent
                .as_ref()
                .and_then(|parent| index.get(&parent.id))
                .map(|&uid| TaskUid(uid));
            task.constraint = constraint(item, source);
            task
        })
        .collect();
    let relations = data
        .dependencies
        .iter()
        .filter_map(|dependency| {
            Some(cpm::Relation {
                predecessor: TaskUid(*index.get(&dependency.predecessor.id)?),
                successor: TaskUid(*index.get(&dependency.successor.id)?),
                kind: relation_type(dependency.kind),
                lag: Lag::Working(dependency.lag_days * MINUTES_PER_DAY),
            })
        })
        .collect();
    cpm::Project {
        start: start_of_day(start),
        calendar: CALENDAR,
        calendars: data.calendars.clone(),
        units: Default::default(),
        tasks,
        relations,
    }
}

/// Holds the work of `data` not done yet in `input` (its network, task `i` is
/// `data.items[i]`) to the status date `status_date` (see the module's rule). A project
/// without a start date runs from the status date's first working instant instead of today.
pub fn hold_remaining_work(data: &PlanData, input: &mut cpm::Project, status_date: Date) {
    let from = data.calendar.next_work_start_at(status_date.at(0, 0, 0, 0));
    if data.project.start_date.is_none() {
        input.start = from;
    }
    for (item, task) in data.items.iter().zip(&mut input.tasks) {
        if data.is_summary(item) || item.status.category == StatusCategory::Done {
            continue;
        }
        if task.milestone {
            if let Constraint::FinishNoLaterThan(due) = task.constraint {
                task.deadline = Some(due);
            }
            task.constraint = Constraint::StartNoEarlierThan(from);
        } else {
            task.constraint = start_no_earlier_than(task.constraint, from);
        }
    }
}

/// `constraint` tightened so the task starts no earlier than `at` (a leaf's own pin stays
/// when it is later).
pub fn start_no_earlier_than(constraint: Constraint, at: DateTime) -> Constraint {
    match constraint {
        Constraint::StartNoEarlierThan(pin) => Constraint::StartNoEarlierThan(pin.max(at)),
        _ => Constraint::StartNoEarlierThan(at),
    }
}

fn uid_of(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// The date constraint of an item (see the module's rule); the forecast holds work back by
/// the same start constraints.
pub fn constraint(item: &Item, source: DurationSource) -> Constraint {
    match source {
        DurationSource::Summary => Constraint::AsSoonAsPossible,
        DurationSource::Milestone => item
            .due_date
            .as_deref()
            .and_then(parse_date)
            .map_or(Constraint::AsSoonAsPossible, |date| {
                Constraint::FinishNoLaterThan(end_of_day(date))
            }),
        _ => item
            .start_date
            .as_deref()
            .and_then(parse_date)
            .map_or(Constraint::AsSoonAsPossible, |date| {
                Constraint::StartNoEarlierThan(start_of_day(date))
            }),
    }
}

/// The start of a working day on the default calendar: where a project start or an
/// item's start date begins.
pub fn start_of_day(date: Date) -> DateTime {
    date.at(8, 0, 0, 0)
}

/// The end of a working day on the default calendar.
pub fn end_of_day(date: Date) -> DateTime {
    date.at(17, 0, 0, 0)
}
