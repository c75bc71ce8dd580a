//! Building a small plan straight in the store (the items API lives on another branch).

use tandem_core::work::{DependencyKind, ItemType};
use tandem_store::{NewDependency, NewItem, Store};

/// Creates an item with an estimate (minutes) under an optional parent; returns its id.
pub async fn item(
    store: &Store,
    project_id: i64,
    kind: ItemType,
    title: &str,
    estimate: Option<i64>,
    parent: Option<i64>,
) -> i64 {
    let mut new = NewItem::new(project_id, kind, title);
    new.estimate_minutes = estimate;
    new.parent_id = parent;
    store.create_item(&new).await.expect("create item").id
}

/// Adds a dependency `predecessor → successor`.
pub async fn link(
    store: &Store,
    predecessor: i64,
    successor: i64,
    kind: DependencyKind,
    lag_days: i64,
) {
    store
        .add_dependency(
            &NewDependency {
                predecessor_id: predecessor,
                successor_id: successor,
                kind,
                lag_days,
            },
            None,
        )
        .await
        .expect("add dependency")
        .expect("no cycle");
}
