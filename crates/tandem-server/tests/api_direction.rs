//! The product's direction over the API: vision board revisions and direction changes, OKR
//! grades, the decision log, workshops and their outcomes, the feedback inbox (team, client
//! contacts, integrations), releases with go/no-go — on SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, post_if, product_team, put_if};
use common::{TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    vision_edits_are_revisions_and_direction_changes_ask_for_a_decision,
    okr_grades_and_bands_follow_the_hand_worked_numbers,
    decisions_flag_overdue_open_ones_and_check_links,
    go_no_go_delay_moves_the_date_and_writes_a_decision,
    only_the_decider_records_go_no_go_and_checklists_save_with_versions,
    client_submits_feedback_sees_its_status_and_nothing_internal,
    integrations_submit_feedback_with_an_api_token,
    bulk_triage_is_all_or_nothing,
    workshops_produce_artefacts_that_remember_their_origin,
    descope_moves_features_out_and_milestones_follow_a_delay,
    decisions_are_edited_on_their_web_page_with_the_version_read,
    the_go_no_go_template_is_replaced_with_the_version_read,
    workshops_are_edited_on_their_web_page_with_the_version_read,
    a_participant_who_left_the_project_stays_on_the_workshop,
);

/// Two people editing the project's go/no-go template never overwrite each other: it is
/// replaced only with If-Match at the version read (`"0"` for the default), and records
/// opened afterwards start from it.
async fn the_go_no_go_template_is_replaced_with_the_version_read(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let path = "/api/v1/projects/SHOP/go-no-go-template";
    let response = pm.get(path).send().await.expect("template");
    assert_eq!(response.headers()["etag"], "\"0\"");
    let default: Value = response.json().await.expect("JSON");
    assert_eq!(default.as_array().map(Vec::len), Some(7));

    let ours = json!([
        { "area": "quality", "text": "QA sign-off" },
        { "area": "customer", "text": "Release notes sent to Northwind" },
    ]);
    let (status, body) = send(pm.request(reqwest::Method::PUT, path).json(&ours)).await;
    assert_eq!(status, 428, "{body}");
    let saved = pm
        .request(reqwest::Method::PUT, path)
        .header("if-match", "\"0\"")
        .json(&ours)
        .send()
        .await
        .expect("saved");
    assert_eq!(saved.status(), 200);
    assert_eq!(saved.headers()["etag"], "\"1\"");
    // Someone who read the default before that save is refused, and nothing changes.
    let (status, body) = send(put_if(pm, path, 0).json(&json!([
        { "area": "operations", "text": "Rollback plan" },
    ])))
    .await;
    assert_eq!(status, 412, "{body}");
    let (status, body) = send(put_if(pm, path, 1).json(&json!([]))).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "criteria"
    );
    let now = pm.get_json(path).await;
    assert_eq!(now[1]["text"], "Release notes sent to Northwind");

    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases")
                .json(&json!({ "name": "2.1", "target_date": "2027-04-01" })),
            201,
        )
        .await;
    let record = pm
        .get_json(&format!(
            "/api/v1/projects/SHOP/releases/{}/go-no-go",
            release["id"]
        ))
        .await;
    assert_eq!(record["total"], 2, "{record}");
}

fn version_of(body: &Value) -> i64 {
    body["version"].as_i64().expect("a version")
}

async fn vision_edits_are_revisions_and_direction_changes_ask_for_a_decision(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let empty = pm.get_json("/api/v1/projects/SHOP/vision").await;
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["direction_change_pending"], false);

    // A write without If-Match is refused; the first save expects version 0.
    let (status, body) = send(
        pm.request(reqwest::Method::PUT, "/api/v1/projects/SHOP/vision")
            .json(&json!({ "vision": "x" })),
    )
    .await;
    assert_eq!(status, 428, "{body}");
    let first = pm
        .expect_json(
            put_if(pm, "/api/v1/projects/SHOP/vision", 0).json(&json!({
                "vision": "Groceries in two taps",
                "target_group": "Busy parents\nin cities",
                "needs": "Less time shopping",
                "product": "Mobile shop",
                "business_goals": "Grow online revenue 30 %",
            })),
            200,
        )
        .await;
    assert_eq!(first["version"], 1);
    assert_eq!(
        first["direction_change_pending"], false,
        "filling an empty board is not a change of direction"
    );

    // Changing only the needs: a revision, no direction change.
    let second = pm
        .expect_json(
            put_if(pm, "/api/v1/projects/SHOP/vision", 1)
                .json(&json!({ "needs": "Less time shopping\nFresh food" })),
            200,
        )
        .await;
    assert_eq!(second["target_group"], "Busy parents\nin cities", "kept");
    assert_eq!(second["direction_change_pending"], false);

    // A stale version is 412 and changes nothing.
    let (status, body) =
        send(put_if(pm, "/api/v1/projects/SHOP/vision", 1).json(&json!({ "vision": "Other" })))
            .await;
    assert_eq!(status, 412);
    assert_eq!(
        assert_error(&body, "version_conflict")["current_version"],
        2
    );

    // Changing the target group is a direction change that asks for a decision.
    let third = pm
        .expect_json(
            put_if(pm, "/api/v1/projects/SHOP/vision", 2)
                .json(&json!({ "target_group": "Small shops\nin cities", "visibility": "shared" })),
            200,
        )
        .await;
    assert_eq!(third["direction_change_pending"], true);
    let pending = third["pending_revision_ids"][0].as_i64().expect("pending");

    let revisions = pm.get_json("/api/v1/projects/SHOP/vision/revisions").await;
    assert_eq!(revisions.as_array().map(Vec::len), Some(3));
    let newest = &revisions[0];
    assert_eq!(newest["id"], pending);
    assert_eq!(newest["needs_decision"], true);
    assert_eq!(newest["changes"][0]["field"], "target_group");
    assert_eq!(
        newest["changes"][0]["lines"],
        json!([
            { "change": "removed", "text": "Busy parents" },
            { "change": "added", "text": "Small shops" },
            { "change": "same", "text": "in cities" },
        ])
    );

    // Recording the decision that covers it clears the flag.
    let decision = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
                "title": "Serve small shops first",
                "status": "accepted",
                "decider": paula.id,
                "rationale": "Interviews: shops feel the pain most",
                "links": [{ "kind": "vision_revision", "id": pending }],
            })),
            201,
        )
        .await;
    assert_eq!(decision["links"][0]["kind"], "vision_revision");
    let board = pm.get_json("/api/v1/projects/SHOP/vision").await;
    assert_eq!(board["direction_change_pending"], false);
    let revisions = pm.get_json("/api/v1/projects/SHOP/vision/revisions").await;
    assert_eq!(revisions[0]["decision_id"], decision["id"]);

    // The client sees the shared board, not the revisions or internal decisions.
    let seen = clara.caller.get_json("/api/v1/projects/SHOP/vision").await;
    assert_eq!(seen["vision"], "Groceries in two taps");
    let (status, _) = send(clara.caller.get("/api/v1/projects/SHOP/vision/revisions")).await;
    assert_eq!(status, 404);
    let (status, _) = send(clara.caller.get(&format!(
        "/api/v1/projects/SHOP/decisions/{}",
        decision["id"]
    )))
    .await;
    assert_eq!(status, 404);
}

