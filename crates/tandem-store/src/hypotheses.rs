//! Hypotheses (what must be true for the product to work) and the experiments that test
//! them. Recording an experiment's outcome updates its hypothesis in the same transaction,
//! following `tandem_core::product::experiments`.

use crate::artefacts::{Provenance, expect_version, parsed, parsed_opt, visibility};
use crate::error::{broken_reference, stale_or_missing};
use crate::features::PersonaLink;
use crate::personas::{replace_project_links, set};
use crate::{Store, StoreError, clock};
use std::collections::HashMap;
use tandem_core::product::artefacts::{
    ExperimentMethod, ExperimentOutcome, HypothesisKind, HypothesisStatus, Visibility,
};
use tandem_core::product::assumptions::{Evidence, Importance};
use tandem_core::product::experiments::{after_outcome, after_planning, criterion_locked};

/// What a product manager writes about a hypothesis.
#[derive(Debug, Clone, PartialEq)]
pub struct HypothesisFields {
    /// "We believe that …"
    pub statement: String,
    /// Desirability, viability or feasibility.
    pub kind: HypothesisKind,
    /// 1–5: how badly the product fails if it is wrong.
    pub importance: Importance,
    /// How much supports it.
    pub evidence: Evidence,
    /// Where it stands.
    pub status: HypothesisStatus,
    /// Whether client contacts see it.
    pub visibility: Visibility,
    /// The workshop it came out of.
    pub workshop_id: Option<i64>,
}

/// A hypothesis to create.
#[derive(Debug, Clone)]
pub struct NewHypothesis {
    /// Project.
    pub project_id: i64,
    /// Creator.
    pub created_by: Option<i64>,
    /// Content.
    pub fields: HypothesisFields,
}

/// Changes to a hypothesis; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct HypothesisPatch {
    /// New statement.
    pub statement: Option<String>,
    /// New kind.
    pub kind: Option<HypothesisKind>,
    /// New importance.
    pub importance: Option<Importance>,
    /// New evidence.
    pub evidence: Option<Evidence>,
    /// New status.
    pub status: Option<HypothesisStatus>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// New origin workshop (`Some(None)` clears it).
    pub workshop_id: Option<Option<i64>>,
    /// Replaces the personas it is about (same project).
    pub persona_ids: Option<Vec<i64>>,
}

impl HypothesisPatch {
    /// Applies the patch to the current content.
    pub fn apply(&self, fields: &mut HypothesisFields) {
        set(&mut fields.statement, &self.statement);
        set(&mut fields.kind, &self.kind);
        set(&mut fields.importance, &self.importance);
        set(&mut fields.evidence, &self.evidence);
        set(&mut fields.status, &self.status);
        set(&mut fields.visibility, &self.visibility);
        set(&mut fields.workshop_id, &self.workshop_id);
    }
}

/// A stored hypothesis.
#[derive(Debug, Clone, PartialEq)]
pub struct Hypothesis {
    /// Id.
    pub id: i64,
    /// Project.
    pub project_id: i64,
    /// Content.
    pub fields: HypothesisFields,
    /// Number of experiments run or planned on it.
    pub experiment_count: i64,
    /// The personas it is about, by name (each with its visibility, so clients see only
    /// shared links).
    pub personas: Vec<PersonaLink>,
    /// Creation and version.
    pub provenance: Provenance,
}

const SELECT_HYPOTHESES: &str = "SELECT h.id, h.project_id, h.statement, h.kind, h.importance, \
     h.evidence, h.status, h.visibility, h.workshop_id, h.created_by, h.created_at, \
     h.updated_at, h.version, \
     (SELECT COUNT(*) FROM experiments e WHERE e.hypothesis_id = h.id) AS experiment_count \
     FROM hypotheses h ";

/// One hypothesis → persona link with what a view shows of the persona.
#[derive(sqlx::FromRow)]
struct PersonaLinkRow {
    hypothesis_id: i64,
    id: i64,
    name: String,
    visibility: String,
}

/// The persona links of a project's hypotheses (`$2`: one hypothesis, NULL: all).
const SELECT_PERSONA_LINKS: &str = "SELECT l.hypothesis_id, p.id, p.name, p.visibility \
     FROM hypothesis_personas l JOIN hypotheses h ON h.id = l.hypothesis_id \
     JOIN personas p ON p.id = l.persona_id \
     WHERE h.project_id = $1 AND ($2 IS NULL OR h.id = $2) ORDER BY p.name, p.id";

