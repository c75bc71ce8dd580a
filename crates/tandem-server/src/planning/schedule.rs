//! The project schedule: the engine's critical path method over the items network, mapped
//! back to items (dates, float, critical flag), with the critical paths and the milestones
//! whose due date cannot be met.

use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, DateTime};
use serde::Serialize;
use tandem_engine::cpm::{self, ScheduleError};
use utoipa::ToSchema;

use super::network::{self, DurationSource, MINUTES_PER_DAY, PlanData};

/// At most this many critical paths are listed (a wide network can have very many).
pub const MAX_CRITICAL_PATHS: usize = 10;

/// One item's place in the schedule. Date-times are `YYYY-MM-DDTHH:MM:SS` on the project
/// calendar; float is in working minutes and working days of 8 hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduledItem {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub item_type: String,
    /// Id of the summary item it rolls up into.
    pub parent_id: Option<i64>,
    /// True for items with children: their dates roll up from them.
    pub summary: bool,
    pub milestone: bool,
    pub done: bool,
    /// Planned working minutes and where they came from.
    pub duration_minutes: i64,
    pub duration_source: DurationSource,
    pub start: String,
    pub finish: String,
    pub early_start: String,
    pub early_finish: String,
    pub late_start: String,
    pub late_finish: String,
    pub total_float_minutes: i64,
    pub total_float_days: f64,
    pub free_float_minutes: i64,
    pub free_float_days: f64,
    /// On a critical path: no float to spare, and not done (finished work can delay
    /// nothing, as in MS Project).
    pub critical: bool,
    pub due_date: Option<String>,
    /// Start and finish in the compared baseline (absent for items added since).
    pub baseline_start: Option<String>,
    pub baseline_finish: Option<String>,
    /// Slip against the baseline in working days (positive = later than planned).
    pub start_variance_days: Option<f64>,
    pub finish_variance_days: Option<f64>,
    /// True when resource levelling made the item wait for its assignee.
    pub delayed_by_levelling: bool,
    /// Working days of 8 h (exact to the levelling period: an hour, down to a quarter of
    /// one) the item waits for its assignee in the levelled plan (its levelling delay),
    /// beyond what its pin and its levelled predecessors ask; 0 unlevelled.
    pub levelling_delay_days: f64,
    /// True when the item is not done and finishes after its due date (a milestone: when
    /// its predecessors do not let it finish by then).
    pub misses_due_date: bool,
    /// When work on the item began (UTC): it first entered an in-progress status, or a done
    /// one when it skipped in progress; its creation when it was created so. Absent for
    /// items not started (or sent back to a to-do status). See `planning::actuals`.
    pub actual_start: Option<String>,
    /// When a done item was finished (UTC): it last entered a done status from one that is
    /// not. Absent for items not done.
    pub actual_finish: Option<String>,
    /// True when the remaining work is rescheduled (`status_date`) and this item, in
    /// progress, began before the status date: its work is split as MS Project splits it,
    /// the part already worked (`actual_segment`) before the status date, the remaining
    /// work (`start`..`finish`) after it.
    pub split: bool,
    /// The part of a split item already worked: from its actual start to the start of the
    /// status date. Absent when the item is not split.
    pub actual_segment: Option<ActualSegment>,
}

impl ScheduledItem {
    /// Whether the item sits at its actual dates: a done leaf or milestone whose history
    /// gives both. Its place in the network has no duration (done work needs no more time);
    /// where the work really happened is what a Gantt draws and a baseline is compared with,
    /// as MS Project takes a completed task's actual start and finish.
    pub fn at_actual_dates(&self) -> bool {
        self.done && !self.summary && self.actual_start.is_some() && self.actual_finish.is_some()
    }

    /// The start and finish that count for drawing and for the variance against a baseline:
    /// the actual dates of an item [at its actual dates](Self::at_actual_dates), else the
    /// scheduled ones.
    pub fn effective_dates(&self) -> (&str, &str) {
        match (&self.actual_start, &self.actual_finish) {
            (Some(start), Some(finish)) if self.at_actual_dates() => (start, finish),
            _ => (&self.start, &self.finish),
        }
    }
}

/// The part of a split item already worked, `YYYY-MM-DDTHH:MM:SS` (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ActualSegment {
    /// The item's actual start.
    pub start: String,
    /// The start of the status date (midnight): where the remaining work is held from.
    pub finish: String,
}

