//! The workload view: per person and ISO week, capacity (their weekly capacity scaled by the
//! working time left after holidays and time off) against allocated work (the remaining
//! estimate of their open items: spread up to an item's due date, or, without one, filling
//! the person's capacity from the day the levelled schedule starts it). The rule itself lives in
//! [`tandem_core::people::workload`]; this module gathers its inputs: the plan (open
//! assigned leaf items, calendars, time off), the [`Team`] (staff, capacities, the regular
//! week) and the [`LevelledPlan`]. Callers that already hold the plan or its levelled
//! schedule (the health diagnosis) pass them to [`compute`] rather than loading them again.

use super::calendar::load as load_calendar;
use crate::error::ApiError;
use crate::planning::forecast::status_day;
use crate::planning::levelled_memo::LevelledMemo;
use crate::planning::network::{self, PlanData};
use crate::planning::schedule::ScheduleView;
use crate::state::AppState;
use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tandem_core::people::workload::{self, Window, week_start};
use tandem_core::work::StatusCategory;
use tandem_engine::calendar::WorkCalendar;
use tandem_store::{Member, MemberProfile, Project, Store};
use utoipa::ToSchema;

/// The spreading rule in one sentence, returned with every answer so readers of the numbers
/// know how they were made.
pub const RULE: &str = "An item with a due date is worked from its start or today, whichever \
is later, to its due date (overdue items are due today): its remaining estimate is spread over \
those days in proportion to the assignee's working minutes after holidays and time off. An item \
without a due date starts where the levelled schedule from today starts it and fills the \
assignee's capacity day by day from there, so each person's undated work queues within their \
capacity; undated items the plan cannot place (it cannot be scheduled) are unscheduled. \
Capacity = weekly capacity (full time by default) x the share of the regular week the person \
is available.";

/// Work assigned to a person that the workload spreads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Assignment {
    item_id: i64,
    user_id: i64,
    /// Remaining estimate in minutes.
    remaining_minutes: i64,
    /// Scheduled start, when known.
    start: Option<Date>,
    due: Option<Date>,
}

/// Where the levelled schedule from the status date starts each open leaf item, or why the
/// plan could not be levelled: what places work without a due date.
#[derive(Debug, Clone, Default)]
pub struct LevelledPlan {
    /// Item id → the day its levelled work starts.
    starts: HashMap<i64, Date>,
    /// Why the plan could not be levelled (its undated work stays unscheduled).
    failure: Option<String>,
}

impl LevelledPlan {
    /// `plan` levelled over `profiles` from `as_of` (or the project start when later), the
    /// status date the levelled forecast uses too, so both read one levelling in `memo`. A
    /// plan that cannot be levelled places nothing and says why.
    pub fn level(
        memo: &LevelledMemo,
        plan: &PlanData,
        profiles: &[MemberProfile],
        as_of: Date,
    ) -> Self {
        match memo.levelled(plan, profiles, status_day(plan, as_of)) {
            Ok(levelled) => Self::of_schedule(&levelled.schedule),
            Err(failure) => Self::failed(failure.to_string()),
        }
    }

    /// The start day of every open leaf in `view`, an already computed levelled schedule.
    pub fn of_schedule(view: &ScheduleView) -> Self {
        let starts = view
            .items
            .iter()
            .filter(|row| !row.summary && !row.done)
            .filter_map(|row| Some((row.id, row.start.parse::<DateTime>().ok()?.date())))
            .collect();
        Self {
            starts,
            failure: None,
        }
    }

    /// No placement, because the plan could not be levelled for `reason`.
    pub fn failed(reason: String) -> Self {
        Self {
            starts: HashMap::new(),
            failure: Some(reason),
        }
    }
}

/// The people a workload covers and how much they can do, loaded once.
#[derive(Debug, Clone)]
pub struct Team {
    /// Working minutes of the project's regular week (no exceptions).
    regular: i64,
    /// Staff members (see [`super::is_staff`]) in member order, each once.
    members: Vec<Member>,
    /// Every member profile of the project: capacities for the grid and for levelling.
    pub profiles: Vec<MemberProfile>,
}

impl Team {
    /// Loads the project's staff, their profiles and its regular work week.
    pub async fn load(store: &Store, project_id: i64) -> Result<Self, ApiError> {
        let (calendar, members, profiles) = tokio::try_join!(
            load_calendar(store, project_id),
            async { Ok(store.list_members(project_id).await?) },
            async { Ok(store.member_profiles(project_id).await?) },
        )?;
        let regular = calendar
            .body
            .work_week
            .minutes()
            .map_err(|error| ApiError::internal(&error))?;
        let mut staff: Vec<Member> = Vec::new();
        for member in members {
            if super::is_staff(&member) && !staff.iter().any(|m| m.user_id == member.user_id) {
                staff.push(member);
            }
        }
        Ok(Self {
            regular,
            members: staff,
            profiles,
        })
    }
}

