//! `tandem schedule` end to end: the built binary on every MPXJ golden fixture must give
//! exactly MPXJ's dates and slacks, and bad input must fail with a one-line reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    match std::env::var_os("MPXJ_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mpxj"),
    }
}

fn tandem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn schedule_json(input: &Path) -> Value {
    let output = tandem(&["schedule", &input.to_string_lossy(), "--format", "json"]);
    assert!(
        output.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Runs `tandem schedule` on an MSPDI text and returns its single-line error message.
fn schedule_error(xml: &str) -> String {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("plan.xml");
    std::fs::write(&input, xml).expect("writing the input");
    let output = tandem(&["schedule", &input.to_string_lossy(), "--format", "json"]);
    assert!(!output.status.success(), "{xml} was accepted");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn results_equal_mpxj_on_every_fixture() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/mpxj exists")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures");
    let mut failures = Vec::new();
    for xml in &cases {
        let expected_path = xml.with_extension("expected.json");
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("expected.json"))
                .expect("valid expected.json");
        let actual = schedule_json(xml);
        if actual["tasks"] != expected["tasks"] {
            failures.push(format!(
                "{}:\n  tandem {}\n  mpxj   {}",
                xml.display(),
                actual["tasks"],
                expected["tasks"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn mspdi_and_csv_outputs_carry_the_same_results() {
    let case = fixtures_dir().join("case00.xml");
    let json = schedule_json(&case);
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("out.xml");
    let output = tandem(&[
        "schedule",
        &case.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The written MSPDI, scheduled again, gives the same results.
    assert_eq!(schedule_json(&out)["tasks"], json["tasks"]);

    let output = tandem(&["schedule", &case.to_string_lossy(), "--format", "csv"]);
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).expect("UTF-8 CSV");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "uid,name,start,finish,early_start,early_finish,late_start,late_finish,total_slack,free_slack,critical"
        )
    );
    let tasks = json["tasks"].as_array().expect("tasks");
    assert_eq!(lines.count(), tasks.len());
}

const CALENDAR: &str = "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><WeekDays>\
    <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay></WeekDays></Calendar></Calendars>";

fn plan(calendar: &str, tasks: &str) -> String {
    format!(
        "<Project xmlns=\"http://schemas.microsoft.com/project\"><StartDate>2025-01-06T08:00:00</StartDate>\
         <CalendarUID>1</CalendarUID>{calendar}<Tasks>{tasks}</Tasks></Project>"
    )
}

fn task(uid: u32, name: &str, predecessor: Option<u32>) -> String {
    let link = predecessor.map_or(String::new(), |uid| {
        format!("<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>1</Type></PredecessorLink>")
    });
    format!(
        "<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>\
         <Duration>PT8H0M0S</Duration>{link}</Task>"
    )
}

#[test]
fn malformed_xml_is_reported_with_line_and_column() {
    let error = schedule_error("<Project>\n  <Tasks>\n    <Task><UID>1</Name>\n</Project>");
    assert!(error.contains("line 3, column"), "{error}");
}

#[test]
fn a_cycle_names_its_tasks() {
    let tasks = [task(1, "Design", Some(2)), task(2, "Build", Some(1))].concat();
    let error = schedule_error(&plan(CALENDAR, &tasks));
    assert!(
        error.contains("cycle") && error.contains("Design") && error.contains("Build"),
        "{error}"
    );
}

#[test]
fn a_missing_predecessor_is_named() {
    let error = schedule_error(&plan(CALENDAR, &task(1, "Design", Some(99))));
    assert!(
        error.contains("task 1 \"Design\"") && error.contains("99"),
        "{error}"
    );
}

#[test]
fn a_missing_calendar_is_named() {
    let error = schedule_error(&plan("", &task(1, "Design", None)));
    assert!(error.contains("calendar UID 1"), "{error}");
}

#[test]
fn a_calendar_without_working_time_is_refused() {
    let calendar = "<Calendars><Calendar><UID>1</UID><Name>Never</Name><WeekDays>\
        <WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays></Calendar></Calendars>";
    let error = schedule_error(&plan(calendar, &task(1, "Design", None)));
    assert!(error.contains("no working time"), "{error}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let output = tandem(&["schedule", "/nonexistent/plan.xml"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: cannot read"));
}

/// A plan saved long ago: every date in it is stale. Build (two days, assigned to Dev) then
/// Ship (one day); Build's summary task, Phase, carries a constraint the scheduler ignores.
const STALE_PLAN: &str = r#"<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2025-01-06T08:00:00</StartDate>
  <Tasks>
    <Task><UID>0</UID><Name>Plan</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary>
      <Start>2020-01-01T08:00:00</Start><Finish>2020-01-01T17:00:00</Finish>
      <EarlyStart>2020-01-01T08:00:00</EarlyStart><EarlyFinish>2020-01-01T17:00:00</EarlyFinish>
      <LateStart>2020-01-01T08:00:00</LateStart><LateFinish>2020-01-01T17:00:00</LateFinish></Task>
    <Task><UID>1</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>
      <ConstraintType>4</ConstraintType><ConstraintDate>2025-01-08T08:00:00</ConstraintDate></Task>
    <Task><UID>2</UID><Name>Build</Name><OutlineLevel>2</OutlineLevel><Duration>PT16H0M0S</Duration></Task>
    <Task><UID>3</UID><Name>Ship</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
  </Tasks>
  <Resources><Resource><UID>1</UID><Name>Dev</Name></Resource></Resources>
  <Assignments><Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>
    <Start>2020-01-01T08:00:00</Start><Finish>2020-01-01T17:00:00</Finish></Assignment></Assignments>
</Project>"#;

const SUMMARY_CONSTRAINT_WARNING: &str = "summary task 1 \"Phase\": its constraint (start no \
    earlier than 2025-01-08T08:00:00) is ignored, its dates roll up from its tasks";

#[test]
fn the_project_summary_task_rolls_up_every_task_and_is_marked_in_json() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("plan.xml");
    std::fs::write(&input, STALE_PLAN).expect("writing the input");
    let json = schedule_json(&input);
    let tasks = json["tasks"].as_array().expect("tasks");
    let summary = &tasks[0];
    assert_eq!(summary["uid"], 0);
    assert_eq!(summary["project_summary"], true);
    assert_eq!(summary["start"], "2025-01-06T08:00:00");
    assert_eq!(summary["finish"], "2025-01-08T17:00:00");
    assert_eq!(summary["early_start"], "2025-01-06T08:00:00");
    assert_eq!(summary["late_finish"], "2025-01-08T17:00:00");
    assert_eq!(summary["critical"], true);
    assert!(
        tasks[1..]
            .iter()
            .all(|task| task.get("project_summary").is_none()),
        "only the project summary task is marked: {json}"
    );
    assert_eq!(json["warnings"][0], SUMMARY_CONSTRAINT_WARNING);

    let output = tandem(&["schedule", &input.to_string_lossy(), "--format", "csv"]);
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).expect("UTF-8 CSV");
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|row| row.starts_with("0,Plan,2025-01-06T08:00:00,2025-01-08T17:00:00,")),
        "{csv}"
    );
}

#[test]
fn the_written_file_carries_scheduled_assignments_and_warns_on_stderr() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (input, out) = (dir.path().join("plan.xml"), dir.path().join("out.xml"));
    std::fs::write(&input, STALE_PLAN).expect("writing the input");
    let output = tandem(&[
        "schedule",
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert_eq!(
        stderr.trim_end(),
        format!("warning: {SUMMARY_CONSTRAINT_WARNING}")
    );
    let written = std::fs::read_to_string(&out).expect("the output file");
    let project = tandem_interop::mspdi::read(&written).expect("valid MSPDI");
    let build = &project.tasks[2];
    let assignment = &project.assignments[0];
    assert_eq!(
        (assignment.start, assignment.finish),
        (build.start, build.finish)
    );
    assert_eq!(
        build.start.map(tandem_interop::mspdi::format_date_time),
        Some("2025-01-06T08:00:00".to_owned())
    );
}
