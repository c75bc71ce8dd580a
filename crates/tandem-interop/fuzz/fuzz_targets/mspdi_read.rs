//! Any bytes given to the MSPDI reader give `Ok` or `Err`, never a panic, and whatever it
//! accepts survives a write → read round trip unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_interop::mspdi;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(project) = mspdi::read(text) {
        let mut written = Vec::new();
        mspdi::write(&project, &mut written).expect("writing to memory cannot fail");
        let written = String::from_utf8(written).expect("the writer emits UTF-8");
        assert_eq!(
            mspdi::read(&written).ok(),
            Some(project),
            "round trip changed the document"
        );
    }
});
