//! First-run setup, sessions, CSRF, failed-login limits, API tokens and deactivation.

mod common;

use common::{ADMIN_EMAIL, CSRF_HEADER, Caller, PASSWORD, TestApp, assert_error, send};
use reqwest::Method;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

per_backend!(
    setup_creates_the_first_admin_once,
    setup_validates_before_writing,
    sign_in_sets_a_safe_cookie_and_returns_a_csrf_token,
    sign_out_ends_the_session_on_the_server,
    wrong_email_and_wrong_password_look_the_same,
    failed_sign_ins_are_limited_per_account_across_servers,
    sessions_live_in_the_database_not_in_one_server,
    cookie_writes_need_the_csrf_token,
    api_tokens_work_on_every_route_until_revoked,
    deactivation_ends_sessions_and_sign_ins,
    only_admins_manage_users,
    changing_the_password_ends_the_other_sessions,
);

async fn setup_creates_the_first_admin_once(app: TestApp) {
    let caller = app.anonymous();
    let body = json!({ "email": "First@Example.com", "name": "First", "password": PASSWORD });
    let admin = caller
        .expect_json(caller.post("/api/v1/setup").json(&body), 201)
        .await;
    assert_eq!(admin["role"], "admin");
    assert_eq!(
        admin["email"], "first@example.com",
        "e-mails are normalised"
    );
    assert!(admin.get("password_hash").is_none() && admin.get("password").is_none());

    let again = json!({ "email": "second@example.com", "name": "Second", "password": PASSWORD });
    let refused = caller
        .expect_json(caller.post("/api/v1/setup").json(&again), 409)
        .await;
    assert_error(&refused, "duplicate");
    assert_eq!(app.store.count_users().await.expect("count"), 1);
}

async fn setup_validates_before_writing(app: TestApp) {
    let caller = app.anonymous();
    let cases = [
        (
            json!({ "email": "nobody", "name": "N", "password": PASSWORD }),
            "email",
        ),
        (
            json!({ "email": "a@example.com", "name": "N", "password": "short" }),
            "password",
        ),
        (
            json!({ "email": "a@example.com", "name": " ", "password": PASSWORD }),
            "name",
        ),
    ];
    for (body, field) in cases {
        let refused = caller
            .expect_json(caller.post("/api/v1/setup").json(&body), 422)
            .await;
        assert_eq!(assert_error(&refused, "validation_failed")["field"], field);
    }
    assert_eq!(app.store.count_users().await.expect("count"), 0);
}

/// The `Set-Cookie` header of a successful sign-in.
async fn sign_in_cookie(app: &TestApp, email: &str) -> (String, Value) {
    let response = app
        .anonymous()
        .post("/api/v1/session")
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .expect("a session cookie")
        .to_owned();
    (cookie, response.json().await.expect("session body"))
}

