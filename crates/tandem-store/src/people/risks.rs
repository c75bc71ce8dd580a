//! The risk register.

use super::model::{NewRisk, Risk, RiskFilter, RiskPatch};
use crate::error::{broken_reference, corrupt};
use crate::model::UserRef;
use crate::{Store, StoreError, clock};
use tandem_core::people::risk::{Rating, RiskStatus, Visibility};

#[derive(sqlx::FromRow)]
struct RiskRow {
    id: i64,
    title: String,
    description: String,
    probability: i64,
    impact: i64,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    owner_email: Option<String>,
    mitigation: String,
    status: String,
    review_date: Option<String>,
    visibility: String,
    workshop_id: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<RiskRow> for Risk {
    type Error = StoreError;

    fn try_from(row: RiskRow) -> Result<Self, StoreError> {
        let owner = match (row.owner_id, row.owner_name, row.owner_email) {
            (Some(id), Some(name), Some(email)) => Some(UserRef { id, name, email }),
            _ => None,
        };
        Ok(Risk {
            id: row.id,
            title: row.title,
            description: row.description,
            probability: Rating::parse("probability", row.probability)
                .map_err(|error| corrupt("risks.probability", error))?,
            impact: Rating::parse("impact", row.impact)
                .map_err(|error| corrupt("risks.impact", error))?,
            owner,
            mitigation: row.mitigation,
            status: RiskStatus::parse(&row.status)
                .map_err(|error| corrupt("risks.status", error))?,
            review_date: row.review_date,
            visibility: Visibility::parse(&row.visibility)
                .map_err(|error| corrupt("risks.visibility", error))?,
            workshop_id: row.workshop_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

/// Risks with their owner, followed by `$tail`.
macro_rules! select_risks {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.title, r.description, r.probability, r.impact, r.owner_id, \
             u.name AS owner_name, u.email AS owner_email, r.mitigation, r.status, \
             r.review_date, r.visibility, r.workshop_id, r.created_at, r.updated_at, r.version \
             FROM risks r LEFT JOIN users u ON u.id = r.owner_id ",
            $tail
        )
    };
}

impl Store {
    /// A project's risks matching `filter`, highest exposure first.
    #[tracing::instrument(skip_all)]
    pub async fn list_risks(
        &self,
        project_id: i64,
        filter: &RiskFilter,
    ) -> Result<Vec<Risk>, StoreError> {
        let rows: Vec<RiskRow> = with_reader!(self, |db| {
            sqlx::query_as(select_risks!(
                "WHERE r.project_id = $1 AND ($2 IS NULL OR r.status = $2) \
                 AND ($3 IS NULL OR r.visibility = $3) AND ($4 IS NULL OR r.owner_id = $4) \
                 AND (NOT $5 OR r.status IN ('open', 'mitigating')) \
                 ORDER BY r.probability * r.impact DESC, r.impact DESC, r.id"
            ))
            .bind(project_id)
            .bind(filter.status.map(RiskStatus::as_str))
            .bind(filter.visibility.map(Visibility::as_str))
            .bind(filter.owner_id)
            .bind(filter.active_only)
            .fetch_all(db)
            .await
        })?;
        rows.into_iter().map(Risk::try_from).collect()
    }

    /// One risk of a project.
    #[tracing::instrument(skip_all)]
    pub async fn risk(&self, project_id: i64, id: i64) -> Result<Risk, StoreError> {
        let row: Option<RiskRow> = with_reader!(self, |db| {
            sqlx::query_as(select_risks!("WHERE r.project_id = $1 AND r.id = $2"))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Registers a risk with its linked items, in one write. An unknown owner is
    /// `Invalid("owner: no such user")`, an item of another project `Invalid("items: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_risk(&self, project_id: i64, new: &NewRisk) -> Result<Risk, StoreError> {
        self.insert_risk(project_id, new, None).await
    }

    /// Registers a risk that came out of workshop `workshop_id` of the same project, which it
    /// remembers as its origin (the caller checks the workshop belongs to the project).
    #[tracing::instrument(skip_all)]
    pub async fn create_workshop_risk(
        &self,
        project_id: i64,
        workshop_id: i64,
        new: &NewRisk,
    ) -> Result<Risk, StoreError> {
        self.insert_risk(project_id, new, Some(workshop_id)).await
    }

    async fn insert_risk(
        &self,
        project_id: i64,
        new: &NewRisk,
        workshop_id: Option<i64>,
    ) -> Result<Risk, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO risks (project_id, title, description, probability, impact, owner_id, \
                 mitigation, status, review_date, visibility, created_by, created_at, updated_at, \
                 workshop_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id",
            )
            .bind(project_id)
            .bind(&new.title)
            .bind(&new.description)
            .bind(i64::from(new.probability.value()))
            .bind(i64::from(new.impact.value()))
            .bind(new.owner_id)
            .bind(&new.mitigation)
            .bind(new.status.as_str())
            .bind(&new.review_date)
            .bind(new.visibility.as_str())
            .bind(new.created_by)
            .bind(now)
            .bind(workshop_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("owner: no such user"))?;
            link_risk_items!(tx, project_id, id, &new.item_ids);
            id
        });
        self.risk(project_id, id).await
    }

    /// Changes a risk if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_risk(
        &self,
        project_id: i64,
        id: i64,
        patch: &RiskPatch,
        expected_version: i64,
    ) -> Result<Risk, StoreError> {
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE risks SET title = COALESCE($4, title), \
                 description = COALESCE($5, description), \
                 probability = COALESCE($6, probability), impact = COALESCE($7, impact), \
                 owner_id = CASE WHEN $8 THEN $9 ELSE owner_id END, \
                 mitigation = COALESCE($10, mitigation), status = COALESCE($11, status), \
                 review_date = CASE WHEN $12 THEN $13 ELSE review_date END, \
                 visibility = COALESCE($14, visibility), \
                 updated_at = $15, version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(&patch.title)
            .bind(&patch.description)
            .bind(patch.probability.map(|r| i64::from(r.value())))
            .bind(patch.impact.map(|r| i64::from(r.value())))
            .bind(patch.owner_id.is_some())
            .bind(patch.owner_id.flatten())
            .bind(&patch.mitigation)
            .bind(patch.status.map(RiskStatus::as_str))
            .bind(patch.review_date.is_some())
            .bind(patch.review_date.as_ref().and_then(Option::as_deref))
            .bind(patch.visibility.map(Visibility::as_str))
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(broken_reference("owner: no such user"))?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM risks WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        self.risk(project_id, id).await
    }

    /// Deletes a risk if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_risk(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let changed =
                sqlx::query("DELETE FROM risks WHERE project_id = $1 AND id = $2 AND version = $3")
                    .bind(project_id)
                    .bind(id)
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM risks WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        Ok(())
    }
}
