//! The release edit form saves the release's fields and its go/no-go people in one
//! transaction: when either is refused, neither is saved.

mod common;

use common::TestApp;
use common::direction::product_team;
use serde_json::json;

per_backend!(a_refused_decider_saves_nothing_of_the_release_form);

async fn a_refused_decider_saves_nothing_of_the_release_form(app: TestApp) {
    let team = product_team(&app).await;
    let pm = &team.paula.caller;
    let outsider = app.member(&team.admin, "zed@example.com").await;
    let release = pm
        .expect_json(
            pm.post("/api/v1/projects/SHOP/releases")
                .json(&json!({ "name": "2.0", "target_date": "2027-03-01" })),
            201,
        )
        .await;
    let id = release["id"].as_i64().expect("id");
    let path = format!("/projects/SHOP/releases/{id}/edit");
    let api = format!("/api/v1/projects/SHOP/releases/{id}");
    let form = |decider: String| {
        vec![
            ("name", "2.0 Spring launch".to_owned()),
            ("target_date", "2027-03-15".to_owned()),
            ("status", "planned".to_owned()),
            ("description", String::new()),
            ("visibility", "internal".to_owned()),
            ("decider", decider),
            ("version", release["version"].to_string()),
            ("checklist_version", "0".to_owned()),
        ]
    };

    // The outsider is not on the project: the decider is refused, and the new name and date,
    // valid on their own, are not saved either.
    let refused = form(outsider.id.to_string());
    let borrowed: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, url, page) = pm.submit_form(&path, &borrowed).await;
    assert_eq!(status, 422, "{page}");
    assert!(url.starts_with(&path), "{url}");
    assert!(page.contains("2.0 Spring launch"), "the typed name is kept");
    let stored = pm.get_json(&api).await;
    assert_eq!(stored["name"], "2.0");
    assert_eq!(stored["target_date"], "2027-03-01");
    assert_eq!(stored["version"], release["version"]);
    let record = pm.get_json(&format!("{api}/go-no-go")).await;
    assert_eq!(record["version"], 0, "{record}");

    // With a decider from the team, both are saved by the one submit.
    let accepted = form(team.mei.id.to_string());
    let borrowed: Vec<(&str, &str)> = accepted.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, url, _) = pm.submit_form(&path, &borrowed).await;
    assert_eq!(status, 200);
    assert!(
        url.starts_with(&format!("/projects/SHOP/releases/{id}?")),
        "{url}"
    );
    let stored = pm.get_json(&api).await;
    assert_eq!(stored["name"], "2.0 Spring launch");
    assert_eq!(stored["target_date"], "2027-03-15");
    let record = pm.get_json(&format!("{api}/go-no-go")).await;
    assert_eq!(record["decider_id"], team.mei.id);
    assert_eq!(record["version"], 1);
}
