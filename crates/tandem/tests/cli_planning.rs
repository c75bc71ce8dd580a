//! Planning from the shell, on the demo workspace: the workflow (statuses, WIP limits,
//! transition rules), the project calendar and people's time off, earned value, budget lines
//! and saved item views — each through the API's service functions and permissions, with its
//! one-line refusal for bad input.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::Value;

const PM: &str = "jonas@tandem.demo";
const DEVELOPER: &str = "mei@tandem.demo";
const CLIENT: &str = "clara@northwind.demo";

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

/// `tandem ARGS --as EMAIL`.
fn as_(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--as", email]);
    workspace.run(&all)
}

/// `tandem ARGS --as PM`, which must succeed.
fn pm(workspace: &Workspace, args: &[&str]) -> String {
    as_(workspace, PM, args).ok()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON expected ({e}): {text}"))
}

#[test]
fn the_workflow_is_listed_and_changed_one_step_at_a_time() {
    let workspace = demo();
    let table = pm(&workspace, &["workflow", "NWSHOP"]);
    assert!(table.starts_with("NWSHOP workflow (version "), "{table}");
    assert!(table.contains("In progress"), "{table}");
    assert!(
        table.contains("Transitions: every move is allowed"),
        "{table}"
    );

    let added = pm(
        &workspace,
        &[
            "workflow",
            "add",
            "NWSHOP",
            "QA",
            "--category",
            "in_progress",
            "--wip",
            "3",
            "--after",
            "in review",
        ],
    );
    assert!(added.contains("status 'QA' added"), "{added}");
    pm(
        &workspace,
        &["workflow", "rename", "NWSHOP", "qa", "Testing"],
    );
    pm(
        &workspace,
        &["workflow", "set-wip", "NWSHOP", "Testing", "2"],
    );
    let allowed = pm(
        &workspace,
        &["workflow", "allow", "NWSHOP", "In review", "Testing"],
    );
    assert!(allowed.contains("only the listed moves"), "{allowed}");
    pm(
        &workspace,
        &["workflow", "allow", "NWSHOP", "Testing", "Done"],
    );
    pm(
        &workspace,
        &["workflow", "disallow", "NWSHOP", "Testing", "Done"],
    );

    let view = json(&pm(&workspace, &["workflow", "NWSHOP", "--json"]));
    let names: Vec<&str> = view["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Backlog",
            "To do",
            "In progress",
            "In review",
            "Testing",
            "Done"
        ]
    );
    let testing = &view["statuses"][4];
    assert_eq!(testing["category"], "in_progress");
    assert_eq!(testing["wip_limit"], 2);
    assert_eq!(
        view["transitions"],
        serde_json::json!([{ "from": "In review", "to": "Testing" }])
    );

    // Removing it takes its rule along; the workflow is back to "every move".
    pm(&workspace, &["workflow", "remove", "NWSHOP", "Testing"]);
    let table = pm(&workspace, &["workflow", "NWSHOP"]);
    assert!(!table.contains("Testing"), "{table}");
    assert!(table.contains("every move is allowed"), "{table}");

    // Refusals, one line each, with the API's codes.
    let holds = as_(
        &workspace,
        PM,
        &["workflow", "remove", "NWSHOP", "In review"],
    )
    .error();
    assert!(
        holds.contains("still holds") && holds.ends_with("[validation_failed]"),
        "{holds}"
    );
    let wip = as_(
        &workspace,
        PM,
        &["workflow", "set-wip", "NWSHOP", "Done", "0"],
    );
    assert_eq!(wip.error_code(), "validation_failed");
    let unknown = as_(
        &workspace,
        PM,
        &["workflow", "rename", "NWSHOP", "Nope", "X"],
    );
    assert_eq!(unknown.error_code(), "not_found");
    let category = as_(
        &workspace,
        PM,
        &["workflow", "add", "NWSHOP", "X", "--category", "later"],
    );
    assert_eq!(category.error_code(), "validation_failed");
    let developer = as_(
        &workspace,
        DEVELOPER,
        &["workflow", "set-wip", "NWSHOP", "Done", "5"],
    );
    assert_eq!(developer.error_code(), "forbidden");
}