/// Attaches persona links to the hypotheses they belong to.
fn attach_personas(
    hypotheses: &mut [Hypothesis],
    links: Vec<PersonaLinkRow>,
) -> Result<(), StoreError> {
    let index: HashMap<i64, usize> = hypotheses
        .iter()
        .enumerate()
        .map(|(at, h)| (h.id, at))
        .collect();
    for link in links {
        if let Some(&at) = index.get(&link.hypothesis_id) {
            hypotheses[at].personas.push(PersonaLink {
                id: link.id,
                name: link.name,
                visibility: visibility(&link.visibility)?,
            });
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct HypothesisRow {
    id: i64,
    project_id: i64,
    statement: String,
    kind: String,
    importance: i64,
    evidence: String,
    status: String,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
    experiment_count: i64,
}

impl TryFrom<HypothesisRow> for Hypothesis {
    type Error = StoreError;

    fn try_from(row: HypothesisRow) -> Result<Self, StoreError> {
        let importance = u8::try_from(row.importance)
            .ok()
            .and_then(|value| Importance::new(value).ok())
            .ok_or_else(|| {
                crate::error::corrupt(
                    "hypotheses.importance",
                    tandem_core::ValidationError::new("importance", "must be from 1 to 5"),
                )
            })?;
        Ok(Hypothesis {
            id: row.id,
            project_id: row.project_id,
            fields: HypothesisFields {
                statement: row.statement,
                kind: parsed("hypotheses.kind", HypothesisKind::parse, &row.kind)?,
                importance,
                evidence: parsed("hypotheses.evidence", Evidence::parse, &row.evidence)?,
                status: parsed("hypotheses.status", HypothesisStatus::parse, &row.status)?,
                visibility: visibility(&row.visibility)?,
                workshop_id: row.workshop_id,
            },
            experiment_count: row.experiment_count,
            personas: Vec::new(),
            provenance: Provenance {
                created_by: row.created_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            },
        })
    }
}

/// What a product manager plans for an experiment, before it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentFields {
    /// Short name, e.g. "Five parent interviews".
    pub title: String,
    /// How it tests the hypothesis.
    pub method: ExperimentMethod,
    /// What result counts as "validated", decided before it starts.
    pub success_criterion: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// Whether client contacts see it (only when its hypothesis is shared too).
    pub visibility: Visibility,
    /// The workshop it came out of.
    pub workshop_id: Option<i64>,
}

/// An experiment to plan.
#[derive(Debug, Clone)]
pub struct NewExperiment {
    /// Project.
    pub project_id: i64,
    /// The hypothesis it tests (same project).
    pub hypothesis_id: i64,
    /// Creator.
    pub created_by: Option<i64>,
    /// Plan.
    pub fields: ExperimentFields,
}

/// Changes to an experiment's plan; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct ExperimentPatch {
    /// New title.
    pub title: Option<String>,
    /// New method.
    pub method: Option<ExperimentMethod>,
    /// New success criterion: refused once the experiment started or has a result.
    pub success_criterion: Option<String>,
    /// New start day (`Some(None)` clears it).
    pub starts_on: Option<Option<String>>,
    /// New end day (`Some(None)` clears it).
    pub ends_on: Option<Option<String>>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// New origin workshop (`Some(None)` clears it).
    pub workshop_id: Option<Option<i64>>,
}

/// A stored experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// Id.
    pub id: i64,
    /// Project.
    pub project_id: i64,
    /// The hypothesis it tests.
    pub hypothesis_id: i64,
    /// Plan.
    pub fields: ExperimentFields,
    /// What was observed (empty until recorded).
    pub result: String,
    /// The verdict against the success criterion, once recorded.
    pub outcome: Option<ExperimentOutcome>,
    /// Creation and version.
    pub provenance: Provenance,
}

impl Experiment {
    /// True when the success criterion may no longer change (see
    /// [`tandem_core::product::experiments::criterion_locked`]).
    pub fn criterion_locked(&self, today: &str) -> bool {
        criterion_locked(
            self.fields.starts_on.as_deref(),
            today,
            !self.result.is_empty() || self.outcome.is_some(),
        )
    }
}

/// An experiment after its result was recorded, with its hypothesis as updated.
#[derive(Debug, Clone)]
pub struct RecordedResult {
    /// The experiment.
    pub experiment: Experiment,
    /// Its hypothesis, with status and evidence following the outcome.
    pub hypothesis: Hypothesis,
}

const SELECT_EXPERIMENTS: &str = "SELECT id, project_id, hypothesis_id, title, method, \
     success_criterion, starts_on, ends_on, result, outcome, visibility, workshop_id, \
     created_by, created_at, updated_at, version FROM experiments ";

