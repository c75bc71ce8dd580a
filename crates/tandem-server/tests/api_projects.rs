//! Projects run by two managers: creation, role gaps, visibility, optimistic concurrency,
//! members and archiving.

mod common;

use common::{Caller, Person, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    create_names_both_managers_by_id_or_email,
    role_gaps_and_warnings_flag_the_manager_roles,
    managers_must_be_active_staff,
    members_see_only_their_projects,
    client_users_see_only_their_clients_projects_without_internal_fields,
    patch_needs_the_version_it_changes,
    concurrent_patches_of_one_version_let_exactly_one_win,
    members_are_added_replaced_and_removed,
    archived_projects_leave_the_default_list,
);

/// An admin plus two staff members who can manage projects.
struct Agency {
    admin: Caller,
    paula: Person,
    jonas: Person,
}

async fn agency(app: &TestApp) -> Agency {
    let admin = app.setup_admin().await;
    let paula = app.member(&admin, "paula@example.com").await;
    let jonas = app.member(&admin, "jonas@example.com").await;
    Agency {
        admin,
        paula,
        jonas,
    }
}

fn etag_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

async fn create_names_both_managers_by_id_or_email(app: TestApp) {
    let Agency {
        admin,
        paula,
        jonas,
    } = agency(&app).await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let response = admin
        .post("/api/v1/projects")
        .json(&json!({
            "key": "NWSHOP", "name": "Web shop", "client_id": client_id,
            "product_manager": "Paula@Example.com", "project_manager": jonas.id,
            "start_date": "2026-01-05", "target_launch_date": "2026-06-30",
            "budget": { "amount": 120000.5, "currency": "EUR" },
            "description": "A faster shop",
        }))
        .send()
        .await
        .expect("create");
    assert_eq!(response.status(), 201);
    assert_eq!(etag_of(&response), "\"1\"");
    let project: Value = response.json().await.expect("project");
    assert_eq!(project["product_manager"]["id"], paula.id);
    assert_eq!(project["project_manager"]["email"], "jonas@example.com");
    assert_eq!(project["client_name"], "Northwind");
    assert_eq!(
        project["budget"],
        json!({ "amount": 120000.5, "currency": "EUR" })
    );
    assert_eq!(project["role_gaps"], json!([]));
    assert_eq!(project["role_warnings"], json!([]));
    assert_eq!(project["start_date"], "2026-01-05");

    let members = admin.get_json("/api/v1/projects/NWSHOP/members").await;
    let roles: Vec<(i64, &str)> = members
        .as_array()
        .expect("members")
        .iter()
        .map(|m| {
            (
                m["user_id"].as_i64().unwrap_or_default(),
                m["role"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(roles.contains(&(paula.id, "product_manager")), "{members}");
    assert!(roles.contains(&(jonas.id, "project_manager")), "{members}");
    assert_eq!(
        paula.caller.get_json("/api/v1/projects/NWSHOP").await["my_roles"],
        json!(["product_manager"])
    );
}

async fn role_gaps_and_warnings_flag_the_manager_roles(app: TestApp) {
    let Agency {
        admin,
        paula,
        jonas,
    } = agency(&app).await;
    let open = app
        .create_project(&admin, json!({ "key": "OPEN", "name": "Nobody yet" }))
        .await;
    assert_eq!(
        open["role_gaps"],
        json!(["missing_product_manager", "missing_project_manager"])
    );
    let half = app
        .create_project(
            &admin,
            json!({ "key": "HALF", "name": "Half", "project_manager": jonas.id }),
        )
        .await;
    assert_eq!(half["role_gaps"], json!(["missing_product_manager"]));
    let solo = app
        .create_project(
            &admin,
            json!({ "key": "SOLO", "name": "Solo", "product_manager": paula.id, "project_manager": paula.email }),
        )
        .await;
    assert_eq!(solo["role_gaps"], json!([]));
    assert_eq!(
        solo["role_warnings"],
        json!(["same_person_holds_both_manager_roles"])
    );
}

async fn managers_must_be_active_staff(app: TestApp) {
    let Agency { admin, .. } = agency(&app).await;
    let client_id = app.create_client(&admin, "Acme").await;
    let carl = app
        .client_contact(&admin, "carl@acme.example", client_id)
        .await;
    let cases = [
        (json!({ "product_manager": carl.id }), "product_manager"),
        (
            json!({ "project_manager": "nobody@example.com" }),
            "project_manager",
        ),
        (json!({ "project_manager": 999_999 }), "project_manager"),
        (json!({ "client_id": 999_999 }), "client_id"),
    ];
    for (extra, field) in cases {
        let mut body = json!({ "key": "ACME", "name": "Acme" });
        body.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        let refused = admin
            .expect_json(admin.post("/api/v1/projects").json(&body), 422)
            .await;
        assert_eq!(
            assert_error(&refused, "validation_failed")["field"],
            field,
            "{body}"
        );
    }
    assert_eq!(
        admin.get_json("/api/v1/projects").await,
        json!([]),
        "nothing was written"
    );
}

async fn members_see_only_their_projects(app: TestApp) {
    let Agency {
        admin,
        paula,
        jonas,
    } = agency(&app).await;
    app.create_project(
        &admin,
        json!({ "key": "MINE", "name": "Mine", "product_manager": paula.id }),
    )
    .await;
    app.create_project(
        &admin,
        json!({ "key": "THEIRS", "name": "Theirs", "project_manager": jonas.id }),
    )
    .await;
    let keys = |list: Value| -> Vec<String> {
        list.as_array()
            .expect("list")
            .iter()
            .map(|p| p["key"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        keys(paula.caller.get_json("/api/v1/projects").await),
        ["MINE"]
    );
    assert_eq!(
        keys(jonas.caller.get_json("/api/v1/projects").await),
        ["THEIRS"]
    );
    assert_eq!(
        keys(admin.get_json("/api/v1/projects").await),
        ["MINE", "THEIRS"]
    );

    let hidden = send(paula.caller.get("/api/v1/projects/THEIRS")).await;
    let missing = send(paula.caller.get("/api/v1/projects/NOSUCH")).await;
    assert_eq!(
        hidden.0, 404,
        "a project you may not see does not exist for you"
    );
    assert_eq!(hidden, missing);
    assert_eq!(
        send(paula.caller.get("/api/v1/projects/THEIRS/members"))
            .await
            .0,
        404
    );

    // A staff member who creates a project joins it.
    let own = app
        .create_project(&paula.caller, json!({ "key": "OWN", "name": "Own" }))
        .await;
    assert_eq!(own["my_roles"], json!(["member"]));
    assert_eq!(
        keys(paula.caller.get_json("/api/v1/projects").await),
        ["MINE", "OWN"]
    );
}

async fn client_users_see_only_their_clients_projects_without_internal_fields(app: TestApp) {
    let Agency { admin, paula, .. } = agency(&app).await;
    let acme = app.create_client(&admin, "Acme").await;
    let globex = app.create_client(&admin, "Globex").await;
    let carl = app.client_contact(&admin, "carl@acme.example", acme).await;
    let budget = json!({ "amount": 5000, "currency": "EUR" });
    for (key, client) in [("ACME", acme), ("ACME2", acme), ("GLOBEX", globex)] {
        app.create_project(
            &admin,
            json!({ "key": key, "name": key, "client_id": client, "product_manager": paula.id, "budget": budget }),
        )
        .await;
    }
    for key in ["ACME", "GLOBEX"] {
        admin
            .expect_json(
                admin
                    .post(&format!("/api/v1/projects/{key}/members"))
                    .json(&json!({ "user": carl.id, "role": "client" })),
                201,
            )
            .await;
    }

    let own = carl.caller.get_json("/api/v1/projects/ACME").await;
    assert!(
        own.get("budget").is_none(),
        "internal fields are absent, not null: {own}"
    );
    assert!(admin.get_json("/api/v1/projects/ACME").await["budget"].is_object());
    let listed = carl.caller.get_json("/api/v1/projects").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["key"], "ACME");
    assert!(listed[0].get("budget").is_none());

    let missing = send(carl.caller.get("/api/v1/projects/NOSUCH")).await;
    for key in ["GLOBEX", "ACME2"] {
        let hidden = send(carl.caller.get(&format!("/api/v1/projects/{key}"))).await;
        assert_eq!(hidden, missing, "{key} must look like it does not exist");
    }
    let change = carl
        .caller
        .patch("/api/v1/projects/ACME")
        .header("if-match", "\"2\"")
        .json(&json!({ "name": "Mine now" }));
    assert_eq!(send(change).await.0, 403);
    assert_eq!(
        send(
            carl.caller
                .post("/api/v1/projects")
                .json(&json!({ "key": "NEW", "name": "New" }))
        )
        .await
        .0,
        403
    );
    assert_eq!(send(carl.caller.get("/api/v1/clients")).await.0, 403);
}

async fn patch_needs_the_version_it_changes(app: TestApp) {
    let Agency {
        admin,
        paula,
        jonas,
    } = agency(&app).await;
    app.create_project(
        &admin,
        json!({ "key": "ACME", "name": "Acme", "product_manager": paula.id, "project_manager": jonas.id,
                "start_date": "2026-01-01", "target_launch_date": "2026-03-01" }),
    )
    .await;
    let pm = &jonas.caller;
    let read = pm.get("/api/v1/projects/ACME").send().await.expect("read");
    let etag = etag_of(&read);
    assert_eq!(etag, "\"1\"");

    let updated = pm
        .patch("/api/v1/projects/ACME")
        .header("if-match", &etag)
        .json(&json!({ "name": "Acme relaunch", "target_launch_date": null }))
        .send()
        .await
        .expect("patch");
    assert_eq!(updated.status(), 200);
    assert_eq!(etag_of(&updated), "\"2\"");
    let body: Value = updated.json().await.expect("project");
    assert_eq!(body["name"], "Acme relaunch");
    assert!(body["target_launch_date"].is_null(), "null clears a field");

    let stale = pm
        .patch("/api/v1/projects/ACME")
        .header("if-match", &etag)
        .json(&json!({ "name": "Lost update" }));
    let (status, refused) = send(stale).await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&refused, "version_conflict")["current_version"],
        2
    );

    let missing = pm
        .patch("/api/v1/projects/ACME")
        .json(&json!({ "name": "Blind write" }));
    let (status, refused) = send(missing).await;
    assert_eq!(status, 428);
    assert_error(&refused, "precondition_required");

    let garbled = pm
        .patch("/api/v1/projects/ACME")
        .header("if-match", "\"two\"")
        .json(&json!({ "name": "Garbled" }));
    assert_eq!(send(garbled).await.0, 400);

    let backwards = pm
        .patch("/api/v1/projects/ACME")
        .header("if-match", "\"2\"")
        .json(&json!({ "target_launch_date": "2025-01-01" }));
    let (status, refused) = send(backwards).await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "target_launch_date"
    );

    let now = pm.get_json("/api/v1/projects/ACME").await;
    assert_eq!(
        (now["name"].as_str(), now["version"].as_i64()),
        (Some("Acme relaunch"), Some(2))
    );

    let by_body = pm
        .patch("/api/v1/projects/ACME")
        .json(&json!({ "description": "body version", "version": 2 }));
    assert_eq!(send(by_body).await.0, 200);

    let mia = app.member(&admin, "mia@example.com").await;
    pm.expect_json(
        pm.post("/api/v1/projects/ACME/members")
            .json(&json!({ "user": mia.id, "role": "member" })),
        201,
    )
    .await;
    let not_a_manager = mia
        .caller
        .patch("/api/v1/projects/ACME")
        .json(&json!({ "name": "Mine", "version": 4 }));
    assert_eq!(send(not_a_manager).await.0, 403);
}

async fn concurrent_patches_of_one_version_let_exactly_one_win(app: TestApp) {
    let Agency { admin, .. } = agency(&app).await;
    app.create_project(&admin, json!({ "key": "RACE", "name": "Race" }))
        .await;
    let writers = (0..8).map(|n| {
        let admin = admin.clone();
        tokio::spawn(async move {
            send(
                admin
                    .patch("/api/v1/projects/RACE")
                    .header("if-match", "\"1\"")
                    .json(&json!({ "name": format!("Writer {n}") })),
            )
            .await
            .0
        })
    });
    let mut statuses = Vec::new();
    for writer in writers {
        statuses.push(writer.await.expect("writer"));
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412, 412, 412, 412, 412, 412, 412]);
    let project = admin.get_json("/api/v1/projects/RACE").await;
    assert_eq!(project["version"], 2);
}

async fn members_are_added_replaced_and_removed(app: TestApp) {
    let Agency {
        admin,
        paula,
        jonas,
    } = agency(&app).await;
    let omar = app.member(&admin, "omar@example.com").await;
    let mia = app.member(&admin, "mia@example.com").await;
    let client_id = app.create_client(&admin, "Acme").await;
    let carl = app
        .client_contact(&admin, "carl@acme.example", client_id)
        .await;
    let created = app
        .create_project(
            &admin,
            json!({ "key": "ACME", "name": "Acme", "client_id": client_id,
                    "product_manager": paula.id, "project_manager": jonas.id }),
        )
        .await;
    let pm = &jonas.caller;
    let add = |user: Value, role: &str| {
        pm.post("/api/v1/projects/ACME/members")
            .json(&json!({ "user": user, "role": role }))
    };

    let added = pm.expect_json(add(json!(mia.email), "member"), 201).await;
    assert_eq!(
        (added["user_id"].as_i64(), added["role"].as_str()),
        (Some(mia.id), Some("member"))
    );
    let duplicate = pm.expect_json(add(json!(mia.id), "member"), 409).await;
    assert_error(&duplicate, "duplicate");
    pm.expect_json(add(json!(carl.id), "client"), 201).await;

    let refusals = [
        (add(json!(mia.id), "owner"), "role"),
        (add(json!(carl.id), "member"), "role"),
        (add(json!(omar.id), "client"), "role"),
        (add(json!(carl.id), "product_manager"), "user"),
        (add(json!("ghost@example.com"), "member"), "user"),
    ];
    for (request, field) in refusals {
        let refused = pm.expect_json(request, 422).await;
        assert_eq!(assert_error(&refused, "validation_failed")["field"], field);
    }

    // Naming a product manager replaces the current one.
    pm.expect_json(add(json!(omar.id), "product_manager"), 201)
        .await;
    let project = pm.get_json("/api/v1/projects/ACME").await;
    assert_eq!(project["product_manager"]["id"], omar.id);
    assert!(
        project["version"].as_i64() > created["version"].as_i64(),
        "member changes bump the version"
    );
    let members = pm.get_json("/api/v1/projects/ACME/members").await;
    let holds = |user: i64, role: &str| {
        members
            .as_array()
            .expect("members")
            .iter()
            .any(|m| m["user_id"] == user && m["role"] == role)
    };
    assert!(holds(omar.id, "product_manager") && !holds(paula.id, "product_manager"));

    let by_member = mia
        .caller
        .post("/api/v1/projects/ACME/members")
        .json(&json!({ "user": paula.id, "role": "viewer" }));
    assert_eq!(
        send(by_member).await.0,
        403,
        "plain members do not manage membership"
    );

    let remove = format!(
        "/api/v1/projects/ACME/members/{}?role=project_manager",
        jonas.id
    );
    assert_eq!(send(admin.delete(&remove)).await.0, 204);
    let project = admin.get_json("/api/v1/projects/ACME").await;
    assert_eq!(project["role_gaps"], json!(["missing_project_manager"]));
    assert_eq!(send(admin.delete(&remove)).await.0, 404);
    let bad_role = format!("/api/v1/projects/ACME/members/{}?role=boss", mia.id);
    assert_eq!(send(admin.delete(&bad_role)).await.0, 422);
    let everything = format!("/api/v1/projects/ACME/members/{}", mia.id);
    assert_eq!(send(admin.delete(&everything)).await.0, 204);
    assert_eq!(
        send(mia.caller.get("/api/v1/projects/ACME")).await.0,
        404,
        "removed members lose sight"
    );
}

async fn archived_projects_leave_the_default_list(app: TestApp) {
    let Agency { admin, .. } = agency(&app).await;
    app.create_project(&admin, json!({ "key": "OLD", "name": "Old" }))
        .await;
    app.create_project(&admin, json!({ "key": "NEW", "name": "New" }))
        .await;
    let missing = send(admin.post("/api/v1/projects/OLD/archive")).await;
    assert_eq!(missing.0, 428);
    let archived = admin
        .expect_json(
            admin
                .post("/api/v1/projects/OLD/archive")
                .header("if-match", "\"1\""),
            200,
        )
        .await;
    assert_eq!(archived["archived"], true);
    let keys = |list: Value| {
        list.as_array()
            .map(|l| l.iter().map(|p| p["key"].clone()).collect::<Vec<_>>())
    };
    assert_eq!(
        keys(admin.get_json("/api/v1/projects").await),
        Some(vec![json!("NEW")])
    );
    assert_eq!(
        keys(
            admin
                .get_json("/api/v1/projects?include_archived=true")
                .await
        ),
        Some(vec![json!("NEW"), json!("OLD")])
    );
    assert_eq!(
        admin.get_json("/api/v1/projects/OLD").await["archived"],
        true
    );
}
