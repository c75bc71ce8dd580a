//! `tandem time edit|delete|export` on the demo workspace: the CLI's side of the API's
//! PATCH/DELETE on time entries and its CSV export, with the same rules (author or manager
//! changes an entry; people without internal access see only their own time) and codes.

mod cli_support;

use cli_support::{Run, Workspace};

const MEI: &str = "mei@tandem.demo";
const OMAR: &str = "omar@tandem.demo";
const JONAS: &str = "jonas@tandem.demo";
const CLARA: &str = "clara@northwind.demo";

/// `tandem time ARGS --as EMAIL` in `workspace`.
fn time(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut full = vec!["time"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--as", email]);
    workspace.run(&full)
}

/// Logs time as Mei and returns the new entry's id.
fn log(workspace: &Workspace, duration: &str, date: &str, note: &str) -> String {
    let logged = time(
        workspace,
        MEI,
        &["log", "NWSHOP-2", duration, "--date", date, "--note", note],
    )
    .ok();
    logged
        .trim()
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once("(entry "))
        .map(|(_, id)| id.to_owned())
        .unwrap_or_else(|| panic!("no entry id in {logged}"))
}

#[test]
fn entries_are_edited_and_deleted_by_their_author_or_a_manager() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let id = log(&workspace, "1h", "2026-01-09", "Filters");

    let listed = time(&workspace, MEI, &["list", "NWSHOP", "--week", "2026-01-09"]).ok();
    assert!(
        listed
            .lines()
            .any(|line| line.trim_start().starts_with(&format!("{id}  2026-01-09"))),
        "the week lists entry ids: {listed}"
    );

    let edited = time(
        &workspace,
        MEI,
        &[
            "edit",
            &id,
            "--hours",
            "1.5h",
            "--date",
            "2026-01-08",
            "--note",
            "Filters and sorting",
            "--billable",
            "true",
            "--if-version",
            "1",
        ],
    )
    .ok();
    assert_eq!(
        edited.trim(),
        format!(
            "entry {id}: 1h 30m on NWSHOP-2 for 2026-01-08 by Mei Developer, billable (version 2)"
        )
    );
    let week = time(&workspace, MEI, &["list", "NWSHOP", "--week", "2026-01-08"]).ok();
    assert!(week.contains("Filters and sorting"), "{week}");

    // A manager may change anyone's entry; a colleague may not; a client cannot see it.
    let managed = time(&workspace, JONAS, &["edit", &id, "--billable", "false"]).ok();
    assert!(managed.contains("not billable (version 3)"), "{managed}");
    let colleague = time(&workspace, OMAR, &["edit", &id, "--note", "mine now"]).error();
    assert!(
        colleague.contains("only its author or a project manager")
            && colleague.ends_with("[forbidden]"),
        "{colleague}"
    );
    let client = time(&workspace, CLARA, &["delete", &id]).error_code();
    assert_eq!(client, "not_found");

    let stale = time(&workspace, MEI, &["delete", &id, "--if-version", "2"]).error();
    assert!(
        stale.ends_with("[version_conflict]") && stale.contains("now at version 3"),
        "{stale}"
    );
    let deleted = time(&workspace, MEI, &["delete", &id]).ok();
    assert!(
        deleted.starts_with(&format!("deleted entry {id}: 1h 30m")),
        "{deleted}"
    );
    let gone = time(&workspace, MEI, &["edit", &id, "--note", "x"]).error_code();
    assert_eq!(gone, "not_found");
}

#[test]
fn bad_edits_are_refused_in_one_line() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let id = log(&workspace, "2h", "2026-01-09", "Review");

    let cases: &[(&[&str], &str)] = &[
        (&["--hours", "lots"], "hours: 'lots' is not a duration"),
        (&["--hours", "30h"], "between 1 minute and 24 hours"),
        (&["--date", "9.1.2026"], "date:"),
        (&[], "nothing to change"),
    ];
    for (flags, words) in cases {
        let mut args = vec!["edit", id.as_str()];
        args.extend_from_slice(flags);
        let line = time(&workspace, MEI, &args).error();
        assert!(
            line.contains(words) && line.ends_with("[validation_failed]"),
            "{flags:?}: {line}"
        );
    }
    let missing = time(&workspace, MEI, &["edit", "999999", "--note", "x"]).error_code();
    assert_eq!(missing, "not_found");
    let week = time(&workspace, MEI, &["list", "NWSHOP", "--week", "2026-01-09"]).ok();
    assert!(
        week.contains("Review") && week.contains("2h"),
        "unchanged: {week}"
    );
}

#[test]
fn export_writes_the_api_csv_of_the_entries_one_may_see() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    log(&workspace, "1h30m", "2026-01-09", "Checkout, \"express\"");
    log(&workspace, "45m", "2026-01-20", "=cmd");

    let csv = time(
        &workspace,
        JONAS,
        &[
            "export",
            "NWSHOP",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ],
    )
    .ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "date,person,email,item,item_title,minutes,hours,billable,note",
            "2026-01-09,Mei Developer,mei@tandem.demo,NWSHOP-2,Category pages with filters,90,1.50,false,\"Checkout, \"\"express\"\"\"",
            "2026-01-20,Mei Developer,mei@tandem.demo,NWSHOP-2,Category pages with filters,45,0.75,false,'=cmd",
        ],
        "{csv}"
    );

    // An item key narrows to that item; -o writes a file.
    let file = workspace.data_dir().join("nwshop-2.csv");
    let file_arg = file.to_str().expect("UTF-8 path");
    let written = time(
        &workspace,
        JONAS,
        &["export", "NWSHOP-2", "--to", "2026-01-31", "-o", file_arg],
    )
    .ok();
    assert!(written.is_empty(), "the CSV went to the file: {written}");
    let saved = std::fs::read_to_string(&file).expect("exported file");
    assert!(saved.starts_with("date,person,"), "{saved}");
    assert!(
        saved
            .lines()
            .skip(1)
            .all(|line| line.contains(",NWSHOP-2,")),
        "{saved}"
    );
    let other = time(
        &workspace,
        JONAS,
        &["export", "NWSHOP-3", "--to", "2026-01-31"],
    )
    .ok();
    assert!(!other.contains("Checkout"), "{other}");

    // A client sees only their own time: none here.
    let client = time(&workspace, CLARA, &["export", "NWSHOP"]).ok();
    assert_eq!(client.lines().count(), 1, "header only: {client}");

    let bad = time(
        &workspace,
        JONAS,
        &["export", "NWSHOP", "--from", "2026-13-01"],
    )
    .error_code();
    assert_eq!(bad, "validation_failed");
    let unknown = time(&workspace, JONAS, &["export", "NOPE"]).error_code();
    assert_eq!(unknown, "not_found");
    let unwritable = time(
        &workspace,
        JONAS,
        &["export", "NWSHOP", "-o", "/nonexistent/dir/out.csv"],
    )
    .error();
    assert!(
        unwritable.contains("cannot write /nonexistent/dir/out.csv")
            && unwritable.ends_with("[command_failed]"),
        "{unwritable}"
    );
}
