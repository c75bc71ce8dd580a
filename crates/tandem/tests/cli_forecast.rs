//! `tandem forecast KEY` on the demo workspace: the same forecast as the API (same seed, same
//! dates), JSON on request, and one-line errors for bad input or a missing `--as`.

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
