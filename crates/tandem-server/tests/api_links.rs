//! Links between product artefacts added for issue 5: hypotheses name the personas they are
//! about (and a persona page lists them), objectives name the releases that deliver them (and
//! a release page lists them) — over the API and the web forms, on SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, product_team, put_if};
use common::product::{create, patch, product_setup};
use common::{Caller, TestApp, assert_error, send};
use serde_json::{Value, json};

per_backend!(
    hypotheses_name_their_personas_within_the_project,
    clients_see_only_shared_persona_links,
    objectives_name_the_releases_that_deliver_them,
    goal_and_hypothesis_forms_edit_the_links,
);

const PRODUCT: &str = "/api/v1/projects/NWSHOP";
const GOALS: &str = "/api/v1/projects/SHOP/goals";

/// The ids in a list of links (`personas`) or of ids (`release_ids`).
fn ids(links: &Value) -> Vec<i64> {
    links
        .as_array()
        .expect("a list")
        .iter()
        .map(|link| link["id"].as_i64().or(link.as_i64()).expect("an id"))
        .collect()
}

fn id_of(body: &Value) -> i64 {
    body["id"].as_i64().expect("an id")
}

fn version_of(body: &Value) -> i64 {
    body["version"].as_i64().expect("a version")
}

/// The newest audit entry with `action`.
async fn last_audit(admin: &Caller, action: &str) -> Value {
    let all = admin
        .get_json(&format!("/api/v1/audit?action={action}"))
        .await;
    all.as_array()
        .expect("entries")
        .iter()
        .find(|entry| entry["action"] == action)
        .cloned()
        .unwrap_or_else(|| panic!("no audit entry {action}"))
}

