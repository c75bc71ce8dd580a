//! Sprints from the shell beyond the lifecycle, on the demo workspace: editing, deleting and
//! taking items out of a sprint, and the reports rebuilt from history (burndown, burn-up,
//! velocity, cumulative flow) — the same numbers the API answers, with one-line refusals.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::Value;

const PM: &str = "jonas@tandem.demo";
const CLIENT: &str = "clara@northwind.demo";

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

/// `tandem sprint ARGS --as EMAIL`.
fn sprint_as(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut all = vec!["sprint"];
    all.extend_from_slice(args);
    all.extend(["--as", email]);
    workspace.run(&all)
}

/// `tandem sprint ARGS --as PM`, which must succeed.
fn pm(workspace: &Workspace, args: &[&str]) -> String {
    sprint_as(workspace, PM, args).ok()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON expected ({e}): {text}"))
}

#[test]
fn a_planned_sprint_is_edited_emptied_and_deleted() {
    let workspace = demo();
    pm(&workspace, &["create", "HELIOS", "--name", "Portal 1"]);
    let mut keys = Vec::new();
    for title in ["Sign-in page", "Password reset"] {
        let key = workspace
            .run(&["item", "add", "HELIOS", "--title", title, "--as", PM])
            .ok();
        keys.push(key.trim().to_owned());
    }
    pm(
        &workspace,
        &["add", "HELIOS", "Portal 1", &keys[0], &keys[1]],
    );

    let set = pm(
        &workspace,
        &[
            "set",
            "HELIOS",
            "portal 1",
            "--name",
            "Portal A",
            "--goal",
            "Sign in",
            "--start",
            "2026-12-01",
            "--end",
            "2026-12-14",
        ],
    );
    assert!(
        set.contains("updated: Portal A (2026-12-01 – 2026-12-14)"),
        "{set}"
    );
    let stale = sprint_as(
        &workspace,
        PM,
        &[
            "set",
            "HELIOS",
            "Portal A",
            "--goal",
            "x",
            "--if-version",
            "1",
        ],
    );
    assert!(!stale.success);
    let backwards = sprint_as(
        &workspace,
        PM,
        &["set", "HELIOS", "Portal A", "--end", "2026-11-01"],
    );
    assert!(!backwards.success);
    let nothing = sprint_as(&workspace, PM, &["set", "HELIOS", "Portal A"]);
    assert_eq!(nothing.error_code(), "invalid");

    let removed = pm(&workspace, &["remove", "HELIOS", "Portal A", &keys[0]]);
    assert!(
        removed.contains("1 item(s) taken out of Portal A"),
        "{removed}"
    );
    let listed = pm(&workspace, &["list", "HELIOS"]);
    let line = listed
        .lines()
        .find(|line| line.ends_with("Portal A"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(line.contains("planned"), "{line}");
    assert_eq!(line.split_whitespace().nth(4), Some("1"), "{line}");

    let deleted = pm(&workspace, &["delete", "HELIOS", "Portal A"]);
    assert!(deleted.contains("deleted: Portal A"), "{deleted}");
    let listed = pm(&workspace, &["list", "HELIOS"]);
    assert!(!listed.contains("Portal A"), "{listed}");

    // The active sprint is history: the API's rule refuses its deletion.
    let active = sprint_as(&workspace, PM, &["delete", "NWSHOP", "Sprint 3"]);
    assert_eq!(active.error_code(), "sprint_state");
    let client = sprint_as(&workspace, CLIENT, &["delete", "NWSHOP", "Sprint 4"]);
    assert!(!client.success);
    let unknown = sprint_as(
        &workspace,
        PM,
        &["remove", "NWSHOP", "Sprint 99", "NWSHOP-1"],
    );
    assert_eq!(unknown.error_code(), "not_found");
}

#[test]
fn the_reports_print_one_line_per_day_or_sprint() {
    let workspace = demo();
    let burndown = pm(&workspace, &["burndown", "NWSHOP", "Sprint 3"]);
    assert!(burndown.starts_with("DATE"), "{burndown}");
    assert!(burndown.lines().count() > 2, "{burndown}");
    let days = json(&pm(
        &workspace,
        &["burndown", "NWSHOP", "Sprint 3", "--json"],
    ));
    assert_eq!(
        burndown.lines().count() - 1,
        days.as_array().expect("days").len()
    );

    let burnup = pm(&workspace, &["burnup", "NWSHOP", "Sprint 3"]);
    assert!(
        burnup.contains("REMAINING") && burnup.contains("SCOPE"),
        "{burnup}"
    );
    let up = json(&pm(&workspace, &["burnup", "NWSHOP", "Sprint 3", "--json"]));
    let first = &up[0];
    assert!(first["scope_points"].is_i64(), "{first}");

    let velocity = pm(&workspace, &["velocity", "NWSHOP"]);
    assert!(velocity.contains("COMMITTED"), "{velocity}");
    assert!(velocity.contains("Sprint 1"), "{velocity}");
    let rows = json(&pm(&workspace, &["velocity", "NWSHOP", "--json"]));
    for row in rows.as_array().expect("rows") {
        assert!(row["committed_points"].is_i64(), "{row}");
        assert!(row["completed_points"].is_i64(), "{row}");
    }

    let flow = pm(
        &workspace,
        &[
            "flow",
            "NWSHOP",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-10",
        ],
    );
    assert_eq!(flow.lines().count(), 11, "{flow}");
    let flow_json = json(&pm(
        &workspace,
        &[
            "flow",
            "NWSHOP",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-10",
            "--json",
        ],
    ));
    assert_eq!(flow_json.as_array().expect("days").len(), 10);

    // A planned sprint has no burndown yet; a bad day and a too-long period are refused.
    let planned = sprint_as(&workspace, PM, &["burndown", "NWSHOP", "Sprint 4"]);
    assert!(!planned.success);
    let bad = sprint_as(&workspace, PM, &["flow", "NWSHOP", "--from", "someday"]);
    assert!(bad.error().contains("from"));
    let long = sprint_as(
        &workspace,
        PM,
        &[
            "flow",
            "NWSHOP",
            "--from",
            "2024-01-01",
            "--to",
            "2026-01-01",
        ],
    );
    assert!(long.error().contains("366"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reports_are_what_the_api_answers() {
    let workspace = demo();
    let listed = pm(&workspace, &["list", "NWSHOP"]);
    let id = listed
        .lines()
        .find(|line| line.ends_with("Sprint 3"))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or_else(|| panic!("{listed}"))
        .to_owned();
    let burndown = json(&pm(
        &workspace,
        &["burndown", "NWSHOP", "Sprint 3", "--json"],
    ));
    let burnup = json(&pm(&workspace, &["burnup", "NWSHOP", "Sprint 3", "--json"]));
    let velocity = json(&pm(&workspace, &["velocity", "NWSHOP", "--json"]));
    // The default period (the last 30 days) is where the demo's history is.
    let flow = json(&pm(&workspace, &["flow", "NWSHOP", "--json"]));
    assert_eq!(flow.as_array().expect("days").len(), 30);
    assert!(flow[29]["done"].as_i64() > Some(0), "{flow}");
    assert!(!velocity.as_array().expect("rows").is_empty());
    assert!(!burndown.as_array().expect("days").is_empty());

    let token = workspace
        .run(&["token", "create", "--email", PM, "--name", "ci"])
        .ok();
    let server = workspace.serve(&[]);
    let client = reqwest::Client::new();
    for (path, cli) in [
        (format!("/api/v1/sprints/{id}/burndown"), &burndown),
        (format!("/api/v1/sprints/{id}/burnup"), &burnup),
        ("/api/v1/projects/NWSHOP/velocity".to_owned(), &velocity),
        ("/api/v1/projects/NWSHOP/cumulative-flow".to_owned(), &flow),
    ] {
        let answer = client
            .get(format!("{}{path}", server.address))
            .bearer_auth(token.trim())
            .send()
            .await
            .expect("API call");
        assert_eq!(answer.status(), 200, "{path}");
        let api: Value = answer.json().await.expect("API JSON");
        assert_eq!(cli, &api, "{path}");
    }
    drop(server);
}
