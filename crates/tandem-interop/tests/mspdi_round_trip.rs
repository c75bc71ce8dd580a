//! Reading what the writer wrote gives back the same document, for a file written by MPXJ.

use tandem_interop::mspdi::{self, ConstraintKind, DurationUnit, LinkKind, Project, ResourceKind};

const MPXJ_SAMPLE: &str = include_str!("mspdi_samples/mpxj_small.xml");

fn write_to_string(project: &Project) -> String {
    let mut out = Vec::new();
    mspdi::write(project, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("the writer emits UTF-8")
}

#[test]
fn reads_every_modelled_part_of_an_mpxj_file() {
    let project = mspdi::read(MPXJ_SAMPLE).expect("valid sample");
    assert_eq!(project.properties.calendar_uid, Some(1));
    assert_eq!(project.properties.minutes_per_day, 480);
    assert_eq!(project.calendars.len(), 1);
    let calendar = &project.calendars[0];
    assert_eq!(calendar.week_days.len(), 7);
    assert_eq!(
        calendar.exceptions.len(),
        1,
        "both exception notations merge into one"
    );
    assert_eq!(calendar.exceptions[0].name.as_deref(), Some("Holiday"));

    let names: Vec<_> = project
        .tasks
        .iter()
        .map(|task| task.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Sum", "A & <b>", "B", "C"]);
    let b = &project.tasks[2];
    assert!(b.duration_format.elapsed);
    assert_eq!(b.duration_minutes, 72 * 60);
    assert_eq!(b.predecessors[0].kind, LinkKind::StartToStart);
    assert_eq!(b.predecessors[0].lag.format.unit, DurationUnit::Percent);
    assert_eq!(b.predecessors[0].lag.amount, 50);
    let c = &project.tasks[3];
    assert!(c.milestone);
    assert_eq!(c.constraint.kind, ConstraintKind::StartNoEarlierThan);
    assert_eq!(c.predecessors[0].lag.amount, -600);
    assert!(c.predecessors[0].lag.format.elapsed);
    assert_eq!(
        b.analysis.expect("scheduled by MPXJ").total_slack_minutes,
        6300
    );
    assert_eq!(project.resources.len(), 1);
    assert_eq!(project.resources[0].kind, ResourceKind::Work);
    let assignment = &project.assignments[0];
    assert_eq!(assignment.work_minutes, Some(16 * 60));
    assert_eq!(
        assignment.start,
        Some(jiff::civil::date(2024, 1, 1).at(8, 0, 0, 0))
    );
    assert_eq!(
        assignment.finish,
        Some(jiff::civil::date(2024, 1, 2).at(17, 0, 0, 0))
    );
}

#[test]
fn resource_kinds_and_e_mail_addresses_round_trip() {
    let mut project = mspdi::read(MPXJ_SAMPLE).expect("valid sample");
    let mut travel = project.resources[0].clone();
    travel.uid = 2;
    travel.name = Some("Travel".to_owned());
    travel.kind = ResourceKind::Cost;
    project.resources.push(travel);
    project.resources[0].email = Some("dev&ops@example.com".to_owned());
    let written = write_to_string(&project);
    assert!(written.contains("<EmailAddress>dev&amp;ops@example.com</EmailAddress>"));
    assert_eq!(mspdi::read(&written).expect("reads back"), project);
}

#[test]
fn read_write_read_keeps_everything() {
    let first = mspdi::read(MPXJ_SAMPLE).expect("valid sample");
    let written = write_to_string(&first);
    let second = mspdi::read(&written).expect("the writer's output reads back");
    assert_eq!(first, second);
    assert_eq!(
        written,
        write_to_string(&second),
        "writing is deterministic"
    );
}

#[test]
fn every_mpxj_fixture_survives_a_round_trip() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mpxj");
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures).expect("fixtures/mpxj exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|ext| ext != "xml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let first =
            mspdi::read(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let second = mspdi::read(&write_to_string(&first)).expect("the writer's output reads back");
        assert_eq!(first, second, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 0, "no fixtures found");
}
