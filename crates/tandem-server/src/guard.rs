//! Loads what a permission question needs and asks `tandem_core::access` — the single place
//! where handlers get a project they are allowed to touch. Projects the caller may not see
//! answer 404, exactly like missing ones.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use tandem_core::access::{ProjectAccess, ProjectAction, WorkspaceAction};
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{Project, ProjectFilter, StoreError};

/// A project the caller may see, with their roles on it.
#[derive(Debug, Clone)]
pub struct VisibleProject {
    /// The project.
    pub project: Project,
    /// Every role the caller holds on it (may be empty for admins).
    pub my_roles: Vec<ProjectRole>,
    /// The facts the access rules used.
    pub access: ProjectAccess,
}

impl VisibleProject {
    /// The same caller's view of the project after a change they made, without loading it
    /// again (the store returned the new row).
    pub fn with_project(self, project: Project) -> Self {
        let access = ProjectAccess {
            project_client_id: project.client_id,
            ..self.access
        };
        Self {
            project,
            my_roles: self.my_roles,
            access,
        }
    }
}

/// Loads the project `key` if `user` may perform `action` on it. Not visible → 404;
/// visible but not allowed → 403.
pub async fn project(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    action: ProjectAction,
) -> Result<VisibleProject, ApiError> {
    let project = match state.store.project_by_key(key).await {
        Ok(project) => project,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("project")),
        Err(other) => return Err(other.into()),
    };
    let my_roles = state
        .store
        .membership_roles(project.id, user.user.id)
        .await?;
    let access = ProjectAccess {
        project_client_id: project.client_id,
        membership: strongest(&my_roles),
    };
    let actor = user.actor();
    if !actor.can_see(&access) {
        return Err(ApiError::not_found("project"));
    }
    if !actor.may_on(&access, action) {
        return Err(ApiError::forbidden(
            "your role on this project does not allow this",
        ));
    }
    Ok(VisibleProject {
        project,
        my_roles,
        access,
    })
}

/// Every project `user` may see, ordered by key (archived ones only when asked): the project
/// list, the portfolio and the CLI start from the same answer.
pub async fn visible_projects(
    state: &AppState,
    user: &CurrentUser,
    include_archived: bool,
) -> Result<Vec<VisibleProject>, ApiError> {
    let actor = user.actor();
    let filter = ProjectFilter {
        visible_to: (actor.role != UserRole::Admin).then_some(actor.user_id),
        include_archived,
    };
    let mut roles = state.store.roles_by_project(actor.user_id).await?;
    let mut visible = Vec::new();
    for project in state.store.list_projects(&filter).await? {
        // The store narrows by membership; the access rules have the last word (client users
        // must also belong to the project's client).
        let my_roles = roles.remove(&project.id).unwrap_or_default();
        let access = ProjectAccess {
            project_client_id: project.client_id,
            membership: strongest(&my_roles),
        };
        if actor.can_see(&access) {
            visible.push(VisibleProject {
                project,
                my_roles,
                access,
            });
        }
    }
    Ok(visible)
}

/// Refuses a workspace-level action the caller may not perform.
pub fn workspace(user: &CurrentUser, action: WorkspaceAction) -> Result<(), ApiError> {
    if user.actor().may(action) {
        Ok(())
    } else {
        Err(ApiError::forbidden("your account may not do this"))
    }
}

/// The role that grants the most, when a person holds several on one project.
pub fn strongest(roles: &[ProjectRole]) -> Option<ProjectRole> {
    const ORDER: [ProjectRole; 5] = [
        ProjectRole::ProductManager,
        ProjectRole::ProjectManager,
        ProjectRole::Member,
        ProjectRole::Client,
        ProjectRole::Viewer,
    ];
    ORDER.into_iter().find(|role| roles.contains(role))
}
