//! E-mail notifications end to end, through a tiny SMTP sink: a mention mails the person who
//! asked for it (right recipient, subject, absolute link) and nobody else; a relay that is
//! down keeps the mail pending with its error until it is up; the last failed attempt marks
//! it failed; two servers on one database send each mail once; admins see the outbox and
//! send themselves a test mail, others get 403. On SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, product_team};
use common::smtp::{SmtpSink, closed_port, relay_url};
use common::{ADMIN_EMAIL, Caller, PASSWORD, TestApp, assert_error, send};
use serde_json::{Value, json};
use std::time::Duration;
use tandem_server::ServerConfig;
use tandem_server::mail::{Mailer, RetryPolicy};

per_backend!(
    a_mention_mails_the_person_who_asked_for_it,
    a_relay_that_is_down_keeps_the_mail_until_it_is_up,
    mail_is_given_up_after_the_last_attempt,
    admins_see_the_outbox_and_test_the_relay,
    two_servers_send_each_mail_once,
);

const PUBLIC_URL: &str = "https://tandem.example.com";

/// Retries within a test's patience: poll every 50 ms, back off from 100 ms.
fn quick_retries(max_attempts: i64) -> RetryPolicy {
    RetryPolicy {
        poll_every: Duration::from_millis(50),
        first_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        max_attempts,
    }
}

/// A second server on the app's database that sends mail through the relay on `port`.
async fn mailing_server(app: &TestApp, port: u16, max_attempts: i64) -> TestApp {
    let mailer = Mailer::new(
        &relay_url(port),
        "Tandem <tandem@example.com>",
        PUBLIC_URL,
        quick_retries(max_attempts),
    )
    .expect("valid mail settings");
    app.server_with(ServerConfig {
        mailer: Some(mailer),
        ..ServerConfig::default()
    })
    .await
}

async fn want_mentions_by_email(caller: &Caller, email: bool) {
    caller
        .expect_json(
            caller
                .request(reqwest::Method::PUT, "/api/v1/notification-settings")
                .json(&json!([{ "kind": "mention", "in_app": true, "email": email }])),
            200,
        )
        .await;
}

/// Paula mentions `text`'s people in a new comment on a new item; returns the item's key.
async fn mention(paula: &Caller, text: &str) -> String {
    let item = paula
        .expect_json(
            paula
                .post("/api/v1/projects/SHOP/items")
                .json(&json!({ "title": "Checkout" })),
            201,
        )
        .await;
    let key = item["key"].as_str().expect("key").to_owned();
    paula
        .expect_json(
            paula
                .post(&format!("/api/v1/items/{key}/comments"))
                .json(&json!({ "body": text })),
            201,
        )
        .await;
    key
}

async fn outbox(admin: &Caller, query: &str) -> Value {
    admin
        .get_json(&format!("/api/v1/notifications/outbox{query}"))
        .await
}

/// Polls the outbox (up to 15 s) until its newest mail satisfies `done`; returns that mail.
async fn wait_for_mail(admin: &Caller, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        last = outbox(admin, "").await;
        if let Some(mail) = last["mails"].get(0).filter(|mail| done(mail)) {
            return mail.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox never got there: {last}");
}

async fn a_mention_mails_the_person_who_asked_for_it(app: TestApp) {
    let sink = SmtpSink::start().await;
    let _mailing = mailing_server(&app, sink.port, 5).await;
    let ProductTeam {
        admin,
        paula,
        mei,
        clara,
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    want_mentions_by_email(&clara.caller, false).await;

    let key = mention(
        &paula.caller,
        "@mei please review; @clara@northwind.example FYI",
    )
    .await;
    let received = sink.wait_for(1).await;
    let mail = &received[0];
    assert_eq!(mail.to, vec!["mei@example.com".to_owned()]);
    assert_eq!(mail.from, "tandem@example.com");
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some(format!("[SHOP] paula mentioned you in a comment on {key}.").as_str())
    );
    let body = mail.body();
    assert!(
        body.contains(&format!("{PUBLIC_URL}/items/{key}")),
        "{body}"
    );
    assert!(body.contains("paula mentioned you"), "{body}");

    let sent = wait_for_mail(&admin, |mail| mail["status"] == "sent").await;
    assert_eq!(sent["to"], "mei@example.com");
    assert_eq!(sent["attempts"], 1);
    assert!(sent["notification_id"].is_i64(), "{sent}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1, "clara did not ask for e-mail");
    let all = outbox(&admin, "").await;
    assert_eq!(
        all["counts"],
        json!({ "pending": 0, "sent": 1, "failed": 0 })
    );
    assert_eq!(all["configured"], false, "this server has no relay");
    // In the app, both were told.
    assert_eq!(
        clara.caller.get_json("/api/v1/notifications").await[0]["kind"],
        "mention"
    );
}

async fn a_relay_that_is_down_keeps_the_mail_until_it_is_up(app: TestApp) {
    let port = closed_port().await;
    let _mailing = mailing_server(&app, port, 100).await;
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    mention(&paula.caller, "@mei over to you").await;

    // Claimed mail counts its attempt before it is tried: wait for the attempt's error.
    let waiting = wait_for_mail(&admin, |mail| mail["last_error"].is_string()).await;
    assert_eq!(waiting["status"], "pending", "{waiting}");
    assert!(waiting["attempts"].as_i64() >= Some(1), "{waiting}");
    assert!(waiting["next_attempt_at"].is_string(), "{waiting}");
    let pending = outbox(&admin, "?status=pending").await;
    assert_eq!(pending["mails"].as_array().map(Vec::len), Some(1));
    assert_eq!(pending["counts"]["pending"], 1);

    let sink = SmtpSink::start_on(port).await;
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].to, vec!["mei@example.com".to_owned()]);
    let sent = wait_for_mail(&admin, |mail| mail["status"] == "sent").await;
    assert!(sent["attempts"].as_i64() >= Some(2), "{sent}");
    assert_eq!(sent["last_error"], Value::Null);
    assert_eq!(sent["next_attempt_at"], Value::Null);
}

