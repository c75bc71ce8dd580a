//! MSPDI ⇄ `tandem-engine`: turn a read document into the critical path method's input,
//! and write the engine's results back into the document, so that `tandem schedule` (and
//! anything else holding an MSPDI file) schedules with exactly the engine's rules.

use std::collections::HashMap;

use tandem_engine::calendar::{
    self as engine_calendar, CalendarUid, Duration, TimeRange, TimeUnits, WorkWeek,
};
use tandem_engine::cpm::{self, Lag as EngineLag, Relation, RelationType, TaskUid};

use super::model::{
    Assignment, Calendar, CalendarException, ConstraintKind, DurationUnit, Lag, LinkKind,
    PathAnalysis, Project, Task, WorkingTime,
};
use super::validate::describe;

/// Why a document cannot be handed to the engine, or the engine refused it.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// The project has no `<StartDate>` to schedule from.
    #[error("the project has no <StartDate> to schedule from")]
    NoStartDate,
    /// The project is scheduled from its finish (`<ScheduleFromStart>0`) but has no
    /// `<FinishDate>` to schedule from.
    #[error("the project is scheduled from its finish date but has no <FinishDate>")]
    NoFinishDate,
    /// UIDs are non-negative in the engine; MSPDI allows any integer.
    #[error("{kind} UID {uid} is negative")]
    NegativeUid {
        /// "task" or "calendar".
        kind: &'static str,
        /// The offending UID.
        uid: i32,
    },
    /// A date constraint without its date.
    #[error("{task} has a {kind:?} constraint but no <ConstraintDate>")]
    ConstraintWithoutDate {
        /// The task, as `task 4 "Build"`.
        task: String,
        /// The constraint type.
        kind: ConstraintKind,
    },
    /// The engine's own refusal: a dependency cycle, a calendar without working time…
    #[error(transparent)]
    Engine(#[from] cpm::ScheduleError),
}

/// Schedules `project` with the engine and stores the results in its tasks (start,
/// finish and [`PathAnalysis`]); returns the engine's warnings as sentences.
pub fn schedule(project: &mut Project) -> Result<Vec<String>, ScheduleError> {
    let input = to_engine(project)?;
    let schedule = cpm::schedule_from(&input, schedule_from(project)?)?;
    apply(project, &schedule);
    Ok(schedule.warnings.iter().map(ToString::to_string).collect())
}

/// Which end `project` is scheduled from: its start date, or with
/// `<ScheduleFromStart>0</ScheduleFromStart>` its finish date.
pub fn schedule_from(project: &Project) -> Result<cpm::ScheduleFrom, ScheduleError> {
    let properties = &project.properties;
    if properties.schedule_from_start {
        return Ok(cpm::ScheduleFrom::Start);
    }
    let finish = properties.finish_date.ok_or(ScheduleError::NoFinishDate)?;
    Ok(cpm::ScheduleFrom::Finish(finish))
}

