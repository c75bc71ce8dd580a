//! Running the built `tandem` binary against a private data directory, with a clean
//! environment so nothing from the developer's shell leaks in.
#![allow(dead_code)] // each test binary uses a different part of the helpers

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The password the tests give new accounts.
pub const PASSWORD: &str = "correct horse battery";

/// A `tandem` command with a clean environment (logs limited to warnings).
pub fn tandem() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
    command
        .env_clear()
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    command
}

/// What a finished command printed.
#[derive(Debug)]
pub struct Run {
    /// Exit status was 0.
    pub success: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts success and returns standard output.
    pub fn ok(self) -> String {
        assert!(self.success, "command failed: {self:?}");
        self.stdout
    }

    /// Asserts failure with exactly one line on standard error, `error: … [code]`, and
    /// returns it.
    pub fn error(self) -> String {
        assert!(!self.success, "command should have failed: {self:?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line of error expected: {self:?}");
        assert!(lines[0].starts_with("error: "), "{self:?}");
        assert!(
            error_code(lines[0]).is_some(),
            "no [code] at the end: {self:?}"
        );
        lines[0].to_owned()
    }

    /// Asserts failure as [`Self::error`] and returns the stable code the line ends with.
    pub fn error_code(self) -> String {
        let line = self.error();
        error_code(&line).unwrap_or_default().to_owned()
    }
}

/// The `code` of an error line ending in ` [code]` (lower case letters and `_`).
fn error_code(line: &str) -> Option<&str> {
    let (_, code) = line.strip_suffix(']')?.rsplit_once(" [")?;
    let stable = !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    stable.then_some(code)
}

/// A workspace in a temporary data directory.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A new, empty workspace.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// `tandem ARGS --data-dir DIR`, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = tandem();
        command.args(args).arg("--data-dir").arg(self.dir.path());
        command
    }

    /// Runs `tandem ARGS --data-dir DIR`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().expect("run tandem").into()
    }

    /// Runs `tandem ARGS --data-dir DIR` with `variable=value` set (e.g. a password).
    pub fn run_with(&self, args: &[&str], variable: &str, value: &str) -> Run {
        self.command(args)
            .env(variable, value)
            .output()
            .expect("run tandem")
            .into()
    }

    /// Creates the first admin, `admin@example.com`.
    pub fn init(&self) {
        self.run_with(
            &[
                "init",
                "--admin-email",
                "admin@example.com",
                "--admin-name",
                "Ada Admin",
            ],
            "TANDEM_ADMIN_PASSWORD",
            PASSWORD,
        )
        .ok();
    }

    /// Starts `tandem serve --bind 127.0.0.1:0 EXTRA…` and waits for its address.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = self
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tandem serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut printed = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read stdout");
            if let Some(rest) = line.strip_prefix("Tandem is running on ") {
                let address = rest.split_whitespace().next().unwrap_or_default();
                return Server {
                    child,
                    address: address.trim_end_matches('/').to_owned(),
                    printed,
                };
            }
            printed.push(line);
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("tandem serve exited without an address; it printed {printed:?}");
    }
}

/// A running `tandem serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// What it printed before the address line (e.g. the demo credentials).
    pub printed: Vec<String>,
}

impl Server {
    /// Sends SIGTERM and returns whether the process exited successfully within 10 s.
    pub fn terminate(mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(
            sent.is_ok_and(|status| status.success()),
            "kill -TERM {pid}"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Never leave a server behind when a test fails half-way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
