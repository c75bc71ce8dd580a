//! `tandem roadmap` on the demo workspace: features under their horizons, the release
//! timeline by date, and exactly what the API answers — a client contact sees only the
//! shared features and releases. The API's filters work as flags, refused in one line with
//! the API's code; a client naming an internal persona is answered as for a missing one.

mod cli_support;

use cli_support::Workspace;

const PAULA: [&str; 2] = ["--as", "paula@tandem.demo"];
const CLARA: [&str; 2] = ["--as", "clara@northwind.demo"];

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    workspace
}

fn roadmap(workspace: &Workspace, extra: &[&str], who: [&str; 2]) -> String {
    let mut args = vec!["roadmap", "NWSHOP"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&who);
    workspace.run(&args).ok()
}

/// The line where `text` first appears (panics when it does not).
fn line_of(output: &str, text: &str) -> usize {
    output
        .lines()
        .position(|line| line.contains(text))
        .unwrap_or_else(|| panic!("{text:?} missing in:\n{output}"))
}

#[test]
fn features_appear_under_their_horizon_and_releases_by_date() {
    let workspace = demo();
    let text = roadmap(&workspace, &[], PAULA);
    let (now, next, later, releases) = (
        line_of(&text, "Now"),
        line_of(&text, "Next"),
        line_of(&text, "Later"),
        line_of(&text, "Releases"),
    );
    assert!(now < next && next < later && later < releases, "{text}");
    let reorder = line_of(&text, "One-tap reorder");
    assert!(now < reorder && reorder < next, "{text}");
    assert!(
        text.lines()
            .nth(reorder)
            .is_some_and(|l| l.contains("must"))
    );
    let wishlist = line_of(&text, "Wishlist");
    assert!(next < wishlist && wishlist < later, "{text}");
    let loyalty = line_of(&text, "Loyalty points");
    assert!(later < loyalty && loyalty < releases, "{text}");
    let (beta, launch, collect) = (
        line_of(&text, "0.9 Private beta"),
        line_of(&text, "1.0 Mobile checkout launch"),
        line_of(&text, "1.1 Click & collect"),
    );
    assert!(
        releases < beta && beta < launch && launch < collect,
        "{text}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&roadmap(&workspace, &["--json"], PAULA)).expect("JSON roadmap");
    let columns = json["roadmap"]["columns"].as_array().expect("columns");
    let horizons: Vec<&str> = columns
        .iter()
        .map(|c| c["horizon"].as_str().expect("horizon"))
        .collect();
    assert_eq!(horizons, ["now", "next", "later"]);
    let now_titles: Vec<&str> = columns[0]["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["title"].as_str().expect("title"))
        .collect();
    assert!(now_titles.contains(&"One-tap reorder"), "{now_titles:?}");
    assert_eq!(columns[0]["features"][0]["moscow"], "must");
    let names: Vec<&str> = json["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "0.9 Private beta",
            "1.0 Mobile checkout launch",
            "1.1 Click & collect"
        ]
    );
}

#[test]
fn a_client_sees_only_shared_items() {
    let workspace = demo();
    let text = roadmap(&workspace, &[], CLARA);
    assert!(text.contains("One-tap reorder"), "{text}");
    assert!(text.contains("1.0 Mobile checkout launch"), "{text}");
    for internal in [
        "Store stock on product page",
        "Loyalty points",
        "Click & collect",
    ] {
        assert!(
            !text.contains(internal),
            "{internal} shown to a client:\n{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_what_the_api_answers() {
    let workspace = demo();
    let token = workspace
        .run(&[
            "token",
            "create",
            "--email",
            "clara@northwind.demo",
            "--name",
            "ci",
        ])
        .ok();
    let cli: serde_json::Value =
        serde_json::from_str(&roadmap(&workspace, &["--json"], CLARA)).expect("JSON roadmap");

    let server = workspace.serve(&[]);
    let client = reqwest::Client::new();
    for (path, part) in [("roadmap", "roadmap"), ("roadmap/releases", "releases")] {
        let answer = client
            .get(format!("{}/api/v1/projects/NWSHOP/{path}", server.address))
            .bearer_auth(token.trim())
            .send()
            .await
            .expect("API call");
        assert_eq!(answer.status(), 200, "{path}");
        let api: serde_json::Value = answer.json().await.expect("API JSON");
        assert_eq!(cli[part], api, "{path}");
    }
}

#[test]
fn an_unknown_project_is_one_line() {
    let workspace = demo();
    let error = workspace
        .run(&["roadmap", "NOPE", "--as", "paula@tandem.demo"])
        .error();
    assert!(error.contains("project not found"), "{error}");
    // A project the account may not see answers the same, as the API does.
    let hidden = workspace
        .run(&["roadmap", "FLEET", "--as", "clara@northwind.demo"])
        .error();
    assert_eq!(hidden, error);
}

/// The features of a `--json` roadmap, columns then unplaced.
fn features(json: &serde_json::Value) -> Vec<&serde_json::Value> {
    let columns = json["roadmap"]["columns"].as_array().expect("columns");
    columns
        .iter()
        .map(|column| &column["features"])
        .chain([&json["roadmap"]["unplaced"]])
        .flat_map(|list| list.as_array().expect("features").iter())
        .collect()
}

/// The id of the persona linked to the feature titled `title`, as text for a flag.
fn persona_of(json: &serde_json::Value, title: &str) -> String {
    let feature = features(json)
        .into_iter()
        .find(|f| f["title"] == title)
        .unwrap_or_else(|| panic!("{title} missing"));
    feature["personas"][0]["id"].to_string()
}

#[test]
fn filters_narrow_the_roadmap_and_bad_ones_are_one_line() {
    let workspace = demo();
    let all: serde_json::Value =
        serde_json::from_str(&roadmap(&workspace, &["--json"], PAULA)).expect("JSON roadmap");
    // Anna (shared) is linked to One-tap reorder, Ben (internal) to Guest checkout.
    let (anna, ben) = (
        persona_of(&all, "One-tap reorder"),
        persona_of(&all, "Guest checkout"),
    );

    let text = roadmap(
        &workspace,
        &["--persona", &anna, "--moscow", "must", "--mvp", "in"],
        PAULA,
    );
    assert!(text.contains("One-tap reorder"), "{text}");
    for gone in ["Guest checkout", "Wishlist", "Deal badges in search"] {
        assert!(!text.contains(gone), "{gone} is filtered out:\n{text}");
    }
    let unreleased: serde_json::Value = serde_json::from_str(&roadmap(
        &workspace,
        &["--json", "--release", "none", "--mvp", "out"],
        PAULA,
    ))
    .expect("JSON roadmap");
    let listed = features(&unreleased);
    assert!(!listed.is_empty());
    assert!(
        listed
            .iter()
            .all(|f| f["release_id"].is_null() && f["mvp"] == false),
        "{unreleased}"
    );

    let run = |flags: &[&str], who: [&str; 2]| {
        let mut args = vec!["roadmap", "NWSHOP"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&who);
        workspace.run(&args).error()
    };
    let bad = run(&["--mvp", "maybe"], PAULA);
    assert_eq!(bad, "error: mvp: must be in or out [validation_failed]");
    let missing = run(&["--persona", "999999"], CLARA);
    assert_eq!(
        missing,
        "error: persona: no such persona in this project [validation_failed]"
    );
    // Ben is internal: the client is told exactly what a missing persona gets.
    assert_eq!(run(&["--persona", &ben], CLARA), missing);
}
