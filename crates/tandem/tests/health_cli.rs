//! `tandem health KEY` on the demo workspace: the verdict sentence then the raised signals by
//! side, the API's JSON on request, and one-line errors (unknown project, client contacts,
//! missing `--as`).

mod cli_support;

use cli_support::Workspace;

#[test]
fn health_of_a_demo_project_names_its_side() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let args = ["health", "HELIOS", "--as", "jonas@tandem.demo"];
    let text = workspace.run(&args).ok();
    let first = text.lines().next().expect("verdict line");
    assert!(first.starts_with("HELIOS on "), "{text}");
    assert!(first.contains("Critical — mainly product"), "{text}");
    assert!(text.contains("Product side:"), "{text}");
    assert!(
        text.contains("[Critical] No product manager: Nobody is the product manager"),
        "{text}"
    );
    assert!(text.contains("next: Name a product manager"), "{text}");

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let json: serde_json::Value =
        serde_json::from_str(&workspace.run(&json_args).ok()).expect("JSON output");
    assert_eq!(json["project_key"], "HELIOS");
    assert_eq!(json["verdict"]["signals"][0]["id"], "no_product_manager");
    assert_eq!(json["verdict"]["dominant_side"], "product");
    assert_eq!(
        json["verdict"]["signals"].as_array().map(Vec::len),
        Some(24)
    );
}

#[test]
fn health_errors_are_one_line() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let error = workspace.run(&["health", "HELIOS"]).error();
    assert!(error.contains("--as"), "{error}");
    let error = workspace
        .run(&["health", "NOPE", "--as", "jonas@tandem.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");
    let error = workspace
        .run(&["health", "HELIOS", "--as", "henrik@helios.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
}

#[test]
fn the_trend_and_the_thresholds_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    // Diagnosing keeps this week's snapshot: the trend has it.
    workspace
        .run(&["health", "HELIOS", "--as", "jonas@tandem.demo"])
        .ok();
    let trend = workspace
        .run(&["health", "history", "HELIOS", "--as", "jonas@tandem.demo"])
        .ok();
    let first = trend.lines().next().expect("a week");
    assert!(first.contains("critical"), "{trend}");
    assert!(first.contains("mainly product"), "{trend}");
    let error = workspace
        .run(&["health", "history", "HELIOS", "--as", "henrik@helios.demo"])
        .error();
    assert!(error.contains("not found"), "{error}");

    let shown = workspace
        .run(&["health", "thresholds", "--as", "jonas@tandem.demo"])
        .ok();
    assert!(shown.starts_with("version 0"), "{shown}");
    assert!(
        shown.contains("watch 0.95, at risk 0.9, critical 0.8"),
        "{shown}"
    );
    let error = workspace
        .run(&[
            "health",
            "thresholds",
            "--set",
            "spi=0.9,0.85,0.7",
            "--as",
            "jonas@tandem.demo",
        ])
        .error();
    assert!(error.ends_with(" [forbidden]"), "{error}");

    let admin = "admin@tandem.demo";
    let changed = workspace
        .run(&[
            "health",
            "thresholds",
            "--set",
            "spi=0.9,0.85,0.7",
            "--set",
            "vision_stale_days=45",
            "--json",
            "--as",
            admin,
        ])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&changed).expect("JSON output");
    assert_eq!(json["spi"]["at_risk"], 0.85);
    assert_eq!(json["vision_stale_days"], 45.0);
    for (setting, why) in [
        ("spi=0.7,0.85,0.9", "spi"),
        ("spi=0.9", "give the watch, at-risk and critical thresholds"),
        ("nonsense=1", "no threshold has this name"),
        ("vision_stale_days=soon", "values must be numbers"),
    ] {
        let error = workspace
            .run(&["health", "thresholds", "--set", setting, "--as", admin])
            .error();
        assert!(error.contains(why), "{setting}: {error}");
        assert!(error.ends_with(" [validation_failed]"), "{error}");
    }
    let kept = workspace.run(&["health", "thresholds", "--as", admin]).ok();
    assert!(
        kept.starts_with("version 1"),
        "refused changes keep the saved ones: {kept}"
    );
}
