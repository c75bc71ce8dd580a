//! `tandem risk` on the demo workspace: a risk linked to items with `--item` (repeatable),
//! listed with its items, and a key naming no item of the project refused in one line.

mod cli_support;

use cli_support::Workspace;

const PM: &str = "paula@tandem.demo";

#[test]
fn risks_link_items_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let add = |items: &[&str]| {
        let mut args = vec![
            "risk",
            "add",
            "NWSHOP",
            "--title",
            "Payment provider late",
            "--probability",
            "3",
            "--impact",
            "4",
            "--as",
            PM,
        ];
        for key in items {
            args.extend(["--item", key]);
        }
        workspace.run(&args)
    };
    let added = add(&["NWSHOP-2", "NWSHOP-1"]).ok();
    assert!(
        added.contains("exposure 12 (high), linked to NWSHOP-1, NWSHOP-2"),
        "{added}"
    );
    let list = workspace.run(&["risk", "list", "NWSHOP", "--as", PM]).ok();
    let line = list
        .lines()
        .find(|line| line.contains("Payment provider late"))
        .unwrap_or_else(|| panic!("the risk in {list}"));
    assert!(line.ends_with(", linked to NWSHOP-1, NWSHOP-2"), "{line}");

    let refused = add(&["NWSHOP-99999"]).error();
    assert!(
        refused.contains("there is no item NWSHOP-99999"),
        "{refused}"
    );
    assert!(refused.ends_with("[validation_failed]"), "{refused}");
}
