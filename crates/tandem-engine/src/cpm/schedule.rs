//! Runs the passes in MPXJ's order and assembles the [`Schedule`].

use jiff::civil::DateTime;
use rayon::prelude::*;

use crate::calendar::{CalendarUid, CivilSecond, WorkCalendar, to_datetime, to_second};

use super::datetimes::DateTimes;
use super::error::ScheduleError;
use super::key_datetimes::{CachedKeyDateTimes, KeyDateTimes};
use super::model::{Project, ScheduleFrom, TaskUid};
use super::network::{Graph, Network};
use super::numbered::{self, Key, NumberedRun};
use super::output::{Schedule, ScheduledTask, Warning};
use super::parallel;
use super::passes::{ConstraintOverride, Dates, Passes};
use super::rollup::{Bars, roll_up};
use super::slack::{SlackInputs, TaskSlack};
use super::timing::TaskTiming;

/// Schedules `project` forward from its start date with MS Project's rules.
///
/// Fails on dependency cycles (naming the tasks), unknown references, duplicate uids and
/// calendars without working time; constraints that cannot be met are reported as
/// warnings in the result, as MS Project lets them override the logic.
pub fn schedule(project: &Project) -> Result<Schedule, ScheduleError> {
    schedule_from(project, ScheduleFrom::Start)
}

/// Schedules `project` forward from its start date or backward from a finish date (see
/// [`ScheduleFrom`]); otherwise as [`schedule`]. A backward project's `start` only
/// anchors the calendars' index.
pub fn schedule_from(project: &Project, from: ScheduleFrom) -> Result<Schedule, ScheduleError> {
    schedule_with(project, from, true).map(|(schedule, _)| schedule)
}

/// [`schedule_from`], running the passes on work numbers when `numbered` allows and the
/// project qualifies; also says whether they did (the tests compare both paths).
pub(crate) fn schedule_with(
    project: &Project,
    from: ScheduleFrom,
    numbered: bool,
) -> Result<(Schedule, bool), ScheduleError> {
    let from_finish = matches!(from, ScheduleFrom::Finish(_));
    // Indexing the network and compiling calendars and timings are independent.
    let (network, compiled) = parallel::both(
        parallel::worth_it(project.tasks.len()),
        || Network::new(project),
        || compile_calendars(project, from_finish),
    );
    let network = network?;
    let (calendars, mut timings) = compiled?;
    mark_summaries(&network, &mut timings, from_finish);
    let graph = Graph::new(project, &network, &network.links, &timings)?;
    let context = PassContext {
        project,
        network: &network,
        timings: &timings,
        calendars: &calendars,
        graph: &graph,
        from_finish,
    };
    if numbered && from == ScheduleFrom::Start {
        let project_start = to_second(project.start);
        let run = numbered::forward_project(&network, &timings, &calendars, &graph, project_start);
        if let Some(run) = run {
            return Ok((context.numbered_schedule(run), true));
        }
    }
    let run = match from {
        ScheduleFrom::Start => context.forward_project(to_second(project.start))?,
        ScheduleFrom::Finish(finish) => context.backward_project(to_second(finish))?,
    };
    Ok((context.general_schedule(run), false))
}

/// The six date-times of one task in the output.
struct TaskDateTimes {
    start: DateTime,
    finish: DateTime,
    early_start: DateTime,
    early_finish: DateTime,
    late_start: DateTime,
    late_finish: DateTime,
}

fn scheduled_task(uid: TaskUid, dates: TaskDateTimes, slack: TaskSlack) -> ScheduledTask {
    ScheduledTask {
        uid,
        start: dates.start,
        finish: dates.finish,
        early_start: dates.early_start,
        early_finish: dates.early_finish,
        late_start: dates.late_start,
        late_finish: dates.late_finish,
        total_slack: slack.total,
        free_slack: slack.free,
        critical: slack.critical,
    }
}

/// What the passes produce: every leaf task's dates, the project's span and where
/// constraints beat logic.
struct PassResult {
    dates: Dates,
    project_start: CivilSecond,
    project_finish: CivilSecond,
    overrides: Vec<ConstraintOverride>,
}

/// The inputs every pass reads.
struct PassContext<'a> {
    project: &'a Project,
    network: &'a Network,
    timings: &'a [TaskTiming],
    calendars: &'a [WorkCalendar],
    graph: &'a Graph,
    from_finish: bool,
}

