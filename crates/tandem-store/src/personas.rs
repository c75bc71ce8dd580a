//! Personas: the people a project builds for, with their goals, pains and own words.

use crate::artefacts::{Provenance, expect_version, visibility};
use crate::error::{broken_reference, stale_or_missing};
use crate::{Store, StoreError, clock};
use tandem_core::product::artefacts::Visibility;

/// What a product manager writes about a persona.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaFields {
    /// Short name, e.g. "Busy parent shopping on mobile".
    pub name: String,
    /// Who they are.
    pub description: String,
    /// What they want to achieve.
    pub goals: String,
    /// What gets in their way.
    pub pains: String,
    /// Things they said, verbatim; stored one per line.
    pub quotes: Vec<String>,
    /// Whether client contacts see it.
    pub visibility: Visibility,
    /// The workshop it came out of.
    pub workshop_id: Option<i64>,
}

/// A persona to create.
#[derive(Debug, Clone)]
pub struct NewPersona {
    /// Project.
    pub project_id: i64,
    /// Creator.
    pub created_by: Option<i64>,
    /// Content.
    pub fields: PersonaFields,
}

/// Changes to a persona; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct PersonaPatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New goals.
    pub goals: Option<String>,
    /// New pains.
    pub pains: Option<String>,
    /// New quotes (replacing all).
    pub quotes: Option<Vec<String>>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// New origin workshop (`Some(None)` clears it).
    pub workshop_id: Option<Option<i64>>,
}

impl PersonaPatch {
    /// Applies the patch to the current content.
    pub fn apply(&self, fields: &mut PersonaFields) {
        set(&mut fields.name, &self.name);
        set(&mut fields.description, &self.description);
        set(&mut fields.goals, &self.goals);
        set(&mut fields.pains, &self.pains);
        set(&mut fields.quotes, &self.quotes);
        set(&mut fields.visibility, &self.visibility);
        set(&mut fields.workshop_id, &self.workshop_id);
    }
}

/// Replaces the link rows of one owner (`$owner_column = $owner_id`) in `$table`, checking that
/// every linked id is a row of `$source` in the same project; the first one that is not fails
/// the transaction with `Invalid("$field: no $what N in this project")`. Every many-to-many
/// link of the product side (feature → persona and hypothesis, hypothesis → persona,
/// objective → release) is replaced this way.
macro_rules! replace_project_links {
    ($tx:ident, $table:literal, $owner_column:literal, $column:literal, $source:literal,
     $owner_id:expr, $project_id:expr, $ids:expr, $field:literal, $what:literal) => {{
        sqlx::query(concat!(
            "DELETE FROM ",
            $table,
            " WHERE ",
            $owner_column,
            " = $1"
        ))
        .bind($owner_id)
        .execute(&mut *$tx)
        .await?;
        let mut ids: Vec<i64> = $ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let added = sqlx::query(concat!(
                "INSERT INTO ",
                $table,
                " (",
                $owner_column,
                ", ",
                $column,
                ") SELECT $1, id FROM ",
                $source,
                " WHERE id = $2 AND project_id = $3"
            ))
            .bind($owner_id)
            .bind(id)
            .bind($project_id)
            .execute(&mut *$tx)
            .await?;
            if added.rows_affected() == 0 {
                return Err(StoreError::Invalid(format!(
                    "{}: no {} {id} in this project",
                    $field, $what
                )));
            }
        }
    }};
}
pub(crate) use replace_project_links;

/// Replaces `target` when the patch carries a value.
pub(crate) fn set<T: Clone>(target: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        *target = value.clone();
    }
}

/// A stored persona.
#[derive(Debug, Clone, PartialEq)]
pub struct Persona {
    /// Id.
    pub id: i64,
    /// Project.
    pub project_id: i64,
    /// Content.
    pub fields: PersonaFields,
    /// Creation and version.
    pub provenance: Provenance,
}

const SELECT_PERSONAS: &str = "SELECT id, project_id, name, description, goals, pains, quotes, \
     visibility, workshop_id, created_by, created_at, updated_at, version FROM personas ";

