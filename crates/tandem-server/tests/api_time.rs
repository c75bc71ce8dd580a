//! Time tracking: logging, who sees and changes which entries (client users never see other
//! people's time), the timer, reports and CSV; the time page's forms and the timer's stop
//! form keep the same rules.

mod common;

use common::delivery::{etag_of, story, team};
use common::{TestApp, assert_error, send};
use serde_json::json;

per_backend!(
    entries_are_logged_seen_and_changed_by_the_right_people,
    the_timer_turns_into_an_entry,
    reports_group_and_csv_escapes,
    the_time_page_logs_edits_and_deletes_like_the_api,
);

async fn entries_are_logged_seen_and_changed_by_the_right_people(app: TestApp) {
    let team = team(&app).await;
    let item = story(&app, team.project_id, "Checkout", 3, 240).await;
    let pm = &team.jonas.caller;
    let mia = &team.mia.caller;
    let mine = pm
        .expect_json(
            pm.post("/api/v1/projects/ACME/time-entries").json(&json!({
                "item_id": item, "date": "2026-11-20", "duration": "1.5h", "billable": true, "note": "review"
            })),
            201,
        )
        .await;
    assert_eq!(mine["minutes"], 90);
    assert_eq!(mine["item"]["key"], "ACME-1");
    let hers = mia
        .expect_json(
            mia.post("/api/v1/projects/ACME/time-entries")
                .json(&json!({ "date": "2026-11-21", "minutes": 45 })),
            201,
        )
        .await;
    let (status, body) = send(
        mia.post("/api/v1/projects/ACME/time-entries")
            .json(&json!({ "duration": "soon" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "duration"
    );

    // Staff members see everyone's time; filters narrow it.
    let all = mia.get_json("/api/v1/projects/ACME/time-entries").await;
    assert_eq!(all.as_array().expect("entries").len(), 2);
    let only_jonas = mia
        .get_json(&format!(
            "/api/v1/projects/ACME/time-entries?person={}",
            team.jonas.id
        ))
        .await;
    assert_eq!(only_jonas.as_array().expect("entries").len(), 1);
    let window = pm
        .get_json("/api/v1/projects/ACME/time-entries?from=2026-11-21&to=2026-11-30")
        .await;
    assert_eq!(window[0]["id"], hers["id"]);

    // The client contact sees nobody's time, not even in reports or CSV.
    let carl = &team.carl.caller;
    assert_eq!(
        carl.get_json("/api/v1/projects/ACME/time-entries").await,
        json!([])
    );
    assert_eq!(
        carl.get_json("/api/v1/projects/ACME/time-report").await,
        json!([])
    );
    let csv = carl
        .get("/api/v1/projects/ACME/time-entries.csv")
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let (status, _) = send(
        carl.patch(&format!("/api/v1/time-entries/{}", mine["id"]))
            .header("If-Match", "\"1\"")
            .json(&json!({ "minutes": 1 })),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        carl.post("/api/v1/projects/ACME/time-entries")
            .json(&json!({ "minutes": 30 })),
    )
    .await;
    assert_eq!(status, 403);

    // Only the author or a manager changes an entry, at the version they read.
    let (status, body) = send(
        mia.patch(&format!("/api/v1/time-entries/{}", mine["id"]))
            .header("If-Match", "\"1\"")
            .json(&json!({ "minutes": 10 })),
    )
    .await;
    assert_eq!(status, 403);
    assert_error(&body, "forbidden");
    let response = pm
        .patch(&format!("/api/v1/time-entries/{}", hers["id"]))
        .header("If-Match", "\"1\"")
        .json(&json!({ "duration": "1h", "note": "pairing" }))
        .send()
        .await
        .expect("patch");
    assert_eq!(response.status(), 200);
    assert_eq!(etag_of(&response), "\"2\"");
    let (status, body) = send(
        mia.patch(&format!("/api/v1/time-entries/{}", hers["id"]))
            .header("If-Match", "\"1\"")
            .json(&json!({ "minutes": 5 })),
    )
    .await;
    assert_eq!(status, 412);
    assert_error(&body, "version_conflict");
    let (status, _) = send(
        mia.delete(&format!("/api/v1/time-entries/{}", hers["id"]))
            .header("If-Match", "\"2\""),
    )
    .await;
    assert_eq!(status, 204);
}

async fn the_timer_turns_into_an_entry(app: TestApp) {
    let team = team(&app).await;
    story(&app, team.project_id, "Checkout", 3, 240).await;
    let mia = &team.mia.caller;
    assert_eq!(mia.get_json("/api/v1/timer").await["running"], false);
    let started = mia
        .expect_json(
            mia.post("/api/v1/timer/start")
                .json(&json!({ "item": "acme-1" })),
            200,
        )
        .await;
    assert_eq!(started["running"], true);
    assert_eq!(started["item_key"], "ACME-1");
    let (status, body) = send(
        mia.post("/api/v1/timer/start")
            .json(&json!({ "item": "ACME-1" })),
    )
    .await;
    assert_eq!(status, 409);
    assert_error(&body, "timer_running");
    let (status, _) = send(
        team.carl
            .caller
            .post("/api/v1/timer/start")
            .json(&json!({ "item": "ACME-1" })),
    )
    .await;
    assert_eq!(status, 403);
    let entry = mia
        .expect_json(
            mia.post("/api/v1/timer/stop")
                .json(&json!({ "note": "spike" })),
            201,
        )
        .await;
    assert_eq!(entry["minutes"], 1);
    assert_eq!(entry["note"], "spike");
    assert_eq!(entry["user"]["id"], team.mia.id);
    assert_eq!(mia.get_json("/api/v1/timer").await["running"], false);
    let (status, body) = send(mia.post("/api/v1/timer/stop").json(&json!({}))).await;
    assert_eq!(status, 409);
    assert_error(&body, "timer_not_running");
}

async fn reports_group_and_csv_escapes(app: TestApp) {
    let team = team(&app).await;
    let item = story(&app, team.project_id, "Checkout", 3, 240).await;
    let pm = &team.jonas.caller;
    for (who, date, minutes, note) in [
        (pm, "2026-11-16", 60, "plain"),
        (pm, "2026-11-23", 30, "comma, \"quoted\""),
        (&team.mia.caller, "2026-11-24", 120, "=SUM(A1)"),
    ] {
        who.expect_json(
            who.post("/api/v1/projects/ACME/time-entries").json(&json!({
                "item_id": item, "date": date, "minutes": minutes, "note": note, "billable": minutes > 60
            })),
            201,
        )
        .await;
    }
    let by_person = pm
        .get_json("/api/v1/projects/ACME/time-report?group=person")
        .await;
    assert_eq!(by_person[0]["minutes"], 90);
    assert_eq!(by_person[1]["minutes"], 120);
    assert_eq!(by_person[1]["billable_minutes"], 120);
    let by_week = pm
        .get_json("/api/v1/projects/ACME/time-report?group=week")
        .await;
    assert_eq!(by_week[0]["label"], "2026-W47");
    assert_eq!(by_week[1]["minutes"], 150);
    let by_item = pm
        .get_json("/api/v1/projects/ACME/time-report?group=item")
        .await;
    assert_eq!(by_item[0]["label"], "ACME-1 Checkout");
    let response = pm
        .get("/api/v1/projects/ACME/time-entries?format=csv")
        .send()
        .await
        .expect("csv");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let csv = response.text().await.expect("text");
    assert!(csv.contains("\"comma, \"\"quoted\"\"\""), "{csv}");
    assert!(csv.contains(",'=SUM(A1)"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
}

async fn the_time_page_logs_edits_and_deletes_like_the_api(app: TestApp) {
    let team = team(&app).await;
    story(&app, team.project_id, "Checkout", 3, 240).await;
    let mia = &team.mia.caller;
    let pm = &team.jonas.caller;
    let log = |note: &'static str, duration: &'static str| {
        [
            ("item", "acme-1"),
            ("date", "2026-11-20"),
            ("duration", duration),
            ("note", note),
            ("billable", "true"),
            ("week", "2026-11-16"),
        ]
    };

    // Logged with a note and billable, shown in the week's entries.
    let (status, page) = mia
        .post_form(
            "/projects/ACME/time/entries",
            &log("pairing on checkout", "1h30m"),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Timesheet saved."), "{page}");
    assert!(page.contains("pairing on checkout"), "{page}");
    let entries = mia.get_json("/api/v1/projects/ACME/time-entries").await;
    let hers = &entries[0];
    assert_eq!(
        (&hers["minutes"], &hers["billable"], &hers["note"]),
        (&json!(90), &json!(true), &json!("pairing on checkout"))
    );
    let id = hers["id"].as_i64().expect("id");

    // Refused as typed, with the message at its field; nothing logged.
    let (status, page) = mia
        .post_form("/projects/ACME/time/entries", &log("kept", "lots"))
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("is not a duration"), "{page}");
    assert!(page.contains(r#"value="kept""#), "{page}");
    let mut unknown = log("kept", "1h");
    unknown[0] = ("item", "ACME-99");
    let (status, page) = mia.post_form("/projects/ACME/time/entries", &unknown).await;
    assert_eq!(status, 422);
    assert!(page.contains("there is no item ACME-99"), "{page}");
    let (status, page) = mia
        .post_form("/projects/ACME/time/entries", &log("kept", ""))
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("say how long"), "{page}");
    let count = mia.get_json("/api/v1/projects/ACME/time-entries").await;
    assert_eq!(count.as_array().map(Vec::len), Some(1));

    // The manager edits her entry; her copy of the form is stale then.
    let edit = format!("/projects/ACME/time/entries/{id}");
    let (status, page) = pm
        .post_form(
            &edit,
            &[
                ("item", "ACME-1"),
                ("date", "2026-11-20"),
                ("duration", "2h"),
                ("note", "pairing"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let entry = mia
        .get_json("/api/v1/projects/ACME/time-entries")
        .await
        .get(0)
        .cloned()
        .expect("entry");
    assert_eq!(
        (&entry["minutes"], &entry["billable"], &entry["version"]),
        (&json!(120), &json!(false), &json!(2))
    );
    let (status, page) = mia
        .post_form(
            &edit,
            &[("duration", "3h"), ("version", "1"), ("week", "2026-11-16")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Someone changed this time entry meanwhile"),
        "{page}"
    );

    // Only its author or a manager changes an entry; the client contact does not see it.
    pm.post_form("/projects/ACME/time/entries", &log("review", "1h"))
        .await;
    let his = mia.get_json("/api/v1/projects/ACME/time-entries").await[1]["id"].clone();
    let week = mia.get_html("/projects/ACME/time?week=2026-11-16").await;
    assert!(week.contains("review"), "{week}");
    assert!(week.contains(&format!(r#"action="{edit}""#)), "{week}");
    assert!(
        !week.contains(&format!(r#"action="/projects/ACME/time/entries/{his}""#)),
        "{week}"
    );
    let (status, _) = mia
        .post_form(
            &format!("/projects/ACME/time/entries/{his}/delete"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = team
        .carl
        .caller
        .post_form(&format!("{edit}/delete"), &[("version", "2")])
        .await;
    assert_eq!(status, 404);
    let (status, page) = mia
        .post_form(&format!("{edit}/delete"), &[("version", "2")])
        .await;
    assert_eq!(status, 200, "{page}");
    let left = mia.get_json("/api/v1/projects/ACME/time-entries").await;
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    assert_eq!(left[0]["id"], his);

    // The timer's stop form logs with its note and billable flag.
    mia.expect_json(
        mia.post("/api/v1/timer/start")
            .json(&json!({ "item": "ACME-1" })),
        200,
    )
    .await;
    let (status, page) = mia
        .post_form("/timer/stop", &[("note", "spike"), ("billable", "true")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Timer stopped"), "{page}");
    assert!(page.contains("spike"), "{page}");
    let mine = mia
        .get_json(&format!(
            "/api/v1/projects/ACME/time-entries?person={}",
            team.mia.id
        ))
        .await;
    assert_eq!(
        (&mine[0]["note"], &mine[0]["billable"]),
        (&json!("spike"), &json!(true))
    );
}
