//! The bridge's API: the responsibility matrix (copied from the default template, exactly one
//! "A" per activity on every write, If-Match on the matrix version, client contacts
//! read-only) and the workspace health thresholds (validation, admins write, staff read).

mod common;

use common::{Caller, TestApp, assert_error, raci_activity as activity, send};
use reqwest::Method;
use serde_json::{Value, json};

/// An admin, a product manager and a project manager on project ACME for a client, with a
/// client contact and a developer on it.
struct Fixture {
    admin: Caller,
    product: common::Person,
    client: common::Person,
    developer: common::Person,
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.setup_admin().await;
    let product = app.member(&admin, "paula@example.com").await;
    let delivery = app.member(&admin, "jonas@example.com").await;
    let developer = app.member(&admin, "mei@example.com").await;
    let client_id = app.create_client(&admin, "Acme Corp").await;
    let client = app
        .client_contact(&admin, "clara@acme.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({
            "key": "ACME", "name": "Acme shop", "client_id": client_id,
            "product_manager": product.id, "project_manager": delivery.id,
        }),
    )
    .await;
    for (person, role) in [(&client, "client"), (&developer, "member")] {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/ACME/members")
                    .json(&json!({ "user": person.id, "role": role })),
                201,
            )
            .await;
    }
    Fixture {
        admin,
        product,
        client,
        developer,
    }
}

fn put(caller: &Caller, path: &str) -> reqwest::RequestBuilder {
    caller.request(Method::PUT, path)
}

async fn default_template_is_copied_on_first_read(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f
        .product
        .caller
        .get_json("/api/v1/projects/ACME/raci")
        .await;
    assert_eq!(matrix["project_key"], "ACME");
    assert_eq!(matrix["activities"].as_array().unwrap().len(), 14);
    let vision = activity(&matrix, "Product vision");
    assert_eq!(vision["side"], "product");
    assert_eq!(vision["accountable"], "product manager");
    let budget = activity(&matrix, "Budget");
    assert_eq!(budget["side"], "delivery");
    assert_eq!(budget["accountable"], "project manager");
    // Read again: the same copy, not a second one.
    let again = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    assert_eq!(again["version"], matrix["version"]);
    assert_eq!(activity(&again, "Budget")["id"], budget["id"]);
}

async fn a_second_accountable_is_refused_with_its_code(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f
        .product
        .caller
        .get_json("/api/v1/projects/ACME/raci")
        .await;
    let version = matrix["version"].as_i64().unwrap();
    let budget = activity(&matrix, "Budget")["id"].as_i64().unwrap();
    let body = json!({ "assignments": [
        { "role": "project_manager", "letter": "A" },
        { "user": f.product.email, "letter": "A" },
    ]});
    let (status, error) = send(
        put(
            &f.product.caller,
            &format!("/api/v1/projects/ACME/raci/activities/{budget}/assignments"),
        )
        .header("If-Match", format!("\"{version}\""))
        .json(&body),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    let details = assert_error(&error, "raci_single_accountable");
    assert_eq!(details["activity"], "Budget");
    assert_eq!(details["current"], "project manager");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("“Budget” already has project manager as accountable"),
        "{message}"
    );

    // Moving the A is fine: the developer becomes responsible, the person accountable.
    let moved = json!({ "assignments": [
        { "user": f.product.id, "letter": "A" },
        { "role": "member", "letter": "R" },
    ]});
    let saved = f
        .product
        .caller
        .expect_json(
            put(
                &f.product.caller,
                &format!("/api/v1/projects/ACME/raci/activities/{budget}/assignments"),
            )
            .header("If-Match", format!("\"{version}\""))
            .json(&moved),
            200,
        )
        .await;
    assert_eq!(activity(&saved, "Budget")["accountable"], "paula");
    assert_eq!(saved["version"], version + 1);
    // Nothing about the refused write reached the store.
    let stored = app.store.raci_matrix(1).await.unwrap().unwrap();
    assert_eq!(stored.version, version + 1);
}