impl PassContext<'_> {
    /// MPXJ's order: forward pass (again once summary relations are expanded onto
    /// leaves), backward pass from the latest early finish, and a last forward pass when
    /// a task is as late as possible.
    fn forward_project(&self, project_start: CivilSecond) -> Result<PassResult, ScheduleError> {
        let timings = self.timings;
        let mut passes = self.passes(project_start, self.graph, None);
        let mut overrides = passes.forward();
        let expanded = self.expanded(&passes.dates.early_start)?;
        let graph = expanded.as_ref().unwrap_or(self.graph);
        let mut passes = self.passes(project_start, graph, Some(passes.dates));
        if expanded.is_some() {
            overrides = passes.forward();
        }
        passes.project_finish = graph
            .order
            .iter()
            .map(|&task| passes.dates.early_finish[task])
            .max()
            .unwrap_or(project_start);
        passes.backward();
        if graph.order.iter().any(|&task| timings[task].keeps_late) {
            passes.after_backward_pass = true;
            overrides = passes.forward();
        }
        Ok(PassResult {
            project_start,
            project_finish: passes.project_finish,
            dates: passes.dates,
            overrides,
        })
    }

    /// The mirror image for a project scheduled from its finish: backward pass from the
    /// finish date (again once summary relations are expanded, choosing leaves by late
    /// start), forward pass from the earliest late start, and a last backward pass when a
    /// task is as soon as possible.
    fn backward_project(&self, project_finish: CivilSecond) -> Result<PassResult, ScheduleError> {
        let timings = self.timings;
        let mut passes = self.passes(project_finish, self.graph, None);
        passes.project_finish = project_finish;
        let mut overrides = passes.backward();
        let expanded = self.expanded(&passes.dates.late_start)?;
        let graph = expanded.as_ref().unwrap_or(self.graph);
        let mut passes = self.passes(project_finish, graph, Some(passes.dates));
        passes.project_finish = project_finish;
        if expanded.is_some() {
            overrides = passes.backward();
        }
        passes.project_start = graph
            .order
            .iter()
            .map(|&task| passes.dates.late_start[task])
            .min()
            .unwrap_or(project_finish);
        passes.forward();
        if graph.order.iter().any(|&task| !timings[task].keeps_late) {
            passes.after_forward_pass = true;
            overrides = passes.backward();
        }
        Ok(PassResult {
            project_start: passes.project_start,
            project_finish,
            dates: passes.dates,
            overrides,
        })
    }

    fn passes<'p>(
        &'p self,
        project_start: CivilSecond,
        graph: &'p Graph,
        dates: Option<Dates>,
    ) -> Passes<'p> {
        let dates = dates.unwrap_or_else(|| Dates::new(self.project.tasks.len()));
        let mut passes = Passes::new(project_start, self.timings, self.calendars, graph, dates);
        passes.from_finish = self.from_finish;
        passes
    }

    /// The graph of the links with summary relations expanded onto leaves (choosing by
    /// `starts`), or `None` when no relation touches a summary task.
    fn expanded(&self, starts: &[CivilSecond]) -> Result<Option<Graph>, ScheduleError> {
        let network = self.network;
        if network.summary_relations.is_empty() {
            return Ok(None);
        }
        let mut links = network.links.clone();
        links.extend(network.expand_summary_relations(starts));
        Graph::new(self.project, network, &links, self.timings).map(Some)
    }

    /// What slack is computed from; `instants` as in [`SlackInputs::instants`] (the
    /// numbered path has none, and no task keeps late dates there).
    fn slack_inputs<'s>(&'s self, instants: Option<&'s Dates>) -> SlackInputs<'s> {
        SlackInputs {
            project: self.project,
            network: self.network,
            graph: self.graph,
            timings: self.timings,
            calendars: self.calendars,
            instants,
            some_keep_late: instants.is_some()
                && self.timings.iter().any(|timing| timing.keeps_late),
        }
    }

    /// The schedule from the numbered passes: summaries roll up on keys, slack comes
    /// from their work numbers, and each key becomes a date-time only for the output.
    /// Every task keeps its early dates (all are as soon as possible).
    fn numbered_schedule(&self, run: NumberedRun) -> Schedule {
        let NumberedRun {
            mut keys,
            project_finish,
        } = run;
        roll_up(self.network, self.timings, &mut keys, None, false);
        // Keys are ordered like their instants: the extremes give the span.
        let (Some(earliest), Some(latest)) = (all_dates(&keys).min(), all_dates(&keys).max())
        else {
            // No task at all.
            return self.assemble(self.project.start, project_finish, Vec::new(), &[]);
        };
        let datetimes = KeyDateTimes::new(&self.calendars[0], earliest, latest);
        let slack = self.slack_inputs(None).slack(&keys);
        let task = |datetimes: &mut CachedKeyDateTimes, index: usize| {
            let mut date = |key: Key| datetimes.get(key);
            let early_start = date(keys.early_start[index]);
            let early_finish = date(keys.early_finish[index]);
            let dates = TaskDateTimes {
                start: early_start,
                finish: early_finish,
                early_start,
                early_finish,
                late_start: date(keys.late_start[index]),
                late_finish: date(keys.late_finish[index]),
            };
            scheduled_task(self.project.tasks[index].uid, dates, slack.of(index))
        };
        let count = self.project.tasks.len();
        let tasks = if !parallel::worth_it(count) {
            let mut cache = datetimes.cached();
            (0..count).map(|index| task(&mut cache, index)).collect()
        } else {
            (0..count)
                .into_par_iter()
                .with_min_len(parallel::PARALLEL_TASKS / 2)
                .map_init(|| datetimes.cached(), task)
                .collect()
        };
        self.assemble(self.project.start, project_finish, tasks, &[])
    }

    /// The schedule from the general passes: summaries roll up on instants, as do the
    /// dates each task keeps (its late ones if it keeps late dates).
    fn general_schedule(&self, run: PassResult) -> Schedule {
        let mut dates = run.dates;
        let mut bars = kept_dates(self.timings, &dates);
        roll_up(
            self.network,
            self.timings,
            &mut dates,
            Some(&mut bars),
            self.from_finish,
        );
        let inputs = self.slack_inputs(Some(&dates));
        let positions = inputs.positions(&dates);
        let slack = inputs.slack(&positions);
        let datetimes = DateTimes::covering(all_dates(&dates));
        let tasks = self
            .project
            .tasks
            .iter()
            .enumerate()
            .map(|(index, task)| {
                let early_start = datetimes.get(dates.early_start[index]);
                let early_finish = datetimes.get(dates.early_finish[index]);
                let late_start = datetimes.get(dates.late_start[index]);
                let late_finish = datetimes.get(dates.late_finish[index]);
                // The kept dates are the early or the late ones (or rolled up): reuse them.
                let kept = |instant: CivilSecond,
                            early: (CivilSecond, DateTime),
                            late: (CivilSecond, DateTime)| {
                    if instant == early.0 {
                        early.1
                    } else if instant == late.0 {
                        late.1
                    } else {
                        datetimes.get(instant)
                    }
                };
                let start = kept(
                    bars.start[index],
                    (dates.early_start[index], early_start),
                    (dates.late_start[index], late_start),
                );
                let finish = kept(
                    bars.finish[index],
                    (dates.early_finish[index], early_finish),
                    (dates.late_finish[index], late_finish),
                );
                let dates = TaskDateTimes {
                    start,
                    finish,
                    early_start,
                    early_finish,
                    late_start,
                    late_finish,
                };
                scheduled_task(task.uid, dates, slack.of(index))
            })
            .collect();
        let start = if self.from_finish {
            to_datetime(run.project_start)
        } else {
            self.project.start
        };
        self.assemble(start, run.project_finish, tasks, &run.overrides)
    }

    /// The schedule with its span and warnings.
    fn assemble(
        &self,
        start: DateTime,
        finish: CivilSecond,
        tasks: Vec<ScheduledTask>,
        overrides: &[ConstraintOverride],
    ) -> Schedule {
        let warnings = warnings(self.project, self.network, overrides, &tasks);
        Schedule {
            start,
            finish: to_datetime(finish),
            tasks,
            warnings,
        }
    }
}