/// The engine's view of `project`. The project summary task (outline level 0) goes in as
/// the summary of every task after it, so its dates and slack roll up by the engine's
/// summary rules, as MS Project's do; one with no task under it stands for nothing and is
/// left out. A project scheduled from its finish needs no start date (see
/// [`schedule_from`]); its start then only anchors the calendars.
pub fn to_engine(project: &Project) -> Result<cpm::Project, ScheduleError> {
    let properties = &project.properties;
    let start = if properties.schedule_from_start {
        properties.start_date.ok_or(ScheduleError::NoStartDate)?
    } else {
        properties
            .start_date
            .or(properties.finish_date)
            .ok_or(ScheduleError::NoFinishDate)?
    };
    let mut calendars = project
        .calendars
        .iter()
        .map(to_engine_calendar)
        .collect::<Result<Vec<_>, _>>()?;
    let calendar = match properties.calendar_uid {
        Some(uid) => calendar_uid(uid)?,
        None => {
            // No project calendar named: MS Project's Standard calendar, under a fresh UID.
            let uid = CalendarUid(
                calendars
                    .iter()
                    .map(|calendar| calendar.uid.0 + 1)
                    .max()
                    .unwrap_or(1),
            );
            calendars.push(engine_calendar::Calendar::standard(uid));
            uid
        }
    };
    let has_children = |position: usize, task: &Task| {
        project
            .tasks
            .get(position + 1)
            .is_some_and(|next| next.outline_level > task.outline_level)
    };
    let tasks: Vec<&Task> = project
        .tasks
        .iter()
        .enumerate()
        .filter(|&(position, task)| task.outline_level > 0 || has_children(position, task))
        .map(|(_, task)| task)
        .collect();
    let parents = parents(&tasks);
    let mut engine_tasks = Vec::with_capacity(tasks.len());
    let mut relations = Vec::new();
    for (task, parent) in tasks.iter().zip(parents) {
        let uid = task_uid(task.uid)?;
        engine_tasks.push(cpm::Task {
            uid,
            name: task.name.clone().unwrap_or_default(),
            duration: if task.duration_format.elapsed {
                Duration::Elapsed(task.duration_minutes)
            } else {
                Duration::Working(task.duration_minutes)
            },
            calendar: task.calendar_uid.map(calendar_uid).transpose()?,
            constraint: constraint(task)?,
            milestone: task.milestone,
            deadline: task.deadline,
            parent,
        });
        for link in &task.predecessors {
            relations.push(Relation {
                predecessor: task_uid(link.predecessor_uid)?,
                successor: uid,
                kind: relation_type(link.kind),
                lag: lag(link.lag),
            });
        }
    }
    Ok(cpm::Project {
        start,
        calendar,
        calendars,
        units: TimeUnits {
            minutes_per_day: i64::from(properties.minutes_per_day),
            minutes_per_week: i64::from(properties.minutes_per_week),
        },
        tasks: engine_tasks,
        relations,
    })
}

/// Stores the engine's dates, slack and critical flags in the matching tasks, their dates
/// in the tasks' assignments, and the project's scheduled span in its start and finish
/// dates (a project scheduled from its finish learns its start this way). Tasks the engine
/// did not schedule (a project summary task with nothing under it) lose the results read
/// with them, so no stale date is written or shown.
pub fn apply(project: &mut Project, schedule: &cpm::Schedule) {
    project.properties.start_date = Some(schedule.start);
    project.properties.finish_date = Some(schedule.finish);
    let index: HashMap<i32, usize> = project
        .tasks
        .iter()
        .enumerate()
        .map(|(position, task)| (task.uid, position))
        .collect();
    for task in &mut project.tasks {
        (task.start, task.finish, task.analysis) = (None, None, None);
    }
    for result in &schedule.tasks {
        let Some(task) = i32::try_from(result.uid.0)
            .ok()
            .and_then(|uid| index.get(&uid))
            .and_then(|&position| project.tasks.get_mut(position))
        else {
            continue;
        };
        task.start = Some(result.start);
        task.finish = Some(result.finish);
        task.analysis = Some(PathAnalysis {
            early_start: result.early_start,
            early_finish: result.early_finish,
            late_start: result.late_start,
            late_finish: result.late_finish,
            total_slack_minutes: result.total_slack,
            free_slack_minutes: result.free_slack,
            critical: result.critical,
        });
    }
    follow_tasks(&mut project.assignments, &project.tasks, &index);
}

/// Gives each assignment its task's dates. MS Project does so for an assignment without
/// delay or work contour; the model keeps neither (nor splits), so every assignment spans
/// its task, whatever the file said before.
fn follow_tasks(assignments: &mut [Assignment], tasks: &[Task], index: &HashMap<i32, usize>) {
    for assignment in assignments {
        if let Some(task) = index
            .get(&assignment.task_uid)
            .map(|&position| &tasks[position])
        {
            (assignment.start, assignment.finish) = (task.start, task.finish);
        }
    }
}

