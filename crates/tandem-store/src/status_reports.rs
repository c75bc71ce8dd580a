//! Generated status reports, kept as history: each row is what a report said when it was
//! generated (JSON for programs, Markdown for people), never recomputed.

use crate::error::{broken_reference, corrupt};
use crate::{Store, StoreError, clock};
use serde::Serialize;

/// A report to keep.
#[derive(Debug, Clone)]
pub struct NewStatusReport {
    pub project_id: i64,
    /// First day of the period, `YYYY-MM-DD`.
    pub period_start: String,
    /// Last day of the period, `YYYY-MM-DD`.
    pub period_end: String,
    /// Who asked for it; `None` for the system (demo load).
    pub generated_by: Option<i64>,
    /// The report's content.
    pub body: serde_json::Value,
    /// The same content as Markdown.
    pub markdown: String,
}

/// A kept report without its content, for history lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReportSummary {
    pub id: i64,
    pub project_id: i64,
    /// The project's key, for addresses and permission checks.
    pub project_key: String,
    pub period_start: String,
    pub period_end: String,
    pub generated_by: Option<i64>,
    /// The author's name, while the account exists.
    pub generated_by_name: Option<String>,
    /// Unix milliseconds.
    pub generated_at: i64,
}

/// A kept report with its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredStatusReport {
    pub summary: StatusReportSummary,
    pub body: serde_json::Value,
    pub markdown: String,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    project_id: i64,
    project_key: String,
    period_start: String,
    period_end: String,
    generated_by: Option<i64>,
    generated_by_name: Option<String>,
    generated_at: i64,
}

impl From<SummaryRow> for StatusReportSummary {
    fn from(row: SummaryRow) -> Self {
        Self {
            id: row.id,
            project_id: row.project_id,
            project_key: row.project_key,
            period_start: row.period_start,
            period_end: row.period_end,
            generated_by: row.generated_by,
            generated_by_name: row.generated_by_name,
            generated_at: row.generated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct FullRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body: String,
    markdown: String,
}

macro_rules! select_reports {
    ($columns:literal, $tail:literal) => {
        concat!(
            "SELECT r.id, r.project_id, p.key AS project_key, r.period_start, r.period_end, r.generated_by, \
             u.name AS generated_by_name, r.generated_at",
            $columns,
            " FROM status_reports r JOIN projects p ON p.id = r.project_id \
             LEFT JOIN users u ON u.id = r.generated_by ",
            $tail
        )
    };
}

impl Store {
    /// Keeps a generated report and returns its id.
    #[tracing::instrument(skip_all)]
    pub async fn create_status_report(&self, new: &NewStatusReport) -> Result<i64, StoreError> {
        let body = new.body.to_string();
        let id = in_transaction!(self, |tx| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO status_reports (project_id, period_start, period_end, generated_by, \
                 generated_at, body, markdown) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(new.project_id)
            .bind(&new.period_start)
            .bind(&new.period_end)
            .bind(new.generated_by)
            .bind(clock::now_ms())
            .bind(&body)
            .bind(&new.markdown)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project: no such project"))?
        });
        Ok(id)
    }

    /// A project's reports, newest first, without their content.
    #[tracing::instrument(skip_all)]
    pub async fn list_status_reports(
        &self,
        project_id: i64,
    ) -> Result<Vec<StatusReportSummary>, StoreError> {
        let rows: Vec<SummaryRow> = with_reader!(self, |db| {
            sqlx::query_as(select_reports!(
                "",
                "WHERE r.project_id = $1 ORDER BY r.generated_at DESC, r.id DESC"
            ))
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(StatusReportSummary::from).collect())
    }

    /// One report with its content.
    #[tracing::instrument(skip_all)]
    pub async fn status_report(&self, id: i64) -> Result<StoredStatusReport, StoreError> {
        let row: Option<FullRow> = with_reader!(self, |db| {
            sqlx::query_as(select_reports!(", r.body, r.markdown", "WHERE r.id = $1"))
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(StoredStatusReport {
            summary: row.summary.into(),
            body: serde_json::from_str(&row.body).map_err(|e| corrupt("status_reports.body", e))?,
            markdown: row.markdown,
        })
    }
}