#[test]
fn the_calendar_and_time_off_are_shown_and_edited() {
    let workspace = demo();
    let table = pm(&workspace, &["calendar", "NWSHOP"]);
    assert!(
        table.contains("monday     08:00-12:00, 13:00-17:00"),
        "{table}"
    );
    assert!(table.contains("40h a week"), "{table}");
    assert!(table.contains("Christmas"), "{table}");

    let saved = pm(
        &workspace,
        &[
            "calendar",
            "set-week",
            "NWSHOP",
            "--friday",
            "08:00-12:00",
            "--saturday",
            "off",
        ],
    );
    assert!(saved.contains("36h a week"), "{saved}");
    pm(
        &workspace,
        &[
            "calendar",
            "add-holiday",
            "NWSHOP",
            "Summer break",
            "--from",
            "2027-07-01",
            "--to",
            "2027-07-02",
        ],
    );
    pm(
        &workspace,
        &["calendar", "remove-holiday", "NWSHOP", "christmas"],
    );
    let body = json(&pm(&workspace, &["calendar", "NWSHOP", "--json"]));
    assert_eq!(
        body["work_week"]["friday"],
        serde_json::json!([["08:00", "12:00"]])
    );
    assert_eq!(body["week_minutes"], 36 * 60);
    let names: Vec<&str> = body["exceptions"]
        .as_array()
        .expect("exceptions")
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    assert!(
        names.contains(&"Summer break") && !names.contains(&"Christmas"),
        "{names:?}"
    );

    let bad_date = as_(
        &workspace,
        PM,
        &[
            "calendar",
            "add-holiday",
            "NWSHOP",
            "X",
            "--from",
            "2027-13-01",
        ],
    );
    assert!(bad_date.error().contains("exceptions.from"));
    let bad_hours = as_(
        &workspace,
        PM,
        &["calendar", "set-week", "NWSHOP", "--monday", "17:00-08:00"],
    );
    assert_eq!(bad_hours.error_code(), "validation_failed");
    let missing = as_(
        &workspace,
        PM,
        &["calendar", "remove-holiday", "NWSHOP", "Nope"],
    );
    assert_eq!(missing.error_code(), "not_found");

    // Time off: a manager records anyone's, lists and removes it.
    let recorded = pm(
        &workspace,
        &[
            "member",
            "time-off",
            "NWSHOP",
            DEVELOPER,
            "--from",
            "2027-02-01",
            "--to",
            "2027-02-05",
            "--note",
            "Ski trip",
        ],
    );
    assert!(
        recorded.contains("Mei Developer: 2027-02-01 to 2027-02-05"),
        "{recorded}"
    );
    let listed = json(&pm(
        &workspace,
        &[
            "member",
            "time-off",
            "list",
            "NWSHOP",
            "--from",
            "2027-01-15",
            "--json",
        ],
    ));
    let entries = listed.as_array().expect("a list");
    assert_eq!(entries.len(), 1, "{listed}");
    assert_eq!(entries[0]["note"], "Ski trip");
    let id = entries[0]["id"].as_i64().expect("an id").to_string();
    // A developer records only their own.
    let other = as_(
        &workspace,
        DEVELOPER,
        &[
            "member",
            "time-off",
            "NWSHOP",
            "omar@tandem.demo",
            "--from",
            "2027-03-01",
        ],
    );
    assert_eq!(other.error_code(), "forbidden");
    let backwards = as_(
        &workspace,
        PM,
        &[
            "member",
            "time-off",
            "NWSHOP",
            DEVELOPER,
            "--from",
            "2027-03-05",
            "--to",
            "2027-03-01",
        ],
    );
    assert_eq!(backwards.error_code(), "validation_failed");
    let hidden = as_(
        &workspace,
        CLIENT,
        &["member", "time-off", "list", "NWSHOP"],
    );
    assert_eq!(hidden.error_code(), "not_found");
    let removed = pm(&workspace, &["member", "time-off", "remove", "NWSHOP", &id]);
    assert!(
        removed.contains(&format!("time off {id} of Mei Developer")),
        "{removed}"
    );
    let again = as_(
        &workspace,
        PM,
        &["member", "time-off", "remove", "NWSHOP", &id],
    );
    assert_eq!(again.error_code(), "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earned_value_is_what_the_api_answers_and_clients_are_refused() {
    let workspace = demo();
    let table = pm(&workspace, &["evm", "NWSHOP", "--date", "2026-10-01"]);
    for metric in [
        "PV ", "EV ", "AC ", "SV ", "CV ", "SPI", "CPI", "EAC", "ETC", "VAC",
    ] {
        assert!(
            table.lines().any(|line| line.starts_with(metric)),
            "{metric} in {table}"
        );
    }
    let cli = json(&pm(
        &workspace,
        &["evm", "NWSHOP", "--date", "2026-10-01", "--json"],
    ));

    let token = workspace
        .run(&["token", "create", "--email", PM, "--name", "ci"])
        .ok();
    let server = workspace.serve(&[]);
    let answer = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/projects/NWSHOP/evm?date=2026-10-01",
            server.address
        ))
        .bearer_auth(token.trim())
        .send()
        .await
        .expect("API call");
    assert_eq!(answer.status(), 200);
    let api: Value = answer.json().await.expect("API JSON");
    assert_eq!(cli, api);
    drop(server);

    let client = as_(&workspace, CLIENT, &["evm", "NWSHOP"]);
    assert_eq!(client.error_code(), "forbidden");
    let bad = as_(&workspace, PM, &["evm", "NWSHOP", "--date", "someday"]);
    assert!(bad.error().contains("date"));
}

