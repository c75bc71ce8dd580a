//! Things of other cockpits that direction artefacts point at: product features and
//! hypotheses (migration 0003) and delivery work items (0002).

use crate::{Store, StoreError};
use tandem_core::product::direction::LinkKind;

/// An artefact a workshop may be recorded as the origin of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    Decision,
    Feedback,
    Objective,
    Feature,
    Hypothesis,
    /// A risk of the register (migration 0022).
    Risk,
}

impl OriginKind {
    /// The table holding it (a fixed name, never user input).
    fn table(self) -> &'static str {
        match self {
            OriginKind::Decision => "decisions",
            OriginKind::Feedback => "feedback",
            OriginKind::Objective => "objectives",
            OriginKind::Feature => "features",
            OriginKind::Hypothesis => "hypotheses",
            OriginKind::Risk => "risks",
        }
    }
}

impl Store {
    /// `Ok` when the feature or work item `id` belongs to the project, else `NotFound`.
    #[tracing::instrument(skip_all)]
    pub async fn direction_target_exists(
        &self,
        project_id: i64,
        kind: LinkKind,
        id: i64,
    ) -> Result<(), StoreError> {
        let sql = match kind {
            LinkKind::Feature => "SELECT id FROM features WHERE project_id = $1 AND id = $2",
            LinkKind::Item => "SELECT id FROM work_items WHERE project_id = $1 AND id = $2",
            LinkKind::Release => "SELECT id FROM releases WHERE project_id = $1 AND id = $2",
            LinkKind::VisionRevision => {
                "SELECT id FROM vision_revisions WHERE project_id = $1 AND id = $2"
            }
        };
        let found: Option<i64> = with_reader!(self, |db| {
            sqlx::query_scalar(sql)
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        found.map(drop).ok_or(StoreError::NotFound)
    }

    /// Records `workshop_id` as the origin of an existing artefact of the project (bumping its
    /// version); `NotFound` when the artefact is not in the project.
    #[tracing::instrument(skip_all)]
    pub async fn set_workshop_origin(
        &self,
        project_id: i64,
        kind: OriginKind,
        id: i64,
        workshop_id: i64,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "UPDATE {} SET workshop_id = $1, version = version + 1 \
             WHERE project_id = $2 AND id = $3",
            kind.table()
        );
        let changed: u64 = in_transaction!(self, |tx| {
            sqlx::query(&sql)
                .bind(workshop_id)
                .bind(project_id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
