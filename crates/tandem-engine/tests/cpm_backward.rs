//! Scheduling from the project finish date (MS Project's "Schedule from: Project Finish
//! Date"), on hand-worked cases. MPXJ's scheduler only schedules forward, so these follow
//! MS Project's documented behaviour (see docs/scheduling-semantics.md): tasks as late as
//! possible from the finish date, the project start is the earliest late start, and
//! as-soon-as-possible tasks keep their early dates.
//!
//! Calendar: Monday–Friday 08:00–12:00 and 13:00–17:00; March 2025 starts on a Saturday,
//! so the 10th is a Monday and the 14th a Friday.

use jiff::civil::{DateTime, date};
use tandem_engine::calendar::{Calendar, CalendarUid, Duration};
use tandem_engine::cpm::{
    Constraint, Project, Relation, RelationType, Schedule, ScheduleFrom, ScheduledTask, Task,
    TaskUid, Warning, schedule_from,
};

const CALENDAR: CalendarUid = CalendarUid(1);

fn at(day: i8, hour: i8) -> DateTime {
    date(2025, 3, day).at(hour, 0, 0, 0)
}

/// A task of `days` working days, as late as possible (MS Project's default in a project
/// scheduled from its finish).
fn task(uid: u32, days: i64) -> Task {
    with(uid, days, Constraint::AsLateAsPossible)
}

fn with(uid: u32, days: i64, constraint: Constraint) -> Task {
    let mut task = Task::new(
        TaskUid(uid),
        format!("T{uid}"),
        Duration::Working(days * 480),
    );
    task.constraint = constraint;
    task
}

fn link(predecessor: u32, successor: u32) -> Relation {
    Relation {
        predecessor: TaskUid(predecessor),
        successor: TaskUid(successor),
        kind: RelationType::FinishStart,
        lag: Default::default(),
    }
}

/// Schedules backward from Friday 14 March 17:00.
fn run(tasks: Vec<Task>, relations: Vec<Relation>) -> Schedule {
    let project = Project {
        start: at(3, 8),
        calendar: CALENDAR,
        calendars: vec![Calendar::standard(CALENDAR)],
        units: Default::default(),
        tasks,
        relations,
    };
    schedule_from(&project, ScheduleFrom::Finish(at(14, 17))).expect("schedulable")
}

fn find(schedule: &Schedule, uid: u32) -> &ScheduledTask {
    schedule
        .tasks
        .iter()
        .find(|task| task.uid == TaskUid(uid))
        .expect("task is scheduled")
}

/// (start, finish) of a task as scheduled.
fn bar(schedule: &Schedule, uid: u32) -> (DateTime, DateTime) {
    let task = find(schedule, uid);
    (task.start, task.finish)
}

#[test]
fn a_chain_ends_on_the_finish_date_and_the_start_is_derived() {
    // 1 (2 days) -> 2 (3 days) -> 3 (1 day), counted back from Friday 17:00.
    let schedule = run(
        vec![task(1, 2), task(2, 3), task(3, 1)],
        vec![link(1, 2), link(2, 3)],
    );
    assert_eq!(bar(&schedule, 3), (at(14, 8), at(14, 17)));
    assert_eq!(bar(&schedule, 2), (at(11, 8), at(13, 17)));
    assert_eq!(bar(&schedule, 1), (at(7, 8), at(10, 17)));
    assert_eq!((schedule.start, schedule.finish), (at(7, 8), at(14, 17)));
    for task in &schedule.tasks {
        assert_eq!(
            (task.early_start, task.early_finish),
            (task.start, task.finish)
        );
        assert_eq!((task.total_slack, task.free_slack), (0, 0), "{task:?}");
        assert!(task.critical);
    }
    assert!(schedule.warnings.is_empty());
}

#[test]
fn a_short_branch_sits_against_its_successor_and_has_slack_towards_the_start() {
    // 1 (1 day) and 2 (3 days) both precede 3 (1 day).
    let schedule = run(
        vec![task(1, 1), task(2, 3), task(3, 1)],
        vec![link(1, 3), link(2, 3)],
    );
    assert_eq!(schedule.start, at(11, 8), "the long branch sets the start");
    let short = find(&schedule, 1);
    assert_eq!((short.start, short.finish), (at(13, 8), at(13, 17)));
    assert_eq!(
        (short.early_start, short.early_finish),
        (at(11, 8), at(11, 17))
    );
    assert_eq!(short.total_slack, 2 * 480);
    assert_eq!(short.free_slack, 0, "it already touches its successor");
    assert!(!short.critical);
    assert!(find(&schedule, 2).critical && find(&schedule, 3).critical);
}