#[derive(sqlx::FromRow)]
struct ExperimentRow {
    id: i64,
    project_id: i64,
    hypothesis_id: i64,
    title: String,
    method: String,
    success_criterion: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    result: String,
    outcome: Option<String>,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<ExperimentRow> for Experiment {
    type Error = StoreError;

    fn try_from(row: ExperimentRow) -> Result<Self, StoreError> {
        Ok(Experiment {
            id: row.id,
            project_id: row.project_id,
            hypothesis_id: row.hypothesis_id,
            fields: ExperimentFields {
                title: row.title,
                method: parsed("experiments.method", ExperimentMethod::parse, &row.method)?,
                success_criterion: row.success_criterion,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                visibility: visibility(&row.visibility)?,
                workshop_id: row.workshop_id,
            },
            result: row.result,
            outcome: parsed_opt(
                "experiments.outcome",
                ExperimentOutcome::parse,
                row.outcome.as_deref(),
            )?,
            provenance: Provenance {
                created_by: row.created_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            },
        })
    }
}

impl Store {
    /// Creates a hypothesis. An unknown project or creator is `Invalid`.
    pub async fn create_hypothesis(&self, new: &NewHypothesis) -> Result<Hypothesis, StoreError> {
        self.create_hypothesis_for(new, &[]).await
    }

    /// Creates a hypothesis about `persona_ids` in one transaction. A persona of another
    /// project is `Invalid("persona_ids: …")`; an unknown project or creator is `Invalid`.
    #[tracing::instrument(skip_all)]
    pub async fn create_hypothesis_for(
        &self,
        new: &NewHypothesis,
        persona_ids: &[i64],
    ) -> Result<Hypothesis, StoreError> {
        let now = clock::now_ms();
        let f = &new.fields;
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO hypotheses (project_id, statement, kind, importance, evidence, \
                 status, visibility, workshop_id, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(new.project_id)
            .bind(&f.statement)
            .bind(f.kind.as_str())
            .bind(i64::from(f.importance.value()))
            .bind(f.evidence.as_str())
            .bind(f.status.as_str())
            .bind(f.visibility.as_str())
            .bind(f.workshop_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project_id: no such project or creator"))?;
            replace_project_links!(
                tx,
                "hypothesis_personas",
                "hypothesis_id",
                "persona_id",
                "personas",
                id,
                new.project_id,
                persona_ids,
                "persona_ids",
                "persona"
            );
            id
        });
        self.hypothesis(new.project_id, id).await
    }

    /// One hypothesis of a project.
    #[tracing::instrument(skip_all)]
    pub async fn hypothesis(&self, project_id: i64, id: i64) -> Result<Hypothesis, StoreError> {
        let (row, links): (Option<HypothesisRow>, Vec<PersonaLinkRow>) =
            with_reader!(self, |db| {
                let row = sqlx::query_as(&format!(
                    "{SELECT_HYPOTHESES} WHERE h.project_id = $1 AND h.id = $2"
                ))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await?;
                let links = sqlx::query_as(SELECT_PERSONA_LINKS)
                    .bind(project_id)
                    .bind(Some(id))
                    .fetch_all(db)
                    .await?;
                Ok::<_, sqlx::Error>((row, links))
            })?;
        let mut one = [Hypothesis::try_from(row.ok_or(StoreError::NotFound)?)?];
        attach_personas(&mut one, links)?;
        let [hypothesis] = one;
        Ok(hypothesis)
    }

