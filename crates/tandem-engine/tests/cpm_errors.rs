//! Bad input gives clear errors (never a panic or an endless loop), and constraints that
//! cannot be met, or are ignored, are reported as warnings.

use jiff::civil::date;
use tandem_engine::calendar::{Calendar, CalendarError, CalendarUid, Duration, WorkWeek};
use tandem_engine::cpm::{
    Constraint, Project, Relation, RelationType, ScheduleError, Task, TaskUid, Warning, schedule,
};

const CALENDAR: CalendarUid = CalendarUid(1);

fn task(uid: u32, name: &str, days: i64) -> Task {
    Task::new(TaskUid(uid), name, Duration::Working(days * 480))
}

fn link(predecessor: u32, successor: u32) -> Relation {
    Relation {
        predecessor: TaskUid(predecessor),
        successor: TaskUid(successor),
        kind: RelationType::FinishStart,
        lag: Default::default(),
    }
}

fn project(tasks: Vec<Task>, relations: Vec<Relation>) -> Project {
    Project {
        start: date(2025, 3, 3).at(8, 0, 0, 0),
        calendar: CALENDAR,
        calendars: vec![Calendar::standard(CALENDAR)],
        units: Default::default(),
        tasks,
        relations,
    }
}

#[test]
fn a_cycle_names_its_tasks_in_order() {
    let tasks = vec![
        task(1, "Design", 2),
        task(2, "Build", 3),
        task(3, "Test", 1),
        task(4, "Ship", 1),
    ];
    let relations = vec![link(1, 2), link(2, 3), link(3, 2), link(3, 4)];
    let error = schedule(&project(tasks, relations)).expect_err("cycle");
    let ScheduleError::Cycle(cycle) = &error else {
        panic!("expected a cycle, got {error}");
    };
    let mut uids: Vec<u32> = cycle.iter().map(|task| task.uid.0).collect();
    uids.sort_unstable();
    assert_eq!(uids, [2, 3]);
    let message = error.to_string();
    assert!(
        message.contains("\"Build\"") && message.contains("\"Test\""),
        "{message}"
    );
}

#[test]
fn a_calendar_without_working_time_is_an_error() {
    let mut project = project(vec![task(1, "Only", 1)], Vec::new());
    project.calendars[0].week = WorkWeek {
        monday: Some(Vec::new()),
        tuesday: Some(Vec::new()),
        wednesday: Some(Vec::new()),
        thursday: Some(Vec::new()),
        friday: Some(Vec::new()),
        saturday: Some(Vec::new()),
        sunday: Some(Vec::new()),
    };
    assert_eq!(
        schedule(&project),
        Err(ScheduleError::Calendar(CalendarError::NoWorkingTime(
            CALENDAR
        )))
    );
}

#[test]
fn unknown_references_are_errors() {
    let missing_task = project(vec![task(1, "A", 1)], vec![link(1, 9)]);
    assert!(matches!(
        schedule(&missing_task),
        Err(ScheduleError::UnknownTask {
            task: TaskUid(9),
            ..
        })
    ));
    let mut missing_calendar = project(vec![task(1, "A", 1)], Vec::new());
    missing_calendar.tasks[0].calendar = Some(CalendarUid(7));
    assert_eq!(
        schedule(&missing_calendar),
        Err(ScheduleError::Calendar(CalendarError::Unknown(
            CalendarUid(7)
        )))
    );
    let duplicate = project(vec![task(1, "A", 1), task(1, "B", 1)], Vec::new());
    assert_eq!(
        schedule(&duplicate),
        Err(ScheduleError::DuplicateTask(TaskUid(1)))
    );
}

#[test]
fn an_impossible_constraint_is_reported() {
    let mut tasks = vec![task(1, "Foundations", 5), task(2, "Walls", 2)];
    tasks[1].constraint = Constraint::MustStartOn(date(2025, 3, 4).at(8, 0, 0, 0));
    let schedule = schedule(&project(tasks, vec![link(1, 2)])).expect("schedules");
    assert!(schedule.warnings.iter().any(|warning| matches!(
        warning,
        Warning::ConstraintOverridesLogic {
            task: TaskUid(2),
            ..
        }
    )));
    assert!(schedule.warnings.iter().any(|warning| matches!(
        warning,
        Warning::NegativeSlack {
            task: TaskUid(1),
            ..
        }
    )));
    assert_eq!(schedule.tasks[1].start, date(2025, 3, 4).at(8, 0, 0, 0));
}

#[test]
fn summary_relations_apply_to_children_and_dates_roll_up() {
    let mut tasks = vec![
        task(1, "Phase", 0),
        task(2, "Dig", 2),
        task(3, "Pour", 1),
        task(4, "After", 1),
    ];
    tasks[1].parent = Some(TaskUid(1));
    tasks[2].parent = Some(TaskUid(1));
    let schedule = schedule(&project(tasks, vec![link(1, 4)])).expect("schedules");
    let phase = &schedule.tasks[0];
    assert_eq!(phase.start, date(2025, 3, 3).at(8, 0, 0, 0));
    assert_eq!(phase.finish, date(2025, 3, 4).at(17, 0, 0, 0));
    assert_eq!(schedule.tasks[3].start, date(2025, 3, 5).at(8, 0, 0, 0));
}

#[test]
fn a_constraint_or_deadline_on_a_summary_task_is_ignored_and_reported() {
    let child = |uid, name, parent| Task {
        parent: Some(TaskUid(parent)),
        ..task(uid, name, 2)
    };
    let mut tasks = vec![
        task(1, "Phase 1", 0),
        child(2, "Build", 1),
        task(3, "Phase 2", 0),
        child(4, "Test", 3),
    ];
    // As late as possible is every task's constraint in a backward project: not reported.
    tasks[2].constraint = Constraint::AsLateAsPossible;
    let plain = schedule(&project(tasks.clone(), vec![link(2, 4)])).expect("schedules");
    assert!(plain.warnings.is_empty());
    let unconstrained = tasks.clone();

    let date = date(2025, 3, 10).at(8, 0, 0, 0);
    tasks[0].constraint = Constraint::StartNoEarlierThan(date);
    let constrained = schedule(&project(tasks, vec![link(2, 4)])).expect("schedules");
    assert_eq!(constrained.tasks, plain.tasks, "no date moves");
    assert_eq!(
        constrained.warnings,
        [Warning::SummaryConstraintIgnored {
            task: TaskUid(1),
            name: "Phase 1".into(),
            constraint: Constraint::StartNoEarlierThan(date),
        }]
    );
    assert_eq!(
        constrained.warnings[0].to_string(),
        "summary task 1 \"Phase 1\": its constraint (start no earlier than \
         2025-03-10T08:00:00) is ignored, its dates roll up from its tasks"
    );

    // A deadline on a summary is ignored too (no late date or slack moves), and said so.
    let deadline = jiff::civil::date(2025, 1, 6).at(17, 0, 0, 0);
    let mut tasks = unconstrained;
    tasks[2].deadline = Some(deadline);
    let with_deadline = schedule(&project(tasks, vec![link(2, 4)])).expect("schedules");
    assert_eq!(with_deadline.tasks, plain.tasks, "no date or slack moves");
    assert_eq!(
        with_deadline.warnings,
        [Warning::SummaryDeadlineIgnored {
            task: TaskUid(3),
            name: "Phase 2".into(),
            deadline,
        }]
    );
}
