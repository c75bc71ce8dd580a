//! The forward and backward passes over leaf tasks, rule for rule as MPXJ's
//! `MicrosoftScheduler` (without progress, resources or levelling delay).

use crate::calendar::{CivilSecond, WorkCalendar};

use super::model::RelationType;
use super::network::{Edge, Graph};
use super::timing::{Rule, TaskTiming};

/// Early and late dates of every task, by task position: instants, or anything ordered
/// like them (the numbered passes' keys, work-number positions for slack).
#[derive(Debug, Clone)]
pub(crate) struct Dates<T = CivilSecond> {
    pub(crate) early_start: Vec<T>,
    pub(crate) early_finish: Vec<T>,
    pub(crate) late_start: Vec<T>,
    pub(crate) late_finish: Vec<T>,
}

impl<T: Copy + Default> Dates<T> {
    pub(crate) fn new(task_count: usize) -> Self {
        Self {
            early_start: vec![T::default(); task_count],
            early_finish: vec![T::default(); task_count],
            late_start: vec![T::default(); task_count],
            late_finish: vec![T::default(); task_count],
        }
    }
}

/// A constraint that moved a task against its relations: earlier than its predecessors
/// allow in the forward pass (starts), later than its successors allow in the backward
/// pass of a backward project (finishes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConstraintOverride {
    pub(crate) task: usize,
    /// The date the relations require.
    pub(crate) logic: CivilSecond,
    /// The date the constraint imposes.
    pub(crate) constrained: CivilSecond,
    /// Whether the dates are finishes (backward pass) rather than starts.
    pub(crate) finish: bool,
}

/// Everything the passes read, plus the dates they write.
pub(crate) struct Passes<'a> {
    pub(crate) project_start: CivilSecond,
    pub(crate) project_finish: CivilSecond,
    pub(crate) timings: &'a [TaskTiming],
    pub(crate) calendars: &'a [WorkCalendar],
    pub(crate) graph: &'a Graph,
    pub(crate) dates: Dates,
    /// Set for the forward pass that follows the backward pass: links out of
    /// as-late-as-possible tasks then use their late dates.
    pub(crate) after_backward_pass: bool,
    /// The project is scheduled backward from `project_finish`: the backward pass comes
    /// first and applies every constraint, the forward pass only the lower bounds.
    pub(crate) from_finish: bool,
    /// Set for the backward pass that follows the forward pass of a backward project:
    /// links into as-soon-as-possible tasks then use their early dates.
    pub(crate) after_forward_pass: bool,
}

impl<'a> Passes<'a> {
    pub(crate) fn new(
        project_start: CivilSecond,
        timings: &'a [TaskTiming],
        calendars: &'a [WorkCalendar],
        graph: &'a Graph,
        dates: Dates,
    ) -> Self {
        Self {
            project_start,
            project_finish: project_start,
            timings,
            calendars,
            graph,
            dates,
            after_backward_pass: false,
            from_finish: false,
            after_forward_pass: false,
        }
    }

