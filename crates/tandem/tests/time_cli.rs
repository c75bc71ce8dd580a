//! `tandem time`, `tandem timer` and `tandem sprint` on the demo workspace: log time with a
//! duration in words (a bad one is refused with one line and a failing status), list a week,
//! report by item, run the timer, and a sprint from creation to completion.

mod cli_support;

use cli_support::Workspace;

const MEI: &str = "mei@tandem.demo";
const JONAS: &str = "jonas@tandem.demo";

#[test]
fn time_is_logged_listed_and_reported() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let logged = workspace
        .run(&[
            "time",
            "log",
            "NWSHOP-2",
            "1.5h",
            "--date",
            "2026-01-09",
            "--note",
            "Checkout review",
            "--billable",
            "--as",
            MEI,
        ])
        .ok();
    assert!(
        logged.contains("logged 1h 30m on NWSHOP-2 for 2026-01-09"),
        "{logged}"
    );
    let other = workspace
        .run(&[
            "time",
            "log",
            "NWSHOP-2",
            "1h30m",
            "--date",
            "2026-01-08",
            "--as",
            MEI,
        ])
        .ok();
    assert!(other.contains("logged 1h 30m"), "{other}");

    let error = workspace
        .run(&["time", "log", "NWSHOP-2", "lots", "--as", MEI])
        .error();
    assert!(error.contains("'lots' is not a duration"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    let error = workspace
        .run(&[
            "time", "log", "NWSHOP-2", "1h", "--date", "9.1.2026", "--as", MEI,
        ])
        .error();
    assert_eq!(error.trim().lines().count(), 1, "{error}");

    let week = workspace
        .run(&[
            "time",
            "list",
            "NWSHOP",
            "--week",
            "2026-01-07",
            "--as",
            MEI,
        ])
        .ok();
    assert!(
        week.contains("2026-01-09") && week.contains("Checkout review"),
        "{week}"
    );
    let report = workspace
        .run(&[
            "time",
            "report",
            "NWSHOP",
            "--by",
            "week",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-11",
            "--as",
            MEI,
        ])
        .ok();
    assert!(report.contains("2026-W02"), "{report}");
    assert!(report.contains("3.00"), "{report}");

    let started = workspace
        .run(&["timer", "start", "NWSHOP-2", "--as", MEI])
        .ok();
    assert!(started.contains("timer started on NWSHOP-2"), "{started}");
    let twice = workspace
        .run(&["timer", "start", "NWSHOP-3", "--as", MEI])
        .error();
    assert!(twice.contains("already running"), "{twice}");
    let status = workspace.run(&["timer", "status", "--as", MEI]).ok();
    assert!(
        status.starts_with("timer running on NWSHOP-2 ("),
        "{status}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&["timer", "status", "--json", "--as", MEI])
            .ok(),
    )
    .expect("timer status --json prints JSON");
    assert_eq!(json["running"], true, "{json}");
    assert_eq!(json["item_key"], "NWSHOP-2", "{json}");
    let stopped = workspace.run(&["timer", "stop", "--as", MEI]).ok();
    assert!(stopped.contains("timer stopped: logged"), "{stopped}");
    let none = workspace.run(&["timer", "stop", "--as", MEI]).error();
    assert!(none.contains("not running"), "{none}");
    let idle = workspace.run(&["timer", "status", "--as", MEI]).ok();
    assert_eq!(idle.trim(), "no timer running");
}

#[test]
fn a_sprint_runs_from_the_cli() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let sprint = |args: &[&str]| {
        let mut full = vec!["sprint"];
        full.extend_from_slice(args);
        full.extend_from_slice(&["--as", JONAS]);
        workspace.run(&full)
    };
    let listed = sprint(&["list", "NWSHOP"]).ok();
    assert!(
        listed.contains("active") && listed.contains("Sprint 3"),
        "{listed}"
    );

    let created = sprint(&[
        "create", "HELIOS", "--name", "Portal 1", "--goal", "Sign in",
    ])
    .ok();
    assert!(created.contains("created: Portal 1"), "{created}");
    let mut keys = Vec::new();
    for title in ["Sign-in page", "Password reset"] {
        let key = workspace
            .run(&["item", "add", "HELIOS", "--title", title, "--as", JONAS])
            .ok();
        keys.push(key.trim().to_owned());
    }
    let added = sprint(&["add", "HELIOS", "Portal 1", &keys[0], &keys[1]]).ok();
    assert!(added.contains("2 item(s) added"), "{added}");
    let started = sprint(&["start", "HELIOS", "portal 1"]).ok();
    assert!(started.contains("Portal 1 started"), "{started}");
    let refused = sprint(&["complete", "HELIOS", "Portal 1"]).error();
    assert!(refused.contains("say where they go"), "{refused}");
    let done = sprint(&["complete", "HELIOS", "Portal 1", "--unfinished", "backlog"]).ok();
    assert!(done.contains("recorded as spillover"), "{done}");
    let unknown = sprint(&["start", "HELIOS", "Nope"]).error();
    assert!(unknown.contains("no sprint 'Nope'"), "{unknown}");
}
