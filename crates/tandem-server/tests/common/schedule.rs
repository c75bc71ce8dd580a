//! Building a small plan straight in the store (the items API lives on another branch).

use serde_json::{Value, json};
use tandem_core::work::{DependencyKind, ItemType};
use tandem_engine::cpm;
use tandem_store::{NewDependency, NewItem, Store};

use super::{Caller, Person, TestApp};

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

/// The item `id`'s row of a schedule answer.
pub fn row(schedule: &Value, id: i64) -> Value {
    schedule["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .expect("item in the schedule")
}

/// Asserts that the rows of `ids` in a schedule answer carry exactly the dates, float and
/// critical flag the engine computed for its tasks (in the same order): the product shows
/// what `tandem_engine::cpm` computes.
pub fn assert_rows_match_engine(schedule: &Value, ids: &[i64], engine: &cpm::Schedule) {
    let stamp = |at: jiff::civil::DateTime| at.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    for (&id, task) in ids.iter().zip(&engine.tasks) {
        let row = row(schedule, id);
        assert_eq!(row["start"], stamp(task.start), "{row}");
        assert_eq!(row["finish"], stamp(task.finish), "{row}");
        assert_eq!(row["early_start"], stamp(task.early_start), "{row}");
        assert_eq!(row["early_finish"], stamp(task.early_finish), "{row}");
        assert_eq!(row["late_start"], stamp(task.late_start), "{row}");
        assert_eq!(row["late_finish"], stamp(task.late_finish), "{row}");
        assert_eq!(row["total_float_minutes"], task.total_slack, "{row}");
        assert_eq!(row["free_float_minutes"], task.free_slack, "{row}");
        assert_eq!(row["critical"], task.critical, "{row}");
    }
    assert_eq!(schedule["finish"], stamp(engine.finish));
}

/// A new account on project `key`'s team.
pub async fn team_member(app: &TestApp, admin: &Caller, key: &str, email: &str) -> Person {
    let person = app.member(admin, email).await;
    admin
        .expect_json(
            admin
                .post(&format!("/api/v1/projects/{key}/members"))
                .json(&json!({"user": person.id, "role": "member"})),
            201,
        )
        .await;
    person
}
