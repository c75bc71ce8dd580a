//! Mutation fuzzing of the MSPDI reader on stable Rust: real files are damaged byte-wise
//! (flips, deletions, duplications, markup splices) and the reader must answer `Ok` or
//! `Err`, never panic; whatever it accepts must survive a write → read round trip.
//!
//! `PROPTEST_CASES` sets the number of cases (`scripts/fuzz-mspdi` runs many more).

use std::path::Path;

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

/// The seed corpus: the committed MPXJ sample plus every MPXJ fixture of the workspace.
fn corpus() -> Vec<Vec<u8>> {
    let mut files = vec![include_bytes!("mspdi_samples/mpxj_small.xml").to_vec()];
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
    Flip { at: usize, mask: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Splice { at: usize, fragment: usize },
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
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(at, fragment)| Mutation::Splice { at, fragment }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_are_read_or_refused_never_panic(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let corpus = corpus();
        let mut bytes = corpus[file.index(corpus.len())].clone();
        for mutation in &mutations {
            mutation.apply(&mut bytes);
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(project) = mspdi::read(&text) {
            let mut written = Vec::new();
            mspdi::write(&project, &mut written).expect("writing to memory");
            let written = String::from_utf8(written).expect("the writer emits UTF-8");
            let reread = mspdi::read(&written);
            prop_assert_eq!(reread.as_ref().ok(), Some(&project), "round trip of {}", written);
        }
    }
}