/// Every date of every task, for the span the output converts.
fn all_dates<T: Copy>(dates: &Dates<T>) -> impl Iterator<Item = T> + '_ {
    [
        &dates.early_start,
        &dates.early_finish,
        &dates.late_start,
        &dates.late_finish,
    ]
    .into_iter()
    .flat_map(|values| values.iter().copied())
}

/// Compiles every calendar a task uses (the project calendar for the rest) and the
/// per-task timing facts, as if no task were a summary (see [`mark_summaries`]).
fn compile_calendars(
    project: &Project,
    from_finish: bool,
) -> Result<(Vec<WorkCalendar>, Vec<TaskTiming>), ScheduleError> {
    let anchor = project.start.date();
    let mut calendars = vec![WorkCalendar::compile(
        &project.calendars,
        project.calendar,
        anchor,
    )?];
    // Projects use a handful of calendars: a linear search beats hashing per task.
    let mut compiled_uids: Vec<CalendarUid> = vec![project.calendar];
    let mut timings = Vec::with_capacity(project.tasks.len());
    for task in &project.tasks {
        let uid = task.calendar.unwrap_or(project.calendar);
        let position = match compiled_uids.iter().position(|&compiled| compiled == uid) {
            Some(position) => position,
            None => {
                calendars.push(WorkCalendar::compile(&project.calendars, uid, anchor)?);
                compiled_uids.push(uid);
                calendars.len() - 1
            }
        };
        timings.push(TaskTiming::new(task, position, from_finish));
    }
    Ok((calendars, timings))
}

