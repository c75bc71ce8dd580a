//! The dependency network a forecast runs over, compiled once into a compact form.
//!
//! Tasks are renumbered in topological order and stored as a struct of arrays; predecessor
//! and successor edges live in CSR arrays, so a trial is two linear sweeps over memory.
//! Tasks on the project calendar take the plain arithmetic path; only tasks whose
//! resource has time off (and relations whose lag counts on such a calendar) pay for
//! calendar arithmetic.

use std::collections::HashMap;

use rayon::prelude::*;

use super::ForecastError;
use super::blocked::{BlockedTime, TaskCalendar};
use super::estimate::{Estimate, LogGrid, QUANTILE_INTERVALS, QUANTILE_STEPS, QuantileTable};

/// The precedence types of MS Project and Primavera.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// The successor starts after the predecessor finishes.
    FinishToStart,
    /// The successor starts after the predecessor starts.
    StartToStart,
    /// The successor finishes after the predecessor finishes.
    FinishToFinish,
    /// The successor finishes after the predecessor starts.
    StartToFinish,
}

impl RelationKind {
    fn leaves_predecessor_finish(self) -> bool {
        matches!(self, Self::FinishToStart | Self::FinishToFinish)
    }

    fn reaches_successor_finish(self) -> bool {
        matches!(self, Self::FinishToFinish | Self::StartToFinish)
    }
}

/// Delay (positive) or overlap (negative) between the linked ends of a relation, counted
/// on the successor's calendar as in the critical path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RelationLag {
    /// Working minutes.
    Working(f64),
    /// A percentage of the predecessor's duration, as MS Project's percentage lags: of the
    /// duration sampled in each trial, so the lag grows and shrinks with the work it
    /// overlaps (`-25.0` starts a finish-to-start successor when three quarters are done).
    /// For a task in progress the duration is the working time since its actual start
    /// plus the remaining work sampled.
    Percent(f64),
}

impl RelationLag {
    /// No delay.
    pub const NONE: Self = Self::Working(0.0);
}

/// A precedence link between two tasks, given by their index in the task list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relation {
    /// Index of the task that drives.
    pub predecessor: usize,
    /// Index of the task that is driven.
    pub successor: usize,
    /// Which ends of the two tasks are linked.
    pub kind: RelationKind,
    /// Delay or lead between the linked ends.
    pub lag: RelationLag,
}

/// Where a task stands on the status date, which is offset zero of the forecast.
///
/// Offsets are working minutes relative to the status date (negative = in the past).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TaskState {
    /// Not started: the whole duration is uncertain; it cannot start before the status date.
    Planned(Estimate),
    /// Started: the start is history, the estimate covers the remaining work, which cannot
    /// resume before the status date nor before its predecessors allow (retained logic).
    InProgress {
        /// Actual start, as an offset.
        started_at: f64,
        /// Remaining duration from the point the work resumes.
        remaining: Estimate,
    },
    /// Finished: both dates are history and no relation moves them.
    Done {
        /// Actual start, as an offset.
        started_at: f64,
        /// Actual finish, as an offset.
        finished_at: f64,
    },
    /// Finished, planned without dates of its own: it takes no time and sits where its
    /// relations put it, no earlier than [`NetworkTask::not_before`], which unlike planned
    /// work's may lie before the status date (the project start). This is how a critical
    /// path plans finished work whose dates it does not take from history, and it keeps
    /// the tasks after it driven, as they are in that plan.
    Closed,
}

/// One task of the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkTask {
    /// Progress and estimate of the task.
    pub state: TaskState,
    /// Whether the forecast should report this task's own finish distribution (milestones,
    /// deliverables).
    pub tracked: bool,
    /// Earliest start of a task not yet started, as an offset: a start-no-earlier-than
    /// constraint (work pinned to a later date). `None` = the status date. Ignored once the
    /// task has started; for a [`TaskState::Closed`] task it may be negative.
    pub not_before: Option<f64>,
    /// The calendar the task works on, as an index into the list given to
    /// [`Network::with_calendars`]; `None` = the project calendar. Its blocked time moves
    /// the task's start and stretches its duration; lags of relations into the task
    /// count on it too (as in the critical path). Ignored once the task is done.
    pub calendar: Option<usize>,
}

