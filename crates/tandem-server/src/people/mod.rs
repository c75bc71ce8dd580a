//! The delivery cockpit's people side, shared by the API, the web UI and the CLI: member
//! profiles, the project calendar and time off, workload, budget lines and expenses, and the
//! risk register. Each write validates, stores and audits in one function taking a
//! [`Writer`](crate::audit::Writer), so every face obeys the same rules.

pub mod budget;
pub mod calendar;
pub mod profiles;
pub mod risks;
pub mod roadblocks;
pub mod time_off;
pub mod workload;

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use tandem_core::access::ProjectAction;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{Member, Project};

/// The currency a project's budget, rates and expenses are kept in: its budget's, or EUR.
pub fn currency(project: &Project) -> String {
    project
        .budget
        .as_ref()
        .map_or_else(|| "EUR".to_owned(), |budget| budget.currency.clone())
}

/// Whether a member role does the project's work (a product or project manager, or a member;
/// never a client contact or a viewer): the people the workload shows and an MS Project export
/// lists as resources, so both name the same team.
pub fn is_staff(member: &Member) -> bool {
    member.user_role != UserRole::Client
        && matches!(
            member.role,
            ProjectRole::ProductManager | ProjectRole::ProjectManager | ProjectRole::Member
        )
}

/// Loads a project for an internal-only artefact (`what`: budget, time off, workload...):
/// people who may not see internal figures (client contacts) get 404, as if it did not
/// exist; staff without `action` get 403.
pub async fn internal_project(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    action: ProjectAction,
    what: &str,
) -> Result<VisibleProject, ApiError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let actor = user.actor();
    if !actor.may_on(&visible.access, ProjectAction::ViewInternal) {
        return Err(ApiError::not_found(what));
    }
    if !actor.may_on(&visible.access, action) {
        return Err(ApiError::forbidden(
            "your role on this project does not allow this",
        ));
    }
    Ok(visible)
}

/// Parses a required `YYYY-MM-DD` date.
pub fn required_date(
    field: &'static str,
    raw: &str,
) -> Result<jiff::civil::Date, tandem_core::ValidationError> {
    raw.trim().parse::<jiff::civil::Date>().map_err(|_| {
        tandem_core::ValidationError::new(
            field,
            format!("'{}' is not a date like 2026-03-31", raw.trim()),
        )
    })
}

/// Trims free text and caps its length, so notes and descriptions stay readable.
pub fn text(
    field: &'static str,
    raw: &str,
    max: usize,
) -> Result<String, tandem_core::ValidationError> {
    let value = raw.trim();
    if value.chars().count() > max {
        return Err(tandem_core::ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// Names what was not found instead of the store's generic "resource".
pub fn not_found(what: &'static str) -> impl Fn(tandem_store::StoreError) -> ApiError {
    move |error| match error {
        tandem_store::StoreError::NotFound => ApiError::not_found(what),
        other => other.into(),
    }
}

/// The writer for a signed-in request.
pub fn writer<'a>(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}
