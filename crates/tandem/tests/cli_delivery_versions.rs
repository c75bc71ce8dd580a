//! Changing delivery records from the shell at a known version, on the demo workspace:
//! `tandem member time-off edit` changes an absence's dates or note (what is not given
//! stays) under the API's rules, and the edit and delete commands of time off, budget lines
//! and expenses take `--if-version N`: when someone changed the record meanwhile (here through
//! the JSON API) the command exits with one line saying so and changes nothing; without the
//! flag it acts on the version it just read.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::{Value, json};

const PM: &str = "jonas@tandem.demo";
const DEVELOPER: &str = "mei@tandem.demo";
const DESIGNER: &str = "omar@tandem.demo";
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

/// The entry of `tandem ARGS --json` (a list) whose `field` is `value`, if any.
fn listed(workspace: &Workspace, args: &[&str], field: &str, value: &str) -> Option<Value> {
    let text = pm(workspace, args);
    let list: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON expected ({e}): {text}"));
    list.as_array()
        .expect("a list")
        .iter()
        .find(|entry| entry[field] == value)
        .cloned()
}

/// A refusal for a stale version: one line, the API's code, and the version it is at now.
fn assert_stale(run: Run, now: i64) {
    let line = run.error();
    assert!(line.ends_with("[version_conflict]"), "{line}");
    assert!(
        line.contains(&format!("it is now at version {now}")),
        "{line}"
    );
}

fn time_off(workspace: &Workspace, note: &str) -> Option<Value> {
    let args = ["member", "time-off", "list", "NWSHOP", "--json"];
    listed(workspace, &args, "note", note)
}

#[test]
fn time_off_is_edited_under_the_apis_rules_and_at_the_version_given() {
    let workspace = demo();
    pm(
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
    let entry = time_off(&workspace, "Ski trip").expect("recorded");
    let id = entry["id"].as_i64().expect("an id").to_string();
    let loaded = entry["version"].as_i64().expect("a version");

    let edited = pm(
        &workspace,
        &[
            "member",
            "time-off",
            "edit",
            "NWSHOP",
            &id,
            "--to",
            "2027-02-12",
            "--note",
            "Long ski trip",
        ],
    );
    assert!(
        edited.contains(&format!(
            "time off {id} of Mei Developer saved: 2027-02-01 to 2027-02-12"
        )),
        "{edited}"
    );
    let entry = time_off(&workspace, "Long ski trip").expect("changed");
    assert_eq!(entry["from"], "2027-02-01", "what is not given stays");
    assert_eq!(entry["to"], "2027-02-12");
    let now = entry["version"].as_i64().expect("a version");
    assert!(now > loaded);

    // Someone working from the version read before that edit is refused, nothing changes.
    let stale = as_(
        &workspace,
        PM,
        &[
            "member",
            "time-off",
            "edit",
            "NWSHOP",
            &id,
            "--note",
            "Old plan",
            "--if-version",
            &loaded.to_string(),
        ],
    );
    assert_stale(stale, now);
    assert!(time_off(&workspace, "Long ski trip").is_some());
    let stale = as_(
        &workspace,
        PM,
        &[
            "member",
            "time-off",
            "remove",
            "NWSHOP",
            &id,
            "--if-version",
            &loaded.to_string(),
        ],
    );
    assert_stale(stale, now);
    assert!(time_off(&workspace, "Long ski trip").is_some());

    // Mei changes her own absence; Omar may not, a client does not see it; bad dates fail.
    let own = as_(
        &workspace,
        DEVELOPER,
        &[
            "member",
            "time-off",
            "edit",
            "NWSHOP",
            &id,
            "--from",
            "2027-02-02",
            "--if-version",
            &now.to_string(),
        ],
    );
    assert!(own.ok().contains("2027-02-02 to 2027-02-12"));
    let other = as_(
        &workspace,
        DESIGNER,
        &["member", "time-off", "edit", "NWSHOP", &id, "--note", "x"],
    );
    assert_eq!(other.error_code(), "forbidden");
    let client = as_(
        &workspace,
        CLIENT,
        &["member", "time-off", "edit", "NWSHOP", &id, "--note", "x"],
    );
    assert_eq!(client.error_code(), "not_found");
    let backwards = as_(
        &workspace,
        PM,
        &[
            "member",
            "time-off",
            "edit",
            "NWSHOP",
            &id,
            "--to",
            "2027-01-01",
        ],
    );
    assert_eq!(backwards.error_code(), "validation_failed");

    // `delete` is another name for `remove`; the version just read is the one deleted.
    let removed = pm(&workspace, &["member", "time-off", "delete", "NWSHOP", &id]);
    assert!(removed.contains(&format!("time off {id} of Mei Developer")));
    assert!(time_off(&workspace, "Long ski trip").is_none());
}

/// The JSON API of a served workspace, as the project manager.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// `PATCH path` with `If-Match: "version"`; returns the status.
    async fn patch(&self, path: &str, version: i64, body: Value) -> u16 {
        self.http
            .patch(format!("{}/api/v1/projects/NWSHOP{path}", self.base))
            .bearer_auth(&self.token)
            .header("If-Match", format!("\"{version}\""))
            .json(&body)
            .send()
            .await
            .expect("API call")
            .status()
            .as_u16()
    }
}