/// A precedence edge in compiled form: where to read the other task's date and how to
/// shift it. The bound it sets on the owning task's start (forward) or finish (backward)
/// is `dates[slot] ± lag ∓ own_duration_weight × own duration`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    /// Index into the date array: `2 * position + (is finish)`, or a history slot.
    pub(crate) slot: u32,
    /// 1 when the relation binds the owning task's far end (its finish in the forward
    /// pass, its start in the backward pass), else 0: a multiply instead of a branch.
    pub(crate) own_duration_weight: f64,
    pub(crate) lag: f64,
    /// Calendar (index into [`Network::calendars`]) the lag counts on: the successor's (in
    /// the forward pass, the owner's own); the project's when there is no lag.
    pub(crate) lag_calendar: u32,
}

/// An edge whose lag is a percentage of the predecessor's duration, kept apart from the
/// plain edges so tasks without such lags read no more memory per trial (a task with
/// them adds one lag per lane to the same arithmetic). The lag of a trial
/// is `edge.lag + share × duration of the predecessor` (`edge.lag` holds the share of the
/// work a task in progress has already done).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PercentEdge {
    pub(crate) edge: Edge,
    /// The percentage as a fraction.
    pub(crate) share: f64,
    /// Position of the predecessor, whose sampled duration the lag is a share of.
    pub(crate) predecessor: u32,
}

/// Edges grouped by the position that owns them: the edges of position `p` are
/// `edges[offsets[p]..offsets[p + 1]]`.
#[derive(Debug, Clone)]
pub(crate) struct Csr<T> {
    pub(crate) offsets: Vec<u32>,
    pub(crate) edges: Vec<T>,
}

impl<T> Csr<T> {
    /// The edges owned by `position`.
    pub(crate) fn of(&self, position: usize) -> &[T] {
        &self.edges[self.offsets[position] as usize..self.offsets[position + 1] as usize]
    }
}

/// Index of the project calendar in [`Network::calendars`].
pub(crate) const PROJECT_CALENDAR: u32 = 0;

/// The network compiled for fast repeated trials.
///
/// Build it once with [`Network::new`] and run as many forecasts as needed.
#[derive(Debug, Clone)]
pub struct Network {
    /// Input index of the task at each topological position.
    pub(crate) input_index: Vec<usize>,
    /// Earliest possible start per position (status date, the actual start when done, the
    /// given floor when closed).
    pub(crate) floor: Vec<f64>,
    /// Actual starts of tasks in progress. They follow the `2 × n` live dates in the date
    /// array, so relations from a started task's start read history, while its live start
    /// slot holds the point its remaining work resumes.
    pub(crate) actual_starts: Vec<f64>,
    /// Whether the task counts towards criticality (finished tasks cannot be critical).
    pub(crate) open: Vec<bool>,
    /// Duration = `low + step × stored quantile`, per position.
    pub(crate) low: Vec<f64>,
    pub(crate) step: Vec<f64>,
    /// Offset of each position's table in `quantiles`.
    pub(crate) table_start: Vec<u32>,
    /// Shared unit quantile tables, [`QUANTILE_INTERVALS`] + 1 values each.
    pub(crate) quantiles: Vec<u16>,
    /// The edges each position reads in the forward pass (from its predecessors).
    pub(crate) predecessors: Csr<Edge>,
    /// The edges each position reads in the backward pass (from its successors).
    pub(crate) successors: Csr<Edge>,
    /// Forward edges whose lag is a percentage of the predecessor's duration.
    pub(crate) percent_predecessors: Csr<PercentEdge>,
    /// Backward edges whose lag is a percentage of the owning task's duration.
    pub(crate) percent_successors: Csr<PercentEdge>,
    /// Positions whose finish the forecast reports, in input order.
    pub(crate) tracked: Vec<u32>,
    /// The project calendar ([`PROJECT_CALENDAR`], nothing blocked), then the input's.
    pub(crate) calendars: Vec<TaskCalendar>,
    /// Calendar of each position.
    pub(crate) calendar: Vec<u32>,
    /// Positions that always take no time, when some task has a calendar: whether their
    /// date is a start or a finish decides where a milestone after them lands.
    pub(crate) milestone: Vec<bool>,
    /// Whether a position's forward pass goes trial by trial rather than through the lane
    /// arithmetic: it has a calendar of its own, or is a milestone (see
    /// [`Self::milestone`]).
    pub(crate) early_per_lane: Vec<bool>,
    /// A start-no-earlier-than date that the task's start keeps as given, even inside its
    /// resource's time off (the critical path's rule for a task with predecessors: the
    /// date beats the logic without moving to working time); `NEG_INFINITY` when none.
    /// Without predecessors the date is part of the task's floor and, like the status
    /// date, moves to the next working instant. Read only by the trial-by-trial path: on
    /// the project calendar both rules give the same start.
    pub(crate) held_start: Vec<f64>,
}

