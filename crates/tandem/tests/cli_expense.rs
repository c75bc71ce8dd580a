//! `tandem expense add|list|edit|delete` on the demo workspace: the project manager records,
//! lists, changes and deletes an expense through the API's service functions; a developer
//! may list but not change them, a client contact does not see them, and bad input fails
//! with one line.

mod cli_support;

use cli_support::{Run, Workspace};
use serde_json::Value;

const PM: &str = "jonas@tandem.demo";
const DEVELOPER: &str = "mei@tandem.demo";
const CLIENT: &str = "clara@northwind.demo";

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

/// The expense with `description` in `tandem expense list NWSHOP --json`, if any.
fn listed(workspace: &Workspace, description: &str) -> Option<Value> {
    let text = pm(workspace, &["expense", "list", "NWSHOP", "--json"]);
    let list: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON expected ({e}): {text}"));
    list.as_array()
        .expect("a list")
        .iter()
        .find(|expense| expense["description"] == description)
        .cloned()
}

#[test]
fn expenses_are_added_listed_edited_and_deleted() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let added = pm(
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
    assert!(added.contains("310.40 EUR on 2026-09-14"), "{added}");
    let expense = listed(&workspace, "Test devices").expect("the new expense");
    assert_eq!(expense["amount"], 310.4);
    assert_eq!(expense["date"], "2026-09-14");
    let id = expense["id"].as_i64().expect("an id").to_string();

    let table = pm(&workspace, &["expense", "list", "NWSHOP"]);
    let row = table
        .lines()
        .find(|line| line.contains("Test devices"))
        .unwrap_or_else(|| panic!("a row in {table}"));
    assert!(row.trim_start().starts_with(&id), "{row}");
    assert!(row.contains("310.40 EUR"), "{row}");
    // A developer of the project reads them too, as on the API.
    let seen = as_(&workspace, DEVELOPER, &["expense", "list", "NWSHOP"]).ok();
    assert!(seen.contains("Test devices"), "{seen}");

    let edited = pm(
        &workspace,
        &[
            "expense",
            "edit",
            "NWSHOP",
            &id,
            "--amount",
            "299",
            "--description",
            "Test phones",
        ],
    );
    assert!(
        edited.contains(&format!("expense {id} of NWSHOP saved")),
        "{edited}"
    );
    assert!(
        edited.contains("299.00 EUR") && edited.contains("Test phones"),
        "{edited}"
    );
    let expense = listed(&workspace, "Test phones").expect("renamed");
    assert_eq!(expense["amount"], 299.0);
    assert_eq!(expense["date"], "2026-09-14", "what is not given stays");

    let bad_amount = as_(
        &workspace,
        PM,
        &["expense", "edit", "NWSHOP", &id, "--amount", "lots"],
    );
    assert_eq!(bad_amount.error_code(), "validation_failed");
    let bad_date = as_(
        &workspace,
        PM,
        &["expense", "edit", "NWSHOP", &id, "--date", "someday"],
    );
    let error = bad_date.error();
    assert!(error.contains("date"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    let developer = as_(&workspace, DEVELOPER, &["expense", "delete", "NWSHOP", &id]);
    assert_eq!(developer.error_code(), "forbidden");
    let developer = as_(
        &workspace,
        DEVELOPER,
        &["expense", "edit", "NWSHOP", &id, "--amount", "1"],
    );
    assert_eq!(developer.error_code(), "forbidden");
    let client = as_(&workspace, CLIENT, &["expense", "list", "NWSHOP"]);
    assert_eq!(client.error_code(), "not_found");

    let deleted = pm(&workspace, &["expense", "delete", "NWSHOP", &id]);
    assert!(deleted.contains("'Test phones' deleted"), "{deleted}");
    assert!(listed(&workspace, "Test phones").is_none());
    let gone = as_(&workspace, PM, &["expense", "delete", "NWSHOP", &id]);
    assert_eq!(gone.error_code(), "not_found");
}

#[test]
fn evm_text_prints_the_to_complete_performance_index() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let table = pm(&workspace, &["evm", "NWSHOP", "--date", "2026-10-01"]);
    let row = table
        .lines()
        .find(|line| line.starts_with("TCPI"))
        .unwrap_or_else(|| panic!("a TCPI row in {table}"));
    let text = pm(
        &workspace,
        &["evm", "NWSHOP", "--date", "2026-10-01", "--json"],
    );
    let view: Value = serde_json::from_str(&text).expect("JSON");
    let expected = view["tcpi"]
        .as_f64()
        .map_or_else(|| "n/a".to_owned(), |tcpi| format!("{tcpi:.2}"));
    assert!(row.trim_end().ends_with(&expected), "{row} vs {expected}");
}
