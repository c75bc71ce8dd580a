//! `tandem serve` end to end: a CLI-made token works against the served API, the audit log
//! records what happened, SIGTERM shuts the server down cleanly, and `--smtp-url` mail goes
//! through the relay with links to `--public-url`.

mod cli_support;

use cli_support::{PASSWORD, Workspace};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_token_works_against_the_served_api_and_sigterm_stops_it() {
    let workspace = Workspace::new();
    workspace.init();
    let token = workspace
        .run(&[
            "token",
            "create",
            "--email",
            "admin@example.com",
            "--name",
            "ci",
        ])
        .ok();
    let token = token.trim();
    assert!(
        token.starts_with("tdm_") && !token.contains(char::is_whitespace),
        "{token}"
    );

    let server = workspace.serve(&[]);
    let client = reqwest::Client::new();
    let who = client
        .get(format!("{}/api/v1/session", server.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("whoami");
    assert_eq!(who.status(), 200);
    let body: serde_json::Value = who.json().await.expect("json");
    assert_eq!(body["user"]["email"], "admin@example.com");

    for password in ["wrong password!", PASSWORD] {
        client
            .post(format!("{}/api/v1/session", server.address))
            .json(&json!({ "email": "admin@example.com", "password": password }))
            .send()
            .await
            .expect("sign in");
    }
    assert!(server.terminate(), "serve exits 0 on SIGTERM");

    let tail = workspace.run(&["audit", "tail", "-n", "5"]).ok();
    assert!(
        tail.contains("session.failed") && tail.contains("session.create"),
        "{tail}"
    );
    let failed = tail
        .lines()
        .position(|line| line.contains("session.failed"));
    let created = tail
        .lines()
        .position(|line| line.contains("session.create"));
    assert!(failed < created, "oldest first: {tail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_prints_the_credentials_and_serves_them() {
    let workspace = Workspace::new();
    let server = workspace.serve(&["--demo"]);
    let printed = server.printed.join("\n");
    assert!(printed.contains("admin@tandem.demo"), "{printed}");
    let password = printed
        .split("password for every demo account: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the demo password is printed");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let signed_in = client
        .post(format!("{}/api/v1/session", server.address))
        .json(&json!({ "email": "paula@tandem.demo", "password": password }))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    let project = client
        .get(format!("{}/api/v1/projects/NWSHOP", server.address))
        .send()
        .await
        .expect("project");
    assert_eq!(project.status(), 200);
    assert!(server.terminate());
}

#[path = "../../tandem-server/tests/common/smtp.rs"]
#[allow(dead_code)] // the serve test uses the sink, not every helper of it
mod smtp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_mail_through_the_relay_it_is_given() {
    let workspace = Workspace::new();
    workspace.init();
    let sink = smtp::SmtpSink::start().await;
    let server = workspace.serve(&[
        "--smtp-url",
        &sink.url(),
        "--smtp-from",
        "Tandem <tandem@example.com>",
        "--public-url",
        "https://tandem.example.com/",
    ]);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let signed_in: serde_json::Value = client
        .post(format!("{}/api/v1/session", server.address))
        .json(&json!({ "email": "admin@example.com", "password": PASSWORD }))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("session json");
    let csrf = signed_in["csrf_token"].as_str().expect("csrf token");
    let tested: serde_json::Value = client
        .post(format!(
            "{}/api/v1/notifications/test-email",
            server.address
        ))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .expect("test e-mail")
        .json()
        .await
        .expect("mail json");
    assert_eq!(tested["status"], "sent", "{tested}");
    let received = sink.wait_for(1).await;
    assert!(
        received[0]
            .body()
            .contains("https://tandem.example.com/settings/email"),
        "{}",
        received[0].body()
    );
    assert!(server.terminate());
}
