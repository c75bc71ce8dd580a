//! Work items over the API: creation under an epic, filters, roll-ups, optimistic
//! concurrency, dependency cycles, blocked flags, internal comments, history and the workflow.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use reqwest::Method;
use serde_json::{Value, json};

per_backend!(
    items_roll_up_under_an_epic_and_filter,
    stale_writes_are_refused,
    dependencies_block_and_refuse_cycles,
    internal_comments_stay_internal,
    history_records_every_change,
    workflow_rules_and_wip_limits,
    saved_views_are_personal,
);

/// An admin, a project manager (Paula) and a team member (Tom) on project NWSHOP for client
/// Northwind, whose contact Cleo is on the project as client.
struct Shop {
    paula: Person,
    tom: Person,
    cleo: Person,
}

async fn shop(app: &TestApp) -> Shop {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let tom = app.member(&admin, "tom@example.com").await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let cleo = app
        .client_contact(&admin, "cleo@northwind.example", client_id)
        .await;
    app.create_project(
        &admin,
        json!({ "key": "NWSHOP", "name": "Web shop", "client_id": client_id,
                "project_manager": paula.id }),
    )
    .await;
    for (person, role) in [(&tom, "member"), (&cleo, "client")] {
        admin
            .expect_json(
                admin
                    .post("/api/v1/projects/NWSHOP/members")
                    .json(&json!({ "user": person.id, "role": role })),
                201,
            )
            .await;
    }
    Shop { paula, tom, cleo }
}

async fn create(caller: &Caller, body: Value) -> Value {
    caller
        .expect_json(
            caller.post("/api/v1/projects/NWSHOP/items").json(&body),
            201,
        )
        .await
}

async fn patch(caller: &Caller, key: &str, version: i64, body: Value) -> (u16, Value) {
    send(
        caller
            .patch(&format!("/api/v1/items/{key}"))
            .header("if-match", format!("\"{version}\""))
            .json(&body),
    )
    .await
}

fn keys(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["key"].as_str().expect("key").to_owned())
        .collect()
}

