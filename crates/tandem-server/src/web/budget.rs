//! `/projects/{key}/budget` (staff only): budget lines, expenses, planned totals and the
//! actual cost so far. Client contacts get the "not found" page.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, loaded_version};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard::VisibleProject;
use crate::people::budget::{self, ExpenseInput, LineInput};
use crate::people::{internal_project, writer};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts;
use tandem_core::people::budget::BudgetKind;

const LINE_FIELDS: &[Field] = &[
    ("kind", "Kind"),
    ("name", "Name"),
    ("line_amount", "Amount"),
    ("notes", "Notes"),
];
/// The expense form's fields; its edit page (`budget_edit`) has the same.
pub(super) const EXPENSE_FIELDS: &[Field] = &[
    ("date", "Date"),
    ("amount", "Amount"),
    ("description", "Description"),
    ("budget_line_id", "Budget line"),
];

/// A budget line as listed.
pub struct LineRow {
    pub id: i64,
    pub kind: &'static str,
    pub name: String,
    pub amount: String,
    pub notes: String,
    pub version: i64,
}

/// An expense as listed.
pub struct ExpenseRow {
    pub id: i64,
    pub date: String,
    pub description: String,
    pub line: String,
    pub amount: String,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "pages/project_budget.html")]
struct BudgetPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    currency: String,
    can_edit: bool,
    project_budget: String,
    planned_labour: String,
    planned_fixed: String,
    planned_total: String,
    expenses_total: String,
    labour_cost: String,
    actual_cost: String,
    remaining: String,
    over_budget: bool,
    lines: Vec<LineRow>,
    expenses: Vec<ExpenseRow>,
    kinds: Vec<SelectOption>,
    line_options: Vec<SelectOption>,
    line_errors: FormErrors,
    expense_errors: FormErrors,
}

/// `GET /projects/{key}/budget`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = internal_project(&state, &user, &key, ProjectAction::View, "budget").await?;
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    render(&state, &user, chrome, &visible, None).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: &VisibleProject,
    refused: Option<(Form, FormErrors)>,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let can_edit = user.actor().may_on(&visible.access, ProjectAction::Edit);
    let summary = budget::summary(&state.store, project).await?;
    let currency = summary.currency.clone();
    let money = |amount: f64| format::money(amount, &currency);
    let expenses = state.store.list_expenses(project.id).await?;
    let lines: Vec<LineRow> = summary
        .lines
        .iter()
        .map(|line| LineRow {
            id: line.id,
            kind: BudgetKind::parse(&line.kind).map_or("", BudgetKind::label),
            name: line.name.clone(),
            amount: money(line.amount),
            notes: line.notes.clone(),
            version: line.version,
        })
        .collect();
    let line_options = summary
        .lines
        .iter()
        .map(|line| SelectOption::new(line.id.to_string(), line.name.clone(), ""))
        .collect();
    let (mut line_errors, mut expense_errors) = (FormErrors::default(), FormErrors::default());
    let status = match refused {
        Some((Form::Line, errors)) => {
            line_errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Some((Form::Expense, errors)) => {
            expense_errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => StatusCode::OK,
    };
    let page = BudgetPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/budget"),
        key: project.key.clone(),
        name: project.name.clone(),
        can_edit,
        project_budget: summary
            .project_budget
            .map_or_else(|| "Not set".to_owned(), money),
        planned_labour: money(summary.planned_labour),
        planned_fixed: money(summary.planned_fixed),
        planned_total: money(summary.planned_total),
        expenses_total: money(summary.expenses_total),
        labour_cost: summary
            .labour_cost
            .map_or_else(|| "Not available yet (no time tracking)".to_owned(), money),
        actual_cost: money(summary.actual_cost),
        remaining: money(summary.remaining),
        over_budget: summary.remaining < 0.0,
        lines,
        expenses: expenses
            .into_iter()
            .map(|expense| ExpenseRow {
                id: expense.id,
                date: format::date(Some(&expense.spent_on)),
                description: expense.description,
                line: expense.budget_line_name.unwrap_or_else(|| "—".to_owned()),
                amount: money(amounts::major(expense.amount_minor)),
                version: expense.version,
            })
            .collect(),
        kinds: BudgetKind::ALL
            .iter()
            .map(|kind| SelectOption::new(kind.as_str(), kind.label(), "labour"))
            .collect(),
        line_options,
        currency: currency.clone(),
        line_errors,
        expense_errors,
    };
    Ok(page::render_with_status(status, &page))
}