/// A dependency as drawn on the Gantt chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduledLink {
    pub predecessor_id: i64,
    pub successor_id: i64,
    /// `FS`, `SS`, `FF` or `SF`.
    pub kind: String,
    pub lag_days: i64,
    /// Both ends critical: the link is on a critical path.
    pub critical: bool,
}

/// A milestone that cannot finish by its due date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueDateViolation {
    pub item_id: i64,
    pub key: String,
    pub due_date: String,
    /// When its predecessors let it finish at the earliest.
    pub logic_finish: String,
    /// Working days it is late by.
    pub late_by_days: f64,
}

/// A project's schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleView {
    pub project_key: String,
    /// The calendar used: `project` (its work week and holidays; Mon–Fri 08:00–12:00,
    /// 13:00–17:00 until changed), with each assignee's time off on their own items.
    pub calendar: String,
    /// Where the start came from: `project_start_date`, `today`, or `status_date` when the
    /// remaining work is rescheduled in a project without a start date (the plan then runs
    /// from the status date).
    pub start_source: String,
    pub start: String,
    pub finish: String,
    pub target_launch_date: Option<String>,
    pub items: Vec<ScheduledItem>,
    pub links: Vec<ScheduledLink>,
    /// Critical paths as item keys from first to last (at most ten).
    pub critical_paths: Vec<Vec<String>>,
    pub violations: Vec<DueDateViolation>,
    /// Items planned with the default duration because nothing was estimated.
    pub unestimated: usize,
    /// Engine warnings, in words.
    pub warnings: Vec<String>,
    /// The baseline the variances compare with (`?baseline=ID`, default the latest).
    pub baseline: Option<super::baselines::BaselineRef>,
    /// True when the dates are levelled against people's capacity (`?level=true`).
    pub levelled: bool,
    /// The status date (`YYYY-MM-DD`) the remaining work is rescheduled from
    /// (`?remaining_from=`): nothing that is not done starts before it. Absent when the plan
    /// runs from the project start as planned.
    pub status_date: Option<String>,
    /// Items that finish after their due date (`misses_due_date`).
    pub due_dates_missed: usize,
    /// Of those, the ones the unlevelled schedule finishes in time: what levelling costs
    /// (0 unlevelled).
    pub due_dates_missed_by_levelling: usize,
}

