//! The product direction in a real browser, on the demo workspace: the product manager fills
//! the vision board and records the decision behind the direction change, creates a feature
//! from a workshop page, links feedback to it, delays a release — then sees the date moved
//! and the decision in the log — and accepts the open decision on its own page. The client
//! contact sees the shared releases and goals, sends feedback and follows its status, and
//! sees nothing internal. Screenshots land in `<target>/tmp/screenshots/direction-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_manager_and_client_on_the_direction_pages() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    sign_in(&browser, "paula@tandem.demo").await;
    vision_change_asks_for_and_records_a_decision(&browser).await;
    let feature = workshop_creates_a_feature(&browser).await;
    feedback_is_linked_to_the_feature(&browser, &feature).await;
    delaying_a_release_moves_its_date_and_logs_the_decision(&browser).await;
    accepting_the_open_decision_on_its_page(&browser).await;
    refused_progress_is_explained_at_its_objective(&browser).await;
    browser.submit("/logout", &[]).await;

    sign_in(&browser, "clara@northwind.demo").await;
    client_sees_shared_direction_and_sends_feedback(&browser).await;
    browser.close().await;
    drop(app);
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
    browser.expect_text("NWSHOP").await;
}

async fn vision_change_asks_for_and_records_a_decision(browser: &Browser) {
    browser.goto("/projects/NWSHOP/vision").await;
    browser.expect_text("Product vision board").await;
    browser
        .find("details.edit-panel summary")
        .await
        .click()
        .await
        .expect("open the editor");
    browser
        .submit(
            "/projects/NWSHOP/vision",
            &[
                Input::Type("target_group", "Small offices ordering supplies every week"),
                Input::Type("needs", "Reorder in one tap\nInvoices for the accountant"),
            ],
        )
        .await;
    browser.expect_text("The direction changed").await;
    browser.screenshot("direction-01-vision-change").await;
    browser
        .submit(
            "/projects/NWSHOP/decisions",
            &[
                Input::Type("title", "Serve small offices first"),
                Input::Type("rationale", "They reorder weekly and asked for invoices"),
            ],
        )
        .await;
    let page = browser.expect_text("Decision recorded in the log.").await;
    assert!(!page.contains("Decision missing"), "{page}");
    assert!(page.contains("Small offices ordering supplies"), "{page}");
    browser.screenshot("direction-02-vision-decided").await;
}

async fn workshop_creates_a_feature(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/workshops").await;
    browser
        .client
        .find(Locator::LinkText("Kick-off with Northwind"))
        .await
        .expect("the kick-off workshop")
        .click()
        .await
        .expect("open it");
    browser.expect_text("What it produced").await;
    let action = format!("{}/outcomes", browser.path().await);
    browser
        .submit(&action, &[Input::Type("title", "Store stock on the phone")])
        .await;
    browser.expect_text("Created from this workshop.").await;
    browser.expect_text("Store stock on the phone").await;
    browser.screenshot("direction-03-workshop").await;
    feedback_refusal_keeps_its_importance(browser).await;
    browser
        .find("li[data-kind='feature']")
        .await
        .attr("data-id")
        .await
        .expect("attribute")
        .expect("the new feature's id")
}

/// Blank feedback is refused, and the form comes back with the importance that was chosen.
async fn feedback_refusal_keeps_its_importance(browser: &Browser) {
    browser
        .submit_in(
            "form.outcome-form:last-of-type",
            &[
                Input::Type("text", "   "),
                Input::Choose("importance", "critical"),
            ],
        )
        .await;
    let refused = browser
        .find("form.outcome-form:last-of-type .field-error")
        .await;
    assert!(!refused.text().await.expect("message").trim().is_empty());
    let chosen = browser
        .find("form.outcome-form:last-of-type select[name=importance] option:checked")
        .await
        .text()
        .await
        .expect("the chosen importance");
    assert_eq!(chosen, "critical", "the refused form keeps the importance");
}

/// A key result's current value that is not a number is refused at the objective's own
/// form, with what was typed still in the field.
async fn refused_progress_is_explained_at_its_objective(browser: &Browser) {
    browser.goto("/projects/NWSHOP/goals").await;
    let progress = "form[action$='/progress']";
    let field = browser
        .find(&format!("{progress} input[name^='current_']"))
        .await
        .attr("name")
        .await
        .expect("attribute")
        .expect("the field's name");
    browser
        .submit_in(progress, &[Input::Type(&field, "lots")])
        .await;
    let message = browser
        .find("form[action$='/progress'] .field-error")
        .await
        .text()
        .await
        .expect("the message");
    assert!(!message.trim().is_empty());
    let kept = browser
        .find("form[action$='/progress'] input[name^='current_']")
        .await
        .prop("value")
        .await
        .expect("the value");
    assert_eq!(kept.as_deref(), Some("lots"));
}