async fn items_roll_up_under_an_epic_and_filter(app: TestApp) {
    let Shop {
        paula, tom, cleo, ..
    } = shop(&app).await;
    let epic = create(
        &paula.caller,
        json!({ "type": "epic", "title": "Checkout" }),
    )
    .await;
    assert_eq!(epic["key"], "NWSHOP-1");
    assert_eq!(epic["status"]["name"], "Backlog");
    let story = create(
        &paula.caller,
        json!({ "type": "story", "title": "Pay by card", "parent": "NWSHOP-1",
                "estimate_hours": 6, "story_points": 5, "assignee": tom.email,
                "labels": ["Payments"], "optimistic_hours": 4, "most_likely_hours": 6,
                "pessimistic_hours": 12 }),
    )
    .await;
    assert_eq!(story["parent"]["key"], "NWSHOP-1");
    assert_eq!(story["assignee"]["id"], tom.id);
    assert_eq!(story["labels"], json!(["payments"]));
    assert_eq!(story["pessimistic_hours"], 12.0);
    let task = create(
        &tom.caller,
        json!({ "title": "Receipt e-mail", "parent": "NWSHOP-1", "estimate_hours": 2,
                "status": "done" }),
    )
    .await;
    assert_eq!(task["type"], "task");
    assert_eq!(task["status"]["category"], "done");

    let epic = paula.caller.get_json("/api/v1/items/NWSHOP-1").await;
    assert_eq!(epic["children"], 2);
    assert_eq!(epic["rollup"]["estimate_hours"], 8.0);
    assert_eq!(epic["rollup"]["progress"], 0.25);
    assert_eq!(epic["rollup"]["story_points"], 5);

    let list = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/items?assignee=me")
        .await;
    assert_eq!(keys(&list), ["NWSHOP-2"]);
    let list = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/items?parent=NWSHOP-1&sort=key&order=desc")
        .await;
    assert_eq!(keys(&list), ["NWSHOP-3", "NWSHOP-2"]);
    let list = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/items?label=payments&type=story&q=card")
        .await;
    assert_eq!(keys(&list), ["NWSHOP-2"]);
    let list = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/items?status=Done")
        .await;
    assert_eq!(keys(&list), ["NWSHOP-3"]);
    let list = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/items?assignee=none&limit=1&offset=1")
        .await;
    assert_eq!(
        (keys(&list), list["total"].as_i64()),
        (vec!["NWSHOP-3".to_owned()], Some(2))
    );

    // Bad input is a 422 naming the field.
    let (status, body) = send(
        paula
            .caller
            .post("/api/v1/projects/NWSHOP/items")
            .json(&json!({ "title": "x", "optimistic_hours": 9, "pessimistic_hours": 3 })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "optimistic_hours"
    );
    let (status, body) = send(
        paula
            .caller
            .get("/api/v1/projects/NWSHOP/items?status=Nope"),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "status");
    let (status, body) = send(
        paula
            .caller
            .post("/api/v1/projects/NWSHOP/items")
            .json(&json!({ "title": "x", "assignee": "admin@example.com" })),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "assignee_id"
    );

    // Clients read but do not write.
    let seen = cleo.caller.get_json("/api/v1/items/NWSHOP-2").await;
    assert_eq!(seen["title"], "Pay by card");
    let (status, _) = send(
        cleo.caller
            .post("/api/v1/projects/NWSHOP/items")
            .json(&json!({ "title": "x" })),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = send(cleo.caller.get("/api/v1/items/NWSHOP-99")).await;
    assert_eq!(status, 404);
}

async fn stale_writes_are_refused(app: TestApp) {
    let Shop { paula, tom, .. } = shop(&app).await;
    create(&paula.caller, json!({ "title": "Search" })).await;
    let (status, body) = patch(&tom.caller, "NWSHOP-1", 1, json!({ "title": "Search v2" })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], 2);
    let (status, body) = patch(&paula.caller, "NWSHOP-1", 1, json!({ "title": "Lost" })).await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&body, "version_conflict")["current_version"],
        2
    );
    let (status, _) = send(
        paula
            .caller
            .patch("/api/v1/items/NWSHOP-1")
            .json(&json!({ "title": "No version" })),
    )
    .await;
    assert_eq!(status, 428);
    let (status, _) = send(
        paula
            .caller
            .delete("/api/v1/items/NWSHOP-1")
            .header("if-match", "\"1\""),
    )
    .await;
    assert_eq!(status, 412);
    let (status, _) = send(
        paula
            .caller
            .delete("/api/v1/items/NWSHOP-1")
            .header("if-match", "\"2\""),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = send(paula.caller.get("/api/v1/items/NWSHOP-1")).await;
    assert_eq!(status, 404);
}

