//! Time off: a person's absences, on one project or everywhere.

use super::model::{NewTimeOff, TimeOff};
use crate::error::broken_reference;
use crate::model::UserRef;
use crate::{Store, StoreError, clock};

#[derive(sqlx::FromRow)]
struct TimeOffRow {
    id: i64,
    user_id: i64,
    user_name: String,
    user_email: String,
    project_id: Option<i64>,
    from_date: String,
    to_date: String,
    note: String,
    version: i64,
}

impl From<TimeOffRow> for TimeOff {
    fn from(row: TimeOffRow) -> Self {
        TimeOff {
            id: row.id,
            user: UserRef {
                id: row.user_id,
                name: row.user_name,
                email: row.user_email,
            },
            project_id: row.project_id,
            from_date: row.from_date,
            to_date: row.to_date,
            note: row.note,
            version: row.version,
        }
    }
}

/// Time off joined with its person, followed by `$tail`.
macro_rules! select_time_off {
    ($tail:literal) => {
        concat!(
            "SELECT t.id, t.user_id, u.name AS user_name, u.email AS user_email, t.project_id, \
             t.from_date, t.to_date, t.note, t.version \
             FROM time_off t JOIN users u ON u.id = t.user_id ",
            $tail
        )
    };
}

impl Store {
    /// The time off that matters to a project: entries for it and the everywhere-entries of
    /// its members, overlapping `from..=to` (both `YYYY-MM-DD`; `None` = unbounded), by date.
    #[tracing::instrument(skip_all)]
    pub async fn list_time_off(
        &self,
        project_id: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<TimeOff>, StoreError> {
        let rows: Vec<TimeOffRow> = with_reader!(self, |db| {
            sqlx::query_as(select_time_off!(
                "WHERE (t.project_id = $1 OR (t.project_id IS NULL AND EXISTS ( \
                     SELECT 1 FROM project_members m WHERE m.project_id = $1 AND m.user_id = t.user_id))) \
                 AND ($2 IS NULL OR t.to_date >= $2) AND ($3 IS NULL OR t.from_date <= $3) \
                 ORDER BY t.from_date, u.name, t.id"
            ))
            .bind(project_id)
            .bind(from)
            .bind(to)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(TimeOff::from).collect())
    }

    /// One time-off entry.
    #[tracing::instrument(skip_all)]
    pub async fn time_off(&self, id: i64) -> Result<TimeOff, StoreError> {
        let row: Option<TimeOffRow> = with_reader!(self, |db| {
            sqlx::query_as(select_time_off!("WHERE t.id = $1"))
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.map(TimeOff::from).ok_or(StoreError::NotFound)
    }

    /// Records an absence. An unknown person is `Invalid("user: no such user")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_time_off(&self, new: &NewTimeOff) -> Result<TimeOff, StoreError> {
        let id: i64 = in_transaction!(self, |tx| {
            sqlx::query_scalar(
                "INSERT INTO time_off (user_id, project_id, from_date, to_date, note, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(new.user_id)
            .bind(new.project_id)
            .bind(&new.from_date)
            .bind(&new.to_date)
            .bind(&new.note)
            .bind(new.created_by)
            .bind(clock::now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("user: no such user"))?
        });
        self.time_off(id).await
    }

    /// Changes an absence's dates and note if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_time_off(
        &self,
        id: i64,
        from_date: &str,
        to_date: &str,
        note: &str,
        expected_version: i64,
    ) -> Result<TimeOff, StoreError> {
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE time_off SET from_date = $2, to_date = $3, note = $4, \
                 version = version + 1 WHERE id = $1 AND version = $5",
            )
            .bind(id)
            .bind(from_date)
            .bind(to_date)
            .bind(note)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM time_off WHERE id = $1",
                    id
                ));
            }
        });
        self.time_off(id).await
    }

    /// Deletes an absence if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_time_off(&self, id: i64, expected_version: i64) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let changed = sqlx::query("DELETE FROM time_off WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM time_off WHERE id = $1",
                    id
                ));
            }
        });
        Ok(())
    }
}