/// Each task's summary task, from outline levels: the nearest earlier task one level up.
fn parents(tasks: &[&Task]) -> Vec<Option<TaskUid>> {
    let mut open: Vec<(u32, i32)> = Vec::new();
    tasks
        .iter()
        .map(|task| {
            while open
                .last()
                .is_some_and(|&(level, _)| level >= task.outline_level)
            {
                open.pop();
            }
            let parent = open.last().map(|&(_, uid)| uid);
            open.push((task.outline_level, task.uid));
            // UIDs were checked to be non-negative when the task itself was mapped.
            parent.and_then(|uid| u32::try_from(uid).ok()).map(TaskUid)
        })
        .collect()
}

fn constraint(task: &Task) -> Result<cpm::Constraint, ScheduleError> {
    let kind = task.constraint.kind;
    let dated = |make: fn(jiff::civil::DateTime) -> cpm::Constraint| {
        task.constraint
            .date
            .map(make)
            .ok_or_else(|| ScheduleError::ConstraintWithoutDate {
                task: describe(task),
                kind,
            })
    };
    match kind {
        ConstraintKind::AsSoonAsPossible => Ok(cpm::Constraint::AsSoonAsPossible),
        ConstraintKind::AsLateAsPossible => Ok(cpm::Constraint::AsLateAsPossible),
        ConstraintKind::MustStartOn => dated(cpm::Constraint::MustStartOn),
        ConstraintKind::MustFinishOn => dated(cpm::Constraint::MustFinishOn),
        ConstraintKind::StartNoEarlierThan => dated(cpm::Constraint::StartNoEarlierThan),
        ConstraintKind::StartNoLaterThan => dated(cpm::Constraint::StartNoLaterThan),
        ConstraintKind::FinishNoEarlierThan => dated(cpm::Constraint::FinishNoEarlierThan),
        ConstraintKind::FinishNoLaterThan => dated(cpm::Constraint::FinishNoLaterThan),
    }
}

fn relation_type(kind: LinkKind) -> RelationType {
    match kind {
        LinkKind::FinishToFinish => RelationType::FinishFinish,
        LinkKind::FinishToStart => RelationType::FinishStart,
        LinkKind::StartToFinish => RelationType::StartFinish,
        LinkKind::StartToStart => RelationType::StartStart,
    }
}

/// MSPDI lags are tenths of a minute, or whole percent of the predecessor's duration.
fn lag(lag: Lag) -> EngineLag {
    let minutes = (lag.amount as f64 / 10.0).round() as i64;
    match (lag.format.unit, lag.format.elapsed) {
        (DurationUnit::Percent, _) => EngineLag::Percent(lag.amount as f64),
        (_, true) => EngineLag::Elapsed(minutes),
        (_, false) => EngineLag::Working(minutes),
    }
}

fn to_engine_calendar(calendar: &Calendar) -> Result<engine_calendar::Calendar, ScheduleError> {
    let mut week = WorkWeek::default();
    for day in &calendar.week_days {
        week.set_day(day.day, Some(hours(day.working, &day.times)));
    }
    Ok(engine_calendar::Calendar {
        uid: calendar_uid(calendar.uid)?,
        name: calendar.name.clone().unwrap_or_default(),
        base: calendar.base_calendar_uid.map(calendar_uid).transpose()?,
        week,
        exceptions: calendar.exceptions.iter().map(exception).collect(),
        work_weeks: calendar.work_weeks.iter().map(exception).collect(),
    })
}

fn exception(exception: &CalendarException) -> engine_calendar::CalendarException {
    engine_calendar::CalendarException {
        name: exception.name.clone().unwrap_or_default(),
        from: exception.from.date(),
        to: exception.to.date(),
        hours: hours(exception.working, &exception.times),
    }
}

/// A day's working hours. A working day listed without hours gets MS Project's default
/// 08:00–12:00 and 13:00–17:00, as MS Project and MPXJ read it.
fn hours(working: bool, times: &[WorkingTime]) -> Vec<TimeRange> {
    match (working, times.is_empty()) {
        (false, _) => Vec::new(),
        (true, true) => WorkWeek::standard()
            .day(jiff::civil::Weekday::Monday)
            .map(<[_]>::to_vec)
            .unwrap_or_default(),
        (true, false) => times
            .iter()
            .map(|time| TimeRange {
                start: time.from,
                end: time.to,
            })
            .collect(),
    }
}

