//! The CLI's help texts are part of its contract: they are snapshotted, so every change to a
//! flag or a description is a reviewed change.

mod cli_support;

/// `tandem ARGS --help` at a fixed width, without any `TANDEM_*` variable shown as a default.
fn help(args: &[&str]) -> String {
    let output = cli_support::tandem()
        .args(args)
        .arg("--help")
        .env("COLUMNS", "100")
        .env("LINES", "50")
        .output()
        .expect("run tandem");
    assert!(output.status.success(), "{args:?} --help failed");
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

#[test]
fn top_level_help_lists_every_command() {
    insta::assert_snapshot!("tandem", help(&[]));
}

#[test]
fn foundation_commands_explain_themselves() {
    let commands: &[&[&str]] = &[
        &["serve"],
        &["migrate"],
        &["init"],
        &["user"],
        &["user", "add"],
        &["user", "list"],
        &["user", "deactivate"],
        &["user", "activate"],
        &["token"],
        &["token", "create"],
        &["audit"],
        &["audit", "tail"],
        &["demo"],
    ];
    for args in commands {
        insta::assert_snapshot!(format!("tandem_{}", args.join("_")), help(args));
    }
}

#[test]
fn direction_commands_explain_themselves() {
    let commands: &[&[&str]] = &[
        &["vision", "show"],
        &["feedback", "add"],
        &["feedback", "list"],
        &["decision", "add"],
        &["decision", "list"],
        &["release", "list"],
        &["release", "decide"],
        &["release", "show"],
        &["release", "create"],
        &["release", "set"],
        &["release", "template"],
        &["release", "template", "set"],
        &["vision", "set"],
        &["decision", "set"],
    ];
    for args in commands {
        insta::assert_snapshot!(format!("tandem_{}", args.join("_")), help(args));
    }
}

#[test]
fn project_and_roadmap_commands_explain_themselves() {
    let commands: &[&[&str]] = &[
        &["project"],
        &["project", "list"],
        &["project", "create"],
        &["project", "show"],
        &["roadmap"],
    ];
    for args in commands {
        insta::assert_snapshot!(format!("tandem_{}", args.join("_")), help(args));
    }
}

#[test]
fn engine_commands_have_help() {
    // Their flags belong to the scheduling and levelling work and have their own tests.
    for command in ["schedule", "level"] {
        assert!(help(&[command]).contains("Usage: tandem"), "{command}");
    }
}

#[test]
fn version_is_printed() {
    let output = cli_support::tandem()
        .arg("--version")
        .output()
        .expect("run tandem");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && text.starts_with("tandem "),
        "{text}"
    );
}

/// A reader that stops early (`tandem … | head`) ends the command quietly, as with other
/// Unix tools, instead of a panic about a broken pipe.
#[test]
fn a_reader_that_leaves_early_gets_no_panic() {
    let workspace = cli_support::Workspace::new();
    workspace.init();
    let mut child = workspace
        .command(&["user", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tandem");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("tandem ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