impl Network {
    /// Validates and compiles tasks and relations, every task on the project calendar;
    /// fails on bad references, non-finite offsets or lags, and cycles (naming the tasks
    /// in one).
    pub fn new(tasks: &[NetworkTask], relations: &[Relation]) -> Result<Self, ForecastError> {
        Self::with_calendars(tasks, relations, &[])
    }

    /// [`Network::new`] for tasks whose resources have time off: `calendars` lists the
    /// blocked time that tasks refer to by index ([`NetworkTask::calendar`]). Fails as
    /// [`Network::new`] does, and on unknown calendars or invalid intervals.
    pub fn with_calendars(
        tasks: &[NetworkTask],
        relations: &[Relation],
        calendars: &[BlockedTime],
    ) -> Result<Self, ForecastError> {
        if tasks.is_empty() {
            return Err(ForecastError::EmptyNetwork);
        }
        check_relations(tasks.len(), relations)?;
        check_constraints(tasks)?;
        let calendars = compile_calendars(calendars)?;
        let task_calendar = task_calendars(tasks, &calendars)?;
        let durations = sampled_durations(tasks)?;
        if u32::try_from(3 * tasks.len() + 1).is_err() {
            return Err(ForecastError::TooLarge);
        }
        let order = topological_order(tasks.len(), relations)?;
        let mut position = vec![0_u32; tasks.len()];
        for (at, &task) in order.iter().enumerate() {
            position[task] = at as u32;
        }
        let ordered: Vec<&NetworkTask> = order.iter().map(|&task| &tasks[task]).collect();
        let ordered_durations: Vec<Estimate> = order.iter().map(|&task| durations[task]).collect();
        let (table_start, quantiles) = quantile_tables(&ordered_durations);
        let (actual_starts, actual_start_slot) = actual_starts(tasks);
        let compiled = CompiledEdges {
            tasks,
            position: &position,
            task_calendar: &task_calendar,
        };
        let (predecessors, percent_predecessors) = compiled.forward(relations, &actual_start_slot);
        let (successors, percent_successors) = compiled.backward(relations);
        let calendar: Vec<u32> = order.iter().map(|&task| task_calendar[task]).collect();
        let has_calendars = calendar.iter().any(|&at| at != PROJECT_CALENDAR);
        let milestone: Vec<bool> = ordered_durations
            .iter()
            .map(|estimate| has_calendars && estimate.low() == 0.0 && estimate.span() == 0.0)
            .collect();
        let early_per_lane = calendar
            .iter()
            .zip(&milestone)
            .map(|(&at, &milestone)| at != PROJECT_CALENDAR || milestone)
            .collect();
        let held_start = ordered
            .iter()
            .enumerate()
            .map(|(at, task)| {
                let driven =
                    !predecessors.of(at).is_empty() || !percent_predecessors.of(at).is_empty();
                held_start(task, driven)
            })
            .collect();
        Ok(Self {
            floor: ordered.iter().map(|task| floor(task)).collect(),
            actual_starts,
            open: ordered
                .iter()
                .map(|task| !is_finished(task.state))
                .collect(),
            low: ordered_durations.iter().map(Estimate::low).collect(),
            step: ordered_durations
                .iter()
                .map(|estimate| estimate.span() / QUANTILE_STEPS)
                .collect(),
            table_start,
            quantiles,
            predecessors,
            successors,
            percent_predecessors,
            percent_successors,
            tracked: (0..tasks.len())
                .filter(|&task| tasks[task].tracked)
                .map(|task| position[task])
                .collect(),
            input_index: order,
            calendars,
            calendar,
            milestone,
            early_per_lane,
            held_start,
        })
    }

    /// Number of tasks in the network (never zero).
    pub(crate) fn len(&self) -> usize {
        self.input_index.len()
    }
}

