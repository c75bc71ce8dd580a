//! Sprints: plan (create, edit, assign items), start (records the committed scope) and
//! complete (moves unfinished items, records the spillover). A project has at most one active
//! sprint: starting a second one is `Conflict { constraint: "sprints.one_active" }`.
//!
//! Moving items between sprints writes `sprint_changed` history events in the same
//! transaction, so burndown and velocity rebuilt from the history agree with the items.

use super::events::Draft;
use super::sprint_model::{
    Commitment, Completion, NewSprint, Spillover, Sprint, SprintPatch, Unfinished,
};
use crate::error::stale_or_missing;
use crate::{Store, StoreError, clock};
use serde_json::json;

/// The columns of a [`Sprint`], in field order.
macro_rules! sprint_columns {
    () => {
        "id, project_id, name, goal, starts_on, ends_on, state, started_at, completed_at, \
         created_at, version"
    };
}

/// Loads one sprint by id inside `$tx`; evaluates to `Option<Sprint>`.
macro_rules! load_sprint {
    ($tx:ident, $id:expr) => {{
        let row: Option<SprintRow> = sqlx::query_as(concat!(
            "SELECT ",
            sprint_columns!(),
            " FROM sprints WHERE id = $1"
        ))
        .bind($id)
        .fetch_optional(&mut *$tx)
        .await?;
        row.map(Sprint::from)
    }};
}

/// Moves the items `$ids` (rows `(id, sprint_id)`) of project `$project_id` into sprint
/// `$to` (`None` = backlog) inside `$tx`, bumping their version and writing one
/// `sprint_changed` event each.
macro_rules! move_items {
    ($tx:ident, $project_id:expr, $rows:expr, $to:expr, $actor:expr, $now:expr) => {
        for (item_id, from) in $rows {
            if from == $to {
                continue;
            }
            sqlx::query(
                "UPDATE work_items SET sprint_id = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $1",
            )
            .bind(item_id)
            .bind($to)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            let change = Draft::change("sprint_id", json!(from), json!($to));
            insert_events!($tx, $project_id, item_id, $actor, $now, [change]);
        }
    };
}

/// A `sprint_spillover` row: sprint, item, moved to, points, minutes.
type SpilloverRow = (i64, i64, Option<i64>, Option<i64>, Option<i64>);

#[derive(sqlx::FromRow)]
struct SprintRow {
    id: i64,
    project_id: i64,
    name: String,
    goal: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    state: String,
    started_at: Option<i64>,
    completed_at: Option<i64>,
    created_at: i64,
    version: i64,
}

impl From<SprintRow> for Sprint {
    fn from(row: SprintRow) -> Self {
        Sprint {
            id: row.id,
            project_id: row.project_id,
            name: row.name,
            goal: row.goal,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            state: row.state,
            started_at: row.started_at,
            completed_at: row.completed_at,
            created_at: row.created_at,
            version: row.version,
        }
    }
}

/// Fails with `VersionConflict` unless `sprint` is at `expected`.
fn check_version(sprint: &Sprint, expected: i64) -> Result<(), StoreError> {
    if sprint.version == expected {
        Ok(())
    } else {
        Err(StoreError::VersionConflict {
            current: sprint.version,
        })
    }
}

/// Fails with `Conflict { constraint: "sprints.state" }` unless `sprint` is in `state`.
fn require_state(sprint: &Sprint, state: &str) -> Result<(), StoreError> {
    if sprint.state == state {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            constraint: "sprints.state".to_owned(),
        })
    }
}

