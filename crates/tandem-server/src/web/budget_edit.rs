//! `/projects/{key}/budget/lines/{id}/edit` and `/projects/{key}/expenses/{id}/edit`: a budget
//! line's or an expense's edit page (see [`record_edit`](super::record_edit)), saved through
//! `budget::update_line` and `budget::update_expense` like `PATCH …/budget/lines/{id}` and
//! `PATCH …/expenses/{id}`, with the same rule: managers only, client contacts get "not found".

use super::budget::{EXPENSE_FIELDS, ExpenseForm, amount, back};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, optional_id};
use super::format;
use super::notice::Notice;
use super::record_edit::{self, Control, Fact, Heading, Refused, Shown, versioned_form};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard::VisibleProject;
use crate::people::budget::{self, ExpenseChange, LineChange};
use crate::people::{self, internal_project, not_found, writer};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts;
use tandem_core::people::budget::BudgetKind;
use tandem_store::{BudgetLine, Expense};

/// The budget line form's fields (the add form on the budget page names its amount
/// `line_amount`, beside the expense form's `amount`; this page has one form).
const LINE_FIELDS: &[Field] = &[
    ("kind", "Kind"),
    ("name", "Name"),
    ("amount", "Amount"),
    ("notes", "Notes"),
];

/// An amount in minor units as an input shows it: `1200.50`.
fn amount_value(minor: i64) -> String {
    format!("{:.2}", amounts::major(minor))
}

/// The project for an edit of its budget: managers only, as on the API.
async fn budget_project(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    what: &str,
) -> Result<VisibleProject, WebError> {
    Ok(internal_project(state, user, key, ProjectAction::Edit, what).await?)
}

/// What a budget line's edit form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct LineForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    version: String,
}

versioned_form!(LineForm, ExpenseForm);

impl LineForm {
    /// The form filled with the stored line.
    fn of(line: &BudgetLine) -> Self {
        Self {
            kind: line.kind.as_str().to_owned(),
            name: line.name.clone(),
            amount: amount_value(line.amount_minor),
            notes: line.notes.clone(),
            version: line.version.to_string(),
        }
    }

    /// Every field as the service's change (it validates kind, name and notes).
    fn change(&self) -> Result<LineChange, FormErrors> {
        Ok(LineChange {
            kind: Some(self.kind.clone()),
            name: Some(self.name.clone()),
            amount: Some(amount(LINE_FIELDS, "amount", &self.amount)?),
            notes: Some(self.notes.clone()),
            version: None,
        })
    }

    fn controls(&self, currency: &str) -> Vec<Control> {
        let kinds = BudgetKind::ALL
            .iter()
            .map(|kind| SelectOption::new(kind.as_str(), kind.label(), &self.kind))
            .collect();
        vec![
            Control::select("kind", "Kind", kinds),
            Control::input("name", "Name", &self.name).attrs("required"),
            Control::input("amount", "Amount", &self.amount)
                .hint(currency)
                .attrs("required inputmode=decimal"),
            Control::input("notes", "Notes", &self.notes),
        ]
    }
}

/// A stored line's values, beside a form refused as stale.
fn line_facts(line: &BudgetLine) -> Vec<Fact> {
    vec![
        ("Kind", line.kind.label().to_owned()),
        ("Name", line.name.clone()),
        (
            "Amount",
            format::money(amounts::major(line.amount_minor), &line.currency),
        ),
        ("Notes", line.notes.clone()),
    ]
}

async fn render_line(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    refused: Option<Refused<LineForm>>,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let line = state
        .store
        .budget_line(project.id, id)
        .await
        .map_err(not_found("budget line"))?;
    let shown = Shown::new(refused, LineForm::of(&line), || line_facts(&line));
    let controls = shown.form.controls(&people::currency(project));
    let heading = Heading {
        tab: "/budget",
        tab_label: "Budget",
        title: format!("Edit budget line {}", line.name),
        intro: "Internal: the planned totals on the budget page follow the change.".to_owned(),
        action: format!("/projects/{}/budget/lines/{id}/edit", project.key),
        submit: "Save line",
    };
    Ok(record_edit::render(user, visible, heading, shown, controls))
}

/// `GET /projects/{key}/budget/lines/{id}/edit`.
pub async fn line_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let visible = budget_project(&state, &user, &key, "budget").await?;
    render_line(&state, &user, &visible, id, None).await
}

