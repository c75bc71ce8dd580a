//! Budget lines and expenses: what a project plans to spend and what it has spent.

use super::model::{
    BudgetLine, BudgetLinePatch, DailyCost, Expense, ExpensePatch, NewBudgetLine, NewExpense,
};
use crate::error::{broken_reference, corrupt};
use crate::{Store, StoreError, clock};
use tandem_core::people::budget::BudgetKind;

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    kind: String,
    name: String,
    amount_minor: i64,
    currency: String,
    notes: String,
    version: i64,
}

impl TryFrom<LineRow> for BudgetLine {
    type Error = StoreError;

    fn try_from(row: LineRow) -> Result<Self, StoreError> {
        Ok(BudgetLine {
            id: row.id,
            kind: BudgetKind::parse(&row.kind)
                .map_err(|error| corrupt("budget_lines.kind", error))?,
            name: row.name,
            amount_minor: row.amount_minor,
            currency: row.currency,
            notes: row.notes,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ExpenseRow {
    id: i64,
    spent_on: String,
    amount_minor: i64,
    currency: String,
    description: String,
    budget_line_id: Option<i64>,
    budget_line_name: Option<String>,
    version: i64,
}

impl From<ExpenseRow> for Expense {
    fn from(row: ExpenseRow) -> Self {
        Expense {
            id: row.id,
            spent_on: row.spent_on,
            amount_minor: row.amount_minor,
            currency: row.currency,
            description: row.description,
            budget_line_id: row.budget_line_id,
            budget_line_name: row.budget_line_name,
            version: row.version,
        }
    }
}

/// A project's budget lines (`$1`), labour first, then by name.
const SELECT_LINES: &str = "SELECT id, kind, name, amount_minor, currency, notes, version \
     FROM budget_lines WHERE project_id = $1 ORDER BY kind DESC, name, id";

/// Expenses with the name of their budget line, followed by `$tail`.
macro_rules! select_expenses {
    ($tail:literal) => {
        concat!(
            "SELECT e.id, e.spent_on, e.amount_minor, e.currency, e.description, \
             e.budget_line_id, b.name AS budget_line_name, e.version \
             FROM expenses e LEFT JOIN budget_lines b ON b.id = e.budget_line_id ",
            $tail
        )
    };
}

/// Refuses a budget line of another project (or none) for an expense, inside a transaction.
macro_rules! check_line {
    ($tx:ident, $project_id:expr, $line:expr) => {
        if let Some(line) = $line {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM budget_lines WHERE id = $1 AND project_id = $2")
                    .bind(line)
                    .bind($project_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::Invalid(
                    "budget_line_id: no such budget line in this project".to_owned(),
                ));
            }
        }
    };
}

impl Store {
    /// A project's budget lines, labour first, then by name.
    #[tracing::instrument(skip_all)]
    pub async fn list_budget_lines(&self, project_id: i64) -> Result<Vec<BudgetLine>, StoreError> {
        let rows: Vec<LineRow> = with_reader!(self, |db| {
            sqlx::query_as(SELECT_LINES)
                .bind(project_id)
                .fetch_all(db)
                .await
        })?;
        rows.into_iter().map(BudgetLine::try_from).collect()
    }

    /// One budget line of a project.
    #[tracing::instrument(skip_all)]
    pub async fn budget_line(&self, project_id: i64, id: i64) -> Result<BudgetLine, StoreError> {
        let row: Option<LineRow> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT id, kind, name, amount_minor, currency, notes, version \
                 FROM budget_lines WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(db)
            .await
        })?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Adds a budget line.
    #[tracing::instrument(skip_all)]
    pub async fn create_budget_line(
        &self,
        project_id: i64,
        new: &NewBudgetLine,
    ) -> Result<BudgetLine, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            sqlx::query_scalar(
                "INSERT INTO budget_lines (project_id, kind, name, amount_minor, currency, notes, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            )
            .bind(project_id)
            .bind(new.kind.as_str())
            .bind(&new.name)
            .bind(new.amount_minor)
            .bind(&new.currency)
            .bind(&new.notes)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project: no such project"))?
        });
        self.budget_line(project_id, id).await
    }

