//! Runs the passes in MPXJ's order and assembles the [`Schedule`].

use crate::calendar::{CalendarUid, CivilSecond, WorkCalendar, to_datetime, to_second};

use super::datetimes::DateTimes;
use super::error::ScheduleError;
use super::model::Project;
use super::network::{Graph, Network};
use super::output::{Schedule, ScheduledTask, Warning};
use super::passes::{ConstraintOverride, Dates, Passes};
use super::rollup::{Bars, roll_up};
use super::slack::{self, SlackInputs};
use super::timing::TaskTiming;

/// Schedules `project` forward from its start date with MS Project's rules.
///
/// Fails on dependency cycles (naming the tasks), unknown references, duplicate uids and
/// calendars without working time; constraints that cannot be met are reported as
/// warnings in the result, as MS Project lets them override the logic.
pub fn schedule(project: &Project) -> Result<Schedule, ScheduleError> {
    let network = Network::new(project)?;
    let (calendars, timings) = compile_calendars(project, &network)?;
    let project_start = to_second(project.start);

    let graph = Graph::new(project, &network, &network.links)?;
    let mut passes = Passes::new(
        project_start,
        &timings,
        &calendars,
        &network.links,
        &graph,
        Dates::new(project.tasks.len()),
    );
    let mut overrides = passes.forward();
    let mut dates = passes.dates;

    let all_links;
    let expanded_graph;
    let (links, graph) = if network.summary_relations.is_empty() {
        (&network.links, &graph)
    } else {
        let mut links = network.links.clone();
        links.extend(network.expand_summary_relations(&dates.early_start));
        all_links = links;
        expanded_graph = Graph::new(project, &network, &all_links)?;
        (&all_links, &expanded_graph)
    };
    let mut passes = Passes::new(project_start, &timings, &calendars, links, graph, dates);
    if !network.summary_relations.is_empty() {
        overrides = passes.forward();
    }
    passes.project_finish = graph
        .order
        .iter()
        .map(|&task| passes.dates.early_finish[task])
        .max()
        .unwrap_or(project_start);
    passes.backward();
    if graph.order.iter().any(|&task| timings[task].is_alap()) {
        passes.after_backward_pass = true;
        overrides = passes.forward();
    }
    let project_finish = passes.project_finish;
    dates = passes.dates;

    let mut bars = kept_dates(&timings, &dates);
    roll_up(&network, &timings, &mut dates, &mut bars);
    let slack = slack::compute(&SlackInputs {
        network: &network,
        timings: &timings,
        calendars: &calendars,
        dates: &dates,
    });

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
        .map(|(index, task)| ScheduledTask {
            uid: task.uid,
            name: task.name.clone(),
            start: datetimes.get(bars.start[index]),
            finish: datetimes.get(bars.finish[index]),
            early_start: datetimes.get(dates.early_start[index]),
            early_finish: datetimes.get(dates.early_finish[index]),
            late_start: datetimes.get(dates.late_start[index]),
            late_finish: datetimes.get(dates.late_finish[index]),
            total_slack: slack.total[index],
            free_slack: slack.free[index],
            critical: slack.critical[index],
        })
        .collect();
    let warnings = warnings(project, &network, &overrides, &slack.total);
    Ok(Schedule {
        start: project.start,
        finish: to_datetime(project_finish),
        tasks,
        warnings,
    })
}

/// Compiles every calendar a task uses (the project calendar for the rest) and the
/// per-task timing facts. Summary durations count as working time.
fn compile_calendars(
    project: &Project,
    network: &Network,
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
        let mut timing = TaskTiming::new(task, position);
        if network.is_summary(index) {
            timing.elapsed = false;
        }
        timings.push(timing);
    }
    Ok((calendars, timings))
}

/// Start and finish each leaf task keeps: late dates if as late as possible.
fn kept_dates(timings: &[TaskTiming], dates: &Dates) -> Bars {
    let pick = |early: &[CivilSecond], late: &[CivilSecond]| {
        timings
            .iter()
            .enumerate()
            .map(|(task, timing)| {
                if timing.is_alap() {
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
    let constraint_warnings = overrides
        .iter()
        .map(|conflict| Warning::ConstraintOverridesLogic {
            task: project.tasks[conflict.task].uid,
            logic_start: to_datetime(conflict.logic_start),
            constrained_start: to_datetime(conflict.constrained_start),
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
