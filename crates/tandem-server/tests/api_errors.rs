//! Bad requests: each gets its status and a JSON error with a stable code, never a 500, and
//! none of them leaves anything written behind.

mod common;

use common::{Caller, TestApp, assert_error, send};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

per_backend!(
    a_two_mebibyte_body_is_refused_with_413,
    a_chunked_body_over_the_limit_is_refused_with_413,
    malformed_json_is_a_400_with_a_json_error,
    a_body_that_is_not_json_is_a_415,
    invalid_values_are_422_naming_the_field,
    duplicates_are_409_naming_the_constraint,
    no_bad_input_causes_a_server_error,
    anonymous_callers_get_401,
);

/// A workspace with one project, `ACME`, and the admin's session.
async fn workspace(app: &TestApp) -> Caller {
    let admin = app.setup_admin().await;
    app.create_client(&admin, "Acme").await;
    app.create_project(&admin, json!({ "key": "ACME", "name": "Acme" }))
        .await;
    admin
}

/// Everything the bad requests could have changed.
async fn snapshot(admin: &Caller) -> Value {
    json!({
        "clients": admin.get_json("/api/v1/clients").await,
        "projects": admin.get_json("/api/v1/projects?include_archived=true").await,
        "members": admin.get_json("/api/v1/projects/ACME/members").await,
        "users": admin.get_json("/api/v1/users").await,
        // Using a token stamps `last_used_at`: a read, not a write, so it is left out.
        "tokens": admin.get_json("/api/v1/tokens").await.as_array().map(|tokens| {
            tokens.iter().map(|t| json!([t["id"], t["name"], t["revoked"]])).collect::<Vec<_>>()
        }),
    })
}

/// A new API token of the admin, for raw HTTP requests.
async fn token_of(admin: &Caller) -> String {
    let created = admin
        .expect_json(admin.post("/api/v1/tokens").json(&json!({})), 201)
        .await;
    created["token"].as_str().expect("token").to_owned()
}

async fn a_two_mebibyte_body_is_refused_with_413(app: TestApp) {
    let admin = workspace(&app).await;
    let token = token_of(&admin).await;
    let before = snapshot(&admin).await;
    // Only the head is sent: the server must refuse on the declared length, before reading
    // the body (a client still sending would race the early answer).
    let size = 2 * 1024 * 1024;
    for (method, path) in [
        ("POST", "/api/v1/clients"),
        ("PATCH", "/api/v1/projects/ACME"),
    ] {
        let host = app.address.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
             If-Match: \"1\"\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\
             Connection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.expect("head");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("answer");
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "{method} {path}: {answer}"
        );
        assert!(answer.contains("payload_too_large"), "{answer}");
    }
    assert_eq!(snapshot(&admin).await, before);
}

async fn a_chunked_body_over_the_limit_is_refused_with_413(app: TestApp) {
    let admin = workspace(&app).await;
    let token = token_of(&admin).await;
    let before = snapshot(&admin).await;
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST /api/v1/clients HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
    stream.write_all(b"6\r\n{\"name\r\n").await.expect("start");
    // 2 MiB in chunks; the server may answer and close before we are done.
    for _ in 0..32 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    assert_eq!(snapshot(&admin).await, before);
}

async fn malformed_json_is_a_400_with_a_json_error(app: TestApp) {
    let admin = workspace(&app).await;
    let before = snapshot(&admin).await;
    for raw in [
        "{",
        "{\"name\": }",
        "not json",
        "{\"name\": \"A\"} trailing",
        "\u{feff}{}",
    ] {
        let request = admin
            .post("/api/v1/clients")
            .header("content-type", "application/json")
            .body(raw);
        let (status, body) = send(request).await;
        assert_eq!(status, 400, "{raw}");
        assert_error(&body, "malformed_json");
    }
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let request = admin
        .post("/api/v1/projects")
        .header("content-type", "application/json")
        .body(nested);
    let (status, body) = send(request).await;
    assert!(
        status == 400 || status == 422,
        "deep nesting is refused, not a stack overflow: {status}"
    );
    assert!(body["error"]["code"].is_string());
    assert_eq!(
        send(admin.get("/healthz")).await.0,
        200,
        "the server survived"
    );
    assert_eq!(snapshot(&admin).await, before);
}