async fn stale_or_missing_if_match_is_refused(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f
        .product
        .caller
        .get_json("/api/v1/projects/ACME/raci")
        .await;
    let version = matrix["version"].as_i64().unwrap();
    let add = |v: Option<i64>| {
        let request = f
            .product
            .caller
            .post("/api/v1/projects/ACME/raci/activities")
            .json(&json!({ "name": "Security review", "side": "delivery",
                "assignments": [{ "role": "project_manager", "letter": "A" }] }));
        match v {
            Some(v) => request.header("If-Match", format!("\"{v}\"")),
            None => request,
        }
    };
    let (status, body) = send(add(None)).await;
    assert_eq!(status, 428, "{body}");
    let created = f.product.caller.expect_json(add(Some(version)), 201).await;
    assert_eq!(
        activity(&created, "Security review")["accountable"],
        "project manager"
    );
    // A second editor still holding the old version is stopped.
    let (status, body) = send(add(Some(version))).await;
    assert_eq!(status, 412, "{body}");
    assert_error(&body, "version_conflict");

    let id = activity(&created, "Security review")["id"]
        .as_i64()
        .unwrap();
    let current = created["version"].as_i64().unwrap();
    let renamed = f
        .product
        .caller
        .expect_json(
            f.product
                .caller
                .patch(&format!("/api/v1/projects/ACME/raci/activities/{id}"))
                .header("If-Match", format!("\"{current}\""))
                .json(&json!({ "name": "Security and privacy review" })),
            200,
        )
        .await;
    activity(&renamed, "Security and privacy review");
    let (status, _) = send(
        f.product
            .caller
            .delete(&format!("/api/v1/projects/ACME/raci/activities/{id}"))
            .header("If-Match", format!("\"{current}\"")),
    )
    .await;
    assert_eq!(status, 412);
    let deleted = f
        .product
        .caller
        .expect_json(
            f.product
                .caller
                .delete(&format!("/api/v1/projects/ACME/raci/activities/{id}"))
                .header("If-Match", format!("\"{}\"", current + 1)),
            200,
        )
        .await;
    assert_eq!(deleted["activities"].as_array().unwrap().len(), 14);
}

