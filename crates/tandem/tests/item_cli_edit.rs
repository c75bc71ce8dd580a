//! `tandem item set|delete|history|unlink|comments` on the demo workspace: the CLI's side of
//! what the API's PATCH, DELETE, history, dependency removal and comment list do, with the
//! same optimistic concurrency (`--if-version` like `If-Match`), permissions and error codes.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::Value;

const JONAS: &str = "jonas@tandem.demo";
const MEI: &str = "mei@tandem.demo";
const CLARA: &str = "clara@northwind.demo";

/// `tandem item ARGS --as EMAIL` in `workspace`.
fn item(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut full = vec!["item"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--as", email]);
    workspace.run(&full)
}

/// The item as `item show --json` prints it.
fn show(workspace: &Workspace, key: &str) -> Value {
    let shown = item(workspace, JONAS, &["show", key, "--json"]).ok();
    serde_json::from_str(&shown).expect("item JSON")
}

/// A new task in NWSHOP, by its key.
fn add(workspace: &Workspace, title: &str) -> String {
    item(workspace, JONAS, &["add", "NWSHOP", "--title", title])
        .ok()
        .trim()
        .to_owned()
}

#[test]
fn set_changes_only_the_fields_given_and_prints_the_new_version() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, "Gift cards");
    let before = show(&workspace, &key);
    let version = before["version"].as_i64().expect("version");

    let set = item(
        &workspace,
        JONAS,
        &[
            "set",
            &key,
            "--title",
            "Gift cards at checkout",
            "--description",
            "Redeem *one* card per order",
            "--priority",
            "high",
            "--assignee",
            MEI,
            "--estimate",
            "3h",
            "--points",
            "5",
            "--optimistic",
            "1d",
            "--likely",
            "2d",
            "--pessimistic",
            "4d",
            "--remaining",
            "4h",
            "--due",
            "2026-12-24",
            "--label",
            "payments",
            "--label",
            "checkout",
            "--parent",
            "NWSHOP-1",
            "--if-version",
            &version.to_string(),
        ],
    )
    .ok();
    assert_eq!(
        set.trim(),
        format!("{key} updated (version {})", version + 1)
    );
    let after = show(&workspace, &key);
    assert_eq!(after["title"], "Gift cards at checkout");
    assert_eq!(after["description"], "Redeem *one* card per order");
    assert_eq!(after["priority"], "high");
    assert_eq!(after["assignee"]["email"], MEI);
    assert_eq!(after["estimate_hours"], 3.0);
    assert_eq!(after["story_points"], 5);
    assert_eq!(after["optimistic_hours"], 8.0);
    assert_eq!(after["most_likely_hours"], 16.0);
    assert_eq!(after["pessimistic_hours"], 32.0);
    assert_eq!(after["remaining_hours"], 4.0);
    assert_eq!(after["due_date"], "2026-12-24");
    assert_eq!(after["labels"], serde_json::json!(["checkout", "payments"]));
    assert_eq!(after["parent"]["key"], "NWSHOP-1");
    assert_eq!(after["type"], before["type"], "untouched fields stay");

    // `none` clears; --no-labels empties the set; the rest stays.
    item(
        &workspace,
        JONAS,
        &[
            "set",
            &key,
            "--assignee",
            "none",
            "--due",
            "none",
            "--parent",
            "none",
            "--estimate",
            "none",
            "--no-labels",
        ],
    )
    .ok();
    let cleared = show(&workspace, &key);
    assert!(cleared["assignee"].is_null(), "{cleared}");
    assert!(cleared["due_date"].is_null(), "{cleared}");
    assert!(cleared["parent"].is_null(), "{cleared}");
    assert!(cleared["estimate_hours"].is_null(), "{cleared}");
    assert_eq!(cleared["labels"], serde_json::json!([]));
    assert_eq!(cleared["title"], "Gift cards at checkout");

    // The text view shows the version `--if-version` wants.
    let text = item(&workspace, JONAS, &["show", &key]).ok();
    assert!(
        text.contains(&format!("version:  {}", cleared["version"])),
        "{text}"
    );
}

#[test]
fn a_stale_version_and_bad_input_are_refused_in_one_line() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, "Wish list");
    item(&workspace, JONAS, &["set", &key, "--title", "Wish lists"]).ok();
    let current = show(&workspace, &key)["version"].as_i64().expect("version");

    // Someone read version 1, the item moved on: refused, nothing changed.
    let stale = item(
        &workspace,
        JONAS,
        &["set", &key, "--title", "Lost update", "--if-version", "1"],
    )
    .error();
    assert!(stale.ends_with("[version_conflict]"), "{stale}");
    assert!(
        stale.contains(&format!("now at version {current}")),
        "{stale}"
    );
    assert_eq!(show(&workspace, &key)["title"], "Wish lists");

    let cases: &[(&[&str], &str, &str)] = &[
        (&["--estimate", "lots"], "validation_failed", "'lots'"),
        (&["--points", "many"], "validation_failed", "points"),
        (&["--priority", "urgent"], "validation_failed", "urgent"),
        (&["--due", "24.12.2026"], "validation_failed", "due_date"),
        (
            &["--parent", "NWSHOP-9999"],
            "validation_failed",
            "NWSHOP-9999",
        ),
        (&["--assignee", "nobody@example.com"], "", "assignee"),
        (
            &["--optimistic", "3d", "--pessimistic", "1d"],
            "validation_failed",
            "optimistic",
        ),
        (&[], "validation_failed", "nothing to change"),
    ];
    for (flags, code, words) in cases {
        let mut args = vec!["set", key.as_str()];
        args.extend_from_slice(flags);
        let line = item(&workspace, JONAS, &args).error();
        assert!(line.contains(words), "{flags:?}: {line}");
        assert!(
            line.ends_with(&format!("[{code}]")) || code.is_empty(),
            "{line}"
        );
    }
    assert_eq!(
        show(&workspace, &key)["version"],
        current,
        "nothing written"
    );

    let missing = item(&workspace, JONAS, &["set", "NWSHOP-9999", "--title", "x"]).error_code();
    assert_eq!(missing, "not_found");
    let client = item(&workspace, CLARA, &["set", &key, "--title", "x"]).error_code();
    assert_eq!(client, "forbidden");
}