    /// A project's hypotheses, most important first; only shared ones when `shared_only`.
    #[tracing::instrument(skip_all)]
    pub async fn list_hypotheses(
        &self,
        project_id: i64,
        shared_only: bool,
    ) -> Result<Vec<Hypothesis>, StoreError> {
        let (rows, links): (Vec<HypothesisRow>, Vec<PersonaLinkRow>) = with_reader!(self, |db| {
            let rows = sqlx::query_as(&format!(
                "{SELECT_HYPOTHESES} WHERE h.project_id = $1 \
                     AND (NOT $2 OR h.visibility = 'shared') ORDER BY h.importance DESC, h.id"
            ))
            .bind(project_id)
            .bind(shared_only)
            .fetch_all(db)
            .await?;
            let links = sqlx::query_as(SELECT_PERSONA_LINKS)
                .bind(project_id)
                .bind(None::<i64>)
                .fetch_all(db)
                .await?;
            Ok::<_, sqlx::Error>((rows, links))
        })?;
        let mut hypotheses = rows
            .into_iter()
            .map(Hypothesis::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        attach_personas(&mut hypotheses, links)?;
        Ok(hypotheses)
    }

    /// Applies a patch if the hypothesis is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_hypothesis(
        &self,
        project_id: i64,
        id: i64,
        patch: &HypothesisPatch,
        expected_version: i64,
    ) -> Result<Hypothesis, StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<HypothesisRow> = sqlx::query_as(&format!(
                "{SELECT_HYPOTHESES} WHERE h.project_id = $1 AND h.id = $2"
            ))
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current.as_ref().map(|row| row.version), expected_version)?;
            let mut fields = Hypothesis::try_from(current.ok_or(StoreError::NotFound)?)?.fields;
            patch.apply(&mut fields);
            let changed = sqlx::query(
                "UPDATE hypotheses SET statement = $3, kind = $4, importance = $5, \
                 evidence = $6, status = $7, visibility = $8, workshop_id = $9, \
                 updated_at = $10, version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(&fields.statement)
            .bind(fields.kind.as_str())
            .bind(i64::from(fields.importance.value()))
            .bind(fields.evidence.as_str())
            .bind(fields.status.as_str())
            .bind(fields.visibility.as_str())
            .bind(fields.workshop_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM hypotheses WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
            if let Some(ids) = &patch.persona_ids {
                replace_project_links!(
                    tx,
                    "hypothesis_personas",
                    "hypothesis_id",
                    "persona_id",
                    "personas",
                    id,
                    project_id,
                    ids,
                    "persona_ids",
                    "persona"
                );
            }
        });
        self.hypothesis(project_id, id).await
    }

    /// Deletes a hypothesis still at `expected_version`, with its experiments and links.
    #[tracing::instrument(skip_all)]
    pub async fn delete_hypothesis(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM hypotheses WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current, expected_version)?;
            // Explicit, so the cascade does not depend on SQLite's foreign-key setting.
            sqlx::query("DELETE FROM experiments WHERE hypothesis_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM feature_hypotheses WHERE hypothesis_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM hypothesis_personas WHERE hypothesis_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM hypotheses WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Plans an experiment on a hypothesis of the same project (`NotFound` otherwise); an
    /// untested hypothesis moves to `testing` in the same transaction.
    #[tracing::instrument(skip_all)]
    pub async fn create_experiment(&self, new: &NewExperiment) -> Result<Experiment, StoreError> {
        let now = clock::now_ms();
        let f = &new.fields;
        let id: i64 = in_transaction!(self, |tx| {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM hypotheses WHERE project_id = $1 AND id = $2",
            )
            .bind(new.project_id)
            .bind(new.hypothesis_id)
            .fetch_optional(&mut *tx)
            .await?;
            let status = parsed(
                "hypotheses.status",
                HypothesisStatus::parse,
                &status.ok_or(StoreError::NotFound)?,
            )?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO experiments (project_id, hypothesis_id, title, method, \
                 success_criterion, starts_on, ends_on, visibility, workshop_id, created_by, \
                 created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
            )
            .bind(new.project_id)
            .bind(new.hypothesis_id)
            .bind(&f.title)
            .bind(f.method.as_str())
            .bind(&f.success_criterion)
            .bind(&f.starts_on)
            .bind(&f.ends_on)
            .bind(f.visibility.as_str())
            .bind(f.workshop_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("created_by: no such user"))?;
            let planned = after_planning(status);
            if planned != status {
                sqlx::query(
                    "UPDATE hypotheses SET status = $2, updated_at = $3, version = version + 1 \
                     WHERE id = $1",
                )
                .bind(new.hypothesis_id)
                .bind(planned.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            id
        });
        self.experiment(new.project_id, id).await
    }

    /// One experiment of a project.
    #[tracing::instrument(skip_all)]
    pub async fn experiment(&self, project_id: i64, id: i64) -> Result<Experiment, StoreError> {
        let row: Option<ExperimentRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "{SELECT_EXPERIMENTS} WHERE project_id = $1 AND id = $2"
            ))
            .bind(project_id)
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// The experiments on one hypothesis, oldest first; only shared ones when `shared_only`.
    #[tracing::instrument(skip_all)]
    pub async fn list_experiments(
        &self,
        hypothesis_id: i64,
        shared_only: bool,
    ) -> Result<Vec<Experiment>, StoreError> {
        let rows: Vec<ExperimentRow> = with_reader!(self, |db| {
            sqlx::query_as(&format!(
                "{SELECT_EXPERIMENTS} WHERE hypothesis_id = $1 \
                 AND (NOT $2 OR visibility = 'shared') ORDER BY id"
            ))
            .bind(hypothesis_id)
            .bind(shared_only)
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(Experiment::try_from).collect()
    }

    /// Changes an experiment's plan if it is still at `expected_version`. Changing the
    /// success criterion of an experiment that has started by `today` (`YYYY-MM-DD`, the
    /// workspace's date) or has a result is `Invalid("success_criterion: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn update_experiment(
        &self,
        project_id: i64,
        id: i64,
        patch: &ExperimentPatch,
        expected_version: i64,
        today: &str,
    ) -> Result<Experiment, StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<ExperimentRow> = sqlx::query_as(&format!(
                "{SELECT_EXPERIMENTS} WHERE project_id = $1 AND id = $2"
            ))
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current.as_ref().map(|row| row.version), expected_version)?;
            let experiment = Experiment::try_from(current.ok_or(StoreError::NotFound)?)?;
            let mut fields = experiment.fields.clone();
            if let Some(criterion) = &patch.success_criterion
                && *criterion != fields.success_criterion
                && experiment.criterion_locked(today)
            {
                return Err(StoreError::Invalid(
                    "success_criterion: it was decided before the experiment and cannot change \
                     once the experiment has started or has a result"
                        .to_owned(),
                ));
            }
            set(&mut fields.title, &patch.title);
            set(&mut fields.method, &patch.method);
            set(&mut fields.success_criterion, &patch.success_criterion);
            set(&mut fields.starts_on, &patch.starts_on);
            set(&mut fields.ends_on, &patch.ends_on);
            set(&mut fields.visibility, &patch.visibility);
            set(&mut fields.workshop_id, &patch.workshop_id);
            let changed = sqlx::query(
                "UPDATE experiments SET title = $3, method = $4, success_criterion = $5, \
                 starts_on = $6, ends_on = $7, visibility = $8, workshop_id = $9, \
                 updated_at = $10, version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(&fields.title)
            .bind(fields.method.as_str())
            .bind(&fields.success_criterion)
            .bind(&fields.starts_on)
            .bind(&fields.ends_on)
            .bind(fields.visibility.as_str())
            .bind(fields.workshop_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM experiments WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
        });
        self.experiment(project_id, id).await
    }

    /// Records what an experiment showed. With an outcome, its hypothesis's status and
    /// evidence follow (see `tandem_core::product::experiments::after_outcome`) in the same
    /// transaction.
    #[tracing::instrument(skip_all)]
    pub async fn record_experiment_result(
        &self,
        project_id: i64,
        id: i64,
        result: &str,
        outcome: Option<ExperimentOutcome>,
        expected_version: i64,
    ) -> Result<RecordedResult, StoreError> {
        let now = clock::now_ms();
        let hypothesis_id: i64 = in_transaction!(self, |tx| {
            let current: Option<(i64, i64)> = sqlx::query_as(
                "SELECT version, hypothesis_id FROM experiments \
                 WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current.map(|(version, _)| version), expected_version)?;
            let hypothesis_id = current.map(|(_, h)| h).ok_or(StoreError::NotFound)?;
            let changed = sqlx::query(
                "UPDATE experiments SET result = $3, outcome = $4, updated_at = $5, \
                 version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(result)
            .bind(outcome.map(ExperimentOutcome::as_str))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM experiments WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(stale_or_missing(current));
            }
            if let Some(outcome) = outcome {
                let evidence: String =
                    sqlx::query_scalar("SELECT evidence FROM hypotheses WHERE id = $1")
                        .bind(hypothesis_id)
                        .fetch_one(&mut *tx)
                        .await?;
                let evidence = parsed("hypotheses.evidence", Evidence::parse, &evidence)?;
                let (status, evidence) = after_outcome(evidence, outcome);
                sqlx::query(
                    "UPDATE hypotheses SET status = $2, evidence = $3, updated_at = $4, \
                     version = version + 1 WHERE id = $1",
                )
                .bind(hypothesis_id)
                .bind(status.as_str())
                .bind(evidence.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            hypothesis_id
        });
        Ok(RecordedResult {
            experiment: self.experiment(project_id, id).await?,
            hypothesis: self.hypothesis(project_id, hypothesis_id).await?,
        })
    }

    /// Deletes an experiment still at `expected_version`. Its hypothesis keeps the status and
    /// evidence it reached.
    #[tracing::instrument(skip_all)]
    pub async fn delete_experiment(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM experiments WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current, expected_version)?;
            sqlx::query("DELETE FROM experiments WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
