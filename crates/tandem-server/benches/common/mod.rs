//! What the page benchmarks share: a local server on a fresh SQLite store, an administrator
//! signed in (cookie session plus CSRF token for API writes), and timing a path end to end
//! over HTTP.

use serde_json::json;
use std::time::{Duration, Instant};
use tandem_server::{AppState, ServerConfig};
use tandem_store::{Project, Store, StoreConfig};

/// How often each path is fetched; the median is reported.
pub const RUNS: usize = 15;

/// A running server with a signed-in administrator and one project.
pub struct Bench {
    pub store: Store,
    pub project: Project,
    base: String,
    client: reqwest::Client,
    csrf: String,
    _dir: tempfile::TempDir,
}

/// Runs `body` on a two-worker runtime (like the 2-core machine the budget is set for).
pub fn run<F: std::future::Future<Output = ()>>(body: impl FnOnce() -> F) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(body());
}

impl Bench {
    /// Starts the server, signs in and creates project `key`.
    pub async fn start(key: &str, name: &str) -> Bench {
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
        let admin = json!({ "email": "admin@example.com", "name": "Ada",
                            "password": "correct horse battery" });
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
            .json(&json!({ "key": key, "name": name }))
            .send()
            .await
            .expect("project");
        let project = store.project_by_key(key).await.expect("the project");
        Bench {
            store,
            project,
            base,
            client,
            csrf,
            _dir: dir,
        }
    }

    /// Changes item `key` through the API as a person would: read its version, then PATCH
    /// `fields` with `If-Match`.
    #[allow(
        dead_code,
        reason = "each bench compiles this module; not every bench edits"
    )]
    pub async fn edit_item(&self, key: &str, fields: serde_json::Value) {
        let url = format!("{}/api/v1/items/{key}", self.base);
        let read = self.client.get(&url).send().await.expect("the item");
        let etag = read.headers()["etag"].clone();
        let written = self
            .client
            .patch(&url)
            .header("x-csrf-token", &self.csrf)
            .header("if-match", etag)
            .json(&fields)
            .send()
            .await
            .expect("the edit");
        assert!(written.status().is_success(), "{key}: {}", written.status());
    }

    /// Fetches `path` [`RUNS`] times and prints the median, the fastest, the first (before
    /// anything the server remembers) and the size.
    pub async fn time(&self, name: &str, path: &str) {
        let mut times: Vec<Duration> = Vec::new();
        let mut bytes = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let response = self
                .client
                .get(format!("{}{path}", self.base))
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
        let mut sorted = times.clone();
        sorted.sort();
        println!(
            "{name:<30} median {:>7.1?}  min {:>7.1?}  first {:>7.1?}  ({} KB)",
            sorted[RUNS / 2],
            sorted[0],
            times[0],
            bytes / 1024
        );
    }
}