/// One person's week.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WeekLoad {
    /// Monday of the ISO week, `YYYY-MM-DD`.
    pub week: String,
    /// What they can do this week, in minutes.
    pub capacity_minutes: i64,
    /// Work spread into this week, in minutes.
    pub allocated_minutes: i64,
    /// Allocated above capacity.
    pub over_allocated: bool,
}

/// One person's row of the workload grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonLoad {
    pub user_id: i64,
    pub name: String,
    pub discipline: Option<String>,
    /// Stated weekly capacity in minutes; `null` = full time.
    pub weekly_capacity_minutes: Option<i64>,
    pub weeks: Vec<WeekLoad>,
    /// Remaining work of open items with a due date, in minutes: spread up to their due
    /// dates (commitments), whether or not those weeks are shown.
    pub dated_minutes: i64,
    /// Remaining work of open items without a due date that the levelled schedule places, in
    /// minutes: the person's queue, whether or not those weeks are shown.
    pub levelled_minutes: i64,
    /// The last day any of their placed work lands on, `YYYY-MM-DD` ("booked until");
    /// `null` without any.
    pub busy_until: Option<String>,
    /// Remaining work of open items without a due date that the levelled schedule cannot
    /// place (see [`WorkloadView::levelling_failure`]), in minutes.
    pub unscheduled_minutes: i64,
    /// Remaining work of open items past their due date, in minutes: already counted on the
    /// as-of day (late work is due now), and named apart so a reader can tell a late plan
    /// from an over-committed one.
    pub overdue_minutes: i64,
}

/// `GET …/workload`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkloadView {
    /// First Monday shown.
    pub from: String,
    /// The date windows start from ("today").
    pub as_of: String,
    /// Mondays of the weeks shown.
    pub weeks: Vec<String>,
    pub people: Vec<PersonLoad>,
    /// How allocation and capacity are computed.
    pub rule: String,
    /// Why work without a due date is unscheduled: the plan could not be levelled (a
    /// dependency cycle, an impossible constraint). `null` when it could.
    pub levelling_failure: Option<String>,
}

/// The most weeks one answer covers.
pub const MAX_WEEKS: i64 = 26;

/// The most days undated work is filled over from its levelled start (about ten years): a
/// bound for a person whose calendar never works; what is left lands on the last day.
const MAX_FILL_DAYS: i64 = 3_660;

/// The days `from..=to`.
fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    from.series(1.day()).take_while(move |day| *day <= to)
}

/// The workload of `project`'s staff for `weeks` weeks from the week of `from`, as of
/// `as_of`, loading what it reads: the plan and the team at once, then levelling (only when
/// some open assigned work has no due date) and spreading off the async workers.
pub async fn of_project(
    state: &AppState,
    project: Project,
    from: Date,
    weeks: i64,
    as_of: Date,
) -> Result<WorkloadView, ApiError> {
    let project_id = project.id;
    let store = &state.store;
    let (plan, team) = tokio::try_join!(
        PlanData::load(store, project),
        Team::load(store, project_id)
    )?;
    let memo = Arc::clone(&state.levelled);
    tokio::task::spawn_blocking(move || {
        let undated = assignments(&plan).any(|assignment| assignment.due.is_none());
        let levelled = if undated {
            LevelledPlan::level(&memo, &plan, &team.profiles, as_of)
        } else {
            LevelledPlan::default()
        };
        compute(&plan, &team, &levelled, from, weeks, as_of)
    })
    .await
    .map_err(|error| ApiError::internal(&error))?
}