async fn dependencies_block_and_refuse_cycles(app: TestApp) {
    let Shop { paula, .. } = shop(&app).await;
    for title in ["Design", "Build", "Test"] {
        create(&paula.caller, json!({ "title": title })).await;
    }
    let link = |key: &str, body: Value| {
        paula
            .caller
            .post(&format!("/api/v1/items/{key}/dependencies"))
            .json(&body)
    };
    let first = paula
        .caller
        .expect_json(link("NWSHOP-2", json!({ "predecessor": "NWSHOP-1" })), 201)
        .await;
    assert_eq!(first["kind"], "FS");
    assert_eq!(first["blocking_now"], true);
    paula
        .caller
        .expect_json(
            link(
                "NWSHOP-2",
                json!({ "successor": "NWSHOP-3", "kind": "ss", "lag_days": -1 }),
            ),
            201,
        )
        .await;
    let (status, body) = send(link("NWSHOP-1", json!({ "predecessor": "NWSHOP-3" }))).await;
    assert_eq!(status, 422);
    let details = assert_error(&body, "dependency_cycle");
    assert_eq!(
        details["cycle"],
        json!(["NWSHOP-3", "NWSHOP-1", "NWSHOP-2", "NWSHOP-3"])
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("NWSHOP-3 → NWSHOP-1 → NWSHOP-2 → NWSHOP-3"),
        "{message}"
    );

    let build = paula.caller.get_json("/api/v1/items/NWSHOP-2").await;
    assert_eq!(build["blocked"], true);
    assert_eq!(build["blocked_by"], json!(["NWSHOP-1"]));
    // Starting Build releases its start-to-start successor Test; finishing Design releases Build.
    let test = paula.caller.get_json("/api/v1/items/NWSHOP-3").await;
    assert_eq!(test["blocked"], true);
    let (status, _) = patch(
        &paula.caller,
        "NWSHOP-2",
        1,
        json!({ "status": "In progress" }),
    )
    .await;
    assert_eq!(status, 200);
    let test = paula.caller.get_json("/api/v1/items/NWSHOP-3").await;
    assert_eq!(test["blocked"], false);
    patch(&paula.caller, "NWSHOP-1", 1, json!({ "status": "Done" })).await;
    let build = paula.caller.get_json("/api/v1/items/NWSHOP-2").await;
    assert_eq!(build["blocked"], false);

    let listed = paula
        .caller
        .get_json("/api/v1/items/NWSHOP-2/dependencies")
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let id = first["id"].as_i64().unwrap();
    let (status, _) = send(
        paula
            .caller
            .delete(&format!("/api/v1/items/NWSHOP-3/dependencies/{id}")),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        paula
            .caller
            .delete(&format!("/api/v1/items/NWSHOP-2/dependencies/{id}")),
    )
    .await;
    assert_eq!(status, 204);
}

async fn internal_comments_stay_internal(app: TestApp) {
    let Shop {
        paula, tom, cleo, ..
    } = shop(&app).await;
    create(&paula.caller, json!({ "title": "Launch banner" })).await;
    let path = "/api/v1/items/NWSHOP-1/comments";
    tom.caller
        .expect_json(
            tom.caller
                .post(path)
                .json(&json!({ "body": "Ready for **review**" })),
            201,
        )
        .await;
    let internal = paula
        .caller
        .expect_json(
            paula
                .caller
                .post(path)
                .json(&json!({ "body": "Over budget by 2 days", "internal": true })),
            201,
        )
        .await;
    assert_eq!(internal["internal"], true);
    assert_eq!(
        paula.caller.get_json(path).await.as_array().unwrap().len(),
        2
    );
    let seen = cleo.caller.get_json(path).await;
    let bodies: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Ready for **review**"]);
    let (status, _) = send(cleo.caller.post(path).json(&json!({ "body": "hi" }))).await;
    assert_eq!(status, 403);

    // Only the author edits or deletes a comment.
    let id = internal["id"].as_i64().unwrap();
    let (status, _) = send(
        tom.caller
            .patch(&format!("{path}/{id}"))
            .header("if-match", "\"1\"")
            .json(&json!({ "body": "mine now" })),
    )
    .await;
    assert_eq!(status, 403);
    let edited = paula
        .caller
        .expect_json(
            paula
                .caller
                .patch(&format!("{path}/{id}"))
                .header("if-match", "\"1\"")
                .json(&json!({ "body": "Over budget by 1 day", "internal": true })),
            200,
        )
        .await;
    assert_eq!(edited["version"], 2);
    let (status, _) = send(paula.caller.delete(&format!("{path}/{id}"))).await;
    assert_eq!(status, 204);
}

async fn history_records_every_change(app: TestApp) {
    let Shop { paula, tom, .. } = shop(&app).await;
    create(
        &paula.caller,
        json!({ "title": "Cart", "estimate_hours": 8 }),
    )
    .await;
    patch(
        &tom.caller,
        "NWSHOP-1",
        1,
        json!({ "status": "In progress", "remaining_hours": 5, "assignee": tom.id }),
    )
    .await;
    let history = paula
        .caller
        .get_json("/api/v1/items/NWSHOP-1/history")
        .await;
    let events = history.as_array().unwrap();
    let summary: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["field"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("created".into(), "".into()),
            ("status_changed".into(), "status".into()),
            ("field_changed".into(), "assignee_id".into()),
            ("field_changed".into(), "remaining_minutes".into()),
        ]
    );
    assert_eq!(events[0]["actor"]["email"], "paula@example.com");
    assert_eq!(events[0]["new_value"]["estimate_minutes"], 480);
    assert_eq!(events[1]["new_value"]["category"], "in_progress");
    assert_eq!(events[1]["actor"]["id"], tom.id);
    assert_eq!(events[3]["new_value"], 300);
}

