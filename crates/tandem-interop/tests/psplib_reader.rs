//! The PSPLIB readers on a hand-written instance, on malformed variants of it, and
//! (when `shared/psplib` is present next to the repository) on every real instance, and
//! a fingerprint of the engine's schedules on a few of them that must never change.

use std::path::PathBuf;

use tandem_engine::rcpsp::{
    Capacity, GenerationScheme, Options, PriorityRule, critical_path_bound, priority_rule_schedule,
    solve,
};
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

/// `shared/psplib` next to the repository (or next to a directory holding it, as for a
/// git worktree), if present.
fn shared_psplib() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .skip(2)
        .map(|dir| dir.join("shared/psplib"))
        .find(|dir| dir.is_dir());
    if found.is_none() {
        println!(
            "note: no shared/psplib above {}, skipping",
            manifest.display()
        );
    }
    found
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

/// FNV-1a over start times: a compact fingerprint of many schedules.
fn fingerprint(hash: &mut u64, starts: &[u32]) {
    for &start in starts {
        for byte in start.to_le_bytes() {
            *hash = (*hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Plain finish-to-start instances keep exactly the schedules they had before relations
/// got kinds and activities release dates: every priority rule with both schemes and a
/// short seeded search, fingerprinted on a handful of j30 instances and one j120.
#[test]
fn finish_to_start_schedules_are_unchanged() {
    let Some(dir) = shared_psplib() else {
        return;
    };
    let expected: [(&str, u64); 6] = [
        ("j30/j301_1", 0x0451_7af2_aff6_2012),
        ("j30/j3010_5", 0xebac_bfbb_48e1_bcb2),
        ("j30/j3025_3", 0x253f_78ad_5bde_0d0e),
        ("j30/j3037_9", 0x1b30_0347_74fb_2d99),
        ("j30/j3048_10", 0xcdce_6428_165d_d19d),
        ("j120/j12013_4", 0x9642_13b3_f002_7f59),
    ];
    let found: Vec<(&str, u64)> = expected
        .iter()
        .map(|&(name, _)| {
            let path = dir.join(format!("{name}.sm"));
            let problem = parse_instance(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let mut hash = 0xcbf2_9ce4_8422_2325;
            for rule in PriorityRule::ALL {
                for scheme in [GenerationScheme::Serial, GenerationScheme::Parallel] {
                    fingerprint(
                        &mut hash,
                        priority_rule_schedule(&problem, rule, scheme).starts(),
                    );
                }
            }
            let options = Options {
                schedule_budget: 500,
                seed: 11,
            };
            fingerprint(
                &mut hash,
                solve(&problem, &options).unwrap().schedule.starts(),
            );
            (name, hash)
        })
        .collect();
    assert_eq!(found, expected);
}
