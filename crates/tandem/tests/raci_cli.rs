//! `tandem raci show`, `set`, `add|change|remove` and `template` on the demo workspace: the
//! matrix as a table and as JSON, a second "A" or none refused in one line, the A moved in one
//! write with `--previous`, activities added with their accountable, changed and removed,
//! edits only by managers, and the workspace default replaced from a project by an admin only.

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
            "--accountable",
            "project_manager",
            "--description",
            "Agree terms with suppliers",
        ]))
        .ok();
    assert!(added.contains("added activity"), "{added}");
    assert!(
        added.contains("“Vendor contracts” to NWSHOP, project manager accountable"),
        "{added}"
    );
    let table = workspace.run(&jonas(&["raci", "show", "NWSHOP"])).ok();
    let row = table
        .lines()
        .find(|line| line.starts_with("Vendor contracts"))
        .unwrap_or_else(|| panic!("no row in {table}"));
    assert!(
        row.contains("delivery") && !row.contains("(no accountable)"),
        "{row}"
    );
    // A member's e-mail names a person accountable.
    let by_person = workspace
        .run(&jonas(&[
            "raci",
            "add",
            "NWSHOP",
            "Test data",
            "--side",
            "delivery",
            "--accountable",
            "mei@tandem.demo",
        ]))
        .ok();
    assert!(
        by_person.contains("“Test data” to NWSHOP, Mei Developer accountable"),
        "{by_person}"
    );
    // Without its accountable an activity is not added.
    let unowned = workspace.run(&jonas(&[
        "raci", "add", "NWSHOP", "Legal", "--side", "delivery",
    ]));
    assert!(!unowned.success, "{unowned:?}");
    assert!(unowned.stderr.contains("--accountable"), "{unowned:?}");

    let duplicate = workspace
        .run(&jonas(&[
            "raci",
            "add",
            "NWSHOP",
            "Vendor contracts",
            "--side",
            "delivery",
            "--accountable",
            "project_manager",
        ]))
        .error();
    assert!(duplicate.contains("has this name"), "{duplicate}");
    let bad_side = workspace
        .run(&jonas(&[
            "raci",
            "add",
            "NWSHOP",
            "Legal",
            "--side",
            "legal",
            "--accountable",
            "project_manager",
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
            "--accountable",
            "product_manager",
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

/// NWSHOP's matrix version and the letters of `activity`, as (role or person's name, letter).
fn letters(workspace: &Workspace, activity: &str) -> (i64, Vec<(String, String)>) {
    let json = workspace
        .run(&jonas(&["raci", "show", "NWSHOP", "--json"]))
        .ok();
    let matrix: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let row = matrix["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .find(|a| a["name"] == activity)
        .unwrap_or_else(|| panic!("no {activity} in {matrix}"));
    let cells = row["assignments"]
        .as_array()
        .expect("assignments")
        .iter()
        .map(|cell| {
            let assignee = &cell["assignee"];
            let who = assignee["role"]
                .as_str()
                .or_else(|| assignee["user"]["name"].as_str())
                .unwrap_or_else(|| panic!("who? {cell}"));
            (
                who.to_owned(),
                cell["letter"].as_str().expect("letter").to_owned(),
            )
        })
        .collect();
    (matrix["version"].as_i64().expect("version"), cells)
}

/// The letter `who` holds in `cells`.
fn letter_of<'c>(cells: &'c [(String, String)], who: &str) -> Option<&'c str> {
    cells
        .iter()
        .find(|(holder, _)| holder == who)
        .map(|(_, letter)| letter.as_str())
}

/// `tandem raci set NWSHOP Budget ARGS` as Jonas.
fn set_budget(workspace: &Workspace, args: &[&str]) -> cli_support::Run {
    let mut all = vec!["raci", "set", "NWSHOP", "Budget"];
    all.extend_from_slice(args);
    workspace.run(&jonas(&all))
}

#[test]
fn the_accountable_is_never_cleared_and_moves_in_one_write() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let (version, before) = letters(&workspace, "Budget");
    assert_eq!(
        letter_of(&before, "project_manager"),
        Some("A"),
        "{before:?}"
    );

    // Clearing the only A, or giving its holder another letter, is refused in one line.
    for letter in ["-", "C"] {
        let refused = set_budget(&workspace, &["project_manager", letter]).error();
        assert!(
            refused.contains("“Budget” needs exactly one accountable (A)")
                && refused.ends_with(" [raci_accountable_required]"),
            "{refused}"
        );
    }
    // A second A points at --previous.
    let second = set_budget(&workspace, &["product_manager", "A"]).error();
    assert!(
        second.contains("already has project manager as accountable")
            && second.contains("--previous")
            && second.ends_with(" [raci_single_accountable]"),
        "{second}"
    );
    // --previous says what the current holder becomes: only R, C, I or -, only with A.
    for misused in [["R", "C"], ["A", "A"]] {
        let [letter, previous] = misused;
        let refused = set_budget(
            &workspace,
            &["product_manager", letter, "--previous", previous],
        )
        .error();
        assert!(refused.ends_with(" [validation_failed]"), "{refused}");
    }
    assert_eq!(
        letters(&workspace, "Budget"),
        (version, before),
        "nothing changed"
    );

    // The A moves to the product manager, the project manager consulted, in one write.
    let moved = set_budget(&workspace, &["product_manager", "A", "--previous", "C"]).ok();
    assert!(
        moved.contains(&format!(
            "product manager is now accountable for “Budget” (matrix version {})",
            version + 1
        )) && moved.contains("project manager is now consulted for “Budget”"),
        "{moved}"
    );
    let (after, cells) = letters(&workspace, "Budget");
    assert_eq!(after, version + 1);
    assert_eq!(letter_of(&cells, "product_manager"), Some("A"), "{cells:?}");
    assert_eq!(letter_of(&cells, "project_manager"), Some("C"), "{cells:?}");

    // To a person, the previous holder's cell cleared.
    set_budget(&workspace, &["mei@tandem.demo", "A", "--previous", "-"]).ok();
    let (_, cells) = letters(&workspace, "Budget");
    assert_eq!(letter_of(&cells, "Mei Developer"), Some("A"), "{cells:?}");
    assert_eq!(letter_of(&cells, "product_manager"), None, "{cells:?}");
}
