//! `tandem baseline save|list KEY` on the demo workspace: a manager saves the current plan
//! and feature scope, lists it, and bad input fails with one line.

mod cli_support;

use cli_support::Workspace;

#[test]
fn a_manager_saves_and_lists_baselines() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let saved = workspace
        .run(&[
            "baseline",
            "save",
            "FLEET",
            "Steering approval",
            "--as",
            "rita@tandem.demo",
        ])
        .ok();
    assert!(saved.starts_with("Saved baseline "), "{saved}");
    assert!(saved.contains("\"Steering approval\" of FLEET"), "{saved}");
    assert!(
        saved.contains(" items, ") && saved.contains(" feature"),
        "{saved}"
    );
    let list = workspace
        .run(&["baseline", "list", "FLEET", "--as", "rita@tandem.demo"])
        .ok();
    assert!(list.contains("\tSteering approval\t"), "{list}");

    let error = workspace
        .run(&["baseline", "save", "FLEET", " ", "--as", "rita@tandem.demo"])
        .error();
    assert!(error.contains("name"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    let error = workspace
        .run(&["baseline", "list", "NOPE", "--as", "rita@tandem.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");
}