#[test]
fn delete_respects_versions_and_children() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, "Temporary");
    item(&workspace, JONAS, &["set", &key, "--points", "2"]).ok();

    let stale = item(&workspace, JONAS, &["delete", &key, "--if-version", "1"]).error_code();
    assert_eq!(stale, "version_conflict");
    let parent = item(&workspace, JONAS, &["delete", "NWSHOP-1"]).error();
    assert!(parent.ends_with("[has_children]"), "{parent}");
    let client = item(&workspace, CLARA, &["delete", &key]).error_code();
    assert_eq!(client, "forbidden");

    let deleted = item(&workspace, JONAS, &["delete", &key, "--if-version", "2"]).ok();
    assert!(
        deleted.contains(&format!("deleted {key} Temporary")),
        "{deleted}"
    );
    let gone = item(&workspace, JONAS, &["show", &key]).error_code();
    assert_eq!(gone, "not_found");
}

#[test]
fn history_says_who_changed_what_from_what_to_what() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, "Coupons");
    item(&workspace, MEI, &["set", &key, "--title", "Coupon codes"]).ok();

    let text = item(&workspace, JONAS, &["history", &key]).ok();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains(JONAS) && lines[0].contains("created the item"),
        "{text}"
    );
    assert!(
        lines[1].contains(MEI) && lines[1].contains("changed title: Coupons → Coupon codes"),
        "{text}"
    );

    let json = item(&workspace, JONAS, &["history", &key, "--json"]).ok();
    let events: Value = serde_json::from_str(&json).expect("history JSON");
    let change = &events[1];
    assert_eq!(change["kind"], "field_changed");
    assert_eq!(change["field"], "title");
    assert_eq!(change["old_value"], "Coupons");
    assert_eq!(change["new_value"], "Coupon codes");
    assert_eq!(change["actor"]["email"], MEI);
    assert!(change["at"].as_str().is_some_and(|at| at.ends_with('Z')));

    let missing = item(&workspace, JONAS, &["history", "NWSHOP-9999"]).error_code();
    assert_eq!(missing, "not_found");
}

#[test]
fn unlink_removes_a_dependency() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let first = add(&workspace, "Payment provider contract");
    let second = add(&workspace, "Payment provider integration");
    item(&workspace, JONAS, &["link", &first, &second]).ok();
    assert_eq!(show(&workspace, &second)["blocked"], true);

    let unlinked = item(&workspace, JONAS, &["unlink", &first, &second]).ok();
    assert_eq!(
        unlinked.trim(),
        format!("{second} no longer waits for {first}")
    );
    assert_eq!(show(&workspace, &second)["blocked"], false);
    let history = item(&workspace, JONAS, &["history", &second]).ok();
    assert!(
        history.contains(&format!("no longer waits for {first}")),
        "{history}"
    );

    let again = item(&workspace, JONAS, &["unlink", &first, &second]).error();
    assert!(
        again.contains(&format!("{second} does not wait for {first}"))
            && again.ends_with("[not_found]"),
        "{again}"
    );
    // The link can be made again: nothing was left behind.
    item(&workspace, JONAS, &["link", &first, &second]).ok();
}

#[test]
fn comments_are_read_back_without_internal_notes_for_clients() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, "Invoice PDF");
    item(&workspace, JONAS, &["comment", &key, "Client wants **A4**"]).ok();
    item(
        &workspace,
        JONAS,
        &["comment", &key, "Quote was too low", "--internal"],
    )
    .ok();

    let staff = item(&workspace, JONAS, &["comments", &key]).ok();
    assert!(
        staff.contains("Client wants **A4**") && staff.contains("Quote was too low"),
        "{staff}"
    );
    assert!(staff.contains("[internal]"), "{staff}");
    let json = item(&workspace, JONAS, &["comments", &key, "--json"]).ok();
    let comments: Value = serde_json::from_str(&json).expect("comments JSON");
    assert_eq!(comments.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(comments[0]["author"]["email"], JONAS);
    assert_eq!(comments[1]["internal"], true);

    let client = item(&workspace, CLARA, &["comments", &key, "--json"]).ok();
    let seen: Value = serde_json::from_str(&client).expect("comments JSON");
    assert_eq!(seen.as_array().map(Vec::len), Some(1), "{client}");
    assert!(!client.contains("Quote was too low"), "{client}");
}

/// `tandem ARGS --help` at a fixed width (the help texts are part of the contract).
fn help(args: &[&str]) -> String {
    let output = cli_support::tandem()
        .args(args)
        .arg("--help")
        .env("COLUMNS", "100")
        .output()
        .expect("run tandem");
    assert!(output.status.success(), "{args:?} --help failed");
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

#[test]
fn item_and_time_help_list_the_new_commands_tidily() {
    let commands: &[&[&str]] = &[
        &["item"],
        &["item", "set"],
        &["time"],
        &["time", "edit"],
        &["time", "export"],
    ];
    for args in commands {
        insta::assert_snapshot!(format!("tandem_{}", args.join("_")), help(args));
    }
}
