//! `tandem item list` with the API's other filters (label, sprint, type, parent, text, sort and
//! order) and a saved view (`--view`), and `tandem item comment-edit|comment-delete`: the
//! API's comment PATCH and DELETE, for the author (or an admin) only.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::Value;

const JONAS: &str = "jonas@tandem.demo";
const MEI: &str = "mei@tandem.demo";

/// `tandem item ARGS --as EMAIL` in `workspace`.
fn item(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut full = vec!["item"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--as", email]);
    workspace.run(&full)
}

/// The keys `item list NWSHOP ARGS --json` prints, in order.
fn keys(workspace: &Workspace, args: &[&str]) -> Vec<String> {
    let mut full = vec!["list", "NWSHOP", "--json"];
    full.extend_from_slice(args);
    let json = item(workspace, JONAS, &full).ok();
    let items: Value = serde_json::from_str(&json).expect("items JSON");
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item["key"].as_str().expect("key").to_owned())
        .collect()
}

/// A new item in NWSHOP, by its key.
fn add(workspace: &Workspace, args: &[&str]) -> String {
    let mut full = vec!["add", "NWSHOP"];
    full.extend_from_slice(args);
    item(workspace, JONAS, &full).ok().trim().to_owned()
}

#[test]
fn list_filters_as_the_api_does_and_applies_a_saved_view() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let epic = add(
        &workspace,
        &["--title", "Zebra gift cards", "--type", "epic"],
    );
    let story = add(
        &workspace,
        &[
            "--title",
            "Zebra card balance",
            "--type",
            "story",
            "--parent",
            &epic,
            "--label",
            "zebra",
        ],
    );
    let bug = add(
        &workspace,
        &[
            "--title",
            "Zebra card rounding",
            "--type",
            "bug",
            "--parent",
            &epic,
            "--label",
            "zebra",
        ],
    );

    assert_eq!(
        keys(&workspace, &["--label", "zebra", "--sort", "key"]),
        [story.clone(), bug.clone()]
    );
    assert_eq!(
        keys(
            &workspace,
            &["--label", "zebra", "--sort", "key", "--order", "desc"]
        ),
        [bug.clone(), story.clone()]
    );
    assert_eq!(
        keys(&workspace, &["--label", "zebra", "--type", "bug"]),
        vec![bug.clone()]
    );
    let mut children = keys(&workspace, &["--parent", &epic]);
    children.sort();
    let mut expected = vec![story.clone(), bug.clone()];
    expected.sort();
    assert_eq!(children, expected);
    let mut found = keys(&workspace, &["--q", "Zebra"]);
    found.sort();
    let mut all = vec![epic.clone(), story.clone(), bug.clone()];
    all.sort();
    assert_eq!(found, all);
    // New items are in no sprint: the backlog holds them.
    assert!(keys(&workspace, &["--sprint", "none"]).contains(&bug));

    // A saved view applies its filters; a flag given on the command line overrides its own.
    workspace
        .run(&[
            "view",
            "save",
            "NWSHOP",
            "Zebra work",
            "--label",
            "zebra",
            "--sort",
            "key",
            "--as",
            JONAS,
        ])
        .ok();
    assert_eq!(
        keys(&workspace, &["--view", "Zebra work"]),
        [story.clone(), bug.clone()]
    );
    assert_eq!(
        keys(&workspace, &["--view", "zebra WORK", "--type", "story"]),
        vec![story.clone()]
    );
    let table = item(
        &workspace,
        JONAS,
        &["list", "NWSHOP", "--view", "Zebra work"],
    )
    .ok();
    assert!(table.contains("Zebra card balance"), "{table}");

    // Refusals in the API's words: an unknown view, an unknown sort field, another's view.
    let missing = item(&workspace, JONAS, &["list", "NWSHOP", "--view", "Nope"]);
    assert_eq!(missing.error_code(), "not_found");
    let sort = item(&workspace, JONAS, &["list", "NWSHOP", "--sort", "colour"]);
    assert_eq!(sort.error_code(), "validation_failed");
    let others = item(&workspace, MEI, &["list", "NWSHOP", "--view", "Zebra work"]);
    assert_eq!(others.error_code(), "not_found");
}

#[test]
fn comments_are_edited_and_deleted_by_their_author_only() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let key = add(&workspace, &["--title", "Printable invoices"]);
    let said = item(&workspace, JONAS, &["comment", &key, "Client wants A4"]).ok();
    let id = said
        .split_whitespace()
        .nth(1)
        .expect("comment id")
        .to_owned();

    // Someone else may not change or delete it.
    let edit = item(&workspace, MEI, &["comment-edit", &key, &id, "Letter"]);
    assert_eq!(edit.error_code(), "forbidden");
    let delete = item(&workspace, MEI, &["comment-delete", &key, &id]);
    assert_eq!(delete.error_code(), "forbidden");

    let edited = item(
        &workspace,
        JONAS,
        &["comment-edit", &key, &id, "Client wants **A4**"],
    )
    .ok();
    assert!(edited.contains("edited"), "{edited}");
    let json = item(&workspace, JONAS, &["comments", &key, "--json"]).ok();
    let comments: Value = serde_json::from_str(&json).expect("comments JSON");
    assert_eq!(comments[0]["body"], "Client wants **A4**");
    assert!(comments[0]["edited_at"].is_string(), "{json}");
    assert_eq!(comments[0]["version"], 2);

    // A stale version is refused with the version it is at now.
    let stale = item(
        &workspace,
        JONAS,
        &["comment-edit", &key, &id, "A3", "--if-version", "1"],
    );
    let line = stale.error();
    assert!(line.ends_with("[version_conflict]"), "{line}");

    item(&workspace, JONAS, &["comment-delete", &key, &id]).ok();
    let json = item(&workspace, JONAS, &["comments", &key, "--json"]).ok();
    let comments: Value = serde_json::from_str(&json).expect("comments JSON");
    assert_eq!(comments.as_array().map(Vec::len), Some(0), "{json}");
    let again = item(&workspace, JONAS, &["comment-delete", &key, &id]);
    assert_eq!(again.error_code(), "not_found");
}