/// Why a project cannot be scheduled (a stored network the engine refuses).
#[derive(Debug, thiserror::Error)]
#[error("the project cannot be scheduled: {0}")]
pub struct Unschedulable(#[from] pub ScheduleError);

/// Schedules the project from its start date (or `today`).
pub fn compute(data: &PlanData, today: Date) -> Result<ScheduleView, Unschedulable> {
    compute_from(data, today, None)
}

/// Schedules the project from its start date (or `today`), with the work not done yet
/// rescheduled from `remaining_from` when given.
pub fn compute_from(
    data: &PlanData,
    today: Date,
    remaining_from: Option<Date>,
) -> Result<ScheduleView, Unschedulable> {
    let mut view = schedule_network(data, &network(data, today, remaining_from))?;
    mark_status_date(&mut view, data, remaining_from);
    Ok(view)
}

/// Records in `view` the status date its remaining work was rescheduled from, and that a
/// project without a start date then runs from it ([`network::hold_remaining_work`]).
pub fn mark_status_date(view: &mut ScheduleView, data: &PlanData, remaining_from: Option<Date>) {
    view.status_date = remaining_from.map(|date| date.to_string());
    if remaining_from.is_some() && data.project.start_date.is_none() {
        view.start_source = "status_date".to_owned();
    }
}

/// The CPM network the schedule runs: from the project start (or `today`), with the work
/// not done yet held to `remaining_from` when given ([`network::hold_remaining_work`]; a
/// project without a start date then runs from the status date).
pub fn network(data: &PlanData, today: Date, remaining_from: Option<Date>) -> cpm::Project {
    let mut input = network::cpm_project(data, data.start_date(today));
    if let Some(status_date) = remaining_from {
        network::hold_remaining_work(data, &mut input, status_date);
    }
    input
}

/// Schedules `input`, a network of `data` (task `i` is `data.items[i]`) whose constraints
/// the caller may have tightened, as levelling does.
pub fn schedule_network(
    data: &PlanData,
    input: &cpm::Project,
) -> Result<ScheduleView, Unschedulable> {
    let result = cpm::schedule(input)?;
    Ok(view(data, &result))
}

/// Maps the engine's result (tasks in input order) back to the items.
fn view(data: &PlanData, result: &cpm::Schedule) -> ScheduleView {
    let mut items: Vec<ScheduledItem> = data
        .items
        .iter()
        .zip(&result.tasks)
        .map(|(item, task)| {
            let (duration_minutes, duration_source) = data.duration(item);
            ScheduledItem {
                id: item.id,
                key: item.key.clone(),
                title: item.title.clone(),
                item_type: item.item_type.as_str().to_owned(),
                parent_id: item.parent.as_ref().map(|p| p.id),
                summary: data.is_summary(item),
                milestone: duration_source == DurationSource::Milestone,
                done: duration_source == DurationSource::Done,
                duration_minutes,
                duration_source,
                start: stamp(task.start),
                finish: stamp(task.finish),
                early_start: stamp(task.early_start),
                early_finish: stamp(task.early_finish),
                late_start: stamp(task.late_start),
                late_finish: stamp(task.late_finish),
                total_float_minutes: task.total_slack,
                total_float_days: days(task.total_slack),
                free_float_minutes: task.free_slack,
                free_float_days: days(task.free_slack),
                // As in MS Project, finished work is never critical: it can no longer
                // delay anything.
                critical: task.critical && duration_source != DurationSource::Done,
                due_date: item.due_date.clone(),
                baseline_start: None,
                baseline_finish: None,
                start_variance_days: None,
                finish_variance_days: None,
                delayed_by_levelling: false,
                levelling_delay_days: 0.0,
                misses_due_date: false,
                actual_start: None,
                actual_finish: None,
                split: false,
                actual_segment: None,
            }
        })
        .collect();
    clear_finished_summaries(&mut items);
    let critical: HashMap<i64, bool> = items.iter().map(|i| (i.id, i.critical)).collect();
    let links: Vec<ScheduledLink> = data
        .dependencies
        .iter()
        .map(|d| ScheduledLink {
            predecessor_id: d.predecessor.id,
            successor_id: d.successor.id,
            kind: d.kind.as_str().to_owned(),
            lag_days: d.lag_days,
            critical: critical.get(&d.predecessor.id) == Some(&true)
                && critical.get(&d.successor.id) == Some(&true),
        })
        .collect();
    let violations = violations(data, result, &items);
    let violated: HashSet<i64> = violations.iter().map(|v| v.item_id).collect();
    for item in &mut items {
        item.misses_due_date =
            !item.done && (violated.contains(&item.id) || finishes_after_due_date(item));
    }
    ScheduleView {
        project_key: data.project.key.clone(),
        calendar: "project".to_owned(),
        start_source: if data.project.start_date.is_some() {
            "project_start_date"
        } else {
            "today"
        }
        .to_owned(),
        start: stamp(result.start),
        finish: stamp(result.finish),
        target_launch_date: data.project.target_launch_date.clone(),
        critical_paths: critical_paths(&items, &links),
        unestimated: items
            .iter()
            .filter(|i| i.duration_source == DurationSource::Default)
            .count(),
        violations,
        warnings: result.warnings.iter().map(ToString::to_string).collect(),
        due_dates_missed: items.iter().filter(|i| i.misses_due_date).count(),
        due_dates_missed_by_levelling: 0,
        items,
        links,
        baseline: None,
        levelled: false,
        status_date: None,
    }
}

/// Each scheduled item's parent by position, so outline walks (roll-ups over the ancestors
/// of an item) cost no lookups by id.
pub struct Parents(Vec<Option<usize>>);

impl Parents {
    pub fn of(items: &[ScheduledItem]) -> Self {
        let index_of: HashMap<i64, usize> = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.id, index))
            .collect();
        Self(
            items
                .iter()
                .map(|item| item.parent_id.and_then(|id| index_of.get(&id).copied()))
                .collect(),
        )
    }

    /// The positions of the item at `index`'s parent, grandparent and so on up.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.0[index], |&up| self.0[up])
    }
}

/// Keeps a summary critical only while a critical item lies below it: once the work under
/// it is done (never critical), the summary can delay nothing either.
fn clear_finished_summaries(items: &mut [ScheduledItem]) {
    let parents = Parents::of(items);
    let mut holds_critical = vec![false; items.len()];
    for (index, _) in items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.critical && !item.summary)
    {
        for up in parents.ancestors(index) {
            if holds_critical[up] {
                break;
            }
            holds_critical[up] = true;
        }
    }
    for (item, holds) in items.iter_mut().zip(holds_critical) {
        if item.summary {
            item.critical &= holds;
        }
    }
}

