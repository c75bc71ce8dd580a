//! Time tracking: entries (who, which project and item, which day, how long) and the one
//! running timer per person. Stopping a timer turns it into an entry in the same transaction.

use super::model::ItemRef;
use super::sprint_model::{NewTimeEntry, TimeEntry, TimeEntryPatch, TimeFilter, Timer};
use crate::error::stale_or_missing;
use crate::model::UserRef;
use crate::{Store, StoreError, clock};

/// The columns of a [`TimeEntry`] with its person and item.
macro_rules! entry_select {
    () => {
        "SELECT t.id, t.project_id, t.user_id, u.name AS user_name, u.email AS user_email, \
         t.item_id, p.key AS project_key, w.number AS item_number, w.title AS item_title, \
         t.date, t.minutes, t.billable, t.note, t.created_at, t.version \
         FROM time_entries t JOIN users u ON u.id = t.user_id \
         JOIN projects p ON p.id = t.project_id \
         LEFT JOIN work_items w ON w.id = t.item_id "
    };
}

/// Loads one entry by id inside `$tx`; evaluates to `Option<TimeEntry>`.
macro_rules! load_entry {
    ($tx:ident, $id:expr) => {{
        let row: Option<EntryRow> = sqlx::query_as(concat!(entry_select!(), "WHERE t.id = $1"))
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?;
        row.map(TimeEntry::from)
    }};
}

/// Fails with `Invalid("item_id: …")` inside `$tx` unless item `$item` is in `$project`.
macro_rules! check_item {
    ($tx:ident, $project:expr, $item:expr) => {
        if let Some(item_id) = $item {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM work_items WHERE id = $1 AND project_id = $2")
                    .bind(item_id)
                    .bind($project)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::Invalid(
                    "item_id: no such item in this project".to_owned(),
                ));
            }
        }
    };
}

