//! The client portal and the notification bell in a real browser, on the demo workspace: the
//! client contact signs in and lands on her portal (shared vision, roadmap, releases with
//! readiness, decisions — nothing internal), sends feedback that mentions the product manager
//! and sees its status; the product manager then sees the bell count, opens her
//! notifications, follows one and marks them read. Screenshots land in
//! `<target>/tmp/screenshots/portal-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_portal_and_the_product_managers_bell() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    sign_in(&browser, "clara@northwind.demo").await;
    client_sees_her_portal_and_sends_feedback(&browser).await;
    browser.submit("/logout", &[]).await;

    sign_in(&browser, "paula@tandem.demo").await;
    product_manager_sees_the_bell_and_reads_her_notifications(&browser).await;
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

async fn client_sees_her_portal_and_sends_feedback(browser: &Browser) {
    assert_eq!(
        browser.path().await,
        "/portal",
        "a client's home is the portal"
    );
    let portal = browser.expect_text("Northwind web shop relaunch").await;
    for shown in [
        "Our shared vision",
        "Shopping at Northwind is as easy on the phone as in the store.",
        "Roadmap",
        "1.0 Mobile checkout launch",
        "Checkout asks for the delivery address twice",
    ] {
        assert!(portal.contains(shown), "{shown} missing:\n{portal}");
    }
    assert!(
        portal.contains("features ready") || portal.contains("still being chosen"),
        "release readiness:\n{portal}"
    );
    for internal in [
        "1.1 Click & collect",
        "Choose the payment provider",
        "Coupon field",
        "Budget",
        "EUR",
        "Earned value",
    ] {
        assert!(!portal.contains(internal), "{internal} leaked:\n{portal}");
    }
    // Clara has a mention from the demo: her bell shows it.
    let bell = browser.find(".bell-count").await;
    assert_eq!(bell.text().await.expect("bell text"), "1");
    browser.screenshot("portal-01-client-home").await;

    browser
        .submit(
            "/portal/NWSHOP/feedback",
            &[Input::Type(
                "text",
                "Please add Apple Pay to the new checkout, @Paula",
            )],
        )
        .await;
    let after = browser.expect_text("Feedback sent.").await;
    assert!(after.contains("Please add Apple Pay"), "{after}");
    assert!(after.contains("Received — not reviewed yet"), "{after}");
    browser.screenshot("portal-02-feedback-sent").await;

    // An empty note is refused on the form, with the reason.
    browser
        .submit("/portal/NWSHOP/feedback", &[Input::Type("text", "   ")])
        .await;
    browser.expect_text("must not be empty").await;
}

async fn product_manager_sees_the_bell_and_reads_her_notifications(browser: &Browser) {
    assert_eq!(
        browser.path().await,
        "/projects",
        "staff land on their projects"
    );
    let count: i64 = browser
        .find(".bell-count")
        .await
        .text()
        .await
        .expect("bell text")
        .parse()
        .expect("a number");
    assert!(count >= 2, "the demo mention and Clara's: {count}");
    browser.screenshot("portal-03-bell").await;
    browser
        .find("a.bell")
        .await
        .click()
        .await
        .expect("open the notifications");
    let list = browser.expect_text("Clara Client mentioned you").await;
    assert!(list.contains("Jonas Planner mentioned you"), "{list}");
    assert!(list.contains(&format!("{count} unread")), "{list}");
    browser.screenshot("portal-04-notifications").await;

    browser.submit("/notifications/read-all", &[]).await;
    browser
        .expect_text("All notifications marked as read.")
        .await;
    let bell = browser.find(".bell-count").await;
    assert_eq!(bell.text().await.expect("bell text"), "0");

    // Each notification links to its subject.
    browser
        .find("a[href='/projects/NWSHOP/feedback']")
        .await
        .click()
        .await
        .expect("follow the notification");
    browser.expect_text("Please add Apple Pay").await;
}