async fn mail_is_given_up_after_the_last_attempt(app: TestApp) {
    let _mailing = mailing_server(&app, closed_port().await, 2).await;
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    mention(&paula.caller, "@mei over to you").await;

    let failed = wait_for_mail(&admin, |mail| mail["status"] == "failed").await;
    assert_eq!(failed["attempts"], 2);
    assert!(failed["last_error"].is_string(), "{failed}");
    let counts = outbox(&admin, "?status=failed").await["counts"].clone();
    assert_eq!(counts, json!({ "pending": 0, "sent": 0, "failed": 1 }));
}

async fn admins_see_the_outbox_and_test_the_relay(app: TestApp) {
    let ProductTeam { admin, mei, .. } = product_team(&app).await;
    let (status, body) = send(admin.post("/api/v1/notifications/test-email")).await;
    assert_eq!(status, 409);
    assert_error(&body, "email_not_configured");
    let (status, body) = send(admin.get("/api/v1/notifications/outbox?status=lost")).await;
    assert_eq!(status, 422);
    assert_error(&body, "validation_failed");
    for request in [
        mei.caller.get("/api/v1/notifications/outbox"),
        mei.caller.post("/api/v1/notifications/test-email"),
    ] {
        let (status, body) = send(request).await;
        assert_eq!(status, 403);
        assert_error(&body, "forbidden");
    }

    let off = page(&admin, "/settings/email").await;
    assert!(off.contains("E-mail is off"), "{off}");
    let refused = mei.caller.get("/settings/email").send().await;
    assert_eq!(refused.expect("get the page").status(), 403);

    let sink = SmtpSink::start().await;
    let mailing = mailing_server(&app, sink.port, 5).await;
    let admin_there = mailing.sign_in(ADMIN_EMAIL, PASSWORD).await;
    let tested = admin_there
        .expect_json(admin_there.post("/api/v1/notifications/test-email"), 200)
        .await;
    assert_eq!(tested["status"], "sent", "{tested}");
    assert_eq!(tested["to"], ADMIN_EMAIL);
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].to, vec![ADMIN_EMAIL.to_owned()]);
    assert_eq!(
        received[0].header("Subject").as_deref(),
        Some("Tandem test e-mail")
    );
    assert!(
        received[0]
            .body()
            .contains(&format!("{PUBLIC_URL}/settings/email")),
        "{}",
        received[0].body()
    );
    let seen = outbox(&admin_there, "").await;
    assert_eq!(seen["configured"], true);
    assert_eq!(seen["relay"], sink.url());
    assert_eq!(seen["from"], "Tandem <tandem@example.com>");
    assert_eq!(seen["counts"]["sent"], 1);

    // The same from the settings page: the form answers with the outcome and the outbox.
    let answered = admin_there
        .post("/settings/email/test")
        .header("origin", &mailing.address)
        .form(&[("_csrf", admin_there.csrf_token().expect("a session"))])
        .send()
        .await
        .expect("post the form");
    assert_eq!(answered.status(), 200);
    let shown = answered.text().await.expect("the page");
    assert!(shown.contains("Test e-mail sent"), "{shown}");
    assert!(shown.contains(&sink.url()), "{shown}");
    assert!(shown.contains("0 pending · 2 sent · 0 failed"), "{shown}");
    assert_eq!(sink.wait_for(2).await.len(), 2);
}

/// The HTML of a page `caller` may open.
async fn page(caller: &Caller, path: &str) -> String {
    let response = caller.get(path).send().await.expect("get the page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("the page")
}

async fn two_servers_send_each_mail_once(app: TestApp) {
    let sink = SmtpSink::start().await;
    let _first = mailing_server(&app, sink.port, 5).await;
    let _second = mailing_server(&app, sink.port, 5).await;
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    let mut keys = Vec::new();
    for _ in 0..6 {
        keys.push(mention(&paula.caller, "@mei have a look").await);
    }
    sink.wait_for(keys.len()).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let mut subjects: Vec<String> = sink
        .received()
        .iter()
        .filter_map(|mail| mail.header("Subject"))
        .collect();
    subjects.sort();
    let mut expected: Vec<String> = keys
        .iter()
        .map(|key| format!("[SHOP] paula mentioned you in a comment on {key}."))
        .collect();
    expected.sort();
    assert_eq!(subjects, expected, "each mail exactly once");
    assert_eq!(outbox(&admin, "").await["counts"]["sent"], 6);
}