/// Inserts `$new` inside `$tx`; evaluates to the new entry's id.
macro_rules! insert_entry {
    ($tx:ident, $new:expr, $now:expr) => {{
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO time_entries (project_id, user_id, item_id, date, minutes, billable, \
             note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind($new.project_id)
        .bind($new.user_id)
        .bind($new.item_id)
        .bind(&$new.date)
        .bind($new.minutes)
        .bind($new.billable)
        .bind(&$new.note)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    project_id: i64,
    user_id: i64,
    user_name: String,
    user_email: String,
    item_id: Option<i64>,
    project_key: String,
    item_number: Option<i64>,
    item_title: Option<String>,
    date: String,
    minutes: i64,
    billable: bool,
    note: String,
    created_at: i64,
    version: i64,
}

impl From<EntryRow> for TimeEntry {
    fn from(row: EntryRow) -> Self {
        let item = match (row.item_id, row.item_number, row.item_title) {
            (Some(id), Some(number), Some(title)) => Some(ItemRef {
                id,
                key: format!("{}-{number}", row.project_key),
                title,
            }),
            _ => None,
        };
        TimeEntry {
            id: row.id,
            project_id: row.project_id,
            user: UserRef {
                id: row.user_id,
                name: row.user_name,
                email: row.user_email,
            },
            item,
            date: row.date,
            minutes: row.minutes,
            billable: row.billable,
            note: row.note,
            created_at: row.created_at,
            version: row.version,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TimerRow {
    user_id: i64,
    project_id: i64,
    item_id: i64,
    project_key: String,
    item_number: i64,
    item_title: String,
    started_at: i64,
}

impl From<TimerRow> for Timer {
    fn from(row: TimerRow) -> Self {
        Timer {
            user_id: row.user_id,
            project_id: row.project_id,
            item: ItemRef {
                id: row.item_id,
                key: format!("{}-{}", row.project_key, row.item_number),
                title: row.item_title,
            },
            started_at: row.started_at,
        }
    }
}

/// The select of a person's timer with its item.
const TIMER_SELECT: &str = "SELECT t.user_id, w.project_id, t.item_id, p.key AS project_key, \
     w.number AS item_number, w.title AS item_title, t.started_at FROM timers t \
     JOIN work_items w ON w.id = t.item_id JOIN projects p ON p.id = w.project_id \
     WHERE t.user_id = $1";

/// Whole minutes between two times, rounded to the nearest minute and at least one (a timer
/// that ran at all produced some work worth recording).
pub(crate) fn timer_minutes(started_at: i64, stopped_at: i64) -> i64 {
    let elapsed = (stopped_at - started_at).max(0);
    ((elapsed + 30_000) / 60_000).max(1)
}

impl Store {
    /// Records time spent; the item, when given, must be in the project.
    #[tracing::instrument(skip_all)]
    pub async fn create_time_entry(&self, new: &NewTimeEntry) -> Result<TimeEntry, StoreError> {
        let now = clock::now_ms();
        let entry = in_transaction!(self, |tx| {
            check_item!(tx, new.project_id, new.item_id);
            let id = insert_entry!(tx, new, now);
            load_entry!(tx, id).ok_or(StoreError::NotFound)?
        });
        Ok(entry)
    }

    /// One entry.
    #[tracing::instrument(skip_all)]
    pub async fn time_entry_by_id(&self, id: i64) -> Result<TimeEntry, StoreError> {
        let row: Option<EntryRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(entry_select!(), "WHERE t.id = $1"))
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.map(TimeEntry::from).ok_or(StoreError::NotFound)
    }

    /// A project's entries matching `filter`, by day then creation.
    #[tracing::instrument(skip_all)]
    pub async fn list_time_entries(
        &self,
        project_id: i64,
        filter: &TimeFilter,
    ) -> Result<Vec<TimeEntry>, StoreError> {
        let rows: Vec<EntryRow> = with_reader!(self, |db| {
            sqlx::query_as(concat!(
                entry_select!(),
                "WHERE t.project_id = $1 AND ($2 = 0 OR t.user_id = $3) \
                 AND ($4 = 0 OR t.item_id = $5) AND t.date >= $6 AND t.date <= $7 \
                 ORDER BY t.date, t.id"
            ))
            .bind(project_id)
            .bind(i64::from(filter.user_id.is_some()))
            .bind(filter.user_id.unwrap_or(0))
            .bind(i64::from(filter.item_id.is_some()))
            .bind(filter.item_id.unwrap_or(0))
            .bind(filter.from.as_deref().unwrap_or(""))
            .bind(filter.to.as_deref().unwrap_or("9999-12-31"))
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(TimeEntry::from).collect())
    }

    /// Edits an entry if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_time_entry(
        &self,
        id: i64,
        patch: &TimeEntryPatch,
        expected_version: i64,
    ) -> Result<TimeEntry, StoreError> {
        let entry = in_transaction!(self, |tx| {
            let Some(old) = load_entry!(tx, id) else {
                return Err(StoreError::NotFound);
            };
            if old.version != expected_version {
                return Err(stale_or_missing(Some(old.version)));
            }
            let item_id = patch
                .item_id
                .unwrap_or(old.item.as_ref().map(|item| item.id));
            if patch.item_id.is_some() {
                check_item!(tx, old.project_id, item_id);
            }
            sqlx::query(
                "UPDATE time_entries SET item_id = $2, date = $3, minutes = $4, billable = $5, \
                 note = $6, version = version + 1 WHERE id = $1",
            )
            .bind(id)
            .bind(item_id)
            .bind(patch.date.as_deref().unwrap_or(&old.date))
            .bind(patch.minutes.unwrap_or(old.minutes))
            .bind(patch.billable.unwrap_or(old.billable))
            .bind(patch.note.as_deref().unwrap_or(&old.note))
            .execute(&mut *tx)
            .await?;
            load_entry!(tx, id).ok_or(StoreError::NotFound)?
        });
        Ok(entry)
    }

    /// Deletes an entry if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_time_entry(
        &self,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM time_entries WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if current != Some(expected_version) {
                return Err(stale_or_missing(current));
            }
            sqlx::query("DELETE FROM time_entries WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// A person's running timer, if any.
    #[tracing::instrument(skip_all)]
    pub async fn running_timer(&self, user_id: i64) -> Result<Option<Timer>, StoreError> {
        let row: Option<TimerRow> = with_reader!(self, |db| {
            sqlx::query_as(TIMER_SELECT)
                .bind(user_id)
                .fetch_optional(db)
                .await
        })?;
        Ok(row.map(Timer::from))
    }

    /// Starts a person's timer on an item; one already running is
    /// `Conflict { constraint: "timers.running" }`.
    #[tracing::instrument(skip_all)]
    pub async fn start_timer(&self, user_id: i64, item_id: i64) -> Result<Timer, StoreError> {
        let now = clock::now_ms();
        let row: TimerRow = in_transaction!(self, |tx| {
            let running: Option<i64> =
                sqlx::query_scalar("SELECT user_id FROM timers WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if running.is_some() {
                return Err(StoreError::Conflict {
                    constraint: "timers.running".to_owned(),
                });
            }
            sqlx::query("INSERT INTO timers (user_id, item_id, started_at) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(item_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query_as(TIMER_SELECT)
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(row.into())
    }

    /// Stops a person's timer and records the time on its item as an entry dated `date`
    /// (the caller's today), rounded to the minute. No timer is `NotFound`.
    #[tracing::instrument(skip_all)]
    pub async fn stop_timer(
        &self,
        user_id: i64,
        date: &str,
        note: &str,
        billable: bool,
    ) -> Result<TimeEntry, StoreError> {
        let now = clock::now_ms();
        let entry = in_transaction!(self, |tx| {
            let timer: Option<TimerRow> = sqlx::query_as(TIMER_SELECT)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(timer) = timer else {
                return Err(StoreError::NotFound);
            };
            sqlx::query("DELETE FROM timers WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let new = NewTimeEntry {
                project_id: timer.project_id,
                user_id,
                item_id: Some(timer.item_id),
                date: date.to_owned(),
                minutes: timer_minutes(timer.started_at, now),
                billable,
                note: note.to_owned(),
            };
            let id = insert_entry!(tx, new, now);
            load_entry!(tx, id).ok_or(StoreError::NotFound)?
        });
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::timer_minutes;

    #[test]
    fn timer_rounds_to_the_nearest_minute_and_records_at_least_one() {
        assert_eq!(timer_minutes(0, 0), 1);
        assert_eq!(timer_minutes(0, 29_999), 1);
        assert_eq!(timer_minutes(0, 89_999), 1);
        assert_eq!(timer_minutes(0, 90_000), 2);
        assert_eq!(timer_minutes(0, 3_600_000), 60);
        assert_eq!(timer_minutes(10, 0), 1);
    }
}