async fn clients_read_the_matrix_but_cannot_change_it(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f.client.caller.get_json("/api/v1/projects/ACME/raci").await;
    assert_eq!(
        activity(&matrix, "Budget")["accountable"],
        "project manager"
    );
    let version = matrix["version"].as_i64().unwrap();
    let (status, body) = send(
        put(&f.client.caller, "/api/v1/projects/ACME/raci")
            .header("If-Match", format!("\"{version}\""))
            .json(&json!({ "activities": [] })),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    // A team member is not a manager either.
    let (status, _) = send(
        put(&f.developer.caller, "/api/v1/projects/ACME/raci")
            .header("If-Match", format!("\"{version}\""))
            .json(&json!({ "activities": [] })),
    )
    .await;
    assert_eq!(status, 403);
    // Workspace settings are for staff.
    let (status, _) = send(f.client.caller.get("/api/v1/settings/health-thresholds")).await;
    assert_eq!(status, 403);
}

async fn the_whole_matrix_can_be_replaced(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    let version = matrix["version"].as_i64().unwrap();
    let body = json!({ "activities": [
        { "name": "Scope", "side": "product", "assignments": [
            { "role": "product_manager", "letter": "A" }, { "user": f.developer.email, "letter": "C" } ] },
        { "name": "Schedule", "side": "delivery", "assignments": [
            { "role": "project_manager", "letter": "A" } ] },
    ]});
    let saved = f
        .admin
        .expect_json(
            put(&f.admin, "/api/v1/projects/ACME/raci")
                .header("If-Match", format!("\"{version}\""))
                .json(&body),
            200,
        )
        .await;
    assert_eq!(saved["activities"].as_array().unwrap().len(), 2);
    assert_eq!(activity(&saved, "Schedule")["accountable_missing"], false);
    assert_eq!(
        activity(&saved, "Scope")["assignments"][1]["user"]["name"],
        "mei"
    );
    // Someone who is not on the project cannot be given a letter.
    let outsider = app.member(&f.admin, "olga@example.com").await;
    let bad = json!({ "activities": [
        { "name": "Scope", "side": "product", "assignments": [{ "user": outsider.id, "letter": "R" }] } ]});
    let (status, body) = send(
        put(&f.admin, "/api/v1/projects/ACME/raci")
            .header("If-Match", format!("\"{}\"", version + 1))
            .json(&bad),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "user");
}

/// Sends `request` and asserts it was refused for want of an "A" on `activity`, with the
/// message naming it.
async fn refused_without_accountable(request: reqwest::RequestBuilder, activity: &str) {
    let (status, body) = send(request).await;
    assert_eq!(status, 422, "{body}");
    let details = assert_error(&body, "raci_accountable_required");
    assert_eq!(details["activity"], activity, "{body}");
    assert_eq!(details["field"], "assignments", "{body}");
    assert_eq!(
        body["error"]["message"],
        format!("“{activity}” needs exactly one accountable (A): give a role or a person the A.")
    );
}

async fn no_accountable_is_refused_on_every_write(app: TestApp) {
    let f = fixture(&app).await;
    let pm = &f.product.caller;
    let before = pm.get_json("/api/v1/projects/ACME/raci").await;
    let version = before["version"].as_i64().unwrap();
    let if_match = format!("\"{version}\"");
    let budget = activity(&before, "Budget")["id"].as_i64().unwrap();

    // Adding an activity without its accountable.
    refused_without_accountable(
        pm.post("/api/v1/projects/ACME/raci/activities")
            .header("If-Match", &if_match)
            .json(&json!({ "name": "Security review", "side": "delivery",
                "assignments": [{ "role": "member", "letter": "R" }] })),
        "Security review",
    )
    .await;
    // Clearing the only A of an activity.
    refused_without_accountable(
        put(
            pm,
            &format!("/api/v1/projects/ACME/raci/activities/{budget}/assignments"),
        )
        .header("If-Match", &if_match)
        .json(&json!({ "assignments": [
            { "role": "project_manager", "letter": "C" }, { "role": "client", "letter": "I" } ]})),
        "Budget",
    )
    .await;
    // Replacing the matrix with one activity that has no A.
    refused_without_accountable(
        put(pm, "/api/v1/projects/ACME/raci")
            .header("If-Match", &if_match)
            .json(&json!({ "activities": [
                { "name": "Scope", "side": "product", "assignments": [
                    { "role": "product_manager", "letter": "A" } ] },
                { "name": "Schedule", "side": "delivery" } ]})),
        "Schedule",
    )
    .await;
    // Nothing of it was saved: same version, same activities and letters.
    let after = pm.get_json("/api/v1/projects/ACME/raci").await;
    assert_eq!(after, before);
    assert_eq!(
        app.store.raci_matrix(1).await.unwrap().unwrap().version,
        version
    );

    // The workspace template, by hand: a role must hold each A.
    let template = f.admin.get_json("/api/v1/settings/raci-template").await;
    let mut activities = template["activities"].as_array().unwrap().clone();
    activities.push(json!({ "name": "Accessibility", "side": "product",
        "assignments": [{ "role": "member", "letter": "R" }] }));
    let (status, body) = send(
        put(&f.admin, "/api/v1/settings/raci-template")
            .header("If-Match", "\"0\"")
            .json(&json!({ "activities": activities })),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        assert_error(&body, "raci_accountable_required")["activity"],
        "Accessibility"
    );
    assert_eq!(
        body["error"]["message"],
        "“Accessibility” needs exactly one accountable (A): give a role the A."
    );
    let unchanged = f.admin.get_json("/api/v1/settings/raci-template").await;
    assert_eq!(unchanged, template);
}

async fn a_stored_matrix_without_an_accountable_loads_flagged_until_written(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    let version = matrix["version"].as_i64().unwrap();
    let budget = activity(&matrix, "Budget")["id"].as_i64().unwrap();
    // Data from before the rule: the store itself takes a row without an A.
    let project = app.store.project_by_key("ACME").await.unwrap();
    let informed = [tandem_store::NewRaciAssignment {
        holder: tandem_store::RaciHolder::Role(tandem_core::roles::ProjectRole::Client),
        letter: tandem_core::raci::Letter::I,
    }];
    app.store
        .set_raci_assignments(project.id, budget, version, &informed)
        .await
        .unwrap();
    let stored = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    let row = activity(&stored, "Budget");
    assert_eq!(row["accountable_missing"], true, "{row}");
    assert!(row.get("accountable").is_none(), "{row}");
    // Renaming it is not a write of its cells; the next write of them must name an A.
    let version = stored["version"].as_i64().unwrap();
    f.admin
        .expect_json(
            f.admin
                .patch(&format!("/api/v1/projects/ACME/raci/activities/{budget}"))
                .header("If-Match", format!("\"{version}\""))
                .json(&json!({ "description": "Cost and forecasts" })),
            200,
        )
        .await;
    let path = format!("/api/v1/projects/ACME/raci/activities/{budget}/assignments");
    refused_without_accountable(
        put(&f.admin, &path)
            .header("If-Match", format!("\"{}\"", version + 1))
            .json(&json!({ "assignments": [{ "role": "client", "letter": "C" }] })),
        "Budget",
    )
    .await;
    let mended = f
        .admin
        .expect_json(
            put(&f.admin, &path)
                .header("If-Match", format!("\"{}\"", version + 1))
                .json(&json!({ "assignments": [
                    { "role": "client", "letter": "I" }, { "role": "project_manager", "letter": "A" } ]})),
            200,
        )
        .await;
    assert_eq!(activity(&mended, "Budget")["accountable_missing"], false);
}

async fn the_workspace_template_is_edited_by_admins(app: TestApp) {
    let f = fixture(&app).await;
    let template = f
        .product
        .caller
        .get_json("/api/v1/settings/raci-template")
        .await;
    assert_eq!(template["version"], 0);
    let mut activities = template["activities"].as_array().unwrap().clone();
    activities.push(json!({ "name": "Accessibility", "side": "product",
        "assignments": [{ "role": "product_manager", "letter": "A" }, { "role": "member", "letter": "R" }] }));
    let (status, _) = send(
        put(&f.product.caller, "/api/v1/settings/raci-template")
            .header("If-Match", "\"0\"")
            .json(&json!({ "activities": activities })),
    )
    .await;
    assert_eq!(status, 403);
    let saved = f
        .admin
        .expect_json(
            put(&f.admin, "/api/v1/settings/raci-template")
                .header("If-Match", "\"0\"")
                .json(&json!({ "activities": activities })),
            200,
        )
        .await;
    assert_eq!(saved["version"], 1);
    // Two A's in a template are refused the same way.
    let mut twice = activities.clone();
    twice[0]["assignments"][1]["letter"] = json!("A");
    let (status, body) = send(
        put(&f.admin, "/api/v1/settings/raci-template")
            .header("If-Match", "\"1\"")
            .json(&json!({ "activities": twice })),
    )
    .await;
    assert_eq!(status, 422);
    assert_error(&body, "raci_single_accountable");
    // A new project gets the new default.
    app.create_project(&f.admin, json!({ "key": "NEXT", "name": "Next" }))
        .await;
    let next = f.admin.get_json("/api/v1/projects/NEXT/raci").await;
    assert_eq!(
        activity(&next, "Accessibility")["accountable"],
        "product manager"
    );
}

async fn a_project_matrix_becomes_the_workspace_default(app: TestApp) {
    let f = fixture(&app).await;
    let matrix = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    let added = f
        .admin
        .expect_json(
            f.admin
                .post("/api/v1/projects/ACME/raci/activities")
                .header("If-Match", format!("\"{}\"", matrix["version"]))
                .json(
                    &json!({ "name": "Accessibility", "side": "product", "assignments": [
                    { "role": "product_manager", "letter": "A" },
                    { "user": f.developer.id, "letter": "R" }] }),
                ),
            201,
        )
        .await;
    assert_eq!(
        activity(&added, "Accessibility")["accountable"],
        "product manager"
    );
    let promote = |caller: &Caller, version: &str, project: &str| {
        caller
            .post("/api/v1/settings/raci-template/from-project")
            .header("If-Match", version.to_owned())
            .json(&json!({ "project": project }))
    };

    let (status, _) = send(promote(&f.product.caller, "\"0\"", "ACME")).await;
    assert_eq!(status, 403, "only admins set the workspace default");
    let (status, body) = send(promote(&f.admin, "\"0\"", "NOPE")).await;
    assert_eq!(status, 404, "{body}");

    let response = promote(&f.admin, "\"0\"", "ACME").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-left-out-person-cells"], "1");
    let template: Value = response.json().await.unwrap();
    assert_eq!(template["version"], 1);
    let accessibility = template["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Accessibility")
        .expect("the new activity is in the default");
    assert_eq!(
        accessibility["assignments"],
        json!([{ "role": "product_manager", "letter": "A" }]),
        "the person's cell stays with the project"
    );

    let (status, body) = send(promote(&f.admin, "\"0\"", "ACME")).await;
    assert_eq!(status, 412, "a stale template version is refused: {body}");

    // A person accountable for an activity: as a template it would have no A, so refused.
    let matrix = f.admin.get_json("/api/v1/projects/ACME/raci").await;
    let budget = activity(&matrix, "Budget")["id"].as_i64().unwrap();
    f.admin
        .expect_json(
            put(
                &f.admin,
                &format!("/api/v1/projects/ACME/raci/activities/{budget}/assignments"),
            )
            .header("If-Match", format!("\"{}\"", matrix["version"]))
            .json(&json!({ "assignments": [
                { "user": f.developer.id, "letter": "A" }, { "role": "project_manager", "letter": "R" } ]})),
            200,
        )
        .await;
    let (status, body) = send(promote(&f.admin, "\"1\"", "ACME")).await;
    assert_eq!(status, 422, "{body}");
    let details = assert_error(&body, "raci_accountable_required");
    assert_eq!(details["activities"], json!(["Budget"]), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("In ACME, a person is accountable for “Budget”"),
        "{message}"
    );
    let kept = f.admin.get_json("/api/v1/settings/raci-template").await;
    assert_eq!(kept["version"], 1, "nothing saved: {kept}");
}

async fn thresholds_are_validated_and_versioned(app: TestApp) {
    let f = fixture(&app).await;
    let current = f
        .product
        .caller
        .get_json("/api/v1/settings/health-thresholds")
        .await;
    assert_eq!(current["version"], 0);
    assert_eq!(current["thresholds"]["spi"]["watch"], 0.95);
    assert_eq!(
        current["thresholds"]["feedback_untriaged_days"]["watch"],
        14.0
    );
    let mut thresholds = current["thresholds"].clone();
    thresholds["feedback_untriaged_days"]["watch"] = json!(-3);
    let (status, body) = send(
        put(&f.admin, "/api/v1/settings/health-thresholds")
            .header("If-Match", "\"0\"")
            .json(&thresholds),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "feedback_untriaged_days"
    );
    thresholds["feedback_untriaged_days"]["watch"] = json!(7);
    let (status, _) = send(
        put(&f.product.caller, "/api/v1/settings/health-thresholds")
            .header("If-Match", "\"0\"")
            .json(&thresholds),
    )
    .await;
    assert_eq!(status, 403);
    let saved = f
        .admin
        .expect_json(
            put(&f.admin, "/api/v1/settings/health-thresholds")
                .header("If-Match", "\"0\"")
                .json(&thresholds),
            200,
        )
        .await;
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["thresholds"]["feedback_untriaged_days"]["watch"], 7.0);
    let (status, body) = send(
        put(&f.admin, "/api/v1/settings/health-thresholds")
            .header("If-Match", "\"0\"")
            .json(&thresholds),
    )
    .await;
    assert_eq!(status, 412, "{body}");
}

per_backend!(
    default_template_is_copied_on_first_read,
    a_second_accountable_is_refused_with_its_code,
    stale_or_missing_if_match_is_refused,
    clients_read_the_matrix_but_cannot_change_it,
    the_whole_matrix_can_be_replaced,
    no_accountable_is_refused_on_every_write,
    a_stored_matrix_without_an_accountable_loads_flagged_until_written,
    the_workspace_template_is_edited_by_admins,
    a_project_matrix_becomes_the_workspace_default,
    thresholds_are_validated_and_versioned,
);
