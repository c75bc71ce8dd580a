//! The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// Name of the session cookie.
pub const NAME: &str = "tandem_session";

/// How long a session lasts without signing in again.
pub const TTL_MS: i64 = 14 * 24 * 60 * 60 * 1000;

/// The `Set-Cookie` value that starts a session.
pub fn set(token: &str, secure: bool) -> String {
    let max_age = TTL_MS / 1000;
    let secure = if secure { "; Secure" } else { "" };
    format!("{NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn clear(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Reads the session token from the request's cookies.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}
