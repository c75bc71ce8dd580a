//! Forecasts of tasks whose resources have time off: worked out by hand, and equal to the
//! critical path on random networks when durations are fixed.

mod forecast_support;

use forecast_support::{link, percent_link, settings};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use tandem_engine::calendar::{Calendar, CalendarException, CalendarUid, Duration, WorkCalendar};
use tandem_engine::cpm::{self, Constraint, Lag, Project, RelationType, Task, TaskUid};
use tandem_engine::forecast::{
    BlockedTime, Estimate, ForecastClock, ForecastError, Network, NetworkTask, Relation,
    RelationKind, TaskState,
};

/// The seed of every forecast here.
const SEED: u64 = 11;

fn fixed(minutes: f64, calendar: Option<usize>) -> NetworkTask {
    NetworkTask {
        state: TaskState::Planned(Estimate::fixed(minutes).expect("a valid duration")),
        tracked: true,
        not_before: None,
        calendar,
    }
}

fn blocked(intervals: &[(f64, f64)]) -> BlockedTime {
    BlockedTime {
        intervals: intervals.iter().map(|&(start, end)| start..end).collect(),
    }
}

/// Median finish of every task (all are tracked) and the project's.
fn finishes(
    tasks: &[NetworkTask],
    relations: &[Relation],
    calendars: &[BlockedTime],
) -> (Vec<f64>, f64) {
    let forecast = Network::with_calendars(tasks, relations, calendars)
        .expect("test network is valid")
        .simulate(settings(9, SEED));
    let median = |distribution: &tandem_engine::forecast::Distribution| {
        distribution.percentile(50.0).expect("trials ran")
    };
    (
        forecast.tracked.iter().map(|t| median(&t.finish)).collect(),
        median(&forecast.project_finish),
    )
}

#[test]
fn time_off_inside_a_task_stretches_it_by_its_length() {
    let off = [blocked(&[(600.0, 1_080.0)])];
    let (alone, _) = finishes(&[fixed(960.0, Some(0))], &[], &off);
    assert_eq!(alone, [1_440.0]);
    // Time off after the task or on another calendar changes nothing.
    let (untouched, _) = finishes(&[fixed(480.0, Some(0)), fixed(960.0, None)], &[], &off);
    assert_eq!(untouched, [480.0, 960.0]);
}

#[test]
fn a_start_inside_time_off_moves_to_its_end() {
    // A (project calendar) ends at 600, inside B's resource's time off 480..960.
    let tasks = [
        fixed(600.0, None),
        fixed(240.0, Some(0)),
        fixed(0.0, Some(0)),
    ];
    let relations = [
        link(0, 1, RelationKind::FinishToStart, 0.0),
        link(0, 2, RelationKind::FinishToStart, 0.0),
    ];
    let (finish, project) = finishes(&tasks, &relations, &[blocked(&[(480.0, 960.0)])]);
    assert_eq!(finish, [600.0, 1_200.0, 960.0]);
    assert_eq!(project, 1_200.0);
    // A milestone left exactly where time off begins stays there, like MS Project's.
    let tasks = [
        fixed(480.0, None),
        fixed(0.0, Some(0)),
        fixed(60.0, Some(0)),
    ];
    let relations = [
        link(0, 1, RelationKind::FinishToStart, 0.0),
        link(0, 2, RelationKind::FinishToStart, 0.0),
    ];
    let (finish, _) = finishes(&tasks, &relations, &[blocked(&[(480.0, 960.0)])]);
    assert_eq!(finish, [480.0, 480.0, 1_020.0]);
}

#[test]
fn lags_count_on_the_successors_calendar() {
    // FS from 480 with a day's lag, or with 50 % of A's 480: the successor's resource is
    // off 480..960, so the lag runs 960..1,440 (or 960..1,200) before B's 120 minutes.
    let tasks = [fixed(480.0, None), fixed(120.0, Some(0))];
    for (relation, b_finish) in [
        (link(0, 1, RelationKind::FinishToStart, 480.0), 1_560.0),
        (
            percent_link(0, 1, RelationKind::FinishToStart, 50.0),
            1_320.0,
        ),
    ] {
        let (finish, _) = finishes(&tasks, &[relation], &[blocked(&[(480.0, 960.0)])]);
        assert_eq!(finish, [480.0, b_finish], "{relation:?}");
    }
}

