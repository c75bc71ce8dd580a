//! Board and list pages of a 5,000-item project, timed end to end over HTTP on a local
//! server (SQLite): `cargo bench -p tandem-server --bench items_pages`. The product budget is
//! under 50 ms server-side for each page.

use serde_json::json;
use std::time::{Duration, Instant};
use tandem_core::work::{DependencyKind, ItemType};
use tandem_server::{AppState, ServerConfig};
use tandem_store::{NewDependency, NewItem, Store, StoreConfig};

const ITEMS: usize = 5_000;
const RUNS: usize = 15;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::connect(&StoreConfig::Sqlite {
        data_dir: dir.path().to_owned(),
    })
    .await
    .expect("the store opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let state = AppState::new(store.clone(), ServerConfig::default());
    tokio::spawn(tandem_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client");
    let admin =
        json!({ "email": "admin@example.com", "name": "Ada", "password": "correct horse battery" });
    client
        .post(format!("{base}/api/v1/setup"))
        .json(&admin)
        .send()
        .await
        .expect("setup");
    let session = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "email": "admin@example.com", "password": "correct horse battery" }))
        .send()
        .await
        .expect("sign in");
    let csrf = session.json::<serde_json::Value>().await.expect("session")["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    client
        .post(format!("{base}/api/v1/projects"))
        .header("x-csrf-token", &csrf)
        .json(&json!({ "key": "PERF", "name": "Five thousand items" }))
        .send()
        .await
        .expect("project");
    let project = store.project_by_key("PERF").await.expect("the project");
    let workflow = store.workflow(project.id).await.expect("workflow");
    let started = Instant::now();
    let mut epic = None;
    let mut previous = None;
    for index in 0..ITEMS {
        let item_type = if index % 50 == 0 {
            ItemType::Epic
        } else {
            ItemType::Story
        };
        let status = &workflow.statuses[index % workflow.statuses.len()];
        let item = store
            .create_item(&NewItem {
                parent_id: if item_type == ItemType::Epic {
                    None
                } else {
                    epic
                },
                status_id: Some(status.id),
                story_points: Some((index % 8) as i64 + 1),
                estimate_minutes: Some(((index % 16) as i64 + 1) * 60),
                labels: vec![format!("area-{}", index % 7)],
                ..NewItem::new(project.id, item_type, format!("Item number {index}"))
            })
            .await
            .expect("an item");
        if item_type == ItemType::Epic {
            epic = Some(item.id);
        } else if index % 10 == 1 {
            if let Some(before) = previous {
                let link = NewDependency {
                    predecessor_id: before,
                    successor_id: item.id,
                    kind: DependencyKind::FinishToStart,
                    lag_days: 0,
                };
                let _ = store.add_dependency(&link, None).await.expect("a link");
            }
            previous = Some(item.id);
        }
    }
    println!("created {ITEMS} items in {:.1?}", started.elapsed());
    for (name, path) in [
        ("board page", "/projects/PERF/board"),
        ("list page (500 rows)", "/projects/PERF/items"),
        (
            "list page sorted by assignee",
            "/projects/PERF/items?sort=assignee&order=desc",
        ),
        ("API list (1000)", "/api/v1/projects/PERF/items?limit=1000"),
    ] {
        let mut times: Vec<Duration> = Vec::new();
        let mut bytes = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let response = client
                .get(format!("{base}{path}"))
                .send()
                .await
                .expect("a page");
            assert!(
                response.status().is_success(),
                "{path}: {}",
                response.status()
            );
            bytes = response.bytes().await.expect("the body").len();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{name:<30} median {:>7.1?}  min {:>7.1?}  ({} KB)",
            times[RUNS / 2],
            times[0],
            bytes / 1024
        );
    }
}
