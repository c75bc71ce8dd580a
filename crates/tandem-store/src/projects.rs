//! Projects, created together with their two managers.

use crate::error::{broken_reference, stale_or_missing};
use crate::members::INSERT_MEMBER;
use crate::model::{NewProject, Project, ProjectFilter, ProjectPatch, UserRef};
use crate::{Store, StoreError, clock};
use tandem_core::roles::ProjectRole;
use tandem_core::values::Money;

/// A project with its client's name and both managers, followed by `$tail` (a WHERE clause).
/// The unique index on manager roles guarantees the joins add no rows.
macro_rules! select_projects {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.key, p.name, p.client_id, c.name AS client_name, p.description, \
             p.start_date, p.target_launch_date, p.budget_minor, p.budget_currency, p.archived, \
             p.created_at, p.updated_at, p.version, \
             product.id AS product_manager_id, product.name AS product_manager_name, \
             product.email AS product_manager_email, \
             delivery.id AS project_manager_id, delivery.name AS project_manager_name, \
             delivery.email AS project_manager_email \
             FROM projects p \
             LEFT JOIN clients c ON c.id = p.client_id \
             LEFT JOIN project_members product_role \
                 ON product_role.project_id = p.id AND product_role.role = 'product_manager' \
             LEFT JOIN users product ON product.id = product_role.user_id \
             LEFT JOIN project_members delivery_role \
                 ON delivery_role.project_id = p.id AND delivery_role.role = 'project_manager' \
             LEFT JOIN users delivery ON delivery.id = delivery_role.user_id ",
            $tail
        )
    };
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    key: String,
    name: String,
    client_id: Option<i64>,
    client_name: Option<String>,
    description: String,
    start_date: Option<String>,
    target_launch_date: Option<String>,
    budget_minor: Option<i64>,
    budget_currency: Option<String>,
    archived: bool,
    created_at: i64,
    updated_at: i64,
    version: i64,
    product_manager_id: Option<i64>,
    product_manager_name: Option<String>,
    product_manager_email: Option<String>,
    project_manager_id: Option<i64>,
    project_manager_name: Option<String>,
    project_manager_email: Option<String>,
}

/// A person from the three optional columns of a LEFT JOIN.
fn user_ref(id: Option<i64>, name: Option<String>, email: Option<String>) -> Option<UserRef> {
    Some(UserRef {
        id: id?,
        name: name?,
        email: email?,
    })
}

impl From<ProjectRow> for Project {
    fn from(row: ProjectRow) -> Self {
        let budget = row
            .budget_minor
            .zip(row.budget_currency)
            .map(|(amount_minor, currency)| Money {
                amount_minor,
                currency,
            });
        Project {
            id: row.id,
            key: row.key,
            name: row.name,
            client_id: row.client_id,
            client_name: row.client_name,
            description: row.description,
            start_date: row.start_date,
            target_launch_date: row.target_launch_date,
            budget,
            archived: row.archived,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            product_manager: user_ref(
                row.product_manager_id,
                row.product_manager_name,
                row.product_manager_email,
            ),
            project_manager: user_ref(
                row.project_manager_id,
                row.project_manager_name,
                row.project_manager_email,
            ),
        }
    }
}

