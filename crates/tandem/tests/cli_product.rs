//! `tandem feature`, `hypothesis` and `persona` on the demo workspace: the ranked backlog
//! from the shell, scoring that changes the ranking, permissions of the acting account.

mod cli_support;

use cli_support::Workspace;

/// `args` acting as Paula, NWSHOP's product manager.
fn with<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--as", "paula@tandem.demo"]);
    all
}

/// The id of the feature titled `title` in NWSHOP's backlog.
fn feature_id(workspace: &Workspace, title: &str) -> String {
    let json = workspace
        .run(&with(&["feature", "list", "NWSHOP", "--json"]))
        .ok();
    let backlog: serde_json::Value = serde_json::from_str(&json).expect("JSON backlog");
    backlog["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["title"] == title)
        .and_then(|f| f["id"].as_i64())
        .unwrap_or_else(|| panic!("no feature {title} in {backlog}"))
        .to_string()
}

#[test]
fn a_feature_is_shaped_cut_and_accepted_and_feedback_triaged_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
        .run(&with(&[
            "feature",
            "add",
            "NWSHOP",
            "--title",
            "Gift cards",
        ]))
        .ok();
    let id = feature_id(&workspace, "Gift cards");

    let set = workspace
        .run(&with(&[
            "feature",
            "set",
            "NWSHOP",
            &id,
            "--status",
            "planned",
            "--moscow",
            "must",
            "--mvp",
            "in",
            "--horizon",
            "next",
        ]))
        .ok();
    assert!(
        set.contains("\"Gift cards\": planned, MoSCoW must, MVP in, horizon next"),
        "{set}"
    );
    let cleared = workspace
        .run(&with(&[
            "feature", "set", "NWSHOP", &id, "--moscow", "none", "--mvp", "out",
        ]))
        .ok();
    assert!(
        cleared.contains("MoSCoW -, MVP out, horizon next"),
        "{cleared}"
    );
    let error = workspace
        .run(&with(&[
            "feature", "set", "NWSHOP", &id, "--status", "shipped",
        ]))
        .error();
    assert!(error.ends_with(" [validation_failed]"), "{error}");
    let error = workspace
        .run(&with(&[
            "feature",
            "set",
            "NWSHOP",
            &id,
            "--release",
            "soon",
        ]))
        .error();
    assert!(
        error.contains("--release must be a release id or none"),
        "{error}"
    );

    let added = workspace
        .run(&with(&[
            "feature",
            "criterion",
            "NWSHOP",
            &id,
            "A card can be redeemed at checkout",
        ]))
        .ok();
    let criterion = added
        .split_whitespace()
        .nth(2)
        .expect("the criterion id")
        .to_owned();
    let listed = workspace
        .run(&with(&["feature", "criteria", "NWSHOP", &id]))
        .ok();
    assert!(
        listed.contains("no    A card can be redeemed at checkout"),
        "{listed}"
    );
    let checked = workspace
        .run(&with(&["feature", "check", "NWSHOP", &id, &criterion]))
        .ok();
    assert!(checked.contains("is met"), "{checked}");
    let shown = workspace
        .run(&with(&["feature", "show", "NWSHOP", &id]))
        .ok();
    assert!(shown.contains("criteria 1/1"), "{shown}");
    let error = workspace
        .run(&with(&["feature", "check", "NWSHOP", &id, "999999"]))
        .error();
    assert!(error.contains("has no criterion 999999"), "{error}");

    let submitted = workspace
        .run(&with(&[
            "feedback",
            "add",
            "NWSHOP",
            "--text",
            "Can I buy a voucher for my mother?",
        ]))
        .ok();
    let feedback = submitted
        .split_whitespace()
        .nth(1)
        .expect("the feedback id")
        .to_owned();
    let triaged = workspace
        .run(&with(&[
            "feedback",
            "triage",
            "NWSHOP",
            &feedback,
            "--feature",
            &id,
        ]))
        .ok();
    assert!(
        triaged.contains(&format!("feedback {feedback} is linked (1 features)")),
        "{triaged}"
    );
    let error = workspace
        .run(&with(&["feedback", "triage", "NWSHOP", &feedback]))
        .error();
    assert!(error.contains("choose a status or features"), "{error}");
}