#[derive(sqlx::FromRow)]
struct PersonaRow {
    id: i64,
    project_id: i64,
    name: String,
    description: String,
    goals: String,
    pains: String,
    quotes: String,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<PersonaRow> for Persona {
    type Error = StoreError;

    fn try_from(row: PersonaRow) -> Result<Self, StoreError> {
        Ok(Persona {
            id: row.id,
            project_id: row.project_id,
            fields: PersonaFields {
                name: row.name,
                description: row.description,
                goals: row.goals,
                pains: row.pains,
                quotes: split_lines(&row.quotes),
                visibility: visibility(&row.visibility)?,
                workshop_id: row.workshop_id,
            },
            provenance: Provenance {
                created_by: row.created_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            },
        })
    }
}

/// The non-empty lines of a stored list.
fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list stored one entry per line (line breaks inside an entry become spaces).
fn join_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|line| line.replace(['\r', '\n'], " ").trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Store {
    /// Creates a persona. An unknown project or creator is `Invalid`.
    #[tracing::instrument(skip_all)]
    pub async fn create_persona(&self, new: &NewPersona) -> Result<Persona, StoreError> {
        let now = clock::now_ms();
        let f = &new.fields;
        let id: i64 = in_transaction!(self, |tx| {
            sqlx::query_scalar(
                "INSERT INTO personas (project_id, name, description, goals, pains, quotes, \
                 visibility, workshop_id, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(new.project_id)
            .bind(&f.name)
            .bind(&f.description)
            .bind(&f.goals)
            .bind(&f.pains)
            .bind(join_lines(&f.quotes))
            .bind(f.visibility.as_str())
            .bind(f.workshop_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project_id: no such project or creator"))?
        });
        self.persona(new.project_id, id).await
    }

    /// One persona of a project (`NotFound` when it belongs to another project).
    #[tracing::instrument(skip_all)]
    pub async fn persona(&self, project_id: i64, id: i64) -> Result<Persona, StoreError> {
        let row: Option<PersonaRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "{SELECT_PERSONAS} WHERE project_id = $1 AND id = $2"
            ))
            .bind(project_id)
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// A project's personas by name; only the shared ones when `shared_only`.
    #[tracing::instrument(skip_all)]
    pub async fn list_personas(
        &self,
        project_id: i64,
        shared_only: bool,
    ) -> Result<Vec<Persona>, StoreError> {
        let rows: Vec<PersonaRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "{SELECT_PERSONAS} WHERE project_id = $1 \
                 AND (NOT $2 OR visibility = 'shared') ORDER BY name, id"
            ))
            .bind(project_id)
            .bind(shared_only)
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(Persona::try_from).collect()
    }

    /// Applies a patch if the persona is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_persona(
        &self,
        project_id: i64,
        id: i64,
        patch: &PersonaPatch,
        expected_version: i64,
    ) -> Result<Persona, StoreError> {
        let row: PersonaRow = in_transaction!(self, |tx| {
            let current: Option<PersonaRow> = sqlx::query_as(&format!(
                "{SELECT_PERSONAS} WHERE project_id = $1 AND id = $2"
            ))
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current.as_ref().map(|row| row.version), expected_version)?;
            let mut fields = Persona::try_from(current.ok_or(StoreError::NotFound)?)?.fields;
            patch.apply(&mut fields);
            let changed = sqlx::query(
                "UPDATE personas SET name = $3, description = $4, goals = $5, pains = $6, \
                 quotes = $7, visibility = $8, workshop_id = $9, updated_at = $10, \
                 version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(&fields.name)
            .bind(&fields.description)
            .bind(&fields.goals)
            .bind(&fields.pains)
            .bind(join_lines(&fields.quotes))
            .bind(fields.visibility.as_str())
            .bind(fields.workshop_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM personas WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
            sqlx::query_as(&format!("{SELECT_PERSONAS} WHERE id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        row.try_into()
    }

    /// The hypotheses of a project that target persona `persona_id`, most important first;
    /// only shared ones when `shared_only`.
    #[tracing::instrument(skip_all)]
    pub async fn persona_hypotheses(
        &self,
        project_id: i64,
        persona_id: i64,
        shared_only: bool,
    ) -> Result<Vec<crate::Hypothesis>, StoreError> {
        Ok(self
            .list_hypotheses(project_id, shared_only)
            .await?
            .into_iter()
            .filter(|h| h.personas.iter().any(|p| p.id == persona_id))
            .collect())
    }

    /// Deletes a persona still at `expected_version` (its feature and hypothesis links go with
    /// it).
    #[tracing::instrument(skip_all)]
    pub async fn delete_persona(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM personas WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current, expected_version)?;
            sqlx::query("DELETE FROM personas WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
