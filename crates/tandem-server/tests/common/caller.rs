//! Someone calling the API: an HTTP client plus the credentials it attaches to every request
//! (a session cookie with its CSRF token, an API token, or nothing).

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

/// Header that carries the CSRF token on cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A fresh client with a cookie jar of its own.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("build the HTTP client")
}

#[derive(Debug, Clone)]
enum Credentials {
    Anonymous,
    Session { csrf_token: String },
    Bearer(String),
}

/// An API caller. Cheap to clone; clones share the cookie jar.
#[derive(Debug, Clone)]
pub struct Caller {
    base: String,
    /// The underlying client (with the session cookie, if signed in).
    pub client: reqwest::Client,
    credentials: Credentials,
}

impl Caller {
    /// Nobody in particular.
    pub fn anonymous(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            client: new_client(),
            credentials: Credentials::Anonymous,
        }
    }

    /// Authenticates every request with `Authorization: Bearer <token>`.
    pub fn bearer(base: &str, token: &str) -> Self {
        Self {
            credentials: Credentials::Bearer(token.to_owned()),
            ..Self::anonymous(base)
        }
    }

    /// Signs in through `POST /api/v1/session`; the error is the status of a refusal.
    pub async fn sign_in(base: &str, email: &str, password: &str) -> Result<Self, StatusCode> {
        let caller = Self::anonymous(base);
        let response = caller
            .post("/api/v1/session")
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("sign-in request");
        if response.status() != StatusCode::OK {
            return Err(response.status());
        }
        let body: Value = response.json().await.expect("sign-in body");
        let csrf_token = body["csrf_token"].as_str().expect("csrf_token").to_owned();
        Ok(Self {
            credentials: Credentials::Session { csrf_token },
            ..caller
        })
    }

    /// The CSRF token of this caller's session.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.credentials {
            Credentials::Session { csrf_token } => Some(csrf_token),
            _ => None,
        }
    }

    /// The same session (same cookie jar) but without the CSRF header, as a forged
    /// cross-site request would be.
    pub fn without_csrf(&self) -> Self {
        Self {
            credentials: Credentials::Anonymous,
            ..self.clone()
        }
    }

    /// A request to `path` (relative to the server) with this caller's credentials.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.base));
        match &self.credentials {
            Credentials::Anonymous => builder,
            Credentials::Session { csrf_token } => builder.header(CSRF_HEADER, csrf_token),
            Credentials::Bearer(token) => builder.bearer_auth(token),
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// `POST path`.
    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    /// `PATCH path`.
    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.request(Method::PATCH, path)
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Sends `request`, asserts the status, and returns the JSON body.
    pub async fn expect_json(&self, request: RequestBuilder, status: u16) -> Value {
        let (actual, body) = send(request).await;
        assert_eq!(actual, status, "unexpected status; body: {body}");
        body
    }

    /// `GET path`, expecting 200 and JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        self.expect_json(self.get(path), 200).await
    }

    /// Posts a web form to `path` as a browser does (with the CSRF token), following the
    /// redirect; the status and page it ends on.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let (status, _, page) = self.submit_form(path, fields).await;
        (status, page)
    }

    /// `GET path` of a web page, expecting 200; returns its HTML.
    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).send().await.expect("page requested");
        let status = response.status().as_u16();
        let html = response.text().await.expect("HTML");
        assert_eq!(status, 200, "unexpected status; page: {html}");
        html
    }

    /// Posts a web form with this session's CSRF token, following the redirect: the status,
    /// the address it ends on (path and query) and the page.
    pub async fn submit_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let mut body = vec![("_csrf", self.csrf_token().unwrap_or_default())];
        body.extend_from_slice(fields);
        let response = self
            .post(path)
            .form(&body)
            .send()
            .await
            .expect("post the form");
        let status = response.status().as_u16();
        let url = response.url().path().to_owned() + "?" + response.url().query().unwrap_or("");
        (status, url, response.text().await.expect("the page"))
    }
}

/// Sends `request` and returns its status and JSON body (`null` when the body is empty).
pub async fn send(request: RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("response body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("status {status}: body is not JSON: {text}"))
    };
    (status, body)
}
