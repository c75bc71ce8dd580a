//! `tandem vision|feedback|decision|release` on the demo workspace, acting as demo people:
//! the same permissions as the API, one-line errors.

mod cli_support;

use cli_support::Workspace;

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

#[test]
fn feedback_decisions_visions_and_releases_from_the_shell() {
    let workspace = demo();
    let clara = ["--as", "clara@northwind.demo"];
    let paula = ["--as", "paula@tandem.demo"];
    let with = |args: &[&str], who: &[&str; 2]| {
        let mut all = args.to_vec();
        all.extend_from_slice(who);
        workspace.run(&all)
    };

    let added = with(
        &[
            "feedback",
            "add",
            "NWSHOP",
            "--text",
            "Search ignores typos",
            "--importance",
            "critical",
        ],
        &clara,
    )
    .ok();
    assert!(added.contains("(client, critical, new)"), "{added}");
    let mine = with(&["feedback", "list", "NWSHOP"], &clara).ok();
    assert!(mine.contains("Search ignores typos"), "{mine}");
    assert!(
        !mine.contains("Ticket 4711") && !mine.contains("reorder"),
        "only her own: {mine}"
    );
    let inbox = with(&["feedback", "list", "NWSHOP"], &paula).ok();
    assert!(inbox.contains("Coupon field"), "{inbox}");

    let overdue = with(&["decision", "list", "NWSHOP", "--overdue"], &paula).ok();
    assert!(overdue.contains("Choose the payment provider"), "{overdue}");
    let recorded = with(
        &[
            "decision",
            "add",
            "NWSHOP",
            "--title",
            "Drop guest checkout",
            "--status",
            "accepted",
            "--decider",
            "paula@tandem.demo",
            "--rationale",
            "Accounts make reorders possible",
        ],
        &paula,
    )
    .ok();
    assert!(
        recorded.contains("Drop guest checkout (accepted)"),
        "{recorded}"
    );
    let refused = with(&["decision", "add", "NWSHOP", "--title", "x"], &clara).error();
    assert!(refused.contains("role"), "{refused}");

    let vision = with(&["vision", "show", "NWSHOP"], &clara).ok();
    assert!(vision.contains("Busy parents"), "{vision}");
    let hidden = with(&["vision", "show", "FLEET"], &paula).error();
    assert!(hidden.contains("not found"), "{hidden}");

    let releases = with(&["release", "list", "NWSHOP"], &paula).ok();
    assert!(
        releases.contains("1.0 Mobile checkout launch"),
        "{releases}"
    );
    let not_decider = with(
        &[
            "release",
            "decide",
            "NWSHOP",
            "1.0 Mobile checkout launch",
            "--go",
            "--rationale",
            "ok",
        ],
        &["--as", "jonas@tandem.demo"],
    )
    .error();
    assert!(not_decider.contains("decider"), "{not_decider}");
    let decided = with(
        &[
            "release",
            "decide",
            "NWSHOP",
            "1.0 Mobile checkout launch",
            "--delay",
            "2099-01-15",
            "--rationale",
            "Rollback plan not tested",
        ],
        &paula,
    )
    .ok();
    assert!(decided.contains("delay recorded as decision"), "{decided}");
    assert!(decided.contains("2099-01-15"), "{decided}");
    let log = with(&["decision", "list", "NWSHOP"], &paula).ok();
    assert!(
        log.contains("Go/no-go 1.0 Mobile checkout launch: delay"),
        "{log}"
    );
    let client_view = with(&["release", "list", "NWSHOP"], &clara).ok();
    assert!(
        client_view.contains("2099-01-15") && !client_view.contains("Click & collect"),
        "{client_view}"
    );
}
