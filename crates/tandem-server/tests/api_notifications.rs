//! Notifications over the API: each kind raised once for the right person (mentions, go/no-go
//! awaiting its decider, decisions past due, critical health signals), read/unread, settings
//! respected, other people's notifications invisible — and the client portal showing only
//! what is shared. On SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, product_team, put_if};
use common::{Caller, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    mentions_notify_members_once_and_never_through_internal_text,
    go_no_go_waits_for_its_decider_once_per_condition,
    sweep_raises_overdue_decisions_and_critical_signals_once,
    read_unread_and_other_peoples_notifications,
    settings_turn_a_kind_off_and_refuse_unknown_kinds,
    portal_shows_only_what_is_shared_with_the_client,
);

async fn notifications(caller: &Caller, query: &str) -> Vec<Value> {
    caller
        .get_json(&format!("/api/v1/notifications{query}"))
        .await
        .as_array()
        .expect("a list")
        .clone()
}

fn of_kind<'a>(list: &'a [Value], kind: &str) -> Vec<&'a Value> {
    list.iter().filter(|n| n["kind"] == kind).collect()
}

async fn item(caller: &Caller, title: &str) -> String {
    let created = caller
        .expect_json(
            caller
                .post("/api/v1/projects/SHOP/items")
                .json(&json!({ "title": title })),
            201,
        )
        .await;
    created["key"].as_str().expect("key").to_owned()
}

async fn comment(caller: &Caller, key: &str, body: Value) {
    caller
        .expect_json(
            caller
                .post(&format!("/api/v1/items/{key}/comments"))
                .json(&body),
            201,
        )
        .await;
}

async fn mentions_notify_members_once_and_never_through_internal_text(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let key = item(pm, "Checkout").await;
    comment(
        pm,
        &key,
        json!({ "body": "@mei please review; @clara@northwind.example FYI. @paula note to self" }),
    )
    .await;
    let for_mei = notifications(&mei.caller, "").await;
    assert_eq!(for_mei.len(), 1, "{for_mei:?}");
    assert_eq!(for_mei[0]["kind"], "mention");
    assert_eq!(for_mei[0]["link"], format!("/items/{key}"));
    assert_eq!(for_mei[0]["project"], "SHOP");
    assert!(
        for_mei[0]["text"]
            .as_str()
            .unwrap()
            .contains("paula mentioned you")
    );
    assert_eq!(notifications(&clara.caller, "").await.len(), 1);
    assert!(
        notifications(pm, "").await.is_empty(),
        "no notification for mentioning oneself"
    );

    // An internal comment never reaches the client contact; Mei gets a second one (a new text).
    comment(
        pm,
        &key,
        json!({ "body": "@clara and @mei: margin is thin here", "internal": true }),
    )
    .await;
    assert_eq!(notifications(&clara.caller, "").await.len(), 1);
    assert_eq!(notifications(&mei.caller, "").await.len(), 2);

    // Decisions and feedback notes mention people too.
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/decisions")
            .json(&json!({ "title": "Payment provider", "context": "@mei knows the options" })),
        201,
    )
    .await;
    clara
        .caller
        .expect_json(
            clara
                .caller
                .post("/api/v1/projects/SHOP/feedback")
                .json(&json!({ "text": "@paula the checkout button is hard to find" })),
            201,
        )
        .await;
    let mei_list = notifications(&mei.caller, "").await;
    assert_eq!(of_kind(&mei_list, "mention").len(), 3);
    assert_eq!(mei_list[0]["link"], "/projects/SHOP/decisions");
    let paula_list = notifications(pm, "").await;
    assert_eq!(paula_list.len(), 1);
    assert_eq!(paula_list[0]["link"], "/projects/SHOP/feedback");
}

async fn go_no_go_waits_for_its_decider_once_per_condition(app: TestApp) {
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
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
    let open = json!([
        { "area": "quality", "text": "QA sign-off", "met": true },
        { "area": "operations", "text": "Rollback plan", "met": false },
    ]);
    pm.expect_json(
        put_if(pm, &path, 0).json(&json!({ "criteria": open, "decider_id": mei.id })),
        200,
    )
    .await;
    let list = notifications(&mei.caller, "").await;
    assert_eq!(of_kind(&list, "go_no_go").len(), 1, "{list:?}");
    assert_eq!(list[0]["link"], format!("/projects/SHOP/releases/{id}"));
    assert!(list[0]["text"].as_str().unwrap().contains("1 of 2"));

    // Saving again while it is still open does not notify twice …
    pm.expect_json(put_if(pm, &path, 1).json(&json!({ "criteria": open })), 200)
        .await;
    assert_eq!(notifications(&mei.caller, "").await.len(), 1);
    // … but the checklist becoming complete is news: ready for the decision.
    let met = json!([
        { "area": "quality", "text": "QA sign-off", "met": true },
        { "area": "operations", "text": "Rollback plan", "met": true },
    ]);
    pm.expect_json(put_if(pm, &path, 2).json(&json!({ "criteria": met })), 200)
        .await;
    let list = notifications(&mei.caller, "").await;
    assert_eq!(of_kind(&list, "go_no_go").len(), 2);
    assert!(
        list[0]["text"]
            .as_str()
            .unwrap()
            .contains("ready for your decision")
    );
    assert!(
        notifications(pm, "").await.is_empty(),
        "the person saving is not the decider"
    );
}

