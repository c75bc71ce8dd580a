//! The critical path method on a 50,000-task / ~75,000-relation network with a holiday
//! calendar (budget: under 20 ms for `cpm::schedule`).

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use tandem_engine::calendar::{Calendar, CalendarException, CalendarUid, Duration};
use tandem_engine::cpm::{Lag, Project, Relation, RelationType, Task, TaskUid, schedule};

const TASKS: u32 = 50_000;
const CALENDAR: CalendarUid = CalendarUid(1);

/// A small deterministic generator, so the network is the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// Standard calendar with ten public holidays a year for thirty years.
fn holiday_calendar() -> Calendar {
    let mut calendar = Calendar::standard(CALENDAR);
    for year in 2025..2055 {
        for (month, day) in [
            (1, 1),
            (4, 18),
            (4, 21),
            (5, 1),
            (5, 29),
            (6, 9),
            (7, 14),
            (8, 15),
            (12, 25),
            (12, 26),
        ] {
            let holiday = date(year, month, day);
            calendar.exceptions.push(CalendarException {
                name: "Public holiday".to_owned(),
                from: holiday,
                to: holiday,
                hours: Vec::new(),
            });
        }
    }
    calendar
}

/// Each task depends on one or two of the 200 tasks before it: mostly finish-to-start,
/// some start-to-start and finish-to-finish, lags of a few hours either way.
fn network() -> Project {
    let mut random = SplitMix(42);
    let tasks = (0..TASKS)
        .map(|index| {
            let days = 1 + random.below(10) as i64;
            Task::new(
                TaskUid(index + 1),
                format!("Task {index}"),
                Duration::Working(days * 480),
            )
        })
        .collect();
    let mut relations = Vec::new();
    for successor in 1..TASKS {
        let count = if random.below(2) == 0 { 1 } else { 2 };
        for _ in 0..count {
            let back = 1 + random.below(u64::from(successor.min(200))) as u32;
            let kind = match random.below(10) {
                0 => RelationType::StartStart,
                1 => RelationType::FinishFinish,
                _ => RelationType::FinishStart,
            };
            let lag = match random.below(5) {
                0 => Lag::Working(240),
                1 => Lag::Working(-120),
                _ => Lag::Working(0),
            };
            relations.push(Relation {
                predecessor: TaskUid(successor - back + 1),
                successor: TaskUid(successor + 1),
                kind,
                lag,
            });
        }
    }
    Project {
        start: date(2025, 1, 6).at(8, 0, 0, 0),
        calendar: CALENDAR,
        calendars: vec![holiday_calendar()],
        units: Default::default(),
        tasks,
        relations,
    }
}

fn bench_schedule(c: &mut Criterion) {
    let project = network();
    let mut group = c.benchmark_group("cpm");
    group.sample_size(20);
    group.bench_function(
        format!(
            "schedule {} tasks / {} relations",
            project.tasks.len(),
            project.relations.len()
        ),
        |b| b.iter(|| schedule(std::hint::black_box(&project)).expect("acyclic")),
    );
    group.finish();
}

criterion_group!(benches, bench_schedule);
criterion_main!(benches);
