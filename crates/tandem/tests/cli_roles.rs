//! `tandem roles KEY [--json]` on the demo workspace: the two manager roles side by side, as
//! the Roles page and `GET /api/v1/projects/{key}/roles` give them — the internal parts
//! (decided lately, changed lately, decisions and go/no-go waiting) for staff only, and a
//! one-line refusal for an unknown project or a missing `--as`.

mod cli_support;

use cli_support::Workspace;
use serde_json::Value;

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

/// The text of section `title` (up to the next blank line).
fn section<'a>(out: &'a str, title: &str) -> &'a str {
    let start = out
        .find(&format!("{title} — "))
        .unwrap_or_else(|| panic!("no {title} section in {out}"));
    let rest = &out[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn two_sections_for_staff_and_the_shared_part_for_a_client() {
    let workspace = demo();
    let out = workspace
        .run(&["roles", "NWSHOP", "--as", "paula@tandem.demo"])
        .ok();
    assert!(
        out.starts_with("NWSHOP: the two roles side by side"),
        "{out}"
    );
    let product = section(&out, "Product manager");
    assert!(
        product.contains("Held by Paula Product <paula@tandem.demo>"),
        "{product}"
    );
    assert!(
        product.contains("Accountable for: Purpose and target audience"),
        "{product}"
    );
    assert!(
        product.contains("Decided in the last 30 days:"),
        "{product}"
    );
    assert!(
        product.contains("Go/no-go 0.9 Private beta: go — accepted"),
        "{product}"
    );
    assert!(
        product.contains("Decide “Choose the payment provider”"),
        "{product}"
    );
    assert!(
        product.contains("Go/no-go of 1.0 Mobile checkout launch"),
        "{product}"
    );
    let delivery = section(&out, "Project manager");
    assert!(
        delivery.contains("Held by Jonas Planner <jonas@tandem.demo>"),
        "{delivery}"
    );
    assert!(delivery.contains("Accountable for: Progress"), "{delivery}");

    // A client contact gets the owners and the matrix, not the internal records.
    let theirs = workspace
        .run(&["roles", "NWSHOP", "--as", "clara@northwind.demo"])
        .ok();
    assert!(theirs.contains("Held by Paula Product"), "{theirs}");
    for internal in [
        "Decided in the last",
        "Changed lately",
        "Choose the payment provider",
        "Go/no-go of 1.0",
    ] {
        assert!(
            !theirs.contains(internal),
            "a client sees {internal}: {theirs}"
        );
    }
}

#[test]
fn json_is_the_api_answer() {
    let workspace = demo();
    let json = workspace
        .run(&["roles", "NWSHOP", "--json", "--as", "jonas@tandem.demo"])
        .ok();
    let roles: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(roles["project_key"], "NWSHOP");
    assert_eq!(roles["role_gaps"], serde_json::json!([]));
    assert_eq!(roles["one_person_both_roles"], false);
    let product = &roles["product_manager"];
    assert_eq!(product["role"], "product_manager");
    assert_eq!(product["person"]["email"], "paula@tandem.demo");
    let pending = product["pending"].as_array().expect("pending");
    assert!(
        pending
            .iter()
            .any(|row| row["kind"] == "decision" && row["overdue"] == true),
        "{product}"
    );
    assert!(
        pending.iter().any(|row| row["kind"] == "go_no_go"
            && row["href"]
                .as_str()
                .is_some_and(|href| href.starts_with("/projects/NWSHOP/releases/"))),
        "{product}"
    );
    assert_eq!(
        roles["project_manager"]["person"]["email"],
        "jonas@tandem.demo"
    );

    let client = workspace
        .run(&["roles", "NWSHOP", "--json", "--as", "clara@northwind.demo"])
        .ok();
    let client: Value = serde_json::from_str(&client).expect("JSON");
    assert!(
        client["product_manager"].get("decided").is_none(),
        "{client}"
    );
    assert!(
        client["product_manager"].get("recent").is_none(),
        "{client}"
    );
}

#[test]
fn refusals_are_one_line() {
    let workspace = demo();
    assert_eq!(
        workspace
            .run(&["roles", "NOPE", "--as", "paula@tandem.demo"])
            .error_code(),
        "not_found"
    );
    assert_eq!(
        workspace.run(&["roles", "NWSHOP"]).error_code(),
        "unauthenticated"
    );
    assert_eq!(
        workspace
            .run(&["roles", "NWSHOP", "--as", "nobody@tandem.demo"])
            .error_code(),
        "not_found"
    );
}
