//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.

pub mod audit_log;
pub mod clients;
pub mod health;
pub mod members;
pub mod projects;
pub mod schedule;
pub mod session;
pub mod setup;
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
        (name = "schedule", description = "Critical-path schedule and Monte Carlo forecast")
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
        .routes(routes!(audit_log::list_audit))
        .routes(routes!(schedule::get_schedule))
        .routes(routes!(schedule::get_forecast))
        .routes(routes!(schedule::get_evm))
        .routes(routes!(schedule::get_evm_series))
        .routes(routes!(schedule::export_msproject))
        .routes(routes!(schedule::get_status_report))
}