async fn workflow_rules_and_wip_limits(app: TestApp) {
    let Shop { paula, tom, .. } = shop(&app).await;
    let response = paula
        .caller
        .get("/api/v1/projects/NWSHOP/workflow")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["etag"], "\"1\"");
    let workflow: Value = response.json().await.unwrap();
    let id = |name: &str| {
        workflow["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let change = json!({
        "statuses": [
            { "id": id("To do"), "name": "To do", "category": "todo" },
            { "id": id("In progress"), "name": "Doing", "category": "in_progress", "wip_limit": 1 },
            { "id": id("Done"), "name": "Done", "category": "done" },
        ],
        "transitions": [
            { "from": "To do", "to": "Doing" }, { "from": "Doing", "to": "Done" },
            { "from": "Doing", "to": "To do" },
        ],
    });
    let put = |caller: &Caller, version: &str| {
        caller
            .request(Method::PUT, "/api/v1/projects/NWSHOP/workflow")
            .header("if-match", version)
            .json(&change)
    };
    let (status, _) = send(put(&tom.caller, "\"1\"")).await;
    assert_eq!(status, 403);
    let replaced = paula
        .caller
        .expect_json(put(&paula.caller, "\"1\""), 200)
        .await;
    assert_eq!(replaced["version"], 2);
    assert_eq!(replaced["statuses"][1]["wip_limit"], 1);
    let (status, _) = send(put(&paula.caller, "\"1\"")).await;
    assert_eq!(status, 412);

    create(&tom.caller, json!({ "title": "One" })).await;
    create(&tom.caller, json!({ "title": "Two" })).await;
    let (status, body) = patch(&tom.caller, "NWSHOP-1", 1, json!({ "status": "Done" })).await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not allow moving from 'To do' to 'Done'")
    );
    let (_, first) = patch(&tom.caller, "NWSHOP-1", 1, json!({ "status": "Doing" })).await;
    assert!(first.get("warnings").is_none(), "{first}");
    let (status, second) = patch(&tom.caller, "NWSHOP-2", 1, json!({ "status": "Doing" })).await;
    assert_eq!(status, 200);
    assert_eq!(
        second["warnings"],
        json!(["'Doing' is over its WIP limit (2 items, limit 1)"])
    );
    let workflow = tom
        .caller
        .get_json("/api/v1/projects/NWSHOP/workflow")
        .await;
    assert_eq!(workflow["statuses"][1]["items"], 2);
    assert_eq!(workflow["statuses"][1]["over_limit"], true);
}

async fn saved_views_are_personal(app: TestApp) {
    let Shop { paula, tom, .. } = shop(&app).await;
    let view = paula
        .caller
        .expect_json(
            paula
                .caller
                .post("/api/v1/projects/NWSHOP/views")
                .json(&json!({ "name": "My bugs", "query": "?type=bug&assignee=me" })),
            201,
        )
        .await;
    assert_eq!(view["query"], "type=bug&assignee=me");
    let (status, body) = send(
        paula
            .caller
            .post("/api/v1/projects/NWSHOP/views")
            .json(&json!({ "name": "My bugs", "query": "" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "name");
    assert_eq!(
        tom.caller.get_json("/api/v1/projects/NWSHOP/views").await,
        json!([])
    );
    let id = view["id"].as_i64().unwrap();
    let (status, _) = send(
        tom.caller
            .delete(&format!("/api/v1/projects/NWSHOP/views/{id}")),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        paula
            .caller
            .delete(&format!("/api/v1/projects/NWSHOP/views/{id}")),
    )
    .await;
    assert_eq!(status, 204);
}
