//! The project budget: planned lines (labour and fixed cost), expenses, and the actual cost
//! so far. Everything here is internal: client contacts never see it.
//!
//! Actual cost = labour (hours logged × each person's hourly rate) + expenses. Logged hours
//! come from time tracking (`time_entries`).

use super::{currency, not_found, required_date, text};
use crate::audit::Writer;
use crate::error::ApiError;
use crate::projects::double_option;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::people::amounts::{self, major};
use tandem_core::people::budget::BudgetKind;
use tandem_core::values::Name;
use tandem_store::{
    BudgetLine, BudgetLinePatch, Expense, ExpensePatch, NewBudgetLine, NewExpense, Project, Store,
};
use utoipa::ToSchema;

/// A budget line to add.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LineInput {
    /// `labour` or `fixed`.
    pub kind: String,
    pub name: String,
    /// Decimal amount in the project currency.
    pub amount: f64,
    /// Must be the project currency when given.
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub notes: String,
}

/// A change to a budget line; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LineChange {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// An expense to record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ExpenseInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Decimal amount in the project currency.
    pub amount: f64,
    /// Must be the project currency when given.
    #[serde(default)]
    pub currency: Option<String>,
    pub description: String,
    /// The budget line it is booked against.
    #[serde(default)]
    pub budget_line_id: Option<i64>,
}

/// A change to an expense; absent fields stay, `budget_line_id: null` unbooks it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExpenseChange {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub budget_line_id: Option<Option<i64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A budget line as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineView {
    pub id: i64,
    /// `labour` or `fixed`.
    pub kind: String,
    pub name: String,
    pub amount: f64,
    pub currency: String,
    pub notes: String,
    pub version: i64,
}

impl From<BudgetLine> for LineView {
    fn from(line: BudgetLine) -> Self {
        Self {
            id: line.id,
            kind: line.kind.as_str().to_owned(),
            name: line.name,
            amount: major(line.amount_minor),
            currency: line.currency,
            notes: line.notes,
            version: line.version,
        }
    }
}

/// An expense as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExpenseView {
    pub id: i64,
    pub date: String,
    pub amount: f64,
    pub currency: String,
    pub description: String,
    pub budget_line_id: Option<i64>,
    pub budget_line_name: Option<String>,
    pub version: i64,
}

impl From<Expense> for ExpenseView {
    fn from(expense: Expense) -> Self {
        Self {
            id: expense.id,
            date: expense.spent_on,
            amount: major(expense.amount_minor),
            currency: expense.currency,
            description: expense.description,
            budget_line_id: expense.budget_line_id,
            budget_line_name: expense.budget_line_name,
            version: expense.version,
        }
    }
}

/// What a project has spent up to a date, in minor units of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActualCost {
    /// Sum of expenses.
    pub expenses_minor: i64,
    /// Hours logged × rates; `None` while time tracking is not available.
    pub labour_minor: Option<i64>,
}

impl ActualCost {
    /// Labour (when known) plus expenses.
    pub fn total_minor(self) -> i64 {
        self.expenses_minor + self.labour_minor.unwrap_or(0)
    }
}

/// The actual cost of a project up to and including `until` (`None` = everything so far).
/// The earned-value metrics use this as AC.
pub async fn actual_cost(
    store: &Store,
    project_id: i64,
    until: Option<&str>,
) -> Result<ActualCost, ApiError> {
    Ok(ActualCost {
        expenses_minor: store.expenses_total(project_id, until).await?,
        labour_minor: Some(store.labour_cost_total(project_id, until).await?),
    })
}

/// The budget page and `GET …/budget`: lines, planned totals, actual cost and what is left.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetView {
    pub currency: String,
    /// The project's overall budget (project settings), if set.
    pub project_budget: Option<f64>,
    pub lines: Vec<LineView>,
    pub planned_labour: f64,
    pub planned_fixed: f64,
    pub planned_total: f64,
    pub expenses_total: f64,
    /// Hours logged × each person's rate on the project.
    pub labour_cost: Option<f64>,
    /// False while time tracking is not available: the actual cost is then expenses only.
    pub labour_cost_available: bool,
    pub actual_cost: f64,
    /// Planned total minus actual cost.
    pub remaining: f64,
}

/// Builds the budget view of a project.
pub async fn summary(store: &Store, project: &Project) -> Result<BudgetView, ApiError> {
    let lines = store.list_budget_lines(project.id).await?;
    let planned = |kind: BudgetKind| -> i64 {
        lines
            .iter()
            .filter(|line| line.kind == kind)
            .map(|line| line.amount_minor)
            .sum()
    };
    let (labour, fixed) = (planned(BudgetKind::Labour), planned(BudgetKind::Fixed));
    let actual = actual_cost(store, project.id, None).await?;
    Ok(BudgetView {
        currency: currency(project),
        project_budget: project.budget.as_ref().map(|budget| budget.amount()),
        lines: lines.into_iter().map(LineView::from).collect(),
        planned_labour: major(labour),
        planned_fixed: major(fixed),
        planned_total: major(labour + fixed),
        expenses_total: major(actual.expenses_minor),
        labour_cost: actual.labour_minor.map(major),
        labour_cost_available: actual.labour_minor.is_some(),
        actual_cost: major(actual.total_minor()),
        remaining: major(labour + fixed - actual.total_minor()),
    })
}

