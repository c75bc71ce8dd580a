//! Any bytes given to the MSPDI reader give `Ok` or `Err`, never a panic; whatever it
//! accepts survives a write → read round trip unchanged, and then goes through the rest of
//! `tandem schedule` (schedule, write) without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_interop::mspdi;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(mut project) = mspdi::read(text) {
        let mut written = Vec::new();
        mspdi::write(&project, &mut written).expect("writing to memory cannot fail");
        let written = String::from_utf8(written).expect("the writer emits UTF-8");
        assert_eq!(
            mspdi::read(&written).ok().as_ref(),
            Some(&project),
            "round trip changed the document"
        );
        // The scheduler may refuse what the reader accepts (a cycle, no working time…).
        if mspdi::schedule(&mut project).is_ok() {
            mspdi::write(&project, std::io::sink()).expect("writing to nowhere cannot fail");
        }
    }
});
