//! What scheduling writes back into an MSPDI document besides the tasks' own results:
//! assignments follow their tasks, and the project summary task rolls up every task.

use jiff::civil::{DateTime, date};
use tandem_interop::mspdi::{self, Project};

/// A plan whose dates were all saved long before: Design (two days, not before Tuesday)
/// then Build (three days, assigned to Dev), under the project summary task.
const STALE_PLAN: &str = r#"<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2025-01-06T08:00:00</StartDate>
  <Tasks>
    <Task><UID>0</UID><Name>Plan</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary>
      <Start>2020-01-01T08:00:00</Start><Finish>2020-01-02T17:00:00</Finish>
      <EarlyStart>2020-01-01T08:00:00</EarlyStart><EarlyFinish>2020-01-02T17:00:00</EarlyFinish>
      <LateStart>2020-01-01T08:00:00</LateStart><LateFinish>2020-01-02T17:00:00</LateFinish></Task>
    <Task><UID>1</UID><Name>Design</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT16H0M0S</Duration><ConstraintType>4</ConstraintType>
      <ConstraintDate>2025-01-07T08:00:00</ConstraintDate>
      <Start>2020-01-01T08:00:00</Start><Finish>2020-01-01T17:00:00</Finish></Task>
    <Task><UID>2</UID><Name>Build</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT24H0M0S</Duration>
      <Start>2020-01-02T08:00:00</Start><Finish>2020-01-02T17:00:00</Finish>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
  </Tasks>
  <Resources><Resource><UID>1</UID><Name>Dev</Name></Resource></Resources>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>
      <Start>2020-01-02T08:00:00</Start><Finish>2020-01-02T17:00:00</Finish>
      <Work>PT24H0M0S</Work></Assignment>
  </Assignments>
</Project>"#;

fn at(day: i8, hour: i8) -> DateTime {
    date(2025, 1, day).at(hour, 0, 0, 0)
}

fn scheduled(xml: &str) -> Project {
    let mut project = mspdi::read(xml).expect("a valid plan");
    mspdi::schedule(&mut project).expect("schedulable");
    project
}

/// `project` written and read back: what `tandem schedule -o` leaves on disk.
fn rewritten(project: &Project) -> Project {
    let mut out = Vec::new();
    mspdi::write(project, &mut out).expect("writing to memory");
    mspdi::read(&String::from_utf8(out).expect("UTF-8")).expect("the output reads back")
}

#[test]
fn assignments_take_their_task_s_scheduled_dates() {
    let project = rewritten(&scheduled(STALE_PLAN));
    let build = &project.tasks[2];
    assert_eq!(
        (build.start, build.finish),
        (Some(at(9, 8)), Some(at(13, 17)))
    );
    let assignment = &project.assignments[0];
    assert_eq!(
        (assignment.start, assignment.finish),
        (build.start, build.finish)
    );
    assert_eq!(
        assignment.work_minutes,
        Some(24 * 60),
        "the work is unchanged"
    );
}

#[test]
fn the_project_summary_task_spans_every_task() {
    let project = rewritten(&scheduled(STALE_PLAN));
    let summary = &project.tasks[0];
    // Design's constraint holds everything back a day: the project summary starts with
    // the earliest task, not at the project's start date.
    assert_eq!(project.properties.start_date, Some(at(6, 8)));
    assert_eq!(
        (summary.start, summary.finish),
        (Some(at(7, 8)), Some(at(13, 17)))
    );
    let analysis = summary.analysis.expect("rolled up");
    assert_eq!(
        [
            analysis.early_start,
            analysis.early_finish,
            analysis.late_start,
            analysis.late_finish
        ],
        [at(7, 8), at(13, 17), at(7, 8), at(13, 17)]
    );
    assert_eq!(analysis.total_slack_minutes, 0);
    assert!(analysis.critical);
}

#[test]
fn a_project_summary_task_with_no_task_under_it_keeps_no_stale_dates() {
    let plan = r#"<Project><StartDate>2025-01-06T08:00:00</StartDate><Tasks>
        <Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Duration>PT80H0M0S</Duration>
        <Start>2020-01-01T08:00:00</Start><Finish>2020-01-10T17:00:00</Finish></Task>
        </Tasks></Project>"#;
    let project = rewritten(&scheduled(plan));
    let summary = &project.tasks[0];
    assert_eq!((summary.start, summary.finish), (None, None));
    assert!(summary.analysis.is_none());
}
