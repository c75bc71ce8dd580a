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