async fn a_body_that_is_not_json_is_a_415(app: TestApp) {
    let admin = workspace(&app).await;
    let before = snapshot(&admin).await;
    let requests = [
        admin
            .post("/api/v1/clients")
            .header("content-type", "text/plain")
            .body("{\"name\": \"Plain\"}"),
        admin
            .post("/api/v1/clients")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Form"),
        admin.post("/api/v1/clients").body("{\"name\": \"None\"}"),
    ];
    for request in requests {
        let (status, body) = send(request).await;
        assert_eq!(status, 415);
        assert_error(&body, "unsupported_media_type");
    }
    assert_eq!(snapshot(&admin).await, before);
}

async fn invalid_values_are_422_naming_the_field(app: TestApp) {
    let admin = workspace(&app).await;
    let before = snapshot(&admin).await;
    let project = |extra: Value| {
        let mut body = json!({ "key": "NEW", "name": "New" });
        body.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        admin.post("/api/v1/projects").json(&body)
    };
    let cases = [
        (project(json!({ "key": "acme" })), "key"),
        (project(json!({ "key": "A" })), "key"),
        (project(json!({ "key": "TOOLONGKEY1" })), "key"),
        (project(json!({ "key": "1ABC" })), "key"),
        (project(json!({ "name": "  " })), "name"),
        (project(json!({ "start_date": "2026-02-30" })), "start_date"),
        (project(json!({ "start_date": "2026-05-01", "target_launch_date": "2026-04-01" })), "target_launch_date"),
        (project(json!({ "budget": { "amount": -5, "currency": "EUR" } })), "budget"),
        (project(json!({ "budget": { "amount": 5, "currency": "euro" } })), "budget"),
        (project(json!({ "budget": { "amount": 1.234, "currency": "EUR" } })), "budget"),
        (admin.post("/api/v1/clients").json(&json!({ "name": "" })), "name"),
        (admin.post("/api/v1/clients").json(&json!({ "name": "x".repeat(500) })), "name"),
        (
            admin.post("/api/v1/users").json(&json!({
                "email": "x@example.com", "name": "X", "password": "correct horse battery", "role": "boss"
            })),
            "role",
        ),
        (
            admin.post("/api/v1/users").json(&json!({
                "email": "x@example.com", "name": "X", "password": "correct horse battery", "role": "client"
            })),
            "client_id",
        ),
    ];
    for (request, field) in cases {
        let (status, body) = send(request).await;
        assert_eq!(status, 422, "{field}: {body}");
        let details = assert_error(&body, "validation_failed");
        assert!(
            details["field"]
                .as_str()
                .is_some_and(|f| f.starts_with(field)),
            "expected field {field}: {body}"
        );
    }
    // Well-formed JSON of the wrong shape is also a 422.
    for shape in [json!({}), json!([]), json!({ "name": 42 }), json!(null)] {
        let (status, body) = send(admin.post("/api/v1/clients").json(&shape)).await;
        assert_eq!(status, 422, "{shape}");
        assert_error(&body, "validation_failed");
    }
    assert_eq!(snapshot(&admin).await, before);
}

async fn duplicates_are_409_naming_the_constraint(app: TestApp) {
    let admin = workspace(&app).await;
    let before = snapshot(&admin).await;
    let cases = [
        (
            admin
                .post("/api/v1/projects")
                .json(&json!({ "key": "ACME", "name": "Again" })),
            "projects.key",
        ),
        (
            admin
                .post("/api/v1/clients")
                .json(&json!({ "name": "Acme" })),
            "clients.name",
        ),
        (
            admin.post("/api/v1/users").json(&json!({
                "email": "ADMIN@example.com", "name": "Twin", "password": "correct horse battery"
            })),
            "users.email",
        ),
    ];
    for (request, constraint) in cases {
        let (status, body) = send(request).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(assert_error(&body, "duplicate")["constraint"], constraint);
    }
    assert_eq!(snapshot(&admin).await, before);
}

