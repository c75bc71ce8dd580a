//! Who does what on a project. A project has at most one product manager and one project
//! manager; naming a new one replaces the current holder.

use crate::error::{broken_reference, corrupt};
use crate::model::Member;
use crate::{Store, StoreError, clock};
use std::collections::HashMap;
use tandem_core::roles::{ProjectRole, UserRole};

/// Adds one membership: project id, user id, role text, time.
pub(crate) const INSERT_MEMBER: &str =
    "INSERT INTO project_members (project_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)";

/// Memberships joined with their users, followed by `$tail` (a WHERE clause).
macro_rules! select_members {
    ($tail:literal) => {
        concat!(
            "SELECT m.user_id, u.name, u.email, u.role AS user_role, m.role, m.added_at \
             FROM project_members m JOIN users u ON u.id = m.user_id ",
            $tail
        )
    };
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: i64,
    name: String,
    email: String,
    user_role: String,
    role: String,
    added_at: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;

    fn try_from(row: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            user_role: UserRole::parse(&row.user_role)
                .map_err(|error| corrupt("users.role", error))?,
            role: parse_role(&row.role)?,
            user_id: row.user_id,
            name: row.name,
            email: row.email,
            added_at: row.added_at,
        })
    }
}

fn parse_role(text: &str) -> Result<ProjectRole, StoreError> {
    ProjectRole::parse(text).map_err(|error| corrupt("project_members.role", error))
}

/// A role's place in display order (managers first).
fn rank(role: ProjectRole) -> usize {
    ProjectRole::ALL
        .iter()
        .position(|candidate| *candidate == role)
        .unwrap_or(ProjectRole::ALL.len())
}

impl Store {
    /// A project's members, by role (managers first) then name.
    #[tracing::instrument(skip_all)]
    pub async fn list_members(&self, project_id: i64) -> Result<Vec<Member>, StoreError> {
        let rows: Vec<MemberRow> = with_reader!(self, |db| {
            sqlx::query_as(select_members!("WHERE m.project_id = $1"))
                .bind(project_id)
                .fetch_all(db)
                .await
        })?;
        let mut members = rows
            .into_iter()
            .map(Member::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        members.sort_by(|a, b| {
            (rank(a.role), &a.name, a.user_id).cmp(&(rank(b.role), &b.name, b.user_id))
        });
        Ok(members)
    }

    /// Gives a user a role on a project. A manager role replaces its current holder in the
    /// same transaction. Giving the same role twice is
    /// `Conflict { constraint: "project_members.pk" }`; an unknown project is `NotFound`, an
    /// unknown user `Invalid("user_id: no such user")`.
    #[tracing::instrument(skip_all)]
    pub async fn add_member(
        &self,
        project_id: i64,
        user_id: i64,
        role: ProjectRole,
    ) -> Result<Member, StoreError> {
        let row: MemberRow = in_transaction!(self, |tx| {
            let project: Option<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE id = $1")
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
            if project.is_none() {
                return Err(StoreError::NotFound);
            }
            // Checked up front: with a manager role, the one-manager index would also match and
            // the backends differ in which violation they report.
            let held: Option<i64> = sqlx::query_scalar(
                "SELECT project_id FROM project_members \
                 WHERE project_id = $1 AND user_id = $2 AND role = $3",
            )
            .bind(project_id)
            .bind(user_id)
            .bind(role.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            if held.is_some() {
                return Err(StoreError::Conflict {
                    constraint: "project_members.pk".to_owned(),
                });
            }
            if role.is_manager() {
                sqlx::query(
                    "DELETE FROM project_members \
                     WHERE project_id = $1 AND role = $2 AND user_id <> $3",
                )
                .bind(project_id)
                .bind(role.as_str())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(INSERT_MEMBER)
                .bind(project_id)
                .bind(user_id)
                .bind(role.as_str())
                .bind(clock::now_ms())
                .execute(&mut *tx)
                .await
                .map_err(broken_reference("user_id: no such user"))?;
            sqlx::query_as(select_members!(
                "WHERE m.project_id = $1 AND m.user_id = $2 AND m.role = $3"
            ))
            .bind(project_id)
            .bind(user_id)
            .bind(role.as_str())
            .fetch_one(&mut *tx)
            .await?
        });
        row.try_into()
    }

    /// Takes a role (or, with `None`, every role) away from a user on a project; `NotFound`
    /// when there was nothing to take.
    #[tracing::instrument(skip_all)]
    pub async fn remove_member(
        &self,
        project_id: i64,
        user_id: i64,
        role: Option<ProjectRole>,
    ) -> Result<(), StoreError> {
        let affected: u64 = in_transaction!(self, |tx| {
            sqlx::query(
                "DELETE FROM project_members \
                 WHERE project_id = $1 AND user_id = $2 AND ($3 IS NULL OR role = $3)",
            )
            .bind(project_id)
            .bind(user_id)
            .bind(role.map(ProjectRole::as_str))
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        if affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The roles a user holds on a project (empty when not a member), managers first.
    #[tracing::instrument(skip_all)]
    pub async fn membership_roles(
        &self,
        project_id: i64,
        user_id: i64,
    ) -> Result<Vec<ProjectRole>, StoreError> {
        let texts: Vec<String> = with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2",
            )
            .bind(project_id)
            .bind(user_id)
            .fetch_all(db)
            .await
        })?;
        let mut roles = texts
            .iter()
            .map(|text| parse_role(text))
            .collect::<Result<Vec<_>, _>>()?;
        roles.sort_by_key(|role| rank(*role));
        Ok(roles)
    }

    /// Every role a user holds, per project id (managers first): one query for a whole project
    /// list instead of one per project.
    #[tracing::instrument(skip_all)]
    pub async fn roles_by_project(
        &self,
        user_id: i64,
    ) -> Result<HashMap<i64, Vec<ProjectRole>>, StoreError> {
        let rows: Vec<(i64, String)> = with_reader!(self, |db| {
            sqlx::query_as("SELECT project_id, role FROM project_members WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(db)
                .await
        })?;
        let mut roles: HashMap<i64, Vec<ProjectRole>> = HashMap::new();
        for (project_id, text) in rows {
            roles
                .entry(project_id)
                .or_default()
                .push(parse_role(&text)?);
        }
        for held in roles.values_mut() {
            held.sort_by_key(|role| rank(*role));
        }
        Ok(roles)
    }
}
