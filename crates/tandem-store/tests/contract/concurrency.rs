//! Servers starting together, and many writers at once.

use crate::harness::open;
use std::time::{Duration, Instant};
use tandem_store::{NewAuditEntry, Store, StoreConfig};

/// Concurrent writers in the stress case, as in the acceptance test.
const WRITERS: usize = 8;

/// How long the writers run: `TANDEM_STRESS_SECONDS` (the acceptance test uses 10), else 3.
fn stress_duration() -> Duration {
    let seconds = std::env::var("TANDEM_STRESS_SECONDS")
        .ok()
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(3);
    Duration::from_secs(seconds)
}

pub async fn concurrent_connects_migrate_once(config: StoreConfig) {
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let config = config.clone();
            tokio::spawn(async move { Store::connect(&config).await })
        })
        .collect();
    let mut stores = Vec::new();
    for start in starts {
        stores.push(
            start
                .await
                .unwrap()
                .expect("every concurrent start succeeds"),
        );
    }
    for store in &stores {
        assert!(store.migrate().await.unwrap().is_empty());
        store.close().await;
    }
}

/// One writer's loop: creates clients and audit entries until `deadline`, returning the names
/// of the clients whose creation was acknowledged and every error met.
async fn write_until(store: Store, writer: usize, deadline: Instant) -> (Vec<String>, Vec<String>) {
    let mut acknowledged = Vec::new();
    let mut errors = Vec::new();
    let mut n = 0;
    while Instant::now() < deadline {
        n += 1;
        let name = format!("writer {writer} client {n}");
        match store.create_client(&name).await {
            Ok(client) => acknowledged.push(client.name),
            Err(error) => errors.push(error.to_string()),
        }
        let entry = NewAuditEntry {
            at: 0,
            actor_user_id: None,
            actor: "system".into(),
            action: "client.create".into(),
            object_type: "client".into(),
            object_id: name,
            request_id: None,
            ip: None,
            details: serde_json::json!({}),
        };
        if let Err(error) = store.append_audit(&entry).await {
            errors.push(error.to_string());
        }
    }
    (acknowledged, errors)
}

pub async fn concurrent_writers_all_land(config: StoreConfig) {
    // Two stores on one database, like a server and a CLI command: on SQLite their writers
    // meet at the file lock (busy timeout), not only in one store's writer queue.
    let stores = [open(&config).await, open(&config).await];
    let store = &stores[0];
    let deadline = Instant::now() + stress_duration();
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = stores[writer % stores.len()].clone();
            tokio::spawn(write_until(store, writer, deadline))
        })
        .collect();
    let reader = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut reads = 0;
            while Instant::now() < deadline {
                store
                    .list_clients()
                    .await
                    .expect("reads succeed during writes");
                reads += 1;
            }
            reads
        })
    };
    let mut acknowledged = Vec::new();
    let mut errors = Vec::new();
    for writer in writers {
        let (names, failures) = writer.await.unwrap();
        acknowledged.extend(names);
        errors.extend(failures);
    }
    let reads = reader.await.unwrap();
    let locked = errors
        .iter()
        .filter(|e| e.contains("database is locked"))
        .count();
    assert_eq!(locked, 0, "'database is locked' errors: {errors:?}");
    assert!(errors.is_empty(), "write errors: {errors:?}");
    let mut stored: Vec<_> = store
        .list_clients()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    stored.sort();
    acknowledged.sort();
    assert_eq!(stored, acknowledged, "every acknowledged write is present");
    eprintln!(
        "{} backend: {} writers, {} client writes + {} audit writes, {reads} reads in {:?}",
        store.backend_name(),
        WRITERS,
        acknowledged.len(),
        acknowledged.len(),
        stress_duration(),
    );
}