/// Whether the item's planned finish falls on a day after its due date.
fn finishes_after_due_date(item: &ScheduledItem) -> bool {
    let due = item.due_date.as_deref().and_then(network::parse_date);
    let finish = item.finish.parse::<DateTime>().map(|at| at.date()).ok();
    matches!((due, finish), (Some(due), Some(finish)) if finish > due)
}

/// Milestones whose due date their predecessors do not allow. The due date is a
/// finish-no-later-than constraint, which MS Project's rules honour over the logic (the
/// engine warns); the slip is the working time from the due date to where the logic would
/// put the milestone, or the negative float when the constraint did not move it.
fn violations(
    data: &PlanData,
    result: &cpm::Schedule,
    items: &[ScheduledItem],
) -> Vec<DueDateViolation> {
    let logic: HashMap<u32, DateTime> = result
        .warnings
        .iter()
        .filter_map(|warning| match warning {
            cpm::Warning::ConstraintOverridesLogic {
                task, logic_start, ..
            } => Some((task.0, *logic_start)),
            cpm::Warning::NegativeSlack { .. }
            | cpm::Warning::ConstraintOverridesSuccessors { .. }
            | cpm::Warning::SummaryConstraintIgnored { .. }
            | cpm::Warning::SummaryDeadlineIgnored { .. } => None,
        })
        .collect();
    let calendar = &data.calendar;
    items
        .iter()
        .zip(&result.tasks)
        .filter(|(item, _)| item.milestone)
        .filter_map(|(item, task)| {
            let due = item.due_date.as_deref().and_then(network::parse_date)?;
            let due_end = network::end_of_day(due);
            let logic_finish = logic.get(&task.uid.0).copied().unwrap_or(task.early_finish);
            let late = calendar
                .work_between_datetimes(due_end, logic_finish)
                .max(-task.total_slack);
            (late > 0).then(|| DueDateViolation {
                item_id: item.id,
                key: item.key.clone(),
                due_date: due.to_string(),
                logic_finish: stamp(logic_finish),
                late_by_days: days(late),
            })
        })
        .collect()
}

/// The chains of critical leaf items joined by critical links, from an item with no
/// critical predecessor to one with no critical successor (at most [`MAX_CRITICAL_PATHS`]).
fn critical_paths(items: &[ScheduledItem], links: &[ScheduledLink]) -> Vec<Vec<String>> {
    let leaf: HashMap<i64, &ScheduledItem> = items
        .iter()
        .filter(|i| i.critical && !i.summary)
        .map(|i| (i.id, i))
        .collect();
    let mut next: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut has_pred: std::collections::HashSet<i64> = Default::default();
    for link in links.iter().filter(|l| l.critical) {
        if leaf.contains_key(&link.predecessor_id) && leaf.contains_key(&link.successor_id) {
            next.entry(link.predecessor_id)
                .or_default()
                .push(link.successor_id);
            has_pred.insert(link.successor_id);
        }
    }
    let mut paths = Vec::new();
    // Sources in schedule order, so the first path is the one that starts first.
    for source in items
        .iter()
        .filter(|i| leaf.contains_key(&i.id) && !has_pred.contains(&i.id))
    {
        let mut stack = vec![vec![source.id]];
        while let Some(path) = stack.pop() {
            if paths.len() >= MAX_CRITICAL_PATHS {
                return paths;
            }
            let last = path[path.len() - 1];
            match next.get(&last) {
                Some(successors) => {
                    for successor in successors.iter().rev() {
                        if !path.contains(successor) {
                            let mut longer = path.clone();
                            longer.push(*successor);
                            stack.push(longer);
                        }
                    }
                }
                None => paths.push(path.iter().map(|id| leaf[id].key.clone()).collect()),
            }
        }
    }
    paths
}

/// Working minutes as working days, to two decimals.
pub fn days(minutes: i64) -> f64 {
    (minutes as f64 / MINUTES_PER_DAY as f64 * 100.0).round() / 100.0
}

/// The `YYYY-MM-DD` of a stamp, as tables show dates.
pub fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

/// A date-time as the API writes it.
pub fn stamp(datetime: DateTime) -> String {
    datetime.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}
