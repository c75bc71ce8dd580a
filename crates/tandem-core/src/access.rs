//! Authorization in one place: every "may this person do that?" question is answered here,
//! from plain facts the caller loads (who is asking, what the project is, their membership).

use crate::roles::{ProjectRole, UserRole};

/// The person behind a request, as far as permissions care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id.
    pub user_id: i64,
    /// Their workspace role.
    pub role: UserRole,
    /// For client users, the client organisation they belong to.
    pub client_id: Option<i64>,
}

/// What permissions need to know about a project and the actor's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectAccess {
    /// The client organisation the project is for, if any.
    pub project_client_id: Option<i64>,
    /// The actor's role on the project, if they are a member.
    pub membership: Option<ProjectRole>,
}

/// Something an actor may want to do on a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAction {
    /// Read the project and its shared artefacts.
    View,
    /// Read internal-only fields (budget, rates, costs).
    ViewInternal,
    /// Change the project's settings, dates or budget; archive it.
    Edit,
    /// Add or remove members and change their project roles.
    ManageMembers,
    /// Create and change work on the project (items, features, ...).
    Contribute,
    /// Send feedback to the product manager: contributors and the project's client contacts
    /// (who see their own feedback and its status), not read-only viewers.
    SubmitFeedback,
}

/// Something an actor may want to do in the workspace, outside any one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceAction {
    /// Create projects.
    CreateProject,
    /// Create and list client organisations.
    ManageClients,
    /// Create, list and deactivate users.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Change workspace-wide settings such as its time zone.
    ChangeSettings,
}

impl Actor {
    /// True when the actor is a client contact: they never see internal fields.
    pub fn is_client(&self) -> bool {
        self.role == UserRole::Client
    }

    /// Answers a workspace-level question.
    pub fn may(&self, action: WorkspaceAction) -> bool {
        match action {
            WorkspaceAction::CreateProject | WorkspaceAction::ManageClients => {
                self.role != UserRole::Client
            }
            WorkspaceAction::ManageUsers
            | WorkspaceAction::ReadAudit
            | WorkspaceAction::ChangeSettings => self.role == UserRole::Admin,
        }
    }

    /// True when the actor may see the project at all. A project they may not see must look
    /// exactly like one that does not exist (404), so callers check this first.
    pub fn can_see(&self, project: &ProjectAccess) -> bool {
        match self.role {
            UserRole::Admin => true,
            UserRole::Member => project.membership.is_some(),
            UserRole::Client => {
                project.membership.is_some()
                    && self.client_id.is_some()
                    && project.project_client_id == self.client_id
            }
        }
    }

    /// Answers a project-level question.
    pub fn may_on(&self, project: &ProjectAccess, action: ProjectAction) -> bool {
        if !self.can_see(project) {
            return false;
        }
        if self.role == UserRole::Admin {
            return true;
        }
        let role = project.membership;
        match action {
            ProjectAction::View => true,
            ProjectAction::ViewInternal => !self.is_client(),
            ProjectAction::Edit | ProjectAction::ManageMembers => {
                !self.is_client() && role.is_some_and(ProjectRole::is_manager)
            }
            ProjectAction::Contribute => {
                !self.is_client()
                    && matches!(
                        role,
                        Some(
                            ProjectRole::ProductManager
                                | ProjectRole::ProjectManager
                                | ProjectRole::Member
                        )
                    )
            }
            ProjectAction::SubmitFeedback => !matches!(role, Some(ProjectRole::Viewer) | None),
        }
    }

    /// True when the actor may record a release's go/no-go outcome: the decider named on the
    /// record, or — while none is named — the project's product manager; admins always.
    pub fn decides_go_no_go(
        &self,
        project: &ProjectAccess,
        is_product_manager: bool,
        named_decider: Option<i64>,
    ) -> bool {
        if !self.can_see(project) || self.is_client() {
            return false;
        }
        self.role == UserRole::Admin
            || match named_decider {
                Some(decider) => decider == self.user_id,
                None => is_product_manager,
            }
    }

