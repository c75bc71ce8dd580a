//! `tandem release create|show|set|template`, `tandem vision set` and `tandem decision set` on
//! the demo workspace, acting as demo people: the same service rules as the API (versions,
//! roles, a direction change asks for its decision), one-line errors with stable codes.

mod cli_support;

use cli_support::Workspace;

const PAULA: &str = "paula@tandem.demo";
const CLARA: &str = "clara@northwind.demo";

/// A demo workspace and a runner acting as `who`.
struct Demo(Workspace);

impl Demo {
    fn new() -> Self {
        let workspace = Workspace::new();
        workspace.run(&["demo"]).ok();
        Self(workspace)
    }

    fn run(&self, who: &str, args: &[&str]) -> cli_support::Run {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--as", who]);
        self.0.run(&all)
    }
}

#[test]
fn releases_are_created_and_edited_with_their_go_no_go_people() {
    let demo = Demo::new();
    let created = demo
        .run(
            PAULA,
            &[
                "release",
                "create",
                "NWSHOP",
                "--name",
                "1.2 Weekly reorders",
                "--date",
                "2027-04-01",
                "--decider",
                PAULA,
            ],
        )
        .ok();
    assert!(created.contains("1.2 Weekly reorders"), "{created}");
    assert!(created.contains("target date: 2027-04-01"), "{created}");
    assert!(
        created.contains("decider: Paula Product <paula@tandem.demo>"),
        "{created}"
    );
    let listed = demo.run(PAULA, &["release", "list", "NWSHOP"]).ok();
    assert!(listed.contains("1.2 Weekly reorders"), "{listed}");

    let saved = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Weekly reorders",
                "--name",
                "1.2 Reorders",
                "--date",
                "2027-04-15",
                "--criterion-owner",
                "QA sign-off=paula@tandem.demo",
                "--criterion-owner",
                "2=clara@northwind.demo",
                "--if-version",
                "1",
            ],
        )
        .ok();
    assert!(saved.contains("1.2 Reorders"), "{saved}");
    assert!(saved.contains("version 2"), "{saved}");
    assert!(saved.contains("target date: 2027-04-15"), "{saved}");
    assert!(
        saved.contains("QA sign-off — owner: Paula Product"),
        "{saved}"
    );
    assert!(
        saved.contains("No open blocking bugs — owner: Clara Client"),
        "{saved}"
    );
    let shown = demo
        .run(PAULA, &["release", "show", "NWSHOP", "1.2 Reorders"])
        .ok();
    assert!(shown.contains("owner: Paula Product"), "{shown}");

    // The version read before is stale now: refused, nothing changed.
    let stale = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Reorders",
                "--name",
                "Lost update",
                "--if-version",
                "1",
            ],
        )
        .error_code();
    assert_eq!(stale, "version_conflict");

    // Typos change nothing: the owner is checked before the name is saved.
    let unknown = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Reorders",
                "--name",
                "Renamed",
                "--criterion-owner",
                "No such line=paula@tandem.demo",
            ],
        )
        .error();
    assert!(unknown.contains("no checklist line"), "{unknown}");
    let outsider = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Reorders",
                "--criterion-owner",
                "1=nobody@example.com",
            ],
        )
        .error_code();
    assert_eq!(outsider, "validation_failed");
    // An account that exists but is not on the project cannot own a line.
    let elsewhere = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Reorders",
                "--criterion-owner",
                "1=henrik@helios.demo",
            ],
        )
        .error();
    assert!(elsewhere.contains("not on the project"), "{elsewhere}");
    let bad_date = demo
        .run(
            PAULA,
            &[
                "release",
                "set",
                "NWSHOP",
                "1.2 Reorders",
                "--date",
                "2027-02-30",
            ],
        )
        .error();
    assert!(bad_date.contains("target_date"), "{bad_date}");
    let nothing = demo
        .run(PAULA, &["release", "set", "NWSHOP", "1.2 Reorders"])
        .error();
    assert!(nothing.contains("nothing to change"), "{nothing}");
    let listed = demo.run(PAULA, &["release", "list", "NWSHOP"]).ok();
    assert!(
        listed.contains("1.2 Reorders") && !listed.contains("Renamed"),
        "{listed}"
    );

    // A client contact may not change releases.
    let client = demo
        .run(
            CLARA,
            &["release", "set", "NWSHOP", "1.2 Reorders", "--name", "Mine"],
        )
        .error_code();
    assert_eq!(client, "forbidden");
    let missing = demo
        .run(PAULA, &["release", "set", "NWSHOP", "9.9", "--name", "x"])
        .error_code();
    assert_eq!(missing, "not_found");
}