async fn no_bad_input_causes_a_server_error(app: TestApp) {
    let admin = workspace(&app).await;
    let before = snapshot(&admin).await;
    let bodies = [
        "null",
        "0",
        "\"text\"",
        "[]",
        "{}",
        "{\"key\": null, \"name\": null}",
        "{\"name\": \"\\u0000\", \"key\": \"NUL\"}",
        "{\"email\": \"a\\u0000@example.com\", \"password\": \"correct horse battery\", \"name\": \"N\\u0007\"}",
        "{\"key\": \"ÄÖÜ\", \"name\": \"\"}",
        "{\"user\": -1, \"role\": \"member\"}",
        "{\"user\": \"\\u0000\", \"role\": \"member\"}",
        "{\"user\": 1e400, \"role\": \"member\"}",
        "{\"user\": 9223372036854775808, \"role\": \"member\"}",
        "{\"active\": \"yes\"}",
        "{\"budget\": {\"amount\": 1e308, \"currency\": \"EUR\"}}",
        "{\"start_date\": \"yesterday\", \"version\": -3}",
        "{\"client_id\": \"Acme\"}",
    ];
    let routes = [
        ("POST", "/api/v1/setup"),
        ("POST", "/api/v1/session"),
        ("POST", "/api/v1/users"),
        ("POST", "/api/v1/users/1/active"),
        ("POST", "/api/v1/users/999999/active"),
        ("POST", "/api/v1/clients"),
        ("POST", "/api/v1/projects"),
        ("PATCH", "/api/v1/projects/ACME"),
        ("PATCH", "/api/v1/projects/NOPE"),
        ("POST", "/api/v1/projects/ACME/members"),
    ];
    let mut failures = Vec::new();
    for (method, path) in routes {
        for body in bodies {
            let request = admin
                .request(method.parse().expect("method"), path)
                .header("content-type", "application/json")
                .header("if-match", "\"7\"")
                .body(body);
            let (status, reply) = send(request).await;
            if !(400..500).contains(&status) || !reply["error"]["code"].is_string() {
                failures.push(format!("{method} {path} {body}: {status} {reply}"));
            }
        }
    }
    // Path and query parameters of the wrong type or with bytes no database stores.
    for path in [
        "/api/v1/tokens/abc",
        "/api/v1/tokens/99999999999999999999",
        "/api/v1/projects/ACME/members/x",
        "/api/v1/projects/%00/members",
        "/api/v1/projects/A%00",
        "/api/v1/projects?include_archived=maybe",
        "/api/v1/audit?limit=lots",
        "/api/v1/audit?action=%00",
    ] {
        for method in ["GET", "DELETE", "POST"] {
            let request = admin.request(method.parse().expect("method"), path);
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            if status >= 500 {
                failures.push(format!("{method} {path}: {status}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(snapshot(&admin).await, before);
}

async fn anonymous_callers_get_401(app: TestApp) {
    workspace(&app).await;
    let nobody = app.anonymous();
    for (method, path) in [
        ("GET", "/api/v1/projects"),
        ("GET", "/api/v1/projects/ACME"),
        ("POST", "/api/v1/clients"),
        ("GET", "/api/v1/audit"),
        ("DELETE", "/api/v1/session"),
        ("POST", "/api/v1/tokens"),
    ] {
        let request = nobody
            .request(method.parse().expect("method"), path)
            .json(&json!({ "name": "Sneaky" }));
        let (status, body) = send(request).await;
        assert_eq!(status, 401, "{method} {path}");
        assert_error(&body, "unauthenticated");
    }
}
