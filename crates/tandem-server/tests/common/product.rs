//! Helpers for the product cockpit suites: a project with a product manager and a client
//! contact, and short-hands for If-Match writes.

use super::{Caller, Person, TestApp, send};
use serde_json::{Value, json};

/// A project `NWSHOP` for client Northwind, run by Paula, with a client contact on it.
pub struct ProductSetup {
    pub admin: Caller,
    pub paula: Person,
    pub client: Person,
}

/// Creates the agency, the project and the client contact's membership.
pub async fn product_setup(app: &TestApp) -> ProductSetup {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let client = app
        .client_contact(&admin, "carla@northwind.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({ "key": "NWSHOP", "name": "Web shop", "client_id": client_id,
                "product_manager": paula.id }),
    )
    .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/NWSHOP/members")
                .json(&json!({ "user": client.id, "role": "client" })),
            201,
        )
        .await;
    ProductSetup {
        admin,
        paula,
        client,
    }
}

/// POSTs `body` and expects 201, returning the created JSON.
pub async fn create(caller: &Caller, path: &str, body: Value) -> Value {
    caller.expect_json(caller.post(path).json(&body), 201).await
}

/// PATCHes `body` with `If-Match: "version"` and returns status and JSON.
pub async fn patch(caller: &Caller, path: &str, version: i64, body: Value) -> (u16, Value) {
    send(
        caller
            .patch(path)
            .header("If-Match", format!("\"{version}\""))
            .json(&body),
    )
    .await
}
