//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.

pub mod audit_log;
pub mod baselines;
pub mod bridge;
pub mod budget;
pub mod clients;
pub mod diagnosis;
pub mod direction;
pub mod features;
pub mod health;
pub mod hypotheses;
pub mod items;
pub mod members;
pub mod notifications;
pub mod password;
pub mod personas;
pub mod portal;
pub mod portfolio;
pub mod profile;
pub mod projects;
pub mod reports;
pub mod risks;
pub mod schedule;
pub mod session;
pub mod setup;
pub mod sprints;
pub mod team;
pub mod time;
pub mod time_zone;
pub mod tokens;
pub mod users;
pub mod views;
pub mod workflow;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
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
        (name = "auth", description = "Sessions, your password and time zone, first-run setup and API tokens"),
        (name = "users", description = "Accounts (admins)"),
        (name = "clients", description = "Client organisations"),
        (name = "projects", description = "Projects, their two managers and their members"),
        (name = "audit", description = "Who did what, when"),
        (name = "bridge", description = "Responsibility matrix, health diagnosis and its thresholds: the bridge between product and delivery"),
        (name = "items", description = "Work items, their comments, history, dependencies and saved views"),
        (name = "workflow", description = "Per-project statuses, WIP limits and transition rules"),
        (name = "schedule", description = "Critical-path schedule and Monte Carlo forecast"),
        (name = "team", description = "Member profiles, project calendar, time off and workload"),
        (name = "budget", description = "Budget lines, expenses and actual cost (internal)"),
        (name = "risks", description = "Risk register and heat map"),
        (name = "product", description = "The product cockpit: vision, personas, goals, hypotheses and experiments, workshops, the scored feature backlog, MVP, feedback, decisions, releases with go/no-go, roadmap"),
        (name = "sprints", description = "Sprint lifecycle, burndown, burn-up, velocity, cumulative flow"),
        (name = "time", description = "Time entries, the timer and time reports"),
        (name = "notifications", description = "In-app notifications, per-person notification settings and the e-mail outbox"),
        (name = "portal", description = "The client portal: what is shared with a client contact")
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
        .routes(routes!(password::change_password))
        .routes(routes!(time_zone::get_time_zone, time_zone::put_time_zone))
        .routes(routes!(
            time_zone::get_workspace_time_zone,
            time_zone::put_workspace_time_zone
        ))
        .routes(routes!(profile::get_profile, profile::patch_profile))
        .routes(routes!(tokens::create_token, tokens::list_tokens))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(users::create_user, users::list_users))
        .routes(routes!(users::get_user, users::update_user))
        .routes(routes!(users::reset_password))
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
        .routes(routes!(portal::get_portal))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::read_notification))
        .routes(routes!(notifications::read_all_notifications))
        .routes(routes!(notifications::run_sweep))
        .routes(routes!(notifications::get_outbox))
        .routes(routes!(notifications::send_test_email))
        .routes(routes!(
            notifications::get_settings,
            notifications::put_settings
        ))
        .routes(routes!(
            notifications::get_email_delivery,
            notifications::put_email_delivery
        ))
        .routes(routes!(bridge::get_raci, bridge::put_raci))
        .routes(routes!(bridge::add_activity))
        .routes(routes!(bridge::update_activity, bridge::delete_activity))
        .routes(routes!(bridge::set_assignments))
        .routes(routes!(bridge::get_roles))
        .routes(routes!(bridge::get_template, bridge::put_template))
        .routes(routes!(bridge::template_from_project))
        .routes(routes!(bridge::get_thresholds, bridge::put_thresholds))
        .routes(routes!(diagnosis::get_health))
        .routes(routes!(diagnosis::get_history))
        .routes(routes!(portfolio::get_portfolio))
        .routes(routes!(reports::list_reports, reports::create_report))
        // The address the reports had before they took the name; kept for clients.
        .route(
            "/api/v1/projects/{key}/reports",
            axum::routing::get(reports::list_reports).post(reports::create_report),
        )
        .routes(routes!(reports::get_report))
        .routes(routes!(items::list_items, items::create_item))
        .routes(routes!(
            items::get_item,
            items::update_item,
            items::delete_item
        ))
        .routes(routes!(items::list_comments, items::add_comment))
        .routes(routes!(items::edit_comment, items::delete_comment))
        .routes(routes!(items::history))
        .routes(routes!(items::list_dependencies, items::add_dependency))
        .routes(routes!(items::remove_dependency))
        .routes(routes!(workflow::get_workflow, workflow::put_workflow))
        .routes(routes!(workflow::list_views, workflow::create_view))
        .routes(routes!(workflow::delete_view))
        .routes(routes!(schedule::get_schedule))
        .routes(routes!(baselines::list_baselines, baselines::save_baseline))
        .routes(routes!(baselines::delete_baseline))
        .routes(routes!(schedule::get_forecast))
        .routes(routes!(schedule::get_evm))
        .routes(routes!(schedule::get_evm_series))
        .routes(routes!(schedule::export_msproject))
        .merge(import_routes())
        .routes(routes!(team::get_profile, team::update_profile))
        .routes(routes!(team::get_calendar, team::put_calendar))
        .routes(routes!(team::list_time_off, team::create_time_off))
        .routes(routes!(team::update_time_off, team::delete_time_off))
        .routes(routes!(team::get_workload))
        .routes(routes!(budget::get_budget))
        .routes(routes!(budget::create_line))
        .routes(routes!(budget::update_line, budget::delete_line))
        .routes(routes!(budget::list_expenses, budget::create_expense))
        .routes(routes!(budget::update_expense, budget::delete_expense))
        .routes(routes!(risks::list_risks, risks::create_risk))
        .routes(routes!(risks::heat_map))
        .routes(routes!(risks::list_roadblocks))
        .routes(routes!(
            risks::get_risk,
            risks::update_risk,
            risks::delete_risk
        ))
        .merge(product_routes())
}

/// Routes that take whole files, with the larger body limit they need.
fn import_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(schedule::import_msproject))
        .layer(DefaultBodyLimit::max(crate::state::IMPORT_BODY_LIMIT))
}

/// The product cockpit's routes (tag `product`).
fn product_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(personas::list_personas, personas::create_persona))
        .routes(routes!(
            personas::get_persona,
            personas::update_persona,
            personas::delete_persona
        ))
        .routes(routes!(
            hypotheses::list_hypotheses,
            hypotheses::create_hypothesis
        ))
        .routes(routes!(hypotheses::assumption_map))
        .routes(routes!(
            hypotheses::get_hypothesis,
            hypotheses::update_hypothesis,
            hypotheses::delete_hypothesis
        ))
        .routes(routes!(
            hypotheses::list_experiments,
            hypotheses::create_experiment
        ))
        .routes(routes!(
            hypotheses::get_experiment,
            hypotheses::update_experiment,
            hypotheses::delete_experiment
        ))
        .routes(routes!(hypotheses::record_result))
        .routes(routes!(features::list_features, features::create_feature))
        .routes(routes!(
            features::get_feature,
            features::update_feature,
            features::delete_feature
        ))
        .routes(routes!(features::list_criteria, features::add_criterion))
        .routes(routes!(
            features::update_criterion,
            features::delete_criterion
        ))
        .routes(routes!(features::list_items, features::link_item))
        .routes(routes!(features::unlink_item))
        .routes(routes!(features::mvp))
        .routes(routes!(features::roadmap))
        .merge(direction::router())
        .routes(routes!(schedule::get_status_report))
}