/// `POST /projects/{key}/budget/lines/{id}/edit`: saves the line at the version shown.
pub async fn save_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<LineForm>,
) -> Result<Response, WebError> {
    let visible = budget_project(&state, &user, &key, "budget").await?;
    let writer = writer(&state, &meta, &user);
    let save = async |change, version| {
        budget::update_line(&writer, &visible.project, id, &change, version).await
    };
    match record_edit::attempt(form, LINE_FIELDS, "budget line", LineForm::change, save).await? {
        None => Ok(back(&key, Notice::BudgetLineSaved)),
        Some(refused) => render_line(&state, &user, &visible, id, Some(refused)).await,
    }
}

impl ExpenseForm {
    /// The form filled with the stored expense.
    fn of(expense: &Expense) -> Self {
        Self {
            date: expense.spent_on.clone(),
            amount: amount_value(expense.amount_minor),
            description: expense.description.clone(),
            budget_line_id: expense
                .budget_line_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            version: expense.version.to_string(),
        }
    }

    /// Every field as the service's change (it validates the date and description).
    fn change(&self) -> Result<ExpenseChange, FormErrors> {
        Ok(ExpenseChange {
            date: Some(self.date.clone()),
            amount: Some(amount(EXPENSE_FIELDS, "amount", &self.amount)?),
            description: Some(self.description.clone()),
            budget_line_id: Some(optional_id(
                EXPENSE_FIELDS,
                "budget_line_id",
                &self.budget_line_id,
            )?),
            version: None,
        })
    }

    fn controls(&self, currency: &str, lines: &[BudgetLine]) -> Vec<Control> {
        let options = lines
            .iter()
            .map(|line| {
                SelectOption::new(line.id.to_string(), line.name.clone(), &self.budget_line_id)
            })
            .collect();
        vec![
            Control::input("date", "Date", &self.date)
                .date()
                .attrs("required"),
            Control::input("amount", "Amount", &self.amount)
                .hint(currency)
                .attrs("required inputmode=decimal"),
            Control::input("description", "Description", &self.description).attrs("required"),
            Control::select("budget_line_id", "Budget line", options).empty("Not booked to a line"),
        ]
    }
}

/// A stored expense's values, beside a form refused as stale.
fn expense_facts(expense: &Expense) -> Vec<Fact> {
    vec![
        ("Date", format::date(Some(&expense.spent_on))),
        (
            "Amount",
            format::money(amounts::major(expense.amount_minor), &expense.currency),
        ),
        ("Description", expense.description.clone()),
        (
            "Budget line",
            expense
                .budget_line_name
                .clone()
                .unwrap_or_else(|| "Not booked to a line".to_owned()),
        ),
    ]
}

async fn render_expense(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    refused: Option<Refused<ExpenseForm>>,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let expense = state
        .store
        .expense(project.id, id)
        .await
        .map_err(not_found("expense"))?;
    let lines = state.store.list_budget_lines(project.id).await?;
    let shown = Shown::new(refused, ExpenseForm::of(&expense), || {
        expense_facts(&expense)
    });
    let controls = shown.form.controls(&people::currency(project), &lines);
    let heading = Heading {
        tab: "/budget",
        tab_label: "Budget",
        title: format!("Edit expense {}", expense.description),
        intro: "Internal: the actual cost on the budget page follows the change.".to_owned(),
        action: format!("/projects/{}/expenses/{id}/edit", project.key),
        submit: "Save expense",
    };
    Ok(record_edit::render(user, visible, heading, shown, controls))
}

/// `GET /projects/{key}/expenses/{id}/edit`.
pub async fn expense_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let visible = budget_project(&state, &user, &key, "expenses").await?;
    render_expense(&state, &user, &visible, id, None).await
}

/// `POST /projects/{key}/expenses/{id}/edit`: saves the expense at the version shown.
pub async fn save_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ExpenseForm>,
) -> Result<Response, WebError> {
    let visible = budget_project(&state, &user, &key, "expenses").await?;
    let writer = writer(&state, &meta, &user);
    let save = async |change, version| {
        budget::update_expense(&writer, &visible.project, id, &change, version).await
    };
    let attempt = record_edit::attempt(form, EXPENSE_FIELDS, "expense", ExpenseForm::change, save);
    match attempt.await? {
        None => Ok(back(&key, Notice::ExpenseSaved)),
        Some(refused) => render_expense(&state, &user, &visible, id, Some(refused)).await,
    }
}