#[test]
fn features_are_added_scored_and_ranked_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();

    let table = workspace
        .run(&with(&["feature", "list", "NWSHOP", "--sort", "rice"]))
        .ok();
    assert!(table.contains("One-tap reorder"), "{table}");
    assert!(table.contains("SOURCE"), "{table}");

    // RICE 100000 × 3 × 1.0 ÷ 1 = 300000: first in the RICE ranking.
    let added = workspace
        .run(&with(&[
            "feature",
            "add",
            "NWSHOP",
            "--title",
            "Voice ordering",
            "--reach",
            "100000",
            "--impact",
            "3",
            "--confidence",
            "100",
            "--effort",
            "1",
        ]))
        .ok();
    assert!(added.contains("RICE 300000.00"), "{added}");
    let json = workspace
        .run(&with(&["feature", "list", "NWSHOP", "--json"]))
        .ok();
    let backlog: serde_json::Value = serde_json::from_str(&json).expect("JSON backlog");
    assert_eq!(backlog["features"][0]["title"], "Voice ordering");
    let id = backlog["features"][0]["id"]
        .as_i64()
        .expect("id")
        .to_string();

    // Lower reach: 1 × 3 × 1.0 ÷ 1 = 3, so it drops in the ranking.
    let scored = workspace
        .run(&with(&["feature", "score", "NWSHOP", &id, "--reach", "1"]))
        .ok();
    assert!(scored.contains("RICE 3.00"), "{scored}");
    let json = workspace
        .run(&with(&[
            "feature", "list", "NWSHOP", "--sort", "rice", "--json",
        ]))
        .ok();
    let backlog: serde_json::Value = serde_json::from_str(&json).expect("JSON backlog");
    assert_ne!(backlog["features"][0]["title"], "Voice ordering");

    // Linking a work item: readiness counts it; a wrong key fails with one line.
    let linked = workspace
        .run(&with(&["feature", "link", "NWSHOP", &id, "NWSHOP-1"]))
        .ok();
    assert!(linked.contains("linked NWSHOP-1"), "{linked}");
    let shown = workspace
        .run(&with(&["feature", "show", "NWSHOP", &id]))
        .ok();
    assert!(shown.contains("Voice ordering"), "{shown}");
    assert!(shown.contains("/1, open blocking bugs"), "{shown}");
    let error = workspace
        .run(&with(&["feature", "link", "NWSHOP", &id, "NWSHOP-99999"]))
        .error();
    assert!(error.contains("no item NWSHOP-99999"), "{error}");
    assert!(error.ends_with(" [validation_failed]"), "{error}");
    let unlinked = workspace
        .run(&with(&["feature", "unlink", "NWSHOP", &id, "NWSHOP-1"]))
        .ok();
    assert!(unlinked.contains("unlinked NWSHOP-1"), "{unlinked}");

    let error = workspace
        .run(&with(&[
            "feature", "add", "NWSHOP", "--title", "X", "--impact", "7",
        ]))
        .error();
    assert!(error.contains("0.25, 0.5, 1, 2, 3"), "{error}");
    assert!(error.ends_with(" [validation_failed]"), "{error}");
    let code = workspace
        .run(&with(&["feature", "list", "NWSHOP", "--sort", "kano"]))
        .error_code();
    assert_eq!(
        code, "validation_failed",
        "the CLI's own check, in the API's code"
    );

    let hypotheses = workspace.run(&with(&["hypothesis", "list", "NWSHOP"])).ok();
    assert!(hypotheses.contains("test first"), "{hypotheses}");
    workspace
        .run(&with(&[
            "hypothesis",
            "add",
            "NWSHOP",
            "--statement",
            "Voice works in kitchens",
            "--importance",
            "4",
        ]))
        .ok();
    workspace
        .run(&with(&["persona", "add", "NWSHOP", "--name", "Karl, cook"]))
        .ok();
    let personas = workspace.run(&with(&["persona", "list", "NWSHOP"])).ok();
    assert!(personas.contains("Karl, cook"), "{personas}");

    // A client contact may read shared artefacts only and may not write.
    let clara = ["--as", "clara@northwind.demo"];
    let shared = workspace
        .run(&[&["persona", "list", "NWSHOP"][..], &clara[..]].concat())
        .ok();
    assert!(shared.contains("Anna, busy parent"), "{shared}");
    assert!(!shared.contains("Karl, cook"), "{shared}");
    let refused = workspace
        .run(
            &[
                &["persona", "add", "NWSHOP", "--name", "Mine"][..],
                &clara[..],
            ]
            .concat(),
        )
        .error();
    assert!(refused.contains("does not allow"), "{refused}");
}
