//! `tandem hypothesis --persona` and `tandem goal --release` on the demo workspace: links made
//! and replaced from the shell, and ids from another project refused with one line.

mod cli_support;

use cli_support::Workspace;
use serde_json::Value;

const PM: &str = "paula@tandem.demo";

/// `args` acting as Paula, NWSHOP's product manager.
fn with<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--as", PM]);
    all
}

fn json(workspace: &Workspace, args: &[&str]) -> Value {
    serde_json::from_str(&workspace.run(&with(args)).ok()).expect("JSON")
}

/// The ids of NWSHOP's personas, by name.
fn persona_ids(workspace: &Workspace) -> Vec<String> {
    json(workspace, &["persona", "list", "NWSHOP", "--json"])
        .as_array()
        .expect("personas")
        .iter()
        .map(|p| p["id"].to_string())
        .collect()
}

/// The number after `prefix` in `output`, e.g. "created hypothesis 12 …" → "12".
fn id_after(output: &str, prefix: &str) -> String {
    output
        .split_once(prefix)
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| panic!("no id after {prefix:?} in {output}"))
        .to_owned()
}

/// The personas (ids) of hypothesis `id` as `hypothesis list --json` shows them.
fn personas_of(workspace: &Workspace, id: &str) -> Vec<String> {
    json(workspace, &["hypothesis", "list", "NWSHOP", "--json"])
        .as_array()
        .expect("hypotheses")
        .iter()
        .find(|h| h["id"].as_i64() == id.parse().ok())
        .unwrap_or_else(|| panic!("no hypothesis {id}"))["personas"]
        .as_array()
        .expect("personas")
        .iter()
        .map(|p| p["id"].to_string())
        .collect()
}

#[test]
fn hypotheses_are_linked_to_personas_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let personas = persona_ids(&workspace);
    assert!(personas.len() >= 2, "{personas:?}");
    let (first, second) = (personas[0].as_str(), personas[1].as_str());

    let created = workspace
        .run(&with(&[
            "hypothesis",
            "add",
            "NWSHOP",
            "--statement",
            "Parents reorder the same basket weekly",
            "--persona",
            first,
            "--persona",
            second,
        ]))
        .ok();
    assert!(created.contains(" about persona "), "{created}");
    let id = id_after(&created, "created hypothesis ");
    let mut both = vec![first.to_owned(), second.to_owned()];
    both.sort();
    let mut linked = personas_of(&workspace, &id);
    linked.sort();
    assert_eq!(linked, both);

    let set = workspace
        .run(&with(&[
            "hypothesis",
            "set",
            "NWSHOP",
            &id,
            "--persona",
            second,
        ]))
        .ok();
    assert!(set.contains(&format!(" about persona {second} ")), "{set}");
    assert_eq!(personas_of(&workspace, &id), [second]);

    // The list keeps the hypotheses about one persona; an unknown persona is one line.
    let about = |persona: &str| {
        let listed = json(
            &workspace,
            &[
                "hypothesis",
                "list",
                "NWSHOP",
                "--persona",
                persona,
                "--json",
            ],
        );
        listed
            .as_array()
            .expect("hypotheses")
            .iter()
            .map(|h| h["id"].to_string())
            .collect::<Vec<_>>()
    };
    assert!(about(second).contains(&id), "{:?}", about(second));
    assert!(!about(first).contains(&id), "{:?}", about(first));
    let error = workspace
        .run(&with(&[
            "hypothesis",
            "list",
            "NWSHOP",
            "--persona",
            "987654",
        ]))
        .error();
    assert!(error.contains("not found"), "{error}");

    // Only the flags given change: a new status keeps the personas.
    workspace
        .run(&with(&[
            "hypothesis",
            "set",
            "NWSHOP",
            &id,
            "--status",
            "testing",
        ]))
        .ok();
    assert_eq!(personas_of(&workspace, &id), [second]);

    // A persona that is not NWSHOP's is refused with one line and a stable code.
    let error = workspace
        .run(&with(&[
            "hypothesis",
            "set",
            "NWSHOP",
            &id,
            "--persona",
            "987654",
        ]))
        .error();
    assert!(error.contains("persona_ids"), "{error}");
    assert!(error.ends_with(" [validation_failed]"), "{error}");
    assert_eq!(personas_of(&workspace, &id), [second]);

    workspace
        .run(&with(&[
            "hypothesis",
            "set",
            "NWSHOP",
            &id,
            "--no-personas",
        ]))
        .ok();
    assert!(personas_of(&workspace, &id).is_empty());
}

#[test]
fn goals_are_linked_to_releases_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let release = |name: &str| {
        let out = workspace
            .run(&with(&["release", "create", "NWSHOP", "--name", name]))
            .ok();
        id_after(&out, "release ")
    };
    let (launch, pickup) = (release("3.0 Launch"), release("3.1 Pick-up"));

    let added = workspace
        .run(&with(&[
            "goal",
            "add",
            "NWSHOP",
            "--title",
            "Faster checkout",
            "--kr",
            "Checkout steps:7:3",
            "--release",
            &launch,
        ]))
        .ok();
    assert!(
        added.contains(&format!("delivered by release {launch}")),
        "{added}"
    );
    let objective = id_after(&added, "objective ");

    let edited = workspace
        .run(&with(&[
            "goal",
            "edit",
            "NWSHOP",
            &objective,
            "--release",
            &pickup,
            "--release",
            &launch,
        ]))
        .ok();
    let (low, high) = if launch.parse::<i64>().unwrap_or(0) < pickup.parse::<i64>().unwrap_or(0) {
        (&launch, &pickup)
    } else {
        (&pickup, &launch)
    };
    assert!(
        edited.contains(&format!("delivered by release {low}, {high}")),
        "{edited}"
    );
    // A new title keeps the releases and the key results.
    let renamed = workspace
        .run(&with(&[
            "goal",
            "edit",
            "NWSHOP",
            &objective,
            "--title",
            "Checkout in three steps",
        ]))
        .ok();
    assert!(renamed.contains("Checkout in three steps"), "{renamed}");
    assert!(
        renamed.contains(&format!("delivered by release {low}, {high}")),
        "{renamed}"
    );
    assert!(renamed.contains("Checkout steps"), "{renamed}");

    let error = workspace
        .run(&with(&[
            "goal",
            "edit",
            "NWSHOP",
            &objective,
            "--release",
            "987654",
        ]))
        .error();
    assert!(error.contains("release_ids"), "{error}");
    assert!(error.ends_with(" [validation_failed]"), "{error}");
    let goals = json(&workspace, &["goal", "list", "NWSHOP", "--json"]);
    let stored = goals
        .as_array()
        .expect("goals")
        .iter()
        .find(|g| g["id"].as_i64() == objective.parse().ok())
        .expect("the objective")
        .clone();
    assert_eq!(stored["release_ids"].as_array().map(Vec::len), Some(2));

    let cleared = workspace
        .run(&with(&[
            "goal",
            "edit",
            "NWSHOP",
            &objective,
            "--no-releases",
        ]))
        .ok();
    assert!(!cleared.contains("delivered by"), "{cleared}");
}
