//! The forward and backward passes on work numbers: the fast path for the usual project,
//! where every task is as soon as possible, counts working time on the one project
//! calendar and no relation touches a summary task.
//!
//! For such a project every date the passes of [`super::passes`] produce is either the
//! *start form* or the *finish form* of a work number (see
//! [`WorkCalendar`]), and every step of MPXJ's rules only moves that number: adding work
//! gives a finish form, removing work a start form, a zero amount keeps the form, and the
//! next working start is the start form of the same number. So the passes run on integer
//! keys (`2 × number + form`, ordered like the instants they stand for) without a single
//! calendar lookup, and the four dates of each task become instants once at the end. The
//! results are identical to the general passes (checked by the tests below on random
//! networks); anything outside these conditions takes the general path.

use crate::calendar::{CivilSecond, WorkCalendar};

use super::model::RelationType;
use super::network::{Edge, Graph, Network};
use super::passes::Dates;
use super::timing::{Offset, Rule, TaskTiming};

/// A date as `2 × work number + form`: the finish form of a number sorts before its
/// start form, as the instants do (the finish form is never later), so comparing keys
/// compares the instants they stand for, and so do minima and maxima (roll-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Key(i64);

const FINISH: i64 = 0;
const START: i64 = 1;

impl Key {
    fn new(number: i64, form: i64) -> Self {
        Self(number * 2 + form)
    }

    fn start(number: i64) -> Self {
        Self::new(number, START)
    }

    fn finish(number: i64) -> Self {
        Self::new(number, FINISH)
    }

    /// The work number: working seconds since the calendar's origin.
    pub(crate) fn number(self) -> i64 {
        self.0 >> 1
    }

    /// The key's bits, for hashing.
    pub(crate) fn hash(self) -> u64 {
        self.0 as u64
    }

    /// The instant the key stands for on `calendar`.
    pub(crate) fn instant(self, calendar: &WorkCalendar) -> CivilSecond {
        if self.0 & START == START {
            calendar.start_of(self.number())
        } else {
            calendar.finish_of(self.number())
        }
    }

    /// The key after moving `seconds` of working time, as `WorkCalendar::add_work` does:
    /// forward lands on a finish form, backward on a start form, zero changes nothing.
    fn shift(self, seconds: i64) -> Self {
        match seconds.signum() {
            0 => self,
            1 => Self::finish(self.number() + seconds),
            _ => Self::start(self.number() + seconds),
        }
    }
}

/// Slack measures keys by their work numbers.
impl From<Key> for i64 {
    fn from(key: Key) -> Self {
        key.number()
    }
}

/// Seconds an offset adds, and seconds its negation adds (MPXJ drops fractions of a
/// second towards the earlier instant in both directions).
fn seconds(offset: Offset) -> (i64, i64) {
    (
        offset.millis.div_euclid(1000),
        (-offset.millis).div_euclid(1000),
    )
}

/// What the numbered passes produce: every leaf task's dates as keys, and the project
/// finish.
pub(crate) struct NumberedRun {
    pub(crate) keys: Dates<Key>,
    pub(crate) project_finish: CivilSecond,
}

/// The passes of a forward project on work numbers, when the project qualifies (see the
/// module documentation); `None` otherwise.
pub(crate) fn forward_project(
    network: &Network,
    timings: &[TaskTiming],
    calendars: &[WorkCalendar],
    graph: &Graph,
    project_start: CivilSecond,
) -> Option<NumberedRun> {
    let [calendar] = calendars else {
        return None;
    };
    let qualifies = network.summary_relations.is_empty()
        && !calendar.touches_midnight()
        && calendar.next_work_start(project_start) == project_start
        && timings.iter().all(|timing| {
            timing.rule == Rule::AsSoonAsPossible && !timing.elapsed && timing.deadline.is_none()
        })
        && graph.all_edges().all(|edge| !edge.lag().elapsed);
    if !qualifies {
        return None;
    }
    let mut passes = KeyPasses::new(timings, graph, calendar.work_number(project_start));
    let project_finish = passes.run();
    Some(NumberedRun {
        keys: passes.keys,
        project_finish: project_finish.instant(calendar),
    })
}

