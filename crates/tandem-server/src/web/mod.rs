//! The server-rendered web UI: HTML pages built with askama templates, our own small CSS and
//! JS, and plain HTML forms that work without JavaScript. Handlers here parse forms and call
//! the same service functions as the JSON API, so both faces obey the same rules.

mod assets;
mod chrome;
mod clients;
mod coverage;
mod csrf;
mod error;
mod extract;
mod form;
mod format;
mod gantt;
mod login;
mod notice;
mod page;
mod project_page;
mod projects;
mod schedule;
mod setup;
mod tokens;
mod users;

use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Redirect;
use axum::routing::{get, post};
use extract::MaybeSignedIn;
use tower_http::set_header::SetResponseHeaderLayer;

/// Routes of the web UI: the pages, their form targets and the static assets.
pub fn router() -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(home))
        .route("/setup", get(setup::page).post(setup::submit))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::sign_out))
        .route("/projects", get(projects::list).post(projects::create))
        .route("/projects/new", get(projects::new_form))
        .route("/projects/{key}", get(project_page::overview))
        .route("/projects/{key}/edit", post(project_page::edit))
        .route("/projects/{key}/gantt", get(schedule::gantt))
        .route("/projects/{key}/forecast", get(schedule::forecast))
        .route("/projects/{key}/evm", get(schedule::earned_value))
        .route("/projects/{key}/status", get(schedule::status))
        .route("/projects/{key}/archive", post(project_page::archive))
        .route("/projects/{key}/members", post(project_page::add_member))
        .route(
            "/projects/{key}/members/{user_id}/remove",
            post(project_page::remove_member),
        )
        .route("/clients", get(clients::list).post(clients::create))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}/active", post(users::set_active))
        .route("/settings/tokens", get(tokens::list).post(tokens::create))
        .route("/settings/tokens/{id}/revoke", post(tokens::revoke));
    with_page_headers(pages).merge(assets::router())
}

/// `/`: the first-run setup while nobody exists, then the projects (or sign-in).
async fn home(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
) -> Result<Redirect, error::WebError> {
    match user {
        Some(_) => Ok(Redirect::to("/projects")),
        None => Err(extract::entry_point(&state, None).await),
    }
}

/// Headers every page carries: pages are private (never cached, so the back button after
/// signing out shows nothing), only our own scripts and styles run, and no other site may
/// frame them.
const PAGE_HEADERS: [(HeaderName, &str); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::CACHE_CONTROL, "no-store"),
    (header::REFERRER_POLICY, "same-origin"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
];

fn with_page_headers(pages: Router<AppState>) -> Router<AppState> {
    PAGE_HEADERS
        .into_iter()
        .fold(pages, |pages, (name, value)| {
            pages.layer(SetResponseHeaderLayer::overriding(
                name,
                HeaderValue::from_static(value),
            ))
        })
}

#[cfg(test)]
mod tests;

/// The friendly HTML "not found" page, for browsers that ask for an address nobody serves.
pub fn not_found_page() -> axum::response::Response {
    axum::response::IntoResponse::into_response(error::WebError::NotFound)
}