/// Checks an optional currency against the project's.
fn same_currency(project: &Project, given: Option<&str>) -> Result<String, ValidationError> {
    let expected = currency(project);
    match given.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) if amounts::currency("currency", code)? != expected => {
            Err(ValidationError::new(
                "currency",
                format!("this project's budget is kept in {expected}"),
            ))
        }
        _ => Ok(expected),
    }
}

fn line_name(raw: &str) -> Result<String, ValidationError> {
    Ok(Name::parse("name", raw)?.into_inner())
}

/// Adds a budget line and audits it.
pub async fn create_line(
    writer: &Writer<'_>,
    project: &Project,
    input: &LineInput,
) -> Result<BudgetLine, ApiError> {
    let new = NewBudgetLine {
        kind: BudgetKind::parse(input.kind.trim())?,
        name: line_name(&input.name)?,
        amount_minor: amounts::amount_minor("amount", input.amount)?,
        currency: same_currency(project, input.currency.as_deref())?,
        notes: text("notes", &input.notes, 2000)?,
    };
    let line = writer
        .state
        .store
        .create_budget_line(project.id, &new)
        .await?;
    writer
        .record(
            "project.budget_line.create",
            "project",
            &project.key,
            json!({ "id": line.id, "kind": line.kind, "amount_minor": line.amount_minor }),
        )
        .await;
    Ok(line)
}

/// Changes a budget line if it is still at `expected_version`, and audits it.
pub async fn update_line(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    change: &LineChange,
    expected_version: i64,
) -> Result<BudgetLine, ApiError> {
    let patch = BudgetLinePatch {
        kind: change
            .kind
            .as_deref()
            .map(|k| BudgetKind::parse(k.trim()))
            .transpose()?,
        name: change.name.as_deref().map(line_name).transpose()?,
        amount_minor: change
            .amount
            .map(|a| amounts::amount_minor("amount", a))
            .transpose()?,
        notes: change
            .notes
            .as_deref()
            .map(|n| text("notes", n, 2000))
            .transpose()?,
    };
    let line = writer
        .state
        .store
        .update_budget_line(project.id, id, &patch, expected_version)
        .await
        .map_err(not_found("budget line"))?;
    writer
        .record(
            "project.budget_line.update",
            "project",
            &project.key,
            json!({ "id": id, "amount_minor": line.amount_minor }),
        )
        .await;
    Ok(line)
}

/// Deletes a budget line (its expenses stay, unbooked) and audits it.
pub async fn delete_line(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    expected_version: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_budget_line(project.id, id, expected_version)
        .await
        .map_err(not_found("budget line"))?;
    writer
        .record(
            "project.budget_line.delete",
            "project",
            &project.key,
            json!({ "id": id }),
        )
        .await;
    Ok(())
}

/// Records an expense and audits it.
pub async fn create_expense(
    writer: &Writer<'_>,
    project: &Project,
    input: &ExpenseInput,
) -> Result<Expense, ApiError> {
    let description = text("description", &input.description, 500)?;
    if description.is_empty() {
        return Err(ValidationError::new("description", "must not be empty").into());
    }
    let new = NewExpense {
        spent_on: required_date("date", &input.date)?.to_string(),
        amount_minor: amounts::amount_minor("amount", input.amount)?,
        currency: same_currency(project, input.currency.as_deref())?,
        description,
        budget_line_id: input.budget_line_id,
        created_by: Some(writer.actor.id),
    };
    let expense = writer.state.store.create_expense(project.id, &new).await?;
    writer
        .record(
            "project.expense.create",
            "project",
            &project.key,
            json!({ "id": expense.id, "amount_minor": expense.amount_minor }),
        )
        .await;
    Ok(expense)
}

/// Changes an expense if it is still at `expected_version`, and audits it.
pub async fn update_expense(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    change: &ExpenseChange,
    expected_version: i64,
) -> Result<Expense, ApiError> {
    let description = change
        .description
        .as_deref()
        .map(|d| text("description", d, 500))
        .transpose()?;
    if description.as_deref() == Some("") {
        return Err(ValidationError::new("description", "must not be empty").into());
    }
    let patch = ExpensePatch {
        spent_on: change
            .date
            .as_deref()
            .map(|d| required_date("date", d).map(|date| date.to_string()))
            .transpose()?,
        amount_minor: change
            .amount
            .map(|a| amounts::amount_minor("amount", a))
            .transpose()?,
        description,
        budget_line_id: change.budget_line_id,
    };
    let expense = writer
        .state
        .store
        .update_expense(project.id, id, &patch, expected_version)
        .await
        .map_err(not_found("expense"))?;
    writer
        .record(
            "project.expense.update",
            "project",
            &project.key,
            json!({ "id": id, "amount_minor": expense.amount_minor }),
        )
        .await;
    Ok(expense)
}

/// Deletes an expense and audits it.
pub async fn delete_expense(
    writer: &Writer<'_>,
    project: &Project,
    id: i64,
    expected_version: i64,
) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_expense(project.id, id, expected_version)
        .await
        .map_err(not_found("expense"))?;
    writer
        .record(
            "project.expense.delete",
            "project",
            &project.key,
            json!({ "id": id }),
        )
        .await;
    Ok(())
}
