//! E-mail in a real browser, on the demo workspace with a server that sends through a small
//! SMTP sink: the admin opens Settings › E-mail, sees the relay and the empty outbox, sends
//! herself a test mail and sees it listed as sent, then moves the workspace to Los Angeles on
//! Settings › Time zone; a product manager chooses e-mail for
//! mentions on her notification settings and takes it back again, each choice kept after a
//! reload, then picks the daily digest and her time zone, kept after a reload too, and moves
//! to Berlin on her profile page, where her notifications' times follow. Without a
//! relay the e-mail column is greyed out and admins are pointed to the
//! e-mail settings. Screenshots land in `<target>/tmp/screenshots/email-*.png`.

#[allow(dead_code)] // this suite uses part of the shared harness
#[path = "browser/harness.rs"]
mod harness;
#[allow(dead_code)] // the sink, not every helper of it
#[path = "common/smtp.rs"]
mod smtp;

use harness::{App, Browser, Input};
use smtp::SmtpSink;
use tandem_server::ServerConfig;
use tandem_server::mail::{Mailer, RetryPolicy};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
const MENTIONS_BY_EMAIL: &str = "input[name='email.mention']";
const MENTIONS_IN_APP: &str = "input[name='in_app.mention']";
const DAILY: &str = "input[name='email_delivery'][value='daily']";
const TIME_ZONE: &str = "select[name='time_zone']";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_tests_the_relay_and_a_person_chooses_email_per_kind() {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(
        &sink.url(),
        "Tandem <tandem@example.com>",
        "https://tandem.example.com",
        RetryPolicy::default(),
    )
    .expect("valid mail settings");
    let app = App::spawn_demo_with(ServerConfig {
        mailer: Some(mailer),
        ..ServerConfig::default()
    })
    .await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };

    admin_sends_a_test_mail(&browser, &sink).await;
    admin_sets_the_workspace_time_zone(&browser).await;
    browser.submit("/logout", &[]).await;
    person_chooses_email_for_mentions(&browser).await;
    person_takes_a_daily_digest_in_her_time_zone(&browser).await;
    person_moves_to_berlin_on_her_profile(&browser).await;

    browser.close().await;
}

async fn admin_sends_a_test_mail(browser: &Browser, sink: &SmtpSink) {
    browser
        .sign_in("admin@tandem.demo", PASSWORD, "Projects")
        .await;
    browser.goto("/settings/email").await;
    let page = browser
        .expect_text(&format!("Sending through {}", sink.url()))
        .await;
    assert!(page.contains("as Tandem <tandem@example.com>"), "{page}");
    assert!(page.contains("0 pending · 0 sent · 0 failed"), "{page}");
    assert!(page.contains("No e-mail yet."), "{page}");
    browser.screenshot("email-01-relay").await;

    browser.submit("/settings/email/test", &[]).await;
    let page = browser.expect_text("Test e-mail sent").await;
    assert!(page.contains("0 pending · 1 sent · 0 failed"), "{page}");
    let row = browser
        .find("tr[data-mail-status='sent']")
        .await
        .text()
        .await
        .expect("the row's text");
    assert!(row.contains("admin@tandem.demo"), "{row}");
    assert!(row.contains("Tandem test e-mail"), "{row}");
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].to, vec!["admin@tandem.demo".to_owned()]);
    browser.screenshot("email-02-test-sent").await;
}

async fn person_chooses_email_for_mentions(browser: &Browser) {
    browser
        .sign_in("paula@tandem.demo", PASSWORD, "Projects")
        .await;
    show_settings(browser).await;
    browser
        .expect_text("whether or not you also want it in the app")
        .await;
    assert!(
        !ticked(browser, MENTIONS_BY_EMAIL).await,
        "no e-mail unless chosen"
    );
    assert!(ticked(browser, MENTIONS_IN_APP).await);

    for wanted in [true, false] {
        browser
            .find(MENTIONS_BY_EMAIL)
            .await
            .click()
            .await
            .expect("tick the box");
        browser.submit("/notifications/settings", &[]).await;
        browser.expect_text("Notification settings saved.").await;
        show_settings(browser).await;
        assert_eq!(ticked(browser, MENTIONS_BY_EMAIL).await, wanted);
        assert!(
            ticked(browser, MENTIONS_IN_APP).await,
            "in the app is apart"
        );
        if wanted {
            browser.screenshot("email-03-mentions-by-email").await;
        }
    }
    browser.screenshot("email-04-mentions-in-app-only").await;
}