async fn okr_grades_and_bands_follow_the_hand_worked_numbers(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let objective = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/goals").json(&json!({
                "title": "Make mobile checkout effortless",
                "due_on": "2026-12-31",
                "key_results": [
                    { "metric": "Mobile conversion", "unit": "%", "baseline": 2, "target": 5, "current": 4.1 },
                    { "metric": "Cart abandonment", "unit": "%", "baseline": 10, "target": 6, "current": 8 },
                    { "metric": "Checkout steps", "baseline": 7, "target": 3, "current": 7 },
                ],
            })),
            201,
        )
        .await;
    let krs = &objective["key_results"];
    assert!((krs[0]["grade"].as_f64().unwrap() - 0.7).abs() < 1e-9);
    assert_eq!(krs[0]["band"], "green");
    assert!((krs[1]["grade"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(krs[1]["band"], "yellow");
    assert_eq!(krs[2]["grade"], 0.0);
    assert_eq!(krs[2]["band"], "red");
    // (0.7 + 0.5 + 0) / 3 = 0.4
    assert!((objective["grade"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    assert_eq!(objective["band"], "yellow");

    // Recording progress replaces the key results; a stale version is refused.
    let id = objective["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/SHOP/goals/{id}");
    let body = json!({
        "title": "Make mobile checkout effortless",
        "key_results": [
            { "metric": "Mobile conversion", "unit": "%", "baseline": 2, "target": 5, "current": 5.5 },
        ],
    });
    let updated = pm
        .expect_json(put_if(pm, &path, version_of(&objective)).json(&body), 200)
        .await;
    assert_eq!(updated["grade"], 1.0);
    assert_eq!(updated["band"], "green");
    let (status, _) = send(put_if(pm, &path, version_of(&objective)).json(&body)).await;
    assert_eq!(status, 412);
    let listed = pm.get_json("/api/v1/projects/SHOP/goals").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

async fn decisions_flag_overdue_open_ones_and_check_links(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let overdue = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
                "title": "Payment provider",
                "context": "Two offers on the table",
                "options": ["Stripe", "Adyen"],
                "due_on": "2020-01-31",
                "consulted": [mei.email],
            })),
            201,
        )
        .await;
    assert_eq!(overdue["overdue"], true);
    assert_eq!(overdue["status"], "proposed");
    assert_eq!(overdue["consulted"], json!([mei.id]));
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
            "title": "Launch in Germany first", "status": "accepted", "decider": "paula@example.com",
            "due_on": "2020-01-01", "visibility": "shared",
        })),
        201,
    )
    .await;
    let listed = pm
        .get_json("/api/v1/projects/SHOP/decisions?overdue=true")
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["title"], "Payment provider");

    // A decided record needs its one decider; links must point into the project.
    let (status, body) = send(
        pm.post("/api/v1/projects/SHOP/decisions")
            .json(&json!({ "title": "No decider", "status": "accepted" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "decider");
    let (status, body) = send(
        pm.post("/api/v1/projects/SHOP/decisions")
            .json(&json!({ "title": "Bad link", "links": [{ "kind": "release", "id": 999 }] })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "links");

    // Deciding the open one: replace with If-Match.
    let path = format!("/api/v1/projects/SHOP/decisions/{}", overdue["id"]);
    let decided = pm
        .expect_json(
            put_if(pm, &path, version_of(&overdue)).json(&json!({
                "title": "Payment provider", "status": "accepted", "decider": paula.id,
                "options": ["Stripe", "Adyen"], "decision": "Stripe",
                "rationale": "Faster onboarding", "due_on": "2020-01-31",
                "consequences": { "cost": "1.4 % per transaction" },
            })),
            200,
        )
        .await;
    assert_eq!(decided["overdue"], false);
    assert_eq!(decided["consequences"]["cost"], "1.4 % per transaction");
    assert!(decided["decided_on"].is_string(), "accepted today");

    // The client sees only the shared decision; members cannot be consulted from outside.
    let seen = clara
        .caller
        .get_json("/api/v1/projects/SHOP/decisions")
        .await;
    assert_eq!(seen.as_array().map(Vec::len), Some(1));
    assert_eq!(seen[0]["title"], "Launch in Germany first");
    let (status, _) = send(
        clara
            .caller
            .post("/api/v1/projects/SHOP/decisions")
            .json(&json!({ "title": "Client decides" })),
    )
    .await;
    assert_eq!(status, 403);
}

async fn go_no_go_delay_moves_the_date_and_writes_a_decision(app: TestApp) {
    use tandem_core::work::{ItemType, StatusCategory};
    use tandem_store::{FeatureFields, NewFeature, NewItem};

    let ProductTeam {
        paula, clara, mei, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases").json(&json!({
                "name": "1.0 Launch", "target_date": "2026-12-01", "visibility": "shared",
            })),
            201,
        )
        .await;
    let id = release["id"].as_i64().unwrap();
    // Delivery work: dated tasks of a feature in the release (one open, one done) and of a
    // feature outside it.
    let project = app.store.project_by_key("SHOP").await.unwrap();
    app.store.ensure_workflow(project.id).await.unwrap();
    let task_of = |feature: i64, title: &str, due: &str| {
        let mut item = NewItem::new(project.id, ItemType::Task, title);
        item.feature_id = Some(feature);
        item.due_date = Some(due.to_owned());
        item
    };
    let mut features = Vec::new();
    for (title, release_id) in [("Checkout", Some(id)), ("Gift cards", None)] {
        let mut fields = FeatureFields::idea(title);
        fields.release_id = release_id;
        let new = NewFeature {
            project_id: project.id,
            created_by: Some(paula.id),
            fields,
            persona_ids: Vec::new(),
            hypothesis_ids: Vec::new(),
        };
        features.push(app.store.create_feature(&new).await.unwrap().id);
    }
    let mut assigned = task_of(features[0], "Payment form", "2026-11-20");
    assigned.assignee_id = Some(mei.id);
    let open = app.store.create_item(&assigned).await.unwrap();
    let done = app
        .store
        .create_item(&task_of(features[0], "Checkout design", "2026-11-01"))
        .await
        .unwrap();
    common::delivery::move_to(&app, project.id, done.id, StatusCategory::Done).await;
    let outside = app
        .store
        .create_item(&task_of(features[1], "Gift card API", "2026-11-25"))
        .await
        .unwrap();
    let record = pm
        .get_json(&format!("/api/v1/projects/SHOP/releases/{id}/go-no-go"))
        .await;
    assert_eq!(record["version"], 0);
    assert_eq!(
        record["decider_id"], paula.id,
        "the product manager decides"
    );
    assert_eq!(record["total"], 7);
    let path = format!("/api/v1/projects/SHOP/releases/{id}/go-no-go");

    // A delay needs a later date and a rationale; a stale release version is refused.
    let (status, body) = send(
        post_if(pm, &path, 1).json(&json!({ "outcome": "delay", "rationale": "QA not done" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "date");
    let (status, _) = send(
        post_if(pm, &path, 7)
            .json(&json!({ "outcome": "delay", "date": "2026-12-15", "rationale": "QA not done" })),
    )
    .await;
    assert_eq!(status, 412);

    let decided = pm
        .expect_json(
            post_if(pm, &path, 1).json(&json!({
                "outcome": "delay", "date": "2026-12-15",
                "rationale": "QA sign-off missing; two blocking bugs open",
            })),
            200,
        )
        .await;
    assert_eq!(decided["release"]["target_date"], "2026-12-15");
    assert_eq!(decided["release"]["outcome"], "delay");
    assert_eq!(decided["go_no_go"]["outcome"], "delay");
    assert_eq!(decided["go_no_go"]["new_date"], "2026-12-15");
    let decision_id = decided["decision_id"].as_i64().unwrap();
    assert_eq!(decided["go_no_go"]["decision_id"], decision_id);

    // The delivery side follows: the open task of the release moves by the release's 14 days,
    // with a history event by the decider; done work and other releases' work stay.
    assert_eq!(
        decided["moved_items"],
        json!([{
            "item_id": open.id,
            "item_key": open.key,
            "assignee_id": mei.id,
            "from": "2026-11-20",
            "to": "2026-12-04"
        }])
    );
    for (item, due) in [
        (open.id, "2026-12-04"),
        (done.id, "2026-11-01"),
        (outside.id, "2026-11-25"),
    ] {
        let item = app.store.item(item).await.unwrap();
        assert_eq!(item.due_date.as_deref(), Some(due), "{}", item.title);
    }
    // Mei, whose task moved, is told; Paula, who decided, is not.
    let told = mei.caller.get_json("/api/v1/notifications").await;
    let moved: Vec<&Value> = told
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "due_date_moved")
        .collect();
    assert_eq!(moved.len(), 1, "{told}");
    assert_eq!(
        moved[0]["text"],
        format!(
            "paula delayed 1.0 Launch to 2026-12-15; your items' due dates moved with it: {} now 2026-12-04.",
            open.key
        )
    );
    assert_eq!(moved[0]["link"], format!("/projects/SHOP/releases/{id}"));
    let own = pm.get_json("/api/v1/notifications").await;
    assert!(
        own.as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "due_date_moved"),
        "{own}"
    );
    let history = pm
        .get_json(&format!("/api/v1/items/{}/history", open.key))
        .await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "field_changed");
    assert_eq!(last["field"], "due_date");
    assert_eq!(last["old_value"], "2026-11-20");
    assert_eq!(last["new_value"], "2026-12-04");
    assert_eq!(last["actor"]["id"], paula.id);

    let decision = pm
        .get_json(&format!("/api/v1/projects/SHOP/decisions/{decision_id}"))
        .await;
    assert_eq!(decision["status"], "accepted");
    assert_eq!(decision["decider_id"], paula.id);
    assert_eq!(
        decision["rationale"],
        "QA sign-off missing; two blocking bugs open"
    );
    assert_eq!(
        decision["links"],
        json!([{ "kind": "item", "id": open.id }, { "kind": "release", "id": id }]),
        "the record names the items it moved"
    );
    assert_eq!(decision["visibility"], "shared", "as the release");
    assert!(
        decision["decision"]
            .as_str()
            .unwrap()
            .contains("from 2026-12-01 to 2026-12-15")
    );
    let release = pm
        .get_json(&format!("/api/v1/projects/SHOP/releases/{id}"))
        .await;
    assert_eq!(release["target_date"], "2026-12-15");

    // The client sees the shared release timeline with the new date.
    let timeline = clara
        .caller
        .get_json("/api/v1/projects/SHOP/roadmap/releases")
        .await;
    assert_eq!(timeline[0]["target_date"], "2026-12-15");

    // Then go: the release is approved.
    let go = pm
        .expect_json(
            post_if(pm, &path, version_of(&release))
                .json(&json!({ "outcome": "go", "rationale": "All criteria met" })),
            200,
        )
        .await;
    assert_eq!(go["release"]["status"], "approved");
    let log = pm.get_json("/api/v1/projects/SHOP/decisions").await;
    assert_eq!(log.as_array().map(Vec::len), Some(2));
}

