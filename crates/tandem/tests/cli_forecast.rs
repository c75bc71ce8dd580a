//! `tandem forecast KEY` on the demo workspace: the same forecast as the API (same seed, same
//! dates), JSON on request, levelled with `--level`, and one-line errors for bad input or a
//! missing `--as`.

mod cli_support;

use cli_support::Workspace;

#[test]
fn forecast_of_the_demo_plan_is_repeatable() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let args = [
        "forecast",
        "FLEET",
        "--trials",
        "2000",
        "--seed",
        "9",
        "--as",
        "rita@tandem.demo",
    ];
    let text = workspace.run(&args).ok();
    assert!(
        text.contains("FLEET: 2000 trials (seed 9), network mode"),
        "{text}"
    );
    assert!(text.contains("P85 "), "{text}");
    assert!(text.contains("Pilot go-live"), "{text}");
    assert_eq!(workspace.run(&args).ok(), text, "same seed, same forecast");

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let json: serde_json::Value =
        serde_json::from_str(&workspace.run(&json_args).ok()).expect("JSON output");
    assert_eq!(json["trials"], 2000);
    assert_eq!(json["mode"], "network");
    let p50 = json["finish"]["p50"].as_str().expect("p50");
    assert!(text.contains(&format!("P50 {}", &p50[..10])), "{text}");
    assert_eq!(json["levelled"], false);

    // Levelled: each person's items in turn, never earlier than all at once.
    let mut levelled_args = json_args.clone();
    levelled_args.push("--level");
    let levelled: serde_json::Value =
        serde_json::from_str(&workspace.run(&levelled_args).ok()).expect("JSON output");
    assert_eq!(levelled["levelled"], true);
    let levelled_p50 = levelled["finish"]["p50"].as_str().expect("p50");
    assert!(levelled_p50 >= p50, "{levelled_p50} before {p50}");
    let mut unlevelled_args = json_args.clone();
    unlevelled_args.push("--unlevelled");
    let unlevelled: serde_json::Value =
        serde_json::from_str(&workspace.run(&unlevelled_args).ok()).expect("JSON output");
    assert_eq!(unlevelled["levelled"], false);
    assert_eq!(unlevelled["finish"], json["finish"]);
    let mut text_args = args.to_vec();
    text_args.push("--level");
    let text = workspace.run(&text_args).ok();
    assert!(
        text.contains("levelled (one item at a time per person)"),
        "{text}"
    );
}

#[test]
fn forecast_errors_are_one_line() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let error = workspace.run(&["forecast", "FLEET"]).error();
    assert!(error.contains("--as"), "{error}");
    let error = workspace
        .run(&[
            "forecast",
            "FLEET",
            "--trials",
            "0",
            "--as",
            "rita@tandem.demo",
        ])
        .error();
    assert!(error.contains("trials"), "{error}");
    let error = workspace
        .run(&["forecast", "NOPE", "--as", "rita@tandem.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");
}
