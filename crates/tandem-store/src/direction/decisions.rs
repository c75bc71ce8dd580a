//! The decision log (ADR-like records) and what each decision affects. Linking a decision to
//! a vision revision records it as the decision covering that direction change.

use super::{stored, stored_json, to_json};
use crate::error::{broken_reference, stale_or_missing};
use crate::{Store, StoreError, clock};
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::product::direction::{DecisionStatus, LinkKind, Visibility};

/// What a decision affects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecisionLink {
    /// Feature, item, release or vision revision.
    pub kind: LinkKind,
    /// Its id.
    pub id: i64,
}

/// A decision to record or the new state of one (updates replace every field and link).
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub title: String,
    pub status: DecisionStatus,
    pub context: String,
    /// The options considered.
    pub options: Vec<String>,
    pub decision: String,
    pub rationale: String,
    /// The single accountable decider.
    pub decider_id: Option<i64>,
    /// People consulted (user ids).
    pub consulted: Vec<i64>,
    /// `YYYY-MM-DD`.
    pub decided_on: Option<String>,
    /// `YYYY-MM-DD`: open decisions past it are flagged.
    pub due_on: Option<String>,
    pub consequence_scope: String,
    pub consequence_time: String,
    pub consequence_cost: String,
    /// `YYYY-MM-DD`.
    pub revisit_on: Option<String>,
    pub superseded_by: Option<i64>,
    pub visibility: Visibility,
    /// The workshop it came out of.
    pub workshop_id: Option<i64>,
    pub links: Vec<DecisionLink>,
}

/// A recorded decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub status: DecisionStatus,
    pub context: String,
    pub options: Vec<String>,
    pub decision: String,
    pub rationale: String,
    pub decider_id: Option<i64>,
    pub decider_name: Option<String>,
    pub consulted: Vec<i64>,
    pub decided_on: Option<String>,
    pub due_on: Option<String>,
    pub consequence_scope: String,
    pub consequence_time: String,
    pub consequence_cost: String,
    pub revisit_on: Option<String>,
    pub superseded_by: Option<i64>,
    pub visibility: Visibility,
    pub workshop_id: Option<i64>,
    pub links: Vec<DecisionLink>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// Which decisions to list.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    /// Only this status.
    pub status: Option<DecisionStatus>,
    /// Only open decisions due before this date (`YYYY-MM-DD`, normally today).
    pub overdue_on: Option<String>,
    /// Only shared ones (client views).
    pub shared_only: bool,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    project_id: i64,
    title: String,
    status: String,
    context: String,
    options: String,
    decision: String,
    rationale: String,
    decider_id: Option<i64>,
    decider_name: Option<String>,
    consulted: String,
    decided_on: Option<String>,
    due_on: Option<String>,
    consequence_scope: String,
    consequence_time: String,
    consequence_cost: String,
    revisit_on: Option<String>,
    superseded_by: Option<i64>,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    decision_id: i64,
    kind: String,
    target_id: i64,
}

