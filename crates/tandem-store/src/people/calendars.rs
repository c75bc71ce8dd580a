//! Project calendars: the work week and its exceptions, saved together at one version.

use super::model::{CalendarDay, StoredCalendar};
use crate::{Store, StoreError, clock};

#[derive(sqlx::FromRow)]
struct DayRow {
    name: String,
    from_date: String,
    to_date: String,
    hours: String,
}

impl From<DayRow> for CalendarDay {
    fn from(row: DayRow) -> Self {
        CalendarDay {
            name: row.name,
            from_date: row.from_date,
            to_date: row.to_date,
            hours: row.hours,
        }
    }
}

const SELECT_WEEK: &str = "SELECT work_week, version FROM project_calendars WHERE project_id = $1";
const SELECT_DAYS: &str = "SELECT name, from_date, to_date, hours FROM calendar_exceptions \
     WHERE project_id = $1 ORDER BY from_date, id";

/// Inserts the first saved week of a project's calendar inside `$tx` (version 1).
macro_rules! insert_week {
    ($tx:ident, $project_id:expr, $work_week:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO project_calendars (project_id, work_week, updated_at) \
             VALUES ($1, $2, $3)",
        )
        .bind($project_id)
        .bind($work_week)
        .bind($now)
        .execute(&mut *$tx)
        .await
        .map_err(crate::error::broken_reference("project: no such project"))?
    };
}

/// Replaces a project calendar's exceptions inside `$tx`.
macro_rules! write_exceptions {
    ($tx:ident, $project_id:expr, $exceptions:expr) => {
        sqlx::query("DELETE FROM calendar_exceptions WHERE project_id = $1")
            .bind($project_id)
            .execute(&mut *$tx)
            .await?;
        for day in $exceptions {
            sqlx::query(
                "INSERT INTO calendar_exceptions (project_id, name, from_date, to_date, hours) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($project_id)
            .bind(&day.name)
            .bind(&day.from_date)
            .bind(&day.to_date)
            .bind(&day.hours)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

pub(crate) use {insert_week, write_exceptions};

impl Store {
    /// A project's calendar: its saved week (`None` before the first save) and exceptions.
    #[tracing::instrument(skip_all)]
    pub async fn project_calendar(&self, project_id: i64) -> Result<StoredCalendar, StoreError> {
        let (week, days): (Option<(String, i64)>, Vec<DayRow>) = with_reader!(self, |db| {
            let week = sqlx::query_as(SELECT_WEEK)
                .bind(project_id)
                .fetch_optional(db)
                .await?;
            let days = sqlx::query_as(SELECT_DAYS)
                .bind(project_id)
                .fetch_all(db)
                .await?;
            Ok::<_, sqlx::Error>((week, days))
        })?;
        let (work_week, version) = match week {
            Some((text, version)) => (Some(text), version),
            None => (None, 0),
        };
        Ok(StoredCalendar {
            work_week,
            exceptions: days.into_iter().map(CalendarDay::from).collect(),
            version,
        })
    }

    /// Replaces a project's week and exceptions if the calendar is still at
    /// `expected_version` (0 before the first save); otherwise `VersionConflict`.
    #[tracing::instrument(skip_all)]
    pub async fn save_project_calendar(
        &self,
        project_id: i64,
        work_week: &str,
        exceptions: &[CalendarDay],
        expected_version: i64,
    ) -> Result<StoredCalendar, StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM project_calendars WHERE project_id = $1")
                    .bind(project_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let current = current.unwrap_or(0);
            if current != expected_version {
                return Err(StoreError::VersionConflict { current });
            }
            let now = clock::now_ms();
            if current == 0 {
                insert_week!(tx, project_id, work_week, now);
            } else {
                let changed = sqlx::query(
                    "UPDATE project_calendars SET work_week = $2, updated_at = $3, \
                     version = version + 1 WHERE project_id = $1 AND version = $4",
                )
                .bind(project_id)
                .bind(work_week)
                .bind(now)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
                if changed.rows_affected() == 0 {
                    return Err(StoreError::VersionConflict { current });
                }
            }
            write_exceptions!(tx, project_id, exceptions);
        });
        self.project_calendar(project_id).await
    }
}