    /// Changes a budget line if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_budget_line(
        &self,
        project_id: i64,
        id: i64,
        patch: &BudgetLinePatch,
        expected_version: i64,
    ) -> Result<BudgetLine, StoreError> {
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE budget_lines SET kind = COALESCE($4, kind), name = COALESCE($5, name), \
                 amount_minor = COALESCE($6, amount_minor), notes = COALESCE($7, notes), \
                 updated_at = $8, version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(patch.kind.map(BudgetKind::as_str))
            .bind(&patch.name)
            .bind(patch.amount_minor)
            .bind(&patch.notes)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM budget_lines WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        self.budget_line(project_id, id).await
    }

    /// Deletes a budget line if it is still at `expected_version`; its expenses stay,
    /// unbooked.
    #[tracing::instrument(skip_all)]
    pub async fn delete_budget_line(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "UPDATE expenses SET budget_line_id = NULL WHERE budget_line_id = $1 \
                 AND EXISTS (SELECT 1 FROM budget_lines WHERE id = $1 AND project_id = $2 \
                     AND version = $3)",
            )
            .bind(id)
            .bind(project_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            let changed = sqlx::query(
                "DELETE FROM budget_lines WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM budget_lines WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        Ok(())
    }

    /// A project's expenses, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_expenses(&self, project_id: i64) -> Result<Vec<Expense>, StoreError> {
        let rows: Vec<ExpenseRow> = with_reader!(self, |db| {
            sqlx::query_as(select_expenses!(
                "WHERE e.project_id = $1 ORDER BY e.spent_on DESC, e.id DESC"
            ))
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Expense::from).collect())
    }

    /// One expense of a project.
    #[tracing::instrument(skip_all)]
    pub async fn expense(&self, project_id: i64, id: i64) -> Result<Expense, StoreError> {
        let row: Option<ExpenseRow> = with_reader!(self, |db| {
            sqlx::query_as(select_expenses!("WHERE e.project_id = $1 AND e.id = $2"))
                .bind(project_id)
                .bind(id)
                .fetch_optional(db)
                .await
        })?;
        row.map(Expense::from).ok_or(StoreError::NotFound)
    }

    /// Records an expense. A budget line of another project is
    /// `Invalid("budget_line_id: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_expense(
        &self,
        project_id: i64,
        new: &NewExpense,
    ) -> Result<Expense, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            check_line!(tx, project_id, new.budget_line_id);
            sqlx::query_scalar(
                "INSERT INTO expenses (project_id, spent_on, amount_minor, currency, description, \
                 budget_line_id, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(project_id)
            .bind(&new.spent_on)
            .bind(new.amount_minor)
            .bind(&new.currency)
            .bind(&new.description)
            .bind(new.budget_line_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        });
        self.expense(project_id, id).await
    }

    /// Changes an expense if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_expense(
        &self,
        project_id: i64,
        id: i64,
        patch: &ExpensePatch,
        expected_version: i64,
    ) -> Result<Expense, StoreError> {
        in_transaction!(self, |tx| {
            check_line!(tx, project_id, patch.budget_line_id.flatten());
            let changed = sqlx::query(
                "UPDATE expenses SET spent_on = COALESCE($4, spent_on), \
                 amount_minor = COALESCE($5, amount_minor), \
                 description = COALESCE($6, description), \
                 budget_line_id = CASE WHEN $7 THEN $8 ELSE budget_line_id END, \
                 updated_at = $9, version = version + 1 \
                 WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .bind(&patch.spent_on)
            .bind(patch.amount_minor)
            .bind(&patch.description)
            .bind(patch.budget_line_id.is_some())
            .bind(patch.budget_line_id.flatten())
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM expenses WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        self.expense(project_id, id).await
    }

    /// Deletes an expense if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_expense(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "DELETE FROM expenses WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(stale_row!(
                    tx,
                    "SELECT version FROM expenses WHERE project_id = $1 AND id = $2",
                    project_id,
                    id
                ));
            }
        });
        Ok(())
    }

    /// The sum of a project's expenses up to and including `until` (`YYYY-MM-DD`; `None` =
    /// all), in minor units.
    #[tracing::instrument(skip_all)]
    pub async fn expenses_total(
        &self,
        project_id: i64,
        until: Option<&str>,
    ) -> Result<i64, StoreError> {
        let total: Option<i64> = with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM expenses \
                 WHERE project_id = $1 AND ($2 IS NULL OR spent_on <= $2)",
            )
            .bind(project_id)
            .bind(until)
            .fetch_one(db)
            .await
        })?;
        Ok(total.unwrap_or(0))
    }

    /// Logged time × each person's hourly rate on the project, up to and including `until`
    /// (`None` = all), in minor units rounded to the nearest unit. Time logged by someone
    /// without a rate costs nothing (the budget page shows who has no rate).
    #[tracing::instrument(skip_all)]
    pub async fn labour_cost_total(
        &self,
        project_id: i64,
        until: Option<&str>,
    ) -> Result<i64, StoreError> {
        let minute_cost: Option<i64> = with_reader!(self, |db| {
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(t.minutes * COALESCE(p.hourly_rate_minor, 0)), 0) \
                 AS BIGINT) FROM time_entries t LEFT JOIN member_profiles p \
                 ON p.project_id = t.project_id AND p.user_id = t.user_id \
                 WHERE t.project_id = $1 AND ($2 IS NULL OR t.date <= $2)",
            )
            .bind(project_id)
            .bind(until)
            .fetch_one(db)
            .await
        })?;
        Ok((minute_cost.unwrap_or(0) + 30).div_euclid(60))
    }

    /// A project's spending per day, by date: time logged, its labour cost and expenses
    /// (the same sums as [`Store::labour_cost_total`] and [`Store::expenses_total`], kept
    /// per day so actual cost can be read at every date of a chart from one query each).
    #[tracing::instrument(skip_all)]
    pub async fn daily_costs(&self, project_id: i64) -> Result<Vec<DailyCost>, StoreError> {
        let labour: Vec<(String, i64, i64)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT t.date, CAST(SUM(t.minutes) AS BIGINT), \
                 CAST(SUM(t.minutes * COALESCE(p.hourly_rate_minor, 0)) AS BIGINT) \
                 FROM time_entries t LEFT JOIN member_profiles p \
                 ON p.project_id = t.project_id AND p.user_id = t.user_id \
                 WHERE t.project_id = $1 GROUP BY t.date",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        let expenses: Vec<(String, i64)> = with_reader!(self, |db| {
            sqlx::query_as(
                "SELECT spent_on, CAST(SUM(amount_minor) AS BIGINT) FROM expenses \
                 WHERE project_id = $1 GROUP BY spent_on",
            )
            .bind(project_id)
            .fetch_all(db)
            .await
        })?;
        let mut days: std::collections::BTreeMap<String, DailyCost> = Default::default();
        for (date, minutes, cost) in labour {
            let day = days.entry(date.clone()).or_default();
            day.date = date;
            day.minutes += minutes;
            day.labour_minute_cost += cost;
        }
        for (date, amount) in expenses {
            let day = days.entry(date.clone()).or_default();
            day.date = date;
            day.expenses_minor += amount;
        }
        Ok(days.into_values().collect())
    }
}
