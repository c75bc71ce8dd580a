//! The product cockpit over HTTP: personas, hypotheses and experiments, the ranked backlog
//! with hand-checked scores, MVP and roadmap, and what client contacts may see.

mod common;

use common::product::{create, patch, product_setup};
use common::{TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    personas_are_versioned_and_need_if_match,
    the_backlog_ranks_by_each_model,
    experiment_outcomes_update_their_hypothesis,
    clients_see_only_shared_artefacts,
    mvp_sums_effort_and_guards_the_must_share,
    readiness_counts_linked_items_and_blocking_bugs,
);

const BASE: &str = "/api/v1/projects/NWSHOP";

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|f| f["title"].as_str().expect("title").to_owned())
        .collect()
}

async fn personas_are_versioned_and_need_if_match(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    let created = paula
        .post(&format!("{BASE}/personas"))
        .json(&json!({
            "name": "Anna, busy parent", "goals": "Reorder in a minute",
            "quotes": ["I just want last week's basket again.", ""],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["etag"], "\"1\"");
    let anna: Value = created.json().await.unwrap();
    assert_eq!(
        anna["quotes"],
        json!(["I just want last week's basket again."])
    );
    assert_eq!(anna["visibility"], "internal");
    let path = format!("{BASE}/personas/{}", anna["id"]);

    let (status, body) = send(paula.patch(&path).json(&json!({ "pains": "x" }))).await;
    assert_eq!(status, 428);
    assert_error(&body, "precondition_required");
    let (status, updated) =
        patch(paula, &path, 1, json!({ "pains": "Slots gone by Tuesday" })).await;
    assert_eq!(status, 200);
    assert_eq!(updated["pains"], "Slots gone by Tuesday");
    assert_eq!(updated["version"], 2);
    let (status, body) = patch(paula, &path, 1, json!({ "pains": "lost update" })).await;
    assert_eq!(status, 412);
    assert_error(&body, "version_conflict");
    let (status, body) = patch(paula, &path, 2, json!({ "name": "  " })).await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "name");
    let (status, body) = patch(paula, &path, 2, json!({ "visibility": "public" })).await;
    assert_eq!(status, 422, "{body}");

    let list = paula.get_json(&format!("{BASE}/personas")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = send(paula.delete(&path).header("If-Match", "\"2\"")).await;
    assert_eq!(status, 204);
    let (status, body) = send(paula.get(&path)).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
}

async fn feature(paula: &common::Caller, body: Value) -> Value {
    create(paula, &format!("{BASE}/features"), body).await
}

async fn the_backlog_ranks_by_each_model(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    let moderate = create(
        paula,
        &format!("{BASE}/hypotheses"),
        json!({ "statement": "Shoppers keep wishlists", "kind": "desirability",
                "importance": 4, "evidence": "moderate" }),
    )
    .await;
    // RICE 1000 × 2 × 0.8 ÷ 2 = 800; WSJF (8 + 5 + 3) ÷ 8 = 2; value/effort 6 ÷ 3 = 2.
    let reorder = feature(
        paula,
        json!({ "title": "Reorder", "reach": 1000, "impact": 2, "confidence": 80,
                "effort_months": 2, "business_value": 8, "time_criticality": 5,
                "risk_reduction": 3, "job_size": 8, "value_score": 6, "effort_score": 3 }),
    )
    .await;
    assert_eq!(reorder["scores"]["rice"], 800.0);
    assert_eq!(reorder["scores"]["confidence_source"], "entered");
    // RICE 500 × 3 × 0.8 (derived from one moderate hypothesis) ÷ 1 = 1200;
    // WSJF (3 + 2 + 1) ÷ 2 = 3; value/effort 4 ÷ 4 = 1.
    let wishlist = feature(
        paula,
        json!({ "title": "Wishlist", "reach": 500, "impact": 3, "effort_months": 1,
                "business_value": 3, "time_criticality": 2, "risk_reduction": 1,
                "job_size": 2, "value_score": 4, "effort_score": 4,
                "hypothesis_ids": [moderate["id"]] }),
    )
    .await;
    assert_eq!(wishlist["scores"]["rice"], 1200.0);
    assert_eq!(wishlist["scores"]["confidence"], 80);
    assert_eq!(wishlist["scores"]["confidence_source"], "hypotheses");
    assert_eq!(wishlist["scores"]["confidence_hypotheses"], 1);
    assert_eq!(wishlist["confidence"], Value::Null);
    // RICE 2000 × 0.5 × 1 ÷ 4 = 250; WSJF (20 + 13 + 8) ÷ 20 = 2.05; value/effort 9 ÷ 2 = 4.5.
    feature(
        paula,
        json!({ "title": "Gift cards", "reach": 2000, "impact": 0.5, "confidence": 100,
                "effort_months": 4, "business_value": 20, "time_criticality": 13,
                "risk_reduction": 8, "job_size": 20, "value_score": 9, "effort_score": 2 }),
    )
    .await;
    // Unscored features come last in every model.
    feature(paula, json!({ "title": "Dark mode" })).await;

    let order = |sort: &'static str| {
        let paula = paula.clone();
        async move {
            let backlog = paula
                .get_json(&format!("{BASE}/features?sort={sort}"))
                .await;
            assert_eq!(backlog["sort"], sort);
            titles(&backlog["features"])
        }
    };
    assert_eq!(
        order("rice").await,
        ["Wishlist", "Reorder", "Gift cards", "Dark mode"]
    );
    assert_eq!(
        order("wsjf").await,
        ["Wishlist", "Gift cards", "Reorder", "Dark mode"]
    );
    assert_eq!(
        order("value_effort").await,
        ["Gift cards", "Reorder", "Wishlist", "Dark mode"]
    );
    assert_eq!(
        order("manual").await,
        ["Reorder", "Wishlist", "Gift cards", "Dark mode"]
    );
    let backlog = paula.get_json(&format!("{BASE}/features?sort=wsjf")).await;
    assert_eq!(backlog["features"][1]["scores"]["wsjf"], 2.05);
    assert_eq!(backlog["features"][0]["position"], 1);
    let (status, body) = send(paula.get(&format!("{BASE}/features?sort=kano"))).await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "sort");

    // Editing an input changes the ranking: Reorder's reach 1000 → 2000 gives RICE 1600.
    let path = format!("{BASE}/features/{}", reorder["id"]);
    let (status, updated) = patch(paula, &path, 1, json!({ "reach": 2000 })).await;
    assert_eq!(status, 200);
    assert_eq!(updated["scores"]["rice"], 1600.0);
    assert_eq!(
        order("rice").await,
        ["Reorder", "Wishlist", "Gift cards", "Dark mode"]
    );
    // Clearing the entered confidence with no hypothesis linked leaves RICE unscored.
    let (_, updated) = patch(paula, &path, 2, json!({ "confidence": null })).await;
    assert_eq!(updated["scores"]["rice"], Value::Null);
    assert_eq!(updated["scores"]["confidence_source"], Value::Null);

    // Scale checks name the field.
    for (field, value) in [
        ("impact", json!(1.5)),
        ("confidence", json!(70)),
        ("job_size", json!(4)),
        ("effort_months", json!(0)),
        ("value_score", json!(11)),
    ] {
        let (status, body) = patch(paula, &path, 3, json!({ field: value })).await;
        assert_eq!(status, 422, "{field}");
        assert_eq!(assert_error(&body, "validation_failed")["field"], field);
    }
}

