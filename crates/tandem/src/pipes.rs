//! A command whose output is piped into `head` (or any reader that stops early) should end
//! quietly, as other Unix tools do, not panic with "failed printing to stdout: Broken pipe".
//! Rust ignores SIGPIPE, so every `println!` after the reader left panics; restoring the
//! default action ends the process instead, silently. `serve` keeps SIGPIPE ignored: a
//! client closing its connection must never stop the server.

/// Lets a closed standard output end the process; call before any thread starts.
pub fn end_quietly_when_the_reader_leaves() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setting a signal's disposition is async-signal-safe and happens once, before
    // other threads exist.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
