//! E-mail notifications end to end, through a tiny SMTP sink: a mention mails the person who
//! asked for it (right recipient, subject, absolute link) and nobody else; in the app and by
//! e-mail are chosen apart per kind (ADR 0027), an e-mail-only condition is mailed once, and
//! people who never chose get no mail; a relay that is down keeps the mail pending with its
//! error until it is up; the last failed attempt marks it failed; two servers on one database
//! send each mail once; admins see the outbox and send themselves a test mail, others get
//! 403; the settings page greys the e-mail column out without a relay; a person's own time
//! zone (API and settings form, unknown names refused) puts their daily digest at 07:00
//! there. On SQLite and PostgreSQL.

mod common;

use common::direction::{ProductTeam, product_team};
use common::smtp::{ReceivedMail, SmtpSink, closed_port, relay_url};
use common::{ADMIN_EMAIL, Caller, PASSWORD, TestApp, assert_error, send};
use serde_json::{Value, json};
use std::time::Duration;
use tandem_server::ServerConfig;
use tandem_server::mail::{Mailer, RetryPolicy};

per_backend!(
    a_mention_mails_the_person_who_asked_for_it,
    a_mail_has_a_text_and_an_escaped_html_part,
    one_click_unsubscribe_stops_that_kind_by_email,
    a_daily_person_gets_one_digest_a_day,
    a_person_sets_their_time_zone,
    the_digest_comes_at_seven_in_the_persons_time_zone,
    a_relay_that_is_down_keeps_the_mail_until_it_is_up,
    mail_is_given_up_after_the_last_attempt,
    admins_see_the_outbox_and_test_the_relay,
    two_servers_send_each_mail_once,
    in_the_app_and_by_email_are_chosen_apart,
    an_email_only_condition_is_mailed_once,
    no_mail_unless_chosen_and_earlier_choices_keep_their_outcome,
    without_a_relay_the_email_column_is_off_and_kept,
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
    choose(caller, "mention", true, email).await;
}

/// Where notifications of `kind` reach `caller`: in the app, by e-mail, both or neither.
async fn choose(caller: &Caller, kind: &str, in_app: bool, email: bool) -> Value {
    caller
        .expect_json(
            caller
                .request(reqwest::Method::PUT, "/api/v1/notification-settings")
                .json(&json!([{ "kind": kind, "in_app": in_app, "email": email }])),
            200,
        )
        .await
}

/// `caller`'s setting for `kind`, as `(in_app, email)`.
async fn setting(caller: &Caller, kind: &str) -> (Value, Value) {
    let all = caller.get_json("/api/v1/notification-settings").await;
    let found = all
        .as_array()
        .and_then(|list| list.iter().find(|setting| setting["kind"] == kind))
        .unwrap_or_else(|| panic!("no setting for {kind} in {all}"));
    (found["in_app"].clone(), found["email"].clone())
}

/// The kinds of `caller`'s notifications in the app, newest first.
async fn kinds_in_app(caller: &Caller) -> Vec<Value> {
    let list = caller.get_json("/api/v1/notifications").await;
    list.as_array()
        .expect("a list")
        .iter()
        .map(|notification| notification["kind"].clone())
        .collect()
}

/// Paula mentions `text`'s people in a new comment on a new item; returns the item's key.
async fn mention(paula: &Caller, text: &str) -> String {
    mention_on(paula, "Checkout", text).await
}

