//! The server-rendered web UI: HTML pages built with askama templates, our own small CSS and
//! JS, and plain HTML forms that work without JavaScript. Handlers here parse forms and call
//! the same service functions as the JSON API, so both faces obey the same rules.

mod assets;
mod budget;
mod budget_edit;
mod charts;
mod chrome;
mod clients;
mod coverage;
mod csrf;
mod direction;
mod email_settings;
mod error;
mod extract;
mod form;
mod format;
mod gantt;
mod health;
mod health_settings;
mod item_page;
mod login;
mod notice;
mod notifications;
mod page;
mod password;
mod portal;
mod portfolio;
mod product;
mod profile;
mod project_page;
mod projects;
mod raci_template;
mod record_edit;
mod reports;
mod risks;
mod roles;
mod schedule;
mod setup;
mod sprints;
mod team;
mod time;
mod time_off_edit;
mod timeline;
mod timer;
mod tokens;
mod unsubscribe;
mod users;
mod work;
mod workflow;
mod workspace_zone;

pub(crate) use page::percent_encode;

use crate::state::{AppState, IMPORT_BODY_LIMIT};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
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
        .route("/portfolio", get(portfolio::page))
        .route("/projects/new", get(projects::new_form))
        .route("/projects/{key}", get(project_page::overview))
        .route("/projects/{key}/edit", post(project_page::edit))
        .route("/projects/{key}/gantt", get(schedule::gantt))
        .route("/projects/{key}/baselines", post(schedule::save_baseline))
        .route(
            "/projects/{key}/baselines/{id}/delete",
            post(schedule::delete_baseline),
        )
        .route(
            "/projects/{key}/import/msproject",
            post(schedule::import_msproject).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route("/projects/{key}/forecast", get(schedule::forecast))
        .route("/projects/{key}/evm", get(schedule::earned_value))
        .route("/projects/{key}/status", get(schedule::status))
        .route(
            "/projects/{key}/reports",
            get(reports::list).post(reports::generate),
        )
        .route("/projects/{key}/reports/{id}", get(reports::show))
        .route("/projects/{key}/archive", post(project_page::archive))
        .route("/projects/{key}/members", post(project_page::add_member))
        .route(
            "/projects/{key}/members/{user_id}/remove",
            post(project_page::remove_member),
        )
        .route("/projects/{key}/roles", get(roles::page))
        .route("/projects/{key}/health", get(health::page))
        .route("/projects/{key}/roles/activities", post(roles::add))
        .route(
            "/projects/{key}/roles/activities/{id}",
            post(roles::save_row),
        )
        .route(
            "/projects/{key}/roles/activities/{id}/delete",
            post(roles::delete),
        )
        .route(
            "/settings/health",
            get(health_settings::page).post(health_settings::save),
        )
        .route(
            "/settings/time-zone",
            get(workspace_zone::page).post(workspace_zone::save),
        )
        .route(
            "/settings/raci",
            get(raci_template::page).post(raci_template::save),
        )
        .route("/settings/raci/reset", post(raci_template::reset))
        .route(
            "/projects/{key}/roles/make-default",
            post(raci_template::from_project),
        )
        .route("/projects/{key}/board", get(work::board))
        .route("/projects/{key}/board/move", post(work::move_card))
        .route("/projects/{key}/items", get(work::list))
        .route("/projects/{key}/items/new", post(work::quick_create))
        .route("/projects/{key}/views", post(work::save_current_view))
        .route("/projects/{key}/views/{id}/delete", post(work::delete_view))
        .route("/items/{item_key}", get(item_page::show))
        .route("/items/{item_key}/edit", post(item_page::edit))
        .route("/items/{item_key}/delete", post(item_page::delete))
        .route("/items/{item_key}/dependencies", post(item_page::add_link))
        .route(
            "/items/{item_key}/dependencies/{id}/remove",
            post(item_page::remove_link),
        )
        .route("/items/{item_key}/comments", post(item_page::add_comment))
        .route(
            "/items/{item_key}/comments/{id}",
            post(item_page::edit_comment),
        )
        .route(
            "/items/{item_key}/comments/{id}/delete",
            post(item_page::delete_comment),
        )
        .route("/projects/{key}/team", get(team::page))
        .route(
            "/projects/{key}/team/members/{user_id}",
            post(team::save_profile),
        )
        .route("/projects/{key}/team/time-off", post(team::add_time_off))
        .route(
            "/projects/{key}/team/time-off/{id}/delete",
            post(team::delete_time_off),
        )
        .route(
            "/projects/{key}/team/time-off/{id}/edit",
            get(time_off_edit::page).post(time_off_edit::save),
        )
        .route("/projects/{key}/team/calendar/week", post(team::save_week))
        .route(
            "/projects/{key}/team/calendar/holidays",
            post(team::add_holiday),
        )
        .route(
            "/projects/{key}/team/calendar/holidays/{index}/remove",
            post(team::remove_holiday),
        )
        .route(
            "/projects/{key}/sprints",
            get(sprints::list).post(sprints::create),
        )
        .route("/projects/{key}/sprints/{id}", get(sprints::show))
        .route("/projects/{key}/sprints/{id}/plan", post(sprints::plan))
        .route("/projects/{key}/sprints/{id}/start", post(sprints::start))
        .route("/projects/{key}/sprints/{id}/edit", post(sprints::edit))
        .route("/projects/{key}/sprints/{id}/delete", post(sprints::delete))
        .route(
            "/projects/{key}/sprints/{id}/complete",
            post(sprints::complete),
        )
        .route("/projects/{key}/time", get(time::page))
        .route("/projects/{key}/time/sheet", post(time::save_sheet))
        .route("/projects/{key}/time/entries", post(time::log_entry))
        .route(
            "/projects/{key}/time/entries/{id}",
            post(time::update_entry),
        )
        .route(
            "/projects/{key}/time/entries/{id}/delete",
            post(time::delete_entry),
        )
        .route("/timer/start", post(timer::start))
        .route("/timer/stop", post(timer::stop))
        .route(
            "/projects/{key}/settings/workflow",
            get(workflow::page).post(workflow::save),
        )
        .route("/projects/{key}/budget", get(budget::page))
        .route("/projects/{key}/budget/lines", post(budget::add_line))
        .route(
            "/projects/{key}/budget/lines/{id}/delete",
            post(budget::delete_line),
        )
        .route(
            "/projects/{key}/budget/lines/{id}/edit",
            get(budget_edit::line_page).post(budget_edit::save_line),
        )
        .route("/projects/{key}/expenses", post(budget::add_expense))
        .route(
            "/projects/{key}/expenses/{id}/delete",
            post(budget::delete_expense),
        )
        .route(
            "/projects/{key}/expenses/{id}/edit",
            get(budget_edit::expense_page).post(budget_edit::save_expense),
        )
        .route(
            "/projects/{key}/risks",
            get(risks::page).post(risks::create),
        )
        .route("/projects/{key}/risks/{id}", post(risks::update))
        .route("/projects/{key}/risks/{id}/delete", post(risks::delete))
        .route("/clients", get(clients::list).post(clients::create))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::edit_page).post(users::save))
        .route("/users/{id}/active", post(users::set_active))
        .route("/users/{id}/password", post(users::reset_password))
        .route("/portal", get(portal::page))
        .route("/portal/{key}/feedback", post(portal::send_feedback))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read-all", post(notifications::read_all))
        .route(
            "/notifications/settings",
            post(notifications::save_settings),
        )
        .route("/notifications/{id}/read", post(notifications::read))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe::ask).post(unsubscribe::stop),
        )
        .route("/settings/email", get(email_settings::page))
        .route("/settings/email/test", post(email_settings::send_test))
        .route("/settings/tokens", get(tokens::list).post(tokens::create))
        .route("/settings/tokens/{id}/revoke", post(tokens::revoke))
        .route(
            "/settings/password",
            get(password::page).post(password::submit),
        )
        .route(
            "/settings/profile",
            get(profile::page).post(profile::submit),
        );
    with_page_headers(pages.merge(direction::router()).merge(product::router()))
        .merge(assets::router())
}

/// `/`: the first-run setup while nobody exists, then the projects — or, for a client
/// contact, their portal (or sign-in).
async fn home(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
) -> Result<Redirect, error::WebError> {
    match user {
        Some(user) if user.actor().is_client() => Ok(Redirect::to("/portal")),
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