/// What the passes read of a task, packed into 8 bytes: working seconds × 2 + milestone
/// flag. The topological order jumps all over the tasks, and reading 48-byte timings there
/// missed the cache for half the passes' time; 8 bytes a task stay in it.
#[derive(Debug, Clone, Copy)]
struct Work(i64);

impl Work {
    fn new(timing: &TaskTiming) -> Self {
        Self(timing.minutes * 60 * 2 + i64::from(timing.milestone))
    }

    fn seconds(self) -> i64 {
        self.0 >> 1
    }

    fn milestone(self) -> bool {
        self.0 & 1 == 1
    }
}

/// The passes' state: one key per task and date.
struct KeyPasses<'a> {
    work: Vec<Work>,
    graph: &'a Graph,
    project_start: Key,
    keys: Dates<Key>,
}

impl<'a> KeyPasses<'a> {
    fn new(timings: &[TaskTiming], graph: &'a Graph, start_number: i64) -> Self {
        Self {
            work: timings.iter().map(Work::new).collect(),
            graph,
            project_start: Key::start(start_number),
            keys: Dates::new(timings.len()),
        }
    }

    fn duration(&self, task: usize) -> i64 {
        self.work[task].seconds()
    }

    /// Both passes; returns the project finish.
    fn run(&mut self) -> Key {
        for &task in &self.graph.order {
            self.forward_task(task);
        }
        let project_finish = self
            .graph
            .order
            .iter()
            .map(|&task| self.keys.early_finish[task])
            .max()
            .unwrap_or(self.project_start);
        for &task in self.graph.order.iter().rev() {
            self.backward_task(task, project_finish.number());
        }
        project_finish
    }

    /// MPXJ's forward rules (see `Passes::forward_task`) for an as-soon-as-possible task.
    fn forward_task(&mut self, task: usize) {
        let logic = self
            .graph
            .incoming(task)
            .iter()
            .map(|edge| self.early_start_from(edge, task))
            .max()
            .unwrap_or(self.project_start);
        // The next working start is the start form, except that a milestone may stay at
        // the end of a working period (a finish form).
        let start = if self.work[task].milestone() {
            logic
        } else {
            Key::start(logic.number())
        };
        let duration = self.duration(task);
        self.keys.early_start[task] = start;
        self.keys.early_finish[task] = if duration == 0 {
            start
        } else {
            Key::finish(start.number() + duration)
        };
    }

    fn early_start_from(&self, edge: &Edge, successor: usize) -> Key {
        let predecessor = edge.task as usize;
        let (lag, _) = seconds(edge.lag());
        let keys = &self.keys;
        match edge.kind {
            RelationType::FinishStart => keys.early_finish[predecessor].shift(lag),
            RelationType::StartStart => keys.early_start[predecessor].shift(lag),
            RelationType::FinishFinish => {
                let start = keys.early_finish[predecessor].shift(-self.duration(successor));
                start.shift(lag).max(self.project_start)
            }
            RelationType::StartFinish => {
                let start = keys.early_start[predecessor].shift(-self.duration(successor));
                start.shift(lag)
            }
        }
    }

    /// MPXJ's backward rules (see `Passes::backward_task`): only work numbers matter, the
    /// late finish is a finish form and the late start a start form.
    fn backward_task(&mut self, task: usize, project_finish: i64) {
        let late_finish = self
            .graph
            .outgoing(task)
            .iter()
            .map(|edge| self.late_finish_from(task, edge).min(project_finish))
            .min()
            .unwrap_or(project_finish);
        let duration = self.duration(task);
        self.keys.late_finish[task] = Key::finish(late_finish);
        self.keys.late_start[task] = if duration == 0 {
            Key::finish(late_finish)
        } else {
            Key::start(late_finish - duration)
        };
    }

