//! The product's direction under `/api/v1/projects/{key}/…` (tag `product`): vision board,
//! goals, decisions, workshops, feedback, releases with go/no-go, and the release timeline.

pub mod decisions;
pub mod feedback;
pub mod goals;
pub mod releases;
pub mod vision;
pub mod workshops;

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every direction route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(vision::get_vision, vision::put_vision))
        .routes(routes!(vision::list_revisions))
        .routes(routes!(goals::list_goals, goals::create_goal))
        .routes(routes!(
            goals::get_goal,
            goals::put_goal,
            goals::delete_goal
        ))
        .routes(routes!(
            decisions::list_decisions,
            decisions::create_decision
        ))
        .routes(routes!(
            decisions::get_decision,
            decisions::put_decision,
            decisions::delete_decision
        ))
        .routes(routes!(
            workshops::list_workshops,
            workshops::create_workshop
        ))
        .routes(routes!(
            workshops::get_workshop,
            workshops::put_workshop,
            workshops::delete_workshop
        ))
        .routes(routes!(workshops::add_outcome))
        .routes(routes!(feedback::list_feedback, feedback::submit_feedback))
        .routes(routes!(feedback::get_feedback, feedback::patch_feedback))
        .routes(routes!(feedback::triage_feedback))
        .routes(routes!(releases::list_releases, releases::create_release))
        .routes(routes!(
            releases::get_release,
            releases::put_release,
            releases::delete_release
        ))
        .routes(routes!(
            releases::get_go_no_go,
            releases::put_go_no_go,
            releases::decide_release
        ))
        .routes(routes!(releases::release_scope))
        .routes(routes!(releases::get_template, releases::put_template))
        .routes(routes!(releases::release_timeline))
}

/// The writer of a signed-in request.
pub(crate) fn writer<'a>(
    state: &'a AppState,
    meta: &'a RequestMeta,
    user: &'a CurrentUser,
) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}