async fn sweep_raises_overdue_decisions_and_critical_signals_once(app: TestApp) {
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
            "title": "Pick a carrier", "decider": mei.id, "due_on": "2020-01-31",
        })),
        201,
    )
    .await;
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/decisions")
            .json(&json!({ "title": "Not due yet", "due_on": "2999-01-01" })),
        201,
    )
    .await;
    // Only admins run the sweep on demand.
    let (status, body) = send(pm.post("/api/v1/notifications/sweep")).await;
    assert_eq!(status, 403, "{body}");
    let report = admin
        .expect_json(admin.post("/api/v1/notifications/sweep"), 200)
        .await;
    assert_eq!(report["decisions_overdue"], 1, "{report}");
    let list = notifications(&mei.caller, "").await;
    let overdue = of_kind(&list, "decision_overdue");
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["label"], "Pick a carrier");
    assert!(overdue[0]["text"].as_str().unwrap().contains("2020-01-31"));

    // SHOP has no project manager: a critical delivery signal, owned by the project manager's
    // role — vacant, so it goes to the product manager.
    assert!(
        report["critical_signals"].as_u64().unwrap() >= 1,
        "{report}"
    );
    let critical = notifications(pm, "").await;
    let critical = of_kind(&critical, "critical_signal");
    assert!(!critical.is_empty());
    assert_eq!(critical[0]["project"], "SHOP");

    // A second sweep finds the same standing conditions and raises nothing new.
    let again = admin
        .expect_json(admin.post("/api/v1/notifications/sweep"), 200)
        .await;
    assert_eq!(
        again,
        json!({ "decisions_overdue": 0, "critical_signals": 0 })
    );
    assert_eq!(notifications(&mei.caller, "").await.len(), 1);
}

async fn read_unread_and_other_peoples_notifications(app: TestApp) {
    let ProductTeam {
        paula, mei, clara, ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let key = item(pm, "Search").await;
    comment(pm, &key, json!({ "body": "@mei one" })).await;
    comment(pm, &key, json!({ "body": "@mei two" })).await;
    comment(pm, &key, json!({ "body": "@clara three" })).await;
    let list = notifications(&mei.caller, "?unread=true").await;
    assert_eq!(list.len(), 2);
    let first = list[1]["id"].as_i64().unwrap();
    let (status, _) = send(
        mei.caller
            .post(&format!("/api/v1/notifications/{first}/read")),
    )
    .await;
    assert_eq!(status, 204);
    let unread = notifications(&mei.caller, "?unread=true").await;
    assert_eq!(unread.len(), 1);
    let all = notifications(&mei.caller, "").await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["read"], true);
    assert!(all[1]["read_at"].is_string());

    // Someone else's notification looks like a missing one.
    let clara_id = notifications(&clara.caller, "").await[0]["id"]
        .as_i64()
        .unwrap();
    let (status, body) = send(
        mei.caller
            .post(&format!("/api/v1/notifications/{clara_id}/read")),
    )
    .await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    assert_eq!(
        notifications(&clara.caller, "?unread=true").await.len(),
        1,
        "still unread for its owner"
    );
    let (status, body) = send(mei.caller.post("/api/v1/notifications/abc/read")).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = send(app.anonymous().get("/api/v1/notifications")).await;
    assert_eq!(status, 401);

    let marked = mei
        .caller
        .expect_json(mei.caller.post("/api/v1/notifications/read-all"), 200)
        .await;
    assert_eq!(marked["marked"], 1);
    assert!(notifications(&mei.caller, "?unread=true").await.is_empty());

    // The header's bell counts the unread ones on every page.
    let page = clara
        .caller
        .get("/notifications")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"data-unread="1""#),
        "bell count on the page"
    );
    assert!(page.contains("@clara three") || page.contains("paula mentioned you"));
}

