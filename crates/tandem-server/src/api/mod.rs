//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.

pub mod audit_log;
pub mod clients;
pub mod health;
pub mod members;
pub mod projects;
pub mod session;
pub mod setup;
pub mod sprints;
pub mod time;
pub mod tokens;
pub mod users;
pub mod views;

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tandem API",
        description = "Product and project management, run by a product manager and a project manager in tandem. \
Authenticate with `Authorization: Bearer <token>` (create tokens with `POST /api/v1/tokens` or `tandem token create`) \
or with the session cookie from `POST /api/v1/session`; cookie-authenticated writes must send the session's CSRF token \
in `X-CSRF-Token`. Writes to versioned resources need `If-Match` with the ETag you read. Errors are \
`{\"error\": {\"code\", \"message\", \"details\"}}`."
    ),
    modifiers(&SecurityAddon),
    tags(
        (name = "system", description = "Liveness and readiness"),
        (name = "auth", description = "Sessions, first-run setup and API tokens"),
        (name = "users", description = "Accounts (admins)"),
        (name = "clients", description = "Client organisations"),
        (name = "projects", description = "Projects, their two managers and their members"),
        (name = "audit", description = "Who did what, when"),
        (name = "sprints", description = "Sprint lifecycle, burndown, burn-up, velocity, cumulative flow"),
        (name = "time", description = "Time entries, the timer and time reports")
    )
)]
struct ApiDoc;

struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::session_cookie::NAME,
            ))),
        );
    }
}

/// Every API route, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(setup::setup))
        .routes(routes!(
            session::sign_in,
            session::sign_out,
            session::whoami
        ))
        .routes(routes!(tokens::create_token, tokens::list_tokens))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(users::create_user, users::list_users))
        .routes(routes!(users::set_active))
        .routes(routes!(clients::create_client, clients::list_clients))
        .routes(routes!(projects::create_project, projects::list_projects))
        .routes(routes!(projects::get_project, projects::update_project))
        .routes(routes!(projects::archive_project))
        .routes(routes!(members::list_members, members::add_member))
        .routes(routes!(members::remove_member))
        .routes(routes!(sprints::list_sprints, sprints::create_sprint))
        .routes(routes!(
            sprints::get_sprint,
            sprints::update_sprint,
            sprints::delete_sprint
        ))
        .routes(routes!(sprints::plan_sprint))
        .routes(routes!(sprints::start_sprint))
        .routes(routes!(sprints::complete_sprint))
        .routes(routes!(sprints::burndown))
        .routes(routes!(sprints::burnup))
        .routes(routes!(sprints::velocity))
        .routes(routes!(sprints::cumulative_flow))
        .routes(routes!(time::list_entries, time::log_time))
        .routes(routes!(time::export_entries))
        .routes(routes!(time::update_entry, time::delete_entry))
        .routes(routes!(time::get_timer))
        .routes(routes!(time::start_timer))
        .routes(routes!(time::stop_timer))
        .routes(routes!(time::time_report))
        .routes(routes!(audit_log::list_audit))
}