/// Paula (still signed in) clicks the daily digest and picks Sydney as her time zone; both are
/// kept after a reload.
async fn person_takes_a_daily_digest_in_her_time_zone(browser: &Browser) {
    show_settings(browser).await;
    assert!(!ticked(browser, DAILY).await, "at once until chosen");
    assert_eq!(
        chosen_zone(browser).await,
        "America/Los_Angeles",
        "the workspace's until chosen"
    );
    browser
        .expect_text("Your daily digest comes at 07:00 here.")
        .await;
    browser
        .find(DAILY)
        .await
        .click()
        .await
        .expect("click the daily digest");
    browser
        .submit(
            "/notifications/settings",
            &[Input::Choose("time_zone", "Australia/Sydney")],
        )
        .await;
    browser.expect_text("Notification settings saved.").await;

    show_settings(browser).await;
    assert!(ticked(browser, DAILY).await, "the daily digest is kept");
    assert_eq!(chosen_zone(browser).await, "Australia/Sydney");
    assert!(ticked(browser, MENTIONS_IN_APP).await, "the rest is kept");
    browser.screenshot("email-05-daily-digest-in-sydney").await;
}
/// From the e-mail settings the admin opens the Time zone tab and moves the workspace to Los
/// Angeles: the page shows the zone and today's date there.
async fn admin_sets_the_workspace_time_zone(browser: &Browser) {
    browser
        .find("nav.tabs a[href='/settings/time-zone']")
        .await
        .click()
        .await
        .expect("open the Time zone tab");
    browser.expect_text("Workspace time zone").await;
    assert_eq!(chosen_zone(browser).await, "UTC");
    browser
        .submit(
            "/settings/time-zone",
            &[Input::Choose("time_zone", "America/Los_Angeles")],
        )
        .await;
    let page = browser.expect_text("Workspace time zone saved.").await;
    assert_eq!(chosen_zone(browser).await, "America/Los_Angeles");
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("America/Los_Angeles").expect("a zone"))
        .date()
        .to_string();
    assert!(
        page.contains(&today),
        "today in Los Angeles, {today}: {page}"
    );
    browser.screenshot("email-08-workspace-time-zone").await;
}

/// Paula opens her profile from the page header: the zone she picked is selected there. She
/// corrects her name and moves to Berlin; both are kept, and her notifications' times read
/// on Berlin's clock.
async fn person_moves_to_berlin_on_her_profile(browser: &Browser) {
    browser
        .find("header a[href='/settings/profile']")
        .await
        .click()
        .await
        .expect("open the profile");
    browser.expect_text("Your profile").await;
    browser.expect_text("paula@tandem.demo").await;
    assert_eq!(chosen_zone(browser).await, "Australia/Sydney");
    browser
        .submit(
            "/settings/profile",
            &[
                Input::Type("name", "Paula Prodmann"),
                Input::Choose("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    browser.expect_text("Profile saved.").await;
    assert_eq!(chosen_zone(browser).await, "Europe/Berlin");
    let name = browser
        .find("input[name='name']")
        .await
        .prop("value")
        .await
        .expect("the name field's value");
    assert_eq!(name.as_deref(), Some("Paula Prodmann"));
    browser.screenshot("email-07-profile-in-berlin").await;

    browser.goto("/notifications").await;
    let when = browser
        .find(".notification .muted.small")
        .await
        .text()
        .await
        .expect("a notification's time");
    assert!(
        when.contains(" CET") || when.contains(" CEST"),
        "on Berlin's clock: {when}"
    );
}

/// The time zone the settings' select shows.
async fn chosen_zone(browser: &Browser) -> String {
    browser
        .find(TIME_ZONE)
        .await
        .prop("value")
        .await
        .expect("the select's value")
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_relay_the_email_column_is_greyed_out() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .sign_in("admin@tandem.demo", PASSWORD, "Projects")
        .await;
    show_settings(&browser).await;
    browser
        .expect_text("the administrator has not set up e-mail")
        .await;
    let by_email = browser.find(MENTIONS_BY_EMAIL).await;
    assert!(!by_email.is_enabled().await.expect("the box's state"));
    assert!(ticked(&browser, MENTIONS_IN_APP).await);
    browser.screenshot("email-06-no-relay").await;

    browser
        .find("[data-email-off] a[href='/settings/email']")
        .await
        .click()
        .await
        .expect("follow the link");
    browser.expect_text("E-mail is off").await;
    browser.close().await;
}

/// Loads the notifications page and scrolls to its settings.
async fn show_settings(browser: &Browser) {
    browser.goto("/notifications").await;
    browser.find("#settings").await;
    browser
        .client
        .execute(
            "document.getElementById('settings').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll to the settings");
}

/// Whether the checkbox `css` is ticked.
async fn ticked(browser: &Browser, css: &str) -> bool {
    browser
        .find(css)
        .await
        .is_selected()
        .await
        .expect("the box's state")
}
