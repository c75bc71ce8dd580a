//! `/api/v1/projects/{key}/members`: who works on a project, in which role. Naming a product
//! manager or project manager replaces the current one.

use crate::api::views::MemberView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::guard;
use crate::json::ApiJson;
use crate::params::{ApiPath, ApiQuery};
use crate::projects::{self, PersonInput};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::access::ProjectAction;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{Member, Project};
use utoipa::{IntoParams, ToSchema};

/// A person to add in a role.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AddMemberRequest {
    /// User id or e-mail.
    pub user: PersonInput,
    /// `product_manager`, `project_manager`, `member`, `client` or `viewer`.
    pub role: String,
}

/// Which role to remove.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemoveQuery {
    /// Only this role; all of the person's roles when absent.
    pub role: Option<String>,
}

/// The project's members.
#[utoipa::path(get, path = "/api/v1/projects/{key}/members", tag = "projects",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = Vec<MemberView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<Vec<MemberView>>> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let internal = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    let members = state.store.list_members(visible.project.id).await?;
    let profiles: std::collections::HashMap<i64, _> = state
        .store
        .member_profiles(visible.project.id)
        .await?
        .into_iter()
        .map(|profile| (profile.user_id, profile))
        .collect();
    Ok(Json(
        members
            .into_iter()
            .map(|member| {
                let profile = profiles.get(&member.user_id);
                MemberView::from(member).with_profile(profile, internal)
            })
            .collect(),
    ))
}

/// Adds a person to the project in a role and audits it (shared with the web UI).
pub async fn add(
    writer: &Writer<'_>,
    project: &Project,
    person: &PersonInput,
    role_text: &str,
) -> Result<Member, ApiError> {
    let state = writer.state;
    let role = ProjectRole::parse(role_text)?;
    let person = if role.is_manager() {
        projects::resolve_manager(&state.store, "user", person).await?
    } else {
        projects::resolve_person(&state.store, "user", person).await?
    };
    match (person.role, role) {
        (UserRole::Client, ProjectRole::Member) => {
            return Err(ValidationError::new(
                "role",
                "client contacts join a project as client or viewer",
            )
            .into());
        }
        (UserRole::Admin | UserRole::Member, ProjectRole::Client) => {
            return Err(ValidationError::new(
                "role",
                "only client accounts can have the client role",
            )
            .into());
        }
        _ => {}
    }
    let member = state.store.add_member(project.id, person.id, role).await?;
    state.store.touch_project(project.id).await?;
    let details = json!({ "user_id": member.user_id, "role": member.role });
    writer
        .record("project.member.add", "project", &project.key, details)
        .await;
    Ok(member)
}

/// Removes a person's role (all their roles with `None`), marks the project changed and
/// audits it (shared with the web UI).
pub async fn remove(
    writer: &Writer<'_>,
    project: &Project,
    user_id: i64,
    role: Option<ProjectRole>,
) -> Result<(), ApiError> {
    let state = writer.state;
    state
        .store
        .remove_member(project.id, user_id, role)
        .await
        .map_err(|e| match e {
            tandem_store::StoreError::NotFound => ApiError::not_found("membership"),
            other => other.into(),
        })?;
    state.store.touch_project(project.id).await?;
    let details = json!({ "user_id": user_id, "role": role });
    writer
        .record("project.member.remove", "project", &project.key, details)
        .await;
    Ok(())
}

/// Adds a member (project managers, product managers and admins).
#[utoipa::path(post, path = "/api/v1/projects/{key}/members", tag = "projects", request_body = AddMemberRequest,
    params(("key" = String, Path, description = "Project key")),
    responses(
        (status = 201, body = MemberView),
        (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)
    ))]
pub async fn add_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<AddMemberRequest>,
) -> ApiResult<(StatusCode, Json<MemberView>)> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let member = add(&writer, &visible.project, &body.user, &body.role).await?;
    let profile = state
        .store
        .member_profile(visible.project.id, member.user_id)
        .await?;
    let view = MemberView::from(member).with_profile(Some(&profile), true);
    Ok((StatusCode::CREATED, Json(view)))
}

/// Removes a person's role (or all their roles) from the project.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/members/{user_id}", tag = "projects",
    params(("key" = String, Path, description = "Project key"), ("user_id" = i64, Path, description = "User id"), RemoveQuery),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiPath((key, user_id)): ApiPath<(String, i64)>,
    ApiQuery(query): ApiQuery<RemoveQuery>,
) -> ApiResult<StatusCode> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let role = query.role.as_deref().map(ProjectRole::parse).transpose()?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    remove(&writer, &visible.project, user_id, role).await?;
    Ok(StatusCode::NO_CONTENT)
}
