//! Discovery workshops, their participants (accounts or outside contacts) and what they
//! produced: every artefact that remembers the workshop as its origin.

use super::stored;
use crate::error::{broken_reference, stale_or_missing};
use crate::{Store, StoreError, clock};
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::product::direction::{Visibility, WorkshopKind, WorkshopStatus};

/// A participant as entered: an account, or a contact named in free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParticipantInput {
    /// A user of the workspace (team member or client contact).
    User(i64),
    /// Someone without an account, e.g. "Dana Ruiz (Northwind marketing)".
    Contact(String),
}

/// A workshop as entered.
#[derive(Debug, Clone)]
pub struct WorkshopInput {
    pub title: String,
    pub kind: WorkshopKind,
    /// `YYYY-MM-DD`.
    pub held_on: Option<String>,
    pub agenda: String,
    /// Markdown.
    pub notes: String,
    pub status: WorkshopStatus,
    pub visibility: Visibility,
    pub participants: Vec<ParticipantInput>,
}

/// A stored participant.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// The account, when they have one.
    pub user_id: Option<i64>,
    /// The account's name or the contact as written.
    pub name: String,
}

/// A stored workshop.
#[derive(Debug, Clone, Serialize)]
pub struct Workshop {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub kind: WorkshopKind,
    pub held_on: Option<String>,
    pub agenda: String,
    pub notes: String,
    pub status: WorkshopStatus,
    pub visibility: Visibility,
    pub participants: Vec<Participant>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Workshop {
    /// True when the account took part.
    pub fn has_participant(&self, user_id: i64) -> bool {
        self.participants
            .iter()
            .any(|participant| participant.user_id == Some(user_id))
    }
}

/// Something a workshop produced.
#[derive(Debug, Clone, Serialize)]
pub struct WorkshopOutcome {
    /// decision, feedback, objective, feature, hypothesis or risk.
    pub kind: String,
    pub id: i64,
    /// Its title (or the first words of feedback).
    pub title: String,
    /// Whether it is shared with the client.
    pub shared: bool,
}

#[derive(sqlx::FromRow)]
struct WorkshopRow {
    id: i64,
    project_id: i64,
    title: String,
    kind: String,
    held_on: Option<String>,
    agenda: String,
    notes: String,
    status: String,
    visibility: String,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    workshop_id: i64,
    user_id: Option<i64>,
    name: Option<String>,
    contact: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OutcomeRow {
    kind: String,
    id: i64,
    title: String,
    visibility: String,
}

/// Replaces the participants of workshop `$id`.
macro_rules! replace_participants {
    ($tx:ident, $id:expr, $input:expr) => {{
        sqlx::query("DELETE FROM workshop_participants WHERE workshop_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for participant in &$input.participants {
            let (user_id, contact) = match participant {
                ParticipantInput::User(id) => (Some(*id), None),
                ParticipantInput::Contact(text) => (None, Some(text.as_str())),
            };
            sqlx::query(
                "INSERT INTO workshop_participants (workshop_id, user_id, contact) \
                 VALUES ($1, $2, $3)",
            )
            .bind($id)
            .bind(user_id)
            .bind(contact)
            .execute(&mut *$tx)
            .await
            .map_err(broken_reference("participants: no such user"))?;
        }
    }};
}

impl Store {
    /// Creates a workshop with its participants.
    #[tracing::instrument(skip_all)]
    pub async fn create_workshop(
        &self,
        project_id: i64,
        input: &WorkshopInput,
        created_by: i64,
    ) -> Result<Workshop, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO workshops (project_id, title, kind, held_on, agenda, notes, status, \
                 visibility, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(project_id)
            .bind(&input.title)
            .bind(input.kind.as_str())
            .bind(&input.held_on)
            .bind(&input.agenda)
            .bind(&input.notes)
            .bind(input.status.as_str())
            .bind(input.visibility.as_str())
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            replace_participants!(tx, id, input);
            id
        });
        self.workshop(project_id, id).await
    }

