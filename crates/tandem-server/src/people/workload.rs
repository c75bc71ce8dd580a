//! The workload view: per person and ISO week, capacity (their weekly capacity scaled by the
//! working time left after holidays and time off) against allocated work (the remaining
//! estimate of their open items spread over each item's window). The rule itself lives in
//! [`tandem_core::people::workload`]; this module gathers the inputs.

use super::calendar::{EngineCalendars, load as load_calendar};
use crate::error::ApiError;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tandem_core::people::workload::{self, week_start};
use tandem_store::Store;
use utoipa::ToSchema;

/// The spreading rule in one sentence, returned with every answer so readers of the numbers
/// know how they were made.
pub const RULE: &str = "Each open assigned item's remaining estimate is spread over its window \
(from its start or today, whichever is later, to its due date; overdue items are due today) in \
proportion to the assignee's working minutes on each day after holidays and time off; items \
without a due date are unscheduled. Capacity = weekly capacity (full time by default) x the share \
of the regular week the person is available.";

/// Work assigned to a person that the workload spreads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub user_id: i64,
    /// Remaining estimate in minutes.
    pub remaining_minutes: i64,
    /// Scheduled start, when known.
    pub start: Option<Date>,
    pub due: Option<Date>,
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
    /// Remaining work of open items without a due date, in minutes.
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
}

/// The most weeks one answer covers.
pub const MAX_WEEKS: i64 = 26;

/// The days `from..=to`.
fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    from.series(1.day()).take_while(move |day| *day <= to)
}

/// Builds the workload of a project's staff for `weeks` weeks from the week of `from`, with
/// windows starting at `as_of`.
pub async fn workload(
    store: &Store,
    project_id: i64,
    from: Date,
    weeks: i64,
    as_of: Date,
) -> Result<WorkloadView, ApiError> {
    let first = week_start(from);
    let mondays: Vec<Date> = first
        .series(1.week())
        .take(weeks.clamp(1, MAX_WEEKS) as usize)
        .collect();
    let regular = load_calendar(store, project_id)
        .await?
        .body
        .work_week
        .minutes()
        .map_err(|error| ApiError::internal(&error))?;
    let calendars = EngineCalendars::load(store, project_id).await?;
    let profiles: HashMap<i64, _> = store
        .member_profiles(project_id)
        .await?
        .into_iter()
        .map(|profile| (profile.user_id, profile))
        .collect();
    let assignments = assignments(store, project_id).await?;
    let mut people = Vec::new();
    let mut seen = Vec::new();
    for member in store.list_members(project_id).await? {
        if !super::is_staff(&member) || seen.contains(&member.user_id) {
            continue;
        }
        seen.push(member.user_id);
        let calendar = calendars.compile_person(member.user_id, first)?;
        let profile = profiles.get(&member.user_id);
        let weekly = profile.and_then(|p| p.weekly_capacity_minutes);
        let mut allocated: BTreeMap<Date, i64> = BTreeMap::new();
        let mut unscheduled = 0;
        let mut overdue = 0;
        for assignment in assignments.iter().filter(|a| a.user_id == member.user_id) {
            if assignment.due.is_some_and(|due| due < as_of) {
                overdue += assignment.remaining_minutes;
            }
            let Some((begin, end)) = workload::window(as_of, assignment.start, assignment.due)
            else {
                unscheduled += assignment.remaining_minutes;
                continue;
            };
            let available: Vec<(Date, i64)> = days(begin, end)
                .map(|day| (day, calendar.work_on(day)))
                .collect();
            for (day, minutes) in workload::spread(assignment.remaining_minutes, &available) {
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
            name: member.name,
            discipline: profile
                .and_then(|p| p.discipline)
                .map(|d| d.as_str().to_owned()),
            weekly_capacity_minutes: weekly,
            weeks,
            unscheduled_minutes: unscheduled,
            overdue_minutes: overdue,
        });
    }
    Ok(WorkloadView {
        from: first.to_string(),
        as_of: as_of.to_string(),
        weeks: mondays.iter().map(Date::to_string).collect(),
        people,
        rule: RULE.to_owned(),
    })
}

/// The open, assigned, estimated items of a project.
async fn assignments(store: &Store, project_id: i64) -> Result<Vec<Assignment>, ApiError> {
    let date = |text: Option<String>| text.and_then(|t| t.parse::<Date>().ok());
    Ok(store
        .open_assignments(project_id)
        .await?
        .into_iter()
        .map(|open| Assignment {
            user_id: open.user_id,
            remaining_minutes: open.remaining_minutes,
            start: date(open.start_date),
            due: date(open.due_date),
        })
        .collect())
}