impl Store {
    /// A project's sprints: active first, then planned (by start), then completed (latest
    /// first).
    #[tracing::instrument(skip_all)]
    pub async fn list_sprints(&self, project_id: i64) -> Result<Vec<Sprint>, StoreError> {
        let rows: Vec<SprintRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                sprint_columns!(),
                " FROM sprints WHERE project_id = $1 ORDER BY \
                 CASE state WHEN 'active' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, \
                 CASE WHEN state = 'completed' THEN -completed_at ELSE 0 END, \
                 COALESCE(starts_on, '9999-12-31'), id"
            ))
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Sprint::from).collect())
    }

    /// One sprint.
    #[tracing::instrument(skip_all)]
    pub async fn sprint_by_id(&self, id: i64) -> Result<Sprint, StoreError> {
        let row: Option<SprintRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                "SELECT ",
                sprint_columns!(),
                " FROM sprints WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.map(Sprint::from).ok_or(StoreError::NotFound)
    }

    /// Creates a planned sprint.
    #[tracing::instrument(skip_all)]
    pub async fn create_sprint(&self, new: &NewSprint) -> Result<Sprint, StoreError> {
        let row: SprintRow = in_transaction!(self, |tx| {
            sqlx::query_as(concat!(
                "INSERT INTO sprints (project_id, name, goal, starts_on, ends_on, state, \
                 created_at) VALUES ($1, $2, $3, $4, $5, 'planned', $6) RETURNING ",
                sprint_columns!()
            ))
            .bind(new.project_id)
            .bind(&new.name)
            .bind(&new.goal)
            .bind(&new.starts_on)
            .bind(&new.ends_on)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(row.into())
    }

    /// Edits a sprint if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_sprint(
        &self,
        id: i64,
        patch: &SprintPatch,
        expected_version: i64,
    ) -> Result<Sprint, StoreError> {
        let row: Option<SprintRow> = in_transaction!(self, |tx| {
            sqlx::query_as(concat!(
                "UPDATE sprints SET name = COALESCE($3, name), goal = COALESCE($4, goal), \
                 starts_on = CASE WHEN $5 THEN $6 ELSE starts_on END, \
                 ends_on = CASE WHEN $7 THEN $8 ELSE ends_on END, version = version + 1 \
                 WHERE id = $1 AND version = $2 RETURNING ",
                sprint_columns!()
            ))
            .bind(id)
            .bind(expected_version)
            .bind(&patch.name)
            .bind(&patch.goal)
            .bind(patch.starts_on.is_some())
            .bind(patch.starts_on.clone().flatten())
            .bind(patch.ends_on.is_some())
            .bind(patch.ends_on.clone().flatten())
            .fetch_optional(&mut *tx)
            .await?
        });
        match row {
            Some(row) => Ok(row.into()),
            None => Err(stale_or_missing(
                self.sprint_by_id(id).await.ok().map(|s| s.version),
            )),
        }
    }

    /// Deletes a planned sprint if it is still at `expected_version`; its items go back to
    /// the backlog (with history). Active and completed sprints carry history that velocity
    /// and burndown need, so deleting them is `Conflict { constraint: "sprints.state" }`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_sprint(
        &self,
        id: i64,
        expected_version: i64,
        actor_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let Some(sprint) = load_sprint!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            check_version(&sprint, expected_version)?;
            require_state(&sprint, "planned")?;
            let rows: Vec<(i64, Option<i64>)> =
                sqlx::query_as("SELECT id, sprint_id FROM work_items WHERE sprint_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            move_items!(tx, sprint.project_id, rows, None::<i64>, actor_id, now);
            sqlx::query("DELETE FROM sprints WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Puts items of the sprint's project into a planned or active sprint (`Some(id)`) or
    /// back into the backlog (`sprint_id = None`, then `from_sprint` names the sprint they
    /// leave). Items of a completed sprint stay where they are (`Conflict sprints.state`);
    /// an id of another project is `Invalid("item_ids: …")`. Returns how many items moved.
    #[tracing::instrument(skip_all)]
    pub async fn plan_items(
        &self,
        project_id: i64,
        sprint_id: Option<i64>,
        item_ids: &[i64],
        actor_id: Option<i64>,
    ) -> Result<usize, StoreError> {
        let now = clock::now_ms();
        let moved = in_transaction!(self, |tx| {
            if let Some(sprint_id) = sprint_id {
                let Some(sprint) = load_sprint!(tx, sprint_id) else {
                    return Err(StoreError::NotFound);
                };
                if sprint.project_id != project_id {
                    return Err(StoreError::NotFound);
                }
                if sprint.state == "completed" {
                    return Err(StoreError::Conflict {
                        constraint: "sprints.state".to_owned(),
                    });
                }
            }
            let mut rows = Vec::with_capacity(item_ids.len());
            for item_id in item_ids {
                let row: Option<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
                    "SELECT w.id, w.sprint_id, s.state FROM work_items w \
                     LEFT JOIN sprints s ON s.id = w.sprint_id \
                     WHERE w.id = $1 AND w.project_id = $2",
                )
                .bind(item_id)
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((id, from, from_state)) = row else {
                    return Err(StoreError::Invalid(format!(
                        "item_ids: item {item_id} is not in this project"
                    )));
                };
                if from_state.as_deref() == Some("completed") {
                    return Err(StoreError::Conflict {
                        constraint: "sprints.state".to_owned(),
                    });
                }
                if from != sprint_id {
                    rows.push((id, from));
                }
            }
            let moved = rows.len();
            move_items!(tx, project_id, rows, sprint_id, actor_id, now);
            moved
        });
        Ok(moved)
    }

    /// Starts a planned sprint if it is still at `expected_version` and the project has no
    /// active sprint, recording its current items as the committed scope. Missing dates
    /// default to `today` (start) and `default_end` (end).
    #[tracing::instrument(skip_all)]
    pub async fn start_sprint(
        &self,
        id: i64,
        expected_version: i64,
        today: &str,
        default_end: &str,
    ) -> Result<Sprint, StoreError> {
        let now = clock::now_ms();
        let sprint = in_transaction!(self, |tx| {
            let Some(sprint) = load_sprint!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            check_version(&sprint, expected_version)?;
            require_state(&sprint, "planned")?;
            let active: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sprints WHERE project_id = $1 AND state = 'active'",
            )
            .bind(sprint.project_id)
            .fetch_one(&mut *tx)
            .await?;
            if active > 0 {
                return Err(StoreError::Conflict {
                    constraint: "sprints.one_active".to_owned(),
                });
            }
            sqlx::query(
                "UPDATE sprints SET state = 'active', started_at = $2, \
                 starts_on = COALESCE(starts_on, $3), ends_on = COALESCE(ends_on, $4), \
                 version = version + 1 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(today)
            .bind(default_end)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO sprint_commitments (sprint_id, item_id, story_points, \
                 remaining_minutes) SELECT $1, id, story_points, remaining_minutes \
                 FROM work_items WHERE sprint_id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            load_sprint!(tx, id).ok_or(StoreError::NotFound)?
        });
        Ok(sprint)
    }

    /// Completes the active sprint if it is still at `expected_version`. Items not in a done
    /// status move as `unfinished` says and are recorded as spillover; when some exist and
    /// `unfinished` is `None` the answer is `Invalid("unfinished: …")`, so nobody loses track
    /// of work by accident. `per_item` overrides the choice for single items (some to the next
    /// sprint, others to the backlog).
    #[tracing::instrument(skip_all)]
    pub async fn complete_sprint(
        &self,
        id: i64,
        expected_version: i64,
        unfinished: Option<Unfinished>,
        per_item: &[(i64, Unfinished)],
        actor_id: Option<i64>,
    ) -> Result<Completion, StoreError> {
        let now = clock::now_ms();
        let completion = in_transaction!(self, |tx| {
            let Some(sprint) = load_sprint!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            check_version(&sprint, expected_version)?;
            require_state(&sprint, "active")?;
            let open: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT w.id, w.story_points, w.remaining_minutes FROM work_items w \
                 JOIN workflow_statuses s ON s.id = w.status_id \
                 WHERE w.sprint_id = $1 AND s.category <> 'done' ORDER BY w.id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            // The planned sprint `Next` means, looked up once when some item goes there.
            let mut next_sprint: Option<Option<i64>> = None;
            let mut spillover = Vec::with_capacity(open.len());
            for (item_id, story_points, remaining_minutes) in &open {
                let choice = per_item
                    .iter()
                    .find(|(item, _)| item == item_id)
                    .map(|(_, choice)| *choice)
                    .or(unfinished);
                let target = match choice {
                    None => {
                        return Err(StoreError::Invalid(format!(
                            "unfinished: {} item(s) are not done; say where they go \
                             (next, backlog or a sprint id)",
                            open.len()
                        )));
                    }
                    Some(Unfinished::Backlog) => None,
                    Some(Unfinished::Next) => {
                        if next_sprint.is_none() {
                            let next: Option<i64> = sqlx::query_scalar(
                                "SELECT id FROM sprints WHERE project_id = $1 AND state = 'planned' \
                                 ORDER BY COALESCE(starts_on, '9999-12-31'), id LIMIT 1",
                            )
                            .bind(sprint.project_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                            next_sprint = Some(next);
                        }
                        let Some(next) = next_sprint.flatten() else {
                            return Err(StoreError::Invalid(
                                "unfinished: there is no planned sprint to move them to".to_owned(),
                            ));
                        };
                        Some(next)
                    }
                    Some(Unfinished::Sprint(target)) => {
                        let state: Option<String> = sqlx::query_scalar(
                            "SELECT state FROM sprints WHERE id = $1 AND project_id = $2",
                        )
                        .bind(target)
                        .bind(sprint.project_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if state.as_deref() != Some("planned") {
                            return Err(StoreError::Invalid(
                                "unfinished: sprint_id must be a planned sprint of this project"
                                    .to_owned(),
                            ));
                        }
                        Some(target)
                    }
                };
                sqlx::query(
                    "INSERT INTO sprint_spillover (sprint_id, item_id, moved_to_sprint_id, \
                     story_points, remaining_minutes) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(item_id)
                .bind(target)
                .bind(story_points)
                .bind(remaining_minutes)
                .execute(&mut *tx)
                .await?;
                spillover.push(Spillover {
                    sprint_id: id,
                    item_id: *item_id,
                    moved_to_sprint_id: target,
                    story_points: *story_points,
                    remaining_minutes: *remaining_minutes,
                });
                let rows = [(*item_id, Some(id))];
                move_items!(tx, sprint.project_id, rows, target, actor_id, now);
            }
            sqlx::query(
                "UPDATE sprints SET state = 'completed', completed_at = $2, \
                 version = version + 1 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let sprint = load_sprint!(tx, id).ok_or(StoreError::NotFound)?;
            Completion { sprint, spillover }
        });
        Ok(completion)
    }

    /// The committed scope of every started sprint of a project (for velocity).
    #[tracing::instrument(skip_all)]
    pub async fn project_commitments(
        &self,
        project_id: i64,
    ) -> Result<Vec<Commitment>, StoreError> {
        let rows: Vec<(i64, i64, Option<i64>, Option<i64>)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT c.sprint_id, c.item_id, c.story_points, c.remaining_minutes \
                 FROM sprint_commitments c JOIN sprints s ON s.id = c.sprint_id \
                 WHERE s.project_id = $1 ORDER BY c.sprint_id, c.item_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(sprint_id, item_id, story_points, remaining_minutes)| Commitment {
                    sprint_id,
                    item_id,
                    story_points,
                    remaining_minutes,
                },
            )
            .collect())
    }

    /// The spillover of every completed sprint of a project (for velocity).
    #[tracing::instrument(skip_all)]
    pub async fn project_spillover(&self, project_id: i64) -> Result<Vec<Spillover>, StoreError> {
        let rows: Vec<SpilloverRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT o.sprint_id, o.item_id, o.moved_to_sprint_id, o.story_points, \
                     o.remaining_minutes FROM sprint_spillover o \
                     JOIN sprints s ON s.id = o.sprint_id \
                     WHERE s.project_id = $1 ORDER BY o.sprint_id, o.item_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(sprint_id, item_id, moved_to_sprint_id, story_points, remaining_minutes)| {
                    Spillover {
                        sprint_id,
                        item_id,
                        moved_to_sprint_id,
                        story_points,
                        remaining_minutes,
                    }
                },
            )
            .collect())
    }
}

impl Store {
    /// The key of a project by id: resources addressed by their own id (a sprint, a time
    /// entry) need it to ask the project's permission rules.
    #[tracing::instrument(skip_all)]
    pub async fn project_key_of(&self, project_id: i64) -> Result<String, StoreError> {
        let key: Option<String> = with_reader!(self, |db| {
            sqlx::query_scalar("SELECT key FROM projects WHERE id = $1")
                .bind(project_id)
                .fetch_optional(db)
                .await
        })?;
        key.ok_or(StoreError::NotFound)
    }
}

/// The time stamps `Store::backdate_history` moves: `(table, column)`, each table with a
/// `project_id`.
const BACKDATED: [(&str, &str); 6] = [
    ("item_events", "at"),
    ("work_items", "created_at"),
    ("work_items", "completed_at"),
    ("item_dependencies", "created_at"),
    ("sprints", "started_at"),
    ("sprints", "completed_at"),
];

impl Store {
    /// Re-stamps the project's history recorded at or after `since` (unix ms) as happening at
    /// `at`, and the item creation and completion, dependency creation and sprint
    /// start/completion stamped since then too.
    /// Reports replay history by time, so this is how the demo lays out past sprints on past
    /// days; live data never calls it.
    #[tracing::instrument(skip_all)]
    pub async fn backdate_history(
        &self,
        project_id: i64,
        since: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            for (table, column) in BACKDATED {
                let sql = format!(
                    "UPDATE {table} SET {column} = $3 WHERE project_id = $1 AND {column} >= $2"
                );
                sqlx::query(&sql)
                    .bind(project_id)
                    .bind(since)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
}
