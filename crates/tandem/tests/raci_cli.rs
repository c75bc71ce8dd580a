//! `tandem raci show`, `set`, `add|change|remove` and `template` on the demo workspace: the
//! matrix as a table and as JSON, a second "A" refused in one line, activities added, changed
//! and removed, edits only by managers, and the workspace default replaced from a project by
//! an admin only.

mod cli_support;

use cli_support::Workspace;

#[test]
fn show_and_set_the_responsibility_matrix() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();

    let table = workspace
        .run(&["raci", "show", "NWSHOP", "--as", "paula@tandem.demo"])
        .ok();
    assert!(table.contains("NWSHOP responsibility matrix"), "{table}");
    assert!(table.contains("Release go/no-go and delays"), "{table}");
    assert!(table.contains("Omar Designer"), "{table}");

    let json = workspace
        .run(&[
            "raci",
            "show",
            "NWSHOP",
            "--json",
            "--as",
            "clara@northwind.demo",
        ])
        .ok();
    let matrix: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(matrix["activities"].as_array().unwrap().len(), 14);

    let refused = workspace
        .run(&[
            "raci",
            "set",
            "NWSHOP",
            "budget",
            "product_manager",
            "A",
            "--as",
            "paula@tandem.demo",
        ])
        .error();
    assert!(
        refused.contains("“Budget” already has project manager as accountable"),
        "{refused}"
    );

    let done = workspace
        .run(&[
            "raci",
            "set",
            "NWSHOP",
            "Budget",
            "mei@tandem.demo",
            "I",
            "--as",
            "jonas@tandem.demo",
        ])
        .ok();
    assert!(
        done.contains("Mei Developer is now informed for “Budget”"),
        "{done}"
    );

    // A client contact reads but does not edit.
    let forbidden = workspace
        .run(&[
            "raci",
            "set",
            "NWSHOP",
            "Budget",
            "client",
            "C",
            "--as",
            "clara@northwind.demo",
        ])
        .error();
    assert!(forbidden.contains("does not allow"), "{forbidden}");
}

#[test]
fn a_project_matrix_becomes_the_workspace_default() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let built_in = workspace
        .run(&["raci", "template", "--as", "jonas@tandem.demo"])
        .ok();
    assert!(
        built_in.contains("Workspace default responsibility matrix (version 0)"),
        "{built_in}"
    );

    let refused = workspace
        .run(&[
            "raci",
            "template",
            "--from",
            "NWSHOP",
            "--as",
            "jonas@tandem.demo",
        ])
        .error();
    assert!(refused.contains("only admins"), "{refused}");

    workspace
        .run(&[
            "raci",
            "set",
            "NWSHOP",
            "Budget",
            "client",
            "I",
            "--as",
            "jonas@tandem.demo",
        ])
        .ok();
    let promoted = workspace
        .run(&[
            "raci",
            "template",
            "--from",
            "NWSHOP",
            "--json",
            "--as",
            "admin@tandem.demo",
        ])
        .ok();
    let activities: serde_json::Value = serde_json::from_str(&promoted).expect("JSON");
    let budget = activities
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Budget")
        .expect("Budget");
    assert!(
        budget["assignments"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({ "role": "client", "letter": "I" })),
        "{budget}"
    );

    let reset = workspace
        .run(&["raci", "template", "--reset", "--as", "admin@tandem.demo"])
        .ok();
    assert!(reset.contains("(version 2)"), "{reset}");
}

/// `args` acting as Jonas, NWSHOP's project manager.
fn jonas<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--as", "jonas@tandem.demo"]);
    all
}

#[test]
fn activities_are_added_changed_and_removed() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();

    let added = workspace
        .run(&jonas(&[
            "raci",
            "add",
            "NWSHOP",
            "Vendor contracts",
            "--side",
            "delivery",
            "--description",
            "Agree terms with suppliers",
        ]))
        .ok();
    assert!(added.contains("added activity"), "{added}");
    assert!(added.contains("“Vendor contracts” to NWSHOP"), "{added}");
    let table = workspace.run(&jonas(&["raci", "show", "NWSHOP"])).ok();
    let row = table
        .lines()
        .find(|line| line.starts_with("Vendor contracts"))
        .unwrap_or_else(|| panic!("no row in {table}"));
    assert!(
        row.contains("delivery") && row.contains("(no accountable)"),
        "{row}"
    );

    let duplicate = workspace
        .run(&jonas(&[
            "raci",
            "add",
            "NWSHOP",
            "Vendor contracts",
            "--side",
            "delivery",
        ]))
        .error();
    assert!(duplicate.contains("has this name"), "{duplicate}");
    let bad_side = workspace
        .run(&jonas(&[
            "raci", "add", "NWSHOP", "Legal", "--side", "legal",
        ]))
        .error();
    assert!(bad_side.ends_with(" [validation_failed]"), "{bad_side}");

    let changed = workspace
        .run(&jonas(&[
            "raci",
            "change",
            "NWSHOP",
            "vendor contracts",
            "--name",
            "Supplier contracts",
            "--side",
            "product",
        ]))
        .ok();
    assert!(
        changed.contains("is now “Supplier contracts” on the product side"),
        "{changed}"
    );
    let removed = workspace
        .run(&jonas(&["raci", "remove", "NWSHOP", "Supplier contracts"]))
        .ok();
    assert!(
        removed.contains("removed “Supplier contracts”"),
        "{removed}"
    );
    let table = workspace.run(&jonas(&["raci", "show", "NWSHOP"])).ok();
    assert!(!table.contains("Supplier contracts"), "{table}");

    let refused = workspace
        .run(&[
            "raci",
            "add",
            "NWSHOP",
            "Anything",
            "--side",
            "product",
            "--as",
            "clara@northwind.demo",
        ])
        .error();
    assert_eq!(refused.trim().lines().count(), 1, "{refused}");
    let missing = workspace
        .run(&jonas(&["raci", "remove", "NWSHOP", "Nothing like it"]))
        .error();
    assert!(
        missing.contains("no activity “Nothing like it”"),
        "{missing}"
    );
}