async fn only_the_decider_records_go_no_go_and_checklists_save_with_versions(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases")
                .json(&json!({ "name": "2.0", "target_date": "2027-03-01" })),
            201,
        )
        .await;
    let id = release["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/SHOP/releases/{id}/go-no-go");
    let (status, _) =
        send(post_if(&mei.caller, &path, 1).json(&json!({ "outcome": "go", "rationale": "ok" })))
            .await;
    assert_eq!(status, 403, "a team member is not the decider");

    let criteria = json!([
        { "area": "quality", "text": "QA sign-off", "met": true, "evidence": "https://ci.example/run/42", "owner_id": mei.id },
        { "area": "operations", "text": "Rollback plan", "met": false },
    ]);
    let saved = pm
        .expect_json(
            put_if(pm, &path, 0).json(&json!({ "criteria": criteria, "decider_id": mei.id })),
            200,
        )
        .await;
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["met"], 1);
    assert_eq!(saved["decider_id"], mei.id);
    let (status, _) = send(put_if(pm, &path, 0).json(&json!({ "criteria": criteria }))).await;
    assert_eq!(
        status, 412,
        "the first save cannot be repeated from version 0"
    );

    // Now Mei is the named decider.
    mei.caller
        .expect_json(
            post_if(&mei.caller, &path, 1).json(&json!({ "outcome": "go", "rationale": "ok" })),
            200,
        )
        .await;
    // Internal release: the client sees nothing of it.
    let (status, _) = send(clara.caller.get(&path)).await;
    assert_eq!(status, 404);
    let listed = clara
        .caller
        .get_json("/api/v1/projects/SHOP/releases")
        .await;
    assert_eq!(listed, json!([]));
}