async fn experiment_outcomes_update_their_hypothesis(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    let risky = create(
        paula,
        &format!("{BASE}/hypotheses"),
        json!({ "statement": "Parents reorder weekly", "kind": "desirability", "importance": 5 }),
    )
    .await;
    assert_eq!(risky["status"], "untested");
    assert_eq!(risky["quadrant"], "test_first");
    create(
        paula,
        &format!("{BASE}/hypotheses"),
        json!({ "statement": "Couriers accept 2-hour slots", "kind": "feasibility",
                "importance": 2, "evidence": "strong" }),
    )
    .await;
    let linked = feature(
        paula,
        json!({ "title": "Reorder", "reach": 100, "impact": 1, "effort_months": 1,
                "hypothesis_ids": [risky["id"]] }),
    )
    .await;
    // Derived from one hypothesis with no evidence: 50 %.
    assert_eq!(linked["scores"]["rice"], 50.0);

    let map = paula.get_json(&format!("{BASE}/assumption-map")).await;
    assert_eq!(map["quadrants"][0]["quadrant"], "test_first");
    assert_eq!(map["quadrants"][0]["hypotheses"][0]["id"], risky["id"]);
    assert_eq!(map["riskiest_first"][0]["id"], risky["id"]);

    let experiments = format!("{BASE}/hypotheses/{}/experiments", risky["id"]);
    let (status, body) = send(paula.post(&experiments).json(&json!({
        "title": "Interviews", "method": "interview", "success_criterion": " ",
    })))
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "success_criterion"
    );
    let experiment = create(
        paula,
        &experiments,
        json!({ "title": "Five parent interviews", "method": "interview",
                "success_criterion": "4 of 5 reorder weekly", "starts_on": "2020-03-02",
                "ends_on": "2020-03-06" }),
    )
    .await;
    assert_eq!(experiment["criterion_locked"], true);
    let hypothesis = paula
        .get_json(&format!("{BASE}/hypotheses/{}", risky["id"]))
        .await;
    assert_eq!(hypothesis["status"], "testing");
    assert_eq!(hypothesis["experiment_count"], 1);

    // The experiment has started: its success criterion is frozen.
    let path = format!("{experiments}/{}", experiment["id"]);
    let (status, body) = patch(paula, &path, 1, json!({ "success_criterion": "3 of 5" })).await;
    assert_eq!(status, 422);
    assert_eq!(
        assert_error(&body, "validation_failed")["field"],
        "success_criterion"
    );

    // Recording the outcome validates the hypothesis with strong evidence, in one step.
    let result = format!("{path}/result");
    let (status, body) = send(
        paula
            .post(&result)
            .header("If-Match", "\"7\"")
            .json(&json!({ "result": "x", "outcome": "validated" })),
    )
    .await;
    assert_eq!(status, 412);
    assert_error(&body, "version_conflict");
    let (status, recorded) = send(
        paula
            .post(&result)
            .header("If-Match", "\"1\"")
            .json(&json!({ "result": "5 of 5 reorder weekly", "outcome": "validated" })),
    )
    .await;
    assert_eq!(status, 200, "{recorded}");
    assert_eq!(recorded["experiment"]["outcome"], "validated");
    assert_eq!(recorded["hypothesis"]["status"], "validated");
    assert_eq!(recorded["hypothesis"]["evidence"], "strong");
    assert_eq!(recorded["hypothesis"]["quadrant"], "proceed");
    // The feature's derived confidence follows: 100 %.
    let linked = paula
        .get_json(&format!("{BASE}/features/{}", linked["id"]))
        .await;
    assert_eq!(linked["scores"]["confidence"], 100);
    assert_eq!(linked["scores"]["rice"], 100.0);
    assert_eq!(linked["hypotheses"][0]["status"], "validated");
}

