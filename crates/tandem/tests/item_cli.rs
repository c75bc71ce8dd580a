//! `tandem item …` on the demo workspace, acting as its project manager: add under an epic,
//! show, move, link (a cycle is refused with one line naming it), comment, list as JSON, and
//! a client contact refused.

mod cli_support;

use cli_support::Workspace;

const JONAS: &str = "jonas@tandem.demo";

#[test]
fn items_round_trip_through_the_cli() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let item = |args: &[&str]| {
        let mut full = vec!["item"];
        full.extend_from_slice(args);
        full.extend_from_slice(&["--as", JONAS]);
        workspace.run(&full)
    };

    let key = item(&[
        "add",
        "NWSHOP",
        "--title",
        "Refund by bank transfer",
        "--type",
        "story",
        "--parent",
        "NWSHOP-1",
        "--estimate",
        "1.5h",
        "--points",
        "3",
        "--label",
        "payments",
    ])
    .ok();
    let key = key.trim().to_owned();
    assert!(key.starts_with("NWSHOP-"), "{key}");

    let shown = item(&["show", &key]).ok();
    assert!(shown.contains("Refund by bank transfer"), "{shown}");
    assert!(shown.contains("parent:   NWSHOP-1"), "{shown}");
    assert!(shown.contains("estimate: 1.5h"), "{shown}");

    let moved = item(&["move", &key, "In progress"]).ok();
    assert!(moved.contains("→ In progress"), "{moved}");
    let error = item(&["move", &key, "Nowhere"]).error();
    assert!(error.contains("'Nowhere' is not a status"), "{error}");

    let other = item(&["add", "NWSHOP", "--title", "Refund e-mail"]).ok();
    let other = other.trim().to_owned();
    let linked = item(&["link", &key, &other, "--kind", "SS", "--lag", "-1"]).ok();
    assert!(linked.contains("(SS, lag -1 days)"), "{linked}");
    let cycle = item(&["link", &other, &key]).error();
    assert!(
        cycle.contains(&format!("{other} → {key} → {other}")),
        "{cycle}"
    );

    let commented = item(&["comment", &key, "Needs the bank's **IBAN** check"]).ok();
    assert!(commented.contains(&key), "{commented}");

    let listed = item(&["list", "NWSHOP", "--status", "In progress", "--json"]).ok();
    let items: serde_json::Value = serde_json::from_str(&listed).expect("JSON list");
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|found| found["key"] == key.as_str() && found["story_points"] == 3),
        "{listed}"
    );

    let refused = workspace
        .run(&[
            "item",
            "add",
            "NWSHOP",
            "--title",
            "x",
            "--as",
            "clara@northwind.demo",
        ])
        .error();
    assert!(refused.contains("does not allow"), "{refused}");
    let nobody = workspace.run(&["item", "show", &key]).error();
    assert!(nobody.contains("--as"), "{nobody}");
}