fn task_uid(uid: i32) -> Result<TaskUid, ScheduleError> {
    u32::try_from(uid)
        .map(TaskUid)
        .map_err(|_| ScheduleError::NegativeUid { kind: "task", uid })
}

fn calendar_uid(uid: i32) -> Result<CalendarUid, ScheduleError> {
    u32::try_from(uid)
        .map(CalendarUid)
        .map_err(|_| ScheduleError::NegativeUid {
            kind: "calendar",
            uid,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mspdi::DurationFormat;

    fn task(uid: i32, outline_level: u32) -> Task {
        Task {
            uid,
            outline_level,
            ..Task::default()
        }
    }

    #[test]
    fn parents_follow_outline_levels() {
        let tasks = [
            task(1, 1),
            task(2, 2),
            task(3, 3),
            task(4, 2),
            task(5, 1),
            task(6, 3),
        ];
        let refs: Vec<&Task> = tasks.iter().collect();
        let parents: Vec<Option<u32>> = parents(&refs)
            .into_iter()
            .map(|p| p.map(|uid| uid.0))
            .collect();
        assert_eq!(parents, [None, Some(1), Some(2), Some(1), None, Some(5)]);
    }

    #[test]
    fn lags_convert_from_tenths_of_minutes_and_percent() {
        let format = |code| DurationFormat::from_code(code).expect("known code");
        assert_eq!(
            lag(Lag {
                amount: 19_200,
                format: format(7)
            }),
            EngineLag::Working(1920)
        );
        assert_eq!(
            lag(Lag {
                amount: -600,
                format: format(6)
            }),
            EngineLag::Elapsed(-60)
        );
        assert_eq!(
            lag(Lag {
                amount: 50,
                format: format(19)
            }),
            EngineLag::Percent(50.0)
        );
    }

    #[test]
    fn the_project_summary_task_is_the_summary_of_every_task() {
        let mut project = Project::default();
        project.properties.start_date = Some(jiff::civil::date(2025, 1, 6).at(8, 0, 0, 0));
        project.tasks = vec![task(0, 0), task(1, 1), task(2, 2), task(3, 1)];
        let input = to_engine(&project).expect("valid project");
        let parents: Vec<(u32, Option<u32>)> = input
            .tasks
            .iter()
            .map(|task| (task.uid.0, task.parent.map(|uid| uid.0)))
            .collect();
        assert_eq!(
            parents,
            [(0, None), (1, Some(0)), (2, Some(1)), (3, Some(0))]
        );
        assert_eq!(
            input.calendars.len(),
            1,
            "a Standard calendar stands in for a missing one"
        );

        project.tasks.truncate(1);
        let input = to_engine(&project).expect("valid project");
        assert!(input.tasks.is_empty(), "alone, it stands for nothing");
    }

    #[test]
    fn a_project_scheduled_from_its_finish_schedules_backward_from_its_finish_date() {
        let mut project = Project::default();
        project.properties.schedule_from_start = false;
        project.tasks = vec![task(0, 0), task(1, 1)];
        project.tasks[1].duration_minutes = 480;
        assert!(matches!(
            schedule(&mut project),
            Err(ScheduleError::NoFinishDate)
        ));
        let finish = jiff::civil::date(2025, 3, 14).at(17, 0, 0, 0);
        project.properties.finish_date = Some(finish);
        assert_eq!(
            schedule_from(&project).expect("has a finish date"),
            cpm::ScheduleFrom::Finish(finish)
        );
        schedule(&mut project).expect("schedulable");
        assert_eq!(project.properties.finish_date, Some(finish));
        assert!(
            project
                .properties
                .start_date
                .is_some_and(|start| start < finish)
        );
    }
}