async fn clients_see_only_shared_artefacts(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    let carla = &setup.client.caller;
    let shared = create(
        paula,
        &format!("{BASE}/personas"),
        json!({ "name": "Anna", "visibility": "shared" }),
    )
    .await;
    let internal = create(
        paula,
        &format!("{BASE}/personas"),
        json!({ "name": "Bert" }),
    )
    .await;
    let hidden_h = create(
        paula,
        &format!("{BASE}/hypotheses"),
        json!({ "statement": "Margins hold", "kind": "viability", "importance": 5 }),
    )
    .await;
    let shared_f = feature(
        paula,
        json!({ "title": "Reorder", "visibility": "shared", "hypothesis_ids": [hidden_h["id"]],
                "persona_ids": [shared["id"], internal["id"]] }),
    )
    .await;
    let internal_f = feature(paula, json!({ "title": "Margin report" })).await;

    let personas = carla.get_json(&format!("{BASE}/personas")).await;
    assert_eq!(personas.as_array().unwrap().len(), 1);
    assert_eq!(personas[0]["name"], "Anna");
    for path in [
        format!("{BASE}/personas/{}", internal["id"]),
        format!("{BASE}/hypotheses/{}", hidden_h["id"]),
        format!("{BASE}/hypotheses/{}/experiments", hidden_h["id"]),
        format!("{BASE}/features/{}", internal_f["id"]),
    ] {
        let (status, body) = send(carla.get(&path)).await;
        assert_eq!(status, 404, "{path}");
        assert_error(&body, "not_found");
    }
    let backlog = carla.get_json(&format!("{BASE}/features")).await;
    assert_eq!(titles(&backlog["features"]), ["Reorder"]);
    let seen = carla
        .get_json(&format!("{BASE}/features/{}", shared_f["id"]))
        .await;
    // Links to internal artefacts are left out.
    assert_eq!(seen["hypotheses"], json!([]));
    assert_eq!(seen["personas"].as_array().unwrap().len(), 1);
    assert!(
        carla
            .get_json(&format!("{BASE}/hypotheses"))
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Clients cannot write.
    let (status, body) = send(
        carla
            .post(&format!("{BASE}/personas"))
            .json(&json!({ "name": "Mine" })),
    )
    .await;
    assert_eq!(status, 403);
    assert_error(&body, "forbidden");
    // Someone outside the project sees nothing.
    let outsider = app.member(&setup.admin, "olaf@example.com").await;
    let (status, _) = send(outsider.caller.get(&format!("{BASE}/features"))).await;
    assert_eq!(status, 404);
}

async fn mvp_sums_effort_and_guards_the_must_share(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    feature(
        paula,
        json!({ "title": "Checkout", "mvp": true, "moscow": "must", "estimate_days": 30,
                "horizon": "now", "status": "in_delivery" }),
    )
    .await;
    let search = feature(
        paula,
        json!({ "title": "Search", "mvp": true, "moscow": "should", "estimate_days": 10,
                "horizon": "next" }),
    )
    .await;
    feature(
        paula,
        json!({ "title": "Reviews", "mvp": false, "moscow": "could", "estimate_days": 50,
                "horizon": "later" }),
    )
    .await;
    feature(paula, json!({ "title": "Loyalty", "mvp": true })).await;

    // Must 30 of 40 planned days = 75 % > 60 %.
    let mvp = paula.get_json(&format!("{BASE}/mvp")).await;
    assert_eq!(titles(&mvp["features"]), ["Checkout", "Search", "Loyalty"]);
    assert_eq!(mvp["total_days"], 40.0);
    assert_eq!(mvp["unestimated"], 1);
    assert_eq!(mvp["must_days"], 30.0);
    assert_eq!(mvp["must_share"], 0.75);
    assert!(mvp["warning"].as_str().unwrap().contains("75 %"));
    assert_eq!(
        mvp["status_mix"][0],
        json!({ "status": "in_delivery", "count": 1 })
    );

    // Search → Could and Checkout → Should: no Must-haves left, no warning.
    let path = format!("{BASE}/features/{}", search["id"]);
    let (status, _) = patch(paula, &path, 1, json!({ "moscow": "could" })).await;
    assert_eq!(status, 200);
    let checkout = paula
        .get_json(&format!("{BASE}/features?sort=manual"))
        .await["features"][0]
        .clone();
    let (status, _) = patch(
        paula,
        &format!("{BASE}/features/{}", checkout["id"]),
        1,
        json!({ "moscow": "should" }),
    )
    .await;
    assert_eq!(status, 200);
    let mvp = paula.get_json(&format!("{BASE}/mvp")).await;
    assert_eq!(mvp["must_share"], 0.0);
    assert_eq!(mvp["warning"], Value::Null);

    let roadmap = paula.get_json(&format!("{BASE}/roadmap")).await;
    let column = |i: usize| titles(&roadmap["columns"][i]["features"]);
    assert_eq!(roadmap["columns"][0]["horizon"], "now");
    assert_eq!(column(0), ["Checkout"]);
    assert_eq!(column(1), ["Search"]);
    assert_eq!(column(2), ["Reviews"]);
    assert_eq!(titles(&roadmap["unplaced"]), ["Loyalty"]);
}

async fn item(paula: &common::Caller, body: Value) -> String {
    let created = create(paula, &format!("{BASE}/items"), body).await;
    created["key"].as_str().expect("key").to_owned()
}

async fn readiness_counts_linked_items_and_blocking_bugs(app: TestApp) {
    let setup = product_setup(&app).await;
    let paula = &setup.paula.caller;
    let checkout = feature(
        paula,
        json!({ "title": "Checkout", "mvp": true, "moscow": "must", "estimate_days": 5,
                "visibility": "shared" }),
    )
    .await;
    let path = format!("{BASE}/features/{}", checkout["id"]);
    let criterion = create(
        paula,
        &format!("{path}/criteria"),
        json!({ "text": "Pays" }),
    )
    .await;
    let (status, _) = patch(
        paula,
        &format!("{path}/criteria/{}", criterion["id"]),
        1,
        json!({ "met": true }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(paula.get_json(&path).await["readiness"]["ready"], true);

    let story = item(paula, json!({ "type": "story", "title": "Card form" })).await;
    let bug = item(
        paula,
        json!({ "type": "bug", "title": "Double charge", "blocking": true }),
    )
    .await;
    let linked = paula
        .expect_json(
            paula
                .post(&format!("{path}/items"))
                .json(&json!({ "key": story })),
            200,
        )
        .await;
    assert_eq!(linked[0]["key"], story.as_str());
    assert_eq!(linked[0]["done"], false);
    paula
        .expect_json(
            paula
                .post(&format!("{path}/items"))
                .json(&json!({ "key": bug })),
            200,
        )
        .await;

    let readiness = paula.get_json(&path).await["readiness"].clone();
    assert_eq!(readiness["ready"], false);
    assert_eq!(readiness["items_done"], 0);
    assert_eq!(readiness["items_total"], 2);
    assert_eq!(readiness["open_blocking_bugs"], 1);
    assert_eq!(
        readiness["gaps"],
        json!([
            "2 of 2 linked work items not done",
            "1 open blocking bug(s)"
        ])
    );
    // The MVP view and a release's scope count the same.
    let mvp = paula.get_json(&format!("{BASE}/mvp")).await;
    assert_eq!(mvp["features"][0]["readiness"]["items_total"], 2);
    let release = create(
        paula,
        &format!("{BASE}/releases"),
        json!({ "name": "1.0", "target_date": "2030-01-31" }),
    )
    .await;
    let (status, _) = patch(paula, &path, 1, json!({ "release_id": release["id"] })).await;
    assert_eq!(status, 200);
    let scope = paula
        .get_json(&format!("{BASE}/releases/{}/scope", release["id"]))
        .await;
    assert_eq!(scope["features"][0]["readiness"]["no_blocking_bugs"], false);

    // The story done: one item left (the bug); the bug done: ready.
    for key in [&story, &bug] {
        let (status, body) = send(
            paula
                .patch(&format!("/api/v1/items/{key}"))
                .header("If-Match", "\"2\"")
                .json(&json!({ "status": "Done" })),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let readiness = paula.get_json(&path).await["readiness"].clone();
    assert_eq!(readiness["items_done"], 2);
    assert_eq!(readiness["open_blocking_bugs"], 0);
    assert_eq!(readiness["ready"], true);

    // Clients see the counts but not the delivery items.
    let client = &setup.client.caller;
    assert_eq!(client.get_json(&path).await["readiness"]["items_total"], 2);
    assert_eq!(client.get_json(&format!("{path}/items")).await, json!([]));

    // Unlinking; a wrong key is a 422 naming the field; unlinking twice is a 404.
    let (status, _) = send(paula.delete(&format!("{path}/items/{bug}"))).await;
    assert_eq!(status, 204);
    let (status, body) = send(paula.delete(&format!("{path}/items/{bug}"))).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    let (status, body) = send(
        paula
            .post(&format!("{path}/items"))
            .json(&json!({ "key": "NWSHOP-999" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(assert_error(&body, "validation_failed")["field"], "item");
    assert_eq!(paula.get_json(&path).await["readiness"]["items_total"], 1);
    let history = paula.get_json(&format!("/api/v1/items/{bug}")).await;
    assert_eq!(history["feature_id"], Value::Null);
    let (status, _) = send(
        client
            .post(&format!("{path}/items"))
            .json(&json!({ "key": story })),
    )
    .await;
    assert_eq!(status, 403);
}
