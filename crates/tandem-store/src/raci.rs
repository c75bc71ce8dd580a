//! Responsibility matrices: the workspace template and each project's copy of it, with the
//! optimistic version that covers a whole matrix.

use crate::error::{broken_reference, corrupt, stale_or_missing};
use crate::model::UserRef;
use crate::{Store, StoreError, clock};
use serde::Serialize;
use tandem_core::health::Side;
use tandem_core::raci::{Letter, TemplateActivity};
use tandem_core::roles::ProjectRole;

/// Who holds a letter: a project role or one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RaciAssignee {
    /// Whoever holds this role on the project.
    Role(ProjectRole),
    /// This person.
    User(UserRef),
}

/// One cell of a matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaciAssignment {
    /// Who.
    pub assignee: RaciAssignee,
    /// R, A, C or I.
    pub letter: Letter,
}

/// An activity of a project's matrix with its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaciActivity {
    /// Id.
    pub id: i64,
    /// Name, unique in the project.
    pub name: String,
    /// What it covers.
    pub description: String,
    /// Product or delivery.
    pub side: Side,
    /// Display order.
    pub position: i64,
    /// Its cells, in the order they were set.
    pub assignments: Vec<RaciAssignment>,
}

/// A project's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaciMatrix {
    /// The project.
    pub project_id: i64,
    /// Optimistic-concurrency version of the whole matrix.
    pub version: i64,
    /// Last change, unix milliseconds.
    pub updated_at: i64,
    /// Activities by position.
    pub activities: Vec<RaciActivity>,
}

/// Who gets a letter, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaciHolder {
    /// A project role.
    Role(ProjectRole),
    /// A user id.
    User(i64),
}

/// A cell to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRaciAssignment {
    /// Who.
    pub holder: RaciHolder,
    /// Which letter.
    pub letter: Letter,
}

/// An activity to write (validated by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRaciActivity {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Side.
    pub side: Side,
    /// Its cells (at most one A: the caller checks, a unique index backs it).
    pub assignments: Vec<NewRaciAssignment>,
}

/// A change to an activity; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RaciActivityPatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New side.
    pub side: Option<Side>,
    /// New position.
    pub position: Option<i64>,
}

/// The workspace template as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaciTemplate {
    /// Activities with letters by role.
    pub activities: Vec<TemplateActivity>,
    /// Optimistic-concurrency version; 0 for the built-in default never saved.
    pub version: i64,
    /// Last change, unix milliseconds (0 for the built-in default).
    pub updated_at: i64,
}

/// The name of the workspace's one template row.
const DEFAULT_TEMPLATE: &str = "default";

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    name: String,
    description: String,
    side: String,
    position: i64,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    activity_id: i64,
    role: Option<String>,
    user_id: Option<i64>,
    user_name: Option<String>,
    user_email: Option<String>,
    letter: String,
}

const SELECT_HEAD: &str = "SELECT version, updated_at FROM raci_matrices WHERE project_id = $1";
const SELECT_ACTIVITIES: &str = "SELECT id, name, description, side, position \
     FROM raci_activities WHERE project_id = $1 ORDER BY position, id";
const SELECT_ASSIGNMENTS: &str = "SELECT a.activity_id, a.role, a.user_id, \
     u.name AS user_name, u.email AS user_email, a.letter \
     FROM raci_assignments a JOIN raci_activities act ON act.id = a.activity_id \
     LEFT JOIN users u ON u.id = a.user_id WHERE act.project_id = $1 ORDER BY a.id";
const INSERT_ACTIVITY: &str = "INSERT INTO raci_activities (project_id, name, description, \
     side, position) VALUES ($1, $2, $3, $4, $5) RETURNING id";
const INSERT_ASSIGNMENT: &str =
    "INSERT INTO raci_assignments (activity_id, role, user_id, letter) VALUES ($1, $2, $3, $4)";
const BUMP: &str = "UPDATE raci_matrices SET version = version + 1, updated_at = $3 \
     WHERE project_id = $1 AND version = $2";

