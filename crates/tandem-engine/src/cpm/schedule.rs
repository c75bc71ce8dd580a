//! Runs the passes in MPXJ's order and assembles the [`Schedule`].

use jiff::civil::DateTime;

use crate::calendar::{CalendarUid, CivilSecond, WorkCalendar, to_datetime, to_second};

use super::datetimes::DateTimes;
use super::error::ScheduleError;
use super::model::{Project, ScheduleFrom};
use super::network::{Graph, Network};
use super::numbered::{self, NumberedDates};
use super::output::{Schedule, ScheduledTask, Warning};
use super::passes::{ConstraintOverride, Dates, Passes};
use super::rollup::{Bars, roll_up};
use super::slack::{self, SlackInputs};
use super::timing::{TaskTiming, resolve_lags};

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
    let network = Network::new(project)?;
    let from_finish = matches!(from, ScheduleFrom::Finish(_));
    let (calendars, timings) = compile_calendars(project, &network, from_finish)?;
    let lags = resolve_lags(&network.links, &timings);
    let graph = Graph::new(project, &network, &network.links, &lags)?;
    let context = PassContext {
        project,
        network: &network,
        timings: &timings,
        calendars: &calendars,
        graph: &graph,
        from_finish,
        numbered,
    };
    let run = match from {
        ScheduleFrom::Start => context.forward_project(to_second(project.start))?,
        ScheduleFrom::Finish(finish) => context.backward_project(to_second(finish))?,
    };
    let numbers = run.numbers;
    let used_numbers = numbers.is_some();
    let mut dates = run.dates;

    let mut bars = kept_dates(&timings, &dates);
    roll_up(&network, &timings, &mut dates, &mut bars, from_finish);
    let slack = slack::compute(
        &SlackInputs {
            network: &network,
            graph: &graph,
            timings: &timings,
            calendars: &calendars,
            dates: &dates,
        },
        numbers,
    );

    let datetimes = DateTimes::covering(
        [
            &dates.early_start,
            &dates.early_finish,
            &dates.late_start,
            &dates.late_finish,
        ]
        .into_iter()
        .flat_map(|instants| instants.iter().copied()),
    );
    let tasks = project
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
            ScheduledTask {
                uid: task.uid,
                name: task.name.clone(),
                start,
                finish,
                early_start,
                early_finish,
                late_start,
                late_finish,
                total_slack: slack.total[index],
                free_slack: slack.free[index],
                critical: slack.critical[index],
            }
        })
        .collect();
    let warnings = warnings(project, &network, &run.overrides, &slack.total);
    let schedule = Schedule {
        start: match from {
            ScheduleFrom::Start => project.start,
            ScheduleFrom::Finish(_) => to_datetime(run.project_start),
        },
        finish: to_datetime(run.project_finish),
        tasks,
        warnings,
    };
    Ok((schedule, used_numbers))
}

/// What the passes produce: every leaf task's dates, the project's span and where
/// constraints beat logic.
struct PassResult {
    dates: Dates,
    project_start: CivilSecond,
    project_finish: CivilSecond,
    overrides: Vec<ConstraintOverride>,
    /// The leaf tasks' work numbers, when the passes ran on them.
    numbers: Option<NumberedDates>,
}

/// The inputs every pass reads.
struct PassContext<'a> {
    project: &'a Project,
    network: &'a Network,
    timings: &'a [TaskTiming],
    calendars: &'a [WorkCalendar],
    graph: &'a Graph,
    from_finish: bool,
    /// Whether the passes may run on work numbers (see [`numbered`]).
    numbered: bool,
}

impl PassContext<'_> {
    /// MPXJ's order (on work numbers when the project qualifies): forward pass (again once summary relations are expanded onto
    /// leaves), backward pass from the latest early finish, and a last forward pass when
    /// a task is as late as possible.
    fn forward_project(&self, project_start: CivilSecond) -> Result<PassResult, ScheduleError> {
        let timings = self.timings;
        let fast = if self.numbered {
            numbered::forward_project(
                self.network,
                timings,
                self.calendars,
                self.graph,
                project_start,
            )
        } else {
            None
        };
        if let Some(run) = fast {
            return Ok(PassResult {
                dates: run.dates,
                project_start,
                project_finish: run.project_finish,
                overrides: Vec::new(),
                numbers: Some(run.numbers),
            });
        }
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
            numbers: None,
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
            numbers: None,
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
        let lags = resolve_lags(&links, self.timings);
        Graph::new(self.project, network, &links, &lags).map(Some)
    }
}

/// Compiles every calendar a task uses (the project calendar for the rest) and the
/// per-task timing facts. Summary durations count as working time.
fn compile_calendars(
    project: &Project,
    network: &Network,
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
    for (index, task) in project.tasks.iter().enumerate() {
        let uid = task.calendar.unwrap_or(project.calendar);
        let position = match compiled_uids.iter().position(|&compiled| compiled == uid) {
            Some(position) => position,
            None => {
                calendars.push(WorkCalendar::compile(&project.calendars, uid, anchor)?);
                compiled_uids.push(uid);
                calendars.len() - 1
            }
        };
        let mut timing = TaskTiming::new(task, position, from_finish);
        if network.is_summary(index) {
            timing.elapsed = false;
            if from_finish {
                // A summary's constraint is ignored; its dates roll up as late ones.
                (timing.keeps_late, timing.pinned) = (true, false);
            }
        }
        timings.push(timing);
    }
    Ok((calendars, timings))
}

/// Start and finish each leaf task keeps: late dates if it keeps late dates.
fn kept_dates(timings: &[TaskTiming], dates: &Dates) -> Bars {
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
    total_slack: &[i64],
) -> Vec<Warning> {
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
    let slack_warnings = total_slack
        .iter()
        .enumerate()
        .filter(|&(task, &slack)| slack < 0 && !network.is_summary(task))
        .map(|(task, &slack)| Warning::NegativeSlack {
            task: project.tasks[task].uid,
            total_slack: slack,
        });
    constraint_warnings.chain(slack_warnings).collect()
}