    fn late_finish_from(&self, predecessor: usize, edge: &Edge) -> i64 {
        let successor = edge.task as usize;
        let (_, unlag) = seconds(edge.lag());
        let start = self.keys.late_start[successor].number();
        let finish = self.keys.late_finish[successor].number();
        match edge.kind {
            RelationType::StartStart => start + unlag + self.duration(predecessor),
            RelationType::FinishFinish => finish + unlag,
            RelationType::FinishStart => start + unlag,
            RelationType::StartFinish => finish + self.duration(predecessor) + unlag,
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{DateTime, date};
    use proptest::prelude::*;

    use crate::calendar::{
        Calendar, CalendarException, CalendarUid, Duration, TimeRange, WorkCalendar,
    };
    use crate::cpm::model::{Lag, Project, Relation, RelationType, ScheduleFrom, Task, TaskUid};
    use crate::cpm::schedule::schedule_with;

    const CALENDAR: CalendarUid = CalendarUid(1);

    /// The standard week with holidays and short days (10:00–12:00, 14:00–15:30), so
    /// working periods end at several times of day.
    fn calendar(holidays: &[u16], short_days: &[u16]) -> Calendar {
        let mut calendar = Calendar::standard(CALENDAR);
        let first = date(2025, 1, 1);
        let day = |offset: u16| first.checked_add(jiff::Span::new().days(offset)).ok();
        let short = [
            TimeRange::hm(10, 0, 12, 0).expect("valid range"),
            TimeRange::hm(14, 0, 15, 30).expect("valid range"),
        ];
        for (offsets, hours) in [(holidays, Vec::new()), (short_days, short.to_vec())] {
            calendar
                .exceptions
                .extend(
                    offsets
                        .iter()
                        .filter_map(|&offset| day(offset))
                        .map(|date| CalendarException {
                            name: "Exception".to_owned(),
                            from: date,
                            to: date,
                            hours: hours.clone(),
                        }),
                );
        }
        calendar
    }

    fn kind(index: u8) -> RelationType {
        match index % 4 {
            0 => RelationType::FinishStart,
            1 => RelationType::StartStart,
            2 => RelationType::FinishFinish,
            _ => RelationType::StartFinish,
        }
    }

    type RawTask = (i64, bool, Option<usize>);
    type RawRelation = (usize, usize, u8, i64, bool);

    /// A project from raw draws: the first few tasks may be summaries (parents of later
    /// ones, never linked), the rest are leaves linked from lower to higher numbers.
    fn build(
        tasks: &[RawTask],
        relations: &[RawRelation],
        calendar: Calendar,
        start: DateTime,
    ) -> Project {
        let summaries = tasks.len() / 6;
        let tasks: Vec<Task> = tasks
            .iter()
            .enumerate()
            .map(|(index, &(minutes, milestone, parent))| {
                let mut task = Task::new(
                    TaskUid(index as u32 + 1),
                    format!("T{index}"),
                    Duration::Working(minutes),
                );
                task.milestone = milestone || minutes == 0;
                task.parent = parent
                    .map(|parent| parent % summaries.max(1))
                    .filter(|&parent| parent < summaries && parent < index)
                    .map(|parent| TaskUid(parent as u32 + 1));
                task
            })
            .collect();
        let parents: std::collections::HashSet<TaskUid> =
            tasks.iter().filter_map(|task| task.parent).collect();
        let is_parent = |index: usize| parents.contains(&TaskUid(index as u32 + 1));
        let relations = relations
            .iter()
            .filter(|&&(a, b, ..)| a < b && b < tasks.len() && !is_parent(a) && !is_parent(b))
            .map(|&(a, b, kind_index, lag, percent)| Relation {
                predecessor: TaskUid(a as u32 + 1),
                successor: TaskUid(b as u32 + 1),
                kind: kind(kind_index),
                lag: if percent {
                    Lag::Percent(lag as f64 / 7.0)
                } else {
                    Lag::Working(lag)
                },
            })
            .collect();
        Project {
            start,
            calendar: CALENDAR,
            calendars: vec![calendar],
            units: Default::default(),
            tasks,
            relations,
        }
    }

    fn projects() -> impl Strategy<Value = Project> {
        let task = (
            prop_oneof![Just(0i64), 1i64..2000, (1i64..8).prop_map(|d| d * 480)],
            any::<bool>(),
            prop::option::of(0usize..8),
        );
        let tasks = prop::collection::vec(task, 2..40);
        let holidays = prop::collection::vec(0u16..120, 0..10);
        let short_days = prop::collection::vec(0u16..120, 0..10);
        let start = (0i16..100, 0i8..24, 0i8..60);
        (tasks, holidays, short_days, start).prop_flat_map(|(tasks, holidays, short, start)| {
            let count = tasks.len();
            let relation = (0..count, 0..count, any::<u8>(), -900i64..900, any::<bool>());
            prop::collection::vec(relation, 0..count * 2).prop_map(move |relations| {
                let calendar = calendar(&holidays, &short);
                let (day, hour, minute) = start;
                let instant = date(2025, 1, 1)
                    .checked_add(jiff::Span::new().days(day))
                    .unwrap_or(date(2025, 1, 1))
                    .at(hour, minute, 0, 0);
                // The fast path needs a project start at a working start.
                let compiled = WorkCalendar::compile(
                    std::slice::from_ref(&calendar),
                    CALENDAR,
                    instant.date(),
                )
                .expect("valid calendar");
                let start = compiled.next_work_start_at(instant);
                build(&tasks, &relations, calendar, start)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The passes on work numbers give exactly what the general passes give.
        #[test]
        fn numbered_passes_match_the_general_ones(project in projects()) {
            let (fast, used) = schedule_with(&project, ScheduleFrom::Start, true).unwrap();
            let (general, _) = schedule_with(&project, ScheduleFrom::Start, false).unwrap();
            prop_assert!(used, "the project should take the numbered path");
            prop_assert_eq!(fast, general);
        }
    }

    /// Large enough for the output to be assembled on several threads (and for keys to
    /// collide in the conversion cache): still exactly the general result.
    #[test]
    fn a_large_project_matches_the_general_passes() {
        let count = 17_000;
        let tasks: Vec<RawTask> = (0..count)
            .map(|index| ((index as i64 * 7 % 10) * 90, index % 13 == 0, None))
            .collect();
        let relations: Vec<RawRelation> = (1..count)
            .flat_map(|successor| {
                let back = 1 + successor * 31 % successor.min(150);
                let lag = (successor as i64 % 5 - 2) * 75;
                [(successor - back, successor, successor as u8, lag, false)]
            })
            .collect();
        let start = date(2025, 1, 6).at(8, 0, 0, 0);
        let project = build(
            &tasks,
            &relations,
            calendar(&[3, 40, 41, 90], &[10, 55]),
            start,
        );
        let (fast, used) = schedule_with(&project, ScheduleFrom::Start, true).unwrap();
        let (general, _) = schedule_with(&project, ScheduleFrom::Start, false).unwrap();
        assert!(used, "the project should take the numbered path");
        assert_eq!(fast, general);
    }

    #[test]
    fn constrained_projects_take_the_general_path() {
        let mut project = build(
            &[(480, false, None), (480, false, None)],
            &[(0, 1, 0, 0, false)],
            calendar(&[], &[]),
            date(2025, 1, 6).at(8, 0, 0, 0),
        );
        project.tasks[1].constraint =
            crate::cpm::model::Constraint::StartNoEarlierThan(date(2025, 1, 9).at(10, 0, 0, 0));
        let (_, used) = schedule_with(&project, ScheduleFrom::Start, true).unwrap();
        assert!(!used);
    }
}