/// Loads a project's matrix through `$db` (a pool or `&mut *tx`); `None` before the copy.
macro_rules! load_matrix {
    ($db:expr, $project_id:expr) => {{
        let head: Option<(i64, i64)> = sqlx::query_as(SELECT_HEAD)
            .bind($project_id)
            .fetch_optional($db)
            .await?;
        match head {
            None => None,
            Some((version, updated_at)) => {
                let activities: Vec<ActivityRow> = sqlx::query_as(SELECT_ACTIVITIES)
                    .bind($project_id)
                    .fetch_all($db)
                    .await?;
                let assignments: Vec<AssignmentRow> = sqlx::query_as(SELECT_ASSIGNMENTS)
                    .bind($project_id)
                    .fetch_all($db)
                    .await?;
                Some((version, updated_at, activities, assignments))
            }
        }
    }};
}

/// Bumps the matrix version if it is still `$expected` (else `VersionConflict` / `NotFound`).
macro_rules! bump_matrix {
    ($tx:ident, $project_id:expr, $expected:expr) => {{
        let changed = sqlx::query(BUMP)
            .bind($project_id)
            .bind($expected)
            .bind(clock::now_ms())
            .execute(&mut *$tx)
            .await?;
        if changed.rows_affected() == 0 {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM raci_matrices WHERE project_id = $1")
                    .bind($project_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            return Err(stale_or_missing(current));
        }
    }};
}

/// Inserts one activity with its cells and returns its id.
macro_rules! insert_activity {
    ($tx:ident, $project_id:expr, $activity:expr, $position:expr) => {{
        let activity: &NewRaciActivity = $activity;
        let id: i64 = sqlx::query_scalar(INSERT_ACTIVITY)
            .bind($project_id)
            .bind(&activity.name)
            .bind(&activity.description)
            .bind(activity.side.as_str())
            .bind($position)
            .fetch_one(&mut *$tx)
            .await?;
        insert_assignments!($tx, id, &activity.assignments);
        id
    }};
}

/// Inserts the cells of activity `$id`.
macro_rules! insert_assignments {
    ($tx:ident, $id:expr, $assignments:expr) => {{
        for assignment in $assignments {
            let (role, user_id) = match assignment.holder {
                RaciHolder::Role(role) => (Some(role.as_str()), None),
                RaciHolder::User(user_id) => (None, Some(user_id)),
            };
            sqlx::query(INSERT_ASSIGNMENT)
                .bind($id)
                .bind(role)
                .bind(user_id)
                .bind(assignment.letter.as_str())
                .execute(&mut *$tx)
                .await
                .map_err(broken_reference("user: no such user"))?;
        }
    }};
}

type Loaded = Option<(i64, i64, Vec<ActivityRow>, Vec<AssignmentRow>)>;

/// Assembles a loaded matrix.
fn assemble(project_id: i64, loaded: Loaded) -> Result<Option<RaciMatrix>, StoreError> {
    let Some((version, updated_at, activities, assignments)) = loaded else {
        return Ok(None);
    };
    let mut built = activities
        .into_iter()
        .map(|row| {
            Ok(RaciActivity {
                side: Side::parse(&row.side).map_err(|e| corrupt("raci_activities.side", e))?,
                id: row.id,
                name: row.name,
                description: row.description,
                position: row.position,
                assignments: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    for row in assignments {
        let letter =
            Letter::parse(&row.letter).map_err(|e| corrupt("raci_assignments.letter", e))?;
        let assignee = match (row.role, row.user_id, row.user_name, row.user_email) {
            (Some(role), _, _, _) => RaciAssignee::Role(
                ProjectRole::parse(&role).map_err(|e| corrupt("raci_assignments.role", e))?,
            ),
            (None, Some(id), Some(name), Some(email)) => {
                RaciAssignee::User(UserRef { id, name, email })
            }
            _ => {
                return Err(corrupt(
                    "raci_assignments.user_id",
                    tandem_core::ValidationError::new("user_id", "neither a role nor a user"),
                ));
            }
        };
        if let Some(activity) = built.iter_mut().find(|a| a.id == row.activity_id) {
            activity
                .assignments
                .push(RaciAssignment { assignee, letter });
        }
    }
    Ok(Some(RaciMatrix {
        project_id,
        version,
        updated_at,
        activities: built,
    }))
}

/// A matrix that must exist after a write in the same transaction.
fn written(project_id: i64, loaded: Loaded) -> Result<RaciMatrix, StoreError> {
    assemble(project_id, loaded)?.ok_or(StoreError::NotFound)
}

impl Store {
    /// A project's matrix, or `None` before the template was copied into it.
    #[tracing::instrument(skip_all)]
    pub async fn raci_matrix(&self, project_id: i64) -> Result<Option<RaciMatrix>, StoreError> {
        let loaded: Loaded = with_reader!(self, |db| {
            let loaded: Result<Loaded, sqlx::Error> =
                async { Ok(load_matrix!(db, project_id)) }.await;
            loaded
        })?;
        assemble(project_id, loaded)
    }

    /// The project's matrix, created from `template` if it has none yet (exactly once, even
    /// when two requests race: the second one reads the first one's copy).
    #[tracing::instrument(skip_all)]
    pub async fn ensure_raci_matrix(
        &self,
        project_id: i64,
        template: &[NewRaciActivity],
    ) -> Result<RaciMatrix, StoreError> {
        let loaded: Loaded = in_transaction!(self, |tx| {
            let created = sqlx::query(
                "INSERT INTO raci_matrices (project_id, updated_at) VALUES ($1, $2) \
                 ON CONFLICT (project_id) DO NOTHING",
            )
            .bind(project_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(broken_reference("project: no such project"))?;
            if created.rows_affected() == 1 {
                for (position, activity) in (1_i64..).zip(template) {
                    insert_activity!(tx, project_id, activity, position);
                }
            }
            load_matrix!(&mut *tx, project_id)
        });
        written(project_id, loaded)
    }

    /// Replaces every activity of the matrix if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn replace_raci_matrix(
        &self,
        project_id: i64,
        expected_version: i64,
        activities: &[NewRaciActivity],
    ) -> Result<RaciMatrix, StoreError> {
        let loaded: Loaded = in_transaction!(self, |tx| {
            bump_matrix!(tx, project_id, expected_version);
            sqlx::query("DELETE FROM raci_activities WHERE project_id = $1")
                .bind(project_id)
                .execute(&mut *tx)
                .await?;
            for (position, activity) in (1_i64..).zip(activities) {
                insert_activity!(tx, project_id, activity, position);
            }
            load_matrix!(&mut *tx, project_id)
        });
        written(project_id, loaded)
    }

    /// Appends an activity (at `position`, or last) and returns the matrix and its id.
    #[tracing::instrument(skip_all)]
    pub async fn add_raci_activity(
        &self,
        project_id: i64,
        expected_version: i64,
        activity: &NewRaciActivity,
        position: Option<i64>,
    ) -> Result<(RaciMatrix, i64), StoreError> {
        let (id, loaded): (i64, Loaded) = in_transaction!(self, |tx| {
            bump_matrix!(tx, project_id, expected_version);
            let position = match position {
                Some(position) => position,
                None => {
                    let last: Option<i64> = sqlx::query_scalar(
                        "SELECT MAX(position) FROM raci_activities WHERE project_id = $1",
                    )
                    .bind(project_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    last.unwrap_or(0) + 1
                }
            };
            let id = insert_activity!(tx, project_id, activity, position);
            (id, load_matrix!(&mut *tx, project_id))
        });
        Ok((written(project_id, loaded)?, id))
    }

    /// Changes an activity's name, description, side or position.
    #[tracing::instrument(skip_all)]
    pub async fn update_raci_activity(
        &self,
        project_id: i64,
        activity_id: i64,
        expected_version: i64,
        patch: &RaciActivityPatch,
    ) -> Result<RaciMatrix, StoreError> {
        let loaded: Loaded = in_transaction!(self, |tx| {
            bump_matrix!(tx, project_id, expected_version);
            let changed = sqlx::query(
                "UPDATE raci_activities SET name = COALESCE($3, name), \
                 description = COALESCE($4, description), side = COALESCE($5, side), \
                 position = COALESCE($6, position) WHERE id = $1 AND project_id = $2",
            )
            .bind(activity_id)
            .bind(project_id)
            .bind(&patch.name)
            .bind(&patch.description)
            .bind(patch.side.map(Side::as_str))
            .bind(patch.position)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            load_matrix!(&mut *tx, project_id)
        });
        written(project_id, loaded)
    }

    /// Deletes an activity and its cells.
    #[tracing::instrument(skip_all)]
    pub async fn delete_raci_activity(
        &self,
        project_id: i64,
        activity_id: i64,
        expected_version: i64,
    ) -> Result<RaciMatrix, StoreError> {
        let loaded: Loaded = in_transaction!(self, |tx| {
            bump_matrix!(tx, project_id, expected_version);
            let deleted =
                sqlx::query("DELETE FROM raci_activities WHERE id = $1 AND project_id = $2")
                    .bind(activity_id)
                    .bind(project_id)
                    .execute(&mut *tx)
                    .await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            load_matrix!(&mut *tx, project_id)
        });
        written(project_id, loaded)
    }

    /// Replaces the cells of one activity.
    #[tracing::instrument(skip_all)]
    pub async fn set_raci_assignments(
        &self,
        project_id: i64,
        activity_id: i64,
        expected_version: i64,
        assignments: &[NewRaciAssignment],
    ) -> Result<RaciMatrix, StoreError> {
        let loaded: Loaded = in_transaction!(self, |tx| {
            bump_matrix!(tx, project_id, expected_version);
            let owned: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM raci_activities WHERE id = $1 AND project_id = $2",
            )
            .bind(activity_id)
            .bind(project_id)
            .fetch_optional(&mut *tx)
            .await?;
            if owned.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM raci_assignments WHERE activity_id = $1")
                .bind(activity_id)
                .execute(&mut *tx)
                .await?;
            insert_assignments!(tx, activity_id, assignments);
            load_matrix!(&mut *tx, project_id)
        });
        written(project_id, loaded)
    }

    /// The workspace template, or `None` while the built-in default was never saved.
    #[tracing::instrument(skip_all)]
    pub async fn raci_template(&self) -> Result<Option<RaciTemplate>, StoreError> {
        let row: Option<(String, i64, i64)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT activities, version, updated_at FROM raci_templates WHERE name = $1",
            )
            .bind(DEFAULT_TEMPLATE)
            .fetch_optional(db)
            .await
        })?;
        row.map(|(json, version, updated_at)| {
            Ok(RaciTemplate {
                activities: serde_json::from_str(&json)
                    .map_err(|e| corrupt("raci_templates.activities", e))?,
                version,
                updated_at,
            })
        })
        .transpose()
    }

    /// Saves the workspace template if it is still at `expected_version` (0: never saved).
    #[tracing::instrument(skip_all)]
    pub async fn save_raci_template(
        &self,
        activities: &[TemplateActivity],
        expected_version: i64,
    ) -> Result<RaciTemplate, StoreError> {
        let json = serde_json::to_string(activities)
            .map_err(|e| corrupt("raci_templates.activities", e))?;
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let changed = if expected_version == 0 {
                sqlx::query(
                    "INSERT INTO raci_templates (name, activities, updated_at) \
                     VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                )
                .bind(DEFAULT_TEMPLATE)
                .bind(&json)
                .bind(now)
                .execute(&mut *tx)
                .await?
            } else {
                sqlx::query(
                    "UPDATE raci_templates SET activities = $2, updated_at = $3, \
                     version = version + 1 WHERE name = $1 AND version = $4",
                )
                .bind(DEFAULT_TEMPLATE)
                .bind(&json)
                .bind(now)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
            };
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM raci_templates WHERE name = $1")
                        .bind(DEFAULT_TEMPLATE)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(StoreError::VersionConflict {
                    current: current.unwrap_or(0),
                });
            }
        });
        Ok(RaciTemplate {
            activities: activities.to_vec(),
            version: expected_version + 1,
            updated_at: now,
        })
    }
}