#[test]
fn an_as_soon_as_possible_task_keeps_its_early_dates_and_its_predecessors_make_room() {
    // 1 (1 day, ALAP) -> 2 (1 day, ASAP); 3 (3 days) alone sets the start on Wednesday.
    let schedule = run(
        vec![
            task(1, 1),
            with(2, 1, Constraint::AsSoonAsPossible),
            task(3, 3),
        ],
        vec![link(1, 2)],
    );
    assert_eq!(schedule.start, at(12, 8));
    // Task 2 is placed from the start: the day after its predecessor's early finish.
    assert_eq!(bar(&schedule, 2), (at(13, 8), at(13, 17)));
    // Task 1 stays as late as possible, but now before task 2's kept start.
    assert_eq!(bar(&schedule, 1), (at(12, 8), at(12, 17)));
    // Scheduled against the project's direction, like ALAP in a forward project: no slack.
    assert_eq!(find(&schedule, 2).total_slack, 0);
    assert_eq!(bar(&schedule, 3), (at(12, 8), at(14, 17)));
}

#[test]
fn upper_bound_constraints_apply_in_the_backward_pass() {
    // 1 (1 day) must finish by Wednesday and has no successor; 2 (1 day) must start by
    // Tuesday 08:00 and precedes 3 (1 day).
    let schedule = run(
        vec![
            with(1, 1, Constraint::FinishNoLaterThan(at(12, 17))),
            with(2, 1, Constraint::StartNoLaterThan(at(11, 8))),
            task(3, 1),
        ],
        vec![link(2, 3)],
    );
    assert_eq!(bar(&schedule, 1), (at(12, 8), at(12, 17)));
    assert_eq!(bar(&schedule, 2), (at(11, 8), at(11, 17)));
    assert_eq!(bar(&schedule, 3), (at(14, 8), at(14, 17)));
    assert_eq!(schedule.start, at(11, 8));
    let successor = find(&schedule, 3);
    assert_eq!(successor.early_start, at(12, 8));
    assert_eq!(successor.total_slack, 2 * 480);
    assert!(schedule.warnings.is_empty());
}

#[test]
fn a_lower_bound_that_contradicts_the_successors_wins_and_is_reported() {
    // 1 (2 days) must not start before Thursday, yet precedes 2 (1 day) which must end
    // by the Friday finish.
    let schedule = run(
        vec![
            with(1, 2, Constraint::StartNoEarlierThan(at(13, 8))),
            task(2, 1),
        ],
        vec![link(1, 2)],
    );
    assert_eq!(bar(&schedule, 1), (at(13, 8), at(14, 17)));
    // The successor cannot start before Monday in the forward pass: negative slack.
    let successor = find(&schedule, 2);
    assert_eq!(successor.early_start, date(2025, 3, 17).at(8, 0, 0, 0));
    assert_eq!(successor.total_slack, -480);
    assert_eq!(
        schedule.warnings,
        [
            Warning::ConstraintOverridesSuccessors {
                task: TaskUid(1),
                logic_finish: at(13, 17),
                constrained_finish: at(14, 17),
            },
            Warning::NegativeSlack {
                task: TaskUid(2),
                total_slack: -480,
            },
        ]
    );
}

#[test]
fn summary_tasks_span_their_children() {
    let mut first = task(2, 1);
    first.parent = Some(TaskUid(1));
    let mut second = task(3, 2);
    second.parent = Some(TaskUid(1));
    let schedule = run(
        vec![task(1, 0), first, second, task(4, 1)],
        vec![link(1, 4), link(2, 3)],
    );
    // The summary's relation applies to its leaves: both precede task 4.
    assert_eq!(bar(&schedule, 4), (at(14, 8), at(14, 17)));
    assert_eq!(bar(&schedule, 3), (at(12, 8), at(13, 17)));
    assert_eq!(bar(&schedule, 2), (at(11, 8), at(11, 17)));
    assert_eq!(bar(&schedule, 1), (at(11, 8), at(13, 17)));
    assert!(find(&schedule, 1).critical);
}