#[test]
fn a_finish_to_finish_lead_stops_at_the_project_start() {
    // A (0–2,400) drives milestone B finish-to-finish with a lag of -65 % (-1,560). B's
    // resource is off on the first and third day, so the lead counts back past the
    // project start; the schedule stops such a link at the project start (a start),
    // which moves to B's next working instant, 480, and beats B's start date 21.
    let mut milestone = fixed(0.0, Some(0));
    milestone.not_before = Some(21.0);
    let tasks = [fixed(2_400.0, None), milestone];
    let relations = [percent_link(0, 1, RelationKind::FinishToFinish, -65.0)];
    let off = [blocked(&[(0.0, 480.0), (960.0, 1_440.0)])];
    let (finish, _) = finishes(&tasks, &relations, &off);
    assert_eq!(finish, [2_400.0, 480.0]);
    // A start-to-finish lead is not stopped there: the date holds.
    let relations = [link(0, 1, RelationKind::StartToFinish, -1.0)];
    let (finish, _) = finishes(&[fixed(0.0, None), tasks[1]], &relations, &off);
    assert_eq!(finish, [0.0, 21.0]);
}

#[test]
fn a_start_date_inside_time_off_holds_a_driven_start_as_the_schedule_does() {
    // B's resource is off 600..1,080. A (0–480) drives B, whose start date 700 beats the
    // logic: B starts at 700 as given and its 240 minutes run 1,080–1,320; C starts with
    // B (SS), at 700, and ends at 760. D has the same date and nothing driving it: like
    // the status date, the date moves to the end of the time off, so D starts at 1,080
    // and E, started with it, ends at 1,140.
    let mut tasks = [
        fixed(480.0, None),
        fixed(240.0, Some(0)),
        fixed(60.0, None),
        fixed(240.0, Some(0)),
        fixed(60.0, None),
    ];
    tasks[1].not_before = Some(700.0);
    tasks[3].not_before = Some(700.0);
    let relations = [
        link(0, 1, RelationKind::FinishToStart, 0.0),
        link(1, 2, RelationKind::StartToStart, 0.0),
        link(3, 4, RelationKind::StartToStart, 0.0),
    ];
    let (finish, _) = finishes(&tasks, &relations, &[blocked(&[(600.0, 1_080.0)])]);
    assert_eq!(finish, [480.0, 1_320.0, 760.0, 1_320.0, 1_140.0]);
}

#[test]
fn blocked_time_that_blocks_nothing_is_the_project_calendar() {
    let tasks = [fixed(480.0, None), fixed(480.0, Some(0))];
    let relations = [link(0, 1, RelationKind::StartToStart, 60.0)];
    let plain = Network::new(&[tasks[0], fixed(480.0, None)], &relations)
        .expect("valid")
        .simulate(settings(5, SEED));
    let empty = Network::with_calendars(&tasks, &relations, &[blocked(&[(100.0, 100.0)])])
        .expect("valid")
        .simulate(settings(5, SEED));
    assert_eq!(plain, empty);
}

