//! The feedback inbox: what clients, users, support and the team said, its triage status and
//! the features it is tied to. Tying feedback to a feature marks it `linked`.

use super::stored;
use crate::error::{broken_reference, stale_or_missing};
use crate::{Store, StoreError, clock};
use serde::Serialize;
use std::collections::HashMap;
use tandem_core::product::direction::{
    FeedbackSource, FeedbackStatus, Importance, importance_weight,
};

/// Feedback as submitted.
#[derive(Debug, Clone)]
pub struct FeedbackInput {
    pub source: FeedbackSource,
    pub contact: String,
    pub text: String,
    pub persona_id: Option<i64>,
    pub importance: Importance,
    /// The account that submitted it (client users see their own).
    pub submitted_by: Option<i64>,
    pub workshop_id: Option<i64>,
    pub feature_ids: Vec<i64>,
}

/// A change to one piece of feedback; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct FeedbackPatch {
    pub status: Option<FeedbackStatus>,
    pub importance: Option<Importance>,
    pub persona_id: Option<Option<i64>>,
    /// Replaces the linked features.
    pub feature_ids: Option<Vec<i64>>,
}

/// A bulk triage: the same status and/or extra feature links for several pieces of feedback,
/// each at the version the triager saw.
#[derive(Debug, Clone, Default)]
pub struct TriageChange {
    /// (feedback id, expected version).
    pub feedback: Vec<(i64, i64)>,
    pub status: Option<FeedbackStatus>,
    /// Features to link (added to the existing links; the status becomes `linked`).
    pub link_features: Vec<i64>,
}

/// Stored feedback.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    pub id: i64,
    pub project_id: i64,
    pub source: FeedbackSource,
    pub contact: String,
    pub text: String,
    pub persona_id: Option<i64>,
    pub importance: Importance,
    pub status: FeedbackStatus,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub workshop_id: Option<i64>,
    pub feature_ids: Vec<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// Which feedback to list.
#[derive(Debug, Clone, Default)]
pub struct FeedbackFilter {
    pub status: Option<FeedbackStatus>,
    pub source: Option<FeedbackSource>,
    pub importance: Option<Importance>,
    /// Only feedback linked to this feature.
    pub feature_id: Option<i64>,
    /// Only feedback submitted by this account (client users' view).
    pub submitted_by: Option<i64>,
}

/// A feature's feedback: how many pieces and their importance-weighted sum (1/3/9).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FeatureFeedback {
    pub count: u32,
    pub weight: u32,
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: i64,
    project_id: i64,
    source: String,
    contact: String,
    text: String,
    persona_id: Option<i64>,
    importance: String,
    status: String,
    submitted_by: Option<i64>,
    submitted_by_name: Option<String>,
    workshop_id: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    feedback_id: i64,
    feature_id: i64,
}

#[derive(sqlx::FromRow)]
struct WeightRow {
    feature_id: i64,
    importance: String,
}

macro_rules! select_feedback {
    ($tail:literal) => {
        concat!(
            "SELECT f.id, f.project_id, f.source, f.contact, f.text, f.persona_id, f.importance, \
             f.status, f.submitted_by, u.name AS submitted_by_name, f.workshop_id, f.created_at, \
             f.updated_at, f.version FROM feedback f LEFT JOIN users u ON u.id = f.submitted_by ",
            $tail
        )
    };
}

