//! Who sees which product artefact. Staff see everything on their projects; client contacts
//! see only artefacts marked `shared`, and an internal one answers 404 exactly like a missing
//! one. Writes need `Contribute` (staff on the project).

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use tandem_core::access::ProjectAction;
use tandem_core::product::artefacts::Visibility;

/// A project the caller may read product artefacts of, and how much of it they see.
#[derive(Debug, Clone)]
pub struct ProductScope {
    /// The project, with the caller's roles.
    pub visible: VisibleProject,
    /// True for staff: internal artefacts, internal fields and the visibility toggle.
    pub internal: bool,
    /// True when the caller may create and change artefacts.
    pub can_edit: bool,
}

impl ProductScope {
    /// Loads the project for reading (404 when invisible).
    pub async fn read(state: &AppState, user: &CurrentUser, key: &str) -> Result<Self, ApiError> {
        let visible = guard::project(state, user, key, ProjectAction::View).await?;
        Ok(Self::of(visible, user))
    }

    /// Loads the project for writing (404 when invisible, 403 when read-only).
    pub async fn write(state: &AppState, user: &CurrentUser, key: &str) -> Result<Self, ApiError> {
        let visible = guard::project(state, user, key, ProjectAction::Contribute).await?;
        Ok(Self::of(visible, user))
    }

    /// The scope of an already-authorized project.
    pub fn of(visible: VisibleProject, user: &CurrentUser) -> Self {
        let actor = user.actor();
        Self {
            internal: actor.may_on(&visible.access, ProjectAction::ViewInternal),
            can_edit: actor.may_on(&visible.access, ProjectAction::Contribute),
            visible,
        }
    }

    /// The project's id.
    pub fn project_id(&self) -> i64 {
        self.visible.project.id
    }

    /// True when lists must hold shared artefacts only.
    pub fn shared_only(&self) -> bool {
        !self.internal
    }

    /// True when the caller may see an artefact of `visibility`: staff see everything,
    /// client contacts what is shared with them.
    pub fn may_see(&self, visibility: Visibility) -> bool {
        self.internal || visibility == Visibility::Shared
    }

    /// Refuses (404, as if missing) an artefact the caller may not see.
    pub fn check(&self, visibility: Visibility, what: &str) -> Result<(), ApiError> {
        if self.may_see(visibility) {
            Ok(())
        } else {
            Err(ApiError::not_found(what))
        }
    }
}
