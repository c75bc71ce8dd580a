//! Sprints: plan, start (one active per project), complete with an explicit choice for
//! unfinished work, and the reports rebuilt from history (cumulative flow, velocity,
//! burndown, burn-up) agreeing with the live items and the recorded spillover.

mod common;

use common::delivery::{move_to, story, team};
use common::{TestApp, assert_error, send};
use serde_json::{Value, json};
use tandem_core::work::StatusCategory;
use tandem_store::ItemFilter;

per_backend!(
    a_sprint_is_planned_started_and_completed_with_spillover,
    rebuilt_reports_equal_the_live_counts,
    sprint_burndown_and_burnup_rebuilt_from_history_equal_the_live_sprint,
    writes_need_the_current_version_and_the_right_state,
);

async fn create_sprint(app: &TestApp, caller: &common::Caller, name: &str) -> Value {
    let _ = app;
    caller
        .expect_json(
            caller
                .post("/api/v1/projects/ACME/sprints")
                .json(&json!({ "name": name, "goal": "Checkout works" })),
            201,
        )
        .await
}

async fn a_sprint_is_planned_started_and_completed_with_spillover(app: TestApp) {
    let team = team(&app).await;
    let pm = &team.jonas.caller;
    let a = story(&app, team.project_id, "Cart", 5, 480).await;
    let b = story(&app, team.project_id, "Payment", 3, 240).await;
    let c = story(&app, team.project_id, "Receipt", 2, 60).await;
    let one = create_sprint(&app, pm, "Sprint 1").await;
    let two = create_sprint(&app, pm, "Sprint 2").await;
    assert_eq!(one["state"], "planned");
    let id = one["id"].as_i64().expect("id");
    let next = two["id"].as_i64().expect("id");
    let planned = pm
        .expect_json(
            pm.post(&format!("/api/v1/sprints/{id}/items"))
                .json(&json!({ "add": [a, b, c] })),
            200,
        )
        .await;
    assert_eq!(planned["moved"], 3);

    // Client users may look but not plan.
    let (status, body) = send(
        team.carl
            .caller
            .post(&format!("/api/v1/sprints/{id}/items"))
            .json(&json!({ "add": [a] })),
    )
    .await;
    assert_eq!(status, 403, "{body}");

    let (status, _) = send(pm.post(&format!("/api/v1/sprints/{id}/start"))).await;
    assert_eq!(status, 428);
    let started = pm
        .expect_json(
            pm.post(&format!("/api/v1/sprints/{id}/start"))
                .header("If-Match", "\"1\""),
            200,
        )
        .await;
    assert_eq!(started["state"], "active");
    assert!(started["starts_on"].is_string() && started["ends_on"].is_string());
    let (status, body) = send(
        pm.post(&format!("/api/v1/sprints/{next}/start"))
            .header("If-Match", "\"1\""),
    )
    .await;
    assert_eq!(status, 409);
    assert_error(&body, "sprint_already_active");

    move_to(&app, team.project_id, a, StatusCategory::Done).await;
    let burndown = pm.get_json(&format!("/api/v1/sprints/{id}/burndown")).await;
    let today = &burndown[0];
    assert_eq!(today["ideal_points"], 10.0);
    assert_eq!(today["remaining_points"], 5);
    assert_eq!(today["remaining_hours"], 5.0);
    let burnup = pm.get_json(&format!("/api/v1/sprints/{id}/burnup")).await;
    assert_eq!(burnup[0]["scope_points"], 10);
    assert_eq!(burnup[0]["done_points"], 5);

    let version = started["version"].as_i64().expect("version");
    let (status, body) = send(
        pm.post(&format!("/api/v1/sprints/{id}/complete"))
            .json(&json!({ "version": version })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "unfinished"
    );
    let done = pm
        .expect_json(
            pm.post(&format!("/api/v1/sprints/{id}/complete"))
                .json(&json!({ "version": version, "unfinished": "next" })),
            200,
        )
        .await;
    assert_eq!(done["sprint"]["state"], "completed");
    assert_eq!(done["spillover"].as_array().expect("spillover").len(), 2);
    for item in [b, c] {
        let item = app.store.item(item).await.expect("item");
        assert_eq!(item.sprint_id, Some(next));
    }
    assert_eq!(app.store.item(a).await.expect("a").sprint_id, Some(id));

    let velocity = pm.get_json("/api/v1/projects/ACME/velocity").await;
    assert_eq!(
        velocity,
        json!([{ "sprint_id": id, "name": "Sprint 1", "committed_points": 10,
                 "completed_points": 5, "spillover_points": 5, "spillover_items": 2 }])
    );
    // Velocity is rebuilt from the history; the live items and the spillover recorded at
    // completion give the same figures.
    let live = app
        .store
        .list_items(team.project_id, &ItemFilter::default())
        .await
        .expect("items");
    let done_in_sprint: i64 = live
        .items
        .iter()
        .filter(|item| item.sprint_id == Some(id) && item.status.category == StatusCategory::Done)
        .filter_map(|item| item.story_points)
        .sum();
    let spilled: Vec<_> = app
        .store
        .project_spillover(team.project_id)
        .await
        .expect("spillover")
        .into_iter()
        .filter(|spilled| spilled.sprint_id == id)
        .collect();
    let spilled_points: i64 = spilled.iter().filter_map(|s| s.story_points).sum();
    assert_eq!(velocity[0]["completed_points"], done_in_sprint);
    assert_eq!(velocity[0]["spillover_items"], spilled.len());
    assert_eq!(velocity[0]["spillover_points"], spilled_points);
    assert_eq!(
        velocity[0]["committed_points"],
        done_in_sprint + spilled_points
    );
    let history = app.store.item_history(b).await.expect("history");
    assert!(
        history
            .iter()
            .any(|event| event.kind == "sprint_changed" && event.new_value == Some(json!(next)))
    );
}

async fn rebuilt_reports_equal_the_live_counts(app: TestApp) {
    let team = team(&app).await;
    let pm = &team.jonas.caller;
    let mut ids = Vec::new();
    for (index, points) in [1, 2, 3, 5, 8, 13].into_iter().enumerate() {
        ids.push(story(&app, team.project_id, &format!("Story {index}"), points, 60).await);
    }
    // A scripted sequence of changes: moves, a deletion, moves back.
    move_to(&app, team.project_id, ids[0], StatusCategory::InProgress).await;
    move_to(&app, team.project_id, ids[1], StatusCategory::Done).await;
    move_to(&app, team.project_id, ids[2], StatusCategory::Done).await;
    move_to(&app, team.project_id, ids[2], StatusCategory::InProgress).await;
    let doomed = app.store.item(ids[3]).await.expect("item");
    app.store
        .delete_item(ids[3], doomed.version, None)
        .await
        .expect("delete");
    move_to(&app, team.project_id, ids[4], StatusCategory::Done).await;

    let flow = pm.get_json("/api/v1/projects/ACME/cumulative-flow").await;
    let today = flow
        .as_array()
        .expect("days")
        .last()
        .expect("today")
        .clone();
    let live = app
        .store
        .list_items(team.project_id, &ItemFilter::default())
        .await
        .expect("items");
    let count = |category: StatusCategory| {
        live.items
            .iter()
            .filter(|item| item.status.category == category)
            .count() as i64
    };
    assert_eq!(today["todo"], count(StatusCategory::Todo));
    assert_eq!(today["in_progress"], count(StatusCategory::InProgress));
    assert_eq!(today["done"], count(StatusCategory::Done));
    assert_eq!(
        (count(StatusCategory::Todo), count(StatusCategory::Done)),
        (1, 2)
    );
    let by_status: i64 = today["by_status"]
        .as_object()
        .expect("by status")
        .values()
        .map(|value| value.as_i64().expect("count"))
        .sum();
    assert_eq!(by_status, live.total);

    let (status, body) =
        send(pm.get("/api/v1/projects/ACME/cumulative-flow?from=2026-12-01&to=2026-11-01")).await;
    assert_eq!(status, 422, "{body}");
}

async fn writes_need_the_current_version_and_the_right_state(app: TestApp) {
    let team = team(&app).await;
    let pm = &team.jonas.caller;
    let sprint = create_sprint(&app, pm, "Sprint 1").await;
    let id = sprint["id"].as_i64().expect("id");
    let renamed = pm
        .expect_json(
            pm.patch(&format!("/api/v1/sprints/{id}"))
                .header("If-Match", "\"1\"")
                .json(&json!({ "name": "Sprint One", "ends_on": "2026-12-11", "starts_on": "2026-11-30" })),
            200,
        )
        .await;
    assert_eq!(renamed["version"], 2);
    let (status, body) = send(
        pm.patch(&format!("/api/v1/sprints/{id}"))
            .header("If-Match", "\"1\"")
            .json(&json!({ "goal": "stale" })),
    )
    .await;
    assert_eq!(status, 412);
    assert_error(&body, "version_conflict");
    let (status, body) = send(
        pm.patch(&format!("/api/v1/sprints/{id}"))
            .header("If-Match", "\"2\"")
            .json(&json!({ "ends_on": "2026-11-01" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "ends_on");
    let (status, body) = send(pm.get(&format!("/api/v1/sprints/{id}/burndown"))).await;
    assert_eq!(status, 422, "{body}");
    pm.expect_json(
        pm.post(&format!("/api/v1/sprints/{id}/start"))
            .header("If-Match", "\"2\""),
        200,
    )
    .await;
    let (status, body) = send(
        pm.delete(&format!("/api/v1/sprints/{id}"))
            .header("If-Match", "\"3\""),
    )
    .await;
    assert_eq!(status, 409);
    assert_error(&body, "sprint_state");
    let (status, _) = send(team.admin.get("/api/v1/sprints/999999")).await;
    assert_eq!(status, 404);
    let listed = team
        .carl
        .caller
        .get_json("/api/v1/projects/ACME/sprints")
        .await;
    assert_eq!(listed[0]["name"], "Sprint One");
}

/// A started sprint goes through a scripted sequence — work done and reopened, remaining work
/// re-estimated, scope added and taken out, an item deleted — and today's burndown and
/// burn-up, rebuilt from the item history, equal what the live items of the sprint say.
async fn sprint_burndown_and_burnup_rebuilt_from_history_equal_the_live_sprint(app: TestApp) {
    let team = team(&app).await;
    let pm = &team.jonas.caller;
    let mut ids = Vec::new();
    for (index, (points, minutes)) in [(1, 60), (2, 120), (3, 180), (5, 240), (8, 300)]
        .into_iter()
        .enumerate()
    {
        ids.push(
            story(
                &app,
                team.project_id,
                &format!("Story {index}"),
                points,
                minutes,
            )
            .await,
        );
    }
    let late = story(&app, team.project_id, "Late arrival", 13, 420).await;
    let sprint = create_sprint(&app, pm, "Sprint 1").await;
    let id = sprint["id"].as_i64().expect("id");
    pm.expect_json(
        pm.post(&format!("/api/v1/sprints/{id}/items"))
            .json(&json!({ "add": ids })),
        200,
    )
    .await;
    pm.expect_json(
        pm.post(&format!("/api/v1/sprints/{id}/start"))
            .header("If-Match", "\"1\""),
        200,
    )
    .await;

    move_to(&app, team.project_id, ids[0], StatusCategory::Done).await;
    move_to(&app, team.project_id, ids[1], StatusCategory::Done).await;
    move_to(&app, team.project_id, ids[1], StatusCategory::InProgress).await;
    let re_estimated = app.store.item(ids[2]).await.expect("item");
    let (status, body) = send(
        pm.patch(&format!("/api/v1/items/{}", re_estimated.key))
            .header("If-Match", format!("\"{}\"", re_estimated.version))
            .json(&json!({ "remaining_hours": 1.5 })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    pm.expect_json(
        pm.post(&format!("/api/v1/sprints/{id}/items"))
            .json(&json!({ "add": [late], "remove": [ids[3]] })),
        200,
    )
    .await;
    let doomed = app.store.item(ids[4]).await.expect("item");
    app.store
        .delete_item(ids[4], doomed.version, None)
        .await
        .expect("delete");
    move_to(&app, team.project_id, late, StatusCategory::Done).await;

    let live = app
        .store
        .list_items(team.project_id, &ItemFilter::default())
        .await
        .expect("items");
    let in_sprint: Vec<_> = live
        .items
        .iter()
        .filter(|item| item.sprint_id == Some(id))
        .collect();
    let open = || {
        in_sprint
            .iter()
            .filter(|item| item.status.category != StatusCategory::Done)
    };
    let open_points: i64 = open().filter_map(|item| item.story_points).sum();
    let open_minutes: i64 = open().filter_map(|item| item.remaining_minutes).sum();
    let scope_points: i64 = in_sprint.iter().filter_map(|item| item.story_points).sum();
    let done_points = scope_points - open_points;
    // The sequence left Story 0 and the late arrival done, Story 1 and 2 open.
    assert_eq!(
        (scope_points, done_points, open_minutes),
        (1 + 2 + 3 + 13, 1 + 13, 120 + 90)
    );

    let burndown = pm.get_json(&format!("/api/v1/sprints/{id}/burndown")).await;
    let today = &burndown[0];
    assert_eq!(today["remaining_points"], open_points);
    assert_eq!(today["remaining_hours"], open_minutes as f64 / 60.0);
    let burnup = pm.get_json(&format!("/api/v1/sprints/{id}/burnup")).await;
    assert_eq!(burnup[0]["scope_points"], scope_points);
    assert_eq!(burnup[0]["done_points"], done_points);
}
