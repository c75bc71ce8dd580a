//! `tandem risk show|set|delete|heatmap|roadblocks` on the demo workspace: a risk added with
//! a description, shown (text and JSON), changed with `--if-version` (a stale version is
//! refused as `version_conflict`), placed on the heat map, deleted; roadblocks listed.

mod cli_support;

use cli_support::Workspace;

const PM: &str = "paula@tandem.demo";

/// Runs `tandem risk ARGS --as PM`.
fn risk(workspace: &Workspace, args: &[&str]) -> cli_support::Run {
    let mut all = vec!["risk"];
    all.extend_from_slice(args);
    all.extend(["--as", PM]);
    workspace.run(&all)
}

fn show_json(workspace: &Workspace, id: &str) -> serde_json::Value {
    let out = risk(workspace, &["show", "NWSHOP", id, "--json"]).ok();
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn risks_are_shown_changed_mapped_and_deleted_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let added = risk(
        &workspace,
        &[
            "add",
            "NWSHOP",
            "--title",
            "Supplier API unstable",
            "--description",
            "The stock feed drops requests",
            "--probability",
            "2",
            "--impact",
            "3",
            "--item",
            "NWSHOP-1",
        ],
    )
    .ok();
    let id = added
        .strip_prefix("risk ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("an id in {added}"))
        .to_owned();

    let shown = risk(&workspace, &["show", "NWSHOP", &id]).ok();
    assert!(shown.contains("Supplier API unstable"), "{shown}");
    assert!(
        shown.contains("description: The stock feed drops requests"),
        "{shown}"
    );
    assert!(shown.contains("NWSHOP-1"), "{shown}");
    assert!(shown.contains("origin:      -"), "{shown}");
    let before = show_json(&workspace, &id);
    assert_eq!(before["description"], "The stock feed drops requests");
    assert_eq!(before["items"][0]["key"], "NWSHOP-1");
    let version = before["version"].as_i64().expect("version");

    let saved = risk(
        &workspace,
        &[
            "set",
            "NWSHOP",
            &id,
            "--probability",
            "5",
            "--impact",
            "5",
            "--status",
            "mitigating",
            "--review-date",
            "2027-01-15",
            "--owner",
            PM,
            "--no-items",
            "--if-version",
            &version.to_string(),
        ],
    )
    .ok();
    assert!(saved.contains("exposure 25"), "{saved}");
    let after = show_json(&workspace, &id);
    assert_eq!(after["status"], "mitigating");
    assert_eq!(after["review_date"], "2027-01-15");
    assert!(after["owner"].is_object(), "{after}");
    assert_eq!(after["items"], serde_json::json!([]));
    assert!(after["version"].as_i64() > Some(version), "{after}");

    // Clearing with `none`, without --if-version (the stored version).
    risk(
        &workspace,
        &[
            "set",
            "NWSHOP",
            &id,
            "--owner",
            "none",
            "--review-date",
            "none",
        ],
    )
    .ok();
    let cleared = show_json(&workspace, &id);
    assert!(cleared["owner"].is_null(), "{cleared}");
    assert!(cleared["review_date"].is_null(), "{cleared}");

    // A stale version is refused, for set and delete alike.
    let stale = version.to_string();
    let code = risk(
        &workspace,
        &[
            "set",
            "NWSHOP",
            &id,
            "--title",
            "Late",
            "--if-version",
            &stale,
        ],
    )
    .error_code();
    assert_eq!(code, "version_conflict");
    let code = risk(
        &workspace,
        &["delete", "NWSHOP", &id, "--if-version", &stale],
    )
    .error_code();
    assert_eq!(code, "version_conflict");
    // An invalid rating is refused in the API's words.
    let code = risk(&workspace, &["set", "NWSHOP", &id, "--impact", "9"]).error_code();
    assert_eq!(code, "validation_failed");

    let map = risk(&workspace, &["heatmap", "NWSHOP"]).ok();
    let top = map
        .lines()
        .find(|line| line.trim_start().starts_with("5  "))
        .unwrap_or_else(|| panic!("impact row 5 in {map}"));
    let last: u32 = top
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {top}"));
    assert!(last >= 1, "{map}");
    assert!(map.contains("active risks"), "{map}");

    let blocked = risk(&workspace, &["roadblocks", "NWSHOP", "--json"]).ok();
    let blocked: serde_json::Value = serde_json::from_str(&blocked).expect("JSON");
    assert!(blocked.is_array(), "{blocked}");
    risk(&workspace, &["roadblocks", "NWSHOP"]).ok();

    let current = show_json(&workspace, &id)["version"].to_string();
    let deleted = risk(
        &workspace,
        &["delete", "NWSHOP", &id, "--if-version", &current],
    )
    .ok();
    assert!(deleted.contains("deleted"), "{deleted}");
    let code = risk(&workspace, &["show", "NWSHOP", &id]).error_code();
    assert_eq!(code, "not_found");
}

#[test]
fn a_risk_from_a_workshop_names_its_origin() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let added = workspace
        .run(&[
            "workshop",
            "add",
            "NWSHOP",
            "--title",
            "Supplier review",
            "--kind",
            "review",
            "--as",
            PM,
        ])
        .ok();
    let workshop = added
        .split_whitespace()
        .nth(1)
        .map(|id| id.trim_end_matches(':').to_owned())
        .expect("workshop id");
    workspace
        .run(&[
            "workshop",
            "outcome",
            "NWSHOP",
            &workshop,
            "risk",
            "Supplier API may change",
            "--as",
            PM,
        ])
        .ok();
    let list = risk(&workspace, &["list", "NWSHOP"]).ok();
    let line = list
        .lines()
        .find(|line| line.contains("Supplier API may change"))
        .unwrap_or_else(|| panic!("the risk in {list}"));
    assert!(
        line.ends_with(&format!("(from workshop {workshop})")),
        "{line}"
    );
    let id = line.split_whitespace().next().expect("id").to_owned();
    let shown = show_json(&workspace, &id);
    assert_eq!(shown["workshop_id"].to_string(), workshop);
    let text = risk(&workspace, &["show", "NWSHOP", &id]).ok();
    assert!(
        text.contains(&format!("origin:      workshop {workshop}")),
        "{text}"
    );
}