/// Paula mentions `text`'s people in a new comment on a new item titled `title`; returns the
/// item's key.
async fn mention_on(paula: &Caller, title: &str, text: &str) -> String {
    let item = paula
        .expect_json(
            paula
                .post("/api/v1/projects/SHOP/items")
                .json(&json!({ "title": title })),
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

/// Where a person wants mentions: `(in_app, email)`.
type Channels = (bool, bool);

/// Mei and Clara choose where mentions reach them, then Paula mentions both while a second
/// server mails through a fresh sink. Returns the sink, that server (keep it while mail
/// should go out), the team and the commented item's key.
async fn mention_mei_and_clara(
    app: &TestApp,
    mei: Channels,
    clara: Channels,
) -> (SmtpSink, TestApp, ProductTeam, String) {
    let sink = SmtpSink::start().await;
    let mailing = mailing_server(app, sink.port, 5).await;
    let team = product_team(app).await;
    choose(&team.mei.caller, "mention", mei.0, mei.1).await;
    choose(&team.clara.caller, "mention", clara.0, clara.1).await;
    let key = mention(
        &team.paula.caller,
        "@mei please review; @clara@northwind.example FYI",
    )
    .await;
    (sink, mailing, team, key)
}

/// Waits for the mail to `to`, checks that no other follows and that the outbox counts it
/// sent; returns it as received and as the outbox lists it.
async fn the_only_mail(sink: &SmtpSink, admin: &Caller, to: &str) -> (ReceivedMail, Value) {
    let received = sink.wait_for(1).await.remove(0);
    assert_eq!(received.to, vec![to.to_owned()]);
    let sent = wait_for_mail(admin, |mail| mail["status"] == "sent").await;
    assert_eq!(sent["to"], to);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1, "only {to} asked for e-mail");
    assert_eq!(
        outbox(admin, "").await["counts"],
        json!({ "pending": 0, "sent": 1, "failed": 0, "held": 0, "digested": 0 })
    );
    (received, sent)
}

async fn a_mention_mails_the_person_who_asked_for_it(app: TestApp) {
    let (sink, _mailing, team, key) =
        mention_mei_and_clara(&app, (true, true), (true, false)).await;
    let ProductTeam { admin, clara, .. } = team;
    let (mail, sent) = the_only_mail(&sink, &admin, "mei@example.com").await;
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
    assert_eq!(sent["attempts"], 1);
    assert!(sent["notification_id"].is_i64(), "{sent}");
    let all = outbox(&admin, "").await;
    assert_eq!(all["configured"], false, "this server has no relay");
    // In the app, both were told.
    assert_eq!(
        clara.caller.get_json("/api/v1/notifications").await[0]["kind"],
        "mention"
    );
}

async fn a_mail_has_a_text_and_an_escaped_html_part(app: TestApp) {
    let sink = SmtpSink::start().await;
    let _mailing = mailing_server(&app, sink.port, 5).await;
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    let key = mention_on(
        &paula.caller,
        "Checkout <script>alert(1)</script>",
        "@mei please review",
    )
    .await;
    let mail = sink.wait_for(1).await.remove(0);
    assert!(
        mail.header("Content-Type")
            .is_some_and(|kind| kind.starts_with("multipart/alternative")),
        "{}",
        mail.data
    );
    let text = mail.body();
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(
        text.contains(&format!("{PUBLIC_URL}/items/{key}")),
        "{text}"
    );
    let html = mail.part("text/html").expect("an HTML part");
    assert!(
        html.contains("Checkout &#60;script&#62;alert(1)&#60;/script&#62;"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains(&format!(r#"href="{PUBLIC_URL}/items/{key}""#)),
        "{html}"
    );
    assert!(
        html.contains(&format!(r#"href="{PUBLIC_URL}/notifications#settings""#)),
        "{html}"
    );
    assert!(!html.contains("<img") && !html.contains("<link"), "{html}");
}

async fn one_click_unsubscribe_stops_that_kind_by_email(app: TestApp) {
    let sink = SmtpSink::start().await;
    let _mailing = mailing_server(&app, sink.port, 5).await;
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    choose(&mei.caller, "go_no_go", true, true).await;
    mention(&paula.caller, "@mei please review").await;
    let mail = sink.wait_for(1).await.remove(0);
    let header = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = header
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .unwrap_or_else(|| panic!("one URL in angle brackets: {header}"));
    let path = url
        .strip_prefix(PUBLIC_URL)
        .unwrap_or_else(|| panic!("on the public URL: {url}"));
    assert!(path.starts_with("/unsubscribe/"), "{path}");
    assert!(mail.body().contains(url), "the text footer links it too");
    let html = mail.part("text/html").expect("an HTML part");
    assert!(html.contains(&format!(r#"href="{url}""#)), "{html}");

    // No cookie, no CSRF token, no origin: what a mail client sends.
    let client = reqwest::Client::new();
    let at = |path: &str| format!("{}{path}", app.address);
    let asked = client.get(at(path)).send().await.expect("get the page");
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.expect("the page");
    assert!(
        asked.contains(r#"Stop e-mails about "Someone mentions me" to mei@example.com?"#),
        "{asked}"
    );
    assert_eq!(
        setting(&mei.caller, "mention").await,
        (json!(true), json!(true)),
        "opening the page changes nothing"
    );

    let tampered = format!(
        "{}0",
        path.trim_end_matches(|c: char| c.is_ascii_hexdigit())
    );
    let other_kind = path.replace(".mention.", ".go_no_go.");
    for forged in [
        tampered.as_str(),
        other_kind.as_str(),
        "/unsubscribe/1.mention.00",
    ] {
        let refused = client
            .post(at(forged))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .expect("post");
        assert_eq!(refused.status(), 404, "{forged}");
    }
    assert_eq!(
        setting(&mei.caller, "mention").await,
        (json!(true), json!(true))
    );
    assert_eq!(
        setting(&mei.caller, "go_no_go").await,
        (json!(true), json!(true))
    );

    let done = client
        .post(at(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("post");
    assert_eq!(done.status(), 200);
    let done = done.text().await.expect("the page");
    assert!(done.contains("E-mails stopped"), "{done}");
    assert!(done.contains(r#"href="/notifications#settings""#), "{done}");
    assert_eq!(
        setting(&mei.caller, "mention").await,
        (json!(true), json!(false)),
        "e-mail off, in the app kept"
    );
    assert_eq!(
        setting(&mei.caller, "go_no_go").await,
        (json!(true), json!(true)),
        "other kinds keep their e-mail"
    );
    let audited = admin
        .get_json("/api/v1/audit?action=notification_settings.unsubscribe")
        .await;
    assert_eq!(audited[0]["actor"], "mei@example.com", "{audited}");
    assert_eq!(audited[0]["details"]["kind"], "mention", "{audited}");
    assert_eq!(audited.as_array().map(Vec::len), Some(1), "{audited}");
}

async fn a_daily_person_gets_one_digest_a_day(app: TestApp) {
    use tandem_server::mail::digest::make_due;
    let sink = SmtpSink::start().await;
    let mailing = mailing_server(&app, sink.port, 5).await;
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    let path = "/api/v1/notification-settings/email-delivery";
    assert_eq!(
        mei.caller.get_json(path).await["email_delivery"],
        "immediately"
    );
    let chosen = mei
        .caller
        .expect_json(
            mei.caller
                .request(reqwest::Method::PUT, path)
                .json(&json!({ "email_delivery": "daily" })),
            200,
        )
        .await;
    assert_eq!(chosen["email_delivery"], "daily");
    let (status, refused) = send(
        mei.caller
            .request(reqwest::Method::PUT, path)
            .json(&json!({ "email_delivery": "weekly" })),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_error(&refused, "validation_failed");
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("email_delivery") && message.contains("weekly"),
        "names the field and the bad value: {message}"
    );
    assert_eq!(mei.caller.get_json(path).await["email_delivery"], "daily");

    let first = mention(&paula.caller, "@mei one").await;
    let second = mention(&paula.caller, "@mei two").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sink.received().is_empty(), "nothing goes out at once");
    assert_eq!(outbox(&admin, "").await["counts"]["held"], 2);
    let now = jiff::Timestamp::now();
    assert_eq!(
        make_due(&app.store, now).await.expect("digest run"),
        0,
        "queued after the last 07:00 UTC: tomorrow's digest"
    );

    let tomorrow = now
        .checked_add(jiff::SignedDuration::from_hours(24))
        .expect("a day later");
    assert_eq!(make_due(&app.store, tomorrow).await.expect("digest run"), 1);
    assert_eq!(
        make_due(&app.store, tomorrow).await.expect("digest run"),
        0,
        "one digest a day"
    );
    let digest = sink.wait_for(1).await.remove(0);
    assert_eq!(digest.to, vec!["mei@example.com".to_owned()]);
    assert!(
        digest
            .header("Subject")
            .is_some_and(|subject| subject.starts_with("Your Tandem notifications")),
        "{}",
        digest.data
    );
    let text = digest.body();
    for key in [&first, &second] {
        assert!(
            text.contains(&format!("{PUBLIC_URL}/items/{key}")),
            "{text}"
        );
    }
    assert!(
        text.contains("Someone mentions me"),
        "grouped by kind: {text}"
    );
    let html = digest.part("text/html").expect("an HTML part");
    assert!(
        html.contains(&format!("{PUBLIC_URL}/items/{second}")),
        "{html}"
    );
    assert!(
        digest
            .header("List-Unsubscribe")
            .is_some_and(|link| link.contains(".all.")),
        "{}",
        digest.data
    );
    wait_for_mail(&admin, |mail| mail["status"] == "sent").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);
    assert_eq!(
        outbox(&admin, "").await["counts"],
        json!({ "pending": 0, "sent": 1, "failed": 0, "held": 0, "digested": 2 })
    );

    // The settings page's radio: back to immediately.
    let mei_there = mailing.sign_in("mei@example.com", PASSWORD).await;
    let form = page(&mei_there, "/notifications").await;
    assert!(
        form.contains(r#"name="email_delivery" value="daily" checked>"#),
        "{form}"
    );
    let saved = mei_there
        .post("/notifications/settings")
        .header("origin", &mailing.address)
        .form(&[
            ("_csrf", mei_there.csrf_token().expect("a session")),
            ("email.mention", "on"),
            ("email_delivery", "immediately"),
        ])
        .send()
        .await
        .expect("post the form");
    assert_eq!(saved.status(), 200);
    assert_eq!(
        mei.caller.get_json(path).await["email_delivery"],
        "immediately"
    );
}

const TIME_ZONE: &str = "/api/v1/session/time-zone";

async fn a_person_sets_their_time_zone(app: TestApp) {
    let ProductTeam { mei, .. } = product_team(&app).await;
    let put = |zone: &str| {
        mei.caller
            .request(reqwest::Method::PUT, TIME_ZONE)
            .json(&json!({ "time_zone": zone }))
    };
    assert_eq!(
        mei.caller.get_json(TIME_ZONE).await,
        json!({ "time_zone": "UTC" }),
        "UTC until chosen"
    );
    let chosen = mei.caller.expect_json(put(" europe/berlin "), 200).await;
    assert_eq!(
        chosen,
        json!({ "time_zone": "Europe/Berlin" }),
        "the database's spelling"
    );
    assert_eq!(mei.caller.get_json(TIME_ZONE).await, chosen);

    let (status, refused) = send(put("Mars/Olympus_Mons")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "time_zone"
    );
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("'Mars/Olympus_Mons'"), "{message}");
    let (status, _) = send(put("")).await;
    assert_eq!(status, 422);
    assert_eq!(mei.caller.get_json(TIME_ZONE).await, chosen, "kept");
    let (status, _) = send(app.anonymous().get(TIME_ZONE)).await;
    assert_eq!(status, 401);

    // The settings form: the select shows the zone; a known one is saved, an unknown one is
    // refused at the field and changes nothing.
    let form = page(&mei.caller, "/notifications").await;
    assert!(
        form.contains(r#"<option value="Europe/Berlin" selected>"#),
        "{form}"
    );
    let post = |zone: &str| {
        mei.caller.post("/notifications/settings").form(&[
            ("_csrf", mei.caller.csrf_token().expect("a session")),
            ("in_app.mention", "on"),
            ("time_zone", zone),
        ])
    };
    let saved = post("Australia/Sydney")
        .send()
        .await
        .expect("post the form");
    assert_eq!(saved.status(), 200);
    assert_eq!(
        mei.caller.get_json(TIME_ZONE).await["time_zone"],
        "Australia/Sydney"
    );
    let refused = post("Atlantis/Capital")
        .send()
        .await
        .expect("post the form");
    assert_eq!(refused.status(), 422);
    let shown = refused.text().await.expect("the page");
    assert!(
        shown.contains("&#39;Atlantis/Capital&#39; is not a time zone"),
        "{shown}"
    );
    assert!(shown.contains(r#"aria-invalid="true""#), "{shown}");
    assert_eq!(
        mei.caller.get_json(TIME_ZONE).await["time_zone"],
        "Australia/Sydney"
    );
}

async fn the_digest_comes_at_seven_in_the_persons_time_zone(app: TestApp) {
    use jiff::{SignedDuration, Timestamp, ToSpan, tz::TimeZone};
    use tandem_server::mail::digest::make_due;
    let sink = SmtpSink::start().await;
    let _mailing = mailing_server(&app, sink.port, 5).await;
    let ProductTeam { paula, mei, .. } = product_team(&app).await;
    want_mentions_by_email(&mei.caller, true).await;
    mei.caller
        .expect_json(
            mei.caller
                .request(
                    reqwest::Method::PUT,
                    "/api/v1/notification-settings/email-delivery",
                )
                .json(&json!({ "email_delivery": "daily" })),
            200,
        )
        .await;
    mei.caller
        .expect_json(
            mei.caller
                .request(reqwest::Method::PUT, TIME_ZONE)
                .json(&json!({ "time_zone": "Australia/Sydney" })),
            200,
        )
        .await;
    mention(&paula.caller, "@mei good night").await;

    // The first 07:00 in Sydney after the mention.
    let sydney = TimeZone::get("Australia/Sydney").expect("a known zone");
    let now = Timestamp::now().to_zoned(sydney);
    let mut seven = now
        .with()
        .time(jiff::civil::time(7, 0, 0, 0))
        .build()
        .expect("07:00 today");
    if seven <= now {
        seven = seven.checked_add(1.day()).expect("07:00 tomorrow");
    }
    let second = SignedDuration::from_secs(1);
    let just_before = seven.timestamp() - second;
    assert_eq!(
        make_due(&app.store, just_before).await.expect("digest run"),
        0
    );
    assert_eq!(
        make_due(&app.store, seven.timestamp())
            .await
            .expect("digest run"),
        1
    );
    let later = seven.timestamp() + SignedDuration::from_hours(20);
    assert_eq!(
        make_due(&app.store, later).await.expect("digest run"),
        0,
        "one digest for that local day"
    );
    let digest = sink.wait_for(1).await.remove(0);
    assert_eq!(
        digest.header("Subject"),
        Some(format!("Your Tandem notifications, {}", seven.date())),
        "named by Sydney's date: {}",
        digest.data
    );
    assert!(
        digest.body().contains("07:00 in your time zone"),
        "{}",
        digest.body()
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
    assert_eq!(
        counts,
        json!({ "pending": 0, "sent": 0, "failed": 1, "held": 0, "digested": 0 })
    );
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

async fn in_the_app_and_by_email_are_chosen_apart(app: TestApp) {
    let (sink, _mailing, team, _) = mention_mei_and_clara(&app, (true, false), (false, true)).await;
    let ProductTeam {
        admin, mei, clara, ..
    } = team;
    let (_, sent) = the_only_mail(&sink, &admin, "clara@northwind.example").await;

    assert_eq!(kinds_in_app(&mei.caller).await, vec![json!("mention")]);
    assert!(
        kinds_in_app(&clara.caller).await.is_empty(),
        "clara wants mentions by e-mail only"
    );
    let unread = clara
        .caller
        .get_json("/api/v1/notifications?unread=true")
        .await;
    assert_eq!(unread, json!([]));
    let page = page(&clara.caller, "/notifications").await;
    assert!(
        page.contains(r#"data-unread="0""#),
        "the bell counts nothing"
    );
    // The stored copy behind her mail is nobody's to mark read.
    let hidden = sent["notification_id"]
        .as_i64()
        .expect("the mail copies one");
    let (status, body) = send(
        clara
            .caller
            .post(&format!("/api/v1/notifications/{hidden}/read")),
    )
    .await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    let marked = clara
        .caller
        .expect_json(clara.caller.post("/api/v1/notifications/read-all"), 200)
        .await;
    assert_eq!(marked["marked"], 0);
}

async fn an_email_only_condition_is_mailed_once(app: TestApp) {
    let ProductTeam {
        admin, paula, mei, ..
    } = product_team(&app).await;
    choose(&mei.caller, "decision_overdue", false, true).await;
    paula
        .caller
        .expect_json(
            paula.caller.post("/api/v1/projects/SHOP/decisions").json(
                &json!({ "title": "Pick a carrier", "decider": mei.id, "due_on": "2020-01-31" }),
            ),
            201,
        )
        .await;
    for _ in 0..2 {
        admin
            .expect_json(admin.post("/api/v1/notifications/sweep"), 200)
            .await;
    }
    let queued = outbox(&admin, "").await;
    let to_mei: Vec<&Value> = queued["mails"]
        .as_array()
        .expect("mails")
        .iter()
        .filter(|mail| mail["to"] == "mei@example.com")
        .collect();
    assert_eq!(
        to_mei.len(),
        1,
        "the standing condition is mailed once: {queued}"
    );
    assert!(
        to_mei[0]["subject"]
            .as_str()
            .is_some_and(|subject| subject.contains("Pick a carrier")),
        "{queued}"
    );
    assert!(kinds_in_app(&mei.caller).await.is_empty());
}

async fn no_mail_unless_chosen_and_earlier_choices_keep_their_outcome(app: TestApp) {
    let ProductTeam {
        admin,
        paula,
        mei,
        clara,
    } = product_team(&app).await;
    // Mei never chose: every kind in the app, none by e-mail.
    let defaults = mei.caller.get_json("/api/v1/notification-settings").await;
    for kind in defaults.as_array().expect("settings") {
        assert_eq!(
            (&kind["in_app"], &kind["email"]),
            (&json!(true), &json!(false))
        );
    }
    mention(&paula.caller, "@mei have a look").await;
    assert_eq!(kinds_in_app(&mei.caller).await, vec![json!("mention")]);
    assert_eq!(outbox(&admin, "").await["counts"]["pending"], 0);

    // Before channels were apart, e-mail copied the in-app notification: a kind off in the
    // app sent no mail whatever its e-mail box said. The upgrade keeps that outcome.
    choose(&clara.caller, "mention", false, true).await;
    choose(&paula.caller, "mention", true, true).await;
    app.execute_sql("DELETE FROM schema_migrations WHERE version = 14")
        .await;
    app.execute_sql("ALTER TABLE notifications DROP COLUMN in_app")
        .await;
    let applied = app.store.migrate().await.expect("the upgrade runs");
    assert_eq!(applied, vec!["notification_channels".to_owned()]);
    assert_eq!(
        setting(&clara.caller, "mention").await,
        (json!(false), json!(false))
    );
    assert_eq!(
        setting(&paula.caller, "mention").await,
        (json!(true), json!(true))
    );
    assert_eq!(kinds_in_app(&mei.caller).await, vec![json!("mention")]);
}

async fn without_a_relay_the_email_column_is_off_and_kept(app: TestApp) {
    let ProductTeam { admin, mei, .. } = product_team(&app).await;
    choose(&mei.caller, "mention", true, true).await;

    let for_admin = page(&admin, "/notifications").await;
    assert!(
        for_admin.contains("administrator has not set up e-mail"),
        "{for_admin}"
    );
    assert!(
        for_admin.contains(r#"href="/settings/email""#),
        "{for_admin}"
    );
    let for_mei = page(&mei.caller, "/notifications").await;
    assert!(
        for_mei.contains("administrator has not set up e-mail"),
        "{for_mei}"
    );
    assert!(
        !for_mei.contains(r#"href="/settings/email""#),
        "admins only"
    );
    assert!(
        for_mei.contains(
            r#"name="email.mention" aria-label="Someone mentions me: by e-mail" checked disabled"#
        ),
        "{for_mei}"
    );

    assert!(
        for_mei.contains(r#"name="email_delivery" value="immediately" checked disabled"#),
        "{for_mei}"
    );

    // A disabled box is not sent: saving the form keeps the e-mail choices as they were.
    let saved = mei
        .caller
        .post("/notifications/settings")
        .header("origin", &app.address)
        .form(&[
            ("_csrf", mei.caller.csrf_token().expect("a session")),
            ("in_app.go_no_go", "on"),
        ])
        .send()
        .await
        .expect("post the form");
    assert_eq!(saved.status(), 200);
    assert_eq!(
        setting(&mei.caller, "mention").await,
        (json!(false), json!(true))
    );
    assert_eq!(
        setting(&mei.caller, "go_no_go").await,
        (json!(true), json!(false))
    );
}
