//! The product's direction — vision board, goals/OKRs, decision log, discovery workshops,
//! feedback inbox, releases and go/no-go — as service functions shared by the JSON API, the
//! web UI and the CLI: each validates its input, writes through the store and records the
//! audit entry once.

pub mod decisions;
pub mod feedback;
pub mod goals;
pub mod origin;
pub mod releases;
pub mod scope;
pub mod vision;
pub mod workshops;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::projects::{PersonInput, parse_date, resolve_person};
use tandem_core::ValidationError;
use tandem_core::product::direction::Visibility;
use tandem_core::roles::UserRole;
use tandem_store::Store;

/// Longest free text accepted in one field (notes, context, feedback).
const MAX_TEXT: usize = 20_000;

/// 404 unless `user` may see an artefact of this visibility on the project: client contacts
/// see only shared artefacts, and an internal one must look like one that does not exist.
pub fn ensure_visible(
    visible: &VisibleProject,
    user: &CurrentUser,
    visibility: Visibility,
    what: &str,
) -> Result<(), ApiError> {
    if user
        .actor()
        .sees_artefact(&visible.access, visibility == Visibility::Shared)
    {
        Ok(())
    } else {
        Err(ApiError::not_found(what))
    }
}

/// True when the caller sees internal artefacts (the team).
pub fn sees_internal(user: &CurrentUser) -> bool {
    !user.actor().is_client()
}

/// A visibility given as text; absent means internal (sharing is a deliberate act).
pub fn visibility(raw: Option<&str>) -> Result<Visibility, ValidationError> {
    raw.map(str::trim)
        .filter(|text| !text.is_empty())
        .map_or(Ok(Visibility::Internal), Visibility::parse)
}

/// A required one-line title.
pub fn title(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    tandem_core::values::Name::parse(field, raw).map(|name| name.into_inner())
}

/// Optional free text, trimmed and bounded.
pub fn text(field: &'static str, raw: Option<&str>) -> Result<String, ValidationError> {
    let value = raw.unwrap_or_default().trim();
    if value.chars().count() > MAX_TEXT {
        return Err(ValidationError::new(
            field,
            format!("must be at most {MAX_TEXT} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// An optional `YYYY-MM-DD` date.
pub fn date(field: &'static str, raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    parse_date(field, raw)
}

/// Resolves a person who must hold a role on the project (decider, consulted, participant).
pub async fn project_person(
    store: &Store,
    visible: &VisibleProject,
    field: &'static str,
    person: &PersonInput,
) -> Result<i64, ApiError> {
    let user = resolve_person(store, field, person).await?;
    let roles = store.membership_roles(visible.project.id, user.id).await?;
    if roles.is_empty() && user.role != UserRole::Admin {
        return Err(ValidationError::new(field, "this person is not on the project").into());
    }
    Ok(user.id)
}
