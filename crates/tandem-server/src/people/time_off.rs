//! Time off: a member records their own absences, managers anyone's. An absence is limited to
//! one project or applies everywhere; it removes working time from the person's calendar.

use super::{required_date, text};
use crate::audit::Writer;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use crate::projects::{self, PersonInput};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::access::{Actor, ProjectAction};
use tandem_store::{NewTimeOff, Project, Store, StoreError, TimeOff};
use utoipa::ToSchema;

/// An absence to record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TimeOffInput {
    /// Who is away (id or e-mail); yourself when absent.
    #[serde(default)]
    pub user: Option<PersonInput>,
    /// First day away, `YYYY-MM-DD`.
    pub from: String,
    /// Last day away (inclusive); the first day when absent.
    #[serde(default)]
    pub to: Option<String>,
    /// E.g. "Vacation".
    #[serde(default)]
    pub note: String,
    /// Away from every project, not only this one.
    #[serde(default)]
    pub everywhere: bool,
}

/// A change of an absence's dates or note.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TimeOffChange {
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub note: String,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// An absence as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeOffView {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub from: String,
    pub to: String,
    pub note: String,
    /// True when it applies to every project, not only this one.
    pub everywhere: bool,
    pub version: i64,
}

impl From<TimeOff> for TimeOffView {
    fn from(entry: TimeOff) -> Self {
        Self {
            id: entry.id,
            user_id: entry.user.id,
            user_name: entry.user.name,
            from: entry.from_date,
            to: entry.to_date,
            note: entry.note,
            everywhere: entry.project_id.is_none(),
            version: entry.version,
        }
    }
}

/// Validated dates and note: `(from, to, note)`.
fn dates(
    from: &str,
    to: Option<&str>,
    note: &str,
) -> Result<(String, String, String), ValidationError> {
    let first = required_date("from", from)?;
    let last = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(raw) => required_date("to", raw)?,
        None => first,
    };
    if last < first {
        return Err(ValidationError::new(
            "to",
            "the last day is before the first",
        ));
    }
    Ok((
        first.to_string(),
        last.to_string(),
        text("note", note, 500)?,
    ))
}

/// May `actor` manage `user_id`'s time off here? Themselves with `Contribute`, anyone with
/// `ManageMembers`. Public so the pages offer a change only where the service allows it.
pub fn may_manage(actor: &Actor, visible: &VisibleProject, user_id: i64) -> Result<(), ApiError> {
    let own = actor.user_id == user_id && actor.may_on(&visible.access, ProjectAction::Contribute);
    if own || actor.may_on(&visible.access, ProjectAction::ManageMembers) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "you may record your own time off; a project manager records other people's",
        ))
    }
}

/// Records an absence for a member of the project and audits it.
pub async fn create(
    writer: &Writer<'_>,
    actor: &Actor,
    visible: &VisibleProject,
    input: &TimeOffInput,
) -> Result<TimeOff, ApiError> {
    let store = &writer.state.store;
    let project = &visible.project;
    let user_id = match &input.user {
        Some(person) => projects::resolve_person(store, "user", person).await?.id,
        None => writer.actor.id,
    };
    may_manage(actor, visible, user_id)?;
    if store
        .membership_roles(project.id, user_id)
        .await?
        .is_empty()
    {
        return Err(ValidationError::new("user", "is not a member of this project").into());
    }
    let (from_date, to_date, note) = dates(&input.from, input.to.as_deref(), &input.note)?;
    let entry = store
        .create_time_off(&NewTimeOff {
            user_id,
            project_id: (!input.everywhere).then_some(project.id),
            from_date,
            to_date,
            note,
            created_by: Some(writer.actor.id),
        })
        .await?;
    let details =
        json!({ "id": entry.id, "user_id": user_id, "from": entry.from_date, "to": entry.to_date });
    writer
        .record("project.time_off.create", "project", &project.key, details)
        .await;
    Ok(entry)
}

/// The absence `id` if it belongs to this project (or is an everywhere-entry of a member).
pub async fn find(store: &Store, project: &Project, id: i64) -> Result<TimeOff, ApiError> {
    let entry = match store.time_off(id).await {
        Ok(entry) => entry,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("time off")),
        Err(other) => return Err(other.into()),
    };
    let belongs = match entry.project_id {
        Some(project_id) => project_id == project.id,
        None => !store
            .membership_roles(project.id, entry.user.id)
            .await?
            .is_empty(),
    };
    if belongs {
        Ok(entry)
    } else {
        Err(ApiError::not_found("time off"))
    }
}

/// Changes an absence if it is still at `expected_version`, and audits it.
pub async fn update(
    writer: &Writer<'_>,
    actor: &Actor,
    visible: &VisibleProject,
    id: i64,
    change: &TimeOffChange,
    expected_version: i64,
) -> Result<TimeOff, ApiError> {
    let entry = find(&writer.state.store, &visible.project, id).await?;
    may_manage(actor, visible, entry.user.id)?;
    let (from, to, note) = dates(&change.from, change.to.as_deref(), &change.note)?;
    let updated = writer
        .state
        .store
        .update_time_off(id, &from, &to, &note, expected_version)
        .await?;
    writer
        .record(
            "project.time_off.update",
            "project",
            &visible.project.key,
            json!({ "id": id, "from": from, "to": to }),
        )
        .await;
    Ok(updated)
}

/// Deletes an absence if it is still at `expected_version`, and audits it.
pub async fn delete(
    writer: &Writer<'_>,
    actor: &Actor,
    visible: &VisibleProject,
    id: i64,
    expected_version: i64,
) -> Result<(), ApiError> {
    let entry = find(&writer.state.store, &visible.project, id).await?;
    may_manage(actor, visible, entry.user.id)?;
    writer
        .state
        .store
        .delete_time_off(id, expected_version)
        .await?;
    writer
        .record(
            "project.time_off.delete",
            "project",
            &visible.project.key,
            json!({ "id": id, "user_id": entry.user.id }),
        )
        .await;
    Ok(())
}