async fn hypotheses_name_their_personas_within_the_project(app: TestApp) {
    let setup = product_setup(&app).await;
    let pm = &setup.paula.caller;
    let parent = create(
        pm,
        &format!("{PRODUCT}/personas"),
        json!({ "name": "Busy parent" }),
    )
    .await;
    let student = create(
        pm,
        &format!("{PRODUCT}/personas"),
        json!({ "name": "Adult student" }),
    )
    .await;
    let hypothesis = create(
        pm,
        &format!("{PRODUCT}/hypotheses"),
        json!({ "statement": "Parents reorder weekly", "kind": "desirability", "importance": 4,
                "persona_ids": [id_of(&parent), id_of(&student), id_of(&parent)] }),
    )
    .await;
    // By name, each once.
    assert_eq!(
        ids(&hypothesis["personas"]),
        [id_of(&student), id_of(&parent)]
    );
    assert_eq!(hypothesis["personas"][1]["label"], "Busy parent");
    let path = format!("{PRODUCT}/hypotheses/{}", id_of(&hypothesis));
    let read = pm.get_json(&path).await;
    assert_eq!(read["personas"], hypothesis["personas"]);

    // The list answers "which hypotheses are about this persona?"; an id the caller sees no
    // persona under is refused at `persona`.
    let unrelated = create(
        pm,
        &format!("{PRODUCT}/hypotheses"),
        json!({ "statement": "Couriers accept tips", "kind": "viability", "importance": 2 }),
    )
    .await;
    let about =
        |persona: &serde_json::Value| format!("{PRODUCT}/hypotheses?persona={}", id_of(persona));
    let listed = pm.get_json(&about(&parent)).await;
    assert_eq!(ids(&listed), [id_of(&hypothesis)]);
    let everything = pm.get_json(&format!("{PRODUCT}/hypotheses")).await;
    assert!(
        ids(&everything).contains(&id_of(&unrelated)),
        "{everything}"
    );
    for wrong in ["987654", "parent"] {
        let (status, body) = send(pm.get(&format!("{PRODUCT}/hypotheses?persona={wrong}"))).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(assert_error(&body, "validation_failed")["field"], "persona");
    }

    // Edits keep the If-Match rules.
    let (status, body) = send(
        pm.patch(&path)
            .json(&json!({ "persona_ids": [id_of(&parent)] })),
    )
    .await;
    assert_eq!(status, 428, "{body}");
    let (status, changed) = patch(
        pm,
        &path,
        version_of(&hypothesis),
        json!({ "persona_ids": [id_of(&parent)] }),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(ids(&changed["personas"]), [id_of(&parent)]);
    assert_eq!(version_of(&changed), version_of(&hypothesis) + 1);
    let (status, body) = patch(
        pm,
        &path,
        version_of(&hypothesis),
        json!({ "persona_ids": [] }),
    )
    .await;
    assert_eq!(status, 412, "{body}");
    // A patch without persona_ids keeps them.
    let (status, renamed) = patch(
        pm,
        &path,
        version_of(&changed),
        json!({ "statement": "Parents reorder every week" }),
    )
    .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(ids(&renamed["personas"]), [id_of(&parent)]);
    let audit = last_audit(&setup.admin, "hypothesis.update").await;
    assert_eq!(audit["details"]["version"], version_of(&renamed));
    let audit = setup
        .admin
        .get_json("/api/v1/audit?action=hypothesis.update")
        .await;
    assert!(
        audit
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["details"]["persona_ids"] == json!([id_of(&parent)])),
        "{audit}"
    );

    // A persona of another project, or none at all, is refused and changes nothing.
    app.create_project(
        &setup.admin,
        json!({ "key": "OTHER", "name": "Other", "product_manager": setup.paula.id }),
    )
    .await;
    let foreign = create(
        pm,
        "/api/v1/projects/OTHER/personas",
        json!({ "name": "Someone else's" }),
    )
    .await;
    for wrong in [id_of(&foreign), 987_654] {
        let (status, body) = patch(
            pm,
            &path,
            version_of(&renamed),
            json!({ "statement": "Changed", "persona_ids": [id_of(&parent), wrong] }),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let details = assert_error(&body, "validation_failed");
        assert_eq!(details["field"], "persona_ids", "{body}");
        let (status, body) = send(pm.post(&format!("{PRODUCT}/hypotheses")).json(&json!({
            "statement": "Never stored", "kind": "viability", "importance": 2,
            "persona_ids": [wrong]
        })))
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            assert_error(&body, "validation_failed")["field"],
            "persona_ids"
        );
    }
    let unchanged = pm.get_json(&path).await;
    assert_eq!(unchanged["statement"], "Parents reorder every week");
    assert_eq!(version_of(&unchanged), version_of(&renamed));
    let all = pm.get_json(&format!("{PRODUCT}/hypotheses")).await;
    assert_eq!(
        ids(&all),
        [id_of(&hypothesis), id_of(&unrelated)],
        "no hypothesis was added by a refused create"
    );

    // Deleting a persona drops the link, not the hypothesis.
    let (status, body) = send(
        pm.delete(&format!("{PRODUCT}/personas/{}", id_of(&parent)))
            .header("If-Match", format!("\"{}\"", version_of(&parent))),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let after = pm.get_json(&path).await;
    assert_eq!(ids(&after["personas"]), Vec::<i64>::new());
}

async fn clients_see_only_shared_persona_links(app: TestApp) {
    let setup = product_setup(&app).await;
    let pm = &setup.paula.caller;
    let shared = create(
        pm,
        &format!("{PRODUCT}/personas"),
        json!({ "name": "Shopper", "visibility": "shared" }),
    )
    .await;
    let internal = create(
        pm,
        &format!("{PRODUCT}/personas"),
        json!({ "name": "Churn risk" }),
    )
    .await;
    let hypothesis = create(
        pm,
        &format!("{PRODUCT}/hypotheses"),
        json!({ "statement": "Shoppers want pick-up", "kind": "desirability",
                "importance": 5, "visibility": "shared",
                "persona_ids": [id_of(&shared), id_of(&internal)] }),
    )
    .await;
    assert_eq!(hypothesis["personas"].as_array().map(Vec::len), Some(2));
    let client = &setup.client.caller;
    let path = format!("{PRODUCT}/hypotheses/{}", id_of(&hypothesis));
    let seen = client.get_json(&path).await;
    assert_eq!(ids(&seen["personas"]), [id_of(&shared)]);
    let list = client.get_json(&format!("{PRODUCT}/hypotheses")).await;
    assert_eq!(ids(&list[0]["personas"]), [id_of(&shared)]);
    let map = client.get_json(&format!("{PRODUCT}/assumption-map")).await;
    assert_eq!(ids(&map["riskiest_first"][0]["personas"]), [id_of(&shared)]);

    // The persona pages list the hypotheses about them, to the team and to the client.
    let page = pm
        .get_html(&format!("/projects/NWSHOP/personas/{}", id_of(&internal)))
        .await;
    assert!(page.contains("Shoppers want pick-up"), "{page}");
    let page = client
        .get_html(&format!("/projects/NWSHOP/personas/{}", id_of(&shared)))
        .await;
    assert!(page.contains("Shoppers want pick-up"), "{page}");
    let hidden = client
        .get(&format!("/projects/NWSHOP/personas/{}", id_of(&internal)))
        .send()
        .await
        .expect("persona page");
    assert_eq!(hidden.status(), 404);
}

async fn objectives_name_the_releases_that_deliver_them(app: TestApp) {
    let ProductTeam {
        admin,
        paula,
        clara,
        ..
    } = product_team(&app).await;
    let pm = &paula.caller;
    let release = |name: &'static str, visibility: &'static str| {
        pm.expect_json(
            pm.post("/api/v1/projects/SHOP/releases").json(&json!({
                "name": name, "target_date": "2027-03-01", "visibility": visibility
            })),
            201,
        )
    };
    let launch = release("1.0 Launch", "shared").await;
    let pickup = release("1.1 Pick-up", "internal").await;
    let objective = pm
        .expect_json(
            pm.post(GOALS).json(&json!({
                "title": "Mobile checkout effortless", "visibility": "shared",
                "release_ids": [id_of(&pickup), id_of(&launch)]
            })),
            201,
        )
        .await;
    let mut both = vec![id_of(&launch), id_of(&pickup)];
    both.sort_unstable();
    assert_eq!(ids(&objective["release_ids"]), both);
    let created = last_audit(&admin, "objective.create").await;
    assert_eq!(ids(&created["details"]["release_ids"]), both);
    let path = format!("{GOALS}/{}", id_of(&objective));

    // A replace without release_ids keeps them (older clients); with them it replaces.
    let kept = pm
        .expect_json(
            put_if(pm, &path, version_of(&objective))
                .json(&json!({ "title": "Mobile checkout effortless", "visibility": "shared" })),
            200,
        )
        .await;
    assert_eq!(ids(&kept["release_ids"]), both);
    let (status, body) = send(
        pm.request(reqwest::Method::PUT, &path)
            .json(&json!({ "title": "x", "release_ids": [] })),
    )
    .await;
    assert_eq!(status, 428, "{body}");
    let (status, body) = send(
        put_if(pm, &path, version_of(&objective)).json(&json!({ "title": "x", "release_ids": [] })),
    )
    .await;
    assert_eq!(status, 412, "{body}");
    let narrowed = pm
        .expect_json(
            put_if(pm, &path, version_of(&kept)).json(&json!({
                "title": "Mobile checkout effortless", "visibility": "shared",
                "release_ids": [id_of(&launch)]
            })),
            200,
        )
        .await;
    assert_eq!(ids(&narrowed["release_ids"]), [id_of(&launch)]);

    // Releases of another project, or none at all, are refused and nothing changes.
    app.create_project(
        &admin,
        json!({ "key": "OTHER", "name": "Other", "product_manager": paula.id }),
    )
    .await;
    let foreign = pm
        .expect_json(
            pm.post("/api/v1/projects/OTHER/releases")
                .json(&json!({ "name": "Elsewhere" })),
            201,
        )
        .await;
    for wrong in [id_of(&foreign), 987_654] {
        let (status, body) = send(put_if(pm, &path, version_of(&narrowed)).json(&json!({
            "title": "Renamed", "release_ids": [wrong]
        })))
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            assert_error(&body, "validation_failed")["field"],
            "release_ids"
        );
        let (status, body) = send(
            pm.post(GOALS)
                .json(&json!({ "title": "Never", "release_ids": [wrong] })),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            assert_error(&body, "validation_failed")["field"],
            "release_ids"
        );
    }
    let unchanged = pm.get_json(&path).await;
    assert_eq!(unchanged["title"], "Mobile checkout effortless");
    assert_eq!(version_of(&unchanged), version_of(&narrowed));
    assert_eq!(pm.get_json(GOALS).await.as_array().map(Vec::len), Some(1));

    // The release page lists the objectives it delivers; the goals page names the release.
    let page = pm
        .get_html(&format!("/projects/SHOP/releases/{}", id_of(&launch)))
        .await;
    assert!(page.contains("Objectives it delivers"), "{page}");
    assert!(page.contains("Mobile checkout effortless"), "{page}");
    let page = pm
        .get_html(&format!("/projects/SHOP/releases/{}", id_of(&pickup)))
        .await;
    assert!(!page.contains("Mobile checkout effortless"), "{page}");
    let goals = clara.caller.get_html("/projects/SHOP/goals").await;
    assert!(goals.contains("Delivered by"), "{goals}");
    assert!(goals.contains("1.0 Launch"), "{goals}");
    let page = clara
        .caller
        .get_html(&format!("/projects/SHOP/releases/{}", id_of(&launch)))
        .await;
    assert!(page.contains("Mobile checkout effortless"), "{page}");
}