fn check_relations(count: usize, relations: &[Relation]) -> Result<(), ForecastError> {
    for (index, relation) in relations.iter().enumerate() {
        for task in [relation.predecessor, relation.successor] {
            if task >= count {
                return Err(ForecastError::UnknownTask {
                    relation: index,
                    task,
                });
            }
        }
        let (RelationLag::Working(amount) | RelationLag::Percent(amount)) = relation.lag;
        if !amount.is_finite() {
            return Err(ForecastError::InvalidLag { relation: index });
        }
    }
    Ok(())
}

/// Refuses a start constraint that is not a finite number.
fn check_constraints(tasks: &[NetworkTask]) -> Result<(), ForecastError> {
    match tasks
        .iter()
        .position(|task| task.not_before.is_some_and(|offset| !offset.is_finite()))
    {
        Some(task) => Err(ForecastError::InvalidConstraint { task }),
        None => Ok(()),
    }
}

/// The project calendar followed by the input's, each checked.
fn compile_calendars(calendars: &[BlockedTime]) -> Result<Vec<TaskCalendar>, ForecastError> {
    if u32::try_from(calendars.len()).is_err() {
        return Err(ForecastError::TooLarge);
    }
    std::iter::once(Ok(TaskCalendar::project()))
        .chain(
            calendars
                .iter()
                .enumerate()
                .map(|(index, blocked)| TaskCalendar::compile(index, blocked)),
        )
        .collect()
}

/// The compiled calendar of each input task: the project's when it names none, is done
/// (its dates are history) or names one that blocks nothing (the fast path).
fn task_calendars(
    tasks: &[NetworkTask],
    calendars: &[TaskCalendar],
) -> Result<Vec<u32>, ForecastError> {
    tasks
        .iter()
        .enumerate()
        .map(|(task, input)| {
            let Some(calendar) = input.calendar else {
                return Ok(PROJECT_CALENDAR);
            };
            let compiled = calendars[1..]
                .get(calendar)
                .ok_or(ForecastError::UnknownCalendar { task, calendar })?;
            let done = matches!(input.state, TaskState::Done { .. });
            Ok(if done || compiled.is_empty() {
                PROJECT_CALENDAR
            } else {
                // Below the calendar count, which `compile_calendars` keeps within u32.
                (calendar + 1) as u32
            })
        })
        .collect()
}

/// The duration each trial samples per task: the whole task, the remaining work, or the
/// actual duration of a finished task. Rejects non-finite or reversed actual dates.
fn sampled_durations(tasks: &[NetworkTask]) -> Result<Vec<Estimate>, ForecastError> {
    tasks
        .iter()
        .enumerate()
        .map(|(index, task)| match task.state {
            TaskState::Planned(estimate) => Ok(estimate),
            TaskState::Closed => Ok(Estimate::NONE),
            TaskState::InProgress {
                started_at,
                remaining,
            } if started_at.is_finite() => Ok(remaining),
            TaskState::Done {
                started_at,
                finished_at,
            } if started_at.is_finite() => Estimate::fixed(finished_at - started_at)
                .map_err(|_| ForecastError::InvalidActuals { task: index }),
            _ => Err(ForecastError::InvalidActuals { task: index }),
        })
        .collect()
}

/// The earliest start of a task: its actual start when done, the status date when in
/// progress, the later of the status date and its constraint when planned, its constraint
/// alone when closed.
fn floor(task: &NetworkTask) -> f64 {
    match task.state {
        TaskState::Done { started_at, .. } => started_at,
        TaskState::InProgress { .. } => 0.0,
        TaskState::Planned(_) => task.not_before.map_or(0.0, |offset| offset.max(0.0)),
        TaskState::Closed => task.not_before.unwrap_or(0.0),
    }
}

/// The start-no-earlier-than date a planned task keeps as given when relations drive it
/// (see [`Network::held_start`]); `NEG_INFINITY` otherwise. A date at or before the status
/// date is the status date, which the forecast never starts work before.
fn held_start(task: &NetworkTask, driven: bool) -> f64 {
    match (task.state, task.not_before) {
        (TaskState::Planned(_), Some(offset)) if driven && offset > 0.0 => offset,
        _ => f64::NEG_INFINITY,
    }
}

/// Whether the task's start is history (a relation from it cannot move anything later).
fn has_started(state: TaskState) -> bool {
    matches!(state, TaskState::InProgress { .. } | TaskState::Done { .. })
}

/// Whether the task is finished (it cannot be critical any more).
fn is_finished(state: TaskState) -> bool {
    matches!(state, TaskState::Done { .. } | TaskState::Closed)
}

