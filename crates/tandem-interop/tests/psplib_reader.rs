//! The PSPLIB readers on a hand-written instance, on malformed variants of it, and
//! (when `../shared/psplib` is present next to the repository) on every real instance.

use std::path::PathBuf;

use tandem_engine::rcpsp::{Capacity, critical_path_bound};
use tandem_interop::psplib::{KnownMakespan, PsplibError, parse_instance, parse_solutions};

const TINY: &str = include_str!("psplib_samples/tiny.sm");

#[test]
fn reads_jobs_resources_relations_and_requests() {
    let problem = parse_instance(TINY).unwrap();
    assert_eq!(problem.len(), 6);
    assert_eq!(
        problem.resources(),
        &[Capacity::Constant(4), Capacity::Constant(3)]
    );
    assert_eq!(problem.activities()[1].duration, 3);
    assert_eq!(problem.activities()[4].demands, vec![1, 2]);
    assert_eq!(critical_path_bound(&problem), 6);
}

fn syntax_line(text: &str) -> usize {
    match parse_instance(text) {
        Err(PsplibError::Syntax { line, .. }) => line,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn points_at_the_line_of_a_bad_number() {
    let text = TINY.replace(
        "  3      1     2       2    2",
        "  3      1     x       2    2",
    );
    assert_eq!(syntax_line(&text), 31);
}

#[test]
fn points_at_a_wrong_successor_count() {
    let text = TINY.replace(
        "   2        1          1           4",
        "   2        1          2           4",
    );
    assert_eq!(syntax_line(&text), 20);
}

#[test]
fn points_at_a_missing_request() {
    let text = TINY.replace("  5      1     4       1    2", "  5      1     4       1");
    assert_eq!(syntax_line(&text), 33);
}

#[test]
fn reports_a_missing_section() {
    let end = TINY.find("RESOURCEAVAILABILITIES").unwrap();
    assert!(matches!(
        parse_instance(&TINY[..end]),
        Err(PsplibError::Missing(_))
    ));
}

#[test]
fn reports_impossible_demands() {
    let text = TINY.replace("    4    3\n", "    2    3\n");
    assert!(matches!(
        parse_instance(&text),
        Err(PsplibError::Problem(_))
    ));
}

#[test]
fn reads_a_solution_list() {
    let text = "solutionlist data/j30hrs.sm\n\
        =====\n\
        Par\tInst\tMakespan\tDate\tAuthor\n\
        =====\n\
        1\t1\t43\t\tTue May 29 21:35:05 2007  R. Elshaer\n\
        48\t10\t54\t\tTue May 29 22:35:24 2007  R. Elshaer\n";
    let known = parse_solutions(text).unwrap();
    assert_eq!(
        known,
        vec![
            KnownMakespan {
                parameter: 1,
                instance: 1,
                makespan: 43
            },
            KnownMakespan {
                parameter: 48,
                instance: 10,
                makespan: 54
            },
        ]
    );
    assert_eq!(known[1].file_stem("j30"), "j3048_10");
}

#[test]
fn rejects_a_malformed_solution_line() {
    let text = "Par Inst Makespan\n=====\n1 one 43\n";
    assert!(matches!(
        parse_solutions(text),
        Err(PsplibError::Syntax { line: 3, .. })
    ));
}

/// `../shared/psplib` relative to the repository root, if present.
fn shared_psplib() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/psplib");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("note: {} not found, skipping", dir.display());
        None
    }
}

#[test]
fn reads_every_shared_instance_and_its_known_makespan() {
    let Some(dir) = shared_psplib() else {
        return;
    };
    for (set, count, jobs) in [("j30", 480, 32), ("j120", 600, 122)] {
        let bytes = std::fs::read(dir.join(format!("{set}hrs.sm"))).unwrap();
        let known = parse_solutions(&String::from_utf8_lossy(&bytes)).unwrap();
        assert_eq!(known.len(), count, "{set}");
        for entry in known {
            let path = dir.join(set).join(format!("{}.sm", entry.file_stem(set)));
            let problem = parse_instance(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_eq!(problem.len(), jobs);
            assert!(critical_path_bound(&problem) <= entry.makespan);
        }
    }
}
