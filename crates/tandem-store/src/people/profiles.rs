//! Member profiles: discipline, weekly capacity and hourly rate per project member.

use super::model::{MemberProfile, ProfilePatch};
use crate::error::corrupt;
use crate::{Store, StoreError, clock};
use tandem_core::people::profile::Discipline;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    user_id: i64,
    discipline: Option<String>,
    weekly_capacity_minutes: Option<i64>,
    hourly_rate_minor: Option<i64>,
    version: i64,
}

impl TryFrom<ProfileRow> for MemberProfile {
    type Error = StoreError;

    fn try_from(row: ProfileRow) -> Result<Self, StoreError> {
        Ok(MemberProfile {
            user_id: row.user_id,
            discipline: row
                .discipline
                .as_deref()
                .map(Discipline::parse)
                .transpose()
                .map_err(|error| corrupt("member_profiles.discipline", error))?,
            weekly_capacity_minutes: row.weekly_capacity_minutes,
            hourly_rate_minor: row.hourly_rate_minor,
            version: row.version,
        })
    }
}

/// A project's profiles (`$1`).
const SELECT_PROFILE: &str = "SELECT user_id, discipline, weekly_capacity_minutes, \
     hourly_rate_minor, version FROM member_profiles WHERE project_id = $1";

/// One member's profile (`$1` project, `$2` user).
const SELECT_ONE_PROFILE: &str = "SELECT user_id, discipline, weekly_capacity_minutes, \
     hourly_rate_minor, version FROM member_profiles WHERE project_id = $1 AND user_id = $2";

impl Store {
    /// The edited profiles of a project's members (members never edited have no entry).
    #[tracing::instrument(skip_all)]
    pub async fn member_profiles(&self, project_id: i64) -> Result<Vec<MemberProfile>, StoreError> {
        let rows: Vec<ProfileRow> = with_reader!(self, |db| {
            sqlx::query_as(SELECT_PROFILE)
                .bind(project_id)
                .fetch_all(db)
                .await
        })?;
        rows.into_iter().map(MemberProfile::try_from).collect()
    }

    /// One member's profile (blank at version 0 when never edited); `NotFound` when the user
    /// is not a member of the project.
    #[tracing::instrument(skip_all)]
    pub async fn member_profile(
        &self,
        project_id: i64,
        user_id: i64,
    ) -> Result<MemberProfile, StoreError> {
        let (member, row): (Option<i64>, Option<ProfileRow>) = with_reader!(self, |db| {
            let member: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = $2 LIMIT 1",
            )
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
            let row: Option<ProfileRow> = sqlx::query_as(SELECT_ONE_PROFILE)
                .bind(project_id)
                .bind(user_id)
                .fetch_optional(db)
                .await?;
            Ok::<_, sqlx::Error>((member, row))
        })?;
        if member.is_none() {
            return Err(StoreError::NotFound);
        }
        row.map_or(Ok(MemberProfile::blank(user_id)), MemberProfile::try_from)
    }

    /// Applies `patch` to a member's profile if it is still at `expected_version` (0 for a
    /// profile never edited); otherwise `VersionConflict`. `NotFound` when the user is not a
    /// member of the project.
    #[tracing::instrument(skip_all)]
    pub async fn update_member_profile(
        &self,
        project_id: i64,
        user_id: i64,
        patch: &ProfilePatch,
        expected_version: i64,
    ) -> Result<MemberProfile, StoreError> {
        let row: ProfileRow = in_transaction!(self, |tx| {
            let member: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = $2 LIMIT 1",
            )
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            if member.is_none() {
                return Err(StoreError::NotFound);
            }
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM member_profiles WHERE project_id = $1 AND user_id = $2",
            )
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let current = current.unwrap_or(0);
            if current != expected_version {
                return Err(StoreError::VersionConflict { current });
            }
            let discipline = patch.discipline.map(|d| d.map(Discipline::as_str));
            if current == 0 {
                sqlx::query(
                    "INSERT INTO member_profiles (project_id, user_id, discipline, \
                     weekly_capacity_minutes, hourly_rate_minor, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(project_id)
                .bind(user_id)
                .bind(discipline.flatten())
                .bind(patch.weekly_capacity_minutes.flatten())
                .bind(patch.hourly_rate_minor.flatten())
                .bind(clock::now_ms())
                .execute(&mut *tx)
                .await?;
            } else {
                let changed = sqlx::query(
                    "UPDATE member_profiles SET \
                     discipline = CASE WHEN $4 THEN $5 ELSE discipline END, \
                     weekly_capacity_minutes = CASE WHEN $6 THEN $7 ELSE weekly_capacity_minutes END, \
                     hourly_rate_minor = CASE WHEN $8 THEN $9 ELSE hourly_rate_minor END, \
                     updated_at = $10, version = version + 1 \
                     WHERE project_id = $1 AND user_id = $2 AND version = $3",
                )
                .bind(project_id)
                .bind(user_id)
                .bind(expected_version)
                .bind(discipline.is_some())
                .bind(discipline.flatten())
                .bind(patch.weekly_capacity_minutes.is_some())
                .bind(patch.weekly_capacity_minutes.flatten())
                .bind(patch.hourly_rate_minor.is_some())
                .bind(patch.hourly_rate_minor.flatten())
                .bind(clock::now_ms())
                .execute(&mut *tx)
                .await?;
                if changed.rows_affected() == 0 {
                    return Err(StoreError::VersionConflict { current });
                }
            }
            sqlx::query_as(SELECT_ONE_PROFILE)
                .bind(project_id)
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?
        });
        row.try_into()
    }
}
