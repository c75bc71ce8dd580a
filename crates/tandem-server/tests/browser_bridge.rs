//! The Roles page in a real browser: both managers side by side with what each is accountable
//! for, and the responsibility matrix refusing a second "A" with the message at the cell and
//! a row without an "A" with the message on the row; an activity added with its accountable;
//! the workspace default edited as one grid by an admin.
//! Screenshots land in `<target>/tmp/screenshots/`.

#[allow(dead_code)] // this suite uses part of the shared harness
#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

/// Seeds the workspace through the JSON API: an admin, both managers and project ACME.
async fn seed(base: &str) {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let status = http
        .post(format!("{base}/api/v1/setup"))
        .json(&json!({ "email": "ada@agency.test", "name": "Ada Admin", "password": PASSWORD }))
        .send()
        .await
        .expect("setup")
        .status();
    assert_eq!(status, 201);
    let session: Value = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "email": "ada@agency.test", "password": PASSWORD }))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("session body");
    let csrf = session["csrf_token"].as_str().expect("csrf").to_owned();
    let post = |path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    for (email, name) in [
        ("paula@agency.test", "Paula Product"),
        ("jonas@agency.test", "Jonas Planner"),
    ] {
        let response = post(
            "/api/v1/users",
            json!({ "email": email, "name": name, "password": PASSWORD }),
        )
        .await
        .expect("create user");
        assert_eq!(response.status(), 201);
    }
    let response = post(
        "/api/v1/projects",
        json!({ "key": "ACME", "name": "Acme shop relaunch",
            "product_manager": "paula@agency.test", "project_manager": "jonas@agency.test" }),
    )
    .await
    .expect("create project");
    assert_eq!(response.status(), 201);
}

/// The server's base URL as the browser sees it, after seeding the workspace there.
async fn seeded(browser: &Browser) {
    browser.goto("/").await;
    let url = browser.client.current_url().await.expect("url");
    let base = format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().expect("host"),
        url.port().expect("port")
    );
    seed(&base).await;
}

async fn sign_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", email),
                Input::Type("password", PASSWORD),
            ],
        )
        .await;
    browser.expect_text("ACME").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_side_by_side_and_a_second_accountable_is_refused() {
    let app = App::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    seeded(&browser).await;

    sign_in(&browser, "paula@agency.test").await;
    browser.goto("/projects/ACME/roles").await;

    // Both managers side by side, product manager on the left.
    let text = browser.expect_text("Paula Product").await;
    assert!(text.contains("Jonas Planner"), "{text}");
    let panels = browser
        .client
        .find_all(Locator::Css(".role-panel h2"))
        .await
        .expect("panels");
    assert_eq!(panels.len(), 2);
    assert_eq!(
        panels[0].text().await.unwrap().to_lowercase(),
        "product manager"
    );
    assert_eq!(
        panels[1].text().await.unwrap().to_lowercase(),
        "project manager"
    );
    assert!(text.contains("Release go/no-go and delays"), "{text}");
    browser.screenshot("bridge-01-roles").await;

    // The product manager tries to become accountable for the budget as well.
    save_budget_row(&browser, "role:product_manager", "A").await;
    browser
        .expect_text("“Budget” already has project manager as accountable")
        .await;
    let cell = browser
        .find("td.field-invalid select[name='role:product_manager']")
        .await;
    assert_eq!(
        cell.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    browser.screenshot("bridge-02-second-a-refused").await;

    // Making the project manager consulted first, then the product manager accountable, works.
    save_budget_row(&browser, "role:project_manager", "C").await;
    browser.expect_text("Responsibilities saved.").await;

    // Clearing the only A is refused on the row, with the letters as chosen.
    save_budget_row(&browser, "role:product_manager", "–").await;
    browser
        .expect_text("“Budget” needs exactly one accountable (A): give a role or a person the A.")
        .await;
    let cell = browser
        .find("select[aria-label='Budget: Product manager']")
        .await;
    let kept = cell.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some(""), "the cleared cell stays cleared");
    let cell = serde_json::to_value(&cell).expect("element reference");
    browser
        .client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![cell],
        )
        .await
        .expect("scroll to the row");
    browser
        .screenshot("bridge-02b-no-accountable-refused")
        .await;

    // A new activity comes with its accountable.
    browser
        .submit(
            "/projects/ACME/roles/activities",
            &[
                Input::Type("name", "Accessibility"),
                Input::Choose("assignments", "Product manager"),
            ],
        )
        .await;
    browser
        .expect_text("Activity added with its accountable.")
        .await;
    let accountable = browser
        .find("select[aria-label='Accessibility: Product manager']")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(accountable.as_deref(), Some("A"));
    browser.screenshot("bridge-02c-activity-added").await;

    browser.close().await;
    drop(app);
}

/// Picks `label` in the Budget row's select `field` and saves the row.
async fn save_budget_row(browser: &Browser, field: &str, label: &str) {
    let row = browser
        .client
        .find(Locator::XPath("//tr[th[contains(., 'Budget')]]"))
        .await
        .expect("budget row");
    row.find(Locator::Css(&format!("select[name='{field}']")))
        .await
        .expect("cell")
        .select_by_label(label)
        .await
        .expect("choose a letter");
    row.find(Locator::Css("button[type=submit]"))
        .await
        .expect("save button")
        .click()
        .await
        .expect("save");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_edits_the_workspace_default_as_one_grid() {
    let app = App::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    seeded(&browser).await;
    sign_in(&browser, "ada@agency.test").await;
    browser.goto("/settings/health").await;
    browser
        .client
        .find(Locator::LinkText("Default responsibilities"))
        .await
        .expect("settings tab")
        .click()
        .await
        .expect("open the default");
    browser
        .find("input[value='Release go/no-go and delays']")
        .await;

    // A new activity in the first blank row, with two "A"s: refused at the row, typing kept.
    let blank = browser.find("input[placeholder='New activity']").await;
    let index = blank
        .attr("name")
        .await
        .unwrap()
        .expect("name")
        .trim_start_matches("name.")
        .to_owned();
    let (name, product, project) = (
        format!("name.{index}"),
        format!("product_manager.{index}"),
        format!("project_manager.{index}"),
    );
    browser
        .submit(
            "/settings/raci",
            &[
                Input::Type(&name, "Accessibility"),
                Input::Choose(&product, "A"),
                Input::Choose(&project, "A"),
            ],
        )
        .await;
    browser.expect_text("Some activities need a fix").await;
    let row = browser.find(&format!("tr#row-{index}.field-invalid")).await;
    assert!(row.text().await.unwrap().contains("“Accessibility”"));
    let kept = browser.find(&format!("input[name='{name}']")).await;
    assert_eq!(
        kept.prop("value").await.unwrap().as_deref(),
        Some("Accessibility")
    );
    browser.screenshot("bridge-03-default-refused").await;

    browser
        .submit("/settings/raci", &[Input::Choose(&project, "C")])
        .await;
    browser.expect_text("Workspace default saved.").await;
    assert_eq!(
        browser
            .find(&format!("input[name='{name}']"))
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Accessibility")
    );
    browser.screenshot("bridge-04-default-saved").await;

    browser.close().await;
    drop(app);
}