#[test]
fn budget_lines_are_added_listed_edited_and_deleted() {
    let workspace = demo();
    let added = pm(
        &workspace,
        &[
            "budget",
            "line",
            "add",
            "NWSHOP",
            "--kind",
            "fixed",
            "--name",
            "Licences",
            "--amount",
            "1200.50",
            "--notes",
            "Design tools",
        ],
    );
    assert!(added.contains("Licences"), "{added}");
    let lines = json(&pm(
        &workspace,
        &["budget", "line", "list", "NWSHOP", "--json"],
    ));
    let line = lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|line| line["name"] == "Licences")
        .expect("the new line")
        .clone();
    assert_eq!(line["amount"], 1200.5);
    assert_eq!(line["kind"], "fixed");
    let id = line["id"].as_i64().expect("an id").to_string();

    let edited = pm(
        &workspace,
        &[
            "budget", "line", "edit", "NWSHOP", &id, "--amount", "1500", "--kind", "labour",
        ],
    );
    assert!(edited.contains("1500.00 EUR"), "{edited}");
    let summary = json(&pm(&workspace, &["budget", "show", "NWSHOP", "--json"]));
    let line = summary["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|line| line["name"] == "Licences")
        .expect("still there");
    assert_eq!(line["kind"], "labour");
    assert_eq!(line["notes"], "Design tools");

    let bad_kind = as_(
        &workspace,
        PM,
        &[
            "budget", "line", "add", "NWSHOP", "--kind", "misc", "--name", "X", "--amount", "1",
        ],
    );
    assert_eq!(bad_kind.error_code(), "validation_failed");
    let bad_amount = as_(
        &workspace,
        PM,
        &["budget", "line", "edit", "NWSHOP", &id, "--amount", "lots"],
    );
    assert_eq!(bad_amount.error_code(), "validation_failed");
    let developer = as_(
        &workspace,
        DEVELOPER,
        &["budget", "line", "delete", "NWSHOP", &id],
    );
    assert_eq!(developer.error_code(), "forbidden");
    let client = as_(&workspace, CLIENT, &["budget", "line", "list", "NWSHOP"]);
    assert_eq!(client.error_code(), "not_found");

    let deleted = pm(&workspace, &["budget", "line", "delete", "NWSHOP", &id]);
    assert!(deleted.contains("'Licences' deleted"), "{deleted}");
    let gone = as_(&workspace, PM, &["budget", "line", "delete", "NWSHOP", &id]);
    assert_eq!(gone.error_code(), "not_found");
}

#[test]
fn saved_views_are_personal_and_their_filters_checked() {
    let workspace = demo();
    let empty = pm(&workspace, &["view", "NWSHOP"]);
    assert!(empty.contains("no saved views"), "{empty}");
    let saved = pm(
        &workspace,
        &[
            "view",
            "save",
            "NWSHOP",
            "My bugs",
            "--status",
            "In progress",
            "--assignee",
            "me",
            "--type",
            "bug",
        ],
    );
    assert!(saved.contains("'My bugs' saved"), "{saved}");
    let views = json(&pm(&workspace, &["view", "NWSHOP", "--json"]));
    assert_eq!(views[0]["name"], "My bugs");
    assert_eq!(
        views[0]["query"],
        "status=In%20progress&assignee=me&type=bug"
    );
    // Someone else's list does not show it.
    let other = as_(
        &workspace,
        "paula@tandem.demo",
        &["view", "NWSHOP", "--json"],
    )
    .ok();
    assert_eq!(json(&other), serde_json::json!([]));

    let twice = as_(&workspace, PM, &["view", "save", "NWSHOP", "My bugs"]);
    assert!(twice.error().contains("already have a view"));
    let unknown_status = as_(
        &workspace,
        PM,
        &["view", "save", "NWSHOP", "Odd", "--status", "Nope"],
    );
    assert_eq!(unknown_status.error_code(), "validation_failed");

    let deleted = pm(&workspace, &["view", "delete", "NWSHOP", "my bugs"]);
    assert!(deleted.contains("'My bugs' deleted"), "{deleted}");
    let gone = as_(&workspace, PM, &["view", "delete", "NWSHOP", "My bugs"]);
    assert_eq!(gone.error_code(), "not_found");
}