async fn settings_turn_a_kind_off_and_refuse_unknown_kinds(app: TestApp) {
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
    let defaults = mei.caller.get_json("/api/v1/notification-settings").await;
    let kinds: Vec<&str> = defaults
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "go_no_go",
            "decision_overdue",
            "critical_signal",
            "mention",
            "due_date_moved"
        ]
    );
    assert!(
        defaults
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["in_app"] == true && s["email"] == false)
    );
    let saved = mei
        .caller
        .expect_json(
            mei.caller
                .request(reqwest::Method::PUT, "/api/v1/notification-settings")
                .json(&json!([{ "kind": "mention", "in_app": false, "email": true }])),
            200,
        )
        .await;
    assert_eq!(saved[3]["in_app"], false);
    assert_eq!(saved[3]["email"], true);
    assert_eq!(saved[0]["in_app"], true, "kinds not sent keep theirs");

    let key = item(&paula.caller, "Filters").await;
    comment(&paula.caller, &key, json!({ "body": "@mei look" })).await;
    assert!(
        notifications(&mei.caller, "").await.is_empty(),
        "mentions are off in the app"
    );

    let (status, body) = send(
        mei.caller
            .request(reqwest::Method::PUT, "/api/v1/notification-settings")
            .json(&json!([{ "kind": "spam", "in_app": true, "email": false }])),
    )
    .await;
    assert_eq!(status, 422);
    assert_error(&body, "validation_failed");
    let (status, _) = send(
        mei.caller
            .request(reqwest::Method::PUT, "/api/v1/notification-settings")
            .json(&json!({ "kind": "mention" })),
    )
    .await;
    assert!(status == 400 || status == 422, "{status}");
}

async fn portal_shows_only_what_is_shared_with_the_client(app: TestApp) {
    let ProductTeam { paula, clara, .. } = product_team(&app).await;
    let pm = &paula.caller;
    put_if(pm, "/api/v1/projects/SHOP/vision", 0)
        .json(
            &json!({ "vision": "Groceries in two taps", "target_group": "Busy parents",
                       "visibility": "shared" }),
        )
        .send()
        .await
        .unwrap();
    for (name, visibility) in [("Shared 1.0", "shared"), ("Secret 2.0", "internal")] {
        pm.expect_json(
            pm.post("/api/v1/projects/SHOP/releases").json(
                &json!({ "name": name, "target_date": "2027-01-15", "visibility": visibility }),
            ),
            201,
        )
        .await;
    }
    for (title, visibility) in [("Shared choice", "shared"), ("Budget cut", "internal")] {
        pm.expect_json(
            pm.post("/api/v1/projects/SHOP/decisions").json(&json!({
                "title": title, "status": "accepted", "decider": paula.id,
                "decision": format!("{title} made"), "visibility": visibility,
            })),
            201,
        )
        .await;
    }
    pm.expect_json(
        pm.post("/api/v1/projects/SHOP/feedback")
            .json(&json!({ "text": "Support says the app is slow", "source": "support" })),
        201,
    )
    .await;
    clara
        .caller
        .expect_json(
            clara
                .caller
                .post("/api/v1/projects/SHOP/feedback")
                .json(&json!({ "text": "Please add Apple Pay" })),
            201,
        )
        .await;

    let portal = clara.caller.get_json("/api/v1/portal").await;
    let projects = portal["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 1);
    let shop = &projects[0];
    assert_eq!(shop["key"], "SHOP");
    assert_eq!(shop["vision"]["vision"], "Groceries in two taps");
    let releases: Vec<&str> = shop["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(releases, ["Shared 1.0"]);
    let decisions: Vec<&str> = shop["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["Shared choice"]);
    let feedback = shop["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "only her own feedback");
    assert_eq!(feedback[0]["status"], "new");
    let text = portal.to_string();
    for internal in ["Secret 2.0", "Budget cut", "slow", "budget", "cost"] {
        assert!(!text.contains(internal), "{internal} leaked: {text}");
    }

    // The web page: a client's home is the portal, with the same content and nothing internal.
    let home = clara
        .caller
        .get("/")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(home.url().path(), "/portal");
    let html = home.text().await.unwrap();
    for shown in [
        "Groceries in two taps",
        "Shared 1.0",
        "Shared choice",
        "Please add Apple Pay",
    ] {
        assert!(html.contains(shown), "{shown} missing");
    }
    for internal in ["Secret 2.0", "Budget cut", "slow", "/budget", "/evm"] {
        assert!(
            !html.contains(internal),
            "{internal} leaked into the portal page"
        );
    }
}
