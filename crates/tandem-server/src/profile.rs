//! A person's own profile: the name others see, the e-mail they sign in with, their workspace
//! role, and the time zone their pages and daily digest follow (ADR 0038). Each person edits
//! their own, from the profile page, `PATCH /api/v1/session/profile` or `tandem profile`; the
//! e-mail and role stay with the admins, because they decide who may sign in and as what.

use crate::audit::Writer;
use crate::error::ApiError;
use crate::time_zone::{self, ZoneName};
use serde::{Deserialize, Serialize};
use tandem_core::roles::UserRole;
use tandem_core::values::Name;
use tandem_store::User;
use utoipa::ToSchema;

/// The signed-in person's profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileView {
    pub id: i64,
    /// The name shown to others (1–200 characters).
    pub name: String,
    /// The e-mail they sign in with; only an admin's account management changes it.
    pub email: String,
    #[schema(value_type = String, example = "member")]
    pub role: UserRole,
    /// An IANA time zone name; pages show times there and the daily digest comes at 07:00
    /// there. `UTC` until the person chooses.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    /// The account's version: send it back (or as `If-Match`) when changing the name.
    pub version: i64,
}

/// What the person changes; what is left out stays as it is.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ProfileChange {
    /// A new name (1–200 characters). Needs the version read (`If-Match` or `version`), so
    /// two open tabs do not silently overwrite each other.
    pub name: Option<String>,
    /// A new IANA time zone name, e.g. `America/New_York`.
    pub time_zone: Option<String>,
    /// The version read, when not sent as `If-Match`.
    pub version: Option<i64>,
}

impl ProfileChange {
    /// Whether the change needs the version the person read: only the name is versioned.
    pub fn needs_version(&self) -> bool {
        self.name.is_some()
    }
}

/// The profile of `user`.
pub async fn of(store: &tandem_store::Store, user: &User) -> Result<ProfileView, ApiError> {
    let time_zone = time_zone::of(store, user.id).await?;
    Ok(view(user.clone(), time_zone))
}

/// Applies the writer's own `change`: everything is checked before anything is written, so a
/// bad time zone does not leave a new name behind. `expected_version` guards the name.
pub async fn change(
    writer: &Writer<'_>,
    change: &ProfileChange,
    expected_version: Option<i64>,
) -> Result<ProfileView, ApiError> {
    let name = change
        .name
        .as_deref()
        .map(|raw| Name::parse("name", raw))
        .transpose()?;
    let zone = change
        .time_zone
        .as_deref()
        .map(ZoneName::parse)
        .transpose()?;
    let store = &writer.state.store;
    let mut user = writer.actor.clone();
    if let Some(name) = &name {
        let expected = expected_version.ok_or_else(|| {
            ApiError::invalid_field("version", "send the version you read to change the name")
        })?;
        if name.as_str() != user.name || expected != user.version {
            user = store
                .set_user_name(user.id, name.as_str(), expected)
                .await?;
            writer
                .record(
                    "user.profile.rename",
                    "user",
                    user.id.to_string(),
                    serde_json::json!({ "name": user.name }),
                )
                .await;
        }
    }
    let time_zone = match &zone {
        Some(zone) => time_zone::set(store, user.id, zone).await?,
        None => time_zone::of(store, user.id).await?,
    };
    Ok(view(user, time_zone))
}

fn view(user: User, time_zone: String) -> ProfileView {
    ProfileView {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        time_zone,
        version: user.version,
    }
}