/// Adds links from feedback `$id` to `$features` and marks it `linked` when there are any.
macro_rules! add_links {
    ($tx:ident, $id:expr, $features:expr) => {{
        for feature_id in $features {
            sqlx::query(
                "INSERT INTO feedback_features (feedback_id, feature_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(feature_id)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

impl Store {
    /// Records feedback (status `linked` when it comes with features, else `new`).
    #[tracing::instrument(skip_all)]
    pub async fn create_feedback(
        &self,
        project_id: i64,
        input: &FeedbackInput,
    ) -> Result<Feedback, StoreError> {
        let now = clock::now_ms();
        let status = if input.feature_ids.is_empty() {
            FeedbackStatus::New
        } else {
            FeedbackStatus::Linked
        };
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO feedback (project_id, source, contact, text, persona_id, importance, \
                 status, submitted_by, workshop_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(project_id)
            .bind(input.source.as_str())
            .bind(&input.contact)
            .bind(&input.text)
            .bind(input.persona_id)
            .bind(input.importance.as_str())
            .bind(status.as_str())
            .bind(input.submitted_by)
            .bind(input.workshop_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("workshop_id: no such workshop"))?;
            add_links!(tx, id, &input.feature_ids);
            id
        });
        self.feedback(project_id, id).await
    }

    /// Changes one piece of feedback if it is still at `expected_version`. Replacing its
    /// features with a non-empty list marks it `linked` unless a status is given.
    #[tracing::instrument(skip_all)]
    pub async fn update_feedback(
        &self,
        project_id: i64,
        id: i64,
        patch: &FeedbackPatch,
        expected_version: i64,
    ) -> Result<Feedback, StoreError> {
        let now = clock::now_ms();
        let status = patch.status.or(match &patch.feature_ids {
            Some(ids) if !ids.is_empty() => Some(FeedbackStatus::Linked),
            _ => None,
        });
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE feedback SET status = COALESCE($4, status), \
                 importance = COALESCE($5, importance), \
                 persona_id = CASE WHEN $6 THEN $7 ELSE persona_id END, \
                 updated_at = $8, version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(status.map(FeedbackStatus::as_str))
            .bind(patch.importance.map(Importance::as_str))
            .bind(patch.persona_id.is_some())
            .bind(patch.persona_id.flatten())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM feedback WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            if let Some(features) = &patch.feature_ids {
                sqlx::query("DELETE FROM feedback_features WHERE feedback_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                add_links!(tx, id, features);
            }
        });
        self.feedback(project_id, id).await
    }

    /// Applies a bulk triage in one transaction: all listed feedback changes, or none (a
    /// stale version anywhere is a `VersionConflict` and nothing is written).
    #[tracing::instrument(skip_all)]
    pub async fn triage_feedback(
        &self,
        project_id: i64,
        change: &TriageChange,
    ) -> Result<Vec<Feedback>, StoreError> {
        let now = clock::now_ms();
        let status = change.status.or(if change.link_features.is_empty() {
            None
        } else {
            Some(FeedbackStatus::Linked)
        });
        in_transaction!(self, |tx| {
            for (id, expected_version) in &change.feedback {
                let changed = sqlx::query(
                    "UPDATE feedback SET status = COALESCE($4, status), updated_at = $5, \
                     version = version + 1 WHERE project_id = $1 AND id = $2 AND version = $3",
                )
                .bind(project_id)
                .bind(id)
                .bind(expected_version)
                .bind(status.map(FeedbackStatus::as_str))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if changed.rows_affected() == 0 {
                    let current: Option<i64> = sqlx::query_scalar(
                        "SELECT version FROM feedback WHERE project_id = $1 AND id = $2",
                    )
                    .bind(project_id)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    return Err(stale_or_missing(current));
                }
                add_links!(tx, id, &change.link_features);
            }
        });
        let wanted: Vec<i64> = change.feedback.iter().map(|(id, _)| *id).collect();
        let all = self
            .list_feedback(project_id, &FeedbackFilter::default())
            .await?;
        Ok(all
            .into_iter()
            .filter(|feedback| wanted.contains(&feedback.id))
            .collect())
    }

    /// One piece of feedback of the project.
    #[tracing::instrument(skip_all)]
    pub async fn feedback(&self, project_id: i64, id: i64) -> Result<Feedback, StoreError> {
        let (row, links): (Option<FeedbackRow>, Vec<LinkRow>) = with_reader!(self, |db| {
            let row = sqlx::query_as(select_feedback!("WHERE f.project_id = $1 AND f.id = $2"))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await?;
            let links = sqlx::query_as(
                "SELECT feedback_id, feature_id FROM feedback_features WHERE feedback_id = $1 \
                 ORDER BY feature_id",
            )
            .bind(id)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((row, links))
        })?;
        let features = links.into_iter().map(|link| link.feature_id).collect();
        into_feedback(row.ok_or(StoreError::NotFound)?, features)
    }

    /// The project's feedback matching `filter`, newest first (two queries).
    #[tracing::instrument(skip_all)]
    pub async fn list_feedback(
        &self,
        project_id: i64,
        filter: &FeedbackFilter,
    ) -> Result<Vec<Feedback>, StoreError> {
        let (rows, links): (Vec<FeedbackRow>, Vec<LinkRow>) = with_reader!(self, |db| {
            let rows = sqlx::query_as(select_feedback!(
                "WHERE f.project_id = $1 AND ($2 IS NULL OR f.status = $2) \
                 AND ($3 IS NULL OR f.source = $3) AND ($4 IS NULL OR f.importance = $4) \
                 AND ($5 IS NULL OR f.submitted_by = $5) \
                 AND ($6 IS NULL OR EXISTS (SELECT 1 FROM feedback_features l \
                     WHERE l.feedback_id = f.id AND l.feature_id = $6)) \
                 ORDER BY f.id DESC"
            ))
            .bind(project_id)
            .bind(filter.status.map(FeedbackStatus::as_str))
            .bind(filter.source.map(FeedbackSource::as_str))
            .bind(filter.importance.map(Importance::as_str))
            .bind(filter.submitted_by)
            .bind(filter.feature_id)
            .fetch_all(db)
            .await?;
            let links = sqlx::query_as(
                "SELECT l.feedback_id, l.feature_id FROM feedback_features l \
                 JOIN feedback f ON f.id = l.feedback_id WHERE f.project_id = $1 \
                 ORDER BY l.feature_id",
            )
            .bind(project_id)
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((rows, links))
        })?;
        let mut by_feedback: HashMap<i64, Vec<i64>> = HashMap::new();
        for link in links {
            by_feedback
                .entry(link.feedback_id)
                .or_default()
                .push(link.feature_id);
        }
        rows.into_iter()
            .map(|row| {
                let features = by_feedback.remove(&row.id).unwrap_or_default();
                into_feedback(row, features)
            })
            .collect()
    }

    /// Per feature of the project: how much feedback is linked and its weight (1/3/9 by
    /// importance; archived feedback does not count). One query.
    #[tracing::instrument(skip_all)]
    pub async fn feedback_by_feature(
        &self,
        project_id: i64,
    ) -> Result<HashMap<i64, FeatureFeedback>, StoreError> {
        let rows: Vec<WeightRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT l.feature_id, f.importance FROM feedback_features l \
                 JOIN feedback f ON f.id = l.feedback_id \
                 WHERE f.project_id = $1 AND f.status <> 'archived'",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        let mut totals: HashMap<i64, FeatureFeedback> = HashMap::new();
        for row in rows {
            let importance = stored("feedback.importance", &row.importance, Importance::parse)?;
            let entry = totals.entry(row.feature_id).or_default();
            entry.count += 1;
            entry.weight += importance_weight(importance);
        }
        Ok(totals)
    }
}

fn into_feedback(row: FeedbackRow, feature_ids: Vec<i64>) -> Result<Feedback, StoreError> {
    Ok(Feedback {
        source: stored("feedback.source", &row.source, FeedbackSource::parse)?,
        importance: stored("feedback.importance", &row.importance, Importance::parse)?,
        status: stored("feedback.status", &row.status, FeedbackStatus::parse)?,
        id: row.id,
        project_id: row.project_id,
        contact: row.contact,
        text: row.text,
        persona_id: row.persona_id,
        submitted_by: row.submitted_by,
        submitted_by_name: row.submitted_by_name,
        workshop_id: row.workshop_id,
        feature_ids,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    })
}