#[test]
fn invalid_calendars_are_refused() {
    let tasks = [fixed(480.0, Some(1))];
    assert_eq!(
        Network::with_calendars(&tasks, &[], &[BlockedTime::default()]).unwrap_err(),
        ForecastError::UnknownCalendar {
            task: 0,
            calendar: 1
        }
    );
    assert_eq!(
        Network::new(&tasks, &[]).unwrap_err(),
        ForecastError::UnknownCalendar {
            task: 0,
            calendar: 1
        }
    );
    let tasks = [fixed(480.0, Some(0))];
    for (intervals, interval) in [
        (vec![(0.0, 100.0), (50.0, 200.0)], 1),
        (vec![(300.0, 400.0), (0.0, 100.0)], 1),
        (vec![(100.0, 50.0)], 0),
        (vec![(0.0, 10.0), (20.0, f64::INFINITY)], 1),
        (vec![(f64::NAN, 10.0)], 0),
    ] {
        let problem = Network::with_calendars(&tasks, &[], &[blocked(&intervals)]).unwrap_err();
        assert_eq!(
            problem,
            ForecastError::InvalidCalendar {
                calendar: 0,
                interval
            }
        );
    }
}

#[test]
fn calendars_and_percentage_lags_keep_the_forecast_deterministic_across_thread_counts() {
    let tasks: Vec<NetworkTask> = (0..40)
        .map(|index| NetworkTask {
            state: TaskState::Planned(
                Estimate::pert(240.0, 480.0, 1_440.0).expect("ordered estimate"),
            ),
            tracked: index % 10 == 9,
            not_before: None,
            calendar: (index % 3 != 0).then_some(index % 2),
        })
        .collect();
    let kinds = [
        RelationKind::FinishToStart,
        RelationKind::StartToStart,
        RelationKind::FinishToFinish,
        RelationKind::StartToFinish,
    ];
    // Every third relation's lag is a percentage of the predecessor's duration.
    let relations: Vec<Relation> = (1..40)
        .map(|successor| {
            let (predecessor, kind) = (successor / 2, kinds[successor % 4]);
            if successor % 3 == 0 {
                percent_link(predecessor, successor, kind, 30.0)
            } else {
                link(predecessor, successor, kind, 120.0)
            }
        })
        .collect();
    let calendars = [
        blocked(&[(480.0, 2_880.0), (4_800.0, 5_280.0)]),
        blocked(&[(1_000.0, 1_500.0)]),
    ];
    let network = Network::with_calendars(&tasks, &relations, &calendars).expect("valid");
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| network.simulate(settings(3_000, SEED)))
    };
    assert_eq!(run(1), run(2));
}

/// Monday 23 November 2026, 08:00: the project start and status date.
const START: Date = date(2026, 11, 23);
const PROJECT_CALENDAR: CalendarUid = CalendarUid(1);

/// A person's calendar: the project's minus whole days off (days after [`START`]).
fn person(uid: u32, days_off: &[i64]) -> Calendar {
    let mut calendar = Calendar::derived(CalendarUid(uid), "Person", PROJECT_CALENDAR);
    calendar.exceptions = days_off
        .iter()
        .map(|&day| {
            let day = START + jiff::Span::new().days(day);
            CalendarException {
                name: "Away".to_owned(),
                from: day,
                to: day,
                hours: Vec::new(),
            }
        })
        .collect();
    calendar
}

/// The project working minutes a person's calendar does not have, from the status date:
/// each day off blocks that day's project work.
fn blocked_days(clock: &ForecastClock, project: &WorkCalendar, days_off: &[i64]) -> BlockedTime {
    let mut days: Vec<i64> = days_off.to_vec();
    days.sort_unstable();
    days.dedup();
    BlockedTime {
        intervals: days
            .iter()
            .map(|&day| {
                let day = START + jiff::Span::new().days(day);
                let start = clock.offset_of(day.at(0, 0, 0, 0));
                start..start + project.work_on(day) as f64
            })
            .collect(),
    }
}

fn kind_pair(kind: RelationType) -> RelationKind {
    match kind {
        RelationType::FinishStart => RelationKind::FinishToStart,
        RelationType::StartStart => RelationKind::StartToStart,
        RelationType::FinishFinish => RelationKind::FinishToFinish,
        RelationType::StartFinish => RelationKind::StartToFinish,
    }
}