/// The actual starts of tasks in progress, and per input task the history slot holding
/// its actual start (after the `2 × n` live slots). A finished task needs none: its live
/// start slot already holds its actual start.
fn actual_starts(tasks: &[NetworkTask]) -> (Vec<f64>, Vec<Option<u32>>) {
    let mut starts = Vec::new();
    let slots = tasks
        .iter()
        .map(|task| match task.state {
            TaskState::InProgress { started_at, .. } => {
                starts.push(started_at);
                Some((2 * tasks.len() + starts.len() - 1) as u32)
            }
            TaskState::Planned(_) | TaskState::Done { .. } | TaskState::Closed => None,
        })
        .collect();
    (starts, slots)
}

/// Kahn's algorithm; on a cycle, walks back through unfinished predecessors to name one.
fn topological_order(count: usize, relations: &[Relation]) -> Result<Vec<usize>, ForecastError> {
    let mut successors = vec![Vec::new(); count];
    let mut waiting = vec![0_usize; count];
    for relation in relations {
        successors[relation.predecessor].push(relation.successor);
        waiting[relation.successor] += 1;
    }
    let mut order: Vec<usize> = (0..count).filter(|&task| waiting[task] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        for &successor in &successors[order[next]] {
            waiting[successor] -= 1;
            if waiting[successor] == 0 {
                order.push(successor);
            }
        }
        next += 1;
    }
    if order.len() == count {
        Ok(order)
    } else {
        Err(ForecastError::Cycle {
            tasks: find_cycle(relations, &waiting),
        })
    }
}

/// Every task still waiting after Kahn's algorithm has a waiting predecessor, so walking
/// back from one must revisit a task: the walk from that task on is a cycle.
fn find_cycle(relations: &[Relation], waiting: &[usize]) -> Vec<usize> {
    let mut blocked_by = vec![None; waiting.len()];
    for relation in relations {
        if waiting[relation.predecessor] > 0 && waiting[relation.successor] > 0 {
            blocked_by[relation.successor] = Some(relation.predecessor);
        }
    }
    let mut seen_at = HashMap::new();
    let mut walk = Vec::new();
    let mut current = waiting.iter().position(|&count| count > 0);
    while let Some(task) = current {
        if let Some(&start) = seen_at.get(&task) {
            let mut cycle = walk.split_off(start);
            cycle.reverse();
            return cycle;
        }
        seen_at.insert(task, walk.len());
        walk.push(task);
        current = blocked_by[task];
    }
    walk
}

/// Builds one table per distinct unit shape (in parallel) and points each task at its own.
fn quantile_tables(durations: &[Estimate]) -> (Vec<u32>, Vec<u16>) {
    let mut shape_index = HashMap::new();
    let mut shapes = Vec::new();
    let table_of: Vec<usize> = durations
        .iter()
        .map(|estimate| {
            let shape = estimate.unit_shape();
            *shape_index.entry(shape.key()).or_insert_with(|| {
                shapes.push(shape);
                shapes.len() - 1
            })
        })
        .collect();
    let log_grid = LogGrid::new();
    let tables: Vec<QuantileTable> = shapes
        .par_iter()
        .map(|shape| shape.quantile_table(&log_grid))
        .collect();
    let width = (QUANTILE_INTERVALS + 1) as u32;
    (
        table_of.iter().map(|&table| table as u32 * width).collect(),
        tables.into_iter().flatten().collect(),
    )
}

/// Groups edges by owner position (stable: an owner's edges keep their input order).
fn csr<T>(count: usize, mut owned: Vec<(u32, T)>) -> Csr<T> {
    owned.sort_by_key(|&(owner, _)| owner);
    let mut offsets = vec![0_u32; count + 1];
    for &(owner, _) in &owned {
        offsets[owner as usize + 1] += 1;
    }
    for at in 0..count {
        offsets[at + 1] += offsets[at];
    }
    Csr {
        offsets,
        edges: owned.into_iter().map(|(_, edge)| edge).collect(),
    }
}

fn slot(position: u32, finish: bool) -> u32 {
    2 * position + u32::from(finish)
}

fn weight(binds_own_far_end: bool) -> f64 {
    if binds_own_far_end { 1.0 } else { 0.0 }
}

/// What compiling a relation into edges needs to know about the tasks.
struct CompiledEdges<'a> {
    tasks: &'a [NetworkTask],
    position: &'a [u32],
    task_calendar: &'a [u32],
}