    /// Replaces a workshop and its participants if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_workshop(
        &self,
        project_id: i64,
        id: i64,
        input: &WorkshopInput,
        expected_version: i64,
    ) -> Result<Workshop, StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE workshops SET title = $4, kind = $5, held_on = $6, agenda = $7, \
                 notes = $8, status = $9, visibility = $10, updated_at = $11, \
                 version = version + 1 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(&input.title)
            .bind(input.kind.as_str())
            .bind(&input.held_on)
            .bind(&input.agenda)
            .bind(&input.notes)
            .bind(input.status.as_str())
            .bind(input.visibility.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM workshops WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            replace_participants!(tx, id, input);
        });
        self.workshop(project_id, id).await
    }

    /// One workshop of the project.
    #[tracing::instrument(skip_all)]
    pub async fn workshop(&self, project_id: i64, id: i64) -> Result<Workshop, StoreError> {
        self.load_workshops(project_id, Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The project's workshops, latest date first (two queries).
    #[tracing::instrument(skip_all)]
    pub async fn list_workshops(&self, project_id: i64) -> Result<Vec<Workshop>, StoreError> {
        self.load_workshops(project_id, None).await
    }

    async fn load_workshops(
        &self,
        project_id: i64,
        only: Option<i64>,
    ) -> Result<Vec<Workshop>, StoreError> {
        let (rows, people): (Vec<WorkshopRow>, Vec<ParticipantRow>) = with_reader!(self, |db| {
            let rows = sqlx::query_as(
                "SELECT id, project_id, title, kind, held_on, agenda, notes, status, visibility, \
                 created_by, created_at, updated_at, version FROM workshops \
                 WHERE project_id = $1 AND ($2 IS NULL OR id = $2) \
                 ORDER BY held_on IS NULL, held_on DESC, id DESC",
            )
            .bind(project_id)
            .bind(only)
            .fetch_all(db)
            .await?;
            let people = sqlx::query_as(
                "SELECT p.workshop_id, p.user_id, u.name, p.contact \
                 FROM workshop_participants p JOIN workshops w ON w.id = p.workshop_id \
                 LEFT JOIN users u ON u.id = p.user_id \
                 WHERE w.project_id = $1 AND ($2 IS NULL OR w.id = $2) ORDER BY p.id",
            )
            .bind(project_id)
            .bind(only)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((rows, people))
        })?;
        let mut by_workshop: HashMap<i64, Vec<Participant>> = HashMap::new();
        for person in people {
            by_workshop
                .entry(person.workshop_id)
                .or_default()
                .push(Participant {
                    user_id: person.user_id,
                    name: person.name.or(person.contact).unwrap_or_default(),
                });
        }
        rows.into_iter()
            .map(|row| {
                Ok(Workshop {
                    kind: stored("workshops.kind", &row.kind, WorkshopKind::parse)?,
                    status: stored("workshops.status", &row.status, WorkshopStatus::parse)?,
                    visibility: stored("workshops.visibility", &row.visibility, Visibility::parse)?,
                    participants: by_workshop.remove(&row.id).unwrap_or_default(),
                    id: row.id,
                    project_id: row.project_id,
                    title: row.title,
                    held_on: row.held_on,
                    agenda: row.agenda,
                    notes: row.notes,
                    created_by: row.created_by,
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    version: row.version,
                })
            })
            .collect()
    }

    /// Deletes a workshop if it is still at `expected_version`; what it produced stays and
    /// forgets its origin.
    #[tracing::instrument(skip_all)]
    pub async fn delete_workshop(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let gone = sqlx::query(
                "DELETE FROM workshops WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if gone.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM workshops WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
        });
        Ok(())
    }

    /// Everything that remembers this workshop as its origin, by kind then id.
    #[tracing::instrument(skip_all)]
    pub async fn workshop_outcomes(
        &self,
        workshop_id: i64,
    ) -> Result<Vec<WorkshopOutcome>, StoreError> {
        let rows: Vec<OutcomeRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT 'decision' AS kind, id, title, visibility FROM decisions \
                 WHERE workshop_id = $1 \
                 UNION ALL SELECT 'objective', id, title, visibility FROM objectives \
                 WHERE workshop_id = $1 \
                 UNION ALL SELECT 'feedback', id, substr(text, 1, 120), 'internal' FROM feedback \
                 WHERE workshop_id = $1 \
                 UNION ALL SELECT 'feature', id, title, visibility FROM features \
                 WHERE workshop_id = $1 \
                 UNION ALL SELECT 'hypothesis', id, substr(statement, 1, 120), visibility \
                 FROM hypotheses WHERE workshop_id = $1 \
                 UNION ALL SELECT 'risk', id, title, visibility FROM risks \
                 WHERE workshop_id = $1 \
                 ORDER BY 1, 2",
            )
            .bind(workshop_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|row| WorkshopOutcome {
                shared: row.visibility == Visibility::Shared.as_str(),
                kind: row.kind,
                id: row.id,
                title: row.title,
            })
            .collect())
    }
}