async fn client_submits_feedback_sees_its_status_and_nothing_internal(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/feedback")
            .json(&json!({ "text": "Internal note from support", "source": "support", "importance": "critical" })),
        201,
    )
    .await;
    let mine = clara
        .caller
        .expect_json(
            clara.caller.post("/api/v1/projects/SHOP/feedback").json(&json!({
                "text": "Checkout asks for my address twice", "source": "support", "importance": "critical",
            })),
            201,
        )
        .await;
    assert_eq!(
        mine["source"], "client",
        "client contacts always submit as client"
    );
    assert_eq!(mine["contact"], "clara");
    assert_eq!(mine["status"], "new");
    assert_eq!(mine["weight"], 9);
    assert!(
        mine.get("feature_ids").is_none(),
        "internal links are absent"
    );

    // The client lists only their own feedback.
    let listed = clara
        .caller
        .get_json("/api/v1/projects/SHOP/feedback")
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    // The team triages it; the client sees the new status.
    let path = format!("/api/v1/projects/SHOP/feedback/{}", mine["id"]);
    let triaged = pm
        .expect_json(
            pm.patch(&path)
                .header("if-match", format!("\"{}\"", mine["version"]))
                .json(&json!({ "status": "triaged" })),
            200,
        )
        .await;
    assert_eq!(triaged["status"], "triaged");
    let (status, _) = send(
        pm.patch(&path)
            .header("if-match", format!("\"{}\"", mine["version"]))
            .json(&json!({ "status": "archived" })),
    )
    .await;
    assert_eq!(status, 412);
    let seen = clara.caller.get_json(&path).await;
    assert_eq!(seen["status"], "triaged");

    // The staff member's feedback, internal goals and workshops answer 404 to the client.
    let all = pm.get_json("/api/v1/projects/SHOP/feedback").await;
    let other = all
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == "support")
        .unwrap()["id"]
        .clone();
    let (status, _) = send(
        clara
            .caller
            .get(&format!("/api/v1/projects/SHOP/feedback/{other}")),
    )
    .await;
    assert_eq!(status, 404);
    let goal = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/goals")
                .json(&json!({ "title": "Internal goal" })),
            201,
        )
        .await;
    let (status, _) = send(
        clara
            .caller
            .get(&format!("/api/v1/projects/SHOP/goals/{}", goal["id"])),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        clara.caller.get_json("/api/v1/projects/SHOP/goals").await,
        json!([])
    );
    let (status, _) = send(clara.caller.get("/api/v1/projects/SHOP/vision")).await;
    assert_eq!(status, 404, "the board is internal until shared");
    // A client contact cannot triage.
    let (status, _) = send(
        clara
            .caller
            .patch(&path)
            .header("if-match", "\"2\"")
            .json(&json!({ "status": "archived" })),
    )
    .await;
    assert_eq!(status, 403);
}