impl CompiledEdges<'_> {
    /// The edge a relation gives its owner, with `slot` and `weight` for its direction,
    /// plain or (for a non-zero percentage) with the share of the predecessor's duration.
    /// Its lag counts on the successor's calendar; a zero lag counts on none (the plain
    /// arithmetic of the project calendar does).
    fn edge(&self, relation: &Relation, slot: u32, own_duration_weight: f64) -> OwnedEdge {
        let successor_calendar = self.task_calendar[relation.successor];
        let plain = |lag: f64| Edge {
            slot,
            own_duration_weight,
            lag,
            lag_calendar: if lag == 0.0 {
                PROJECT_CALENDAR
            } else {
                successor_calendar
            },
        };
        match relation.lag {
            RelationLag::Working(lag) => OwnedEdge::Plain(plain(lag)),
            RelationLag::Percent(0.0) => OwnedEdge::Plain(plain(0.0)),
            RelationLag::Percent(percent) => {
                let share = percent / 100.0;
                // The share of a task in progress already worked (since its actual start).
                let done = match self.tasks[relation.predecessor].state {
                    TaskState::InProgress { started_at, .. } => (-started_at).max(0.0),
                    TaskState::Planned(_) | TaskState::Done { .. } | TaskState::Closed => 0.0,
                };
                OwnedEdge::Percent(PercentEdge {
                    edge: Edge {
                        lag: share * done,
                        lag_calendar: successor_calendar,
                        ..plain(0.0)
                    },
                    share,
                    predecessor: self.position[relation.predecessor],
                })
            }
        }
    }

    /// Edges each task reads in the forward pass. A finished task keeps its actual
    /// dates, so nothing drives it.
    fn forward(
        &self,
        relations: &[Relation],
        actual_start_slot: &[Option<u32>],
    ) -> (Csr<Edge>, Csr<PercentEdge>) {
        let owned = relations
            .iter()
            .filter(|relation| {
                !matches!(self.tasks[relation.successor].state, TaskState::Done { .. })
            })
            .map(|relation| {
                let from_finish = relation.kind.leaves_predecessor_finish();
                let history = actual_start_slot[relation.predecessor].filter(|_| !from_finish);
                let slot = history
                    .unwrap_or_else(|| slot(self.position[relation.predecessor], from_finish));
                let weight = weight(relation.kind.reaches_successor_finish());
                (
                    self.position[relation.successor],
                    self.edge(relation, slot, weight),
                )
            });
        self.group(owned)
    }

    /// Edges each task reads in the backward pass. Relations touching a finished task,
    /// and relations from the start of a started task, bind dates that are history: they
    /// cannot make a task critical, so they are left out.
    fn backward(&self, relations: &[Relation]) -> (Csr<Edge>, Csr<PercentEdge>) {
        let owned = relations
            .iter()
            .filter(|relation| {
                let predecessor = self.tasks[relation.predecessor].state;
                let successor = self.tasks[relation.successor].state;
                let binds_actual_start =
                    !relation.kind.leaves_predecessor_finish() && has_started(predecessor);
                !matches!(predecessor, TaskState::Done { .. })
                    && !matches!(successor, TaskState::Done { .. })
                    && !binds_actual_start
            })
            .map(|relation| {
                let slot = slot(
                    self.position[relation.successor],
                    relation.kind.reaches_successor_finish(),
                );
                let weight = weight(!relation.kind.leaves_predecessor_finish());
                (
                    self.position[relation.predecessor],
                    self.edge(relation, slot, weight),
                )
            });
        self.group(owned)
    }

    /// Plain and percentage edges, each grouped by owner.
    fn group(
        &self,
        owned: impl Iterator<Item = (u32, OwnedEdge)>,
    ) -> (Csr<Edge>, Csr<PercentEdge>) {
        let mut plain = Vec::new();
        let mut percent = Vec::new();
        for (owner, edge) in owned {
            match edge {
                OwnedEdge::Plain(edge) => plain.push((owner, edge)),
                OwnedEdge::Percent(edge) => percent.push((owner, edge)),
            }
        }
        let count = self.tasks.len();
        (csr(count, plain), csr(count, percent))
    }
}

/// A compiled edge of either kind.
enum OwnedEdge {
    Plain(Edge),
    Percent(PercentEdge),
}
