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

    // The plan with the open work rescheduled from today, as the Gantt of running FLEET
    // shows it: nothing has slipped against it today.
    let saved = workspace
        .run(&[
            "baseline",
            "save",
            "FLEET",
            "Re-plan",
            "--from",
            "today",
            "--as",
            "rita@tandem.demo",
        ])
        .ok();
    assert!(saved.contains("\"Re-plan\" of FLEET"), "{saved}");
    let plan = workspace
        .run(&[
            "plan",
            "FLEET",
            "--from",
            "today",
            "--json",
            "--as",
            "rita@tandem.demo",
        ])
        .ok();
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("JSON");
    assert_eq!(plan["baseline"]["name"], "Re-plan");
    let items = plan["items"].as_array().expect("items");
    assert!(
        items.iter().all(|item| item["finish_variance_days"] == 0.0),
        "{plan}"
    );
    let error = workspace
        .run(&[
            "baseline",
            "save",
            "FLEET",
            "Re-plan",
            "--from",
            "soon",
            "--as",
            "rita@tandem.demo",
        ])
        .error();
    assert!(error.contains("--from"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");

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