async fn integrations_submit_feedback_with_an_api_token(app: TestApp) {
    let ProductTeam { mei, .. } = product_team(&app).await;
    let created = mei
        .caller
        .expect_json(
            mei.caller
                .post("/api/v1/tokens")
                .json(&json!({ "name": "helpdesk" })),
            201,
        )
        .await;
    let token = created["token"].as_str().unwrap();
    let helpdesk = app.bearer(token);
    let posted = helpdesk
        .expect_json(
            helpdesk
                .post("/api/v1/projects/SHOP/feedback")
                .json(&json!({
                    "text": "Ticket #4711: coupon field hidden on mobile",
                    "source": "support", "contact": "ticket 4711", "importance": "important",
                })),
            201,
        )
        .await;
    assert_eq!(posted["source"], "support");
    assert_eq!(posted["weight"], 3);
    let (status, body) = send(
        helpdesk
            .post("/api/v1/projects/SHOP/feedback")
            .json(&json!({ "text": "  " })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "text");
    let (status, _) = send(
        app.anonymous()
            .post("/api/v1/projects/SHOP/feedback")
            .json(&json!({ "text": "anonymous" })),
    )
    .await;
    assert_eq!(status, 401);
    let audit = app
        .store
        .list_audit(&tandem_store::AuditFilter {
            action_prefix: Some("feedback.".into()),
            limit: 10,
            after_id: None,
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
}

async fn bulk_triage_is_all_or_nothing(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let mut entries = Vec::new();
    for text in [
        "Dark mode please",
        "Search ignores typos",
        "Invoices as PDF",
    ] {
        let posted = pm
            .expect_json(
                pm.post("/api/v1/projects/SHOP/feedback")
                    .json(&json!({ "text": text, "source": "end_user" })),
                201,
            )
            .await;
        entries.push(json!({ "id": posted["id"], "version": posted["version"] }));
    }
    let mut stale = entries.clone();
    stale[2]["version"] = json!(9);
    let (status, _) = send(
        pm.post("/api/v1/projects/SHOP/feedback/triage")
            .json(&json!({ "feedback": stale, "status": "archived" })),
    )
    .await;
    assert_eq!(status, 412);
    let untouched = pm
        .get_json("/api/v1/projects/SHOP/feedback?status=new")
        .await;
    assert_eq!(
        untouched.as_array().map(Vec::len),
        Some(3),
        "nothing changed"
    );
    let changed = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/feedback/triage")
                .json(&json!({ "feedback": &entries[..2], "status": "triaged" })),
            200,
        )
        .await;
    assert_eq!(changed.as_array().map(Vec::len), Some(2));
    let triaged = pm
        .get_json("/api/v1/projects/SHOP/feedback?status=triaged")
        .await;
    assert_eq!(triaged.as_array().map(Vec::len), Some(2));
    let (status, body) = send(
        pm.post("/api/v1/projects/SHOP/feedback/triage")
            .json(&json!({ "feedback": entries, "status": "done" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "status");
}

async fn workshops_produce_artefacts_that_remember_their_origin(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let workshop = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/workshops").json(&json!({
                "title": "Vision workshop with Northwind",
                "kind": "vision", "held_on": "2026-11-20", "status": "held",
                "agenda": "1. Why\n2. Who", "notes": "## Findings\n- Shops want *speed*",
                "participants": [paula.id, mei.email, clara.id],
                "contacts": ["Dana Ruiz (Northwind marketing)"],
                "visibility": "shared",
            })),
            201,
        )
        .await;
    assert_eq!(workshop["participants"].as_array().map(Vec::len), Some(4));
    let id = workshop["id"].as_i64().unwrap();
    let outcomes = format!("/api/v1/projects/SHOP/workshops/{id}/outcomes");
    let decision = pm
        .expect_json(
            pm.post(&outcomes)
                .json(&json!({ "kind": "decision", "title": "Target small shops first" })),
            201,
        )
        .await;
    assert_eq!(decision["linked"], false);
    pm.expect_json(
        pm.post(&outcomes).json(
            &json!({ "kind": "feedback", "text": "Owners check stock on the phone", "importance": "critical" }),
        ),
        201,
    )
    .await;
    let goal = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/goals")
                .json(&json!({ "title": "Win 50 shops", "visibility": "shared" })),
            201,
        )
        .await;
    let linked = pm
        .expect_json(
            pm.post(&outcomes)
                .json(&json!({ "kind": "objective", "link_id": goal["id"] })),
            201,
        )
        .await;
    assert_eq!(linked["linked"], true);
    let (status, body) = send(
        pm.post(&outcomes)
            .json(&json!({ "kind": "budget", "title": "x" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "kind");

    let page = pm
        .get_json(&format!("/api/v1/projects/SHOP/workshops/{id}"))
        .await;
    let kinds: Vec<&str> = page["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["decision", "feedback", "objective"]);
    let decision = pm
        .get_json(&format!(
            "/api/v1/projects/SHOP/decisions/{}",
            decision["id"]
        ))
        .await;
    assert_eq!(decision["workshop_id"], id);

    // The client took part in the shared workshop: they see it with the shared outcome only.
    let seen = clara
        .caller
        .get_json(&format!("/api/v1/projects/SHOP/workshops/{id}"))
        .await;
    assert_eq!(seen["outcomes"].as_array().map(Vec::len), Some(1));
    assert_eq!(seen["outcomes"][0]["kind"], "objective");
    // An internal workshop is invisible to them.
    let internal = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/workshops").json(&json!({
                "title": "Team retro", "kind": "retrospective", "participants": [clara.id],
            })),
            201,
        )
        .await;
    let (status, _) = send(clara.caller.get(&format!(
        "/api/v1/projects/SHOP/workshops/{}",
        internal["id"]
    )))
    .await;
    assert_eq!(status, 404);
    let listed = clara
        .caller
        .get_json("/api/v1/projects/SHOP/workshops")
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

async fn descope_moves_features_out_and_milestones_follow_a_delay(app: TestApp) {
    use tandem_core::product::moscow::Moscow;
    use tandem_core::work::ItemType;
    use tandem_store::{FeatureFields, NewFeature, NewItem};

    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases").json(
                &json!({ "name": "1.0", "target_date": "2026-12-01", "visibility": "shared" }),
            ),
            201,
        )
        .await;
    let release_id = release["id"].as_i64().unwrap();
    let project = app.store.project_by_key("SHOP").await.unwrap();
    let mut ids = Vec::new();
    for (title, moscow, days, in_release) in [
        ("One-page checkout", Moscow::Must, 30.0, true),
        ("Saved baskets", Moscow::Should, 10.0, true),
        ("Gift cards", Moscow::Could, 5.0, false),
    ] {
        let mut fields = FeatureFields::idea(title);
        fields.moscow = Some(moscow);
        fields.estimate_days = Some(days);
        fields.release_id = in_release.then_some(release_id);
        let feature = app
            .store
            .create_feature(&NewFeature {
                project_id: project.id,
                created_by: Some(paula.id),
                fields,
                persona_ids: Vec::new(),
                hypothesis_ids: Vec::new(),
            })
            .await
            .unwrap();
        ids.push(feature.id);
    }
    app.store.ensure_workflow(project.id).await.unwrap();
    let mut milestone = NewItem::new(project.id, ItemType::Milestone, "Checkout live");
    milestone.feature_id = Some(ids[0]);
    milestone.due_date = Some("2026-12-01".into());
    let milestone = app.store.create_item(&milestone).await.unwrap();
    let mut basket_task = NewItem::new(project.id, ItemType::Task, "Basket storage");
    basket_task.feature_id = Some(ids[1]);
    let basket_task = app.store.create_item(&basket_task).await.unwrap();

    // Feedback tied to the must-have weighs on it.
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/feedback").json(&json!({
            "text": "Checkout takes too long", "importance": "critical", "feature_ids": [ids[0]],
        })),
        201,
    )
    .await;
    let scope = pm
        .get_json(&format!(
            "/api/v1/projects/SHOP/releases/{release_id}/scope"
        ))
        .await;
    assert_eq!(scope["total"], 2);
    assert_eq!(scope["must_share"]["share"], 0.75);
    assert_eq!(scope["must_share"]["over_limit"], true);
    assert_eq!(
        scope["features"][0]["feedback"],
        json!({ "count": 1, "weight": 9 })
    );
    assert_eq!(scope["features"][0]["readiness"]["ready"], false);
    // Internal features are not in the client's view of the shared release.
    let seen = clara
        .caller
        .get_json(&format!(
            "/api/v1/projects/SHOP/releases/{release_id}/scope"
        ))
        .await;
    assert_eq!(seen["total"], 0);

    let path = format!("/api/v1/projects/SHOP/releases/{release_id}/go-no-go");
    let (status, body) = send(
        post_if(pm, &path, 1)
            .json(&json!({ "outcome": "descope", "features": [ids[2]], "rationale": "Too much" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "features"
    );
    let descoped = pm
        .expect_json(
            post_if(pm, &path, 1).json(&json!({
                "outcome": "descope", "features": [ids[1]],
                "rationale": "Saved baskets can follow in 1.1; the date matters more",
            })),
            200,
        )
        .await;
    assert_eq!(descoped["go_no_go"]["descoped"], json!([ids[1]]));
    assert_eq!(
        descoped["left_scope"],
        json!([basket_task.id]),
        "the feature's open work leaves the release with it"
    );
    let moved = app.store.feature(project.id, ids[1]).await.unwrap();
    assert_eq!(moved.fields.release_id, None);
    let decision = pm
        .get_json(&format!(
            "/api/v1/projects/SHOP/decisions/{}",
            descoped["decision_id"]
        ))
        .await;
    for link in [
        json!({ "kind": "feature", "id": ids[1] }),
        json!({ "kind": "item", "id": basket_task.id }),
    ] {
        assert!(
            decision["links"].as_array().unwrap().contains(&link),
            "{link}"
        );
    }

    // A delay of ten days moves the release's milestone by ten days.
    let version = descoped["release"]["version"].as_i64().unwrap();
    let delayed = pm
        .expect_json(
            post_if(pm, &path, version).json(
                &json!({ "outcome": "delay", "date": "2026-12-11", "rationale": "Payment review" }),
            ),
            200,
        )
        .await;
    assert_eq!(delayed["moved_items"][0]["item_id"], milestone.id);
    assert_eq!(delayed["moved_items"][0]["to"], "2026-12-11");
    let item = app.store.item(milestone.id).await.unwrap();
    assert_eq!(item.due_date.as_deref(), Some("2026-12-11"));

    // A feature created from a workshop remembers it.
    let workshop = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/workshops")
                .json(&json!({ "title": "Story mapping", "kind": "story_mapping" })),
            201,
        )
        .await;
    let created = pm
        .expect_json(
            pm.post(&format!(
                "/api/v1/projects/SHOP/workshops/{}/outcomes",
                workshop["id"]
            ))
            .json(&json!({ "kind": "feature", "title": "Reorder last basket" })),
            201,
        )
        .await;
    let feature = app
        .store
        .feature(project.id, created["id"].as_i64().unwrap())
        .await
        .unwrap();
    assert_eq!(feature.fields.workshop_id, workshop["id"].as_i64());
    assert_eq!(feature.fields.title, "Reorder last basket");
}

/// Posts a decision form of the web UI as the browser does, following the redirect.
async fn post_form(
    caller: &common::Caller,
    path: &str,
    fields: &[(&str, String)],
) -> (u16, String) {
    let mut form: Vec<(&str, String)> = fields.to_vec();
    form.push(("_csrf", caller.csrf_token().unwrap_or_default().to_owned()));
    let response = caller
        .post(path)
        .form(&form)
        .send()
        .await
        .expect("POST the form");
    let status = response.status().as_u16();
    (status, response.text().await.expect("page"))
}

async fn decisions_are_edited_on_their_web_page_with_the_version_read(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let consulted_mei = format!("consulted_{}", mei.id);

    // The log's form records consulted people, consequences and a revisit date.
    let (status, page) = post_form(
        pm,
        "/projects/SHOP/decisions",
        &[
            ("title", "Payment provider".to_owned()),
            ("status", "proposed".to_owned()),
            ("options", "Stripe\nAdyen".to_owned()),
            ("decider", String::new()),
            (&consulted_mei, "1".to_owned()),
            ("consequences_cost", "1.4 % per transaction".to_owned()),
            ("revisit_on", "2027-01-15".to_owned()),
            ("visibility", "internal".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Decision recorded in the log."), "{page}");
    let log = pm.get_json("/api/v1/projects/SHOP/decisions").await;
    let proposed = &log[0];
    assert_eq!(proposed["status"], "proposed");
    assert_eq!(proposed["consulted"], json!([mei.id]));
    assert_eq!(proposed["consequences"]["cost"], "1.4 % per transaction");
    assert_eq!(proposed["revisit_on"], "2027-01-15");
    let id = proposed["id"].as_i64().unwrap();
    let path = format!("/projects/SHOP/decisions/{id}");

    // Its page shows the edit form at the version read, Mei ticked.
    let html = pm.get_html(&path).await;
    assert!(html.contains("Edit decision"), "{html}");
    assert!(html.contains(r#"name="version" value="1""#), "{html}");
    assert!(
        html.contains(&format!(r#"name="consulted_{}" value="1" checked"#, mei.id)),
        "{html}"
    );

    // Accepting without a decider is refused by the same rule as the API.
    let accept = |decider: String, version: i64| {
        vec![
            ("title", "Payment provider".to_owned()),
            ("status", "accepted".to_owned()),
            ("options", "Stripe\nAdyen".to_owned()),
            ("decision", "Stripe".to_owned()),
            ("rationale", "Faster onboarding".to_owned()),
            ("decider", decider),
            (consulted_mei.as_str(), "1".to_owned()),
            ("consequences_cost", "1.4 % per transaction".to_owned()),
            ("revisit_on", "2027-01-15".to_owned()),
            ("visibility", "internal".to_owned()),
            ("version", version.to_string()),
        ]
    };
    let (status, page) = post_form(pm, &path, &accept(String::new(), 1)).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("names its one accountable decider"), "{page}");

    // Accepted through the web.
    let (status, page) = post_form(pm, &path, &accept(paula.id.to_string(), 1)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Decision saved."), "{page}");
    let accepted = pm
        .get_json(&format!("/api/v1/projects/SHOP/decisions/{id}"))
        .await;
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["decider_id"], paula.id);
    assert_eq!(accepted["decision"], "Stripe");
    assert_eq!(accepted["consulted"], json!([mei.id]));
    assert!(accepted["decided_on"].is_string(), "accepted today");
    assert_eq!(accepted["version"], 2);

    // A form loaded before that change is stale: the stored decision is shown again.
    let (status, page) = post_form(pm, &path, &accept(paula.id.to_string(), 1)).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("Someone changed this decision meanwhile"),
        "{page}"
    );
    assert!(page.contains(r#"name="version" value="2""#), "{page}");

    // The client contact sees no internal decision, and edits none.
    let seen = clara.caller.get(&path).send().await.expect("GET the page");
    assert_eq!(seen.status(), 404);
    let (status, _) = post_form(&clara.caller, &path, &accept(paula.id.to_string(), 2)).await;
    assert_eq!(status, 403);
}

/// After the meeting the team records status and notes on the workshop's page: the notes show
/// as Markdown (raw HTML escaped), a form loaded before someone else's change is refused with
/// the stored values, and a client contact who took part sees the workshop but edits nothing.
async fn workshops_are_edited_on_their_web_page_with_the_version_read(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let created = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/workshops").json(&json!({
                "title": "Story mapping with Northwind", "kind": "story_mapping",
                "held_on": "2026-11-24", "agenda": "1. Journeys\n2. Slices",
                "participants": [paula.id, clara.id], "contacts": ["Dana Ruiz"],
                "visibility": "shared",
            })),
            201,
        )
        .await;
    assert_eq!(created["status"], "planned");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/projects/SHOP/workshops/{id}");
    let api = format!("/api/v1/projects/SHOP/workshops/{id}");

    // The page shows the agenda as Markdown and the edit form at the version read.
    let html = pm.get_html(&path).await;
    assert!(html.contains("Edit workshop"), "{html}");
    assert!(html.contains("<li>Journeys</li>"), "{html}");
    assert!(html.contains(r#"name="version" value="1""#), "{html}");
    assert!(
        html.contains(&format!(r#"name="person_{}" value="1" checked"#, clara.id)),
        "{html}"
    );
    assert!(html.contains(">Dana Ruiz</textarea>"), "{html}");

    let clara_box = format!("person_{}", clara.id);
    let paula_box = format!("person_{}", paula.id);
    let edit = |status: &str, held_on: &str, notes: &str, version: i64| {
        vec![
            ("title", "Story mapping with Northwind".to_owned()),
            ("kind", "story_mapping".to_owned()),
            ("held_on", held_on.to_owned()),
            ("status", status.to_owned()),
            (paula_box.as_str(), "1".to_owned()),
            (clara_box.as_str(), "1".to_owned()),
            ("contacts", "Dana Ruiz".to_owned()),
            ("agenda", "1. Journeys\n2. Slices".to_owned()),
            ("notes", notes.to_owned()),
            ("visibility", "shared".to_owned()),
            ("version", version.to_string()),
        ]
    };
    let notes =
        "## Findings\n- Shops want *speed*\n- Owners reorder weekly\n\n<script>alert(1)</script>";

    // Bad input is refused at its field, with what was typed.
    let (status, page) = post_form(pm, &path, &edit("held", "someday", notes, 1)).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r#"id="f-edit-held_on-error""#), "{page}");
    assert!(page.contains(r#"value="someday""#), "{page}");

    // Recorded after the meeting: held, with Markdown notes.
    let (status, page) = post_form(pm, &path, &edit("held", "2026-11-24", notes, 1)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Workshop saved."), "{page}");
    assert!(
        page.contains("<li>Shops want <em>speed</em></li>"),
        "{page}"
    );
    assert!(page.contains("<h2>Findings</h2>"), "{page}");
    assert!(
        !page.contains("<script>alert"),
        "raw HTML is escaped: {page}"
    );
    let saved = pm.get_json(&api).await;
    assert_eq!(saved["status"], "held");
    assert_eq!(saved["notes"], notes);
    assert_eq!(saved["participants"].as_array().map(Vec::len), Some(3));
    assert_eq!(saved["version"], 2);

    // A form loaded before that change is stale: the stored workshop is shown again.
    let (status, page) = post_form(pm, &path, &edit("cancelled", "2026-11-24", "", 1)).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("Someone changed this workshop meanwhile"),
        "{page}"
    );
    assert!(page.contains(r#"name="version" value="2""#), "{page}");
    assert!(page.contains(r#"<option value="held" selected>"#), "{page}");
    let unchanged = pm.get_json(&api).await;
    assert_eq!(unchanged["status"], "held");
    assert_eq!(unchanged["notes"], notes);
    assert_eq!(unchanged["version"], 2);

    // The client contact took part: she reads the notes, but edits nothing.
    let seen = clara.caller.get_html(&path).await;
    assert!(seen.contains("<li>Owners reorder weekly</li>"), "{seen}");
    assert!(!seen.contains("Edit workshop"), "{seen}");
    let (status, _) = post_form(
        &clara.caller,
        &path,
        &edit("cancelled", "2026-11-24", "", 2),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(pm.get_json(&api).await["version"], 2);
}

/// Someone who took part and has left the project since stays on the workshop's record:
/// the edit form keeps their box ticked (marked as gone), saving it keeps them, and so does
/// the API; only new participants must be on the project.
async fn a_participant_who_left_the_project_stays_on_the_workshop(app: TestApp) {
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let created = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/workshops").json(&json!({
                "title": "Kick-off", "kind": "kickoff", "held_on": "2026-11-02",
                "participants": [paula.id, mei.id],
            })),
            201,
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    let (status, body) = send(admin.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/projects/SHOP/members/{}", mei.id),
    ))
    .await;
    assert_eq!(status, 204, "{body}");

    let path = format!("/projects/SHOP/workshops/{id}");
    let html = pm.get_html(&path).await;
    let mei_box = format!("person_{}", mei.id);
    assert!(
        html.contains(&format!(r#"name="{mei_box}" value="1" checked"#)),
        "{html}"
    );
    assert!(html.contains("(no longer on the project)"), "{html}");

    let paula_box = format!("person_{}", paula.id);
    let form = [
        ("title", "Kick-off"),
        ("kind", "kickoff"),
        ("held_on", "2026-11-02"),
        ("status", "held"),
        (paula_box.as_str(), "1"),
        (mei_box.as_str(), "1"),
        ("contacts", ""),
        ("agenda", ""),
        ("notes", "Goals agreed"),
        ("visibility", "internal"),
        ("version", "1"),
    ]
    .map(|(name, value)| (name, value.to_owned()));
    let (status, page) = post_form(pm, &path, &form).await;
    assert_eq!(status, 200, "{page}");
    let api = format!("/api/v1/projects/SHOP/workshops/{id}");
    let saved = pm.get_json(&api).await;
    let ids: Vec<i64> = saved["participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["user_id"].as_i64())
        .collect();
    assert!(ids.contains(&mei.id), "{saved}");

    // A new workshop cannot name her: she is not on the project.
    let (status, body) = send(pm.post("/api/v1/projects/SHOP/workshops").json(&json!({
        "title": "Review", "kind": "review", "participants": [mei.id],
    })))
    .await;
    assert_eq!(status, 422, "{body}");
    assert_error(&body, "validation_failed");
}
