//! Admins change accounts: e-mail, name, role and client, with a version check, the workspace
//! always keeping an active admin, and people moving between staff and client contact only
//! once they belong to no project; and a new password for someone who forgot theirs. Through
//! the API and the web page.

mod common;

use common::{ADMIN_EMAIL, Caller, PASSWORD, TestApp, assert_error, send};
use reqwest::header::{ETAG, IF_MATCH};
use serde_json::{Value, json};

per_backend!(
    admins_change_email_name_and_role,
    the_workspace_keeps_an_active_admin,
    staff_become_client_contacts_only_off_every_project,
    the_account_page_saves_and_refuses_like_the_api,
    admins_set_a_new_password_for_someone_who_forgot,
);

fn path(id: i64) -> String {
    format!("/api/v1/users/{id}")
}

/// `PATCH /api/v1/users/{id}` with `body` at `version`.
async fn change(admin: &Caller, id: i64, version: i64, body: Value) -> (u16, Value) {
    send(
        admin
            .patch(&path(id))
            .header(IF_MATCH, format!("\"{version}\""))
            .json(&body),
    )
    .await
}

async fn admins_change_email_name_and_role(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let response = admin.get(&path(mia.id)).send().await.expect("get");
    assert_eq!(response.headers()[ETAG], "\"1\"");
    let read: Value = response.json().await.expect("json");
    assert_eq!(read["role"], "member");

    let (status, refused) = send(mia.caller.get(&path(mia.id))).await;
    assert_eq!(status, 403, "members do not manage accounts: {refused}");
    let (status, refused) = send(admin.patch(&path(mia.id)).json(&json!({ "name": "Mia" }))).await;
    assert_eq!(status, 428, "{refused}");
    let (status, refused) = change(&admin, mia.id, 1, json!({ "email": ADMIN_EMAIL })).await;
    assert_eq!(status, 409, "{refused}");
    let (status, refused) = change(&admin, mia.id, 1, json!({ "email": "not-an-email" })).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "email"
    );

    let (status, changed) = change(
        &admin,
        mia.id,
        1,
        json!({ "email": "Mia.Lopez@Example.com", "name": "Mia López", "role": "admin" }),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["email"], "mia.lopez@example.com");
    assert_eq!(changed["name"], "Mia López");
    assert_eq!(changed["role"], "admin");
    let (status, stale) = change(&admin, mia.id, 1, json!({ "name": "Mia L." })).await;
    assert_eq!(status, 412, "{stale}");

    // The new role applies to her open session at once; she signs in with the new e-mail.
    let (status, _) = send(mia.caller.get("/api/v1/audit")).await;
    assert_eq!(status, 200);
    assert!(
        common::Caller::sign_in(&app.url(""), "mia@example.com", PASSWORD)
            .await
            .is_err()
    );
    app.sign_in("mia.lopez@example.com", PASSWORD).await;

    let audit = admin.get_json("/api/v1/audit?action=user.update").await;
    let entry = &audit[0];
    assert_eq!(
        entry["details"]["role"],
        json!({ "from": "member", "to": "admin" })
    );
    assert_eq!(
        entry["details"]["email"]["to"], "mia.lopez@example.com",
        "{audit}"
    );
    assert!(
        entry["details"].get("client_id").is_none(),
        "only what changed"
    );
}

async fn the_workspace_keeps_an_active_admin(app: TestApp) {
    let admin = app.setup_admin().await;
    let me = admin.get_json("/api/v1/session").await;
    let my_id = me["user"]["id"].as_i64().expect("my id");
    let (status, refused) = change(&admin, my_id, 1, json!({ "role": "member" })).await;
    assert_eq!(status, 422, "{refused}");
    let details = assert_error(&refused, "validation_failed");
    assert_eq!(details["field"], "role");
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("at least one active admin")),
        "{refused}"
    );

    // With a second admin, the first may step down.
    let ben = app.member(&admin, "ben@example.com").await;
    let (status, _) = change(&admin, ben.id, 1, json!({ "role": "admin" })).await;
    assert_eq!(status, 200);
    let version = admin.get_json(&path(my_id)).await["version"]
        .as_i64()
        .expect("version");
    let (status, stepped_down) = change(&admin, my_id, version, json!({ "role": "member" })).await;
    assert_eq!(status, 200, "{stepped_down}");
    // Ben is the last admin now: he may deactivate the former admin, not step down himself.
    let (status, deactivated) = send(
        ben.caller
            .post(&format!("/api/v1/users/{my_id}/active"))
            .json(&json!({ "active": false, "version": stepped_down["version"] })),
    )
    .await;
    assert_eq!(status, 200, "{deactivated}");
    let (status, refused) = change(&ben.caller, ben.id, 2, json!({ "role": "member" })).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(assert_error(&refused, "validation_failed")["field"], "role");
}

