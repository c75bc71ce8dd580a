//! Golden tests: the engine must reproduce MPXJ's `MicrosoftScheduler` exactly on every
//! fixture in `fixtures/mpxj` (made by `tools/mpxj/generate.py`).

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tandem_engine::cpm::{Project, ScheduledTask, schedule};

/// The part of `<case>.expected.json` compared here.
#[derive(Deserialize)]
struct Expected {
    finish: jiff::civil::DateTime,
    tasks: Vec<ScheduledTask>,
}

/// `fixtures/mpxj`, or the folder named by `MPXJ_FIXTURES` (to check a freshly generated set).
fn fixtures_dir() -> PathBuf {
    match std::env::var_os("MPXJ_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mpxj"),
    }
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("fixtures/mpxj exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".input.json").map(str::to_owned)
        })
        .collect();
    cases.sort();
    cases
}

fn read<T: for<'de> Deserialize<'de>>(case: &str, suffix: &str) -> T {
    let path = fixtures_dir().join(format!("{case}.{suffix}"));
    let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path:?}: {error}"))
}

/// Every differing field of one task, as `field: engine != mpxj` lines.
fn differences(actual: &ScheduledTask, expected: &ScheduledTask) -> Vec<String> {
    let actual_fields = serde_json::to_value(actual).expect("serialisable");
    let expected_fields = serde_json::to_value(expected).expect("serialisable");
    let (Some(actual_fields), Some(expected_fields)) =
        (actual_fields.as_object(), expected_fields.as_object())
    else {
        return vec!["not an object".to_owned()];
    };
    expected_fields
        .iter()
        .filter(|(field, value)| actual_fields.get(*field) != Some(value))
        .map(|(field, value)| {
            let engine = actual_fields.get(field).cloned().unwrap_or_default();
            format!(
                "  task {} {field}: engine {engine} != mpxj {value}",
                expected.uid.0
            )
        })
        .collect()
}

#[test]
fn engine_matches_mpxj_on_every_fixture() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for case in &cases {
        let project: Project = read(case, "input.json");
        let expected: Expected = read(case, "expected.json");
        let schedule = match schedule(&project) {
            Ok(schedule) => schedule,
            Err(error) => {
                failures.push(format!("{case}: {error}"));
                continue;
            }
        };
        let mut lines = Vec::new();
        if schedule.finish != expected.finish {
            lines.push(format!(
                "  project finish: engine {} != mpxj {}",
                schedule.finish, expected.finish
            ));
        }
        for expected_task in &expected.tasks {
            match schedule
                .tasks
                .iter()
                .find(|task| task.uid == expected_task.uid)
            {
                Some(task) => lines.extend(differences(task, expected_task)),
                None => lines.push(format!("  task {} missing", expected_task.uid.0)),
            }
        }
        if !lines.is_empty() {
            failures.push(format!("{case}:\n{}", lines.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ from MPXJ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
