//! Cross-site request forgery defences for forms. Signed-in forms carry the session's CSRF
//! token in a hidden `_csrf` field; sign-in and setup, which have no session yet, accept only
//! posts whose `Origin` (or, failing that, `Referer`) is this very host. Both run before the
//! handler, so a forged post never writes anything.

use crate::auth::CurrentUser;
use crate::auth::secret::constant_time_eq;
use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN, REFERER};

/// True when `sent` is the session's CSRF token. Callers with an API token have no session
/// and need none: browsers never attach an `Authorization` header on their own.
pub fn form_token_matches(user: &CurrentUser, sent: &str) -> bool {
    user.csrf_token()
        .is_none_or(|expected| constant_time_eq(sent, expected))
}

/// True when the request says it comes from a page of this host.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = header(headers, HOST) else {
        return false;
    };
    let source = header(headers, ORIGIN)
        .filter(|origin| *origin != "null")
        .or_else(|| header(headers, REFERER));
    source
        .and_then(authority)
        .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

fn header(headers: &HeaderMap, name: axum::http::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The `host[:port]` of an absolute http(s) URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|authority| !authority.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(axum::http::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn accepts_own_origin_or_referer() {
        assert!(same_origin(&headers(&[
            (HOST, "127.0.0.1:8080"),
            (ORIGIN, "http://127.0.0.1:8080")
        ])));
        assert!(same_origin(&headers(&[
            (HOST, "tandem.example"),
            (REFERER, "https://tandem.example/login?next=/x")
        ])));
    }

    #[test]
    fn refuses_other_or_missing_origin() {
        assert!(!same_origin(&headers(&[
            (HOST, "127.0.0.1:8080"),
            (ORIGIN, "http://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            (HOST, "127.0.0.1:8080"),
            (ORIGIN, "http://127.0.0.1:8080.evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            (HOST, "127.0.0.1:8080"),
            (ORIGIN, "null")
        ])));
        assert!(!same_origin(&headers(&[(HOST, "127.0.0.1:8080")])));
        assert!(!same_origin(&headers(&[(ORIGIN, "http://127.0.0.1:8080")])));
    }
}
