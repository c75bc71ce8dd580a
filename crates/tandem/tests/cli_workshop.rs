//! `tandem workshop set` on the demo workspace: after the meeting, status and notes (typed or
//! from a file) change at the version just read, everything not given stays — the same rules
//! and permissions as the API, one-line errors.

mod cli_support;

use cli_support::Workspace;
use serde_json::Value;

const PM: &str = "paula@tandem.demo";

#[test]
fn a_workshop_is_changed_from_the_shell_and_only_the_flags_given_change() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let run = |args: &[&str], who: &str| {
        let mut all = args.to_vec();
        all.extend(["--as", who]);
        workspace.run(&all)
    };
    let added = run(
        &[
            "workshop",
            "add",
            "NWSHOP",
            "--title",
            "Checkout walkthrough",
            "--kind",
            "review",
            "--date",
            "2026-12-10",
            "--agenda",
            "Walk the checkout",
            "--participant",
            "clara@northwind.demo",
            "--contact",
            "Dana Ruiz",
        ],
        PM,
    )
    .ok();
    let id = added
        .split_whitespace()
        .nth(1)
        .map(|id| id.trim_end_matches(':').to_owned())
        .expect("workshop id");

    let notes = workspace.data_dir().join("notes.md");
    std::fs::write(&notes, "## Findings\n- Coupons confuse\n").expect("write the notes");
    let set = run(
        &[
            "workshop",
            "set",
            "NWSHOP",
            &id,
            "--status",
            "held",
            "--notes-file",
            notes.to_str().unwrap(),
        ],
        PM,
    )
    .ok();
    assert!(set.contains("(review, held, 2026-12-10)"), "{set}");
    let shown: Value =
        serde_json::from_str(&run(&["workshop", "show", "NWSHOP", &id, "--json"], PM).ok())
            .expect("JSON");
    assert_eq!(shown["notes"], "## Findings\n- Coupons confuse", "trimmed");
    assert_eq!(shown["title"], "Checkout walkthrough");
    assert_eq!(shown["agenda"], "Walk the checkout");
    assert_eq!(shown["participants"].as_array().map(Vec::len), Some(2));
    assert_eq!(shown["version"], 2);

    let renamed = run(
        &[
            "workshop",
            "set",
            "NWSHOP",
            &id,
            "--title",
            "Checkout review",
        ],
        PM,
    )
    .ok();
    assert!(
        renamed.contains("Checkout review (review, held"),
        "{renamed}"
    );

    let wrong = run(&["workshop", "set", "NWSHOP", &id, "--status", "done"], PM).error();
    assert!(wrong.contains("status"), "{wrong}");
    let both = run(
        &[
            "workshop",
            "set",
            "NWSHOP",
            &id,
            "--notes",
            "x",
            "--notes-file",
            notes.to_str().unwrap(),
        ],
        PM,
    )
    .stderr;
    assert!(both.contains("cannot be used with '--notes-file"), "{both}");
    let client = run(
        &["workshop", "set", "NWSHOP", &id, "--status", "cancelled"],
        "clara@northwind.demo",
    )
    .error();
    assert!(client.contains("role"), "{client}");
    let kept: Value =
        serde_json::from_str(&run(&["workshop", "show", "NWSHOP", &id, "--json"], PM).ok())
            .expect("JSON");
    assert_eq!(kept["status"], "held");
    assert_eq!(kept["version"], 3);
}

/// `tandem workshop outcome … risk`: a risk created from a workshop (rated and owned as told,
/// otherwise 3 × 3 and nobody's) or an existing one linked with `--link`; both are listed
/// with the workshop's outcomes. Bad input is one line naming the field.
#[test]
fn a_workshop_creates_and_links_risks_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--as", PM]);
        workspace.run(&all)
    };
    let added = run(&[
        "workshop",
        "add",
        "NWSHOP",
        "--title",
        "Supplier review",
        "--kind",
        "review",
    ])
    .ok();
    let id = added
        .split_whitespace()
        .nth(1)
        .map(|id| id.trim_end_matches(':').to_owned())
        .expect("workshop id");

    let created = run(&[
        "workshop",
        "outcome",
        "NWSHOP",
        &id,
        "risk",
        "Supplier API may change",
        "--probability",
        "4",
        "--owner",
        PM,
        "--description",
        "Their v2 is in beta",
    ])
    .ok();
    assert!(
        created.contains(&format!("created from workshop {id}")),
        "{created}"
    );
    let unrated = run(&[
        "workshop",
        "outcome",
        "NWSHOP",
        &id,
        "risk",
        "Stock sync drifts",
    ])
    .ok();
    assert!(unrated.starts_with("risk "), "{unrated}");

    let registered = run(&[
        "risk",
        "add",
        "NWSHOP",
        "--title",
        "Courier strike",
        "--probability",
        "2",
        "--impact",
        "4",
    ])
    .ok();
    let risk_id = registered
        .split_whitespace()
        .nth(1)
        .expect("risk id")
        .to_owned();
    let linked = run(&[
        "workshop", "outcome", "NWSHOP", &id, "risk", "--link", &risk_id,
    ])
    .ok();
    assert!(
        linked.contains(&format!("risk {risk_id} linked to workshop {id}")),
        "{linked}"
    );

    let shown: Value =
        serde_json::from_str(&run(&["workshop", "show", "NWSHOP", &id, "--json"]).ok())
            .expect("JSON");
    let risks: Vec<&str> = shown["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter(|o| o["kind"] == "risk")
        .map(|o| o["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        risks,
        [
            "Supplier API may change",
            "Stock sync drifts",
            "Courier strike"
        ]
    );
    let listed = run(&["risk", "list", "NWSHOP"]).ok();
    let line = |title: &str| {
        listed
            .lines()
            .find(|line| line.contains(&format!("{title} (from workshop")))
            .unwrap_or_else(|| panic!("{title} in {listed}"))
            .to_owned()
    };
    assert!(
        line("Supplier API may change").contains("  12  "),
        "4 × 3: {listed}"
    );
    assert!(
        line("Supplier API may change").contains("Paula"),
        "{listed}"
    );
    assert!(
        line("Stock sync drifts").contains("   9  "),
        "3 × 3: {listed}"
    );

    let bad = run(&[
        "workshop", "outcome", "NWSHOP", &id, "risk", "Odd", "--impact", "9",
    ])
    .error();
    assert!(bad.contains("impact"), "{bad}");
    let missing = run(&[
        "workshop", "outcome", "NWSHOP", &id, "risk", "--link", "999999",
    ])
    .error();
    assert!(missing.contains("link_id"), "{missing}");
    let neither = run(&["workshop", "outcome", "NWSHOP", &id, "risk"]).stderr;
    assert!(neither.contains("required"), "{neither}");
}
