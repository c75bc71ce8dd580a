//! `tandem import msproject FILE --project KEY` and `tandem export msproject KEY -o FILE` on
//! the demo workspace: a project manager imports an MS Project file and exports the plan
//! again; bad input fails with one line and writes nothing.

mod cli_support;

use cli_support::Workspace;
use tandem_interop::mspdi;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tandem-server/tests/fixtures/msproject_round_trip.xml"
);

#[test]
fn a_manager_imports_and_exports_ms_project_files() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let import = |file: &str| {
        workspace.run(&[
            "import",
            "msproject",
            file,
            "--project",
            "FLEET",
            "--as",
            "rita@tandem.demo",
        ])
    };

    let broken = workspace.data_dir().join("broken.xml");
    std::fs::write(&broken, "<Project>\n<Tasks>\n</Project>").expect("write");
    let error = import(broken.to_str().expect("path")).error();
    assert!(error.contains("malformed XML at line 3"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    let error = import("/no/such/file.xml").error();
    assert!(error.contains("cannot read /no/such/file.xml"), "{error}");

    let run = import(FIXTURE);
    assert!(run.success, "{run:?}");
    assert!(
        run.stdout.starts_with("Imported 11 items (FLEET-"),
        "{run:?}"
    );
    assert!(run.stdout.contains("8 dependencies"), "{run:?}");
    assert!(
        run.stderr.contains("warning: resource \"Contractor\""),
        "{run:?}"
    );

    let output = workspace.data_dir().join("fleet.xml");
    let output = output.to_str().expect("path");
    let written = workspace
        .run(&[
            "export",
            "msproject",
            "FLEET",
            "-o",
            output,
            "--as",
            "rita@tandem.demo",
        ])
        .ok();
    assert!(written.contains("Wrote the schedule of FLEET"), "{written}");
    let xml = std::fs::read_to_string(output).expect("exported file");
    let project = mspdi::read(&xml).expect("the export reads back");
    for title in ["Requirements", "Design approved", "Storage", "Launch"] {
        assert!(
            project
                .tasks
                .iter()
                .any(|task| task.name.as_deref().is_some_and(|n| n.ends_with(title))),
            "{title} exported"
        );
    }

    let error = workspace
        .run(&[
            "export",
            "msproject",
            "NOPE",
            "-o",
            output,
            "--as",
            "rita@tandem.demo",
        ])
        .error();
    assert!(error.contains("not found"), "{error}");
    let error = workspace
        .run(&["import", "msproject", FIXTURE, "--project", "FLEET"])
        .error();
    assert!(error.contains("--as"), "{error}");
}
