//! Properties every schedule must have, on random networks with a holiday calendar:
//! relations honoured with their lag in working time, early dates never after late dates,
//! zero slack on the critical path, nothing before the project start.

use jiff::civil::{DateTime, date};
use proptest::prelude::*;
use tandem_engine::calendar::{
    Calendar, CalendarException, CalendarUid, Duration, WorkCalendar, to_second,
};
use tandem_engine::cpm::{
    Constraint, Lag, Project, Relation, RelationType, Schedule, ScheduleFrom, Task, TaskUid,
    schedule, schedule_from,
};

const CALENDAR: CalendarUid = CalendarUid(1);

fn calendar(holidays: &[u16]) -> Calendar {
    let mut calendar = Calendar::standard(CALENDAR);
    let first = date(2025, 1, 1);
    calendar.exceptions = holidays
        .iter()
        .filter_map(|&offset| first.checked_add(jiff::Span::new().days(offset)).ok())
        .map(|day| CalendarException {
            name: "Holiday".to_owned(),
            from: day,
            to: day,
            hours: Vec::new(),
        })
        .collect();
    calendar
}

fn relation_kind() -> impl Strategy<Value = RelationType> {
    prop_oneof![
        Just(RelationType::FinishStart),
        Just(RelationType::StartStart),
        Just(RelationType::FinishFinish),
        Just(RelationType::StartFinish),
    ]
}

/// A random acyclic project: relations only run from lower to higher task numbers.
fn project(lag_range: std::ops::Range<i64>) -> impl Strategy<Value = Project> {
    project_with(lag_range, relation_kind().boxed())
}

fn project_with(
    lag_range: std::ops::Range<i64>,
    kinds: BoxedStrategy<RelationType>,
) -> impl Strategy<Value = Project> {
    let durations = prop::collection::vec(
        prop_oneof![
            Just(0i64),
            1i64..4800,
            (1i64..10).prop_map(|days| days * 480)
        ],
        2..50,
    );
    let holidays = prop::collection::vec(0u16..200, 0..12);
    let start = (0i16..150, 0i8..24, prop_oneof![Just(0i8), Just(30i8)]);
    (durations, holidays, start).prop_flat_map(move |(durations, holidays, start)| {
        let count = durations.len();
        let relations = prop::collection::vec(
            (0..count, 0..count, kinds.clone(), lag_range.clone()),
            0..count * 2,
        );
        relations.prop_map(move |relations| {
            let (day, hour, minute) = start;
            let start_date = date(2025, 1, 1)
                .checked_add(jiff::Span::new().days(day))
                .unwrap_or(date(2025, 1, 1));
            build(
                &durations,
                &holidays,
                start_date.at(hour, minute, 0, 0),
                &relations,
            )
        })
    })
}