async fn feedback_is_linked_to_the_feature(browser: &Browser, feature: &str) {
    browser.goto("/projects/NWSHOP/feedback").await;
    browser.expect_text("Feedback inbox").await;
    browser
        .find("input[name^='pick_']")
        .await
        .click()
        .await
        .expect("select the newest feedback");
    browser
        .submit(
            "/projects/NWSHOP/feedback/triage",
            &[
                Input::Choose("status", "linked"),
                Input::Type("feature_id", feature),
            ],
        )
        .await;
    let page = browser.expect_text("Feedback triaged.").await;
    assert!(page.contains(&format!("#{feature}")), "{page}");
    assert!(page.contains("linked"), "{page}");
    browser.screenshot("direction-04-feedback").await;
}

async fn delaying_a_release_moves_its_date_and_logs_the_decision(browser: &Browser) {
    browser.goto("/projects/NWSHOP/releases").await;
    browser
        .client
        .find(Locator::LinkText("1.0 Mobile checkout launch"))
        .await
        .expect("the launch release")
        .click()
        .await
        .expect("open it");
    browser.expect_text("Go/no-go checklist").await;
    browser
        .find("#outcome-delay")
        .await
        .click()
        .await
        .expect("choose delay");
    let action = format!("{}/decide", browser.path().await);
    browser
        .submit(
            &action,
            &[
                Input::Set("date", "2099-01-15"),
                Input::Type("rationale", "Rollback plan not tested yet"),
            ],
        )
        .await;
    browser.expect_text("Decision recorded; the release").await;
    let date = browser
        .find("#release-date")
        .await
        .text()
        .await
        .expect("date");
    assert_eq!(date, "2099-01-15");
    browser.expect_text("Go/no-go: delay").await;
    browser.screenshot("direction-05-release-delayed").await;
    browser.goto("/projects/NWSHOP/decisions").await;
    let log = browser
        .expect_text("Go/no-go 1.0 Mobile checkout launch: delay")
        .await;
    assert!(log.contains("Rollback plan not tested yet"), "{log}");
    assert!(
        log.contains("Overdue"),
        "the demo's open decision is flagged: {log}"
    );
    browser.screenshot("direction-06-decision-log").await;
}

/// The demo's overdue payment decision is accepted on its own page: the page says so, with
/// the decision and its date, and the log no longer flags anything overdue.
async fn accepting_the_open_decision_on_its_page(browser: &Browser) {
    browser.goto("/projects/NWSHOP/decisions").await;
    browser
        .client
        .find(Locator::XPath(
            "//a[contains(., 'Choose the payment provider')]",
        ))
        .await
        .expect("the open decision")
        .click()
        .await
        .expect("open it");
    browser.expect_text("Edit decision").await;
    let action = browser.path().await;
    browser
        .submit(
            &action,
            &[
                Input::Choose("status", "accepted"),
                Input::Type("decision", "Stripe"),
                Input::Type(
                    "rationale",
                    "Fastest onboarding; the widget fits the checkout",
                ),
                Input::Type("consequences_cost", "1.4 % per transaction"),
            ],
        )
        .await;
    let page = browser.expect_text("Decision saved.").await;
    assert!(page.contains("Decision: Stripe"), "{page}");
    assert!(page.contains("Cost: 1.4 % per transaction"), "{page}");
    assert!(!page.contains("Overdue"), "{page}");
    browser.screenshot("direction-07-decision-accepted").await;
    browser.goto("/projects/NWSHOP/decisions?overdue=1").await;
    browser
        .expect_text("No decisions recorded that are overdue.")
        .await;
}

async fn client_sees_shared_direction_and_sends_feedback(browser: &Browser) {
    browser.goto("/projects/NWSHOP/releases").await;
    let timeline = browser.expect_text("1.0 Mobile checkout launch").await;
    assert!(timeline.contains("2099-01-15"), "{timeline}");
    assert!(
        !timeline.contains("Click & collect"),
        "internal release: {timeline}"
    );
    browser.screenshot("direction-08-client-releases").await;

    browser.goto("/projects/NWSHOP/feedback").await;
    browser.expect_text("Your feedback").await;
    browser
        .submit(
            "/projects/NWSHOP/feedback",
            &[Input::Type("text", "Please add Apple Pay")],
        )
        .await;
    let mine = browser.expect_text("Feedback sent.").await;
    assert!(mine.contains("Please add Apple Pay"), "{mine}");
    assert!(
        mine.contains("Checkout asks for the delivery address twice"),
        "{mine}"
    );
    assert!(
        !mine.contains("Coupon field"),
        "someone else's feedback: {mine}"
    );
    browser.screenshot("direction-09-client-feedback").await;

    browser.goto("/projects/NWSHOP/goals").await;
    let goals = browser.expect_text("Make mobile checkout effortless").await;
    assert!(!goals.contains("Bring store and web together"), "{goals}");
    browser.goto("/projects/NWSHOP/workshops").await;
    let workshops = browser.expect_text("Kick-off with Northwind").await;
    assert!(!workshops.contains("Checkout story mapping"), "{workshops}");
    browser.goto("/projects/NWSHOP/decisions").await;
    let decisions = browser.expect_text("Decision log").await;
    assert!(
        !decisions.contains("Choose the payment provider"),
        "{decisions}"
    );
    browser.goto("/projects/NWSHOP/vision").await;
    browser.expect_text("Small offices ordering supplies").await;
    browser.goto("/projects/FLEET/vision").await;
    browser.expect_text("Page not found").await;
}
