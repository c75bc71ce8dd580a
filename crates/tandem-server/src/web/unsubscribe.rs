//! `/unsubscribe/{token}`: the one-click unsubscribe page every notification mail links. No
//! sign-in and no CSRF token: the signed token is the authority (see
//! [`crate::mail::unsubscribe`]), and mail clients post to it on their own (RFC 8058), so
//! this is the one form exempt from the CSRF check. `GET` only asks; `POST` stops the mail.

use super::chrome::Chrome;
use super::error::WebError;
use super::page;
use crate::context::RequestMeta;
use crate::mail::unsubscribe::{self, Target};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "pages/unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    kind: &'static str,
    address: String,
    /// The e-mails were just stopped.
    done: bool,
}

impl UnsubscribePage {
    fn render(token: String, target: &Target, done: bool) -> Response {
        page::render(&Self {
            chrome: Chrome::anonymous(),
            token,
            kind: target.scope.label(),
            address: target.user.email.clone(),
            done,
        })
    }
}

/// `GET /unsubscribe/{token}`: asks, changes nothing (link scanners open it too).
pub async fn ask(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let target = unsubscribe::target(&state.store, &token).await?;
    Ok(UnsubscribePage::render(token, &target, false))
}

/// `POST /unsubscribe/{token}`: stops the e-mails (the body, `List-Unsubscribe=One-Click`
/// from a mail client or the page's button, says nothing more) and confirms.
pub async fn stop(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let target = unsubscribe::target(&state.store, &token).await?;
    unsubscribe::apply(&state, &meta, &target).await?;
    Ok(UnsubscribePage::render(token, &target, true))
}