impl Store {
    /// Creates a project and, in the same transaction, its manager memberships and (when the
    /// creator is not one of the managers) the creator's membership. A taken key is
    /// `Conflict { constraint: "projects.key" }`; an unknown client or person is `Invalid`
    /// naming the field (`client_id`, `product_manager`, `project_manager`, `created_by`).
    #[tracing::instrument(skip_all)]
    pub async fn create_project(&self, new: &NewProject) -> Result<Project, StoreError> {
        let now = clock::now_ms();
        let is_manager =
            |id: i64| [new.product_manager_id, new.project_manager_id].contains(&Some(id));
        let memberships = [
            (
                new.product_manager_id,
                ProjectRole::ProductManager,
                "product_manager: no such user",
            ),
            (
                new.project_manager_id,
                ProjectRole::ProjectManager,
                "project_manager: no such user",
            ),
            (
                new.created_by.filter(|id| !is_manager(*id)),
                ProjectRole::Member,
                "created_by: no such user",
            ),
        ];
        let row: ProjectRow = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO projects (key, name, client_id, description, start_date, \
                 target_launch_date, budget_minor, budget_currency, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(new.key.as_str())
            .bind(new.name.as_str())
            .bind(new.client_id)
            .bind(&new.description)
            .bind(&new.start_date)
            .bind(&new.target_launch_date)
            .bind(new.budget.as_ref().map(|money| money.amount_minor))
            .bind(new.budget.as_ref().map(|money| money.currency.as_str()))
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("client_id: no such client"))?;
            for (user_id, role, error) in memberships {
                let Some(user_id) = user_id else {
                    continue;
                };
                sqlx::query(INSERT_MEMBER)
                    .bind(id)
                    .bind(user_id)
                    .bind(role.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(broken_reference(error))?;
            }
            sqlx::query_as(select_projects!("WHERE p.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(row.into())
    }

    /// The project with this key.
    #[tracing::instrument(skip_all)]
    pub async fn project_by_key(&self, key: &str) -> Result<Project, StoreError> {
        let row: Option<ProjectRow> = with_reader!(self, |db| {
            sqlx::query_as(select_projects!("WHERE p.key = $1"))
                .bind(key)
                .fetch_optional(db)
                .await
        })?;
        row.map(Project::from).ok_or(StoreError::NotFound)
    }

    /// Projects by key: all of them, or those `visible_to` a user is a member of; archived
    /// ones only when asked.
    #[tracing::instrument(skip_all)]
    pub async fn list_projects(&self, filter: &ProjectFilter) -> Result<Vec<Project>, StoreError> {
        let rows: Vec<ProjectRow> = with_reader!(self, |db| {
            sqlx::query_as(select_projects!(
                "WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM project_members m \
                     WHERE m.project_id = p.id AND m.user_id = $1)) \
                 AND ($2 OR NOT p.archived) \
                 ORDER BY p.key"
            ))
            .bind(filter.visible_to)
            .bind(filter.include_archived)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Project::from).collect())
    }

    /// Applies a patch if the project is still at `expected_version`; otherwise
    /// `VersionConflict` with the current version (or `NotFound`). An unknown client is
    /// `Invalid("client_id: no such client")`.
    #[tracing::instrument(skip_all)]
    pub async fn update_project(
        &self,
        key: &str,
        patch: &ProjectPatch,
        expected_version: i64,
    ) -> Result<Project, StoreError> {
        let budget = patch.budget.as_ref();
        let row: ProjectRow = in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE projects SET \
                 name = COALESCE($3, name), \
                 description = COALESCE($4, description), \
                 client_id = CASE WHEN $5 THEN $6 ELSE client_id END, \
                 start_date = CASE WHEN $7 THEN $8 ELSE start_date END, \
                 target_launch_date = CASE WHEN $9 THEN $10 ELSE target_launch_date END, \
                 budget_minor = CASE WHEN $11 THEN $12 ELSE budget_minor END, \
                 budget_currency = CASE WHEN $11 THEN $13 ELSE budget_currency END, \
                 archived = COALESCE($14, archived), \
                 updated_at = $15, \
                 version = version + 1 \
                 WHERE key = $1 AND version = $2",
            )
            .bind(key)
            .bind(expected_version)
            .bind(&patch.name)
            .bind(&patch.description)
            .bind(patch.client_id.is_some())
            .bind(patch.client_id.flatten())
            .bind(patch.start_date.is_some())
            .bind(patch.start_date.as_ref().and_then(Option::as_deref))
            .bind(patch.target_launch_date.is_some())
            .bind(patch.target_launch_date.as_ref().and_then(Option::as_deref))
            .bind(budget.is_some())
            .bind(budget.and_then(|b| b.as_ref().map(|money| money.amount_minor)))
            .bind(budget.and_then(|b| b.as_ref().map(|money| money.currency.as_str())))
            .bind(patch.archived)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(broken_reference("client_id: no such client"))?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM projects WHERE key = $1")
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
            sqlx::query_as(select_projects!("WHERE p.key = $1"))
                .bind(key)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(row.into())
    }

    /// Records that something about the project changed (e.g. its members): bumps its version
    /// and `updated_at`, so ETags held by clients go stale.
    #[tracing::instrument(skip_all)]
    pub async fn touch_project(&self, project_id: i64) -> Result<(), StoreError> {
        let affected: u64 = in_transaction!(self, |tx| {
            sqlx::query("UPDATE projects SET version = version + 1, updated_at = $2 WHERE id = $1")
                .bind(project_id)
                .bind(clock::now_ms())
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        if affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
