//! The cockpits' remaining artefacts from the shell, on the demo workspace: a project's schedule
//! (`tandem plan`, levelled too), goals with key-result progress, workshops that produce a
//! feature, and an experiment whose result validates its hypothesis — each with its one-line
//! refusal for bad input.

mod cli_support;

use cli_support::Workspace;

const PM: &str = "paula@tandem.demo";

fn run(workspace: &Workspace, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--as", PM]);
    workspace.run(&all).ok()
}

#[test]
fn the_schedule_from_the_shell_matches_the_api_shape() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let table = run(&workspace, &["plan", "NWSHOP"]);
    assert!(table.starts_with("NWSHOP: "), "{table}");
    assert!(table.contains("Critical path: "), "{table}");
    assert!(table.contains("[critical]"), "{table}");

    let levelled = run(&workspace, &["plan", "NWSHOP", "--level", "--json"]);
    let view: serde_json::Value = serde_json::from_str(&levelled).expect("JSON");
    assert_eq!(view["levelled"], true);
    assert!(view["items"].as_array().unwrap().len() > 100);
    // The table flags each item that waits for its assignee with how long, to the hour.
    let delayed = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["delayed_by_levelling"] == true)
        .expect("levelling delays some demo item");
    let wait = delayed["levelling_delay_days"].as_f64().expect("a number");
    let flag = format!(
        "[levelled +{}]",
        tandem_core::people::amounts::working_days_label(wait)
    );
    let key = delayed["key"].as_str().expect("a key");
    let table = run(&workspace, &["plan", "NWSHOP", "--level"]);
    let line = table
        .lines()
        .find(|line| line.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("{key} in {table}"));
    assert!(line.contains(&flag), "{flag} in {line}");

    let missing = workspace.run(&["plan", "NOPE", "--as", PM]).error();
    assert!(missing.contains("project not found"), "{missing}");
}

/// NWSHOP began 90 days ago: `--from` reschedules its open work from the status date, as
/// `GET /schedule?remaining_from=` does, and splits the work in progress begun before it; a
/// bad date is refused in one line.
#[test]
fn the_remaining_work_rescheduled_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let table = run(&workspace, &["plan", "NWSHOP", "--from", "today"]);
    assert!(
        table.contains(&format!("Remaining work rescheduled from {today}\n")),
        "{table}"
    );
    // The actual start follows the existing columns; work in progress begun before the
    // status date is marked split, its START..FINISH being the remaining work.
    let header = table
        .lines()
        .find(|line| line.starts_with("KEY"))
        .expect("a header");
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "KEY", "START", "FINISH", "FLOAT", "d", "SLIP", "d", "ACTUAL", "TITLE"
        ],
        "{header}"
    );
    let split: Vec<&str> = table
        .lines()
        .filter(|line| line.contains(" [split]"))
        .collect();
    assert!(!split.is_empty(), "{table}");
    for line in &split {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (start, actual) = (fields[1], fields[5]);
        assert!(
            actual < today.to_string().as_str(),
            "began before the status date: {line}"
        );
        assert!(
            start >= today.to_string().as_str(),
            "remaining work from it: {line}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&run(
        &workspace,
        &["plan", "NWSHOP", "--from", "today", "--json"],
    ))
    .expect("JSON");
    let splits: Vec<&serde_json::Value> = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["split"] == true)
        .collect();
    assert_eq!(splits.len(), split.len());
    for item in splits {
        assert_eq!(item["actual_segment"]["start"], item["actual_start"]);
        assert_eq!(
            item["actual_segment"]["finish"],
            format!("{today}T00:00:00")
        );
    }

    let plain: serde_json::Value =
        serde_json::from_str(&run(&workspace, &["plan", "NWSHOP", "--json"])).expect("JSON");
    assert_eq!(plain["status_date"], serde_json::Value::Null);
    // Two weeks ahead: the first working instant is on that date or the Monday after.
    let from = (today + jiff::Span::new().days(14)).to_string();
    let view: serde_json::Value = serde_json::from_str(&run(
        &workspace,
        &["plan", "NWSHOP", "--from", &from, "--level", "--json"],
    ))
    .expect("JSON");
    assert_eq!(view["status_date"], from);
    assert_eq!(view["levelled"], true);
    let items = view["items"].as_array().expect("items");
    let open = items
        .iter()
        .filter(|item| item["done"] == false && item["summary"] == false);
    for item in open {
        let start = item["start"].as_str().expect("start");
        assert!(start >= from.as_str(), "{item}");
    }
    let done = items
        .iter()
        .find(|item| item["done"] == true)
        .expect("a done item");
    let before = plain["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["id"] == done["id"])
        .expect("the same item");
    assert_eq!(done["start"], before["start"], "done work keeps its place");

    let refused = workspace
        .run(&["plan", "NWSHOP", "--from", "soon", "--as", PM])
        .error();
    assert_eq!(
        refused.trim(),
        "error: --from: must be today or a date like 2026-11-23 [validation_failed]"
    );
}