async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    section: Form,
    errors: Result<FormErrors, WebError>,
) -> Result<Response, WebError> {
    let errors = errors?;
    let visible = internal_project(state, user, key, ProjectAction::View, "budget").await?;
    let chrome = Chrome::signed_in(user, Section::Projects);
    render(state, user, chrome, &visible, Some((section, errors))).await
}

/// Back to the budget page with `notice` (after a form here or on an edit page).
pub(super) fn back(key: &str, notice: Notice) -> Response {
    notice
        .redirect(&format!("/projects/{key}/budget"))
        .into_response()
}

/// The two forms of the page; a refused one shows its messages.
#[derive(Debug, Clone, Copy)]
enum Form {
    Line,
    Expense,
}

/// An amount input named `field`: empty or unreadable is a message at the field.
pub(super) fn amount(fields: &[Field], field: &'static str, raw: &str) -> Result<f64, FormErrors> {
    amounts::parse_amount(field, raw)
        .map(amounts::major)
        .map_err(|error| FormErrors::field(fields, error.field, error.message))
}

/// What the budget-line form posts.
#[derive(Debug, Deserialize)]
pub struct LineForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    line_amount: String,
    #[serde(default)]
    notes: String,
}

/// `POST /projects/{key}/budget/lines`.
pub async fn add_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<LineForm>,
) -> Result<Response, WebError> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "budget").await?;
    let amount = match amount(LINE_FIELDS, "line_amount", &form.line_amount) {
        Ok(amount) => amount,
        Err(errors) => return refuse(&state, &user, &key, Form::Line, Ok(errors)).await,
    };
    let input = LineInput {
        kind: form.kind,
        name: form.name,
        amount,
        currency: None,
        notes: form.notes,
    };
    match budget::create_line(&writer(&state, &meta, &user), &visible.project, &input).await {
        Ok(_) => Ok(back(&key, Notice::BudgetLineAdded)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                Form::Line,
                FormErrors::from_api(error, LINE_FIELDS),
            )
            .await
        }
    }
}

/// A form whose only value is the version it was loaded with.
#[derive(Debug, Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    version: String,
}

/// `POST /projects/{key}/budget/lines/{id}/delete`.
pub async fn delete_line(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<VersionForm>,
) -> Result<Response, WebError> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "budget").await?;
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => return refuse(&state, &user, &key, Form::Line, Ok(errors)).await,
    };
    match budget::delete_line(&writer(&state, &meta, &user), &visible.project, id, version).await {
        Ok(()) => Ok(back(&key, Notice::BudgetLineRemoved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                Form::Line,
                FormErrors::from_api(error, LINE_FIELDS),
            )
            .await
        }
    }
}

/// What the expense forms post: the budget page's to record one, and an expense's edit page
/// (`budget_edit`), which also carries the version it was loaded with.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ExpenseForm {
    #[serde(default)]
    pub(super) date: String,
    #[serde(default)]
    pub(super) amount: String,
    #[serde(default)]
    pub(super) description: String,
    /// The budget line's id; empty books it against none.
    #[serde(default)]
    pub(super) budget_line_id: String,
    /// The edit page's version; the add form has none.
    #[serde(default)]
    pub(super) version: String,
}

/// `POST /projects/{key}/expenses`.
pub async fn add_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<ExpenseForm>,
) -> Result<Response, WebError> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "expenses").await?;
    let amount = match amount(EXPENSE_FIELDS, "amount", &form.amount) {
        Ok(amount) => amount,
        Err(errors) => return refuse(&state, &user, &key, Form::Expense, Ok(errors)).await,
    };
    let input = ExpenseInput {
        date: form.date,
        amount,
        currency: None,
        description: form.description,
        budget_line_id: form.budget_line_id.trim().parse().ok(),
    };
    match budget::create_expense(&writer(&state, &meta, &user), &visible.project, &input).await {
        Ok(_) => Ok(back(&key, Notice::ExpenseAdded)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                Form::Expense,
                FormErrors::from_api(error, EXPENSE_FIELDS),
            )
            .await
        }
    }
}

/// `POST /projects/{key}/expenses/{id}/delete`.
pub async fn delete_expense(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<VersionForm>,
) -> Result<Response, WebError> {
    let visible = internal_project(&state, &user, &key, ProjectAction::Edit, "expenses").await?;
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => return refuse(&state, &user, &key, Form::Expense, Ok(errors)).await,
    };
    match budget::delete_expense(&writer(&state, &meta, &user), &visible.project, id, version).await
    {
        Ok(()) => Ok(back(&key, Notice::ExpenseRemoved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                Form::Expense,
                FormErrors::from_api(error, EXPENSE_FIELDS),
            )
            .await
        }
    }
}