/// Posts a web form as the browser does (with the CSRF token), following the redirect.
async fn post_form(caller: &Caller, path: &str, fields: &[(&str, String)]) -> (u16, String) {
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

async fn goal_and_hypothesis_forms_edit_the_links(app: TestApp) {
    let ProductTeam { paula, .. } = product_team(&app).await;
    let pm = &paula.caller;
    let launch = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases")
                .json(&json!({ "name": "1.0 Launch" })),
            201,
        )
        .await;
    let field = format!("release_{}", id_of(&launch));

    // A new objective ticks its releases.
    let (status, page) = post_form(
        pm,
        "/projects/SHOP/goals",
        &[
            ("title", "Faster checkout".to_owned()),
            ("visibility", "internal".to_owned()),
            (field.as_str(), "on".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let objective = pm.get_json(GOALS).await[0].clone();
    assert_eq!(ids(&objective["release_ids"]), [id_of(&launch)]);

    // Its releases form replaces them at the version shown; a stale version is refused.
    let path = format!("/projects/SHOP/goals/{}/releases", id_of(&objective));
    let (status, page) = post_form(
        pm,
        &path,
        &[("version", version_of(&objective).to_string())],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Objective saved."), "{page}");
    let cleared = pm.get_json(&format!("{GOALS}/{}", id_of(&objective))).await;
    assert_eq!(ids(&cleared["release_ids"]), Vec::<i64>::new());
    let (status, page) = post_form(
        pm,
        &path,
        &[
            ("version", version_of(&objective).to_string()),
            (field.as_str(), "on".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("Someone changed this objective meanwhile"),
        "{page}"
    );
    let still = pm.get_json(&format!("{GOALS}/{}", id_of(&objective))).await;
    assert_eq!(ids(&still["release_ids"]), Vec::<i64>::new());

    // The hypothesis form ticks personas; the persona page then lists the hypothesis.
    let persona = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/personas")
                .json(&json!({ "name": "Night owl" })),
            201,
        )
        .await;
    let hypothesis = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/hypotheses").json(&json!({
                "statement": "Night owls shop after 10 pm", "kind": "desirability", "importance": 3
            })),
            201,
        )
        .await;
    let page = pm
        .get_html(&format!("/projects/SHOP/hypotheses/{}", id_of(&hypothesis)))
        .await;
    let tick = format!("persona_{}", id_of(&persona));
    assert!(page.contains(&format!("name=\"{tick}\"")), "{page}");
    let (status, page) = post_form(
        pm,
        &format!("/projects/SHOP/hypotheses/{}", id_of(&hypothesis)),
        &[
            ("statement", "Night owls shop after 10 pm".to_owned()),
            ("kind", "desirability".to_owned()),
            ("importance", "3".to_owned()),
            ("evidence", "none".to_owned()),
            ("status", "untested".to_owned()),
            ("visibility", "internal".to_owned()),
            ("version", version_of(&hypothesis).to_string()),
            (tick.as_str(), "on".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let saved = pm
        .get_json(&format!(
            "/api/v1/projects/SHOP/hypotheses/{}",
            id_of(&hypothesis)
        ))
        .await;
    assert_eq!(ids(&saved["personas"]), [id_of(&persona)]);
    let persona_page = pm
        .get_html(&format!("/projects/SHOP/personas/{}", id_of(&persona)))
        .await;
    assert!(
        persona_page.contains("Night owls shop after 10 pm"),
        "{persona_page}"
    );
}