#[test]
fn the_go_no_go_template_is_shown_and_replaced_at_its_version() {
    let demo = Demo::new();
    let shown = demo.run(PAULA, &["release", "template", "NWSHOP"]).ok();
    assert!(shown.contains("version 0 (Tandem's default)"), "{shown}");
    assert!(shown.contains("quality: QA sign-off"), "{shown}");

    let saved = demo
        .run(
            PAULA,
            &[
                "release",
                "template",
                "set",
                "NWSHOP",
                "--criterion",
                "customer: Demo accepted by the client",
                "--criterion",
                "quality: QA sign-off",
                "--if-version",
                "0",
            ],
        )
        .ok();
    assert!(saved.contains("version 1"), "{saved}");
    let lines: Vec<&str> = saved.lines().filter(|l| l.contains(". ")).collect();
    assert_eq!(
        lines,
        [
            "  1. customer: Demo accepted by the client",
            "  2. quality: QA sign-off"
        ],
        "{saved}"
    );
    // New releases start from it.
    let created = demo
        .run(
            PAULA,
            &["release", "create", "NWSHOP", "--name", "1.3 Invoices"],
        )
        .ok();
    assert!(
        created.contains("1. [ ] customer: Demo accepted by the client"),
        "{created}"
    );

    let stale = demo
        .run(
            PAULA,
            &[
                "release",
                "template",
                "set",
                "NWSHOP",
                "--criterion",
                "quality: Only this",
                "--if-version",
                "0",
            ],
        )
        .error_code();
    assert_eq!(stale, "version_conflict");
    let malformed = demo
        .run(
            PAULA,
            &[
                "release",
                "template",
                "set",
                "NWSHOP",
                "--criterion",
                "no area here",
            ],
        )
        .error();
    assert!(malformed.contains("AREA: CRITERION"), "{malformed}");
    let client = demo
        .run(
            CLARA,
            &[
                "release",
                "template",
                "set",
                "NWSHOP",
                "--criterion",
                "quality: x",
            ],
        )
        .error_code();
    assert_eq!(client, "forbidden");
}

