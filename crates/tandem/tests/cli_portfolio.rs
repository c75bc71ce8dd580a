//! `tandem portfolio` and `tandem report` on the demo workspace: the same services as the API
//! (same permissions: a client contact sees only their projects and no costs), kept report
//! history, and one-line errors.

mod cli_support;

use cli_support::Workspace;

#[test]
fn portfolio_lists_what_the_acting_account_may_see() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let text = workspace
        .run(&["portfolio", "--as", "admin@tandem.demo"])
        .ok();
    for key in ["NWSHOP", "HELIOS", "FLEET"] {
        assert!(text.contains(key), "{text}");
    }
    assert!(!text.contains("LEGACY"), "archived left out: {text}");
    let json: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&[
                "portfolio",
                "--as",
                "clara@northwind.demo",
                "--json",
                "--sort",
                "name",
            ])
            .ok(),
    )
    .expect("JSON output");
    let projects = json["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 1, "{json}");
    assert_eq!(projects[0]["key"], "NWSHOP");
    assert!(
        projects[0].get("budget_burn").is_none(),
        "no costs for clients"
    );

    let error = workspace
        .run(&["portfolio", "--as", "admin@tandem.demo", "--sort", "colour"])
        .error();
    assert!(error.contains("sort"), "{error}");
}

#[test]
fn report_generates_prints_lists_and_shows_a_kept_one() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let markdown = workspace
        .run(&[
            "report",
            "NWSHOP",
            "--markdown",
            "--as",
            "jonas@tandem.demo",
        ])
        .ok();
    assert!(markdown.starts_with("# Status report: "), "{markdown}");
    assert!(markdown.contains("## Delivery"), "{markdown}");
    let json: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&["report", "NWSHOP", "--as", "jonas@tandem.demo"])
            .ok(),
    )
    .expect("JSON output");
    assert_eq!(json["report"]["project_key"], "NWSHOP");
    let list = workspace
        .run(&["report", "list", "NWSHOP", "--as", "jonas@tandem.demo"])
        .ok();
    assert_eq!(list.lines().count(), 3, "demo report and two more: {list}");
    let newest = list
        .split_whitespace()
        .next()
        .expect("the newest report's id")
        .to_owned();
    let kept = workspace
        .run(&[
            "report",
            "show",
            &newest,
            "--markdown",
            "--as",
            "jonas@tandem.demo",
        ])
        .ok();
    assert!(kept.starts_with("# Status report: "), "{kept}");
    let kept: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&["report", "show", &newest, "--as", "jonas@tandem.demo"])
            .ok(),
    )
    .expect("JSON output");
    assert_eq!(kept["id"].to_string(), newest);
    // The client contact reads the same kept report in its client version.
    let shared = workspace
        .run(&[
            "report",
            "show",
            &newest,
            "--markdown",
            "--as",
            "clara@northwind.demo",
        ])
        .ok();
    assert!(shared.contains("Client version."), "{shared}");
    let error = workspace
        .run(&["report", "show", "999999", "--as", "jonas@tandem.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");

    let error = workspace
        .run(&["report", "NWSHOP", "--as", "clara@northwind.demo"])
        .error();
    assert!(error.contains("project team"), "{error}");
    let error = workspace
        .run(&["report", "NOPE", "--as", "jonas@tandem.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");
    let error = workspace
        .run(&[
            "report",
            "NWSHOP",
            "--from",
            "2026-11-10",
            "--to",
            "2026-11-01",
            "--as",
            "jonas@tandem.demo",
        ])
        .error();
    assert!(error.contains("period_end"), "{error}");
}