/// Builds the workload of `team` on `plan` for `weeks` weeks from the week of `from`, with
/// windows starting at `as_of` and undated work placed by `levelled`.
pub fn compute(
    plan: &PlanData,
    team: &Team,
    levelled: &LevelledPlan,
    from: Date,
    weeks: i64,
    as_of: Date,
) -> Result<WorkloadView, ApiError> {
    let first = week_start(from);
    let mondays: Vec<Date> = first
        .series(1.week())
        .take(weeks.clamp(1, MAX_WEEKS) as usize)
        .collect();
    let profiles: HashMap<i64, &MemberProfile> =
        team.profiles.iter().map(|p| (p.user_id, p)).collect();
    let mut by_person: HashMap<i64, Vec<Assignment>> = HashMap::new();
    for assignment in assignments(plan) {
        by_person
            .entry(assignment.user_id)
            .or_default()
            .push(assignment);
    }
    let regular = team.regular;
    let mut people = Vec::with_capacity(team.members.len());
    for member in &team.members {
        let calendar = person_calendar(plan, member.user_id, first)?;
        let profile = profiles.get(&member.user_id);
        let weekly = profile.and_then(|p| p.weekly_capacity_minutes);
        let mut allocated: BTreeMap<Date, i64> = BTreeMap::new();
        let mut row = Totals::default();
        for assignment in by_person.get(&member.user_id).into_iter().flatten() {
            let minutes = assignment.remaining_minutes;
            if assignment.due.is_some_and(|due| due < as_of) {
                row.overdue += minutes;
            }
            let placed = levelled.starts.get(&assignment.item_id).copied();
            let parts = match workload::window(as_of, assignment.start, assignment.due, placed) {
                None => {
                    row.unscheduled += minutes;
                    continue;
                }
                Some(Window::Due { first, last }) => {
                    row.dated += minutes;
                    let available: Vec<(Date, i64)> = days(first, last)
                        .map(|day| (day, calendar.work_on(day)))
                        .collect();
                    workload::spread(minutes, &available)
                }
                Some(Window::Levelled { from }) => {
                    row.levelled += minutes;
                    // Each day holds what the person gives the project that day; levelling
                    // counts a zero weekly capacity as full time, and so does the fill.
                    let daily = weekly.filter(|minutes| *minutes > 0);
                    let horizon =
                        days(from, from.saturating_add(MAX_FILL_DAYS.days())).map(|day| {
                            let capacity =
                                workload::capacity(daily, calendar.work_on(day), regular);
                            (day, capacity)
                        });
                    workload::fill(minutes, horizon)
                }
            };
            row.busy_until = row.busy_until.max(parts.last().map(|(day, _)| *day));
            for (day, minutes) in parts {
                *allocated.entry(week_start(day)).or_default() += minutes;
            }
        }
        let weeks = mondays
            .iter()
            .map(|monday| {
                let available = days(*monday, *monday + 6.days())
                    .map(|day| calendar.work_on(day))
                    .sum();
                let capacity = workload::capacity(weekly, available, regular);
                let load = allocated.get(monday).copied().unwrap_or(0);
                WeekLoad {
                    week: monday.to_string(),
                    capacity_minutes: capacity,
                    allocated_minutes: load,
                    over_allocated: load > capacity,
                }
            })
            .collect();
        people.push(PersonLoad {
            user_id: member.user_id,
            name: member.name.clone(),
            discipline: profile
                .and_then(|p| p.discipline)
                .map(|d| d.as_str().to_owned()),
            weekly_capacity_minutes: weekly,
            weeks,
            dated_minutes: row.dated,
            levelled_minutes: row.levelled,
            busy_until: row.busy_until.map(|day| day.to_string()),
            unscheduled_minutes: row.unscheduled,
            overdue_minutes: row.overdue,
        });
    }
    Ok(WorkloadView {
        from: first.to_string(),
        as_of: as_of.to_string(),
        weeks: mondays.iter().map(Date::to_string).collect(),
        people,
        rule: RULE.to_owned(),
        levelling_failure: levelled.failure.clone(),
    })
}

/// One person's sums while their work is spread.
#[derive(Debug, Default)]
struct Totals {
    dated: i64,
    levelled: i64,
    unscheduled: i64,
    overdue: i64,
    busy_until: Option<Date>,
}

/// A person's calendar (the project's minus their time off) compiled for arithmetic.
fn person_calendar(plan: &PlanData, user_id: i64, anchor: Date) -> Result<WorkCalendar, ApiError> {
    let uid = plan
        .person_calendars
        .get(&user_id)
        .copied()
        .unwrap_or(network::CALENDAR);
    WorkCalendar::compile(&plan.calendars, uid, anchor)
        .map_err(|error| ApiError::invalid_field("work_week", error.to_string()))
}

/// The open, assigned leaf items of the plan with work left (the remaining estimate, else
/// the estimate, else the most likely three-point value). Parents are skipped: their work
/// is their children's.
fn assignments(plan: &PlanData) -> impl Iterator<Item = Assignment> + '_ {
    plan.items
        .iter()
        .filter(|item| item.status.category != StatusCategory::Done && !plan.is_summary(item))
        .filter_map(|item| {
            let remaining = item
                .remaining_minutes
                .or(item.estimate_minutes)
                .or(item.most_likely_minutes)
                .filter(|minutes| *minutes > 0)?;
            Some(Assignment {
                item_id: item.id,
                user_id: item.assignee.as_ref()?.id,
                remaining_minutes: remaining,
                start: item.start_date.as_deref().and_then(network::parse_date),
                due: item.due_date.as_deref().and_then(network::parse_date),
            })
        })
}