/// Summary durations count as working time; in a backward project a summary's
/// constraint is ignored and its dates roll up as late ones.
fn mark_summaries(network: &Network, timings: &mut [TaskTiming], from_finish: bool) {
    for (index, timing) in timings.iter_mut().enumerate() {
        if network.is_summary(index) {
            timing.elapsed = false;
            if from_finish {
                (timing.keeps_late, timing.pinned) = (true, false);
            }
        }
    }
}

/// Start and finish each leaf task keeps: late dates if it keeps late dates.
fn kept_dates(timings: &[TaskTiming], dates: &Dates) -> Bars<CivilSecond> {
    let pick = |early: &[CivilSecond], late: &[CivilSecond]| {
        timings
            .iter()
            .enumerate()
            .map(|(task, timing)| {
                if timing.keeps_late {
                    late[task]
                } else {
                    early[task]
                }
            })
            .collect()
    };
    Bars {
        start: pick(&dates.early_start, &dates.late_start),
        finish: pick(&dates.early_finish, &dates.late_finish),
    }
}

fn warnings(
    project: &Project,
    network: &Network,
    overrides: &[ConstraintOverride],
    tasks: &[ScheduledTask],
) -> Vec<Warning> {
    let ignored_constraints = project
        .tasks
        .iter()
        .enumerate()
        .filter(|&(index, task)| task.constraint.date().is_some() && network.is_summary(index))
        .map(|(_, task)| Warning::SummaryConstraintIgnored {
            task: task.uid,
            name: task.name.clone(),
            constraint: task.constraint,
        });
    let ignored_deadlines = project
        .tasks
        .iter()
        .enumerate()
        .filter(|&(index, _)| network.is_summary(index))
        .filter_map(|(_, task)| {
            Some(Warning::SummaryDeadlineIgnored {
                task: task.uid,
                name: task.name.clone(),
                deadline: task.deadline?,
            })
        });
    let constraint_warnings = overrides.iter().map(|conflict| {
        let task = project.tasks[conflict.task].uid;
        let (logic, constrained) = (
            to_datetime(conflict.logic),
            to_datetime(conflict.constrained),
        );
        if conflict.finish {
            Warning::ConstraintOverridesSuccessors {
                task,
                logic_finish: logic,
                constrained_finish: constrained,
            }
        } else {
            Warning::ConstraintOverridesLogic {
                task,
                logic_start: logic,
                constrained_start: constrained,
            }
        }
    });
    let slack_warnings = tasks
        .iter()
        .enumerate()
        .filter(|&(index, task)| task.total_slack < 0 && !network.is_summary(index))
        .map(|(_, task)| Warning::NegativeSlack {
            task: task.uid,
            total_slack: task.total_slack,
        });
    ignored_constraints
        .chain(ignored_deadlines)
        .chain(constraint_warnings)
        .chain(slack_warnings)
        .collect()
}