    fn calendar(&self, task: usize) -> &'a WorkCalendar {
        &self.calendars[self.timings[task].calendar as usize]
    }

    fn add_duration(&self, task: usize, instant: CivilSecond) -> CivilSecond {
        self.timings[task]
            .duration()
            .apply(self.calendar(task), instant)
    }

    fn subtract_duration(&self, task: usize, instant: CivilSecond) -> CivilSecond {
        self.timings[task]
            .duration()
            .negate()
            .apply(self.calendar(task), instant)
    }

    /// Lags are counted on the successor's calendar.
    fn add_lag(&self, edge: &Edge, successor: usize, instant: CivilSecond) -> CivilSecond {
        let lag = edge.lag();
        if lag.is_zero() {
            return instant;
        }
        lag.apply(self.calendar(successor), instant)
    }

    fn remove_lag(&self, edge: &Edge, successor: usize, instant: CivilSecond) -> CivilSecond {
        let lag = edge.lag();
        if lag.is_zero() {
            return instant;
        }
        lag.negate().apply(self.calendar(successor), instant)
    }

    /// MPXJ's task-level `getNextWorkStart`: a milestone may stay at the end of a period.
    fn next_work_start(&self, task: usize, instant: CivilSecond) -> CivilSecond {
        self.next_work_start_numbered(task, instant).0
    }

    /// [`Self::next_work_start`] and the work number of the result on the task's
    /// calendar (so the finish can be found without looking the start up again).
    fn next_work_start_numbered(&self, task: usize, instant: CivilSecond) -> (CivilSecond, i64) {
        let calendar = self.calendar(task);
        let number = calendar.work_number(instant);
        let next = calendar.start_of(number);
        if next > instant && self.timings[task].milestone && calendar.ends_working_range(instant) {
            (instant, number)
        } else {
            (next, number)
        }
    }

    /// The early finish of a task starting at `start`, whose work number is `number`.
    fn finish_from(&self, task: usize, start: CivilSecond, number: i64) -> CivilSecond {
        let duration = self.timings[task].duration();
        if duration.is_zero() {
            start
        } else if duration.elapsed {
            duration.apply(self.calendar(task), start)
        } else {
            self.calendar(task)
                .finish_of(number + duration.millis / 1000)
        }
    }

    /// Runs the forward pass over all leaf tasks; returns where constraints beat logic.
    pub(crate) fn forward(&mut self) -> Vec<ConstraintOverride> {
        let mut overrides = Vec::new();
        for position in 0..self.graph.order.len() {
            let task = self.graph.order[position];
            if let Some(conflict) = self.forward_task(task) {
                overrides.push(conflict);
            }
        }
        overrides
    }

    fn forward_task(&mut self, task: usize) -> Option<ConstraintOverride> {
        let timing = self.timings[task];
        let incoming = self.graph.incoming(task);
        let date = timing.constraint_date;
        let mut early_finish = None;
        let logic_start = if incoming.is_empty() {
            match timing.rule {
                Rule::StartNoEarlierThan if !self.from_finish => date,
                Rule::FinishNoEarlierThan if !self.from_finish => {
                    early_finish = Some(date);
                    self.subtract_duration(task, date)
                }
                _ => self.next_work_start(task, self.project_start),
            }
        } else {
            incoming
                .iter()
                .map(|edge| self.early_start_from(edge, task))
                .max()
                .unwrap_or(self.project_start)
        };
        let (logic_start, logic_number) = self.next_work_start_numbered(task, logic_start);
        let mut early_start = logic_start;
        match timing.rule {
            Rule::StartNoEarlierThan => early_start = early_start.max(date),
            // In a backward project the upper bounds belong to the backward pass.
            Rule::FinishNoLaterThan | Rule::StartNoLaterThan if self.from_finish => {}
            Rule::FinishNoLaterThan => {
                early_start = early_start.min(self.subtract_duration(task, date));
            }
            Rule::FinishNoEarlierThan => {
                early_start = early_start.max(self.subtract_duration(task, date));
            }
            Rule::StartNoLaterThan => early_start = early_start.min(date),
            Rule::MustStartOn => early_start = date,
            Rule::MustFinishOn => {
                early_finish = Some(date);
                early_start = self.subtract_duration(task, date);
            }
            Rule::AsSoonAsPossible | Rule::AsLateAsPossible => {}
        }
        self.dates.early_start[task] = early_start;
        self.dates.early_finish[task] = early_finish.unwrap_or_else(|| {
            if early_start == logic_start {
                self.finish_from(task, early_start, logic_number)
            } else {
                self.add_duration(task, early_start)
            }
        });
        (!incoming.is_empty() && early_start < logic_start).then_some(ConstraintOverride {
            task,
            logic: logic_start,
            constrained: early_start,
            finish: false,
        })
    }

    /// Whether a link out of a task that keeps its late dates (as late as possible) into
    /// one that does not should use the predecessor's late dates (only once late dates
    /// exist, in a forward project).
    fn uses_late_dates(&self, predecessor: usize, successor: usize) -> bool {
        self.after_backward_pass
            && self.timings[predecessor].keeps_late
            && !self.timings[successor].keeps_late
    }

    /// The early start `successor` needs for the link `edge` from its predecessor.
    fn early_start_from(&self, edge: &Edge, successor: usize) -> CivilSecond {
        let predecessor = edge.task as usize;
        let dates = &self.dates;
        let late = self.uses_late_dates(predecessor, successor);
        let predecessor_start = if late {
            dates.late_start[predecessor]
        } else {
            dates.early_start[predecessor]
        };
        let predecessor_finish = if late {
            dates.late_finish[predecessor]
        } else {
            dates.early_finish[predecessor]
        };
        match edge.kind {
            RelationType::FinishStart => self.add_lag(edge, successor, predecessor_finish),
            RelationType::StartStart => self.add_lag(edge, successor, predecessor_start),
            RelationType::FinishFinish => {
                let start = self.subtract_duration(successor, predecessor_finish);
                self.add_lag(edge, successor, start).max(self.project_start)
            }
            RelationType::StartFinish => {
                let start = self.subtract_duration(successor, predecessor_start);
                self.add_lag(edge, successor, start)
            }
        }
    }

    /// Runs the backward pass from `project_finish` over all leaf tasks; returns where
    /// constraints beat logic (only a backward project's pass applies the lower bounds
    /// that can).
    pub(crate) fn backward(&mut self) -> Vec<ConstraintOverride> {
        let mut overrides = Vec::new();
        for position in (0..self.graph.order.len()).rev() {
            let task = self.graph.order[position];
            if let Some(conflict) = self.backward_task(task) {
                overrides.push(conflict);
            }
        }
        overrides
    }

    fn backward_task(&mut self, task: usize) -> Option<ConstraintOverride> {
        let timing = self.timings[task];
        let outgoing = self.graph.outgoing(task);
        let date = timing.constraint_date;
        let mut late_finish = if outgoing.is_empty() {
            // Mirror of the forward pass: in a backward project an upper-bound
            // constraint on a task without successors places it on its date.
            match timing.rule {
                Rule::FinishNoLaterThan if self.from_finish => date,
                Rule::StartNoLaterThan if self.from_finish => self.add_duration(task, date),
                _ => self.project_finish,
            }
        } else {
            outgoing
                .iter()
                .map(|edge| self.late_finish_from(task, edge))
                .min()
                .unwrap_or(self.project_finish)
        };
        let logic_finish = late_finish;
        match timing.rule {
            Rule::MustStartOn => late_finish = self.add_duration(task, date),
            Rule::MustFinishOn => late_finish = date,
            Rule::StartNoLaterThan => {
                late_finish = late_finish.min(self.add_duration(task, date));
            }
            Rule::FinishNoLaterThan => late_finish = late_finish.min(date),
            Rule::StartNoEarlierThan if self.from_finish => {
                late_finish = late_finish.max(self.add_duration(task, date));
            }
            Rule::FinishNoEarlierThan if self.from_finish => {
                late_finish = late_finish.max(date);
            }
            _ => {}
        }
        if let Some(deadline) = timing.deadline {
            late_finish = late_finish.min(deadline);
        }
        let calendar = self.calendar(task);
        let conflict = (self.from_finish && !outgoing.is_empty() && late_finish > logic_finish)
            .then(|| ConstraintOverride {
                task,
                logic: calendar.equivalent_previous_finish(logic_finish),
                constrained: late_finish,
                finish: true,
            });
        let (late_finish, number) = calendar.equivalent_previous_finish_numbered(late_finish);
        self.dates.late_finish[task] = late_finish;
        self.dates.late_start[task] = if timing.elapsed {
            self.subtract_duration(task, late_finish)
        } else {
            calendar.subtract_work_numbered(late_finish, number, timing.minutes * 60)
        };
        conflict
    }

    /// Whether a link out of a task that keeps its late dates into one that keeps its
    /// early dates should use the successor's early dates (only in the backward pass
    /// that follows the forward pass of a backward project).
    fn uses_early_dates(&self, predecessor: usize, successor: usize) -> bool {
        self.after_forward_pass
            && self.timings[predecessor].keeps_late
            && !self.timings[successor].keeps_late
    }

    /// The late finish `predecessor` allows for the link `edge` to its successor.
    fn late_finish_from(&self, predecessor: usize, edge: &Edge) -> CivilSecond {
        let successor = edge.task as usize;
        let dates = &self.dates;
        let (successor_start, successor_finish) = if self.uses_early_dates(predecessor, successor) {
            (dates.early_start[successor], dates.early_finish[successor])
        } else {
            (dates.late_start[successor], dates.late_finish[successor])
        };
        let late_finish = match edge.kind {
            RelationType::StartStart => {
                let successor_start = self.calendar(predecessor).next_work_start(successor_start);
                let late_start = self.remove_lag(edge, successor, successor_start);
                self.add_duration(predecessor, late_start)
            }
            RelationType::FinishFinish => self.remove_lag(edge, successor, successor_finish),
            RelationType::FinishStart => self.remove_lag(edge, successor, successor_start),
            RelationType::StartFinish => {
                let finish = self.add_duration(predecessor, successor_finish);
                self.remove_lag(edge, successor, finish)
            }
        };
        late_finish.min(self.project_finish)
    }
}