    /// True when the actor may see an artefact of a visible project: the team sees everything,
    /// client contacts only what is shared with them. Callers answer 404 otherwise, so an
    /// internal artefact looks like one that does not exist.
    pub fn sees_artefact(&self, project: &ProjectAccess, shared: bool) -> bool {
        self.can_see(project) && (shared || self.may_on(project, ProjectAction::ViewInternal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: UserRole, client_id: Option<i64>) -> Actor {
        Actor {
            user_id: 7,
            role,
            client_id,
        }
    }

    fn project(client: Option<i64>, membership: Option<ProjectRole>) -> ProjectAccess {
        ProjectAccess {
            project_client_id: client,
            membership,
        }
    }

    #[test]
    fn admins_see_and_do_everything() {
        let admin = actor(UserRole::Admin, None);
        assert!(admin.may_on(&project(Some(1), None), ProjectAction::Edit));
        assert!(admin.may(WorkspaceAction::ManageUsers));
        assert!(admin.may(WorkspaceAction::ChangeSettings));
    }

    #[test]
    fn members_see_only_their_projects() {
        let member = actor(UserRole::Member, None);
        assert!(!member.can_see(&project(None, None)));
        let on = project(None, Some(ProjectRole::Member));
        assert!(member.may_on(&on, ProjectAction::Contribute));
        assert!(member.may_on(&on, ProjectAction::ViewInternal));
        assert!(!member.may_on(&on, ProjectAction::Edit));
        let managing = project(None, Some(ProjectRole::ProjectManager));
        assert!(member.may_on(&managing, ProjectAction::ManageMembers));
        assert!(!member.may(WorkspaceAction::ManageUsers));
        assert!(!member.may(WorkspaceAction::ChangeSettings));
        assert!(member.may(WorkspaceAction::CreateProject));
    }

    #[test]
    fn clients_see_only_their_own_clients_projects_and_nothing_internal() {
        let client = actor(UserRole::Client, Some(3));
        let own = project(Some(3), Some(ProjectRole::Client));
        assert!(client.can_see(&own));
        assert!(!client.may_on(&own, ProjectAction::ViewInternal));
        assert!(!client.may_on(&own, ProjectAction::Contribute));
        // Membership on another client's project is not enough.
        assert!(!client.can_see(&project(Some(4), Some(ProjectRole::Client))));
        // Their own client's project without membership is not visible either.
        assert!(!client.can_see(&project(Some(3), None)));
        // Even a manager role does not give a client user internal access.
        let odd = project(Some(3), Some(ProjectRole::ProductManager));
        assert!(!client.may_on(&odd, ProjectAction::Edit));
        assert!(!client.may(WorkspaceAction::CreateProject));
    }

    #[test]
    fn clients_submit_feedback_and_see_only_shared_artefacts() {
        let client = actor(UserRole::Client, Some(3));
        let own = project(Some(3), Some(ProjectRole::Client));
        assert!(client.may_on(&own, ProjectAction::SubmitFeedback));
        assert!(client.sees_artefact(&own, true));
        assert!(!client.sees_artefact(&own, false));
        assert!(!client.sees_artefact(&project(Some(4), Some(ProjectRole::Client)), true));
        let member = actor(UserRole::Member, None);
        let on = project(None, Some(ProjectRole::Member));
        assert!(member.sees_artefact(&on, false));
        assert!(member.may_on(&on, ProjectAction::SubmitFeedback));
        let viewer = project(None, Some(ProjectRole::Viewer));
        assert!(!member.may_on(&viewer, ProjectAction::SubmitFeedback));
        assert!(member.sees_artefact(&viewer, false));
    }

    #[test]
    fn go_no_go_is_decided_by_the_named_decider_or_the_product_manager() {
        let paula = actor(UserRole::Member, None);
        let on = project(None, Some(ProjectRole::ProductManager));
        assert!(paula.decides_go_no_go(&on, true, None));
        assert!(paula.decides_go_no_go(&on, true, Some(7)));
        assert!(!paula.decides_go_no_go(&on, true, Some(8)));
        let member = project(None, Some(ProjectRole::Member));
        assert!(!paula.decides_go_no_go(&member, false, None));
        assert!(paula.decides_go_no_go(&member, false, Some(7)));
        let client = actor(UserRole::Client, Some(3));
        let own = project(Some(3), Some(ProjectRole::Client));
        assert!(!client.decides_go_no_go(&own, false, Some(7)));
        assert!(actor(UserRole::Admin, None).decides_go_no_go(&on, false, Some(99)));
    }
}
