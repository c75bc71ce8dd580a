//! A project set up for the direction suites: a product manager, a team member and a client
//! contact on a client's project.

use super::{Caller, Person, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::json;

/// The people of the direction scenarios.
pub struct ProductTeam {
    pub admin: Caller,
    /// Product manager of SHOP.
    pub paula: Person,
    /// Team member on SHOP.
    pub mei: Person,
    /// Client contact on SHOP.
    pub clara: Person,
}

/// Creates the team and the project `SHOP` (client Northwind, Paula as product manager).
pub async fn product_team(app: &TestApp) -> ProductTeam {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let mei = app.member(&admin, "mei@example.com").await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let clara = app
        .client_contact(&admin, "clara@northwind.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({ "key": "SHOP", "name": "Web shop", "client_id": client_id,
                "product_manager": paula.id }),
    )
    .await;
    for (person, role) in [(&mei, "member"), (&clara, "client")] {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/SHOP/members")
                    .json(&json!({ "user": person.id, "role": role })),
                201,
            )
            .await;
    }
    ProductTeam {
        admin,
        paula,
        mei,
        clara,
    }
}

/// `PUT path` with `If-Match: "version"`.
pub fn put_if(caller: &Caller, path: &str, version: i64) -> RequestBuilder {
    caller
        .request(Method::PUT, path)
        .header("if-match", format!("\"{version}\""))
}

/// `POST path` with `If-Match: "version"`.
pub fn post_if(caller: &Caller, path: &str, version: i64) -> RequestBuilder {
    caller
        .post(path)
        .header("if-match", format!("\"{version}\""))
}