async fn sign_in_sets_a_safe_cookie_and_returns_a_csrf_token(app: TestApp) {
    app.setup_admin().await;
    let (cookie, body) = sign_in_cookie(&app, ADMIN_EMAIL).await;
    assert!(cookie.starts_with("tandem_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    let csrf = body["csrf_token"].as_str().expect("csrf token");
    assert!(csrf.len() >= 32, "a guessable CSRF token: {csrf}");
    assert_eq!(body["user"]["email"], ADMIN_EMAIL);

    let admin = app.sign_in(ADMIN_EMAIL, PASSWORD).await;
    let who = admin.get_json("/api/v1/session").await;
    assert_eq!(who["user"]["role"], "admin");
    assert_eq!(who["csrf_token"].as_str(), admin.csrf_token());
}

async fn sign_out_ends_the_session_on_the_server(app: TestApp) {
    app.setup_admin().await;
    let (set_cookie, body) = sign_in_cookie(&app, ADMIN_EMAIL).await;
    let session_cookie = set_cookie.split(';').next().expect("name=value").to_owned();
    let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
    // A client without a cookie jar, so the old cookie keeps being sent after sign-out.
    let raw = reqwest::Client::new();
    let whoami = || {
        raw.get(app.url("/api/v1/session"))
            .header(COOKIE, &session_cookie)
    };
    assert_eq!(send(whoami()).await.0, 200);

    let forged = raw
        .delete(app.url("/api/v1/session"))
        .header(COOKIE, &session_cookie);
    assert_eq!(
        send(forged).await.0,
        403,
        "sign-out is a write: it needs the CSRF token"
    );
    assert_eq!(send(whoami()).await.0, 200);

    let sign_out = raw
        .delete(app.url("/api/v1/session"))
        .header(COOKIE, &session_cookie)
        .header(CSRF_HEADER, &csrf)
        .send()
        .await
        .expect("sign out");
    assert_eq!(sign_out.status(), 204);
    let cleared = sign_out
        .headers()
        .get(SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let (status, body) = send(whoami()).await;
    assert_eq!(status, 401, "the old cookie must be dead on the server");
    assert_error(&body, "unauthenticated");
}

async fn wrong_email_and_wrong_password_look_the_same(app: TestApp) {
    app.setup_admin().await;
    let caller = app.anonymous();
    let attempt = |email: &str, password: &str| {
        caller
            .post("/api/v1/session")
            .json(&json!({ "email": email, "password": password }))
    };
    let (unknown_status, unknown) = send(attempt("nobody@example.com", PASSWORD)).await;
    let (wrong_status, wrong) = send(attempt(ADMIN_EMAIL, "not the password")).await;
    assert_eq!(unknown_status, 401);
    assert_eq!(wrong_status, 401);
    assert_eq!(
        unknown, wrong,
        "the answer must not tell whether the account exists"
    );
    assert_error(&wrong, "invalid_credentials");
}

async fn failed_sign_ins_are_limited_per_account_across_servers(app: TestApp) {
    let admin = app.setup_admin().await;
    let other = app.member(&admin, "other@example.com").await;
    let caller = app.anonymous();
    let attempt = |password: &str| {
        caller
            .post("/api/v1/session")
            .json(&json!({ "email": ADMIN_EMAIL, "password": password }))
    };
    for _ in 0..5 {
        assert_eq!(send(attempt("not the password")).await.0, 401);
    }
    let (status, body) = send(attempt(PASSWORD)).await;
    assert_eq!(status, 429, "even the right password waits out the limit");
    assert_error(&body, "too_many_attempts");

    // The count lives in the database: another app server refuses too.
    let second = app.second_server().await;
    let (status, _) = send(
        second
            .anonymous()
            .post("/api/v1/session")
            .json(&json!({ "email": ADMIN_EMAIL, "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 429);

    // Other accounts are not locked out.
    app.sign_in(&other.email, PASSWORD).await;
}

async fn sessions_live_in_the_database_not_in_one_server(app: TestApp) {
    app.setup_admin().await;
    let (set_cookie, body) = sign_in_cookie(&app, ADMIN_EMAIL).await;
    let cookie = set_cookie.split(';').next().expect("name=value").to_owned();
    let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
    let second = app.second_server().await;
    let raw = reqwest::Client::new();
    let whoami = |server: &TestApp| {
        raw.get(server.url("/api/v1/session"))
            .header(COOKIE, &cookie)
    };
    assert_eq!(
        send(whoami(&second)).await.0,
        200,
        "a session from one server works on another"
    );

    let sign_out = raw
        .delete(second.url("/api/v1/session"))
        .header(COOKIE, &cookie)
        .header(CSRF_HEADER, &csrf);
    assert_eq!(send(sign_out).await.0, 204);
    assert_eq!(
        send(whoami(&app)).await.0,
        401,
        "signing out on one server ends it everywhere"
    );
}

async fn cookie_writes_need_the_csrf_token(app: TestApp) {
    let admin = app.setup_admin().await;
    let body = json!({ "name": "Forged Ltd" });
    let forged = admin.without_csrf();
    let refused = forged
        .expect_json(forged.post("/api/v1/clients").json(&body), 403)
        .await;
    assert_error(&refused, "csrf_failed");
    let wrong = forged
        .post("/api/v1/clients")
        .header(CSRF_HEADER, "0".repeat(64))
        .json(&body);
    assert_eq!(send(wrong).await.0, 403);
    assert_eq!(
        admin.get_json("/api/v1/clients").await,
        json!([]),
        "nothing was written"
    );

    // Reads need no token; the right token makes the write work.
    assert_eq!(
        forged
            .get("/api/v1/clients")
            .send()
            .await
            .expect("read")
            .status(),
        200
    );
    admin
        .expect_json(admin.post("/api/v1/clients").json(&body), 201)
        .await;
}

async fn api_tokens_work_on_every_route_until_revoked(app: TestApp) {
    let admin = app.setup_admin().await;
    let created = admin
        .expect_json(
            admin.post("/api/v1/tokens").json(&json!({ "name": "ci" })),
            201,
        )
        .await;
    let token = created["token"].as_str().expect("the token is shown once");
    let token_id = created["id"].as_i64().expect("token id");
    let listed = admin.get_json("/api/v1/tokens").await;
    assert_eq!(listed[0]["name"], "ci");
    assert!(
        listed[0].get("token").is_none(),
        "the secret is never listed"
    );
    assert!(token.starts_with(listed[0]["prefix"].as_str().expect("prefix")));

    let bot = app.bearer(token);
    let who = bot.get_json("/api/v1/session").await;
    assert_eq!(who["user"]["email"], ADMIN_EMAIL);
    assert!(who["csrf_token"].is_null(), "tokens need no CSRF token");

    // Writes without any CSRF header, on every kind of route.
    let client = bot
        .expect_json(
            bot.post("/api/v1/clients").json(&json!({ "name": "Acme" })),
            201,
        )
        .await;
    let member = bot
        .expect_json(
            bot.post("/api/v1/users").json(&json!({
                "email": "mia@example.com", "name": "Mia", "password": PASSWORD
            })),
            201,
        )
        .await;
    let project = bot
        .expect_json(
            bot.post("/api/v1/projects").json(&json!({
                "key": "ACME", "name": "Acme shop", "client_id": client["id"],
                "product_manager": ADMIN_EMAIL, "project_manager": member["id"],
            })),
            201,
        )
        .await;
    let etag = |version: &Value| format!("\"{version}\"");
    let patched = bot
        .expect_json(
            bot.patch("/api/v1/projects/ACME")
                .header("if-match", etag(&project["version"]))
                .json(&json!({ "description": "via token" })),
            200,
        )
        .await;
    bot.expect_json(
        bot.post("/api/v1/projects/ACME/members")
            .json(&json!({ "user": "mia@example.com", "role": "member" })),
        201,
    )
    .await;
    let removal = format!("/api/v1/projects/ACME/members/{}?role=member", member["id"]);
    assert_eq!(send(bot.delete(&removal)).await.0, 204);
    let current = bot.get_json("/api/v1/projects/ACME").await;
    assert!(current["version"].as_i64() > patched["version"].as_i64());
    bot.expect_json(
        bot.post("/api/v1/projects/ACME/archive")
            .header("if-match", etag(&current["version"])),
        200,
    )
    .await;
    let deactivate = format!("/api/v1/users/{}/active", member["id"]);
    bot.expect_json(
        bot.post(&deactivate)
            .json(&json!({ "active": false, "version": member["version"] })),
        200,
    )
    .await;
    for path in [
        "/api/v1/tokens",
        "/api/v1/users",
        "/api/v1/clients",
        "/api/v1/projects?include_archived=true",
        "/api/v1/projects/ACME",
        "/api/v1/projects/ACME/members",
        "/api/v1/audit",
    ] {
        bot.get_json(path).await;
    }
    let (status, body) = send(bot.delete("/api/v1/session")).await;
    assert_eq!(status, 400, "a token is not a session");
    assert_error(&body, "not_a_session");

    let revoke = format!("/api/v1/tokens/{token_id}");
    assert_eq!(send(admin.delete(&revoke)).await.0, 204);
    let (status, body) = send(bot.get("/api/v1/projects")).await;
    assert_eq!(status, 401, "a revoked token is dead");
    assert_error(&body, "unauthenticated");
    assert_eq!(admin.get_json("/api/v1/tokens").await[0]["revoked"], true);

    for header in ["Bearer not-a-token", "Basic YWRtaW46cGFzcw==", "Bearer"] {
        let request = app
            .anonymous()
            .get("/api/v1/projects")
            .header("authorization", header);
        assert_eq!(send(request).await.0, 401, "{header}");
    }
}

async fn deactivation_ends_sessions_and_sign_ins(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    assert_eq!(
        mia.caller.get_json("/api/v1/session").await["user"]["id"],
        mia.id
    );

    let path = format!("/api/v1/users/{}/active", mia.id);
    let stale = admin
        .expect_json(
            admin
                .post(&path)
                .json(&json!({ "active": false, "version": 99 })),
            412,
        )
        .await;
    assert_error(&stale, "version_conflict");
    assert_eq!(
        send(mia.caller.get("/api/v1/session")).await.0,
        200,
        "still active"
    );

    let done = admin
        .expect_json(
            admin
                .post(&path)
                .json(&json!({ "active": false, "version": 1 })),
            200,
        )
        .await;
    assert_eq!(done["active"], false);
    assert_eq!(send(mia.caller.get("/api/v1/session")).await.0, 401);
    let again = app
        .anonymous()
        .post("/api/v1/session")
        .json(&json!({ "email": mia.email, "password": PASSWORD }));
    assert_eq!(send(again).await.0, 401);

    let me = admin.get_json("/api/v1/session").await;
    let own = format!("/api/v1/users/{}/active", me["user"]["id"]);
    let refused = admin
        .expect_json(
            admin
                .post(&own)
                .json(&json!({ "active": false, "version": 1 })),
            422,
        )
        .await;
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "active"
    );
}

async fn only_admins_manage_users(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let client_id = app.create_client(&admin, "Acme").await;
    let carl = app
        .client_contact(&admin, "carl@acme.example", client_id)
        .await;

    let body = json!({ "email": "x@example.com", "name": "X", "password": PASSWORD });
    let refused = mia
        .caller
        .expect_json(mia.caller.post("/api/v1/users").json(&body), 403)
        .await;
    assert_error(&refused, "forbidden");
    assert_eq!(
        mia.caller
            .get_json("/api/v1/users")
            .await
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let refused = carl
        .caller
        .expect_json(carl.caller.get("/api/v1/users"), 403)
        .await;
    assert_error(&refused, "forbidden");
    assert_eq!(app.store.count_users().await.expect("count"), 3);
}

async fn changing_the_password_ends_the_other_sessions(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let laptop = Caller::sign_in(&app.address, &mia.email, PASSWORD)
        .await
        .expect("second session");
    let change = |current: &str, new: &str| {
        mia.caller
            .request(Method::PUT, "/api/v1/session/password")
            .json(&json!({ "current_password": current, "new_password": new }))
    };

    let wrong = mia
        .caller
        .expect_json(change("not my password", "a much better password"), 422)
        .await;
    assert_eq!(
        assert_error(&wrong, "validation_failed")["field"],
        "current_password"
    );
    let weak = mia.caller.expect_json(change(PASSWORD, "short"), 422).await;
    assert_eq!(
        assert_error(&weak, "validation_failed")["field"],
        "new_password"
    );
    assert_eq!(send(laptop.get("/api/v1/session")).await.0, 200);

    assert_eq!(
        send(change(PASSWORD, "a much better password")).await.0,
        204
    );
    assert_eq!(
        send(mia.caller.get("/api/v1/session")).await.0,
        200,
        "this session stays"
    );
    assert_eq!(
        send(laptop.get("/api/v1/session")).await.0,
        401,
        "the other one ends"
    );
    let old = Caller::sign_in(&app.address, &mia.email, PASSWORD).await;
    assert_eq!(old.err(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert!(
        Caller::sign_in(&app.address, &mia.email, "a much better password")
            .await
            .is_ok()
    );
    let audit = admin
        .get_json("/api/v1/audit?action=user.password_change")
        .await;
    assert_eq!(audit.as_array().map(Vec::len), Some(1), "{audit}");
}
