//! `tandem baseline delete KEY NAME|ID` on the demo workspace: the project manager deletes a
//! baseline by name or by id through the API's service; others are refused, and an unknown
//! or ambiguous baseline fails with one line.

mod cli_support;

use cli_support::Workspace;

const PM: &str = "jonas@tandem.demo";
const DEVELOPER: &str = "mei@tandem.demo";

/// `tandem baseline list NWSHOP` as the project manager.
fn list(workspace: &Workspace) -> String {
    workspace
        .run(&["baseline", "list", "NWSHOP", "--as", PM])
        .ok()
}

/// The id of the first listed baseline named `name`.
fn id_of(workspace: &Workspace, name: &str) -> String {
    let list = list(workspace);
    list.lines()
        .find(|line| line.split('\t').nth(2) == Some(name))
        .and_then(|line| line.split('\t').next())
        .unwrap_or_else(|| panic!("{name} in {list}"))
        .to_owned()
}

#[test]
fn a_manager_deletes_baselines_by_name_or_id() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    for name in ["Draft", "Twice", "Twice"] {
        workspace
            .run(&["baseline", "save", "NWSHOP", name, "--as", PM])
            .ok();
    }
    let draft = id_of(&workspace, "Draft");

    let developer = workspace
        .run(&["baseline", "delete", "NWSHOP", "Draft", "--as", DEVELOPER])
        .error_code();
    assert_eq!(developer, "forbidden");
    assert!(list(&workspace).contains("\tDraft\t"));

    let deleted = workspace
        .run(&["baseline", "delete", "NWSHOP", "Draft", "--as", PM])
        .ok();
    assert_eq!(
        deleted.trim(),
        format!("Deleted baseline {draft} \"Draft\" of NWSHOP")
    );
    assert!(!list(&workspace).contains("\tDraft\t"));
    let gone = workspace
        .run(&["baseline", "delete", "NWSHOP", &draft, "--as", PM])
        .error_code();
    assert_eq!(gone, "not_found");

    // A name saved twice needs the id.
    let error = workspace
        .run(&["baseline", "delete", "NWSHOP", "Twice", "--as", PM])
        .error();
    assert!(
        error.contains("several baselines named \"Twice\""),
        "{error}"
    );
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    let twice = id_of(&workspace, "Twice");
    let deleted = workspace
        .run(&["baseline", "delete", "NWSHOP", &twice, "--as", PM])
        .ok();
    assert!(
        deleted.contains(&format!("baseline {twice} \"Twice\"")),
        "{deleted}"
    );
    assert!(
        list(&workspace).contains("\tTwice\t"),
        "the other one stays"
    );

    // An id of another project's baseline is not one of NWSHOP's.
    workspace
        .run(&["baseline", "save", "HELIOS", "Elsewhere", "--as", PM])
        .ok();
    let helios = workspace
        .run(&["baseline", "list", "HELIOS", "--as", PM])
        .ok();
    let elsewhere = helios
        .lines()
        .find(|line| line.contains("\tElsewhere\t"))
        .and_then(|line| line.split('\t').next())
        .expect("saved")
        .to_owned();
    let wrong = workspace
        .run(&["baseline", "delete", "NWSHOP", &elsewhere, "--as", PM])
        .error_code();
    assert_eq!(wrong, "not_found");
}