fn build(
    durations: &[i64],
    holidays: &[u16],
    start: DateTime,
    relations: &[(usize, usize, RelationType, i64)],
) -> Project {
    let tasks = durations
        .iter()
        .enumerate()
        .map(|(index, &minutes)| {
            Task::new(
                TaskUid(index as u32 + 1),
                format!("T{index}"),
                Duration::Working(minutes),
            )
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let relations = relations
        .iter()
        .filter(|(a, b, _, _)| a != b)
        .map(|&(a, b, kind, lag)| (a.min(b), a.max(b), kind, lag))
        .filter(|&(a, b, _, _)| seen.insert((a, b)))
        .map(|(a, b, kind, lag)| Relation {
            predecessor: TaskUid(a as u32 + 1),
            successor: TaskUid(b as u32 + 1),
            kind,
            lag: Lag::Working(lag),
        })
        .collect();
    Project {
        start,
        calendar: CALENDAR,
        calendars: vec![calendar(holidays)],
        units: Default::default(),
        tasks,
        relations,
    }
}

fn run(project: &Project) -> (Schedule, WorkCalendar) {
    let schedule = schedule(project).expect("acyclic projects schedule");
    let calendar = WorkCalendar::compile(&project.calendars, CALENDAR, project.start.date())
        .expect("standard calendar compiles");
    (schedule, calendar)
}

/// `project` scheduled backward, every task as late as possible, from a finish date a
/// year after its start.
fn run_backward(project: &Project) -> (Schedule, WorkCalendar, DateTime) {
    let mut project = project.clone();
    for task in &mut project.tasks {
        task.constraint = Constraint::AsLateAsPossible;
    }
    let finish = project
        .start
        .date()
        .saturating_add(jiff::Span::new().days(365))
        .at(17, 0, 0, 0);
    let schedule =
        schedule_from(&project, ScheduleFrom::Finish(finish)).expect("acyclic projects schedule");
    let calendar = WorkCalendar::compile(&project.calendars, CALENDAR, project.start.date())
        .expect("standard calendar compiles");
    (schedule, calendar, finish)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Scheduled from the finish, tasks keep their late dates: those honour every
    /// relation, end by the finish date, and never precede the early dates.
    #[test]
    fn backward_schedules_honour_relations_and_the_finish(project in project(-2000..2000)) {
        let (schedule, calendar, finish) = run_backward(&project);
        let work = |from: DateTime, to: DateTime| calendar.work_between(to_second(from), to_second(to));
        let task = |uid: TaskUid| &schedule.tasks[uid.0 as usize - 1];
        for relation in &project.relations {
            let (predecessor, successor) = (task(relation.predecessor), task(relation.successor));
            let (from, to) = match relation.kind {
                RelationType::FinishStart => (predecessor.finish, successor.start),
                RelationType::StartStart => (predecessor.start, successor.start),
                RelationType::FinishFinish => (predecessor.finish, successor.finish),
                RelationType::StartFinish => (predecessor.start, successor.finish),
            };
            let Lag::Working(lag) = relation.lag else { unreachable!("working lags only") };
            let gap = work(from, to);
            prop_assert!(gap >= lag * 60, "{relation:?}: gap {gap} s < lag {lag} min");
        }
        prop_assert_eq!(schedule.finish, finish);
        for task in &schedule.tasks {
            prop_assert_eq!((task.start, task.finish), (task.late_start, task.late_finish));
            prop_assert!(task.finish <= finish, "{task:?}");
            prop_assert!(work(task.early_start, task.late_start) >= 0, "{task:?}");
            prop_assert!(task.total_slack >= 0, "{task:?}");
            prop_assert!(task.start >= schedule.start, "{task:?}");
        }
    }

    #[test]
    fn every_relation_is_honoured_with_its_lag(project in project(-2000..2000)) {
        let (schedule, calendar) = run(&project);
        let task = |uid: TaskUid| &schedule.tasks[uid.0 as usize - 1];
        for relation in &project.relations {
            let (predecessor, successor) = (task(relation.predecessor), task(relation.successor));
            let (from, to) = match relation.kind {
                RelationType::FinishStart => (predecessor.early_finish, successor.early_start),
                RelationType::StartStart => (predecessor.early_start, successor.early_start),
                RelationType::FinishFinish => (predecessor.early_finish, successor.early_finish),
                RelationType::StartFinish => (predecessor.early_start, successor.early_finish),
            };
            let Lag::Working(lag) = relation.lag else { unreachable!("working lags only") };
            let gap = calendar.work_between(to_second(from), to_second(to));
            prop_assert!(gap >= lag * 60, "{relation:?}: gap {gap} s < lag {lag} min");
        }
    }

    /// Compared in working time: a late finish of 17:00 Friday and an early finish of
    /// 08:00 Monday are the same point of work (MS Project moves late dates back to the
    /// end of the previous working period).
    #[test]
    fn early_dates_never_follow_late_dates(project in project(-2000..2000)) {
        let (schedule, calendar) = run(&project);
        let work = |from: DateTime, to: DateTime| calendar.work_between(to_second(from), to_second(to));
        for task in &schedule.tasks {
            prop_assert!(work(task.early_start, task.late_start) >= 0, "{task:?}");
            prop_assert!(work(task.early_finish, task.late_finish) >= 0, "{task:?}");
            prop_assert!(task.total_slack >= 0, "{task:?}");
        }
    }

    #[test]
    fn critical_path_has_zero_slack(project in project(-2000..2000)) {
        let (schedule, _) = run(&project);
        for task in &schedule.tasks {
            prop_assert_eq!(task.critical, task.total_slack <= 0);
            if task.early_finish == schedule.finish {
                prop_assert_eq!(task.total_slack, 0, "{:?} ends the project", task);
            }
        }
        prop_assert_eq!(schedule.tasks.iter().map(|task| task.total_slack).min(), Some(0));
    }

    /// Start-to-finish links are left out: in MS Project (and MPXJ) they may place a
    /// successor before the project start, since its finish is what they constrain.
    #[test]
    fn nothing_starts_before_the_project(
        project in project_with(0..2000, prop_oneof![
            Just(RelationType::FinishStart),
            Just(RelationType::StartStart),
            Just(RelationType::FinishFinish),
        ].boxed())
    ) {
        let (schedule, _) = run(&project);
        for task in &schedule.tasks {
            prop_assert!(task.early_start >= project.start, "{task:?}");
        }
    }
}