/// A random acyclic network of fixed durations, each task on the project calendar or on
/// one of two people's, some held to a start-no-earlier-than date (a day from
/// [`START`] and working minutes into it), and both people's days off.
#[derive(Debug, Clone)]
struct Plan {
    durations: Vec<i64>,
    calendars: Vec<Option<usize>>,
    not_before: Vec<Option<(i64, i64)>>,
    relations: Vec<(usize, usize, RelationType, Lag)>,
    days_off: [Vec<i64>; 2],
}

impl Plan {
    /// The instant of a start-no-earlier-than date: `minutes` (under 480) into the
    /// standard working day `day` days after [`START`], weekends included.
    fn not_before_at(day: i64, minutes: i64) -> jiff::civil::DateTime {
        let (hour, minute) = if minutes < 240 {
            (8 + minutes / 60, minutes % 60)
        } else {
            (13 + (minutes - 240) / 60, minutes % 60)
        };
        (START + jiff::Span::new().days(day)).at(hour as i8, minute as i8, 0, 0)
    }
}

fn plan() -> impl Strategy<Value = Plan> {
    let kind = prop_oneof![
        Just(RelationType::FinishStart),
        Just(RelationType::StartStart),
        Just(RelationType::FinishFinish),
        Just(RelationType::StartFinish),
    ];
    // A start constraint on a random day, or on one of the person's days off (picked by
    // index once the days off are known), some minutes into it.
    let not_before = prop_oneof![
        2 => Just(None),
        1 => (0_i64..60, any::<bool>(), 0_i64..480).prop_map(Some),
    ];
    let task = (
        prop_oneof![
            Just(0_i64),
            1_i64..2_400,
            (1_i64..6).prop_map(|days| days * 480)
        ],
        prop_oneof![Just(None), Just(Some(0)), Just(Some(1))],
        not_before,
    );
    let days_off = || prop::collection::vec(0_i64..60, 0..15);
    (prop::collection::vec(task, 2..30), days_off(), days_off()).prop_flat_map(
        move |(tasks, first, second)| {
            let count = tasks.len();
            // Percentages in steps of 5 keep the schedule's lags whole seconds (it rounds
            // to hundredths of a minute, then to the second).
            let lag = prop_oneof![
                Just(Lag::Working(0)),
                (-600_i64..1_000).prop_map(Lag::Working),
                (-20_i32..=40).prop_map(|steps| Lag::Percent(f64::from(steps * 5))),
            ];
            let days_off = [first.clone(), second.clone()];
            prop::collection::vec((0..count, 0..count, kind.clone(), lag), 0..count * 2).prop_map(
                move |links| {
                    let mut seen = std::collections::HashSet::new();
                    let relations = links
                        .into_iter()
                        .filter(|(a, b, _, _)| a != b)
                        .map(|(a, b, kind, lag)| (a.min(b), a.max(b), kind, lag))
                        .filter(|&(a, b, _, _)| seen.insert((a, b)))
                        .collect();
                    let not_before = tasks
                        .iter()
                        .map(|&(_, calendar, not_before)| {
                            let (day, on_day_off, minutes) = not_before?;
                            let days = calendar.map_or(&[][..], |person: usize| &days_off[person]);
                            let day = match days.len() {
                                0 => day,
                                len if on_day_off => days[day as usize % len],
                                _ => day,
                            };
                            Some((day, minutes))
                        })
                        .collect();
                    Plan {
                        durations: tasks.iter().map(|&(minutes, _, _)| minutes).collect(),
                        calendars: tasks.iter().map(|&(_, calendar, _)| calendar).collect(),
                        not_before,
                        relations,
                        days_off: days_off.clone(),
                    }
                },
            )
        },
    )
}

