//! `tandem status KEY` on the demo workspace: the project status report the API's
//! `/status-report` gives — Markdown by default, the API's JSON with `--json`, the budget for
//! staff only, and the API's refusal for a project one may not see.

mod cli_support;

use cli_support::Workspace;
use serde_json::Value;

const JONAS: &str = "jonas@tandem.demo";
const CLARA: &str = "clara@northwind.demo";

#[test]
fn status_prints_the_report_as_markdown_or_json_with_the_budget_for_staff_only() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();

    let markdown = workspace.run(&["status", "NWSHOP", "--as", JONAS]).ok();
    assert!(markdown.starts_with("# Status: "), "{markdown}");
    for section in [
        "## Schedule",
        "## Scope",
        "## Risks",
        "## Roadblocks",
        "## Budget",
    ] {
        assert!(markdown.contains(section), "{section} missing: {markdown}");
    }
    let explicit = workspace
        .run(&["status", "NWSHOP", "--markdown", "--as", JONAS])
        .ok();
    assert!(explicit.starts_with("# Status: "), "{explicit}");

    let json = workspace
        .run(&["status", "NWSHOP", "--json", "--as", JONAS])
        .ok();
    let report: Value = serde_json::from_str(&json).expect("status JSON");
    assert_eq!(report["project_key"], "NWSHOP");
    assert!(report["scheduled_finish"].is_string(), "{json}");
    assert!(report["items_done"].is_u64(), "{json}");
    assert!(report["budget"].is_object(), "staff see the budget: {json}");

    // A client contact gets the client version: no budget, in either form.
    let client = workspace
        .run(&["status", "NWSHOP", "--json", "--as", CLARA])
        .ok();
    let seen: Value = serde_json::from_str(&client).expect("status JSON");
    assert_eq!(seen["project_key"], "NWSHOP");
    assert!(seen.get("budget").is_none(), "{client}");
    let client_markdown = workspace.run(&["status", "NWSHOP", "--as", CLARA]).ok();
    assert!(!client_markdown.contains("## Budget"), "{client_markdown}");
}

#[test]
fn status_of_a_project_one_may_not_see_is_refused_in_one_line() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let refused = workspace.run(&["status", "NOSUCH", "--as", JONAS]);
    assert_eq!(refused.error_code(), "not_found");
    let both = workspace.run(&["status", "NWSHOP", "--json", "--markdown", "--as", JONAS]);
    assert!(!both.success, "{both:?}");
}