/// The record with `id` in the list `args` prints as JSON, if any.
fn by_id(workspace: &Workspace, args: &[&str], id: i64) -> Option<Value> {
    let list: Value = serde_json::from_str(&pm(workspace, args)).expect("JSON");
    list.as_array()?.iter().find(|r| r["id"] == id).cloned()
}

/// A budget line or expense (`command`, found by `field` = `name`) changed through the API
/// meanwhile (`patch`: path and body): the CLI's edit and delete with the old
/// `--if-version` are refused and change nothing; without it, or with the current version,
/// they act.
async fn versions_are_checked(
    workspace: &Workspace,
    api: &Api,
    command: &[&str],
    (field, name): (&str, &str),
    (path, body): (&str, Value),
) {
    let list: Vec<&str> = command
        .iter()
        .copied()
        .chain(["list", "NWSHOP", "--json"])
        .collect();
    let record = listed(workspace, &list, field, name).expect("listed");
    let id = record["id"].as_i64().expect("an id");
    let loaded = record["version"].as_i64().expect("a version");
    assert_eq!(api.patch(&format!("{path}/{id}"), loaded, body).await, 200);
    let changed = by_id(workspace, &list, id).expect("still listed");
    let now = changed["version"].as_i64().expect("a version");
    let (id_text, old) = (id.to_string(), loaded.to_string());
    let run = |verb: &str, extra: &[&str]| {
        let mut args: Vec<&str> = command.to_vec();
        args.extend([verb, "NWSHOP", id_text.as_str()]);
        args.extend(extra);
        as_(workspace, PM, &args)
    };
    assert_stale(run("edit", &["--amount", "1", "--if-version", &old]), now);
    assert_stale(run("delete", &["--if-version", &old]), now);
    assert_eq!(
        by_id(workspace, &list, id),
        Some(changed),
        "nothing changed"
    );
    assert!(run("edit", &["--amount", "2"]).ok().contains("saved"));
    let current = (now + 1).to_string();
    let deleted = run("delete", &["--if-version", &current]).ok();
    assert!(deleted.contains("deleted"), "{deleted}");
    assert_eq!(by_id(workspace, &list, id), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budget_lines_and_expenses_are_changed_only_at_the_version_given() {
    let workspace = demo();
    pm(
        &workspace,
        &[
            "budget", "line", "add", "NWSHOP", "--kind", "fixed", "--name", "Licences", "--amount",
            "1200",
        ],
    );
    pm(
        &workspace,
        &[
            "expense",
            "add",
            "NWSHOP",
            "310.40",
            "--description",
            "Test devices",
            "--date",
            "2026-09-14",
        ],
    );
    let token = workspace
        .run(&["token", "create", "--email", PM, "--name", "ci"])
        .ok();
    let server = workspace.serve(&[]);
    let api = Api {
        http: reqwest::Client::new(),
        base: server.address.clone(),
        token: token.trim().to_owned(),
    };
    versions_are_checked(
        &workspace,
        &api,
        &["budget", "line"],
        ("name", "Licences"),
        ("/budget/lines", json!({ "amount": 1500.0 })),
    )
    .await;
    versions_are_checked(
        &workspace,
        &api,
        &["expense"],
        ("description", "Test devices"),
        ("/expenses", json!({ "amount": 299.0 })),
    )
    .await;
    drop(server);
}
