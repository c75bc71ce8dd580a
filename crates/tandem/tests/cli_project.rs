//! `tandem project list|create|show`: the API's project service from the shell — staff
//! create projects, client contacts may not, bad input fails with one line.

mod cli_support;

use cli_support::Workspace;

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

fn acting<'a>(args: &[&'a str], email: &'a str) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--as", email]);
    all
}

#[test]
fn a_project_is_created_listed_and_shown() {
    let workspace = demo();
    let paula = "paula@tandem.demo";
    let created = workspace
        .run(&acting(
            &[
                "project",
                "create",
                "ACME",
                "Acme shop",
                "--description",
                "A shop for Acme",
                "--start",
                "2030-01-07",
                "--launch",
                "2030-06-28",
                "--product-manager",
                paula,
                "--budget",
                "120000",
                "--currency",
                "EUR",
            ],
            paula,
        ))
        .ok();
    assert!(
        created.contains("created project ACME \"Acme shop\""),
        "{created}"
    );
    assert!(created.contains("missing project manager"), "{created}");

    let list = workspace.run(&acting(&["project", "list"], paula)).ok();
    let row = list
        .lines()
        .find(|line| line.starts_with("ACME"))
        .unwrap_or_else(|| panic!("ACME missing:\n{list}"));
    assert!(
        row.contains("2030-01-07") && row.contains("Paula") && row.contains("Acme shop"),
        "{row}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&acting(&["project", "list", "--json"], paula))
            .ok(),
    )
    .expect("JSON list");
    assert!(
        json.as_array()
            .expect("array")
            .iter()
            .any(|p| p["key"] == "ACME"),
        "{json}"
    );

    let shown = workspace
        .run(&acting(&["project", "show", "ACME"], paula))
        .ok();
    assert!(shown.contains("A shop for Acme"), "{shown}");
    assert!(shown.contains("target launch: 2030-06-28"), "{shown}");
    assert!(shown.contains("budget: 120000.00 EUR"), "{shown}");
    assert!(shown.contains("project manager: not named"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(
        &workspace
            .run(&acting(&["project", "show", "ACME", "--json"], paula))
            .ok(),
    )
    .expect("JSON project");
    assert_eq!(json["product_manager"]["email"], paula);
    assert_eq!(json["role_gaps"][0], "missing_project_manager");
    assert_eq!(json["budget"]["currency"], "EUR");
}

#[test]
fn refusals_are_one_line() {
    let workspace = demo();
    let paula = "paula@tandem.demo";
    let bad_date = workspace
        .run(&acting(
            &["project", "create", "BAD", "Bad", "--start", "2030-13-01"],
            paula,
        ))
        .error();
    assert!(bad_date.contains("not a date"), "{bad_date}");
    assert!(bad_date.ends_with(" [validation_failed]"), "{bad_date}");
    let taken = workspace
        .run(&acting(&["project", "create", "NWSHOP", "Again"], paula))
        .error();
    assert!(taken.contains("already exists"), "{taken}");
    assert!(taken.ends_with(" [duplicate]"), "{taken}");
    let client = workspace
        .run(&acting(
            &["project", "create", "MINE", "Mine"],
            "clara@northwind.demo",
        ))
        .error();
    assert!(client.contains("may not"), "{client}");
    assert!(client.ends_with(" [forbidden]"), "{client}");
    let unknown = workspace
        .run(&acting(&["project", "show", "NOPE"], paula))
        .error();
    assert_eq!(unknown, "error: project not found [not_found]");

    // A client contact sees their client's project, without the internal budget.
    let shown = workspace
        .run(&acting(
            &["project", "show", "NWSHOP", "--json"],
            "clara@northwind.demo",
        ))
        .ok();
    let json: serde_json::Value = serde_json::from_str(&shown).expect("JSON project");
    assert_eq!(json["key"], "NWSHOP");
    assert!(json.get("budget").is_none(), "{json}");
}