#[test]
fn a_direction_change_from_the_shell_asks_for_and_records_its_decision() {
    let demo = Demo::new();
    // Not a direction change: saved, no decision asked for.
    let needs = demo
        .run(
            PAULA,
            &["vision", "set", "NWSHOP", "--needs", "Reorder in one tap"],
        )
        .ok();
    assert!(needs.contains("vision board of NWSHOP saved"), "{needs}");
    assert!(!needs.contains("direction"), "{needs}");

    // A new target group is a direction change: saved, and the decision is asked for.
    let changed = demo
        .run(
            PAULA,
            &["vision", "set", "NWSHOP", "--target-group", "Small offices"],
        )
        .ok();
    assert!(changed.contains("the direction changed"), "{changed}");
    assert!(
        changed.contains("direction change without a decision record"),
        "{changed}"
    );
    let board = demo.run(PAULA, &["vision", "show", "NWSHOP"]).ok();
    assert!(board.contains("Small offices"), "{board}");
    assert!(board.contains("record the decision"), "{board}");

    // --reason alone records the decision for the waiting change.
    let recorded = demo
        .run(
            PAULA,
            &[
                "vision",
                "set",
                "NWSHOP",
                "--reason",
                "Offices reorder every week",
            ],
        )
        .ok();
    assert!(
        recorded.contains("covers the direction change"),
        "{recorded}"
    );
    let board = demo.run(PAULA, &["vision", "show", "NWSHOP"]).ok();
    assert!(!board.contains("record the decision"), "{board}");
    let log = demo.run(PAULA, &["decision", "list", "NWSHOP"]).ok();
    assert!(
        log.contains("accepted") && log.contains("Direction change: target group Small offices"),
        "{log}"
    );

    // A change with --reason and --title: saved and covered in one go.
    let pivot = demo
        .run(
            PAULA,
            &[
                "vision",
                "set",
                "NWSHOP",
                "--vision",
                "Office supplies on autopilot",
                "--reason",
                "Subscriptions beat one-off orders",
                "--title",
                "Go after subscriptions",
            ],
        )
        .ok();
    assert!(pivot.contains("covers the direction change"), "{pivot}");
    let log = demo.run(PAULA, &["decision", "list", "NWSHOP"]).ok();
    assert!(log.contains("Go after subscriptions"), "{log}");

    // --decision links an existing one; an unknown id changes nothing.
    let unknown = demo
        .run(
            PAULA,
            &[
                "vision",
                "set",
                "NWSHOP",
                "--target-group",
                "Schools",
                "--decision",
                "999",
            ],
        )
        .error_code();
    assert_eq!(unknown, "not_found");
    let board = demo.run(PAULA, &["vision", "show", "NWSHOP"]).ok();
    assert!(!board.contains("Schools"), "{board}");
    let stale = demo
        .run(
            PAULA,
            &[
                "vision",
                "set",
                "NWSHOP",
                "--needs",
                "x",
                "--if-version",
                "1",
            ],
        )
        .error_code();
    assert_eq!(stale, "version_conflict");
    let client = demo
        .run(CLARA, &["vision", "set", "NWSHOP", "--needs", "x"])
        .error_code();
    assert_eq!(client, "forbidden");
}

#[test]
fn decisions_are_changed_field_by_field_at_their_version() {
    let demo = Demo::new();
    let added = demo
        .run(
            PAULA,
            &[
                "decision",
                "add",
                "NWSHOP",
                "--title",
                "Pick a payment provider",
                "--option",
                "Stripe",
                "--option",
                "Adyen",
                "--due",
                "2027-01-10",
            ],
        )
        .ok();
    let id = added
        .split_whitespace()
        .nth(1)
        .expect("decision id")
        .to_owned();
    let saved = demo
        .run(
            PAULA,
            &[
                "decision",
                "set",
                "NWSHOP",
                &id,
                "--status",
                "accepted",
                "--decider",
                PAULA,
                "--decision",
                "Stripe",
                "--rationale",
                "Lower fees for small baskets",
                "--due",
                "",
                "--if-version",
                "1",
            ],
        )
        .ok();
    assert!(
        saved.contains("Pick a payment provider (accepted), version 2"),
        "{saved}"
    );
    let log = demo.run(PAULA, &["decision", "list", "NWSHOP"]).ok();
    let line = log
        .lines()
        .find(|line| line.contains("Pick a payment provider"))
        .expect("in the log");
    assert!(
        line.contains("accepted") && !line.contains("2027-01-10"),
        "{line}"
    );

    let stale = demo
        .run(
            PAULA,
            &[
                "decision",
                "set",
                "NWSHOP",
                &id,
                "--title",
                "x",
                "--if-version",
                "1",
            ],
        )
        .error_code();
    assert_eq!(stale, "version_conflict");
    let undecided = demo
        .run(
            PAULA,
            &["decision", "set", "NWSHOP", &id, "--status", "bogus"],
        )
        .error();
    assert!(undecided.contains("status"), "{undecided}");
    let missing = demo
        .run(PAULA, &["decision", "set", "NWSHOP", "999", "--title", "x"])
        .error_code();
    assert_eq!(missing, "not_found");
    let client = demo
        .run(CLARA, &["decision", "set", "NWSHOP", &id, "--title", "x"])
        .error_code();
    assert_eq!(client, "forbidden");
}
