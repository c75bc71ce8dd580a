//! Member profiles: a project member's discipline, weekly capacity and hourly rate. The rate
//! is internal: client contacts never see it (the field is absent from their JSON).

use crate::audit::Writer;
use crate::error::ApiError;
use crate::projects::double_option;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::people::amounts;
use tandem_core::people::profile::Discipline;
use tandem_store::{MemberProfile, ProfilePatch, Project};
use utoipa::ToSchema;

/// A change to a member's profile; absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProfileChange {
    /// `developer`, `designer`, `qa`, `product`, `devops`, `analyst` or `other`.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub discipline: Option<Option<String>>,
    /// Hours a week on this project; `null` = full time by the project calendar.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub weekly_capacity_hours: Option<Option<f64>>,
    /// Internal cost per hour in the project currency, at most two decimals.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub hourly_rate: Option<Option<f64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A member's profile as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    pub user_id: i64,
    /// `null` when not stated.
    pub discipline: Option<String>,
    /// `null` = full time by the project calendar.
    pub weekly_capacity_hours: Option<f64>,
    /// Internal: absent for client users; `null` when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub hourly_rate: Option<Option<f64>>,
    /// Currency of the rate. Internal: absent for client users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub version: i64,
}

impl ProfileView {
    /// The view of `profile`; `internal` says whether the rate may be shown.
    pub fn new(profile: &MemberProfile, currency: &str, internal: bool) -> Self {
        Self {
            user_id: profile.user_id,
            discipline: profile.discipline.map(|d| d.as_str().to_owned()),
            weekly_capacity_hours: profile
                .weekly_capacity_minutes
                .map(|minutes| minutes as f64 / 60.0),
            hourly_rate: internal.then(|| profile.hourly_rate_minor.map(amounts::major)),
            currency: internal.then(|| currency.to_owned()),
            version: profile.version,
        }
    }
}

/// Validates a change into a store patch.
pub fn patch(change: &ProfileChange) -> Result<ProfilePatch, ValidationError> {
    let discipline = change
        .discipline
        .as_ref()
        .map(|d| {
            d.as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(Discipline::parse)
                .transpose()
        })
        .transpose()?;
    let weekly_capacity_minutes = change
        .weekly_capacity_hours
        .map(|hours| {
            hours
                .map(|h| amounts::capacity_minutes("weekly_capacity_hours", h * 60.0))
                .transpose()
        })
        .transpose()?;
    let hourly_rate_minor = change
        .hourly_rate
        .map(|rate| {
            rate.map(|r| amounts::amount_minor("hourly_rate", r))
                .transpose()
        })
        .transpose()?;
    Ok(ProfilePatch {
        discipline,
        weekly_capacity_minutes,
        hourly_rate_minor,
    })
}

/// Changes a member's profile if it is still at `expected_version` (0 before the first
/// edit) and audits it (without the rate's value).
pub async fn update(
    writer: &Writer<'_>,
    project: &Project,
    user_id: i64,
    change: &ProfileChange,
    expected_version: i64,
) -> Result<MemberProfile, ApiError> {
    let patch = patch(change)?;
    let profile = writer
        .state
        .store
        .update_member_profile(project.id, user_id, &patch, expected_version)
        .await
        .map_err(|error| match error {
            tandem_store::StoreError::NotFound => ApiError::not_found("member"),
            other => other.into(),
        })?;
    let details = json!({
        "user_id": user_id,
        "discipline": patch.discipline.is_some(),
        "capacity": patch.weekly_capacity_minutes.is_some(),
        "rate": patch.hourly_rate_minor.is_some(),
    });
    writer
        .record("project.member.profile", "project", &project.key, details)
        .await;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_validated_field_by_field() {
        let change = ProfileChange {
            discipline: Some(Some("qa".to_owned())),
            weekly_capacity_hours: Some(Some(32.0)),
            hourly_rate: Some(None),
            version: None,
        };
        let patch = patch(&change).unwrap();
        assert_eq!(patch.discipline, Some(Some(Discipline::Qa)));
        assert_eq!(patch.weekly_capacity_minutes, Some(Some(1920)));
        assert_eq!(patch.hourly_rate_minor, Some(None));
        let bad = ProfileChange {
            hourly_rate: Some(Some(-3.0)),
            ..ProfileChange::default()
        };
        assert_eq!(super::patch(&bad).unwrap_err().field, "hourly_rate");
    }
}
