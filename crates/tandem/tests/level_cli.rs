//! `tandem level` end to end on the hand-written PSPLIB instance: the printed schedule is
//! checked against the instance's data by hand-coded rules, and bad input fails cleanly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The instance of `tandem-interop/tests/psplib_samples/tiny.sm`, restated here so the
/// check does not depend on the code under test.
const DURATIONS: [u32; 6] = [0, 3, 2, 2, 4, 0];
const DEMANDS: [[u32; 2]; 6] = [[0, 0], [3, 1], [2, 2], [2, 2], [1, 2], [0, 0]];
const CAPACITIES: [u32; 2] = [4, 3];
/// PSPLIB job numbers (from 1).
const RELATIONS: [(usize, usize); 6] = [(1, 2), (1, 3), (2, 4), (3, 5), (4, 6), (5, 6)];

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tandem-interop/tests/psplib_samples/tiny.sm")
}

fn tandem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `tandem level --schedule` and returns the makespan and the start of each job.
fn level(extra: &[&str]) -> (u32, Vec<u32>) {
    let path = tiny();
    let mut args = vec!["level", path.to_str().expect("UTF-8 path"), "--schedule"];
    args.extend_from_slice(extra);
    let output = tandem(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let mut lines = stdout.lines();
    let makespan = lines
        .next()
        .and_then(|line| line.strip_prefix("makespan "))
        .expect("first line `makespan N`")
        .parse()
        .expect("a number");
    let mut starts = Vec::new();
    for (index, line) in lines.enumerate() {
        let (job, start) = line.split_once(' ').expect("`ACTIVITY START`");
        assert_eq!(job.parse::<usize>().expect("job number"), index + 1);
        starts.push(start.parse().expect("start period"));
    }
    (makespan, starts)
}

#[test]
fn prints_a_feasible_optimal_schedule() {
    let (makespan, starts) = level(&["--schedules", "200", "--seed", "3"]);
    assert_eq!(starts.len(), DURATIONS.len());
    for (predecessor, successor) in RELATIONS {
        let finish = starts[predecessor - 1] + DURATIONS[predecessor - 1];
        assert!(
            starts[successor - 1] >= finish,
            "job {successor} starts before job {predecessor} finishes"
        );
    }
    let finish = |job: usize| starts[job] + DURATIONS[job];
    assert_eq!(makespan, (0..DURATIONS.len()).map(finish).max().unwrap());
    for period in 0..makespan {
        for (resource, capacity) in CAPACITIES.iter().enumerate() {
            let load: u32 = (0..DURATIONS.len())
                .filter(|&job| starts[job] <= period && period < finish(job))
                .map(|job| DEMANDS[job][resource])
                .sum();
            assert!(
                load <= *capacity,
                "resource {resource} overloaded at {period}"
            );
        }
    }
    // Jobs 2 and 3 cannot overlap, nor can 4 and 5 (resource 2): 8 is optimal.
    assert_eq!(makespan, 8);
}

#[test]
fn the_same_seed_gives_the_same_schedule() {
    assert_eq!(level(&["--seed", "11"]), level(&["--seed", "11"]));
}

#[test]
fn prints_only_the_makespan_without_schedule_flag() {
    let path = tiny();
    let output = tandem(&["level", path.to_str().expect("UTF-8 path")]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "makespan 8\n");
}

fn level_error(text: &str) -> String {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("bad.sm");
    std::fs::write(&input, text).expect("writing the input");
    let output = tandem(&["level", &input.to_string_lossy()]);
    assert!(!output.status.success(), "bad input was accepted");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 errors");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn fails_with_one_line_on_malformed_input() {
    let text = std::fs::read_to_string(tiny())
        .expect("the sample")
        .replace("  4      1     2 ", "  4      1     ? ");
    assert!(level_error(&text).contains("line 32"));
}

#[test]
fn fails_with_one_line_on_a_cycle() {
    let text = std::fs::read_to_string(tiny())
        .expect("the sample")
        .replace(
            "   4        1          1           6",
            "   4        1          1           2",
        );
    let message = level_error(&text);
    // Jobs 2 and 4, numbered as in the file.
    assert!(
        message.contains("cycle through activities [2, 4]")
            || message.contains("cycle through activities [4, 2]"),
        "{message}"
    );
}

#[test]
fn fails_with_one_line_on_a_missing_file() {
    let output = tandem(&["level", "/nonexistent/instance.sm"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}
