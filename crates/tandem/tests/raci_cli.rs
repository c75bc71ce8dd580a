//! `tandem raci show`, `set` and `template` on the demo workspace: the matrix as a table and
//! as JSON, a second "A" refused in one line, edits only by managers, and the workspace
//! default replaced from a project by an admin only.

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