fn cpm_project(plan: &Plan) -> Project {
    let tasks = plan
        .durations
        .iter()
        .zip(&plan.calendars)
        .zip(&plan.not_before)
        .enumerate()
        .map(|(index, ((&minutes, calendar), not_before))| {
            let mut task = Task::new(
                TaskUid(index as u32 + 1),
                format!("T{index}"),
                Duration::Working(minutes),
            );
            task.milestone = minutes == 0;
            task.calendar = calendar.map(|person| CalendarUid(person as u32 + 2));
            if let &Some((day, minutes)) = not_before {
                task.constraint = Constraint::StartNoEarlierThan(Plan::not_before_at(day, minutes));
            }
            task
        })
        .collect();
    let relations = plan
        .relations
        .iter()
        .map(|&(a, b, kind, lag)| cpm::Relation {
            predecessor: TaskUid(a as u32 + 1),
            successor: TaskUid(b as u32 + 1),
            kind,
            lag,
        })
        .collect();
    Project {
        start: START.at(8, 0, 0, 0),
        calendar: PROJECT_CALENDAR,
        calendars: vec![
            Calendar::standard(PROJECT_CALENDAR),
            person(2, &plan.days_off[0]),
            person(3, &plan.days_off[1]),
        ],
        units: Default::default(),
        tasks,
        relations,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        max_global_rejects: 5_000,
        ..ProptestConfig::with_cases(500)
    })]

    /// With fixed durations every trial is the critical path: each task finishes, and is
    /// critical, exactly as the schedule says, time off, all four relation types with
    /// lags in minutes and in percentages, and start-no-earlier-than dates (inside time
    /// off too) included. Starts are seen through start-to-start and start-to-finish
    /// successors.
    #[test]
    fn fixed_durations_finish_as_the_critical_path(plan in plan()) {
        let project = cpm_project(&plan);
        let schedule = cpm::schedule(&project).expect("acyclic projects schedule");
        // The forecast cannot start work before its status date; the schedule lets a
        // start-to-finish link or a lead pull a task before the project start.
        prop_assume!(schedule.tasks.iter().all(|task| task.early_start >= project.start));
        let calendar = WorkCalendar::compile(&project.calendars, PROJECT_CALENDAR, START)
            .expect("standard calendar compiles");
        let clock = ForecastClock::new(&calendar, START.at(8, 0, 0, 0));
        // Percentage lags put the schedule's dates on whole seconds of working time.
        let offset_of = |at: jiff::civil::DateTime| {
            clock.offset_of(at) + f64::from(at.second()) / 60.0
        };
        let tasks: Vec<NetworkTask> = plan
            .durations
            .iter()
            .zip(&plan.calendars)
            .zip(&plan.not_before)
            .map(|((&minutes, &calendar), not_before)| NetworkTask {
                not_before: not_before
                    .map(|(day, minutes)| clock.offset_of(Plan::not_before_at(day, minutes))),
                ..fixed(minutes as f64, calendar)
            })
            .collect();
        let relations: Vec<Relation> = plan
            .relations
            .iter()
            .map(|&(a, b, kind, lag)| match lag {
                Lag::Working(minutes) => link(a, b, kind_pair(kind), minutes as f64),
                Lag::Percent(percent) => percent_link(a, b, kind_pair(kind), percent),
                Lag::Elapsed(_) => unreachable!("the plans have no elapsed lags"),
            })
            .collect();
        let calendars = plan.days_off.each_ref().map(|days| blocked_days(&clock, &calendar, days));
        let forecast = Network::with_calendars(&tasks, &relations, &calendars)
            .expect("valid network")
            .simulate(settings(4, SEED));
        // Floating-point sums of fractional minutes may differ in the last bits.
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
        for (tracked, scheduled) in forecast.tracked.iter().zip(&schedule.tasks) {
            let expected = offset_of(scheduled.early_finish);
            let finish = tracked.finish.percentile(50.0);
            let task = tracked.task;
            prop_assert!(close(finish, expected), "task {task}: {finish:?} ≠ {expected}");
        }
        let finish = forecast.project_finish.percentile(50.0);
        let expected = offset_of(schedule.finish);
        prop_assert!(close(finish, expected), "project: {finish:?} ≠ {expected}");
        for (share, scheduled) in forecast.criticality.iter().zip(&schedule.tasks) {
            prop_assert_eq!(*share == 1.0, scheduled.critical, "task {:?}", scheduled.uid);
        }
    }
}