impl DecisionRow {
    fn into_decision(self, links: Vec<DecisionLink>) -> Result<Decision, StoreError> {
        Ok(Decision {
            status: stored("decisions.status", &self.status, DecisionStatus::parse)?,
            options: stored_json("decisions.options", &self.options)?,
            consulted: stored_json("decisions.consulted", &self.consulted)?,
            visibility: stored("decisions.visibility", &self.visibility, Visibility::parse)?,
            links,
            id: self.id,
            project_id: self.project_id,
            title: self.title,
            context: self.context,
            decision: self.decision,
            rationale: self.rationale,
            decider_id: self.decider_id,
            decider_name: self.decider_name,
            decided_on: self.decided_on,
            due_on: self.due_on,
            consequence_scope: self.consequence_scope,
            consequence_time: self.consequence_time,
            consequence_cost: self.consequence_cost,
            revisit_on: self.revisit_on,
            superseded_by: self.superseded_by,
            workshop_id: self.workshop_id,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

macro_rules! select_decisions {
    ($tail:literal) => {
        concat!(
            "SELECT d.id, d.project_id, d.title, d.status, d.context, d.options, d.decision, \
             d.rationale, d.decider_id, u.name AS decider_name, d.consulted, d.decided_on, \
             d.due_on, d.consequence_scope, d.consequence_time, d.consequence_cost, \
             d.revisit_on, d.superseded_by, d.visibility, d.workshop_id, d.created_by, \
             d.created_at, d.updated_at, d.version \
             FROM decisions d LEFT JOIN users u ON u.id = d.decider_id ",
            $tail
        )
    };
}

/// Inserts a decision and its links on transaction `$tx` and evaluates to its id. Shared by
/// the decision log and the go/no-go outcome, which records its decision in its own
/// transaction.
macro_rules! insert_decision {
    ($tx:ident, $project_id:expr, $input:expr, $created_by:expr, $now:expr) => {{
        let input: &$crate::direction::DecisionInput = $input;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO decisions (project_id, title, status, context, options, decision, \
             rationale, decider_id, consulted, decided_on, due_on, consequence_scope, \
             consequence_time, consequence_cost, revisit_on, superseded_by, visibility, \
             workshop_id, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20, $20) RETURNING id",
        )
        .bind($project_id)
        .bind(&input.title)
        .bind(input.status.as_str())
        .bind(&input.context)
        .bind($crate::direction::to_json(&input.options))
        .bind(&input.decision)
        .bind(&input.rationale)
        .bind(input.decider_id)
        .bind($crate::direction::to_json(&input.consulted))
        .bind(&input.decided_on)
        .bind(&input.due_on)
        .bind(&input.consequence_scope)
        .bind(&input.consequence_time)
        .bind(&input.consequence_cost)
        .bind(&input.revisit_on)
        .bind(input.superseded_by)
        .bind(input.visibility.as_str())
        .bind(input.workshop_id)
        .bind($created_by)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await
        .map_err($crate::error::broken_reference(
            "decider_id: no such user, workshop or decision",
        ))?;
        insert_links!($tx, $project_id, id, &input.links);
        id
    }};
}

/// Writes the links of decision `$id` (after deleting the old ones on update) and marks the
/// linked vision revisions of the project as covered by it.
macro_rules! insert_links {
    ($tx:ident, $project_id:expr, $id:expr, $links:expr) => {{
        for link in $links {
            sqlx::query(
                "INSERT INTO decision_links (decision_id, kind, target_id) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(link.kind.as_str())
            .bind(link.id)
            .execute(&mut *$tx)
            .await?;
            if link.kind == tandem_core::product::direction::LinkKind::VisionRevision {
                let covered = sqlx::query(
                    "UPDATE vision_revisions SET decision_id = $1 \
                     WHERE id = $2 AND project_id = $3",
                )
                .bind($id)
                .bind(link.id)
                .bind($project_id)
                .execute(&mut *$tx)
                .await?;
                if covered.rows_affected() == 0 {
                    return Err(StoreError::Invalid(
                        "links: no such vision revision in this project".to_owned(),
                    ));
                }
            }
        }
    }};
}

pub(crate) use {insert_decision, insert_links};

impl Store {
    /// Records a decision with its links; `created_by` is its author.
    #[tracing::instrument(skip_all)]
    pub async fn create_decision(
        &self,
        project_id: i64,
        input: &DecisionInput,
        created_by: i64,
    ) -> Result<Decision, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            insert_decision!(tx, project_id, input, created_by, now)
        });
        self.decision(project_id, id).await
    }

    /// Replaces a decision's fields and links if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_decision(
        &self,
        project_id: i64,
        id: i64,
        input: &DecisionInput,
        expected_version: i64,
    ) -> Result<Decision, StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE decisions SET title = $4, status = $5, context = $6, options = $7, \
                 decision = $8, rationale = $9, decider_id = $10, consulted = $11, \
                 decided_on = $12, due_on = $13, consequence_scope = $14, \
                 consequence_time = $15, consequence_cost = $16, revisit_on = $17, \
                 superseded_by = $18, visibility = $19, workshop_id = $20, updated_at = $21, \
                 version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(&input.title)
            .bind(input.status.as_str())
            .bind(&input.context)
            .bind(to_json(&input.options))
            .bind(&input.decision)
            .bind(&input.rationale)
            .bind(input.decider_id)
            .bind(to_json(&input.consulted))
            .bind(&input.decided_on)
            .bind(&input.due_on)
            .bind(&input.consequence_scope)
            .bind(&input.consequence_time)
            .bind(&input.consequence_cost)
            .bind(&input.revisit_on)
            .bind(input.superseded_by)
            .bind(input.visibility.as_str())
            .bind(input.workshop_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(broken_reference(
                "decider_id: no such user, workshop or decision",
            ))?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM decisions WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            sqlx::query("DELETE FROM decision_links WHERE decision_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE vision_revisions SET decision_id = NULL WHERE decision_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_links!(tx, project_id, id, &input.links);
        });
        self.decision(project_id, id).await
    }

    /// One decision of the project.
    #[tracing::instrument(skip_all)]
    pub async fn decision(&self, project_id: i64, id: i64) -> Result<Decision, StoreError> {
        let (row, links): (Option<DecisionRow>, Vec<LinkRow>) = with_reader!(self, |db| {
            let row = sqlx::query_as(select_decisions!("WHERE d.project_id = $1 AND d.id = $2"))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await?;
            let links = sqlx::query_as(
                "SELECT decision_id, kind, target_id FROM decision_links \
                 WHERE decision_id = $1 ORDER BY kind, target_id",
            )
            .bind(id)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((row, links))
        })?;
        let row = row.ok_or(StoreError::NotFound)?;
        let links = links
            .into_iter()
            .map(link_of)
            .collect::<Result<Vec<_>, _>>()?;
        row.into_decision(links.into_iter().map(|(_, link)| link).collect())
    }

    /// The project's decisions matching `filter`, newest first (two queries whatever the
    /// count).
    #[tracing::instrument(skip_all)]
    pub async fn list_decisions(
        &self,
        project_id: i64,
        filter: &DecisionFilter,
    ) -> Result<Vec<Decision>, StoreError> {
        let (rows, links): (Vec<DecisionRow>, Vec<LinkRow>) = with_reader!(self, |db| {
            let rows = sqlx::query_as(select_decisions!(
                "WHERE d.project_id = $1 AND ($2 IS NULL OR d.status = $2) \
                 AND ($3 IS NULL OR (d.status = 'proposed' AND d.due_on < $3)) \
                 AND (NOT $4 OR d.visibility = 'shared') \
                 ORDER BY d.id DESC"
            ))
            .bind(project_id)
            .bind(filter.status.map(DecisionStatus::as_str))
            .bind(&filter.overdue_on)
            .bind(filter.shared_only)
            .fetch_all(db)
            .await?;
            let links = sqlx::query_as(
                "SELECT l.decision_id, l.kind, l.target_id FROM decision_links l \
                 JOIN decisions d ON d.id = l.decision_id WHERE d.project_id = $1 \
                 ORDER BY l.kind, l.target_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((rows, links))
        })?;
        let mut by_decision: HashMap<i64, Vec<DecisionLink>> = HashMap::new();
        for row in links {
            let (decision_id, link) = link_of(row)?;
            by_decision.entry(decision_id).or_default().push(link);
        }
        rows.into_iter()
            .map(|row| {
                let links = by_decision.remove(&row.id).unwrap_or_default();
                row.into_decision(links)
            })
            .collect()
    }

    /// Deletes a decision if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_decision(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query("UPDATE decisions SET superseded_by = NULL WHERE superseded_by = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let gone = sqlx::query(
                "DELETE FROM decisions WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if gone.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM decisions WHERE project_id = $1 AND id = $2",
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
}

fn link_of(row: LinkRow) -> Result<(i64, DecisionLink), StoreError> {
    Ok((
        row.decision_id,
        DecisionLink {
            kind: stored("decision_links.kind", &row.kind, LinkKind::parse)?,
            id: row.target_id,
        },
    ))
}
