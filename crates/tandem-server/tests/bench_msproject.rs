//! Timing figures for the MS Project exchange (run on demand, not in CI):
//! `cargo test --release -p tandem-server --test bench_msproject -- --ignored --nocapture`.
//! Imports a generated 5,000-task MSPDI file (500 summaries of 9 tasks, FS chains with lags,
//! the Standard calendar) into an empty project over HTTP on SQLite, then exports it.

mod common;

use std::time::Instant;

use common::{Backend, spawn_app};
use serde_json::json;
use tandem_engine::calendar::{Calendar, CalendarUid};
use tandem_interop::mspdi::{
    self, DurationFormat, DurationUnit, Lag, LinkKind, PredecessorLink, Project, ProjectProperties,
    Task,
};
use tandem_server::planning::msproject_calendar::export_calendar;

/// `groups` summary tasks of `per_group` leaves each, every leaf waiting on the one before.
fn plan(groups: i32, per_group: i32) -> String {
    let mut tasks = Vec::new();
    let mut previous: Option<i32> = None;
    for group in 0..groups {
        let summary = group * (per_group + 1) + 1;
        tasks.push(Task {
            uid: summary,
            name: Some(format!("Phase {group}")),
            outline_level: 1,
            summary: true,
            ..Task::default()
        });
        for leaf in 1..=per_group {
            let uid = summary + leaf;
            tasks.push(Task {
                uid,
                name: Some(format!("Task {group}.{leaf}")),
                outline_level: 2,
                duration_minutes: 480 * i64::from(1 + leaf % 3),
                predecessors: previous
                    .map(|predecessor_uid| PredecessorLink {
                        predecessor_uid,
                        kind: LinkKind::FinishToStart,
                        lag: Lag {
                            amount: 4800 * i64::from(leaf % 2),
                            format: DurationFormat {
                                unit: DurationUnit::Days,
                                ..DurationFormat::default()
                            },
                        },
                    })
                    .into_iter()
                    .collect(),
                ..Task::default()
            });
            previous = Some(uid);
        }
    }
    let project = Project {
        properties: ProjectProperties {
            start_date: Some(jiff::civil::date(2026, 1, 5).at(8, 0, 0, 0)),
            calendar_uid: Some(1),
            ..ProjectProperties::default()
        },
        calendars: vec![export_calendar(&Calendar::standard(CalendarUid(1)), 1)],
        tasks,
        ..Project::default()
    };
    let mut out = Vec::new();
    mspdi::write(&project, &mut out).expect("write to memory");
    String::from_utf8(out).expect("utf-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "timing figures, run on demand"]
async fn import_and_export_5000_tasks() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.setup_admin().await;
    let xml = plan(500, 9);
    println!("file: 5,000 tasks, {} KB", xml.len() / 1024);
    for key in ["IMPA", "IMPB"] {
        app.create_project(&admin, json!({"key": key, "name": key}))
            .await;
        let started = Instant::now();
        let summary = admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/import/msproject"))
                    .header("content-type", "application/xml")
                    .body(xml.clone()),
                201,
            )
            .await;
        println!(
            "import into {key}: {:?} ({} items, {} dependencies)",
            started.elapsed(),
            summary["items_created"],
            summary["dependencies_created"]
        );
    }
    let started = Instant::now();
    let response = admin
        .get("/api/v1/projects/IMPA/export/msproject")
        .send()
        .await
        .expect("export");
    let bytes = response.bytes().await.expect("body").len();
    println!(
        "export of 5,000 items: {:?} ({} KB)",
        started.elapsed(),
        bytes / 1024
    );
}