async fn staff_become_client_contacts_only_off_every_project(app: TestApp) {
    let admin = app.setup_admin().await;
    let client_id = app.create_client(&admin, "Northwind").await;
    let mia = app.member(&admin, "mia@example.com").await;
    app.create_project(
        &admin,
        json!({ "key": "SHOP", "name": "Web shop", "client_id": client_id }),
    )
    .await;
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/SHOP/members")
                .json(&json!({ "user": mia.id, "role": "member" })),
            201,
        )
        .await;

    let (status, refused) = change(&admin, mia.id, 1, json!({ "role": "client" })).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "client_id",
        "a client contact needs a client first"
    );
    let to_client = json!({ "role": "client", "client_id": client_id });
    let (status, refused) = change(&admin, mia.id, 1, to_client.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(assert_error(&refused, "validation_failed")["field"], "role");
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("(SHOP)")),
        "names the projects: {refused}"
    );

    let (status, _) =
        send(admin.delete(&format!("/api/v1/projects/SHOP/members/{}", mia.id))).await;
    assert_eq!(status, 204);
    let (status, changed) = change(&admin, mia.id, 1, to_client).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["client_id"], client_id);
    // Back to staff: the client goes with the role.
    let (status, changed) = change(&admin, mia.id, 2, json!({ "role": "member" })).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["client_id"], Value::Null);
}

async fn the_account_page_saves_and_refuses_like_the_api(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let list = admin.get_html("/users").await;
    assert!(
        list.contains(&format!("href=\"/users/{}\"", mia.id)),
        "{list}"
    );
    let page = admin.get_html(&format!("/users/{}", mia.id)).await;
    assert!(page.contains(r#"value="mia@example.com""#), "{page}");
    let csrf = admin.csrf_token().expect("a session").to_owned();
    let post = |email: &str, role: &str, version: &str| {
        admin.post(&format!("/users/{}", mia.id)).form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Mia López"),
            ("email", email),
            ("role", role),
            ("client_id", ""),
            ("version", version),
        ])
    };
    let saved = post("mia.lopez@example.com", "admin", "1")
        .send()
        .await
        .expect("post");
    assert_eq!(saved.status(), 200);
    let shown = saved.text().await.expect("page");
    assert!(shown.contains("Account saved."), "{shown}");
    assert!(shown.contains("mia.lopez@example.com"), "{shown}");

    let taken = post(ADMIN_EMAIL, "admin", "2").send().await.expect("post");
    assert_eq!(taken.status(), 422);
    let shown = taken.text().await.expect("page");
    assert!(shown.contains(r#"aria-invalid="true""#), "{shown}");
    assert!(
        shown.contains(&format!(r#"value="{ADMIN_EMAIL}""#)),
        "as typed: {shown}"
    );

    let stale = post("mia@example.com", "member", "1")
        .send()
        .await
        .expect("post");
    assert_eq!(stale.status(), 422);
    let shown = stale.text().await.expect("page");
    assert!(shown.contains("Someone changed this account"), "{shown}");
    assert!(
        shown.contains(r#"value="mia.lopez@example.com""#),
        "the stored one: {shown}"
    );
    assert_eq!(
        admin.get_json(&path(mia.id)).await["email"],
        "mia.lopez@example.com"
    );
}

async fn admins_set_a_new_password_for_someone_who_forgot(app: TestApp) {
    let admin = app.setup_admin().await;
    let mia = app.member(&admin, "mia@example.com").await;
    let reset = |caller: &Caller, id: i64, password: &str| {
        caller
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/users/{id}/password"),
            )
            .json(&json!({ "password": password }))
    };
    let (status, _) = send(reset(&mia.caller, mia.id, "a brand new secret")).await;
    assert_eq!(status, 403);
    let (status, refused) = send(reset(&admin, mia.id, "short")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        assert_error(&refused, "validation_failed")["field"],
        "password"
    );
    let me = admin.get_json("/api/v1/session").await["user"]["id"]
        .as_i64()
        .expect("my id");
    let (status, refused) = send(reset(&admin, me, "a brand new secret")).await;
    assert_eq!(
        status, 422,
        "an admin's own goes with the current one: {refused}"
    );

    let (status, _) = send(reset(&admin, mia.id, "a brand new secret")).await;
    assert_eq!(status, 204);
    let (status, _) = send(mia.caller.get("/api/v1/session")).await;
    assert_eq!(status, 401, "her sessions ended");
    assert!(
        Caller::sign_in(&app.url(""), "mia@example.com", PASSWORD)
            .await
            .is_err()
    );
    app.sign_in("mia@example.com", "a brand new secret").await;
    let audit = admin
        .get_json("/api/v1/audit?action=user.password.reset")
        .await;
    assert_eq!(audit[0]["object_id"], mia.id.to_string(), "{audit}");

    // The same on her account page.
    let csrf = admin.csrf_token().expect("a session").to_owned();
    let post = |password: &str| {
        admin
            .post(&format!("/users/{}/password", mia.id))
            .form(&[("_csrf", csrf.as_str()), ("password", password)])
    };
    let refused = post("short").send().await.expect("post");
    assert_eq!(refused.status(), 422);
    let shown = refused.text().await.expect("page");
    assert!(shown.contains("New password"), "{shown}");
    assert!(shown.contains(r#"aria-invalid="true""#), "{shown}");
    let saved = post("another new secret").send().await.expect("post");
    assert_eq!(saved.status(), 200);
    let shown = saved.text().await.expect("page");
    assert!(shown.contains("New password set"), "{shown}");
    app.sign_in("mia@example.com", "another new secret").await;
    let own = admin.get_html(&format!("/users/{me}")).await;
    assert!(own.contains(r#"href="/settings/password""#), "{own}");
    assert!(!own.contains(&format!("/users/{me}/password")), "{own}");
}