#[test]
fn goals_workshops_and_experiments_from_the_shell() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();

    let added = run(
        &workspace,
        &[
            "goal",
            "add",
            "NWSHOP",
            "--title",
            "Grow repeat orders",
            "--kr",
            "Repeat order share:20:40:%",
        ],
    );
    let objective = added
        .split_whitespace()
        .nth(1)
        .and_then(|id| id.trim_end_matches(':').parse::<i64>().ok())
        .expect("objective id");
    let kr = added
        .split("kr ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .expect("key result id")
        .to_owned();
    let progress = run(
        &workspace,
        &[
            "goal",
            "progress",
            "NWSHOP",
            &objective.to_string(),
            "--set",
            &format!("{kr}=30"),
        ],
    );
    assert!(progress.contains("grade 0.50 (yellow)"), "{progress}");
    let refused = workspace
        .run(&[
            "goal", "add", "NWSHOP", "--title", "X", "--kr", "bad", "--as", PM,
        ])
        .error();
    assert!(refused.contains("METRIC:BASELINE:TARGET"), "{refused}");

    let workshop = run(
        &workspace,
        &[
            "workshop",
            "add",
            "NWSHOP",
            "--title",
            "Pricing review",
            "--kind",
            "review",
            "--date",
            "2026-12-10",
            "--participant",
            "clara@northwind.demo",
        ],
    );
    assert!(
        workshop.contains("participants: Clara Client"),
        "{workshop}"
    );
    let id = workshop
        .split_whitespace()
        .nth(1)
        .map(|id| id.trim_end_matches(':').to_owned())
        .expect("workshop id");
    let produced = run(
        &workspace,
        &[
            "workshop",
            "outcome",
            "NWSHOP",
            &id,
            "feature",
            "Bulk reorder button",
        ],
    );
    assert!(produced.starts_with("feature "), "{produced}");
    let shown = run(&workspace, &["workshop", "show", "NWSHOP", &id]);
    assert!(shown.contains("produced feature"), "{shown}");
    assert!(shown.contains("Bulk reorder button"), "{shown}");
    let wrong_kind = workspace
        .run(&[
            "workshop", "add", "NWSHOP", "--title", "X", "--kind", "party", "--as", PM,
        ])
        .error();
    assert!(wrong_kind.contains("kind"), "{wrong_kind}");

    let hypotheses = run(&workspace, &["hypothesis", "list", "NWSHOP"]);
    let testing = hypotheses
        .lines()
        .find(|line| line.contains("testing"))
        .and_then(|line| line.split_whitespace().next())
        .expect("a hypothesis being tested")
        .to_owned();
    let planned = run(
        &workspace,
        &[
            "experiment",
            "add",
            "NWSHOP",
            &testing,
            "--title",
            "Stock API spike",
            "--method",
            "spike",
            "--criterion",
            "p95 under 300 ms",
        ],
    );
    let experiment = planned
        .split_whitespace()
        .nth(1)
        .expect("experiment id")
        .to_owned();
    let recorded = run(
        &workspace,
        &[
            "experiment",
            "result",
            "NWSHOP",
            &testing,
            &experiment,
            "--result",
            "p95 was 180 ms",
            "--outcome",
            "validated",
        ],
    );
    assert!(recorded.contains("is now validated"), "{recorded}");
    let listed = run(&workspace, &["experiment", "list", "NWSHOP", &testing]);
    assert!(listed.contains("Stock API spike"), "{listed}");
    let bad = workspace
        .run(&[
            "experiment",
            "result",
            "NWSHOP",
            &testing,
            &experiment,
            "--result",
            "x",
            "--outcome",
            "bogus",
            "--as",
            PM,
        ])
        .error();
    assert!(bad.contains("is not one of"), "{bad}");
}
