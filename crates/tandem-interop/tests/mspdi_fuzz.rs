//! Mutation fuzzing of the MSPDI reader on stable Rust: real files are damaged byte-wise
//! (flips, deletions, duplications, markup splices) and the reader must answer `Ok` or
//! `Err`, never panic; whatever it accepts must survive a write → read round trip, and
//! then go through the rest of `tandem schedule` (schedule, write) without a panic.
//!
//! `PROPTEST_CASES` sets the number of cases (`scripts/fuzz-mspdi` runs many more).

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use tandem_interop::mspdi;

/// Fragments that steer mutations toward interesting parser states.
const SPLICES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&unknown;",
    "<![CDATA[x]]>",
    "<!--",
    "-->",
    "<Task>",
    "</Task>",
    "<UID>",
    "</UID>",
    "<PredecessorLink>",
    "-1",
    "0",
    "99999999999",
    "PT",
    "PT-8H",
    "2024-02-30T00:00:00",
    "<DayType>0</DayType>",
    "\u{0}",
    "\u{fffd}",
    "é",
];

/// Element contents that steer a well-formed file toward the scheduler's edge cases:
/// extreme numbers, durations and dates, odd codes and times of day.
const VALUES: &[&str] = &[
    "-1",
    "0",
    "1",
    "2",
    "3",
    "7",
    "19",
    "-65535",
    "2147483647",
    "99999999999",
    "PT0H0M0S",
    "PT-8H0M0S",
    "PT0H0M1S",
    "PT99999999H0M0S",
    "P9999DT0H0M0S",
    "1900-01-01T00:00:00",
    "1984-01-01T00:00:00",
    "2149-12-31T23:59:00",
    "9999-12-31T23:59:59",
    "00:00:00",
    "23:59:00",
    "12:00:00",
];

/// The seed corpus, read once rather than for every case.
static CORPUS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(corpus);

/// The seed corpus: the committed samples plus every MPXJ fixture of the workspace.
fn corpus() -> Vec<Vec<u8>> {
    let mut files = vec![
        include_bytes!("mspdi_samples/mpxj_small.xml").to_vec(),
        include_bytes!("mspdi_samples/recurring_exceptions.xml").to_vec(),
    ];
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mpxj");
    if let Ok(entries) = std::fs::read_dir(fixtures) {
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
            .collect();
        paths.sort();
        files.extend(paths.iter().filter_map(|path| std::fs::read(path).ok()));
    }
    files
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        mask: u8,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Duplicate {
        at: usize,
        len: usize,
    },
    Splice {
        at: usize,
        fragment: usize,
    },
    /// Replaces the text between the first `>` from `at` and the next `<`.
    Value {
        at: usize,
        value: usize,
    },
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len().max(1);
        match *self {
            Mutation::Flip { at, mask } => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte ^= mask;
                }
            }
            Mutation::Delete { at, len: count } => {
                let start = (at % len).min(bytes.len());
                let end = (start + count).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Duplicate { at, len: count } => {
                let start = (at % len).min(bytes.len());
                let end = (start + count).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Splice { at, fragment } => {
                let at = (at % len).min(bytes.len());
                let fragment = SPLICES[fragment % SPLICES.len()].as_bytes();
                bytes.splice(at..at, fragment.iter().copied());
            }
            Mutation::Value { at, value } => {
                let Some(start) = find(bytes, at % len, b'>').map(|end| end + 1) else {
                    return;
                };
                let end = find(bytes, start, b'<').unwrap_or(bytes.len());
                let value = VALUES[value % VALUES.len()].as_bytes();
                bytes.splice(start..end, value.iter().copied());
            }
        }
    }
}

/// Where `byte` next occurs in `bytes` from `from` on.
fn find(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let tail = bytes.get(from..)?;
    tail.iter().position(|&b| b == byte).map(|at| from + at)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(at, fragment)| Mutation::Splice { at, fragment }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, value)| Mutation::Value { at, value }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_are_read_or_refused_never_panic(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = CORPUS[file.index(CORPUS.len())].clone();
        for mutation in &mutations {
            mutation.apply(&mut bytes);
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(mut project) = mspdi::read(&text) {
            let mut written = Vec::new();
            mspdi::write(&project, &mut written).expect("writing to memory");
            let written = String::from_utf8(written).expect("the writer emits UTF-8");
            let reread = mspdi::read(&written);
            prop_assert_eq!(reread.as_ref().ok(), Some(&project), "round trip of {}", written);
            // The scheduler may refuse what the reader accepts (a cycle, no working time…).
            if mspdi::schedule(&mut project).is_ok() {
                mspdi::write(&project, std::io::sink()).expect("writing to nowhere");
            }
        }
    }
}
