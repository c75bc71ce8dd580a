//! Harness helpers for the sprint and time suites: a project with a project manager, a
//! member and a client contact, and items made straight through the store (the items API
//! lives on another branch).

use super::{Caller, Person, TestApp};
use serde_json::json;
use tandem_core::work::{ItemType, StatusCategory};
use tandem_store::{ItemPatch, NewItem};

/// Project ACME (client Acme) run by Jonas, with member Mia and client contact Carl.
pub struct Team {
    pub admin: Caller,
    pub jonas: Person,
    pub mia: Person,
    pub carl: Person,
    pub project_id: i64,
}

/// Sets up [`Team`].
pub async fn team(app: &TestApp) -> Team {
    let admin = app.setup_admin().await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    let mia = app.member(&admin, "mia@example.com").await;
    let client_id = app.create_client(&admin, "Acme").await;
    let carl = app
        .client_contact(&admin, "carl@acme.example", client_id)
        .await;
    app.create_project(
            &admin,
            json!({ "key": "ACME", "name": "Acme shop", "client_id": client_id, "project_manager": jonas.id }),
        )
        .await;
    for (user, role) in [(mia.id, "member"), (carl.id, "client")] {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/ACME/members")
                    .json(&json!({ "user": user, "role": role })),
                201,
            )
            .await;
    }
    let project_id = app.store.project_by_key("ACME").await.expect("project").id;
    Team {
        admin,
        jonas,
        mia,
        carl,
        project_id,
    }
}

/// Creates a story with points and remaining minutes; returns its id.
pub async fn story(app: &TestApp, project_id: i64, title: &str, points: i64, minutes: i64) -> i64 {
    let mut new = NewItem::new(project_id, ItemType::Story, title);
    new.story_points = Some(points);
    new.remaining_minutes = Some(minutes);
    app.store.create_item(&new).await.expect("item").id
}

/// Moves an item to the first status of `category`.
pub async fn move_to(app: &TestApp, project_id: i64, item_id: i64, category: StatusCategory) {
    let workflow = app.store.workflow(project_id).await.expect("workflow");
    let status = workflow
        .statuses
        .iter()
        .find(|status| status.category == category)
        .expect("a status of the category");
    let item = app.store.item(item_id).await.expect("item");
    let patch = ItemPatch {
        status_id: Some(status.id),
        ..ItemPatch::default()
    };
    app.store
        .update_item(item_id, &patch, item.version, None)
        .await
        .expect("move");
}

/// The `ETag` of a response.
pub fn etag_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .expect("an ETag")
        .to_owned()
}
