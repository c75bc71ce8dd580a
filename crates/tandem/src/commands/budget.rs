//! `tandem budget show KEY`, `tandem budget line add|list|edit|delete` and `tandem expense
//! add|list|edit|delete`: the internal budget from the shell (acting as `--as EMAIL`; client contacts
//! are refused like on the API), through the same service functions as
//! `/api/v1/projects/{key}/budget…`. Edit and delete act on the version just read, or with
//! `--if-version N` only on that one (like the API's `If-Match`).

use super::acting::ActingArgs;
use super::item::versioned_error;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts;
use tandem_server::acting::Acting;
use tandem_server::error::ApiError;
use tandem_server::guard::VisibleProject;
use tandem_server::people::budget::{
    self, ExpenseChange, ExpenseInput, ExpenseView, LineChange, LineInput, LineView,
};
use tandem_server::people::internal_project;

/// Arguments of `tandem budget`.
#[derive(Debug, clap::Args)]
pub struct BudgetArgs {
    #[command(subcommand)]
    pub command: BudgetCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Budget commands.
#[derive(Debug, clap::Subcommand)]
pub enum BudgetCommand {
    /// Show the budget lines, planned totals, actual cost and what is left.
    Show {
        /// Project key.
        key: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// The planned budget lines: add, list, edit, delete (managers change them).
    #[command(subcommand)]
    Line(LineCommand),
}

/// Budget line commands.
#[derive(Debug, clap::Subcommand)]
pub enum LineCommand {
    /// Add a planned line in the project currency.
    Add {
        /// Project key.
        key: String,
        /// labour or fixed.
        #[arg(long)]
        kind: String,
        /// What it pays for, e.g. "Design".
        #[arg(long)]
        name: String,
        /// Amount, e.g. 12000.00.
        #[arg(long)]
        amount: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List the lines with their ids.
    List {
        /// Project key.
        key: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a line; what is not given stays.
    Edit {
        /// Project key.
        key: String,
        /// The line id (see `tandem budget line list`).
        id: i64,
        /// labour or fixed.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// Amount, e.g. 12000.00.
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Refuse unless it is still at this version (as `list --json` shows it); without
        /// it, the version just read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete a line (its expenses stay, unbooked).
    Delete {
        /// Project key.
        key: String,
        /// The line id.
        id: i64,
        /// Refuse unless it is still at this version (as `list --json` shows it); without
        /// it, the version just read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
}

/// Arguments of `tandem expense`.
#[derive(Debug, clap::Args)]
pub struct ExpenseArgs {
    #[command(subcommand)]
    pub command: ExpenseCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Expense commands.
#[derive(Debug, clap::Subcommand)]
pub enum ExpenseCommand {
    /// Record an expense in the project currency.
    Add {
        /// Project key.
        key: String,
        /// Amount, e.g. 1200.00.
        amount: String,
        #[arg(long)]
        description: String,
        /// Date of the spending (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Id of the budget line to book it against.
        #[arg(long)]
        line: Option<i64>,
    },
    /// List the project's expenses with their ids, newest first.
    List {
        /// Project key.
        key: String,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an expense; what is not given stays.
    Edit {
        /// Project key.
        key: String,
        /// The expense id (see `tandem expense list`).
        id: i64,
        /// Amount, e.g. 1200.00.
        #[arg(long)]
        amount: Option<String>,
        /// Date of the spending, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Id of the budget line to book it against.
        #[arg(long, conflicts_with = "no_line")]
        line: Option<i64>,
        /// Book it against no budget line.
        #[arg(long)]
        no_line: bool,
        /// Refuse unless it is still at this version (as `list --json` shows it); without
        /// it, the version just read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete an expense.
    Delete {
        /// Project key.
        key: String,
        /// The expense id.
        id: i64,
        /// Refuse unless it is still at this version (as `list --json` shows it); without
        /// it, the version just read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
}

/// Runs `tandem budget …`.
pub async fn run_budget(args: BudgetArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = match args.command {
        BudgetCommand::Show { key, json } => show(&acting, &key, json).await,
        BudgetCommand::Line(command) => line(&acting, command).await,
    };
    acting.state.store.close().await;
    result
}

/// The project for a budget command: internal, so client contacts get "not found".
async fn budget_project(
    acting: &Acting,
    key: &str,
    action: ProjectAction,
) -> anyhow::Result<VisibleProject> {
    internal_project(&acting.state, &acting.user, key, action, "budget")
        .await
        .map_err(api_error)
}

async fn show(acting: &Acting, key: &str, json: bool) -> anyhow::Result<()> {
    let visible = budget_project(acting, key, ProjectAction::View).await?;
    let view = budget::summary(&acting.state.store, &visible.project)
        .await
        .map_err(api_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    let money = |amount: f64| format!("{amount:>14.2} {}", view.currency);
    println!("{:<32} {:<7} {:>18}", "LINE", "KIND", "AMOUNT");
    for line in &view.lines {
        println!("{:<32} {:<7} {}", line.name, line.kind, money(line.amount));
    }
    println!();
    println!("{:<40} {}", "planned labour", money(view.planned_labour));
    println!("{:<40} {}", "planned fixed", money(view.planned_fixed));
    println!("{:<40} {}", "planned total", money(view.planned_total));
    println!("{:<40} {}", "expenses", money(view.expenses_total));
    match view.labour_cost {
        Some(labour) => println!("{:<40} {}", "labour (hours x rates)", money(labour)),
        None => println!("{:<40} {:>18}", "labour (hours x rates)", "not available"),
    }
    println!("{:<40} {}", "actual cost", money(view.actual_cost));
    println!("{:<40} {}", "remaining", money(view.remaining));
    Ok(())
}

/// An amount typed on the command line, as the API takes it (a decimal number).
fn amount(text: &str) -> anyhow::Result<f64> {
    let minor = amounts::parse_amount("amount", text).map_err(|e| api_error(e.into()))?;
    Ok(amounts::major(minor))
}

fn line_text(line: &LineView) -> String {
    format!(
        "{:>5}  {:<32} {:<7} {:>14.2} {}{}",
        line.id,
        line.name,
        line.kind,
        line.amount,
        line.currency,
        if line.notes.is_empty() {
            String::new()
        } else {
            format!("  {}", line.notes)
        }
    )
}

async fn line(acting: &Acting, command: LineCommand) -> anyhow::Result<()> {
    let writer = acting.writer();
    match command {
        LineCommand::Add {
            key,
            kind,
            name,
            amount: text,
            notes,
        } => {
            let visible = budget_project(acting, &key, ProjectAction::Edit).await?;
            let input = LineInput {
                kind,
                name,
                amount: amount(&text)?,
                currency: None,
                notes,
            };
            let line = budget::create_line(&writer, &visible.project, &input)
                .await
                .map_err(api_error)?;
            println!("budget line added to {key}:");
            println!("{}", line_text(&LineView::from(line)));
        }
        LineCommand::List { key, json } => {
            let visible = budget_project(acting, &key, ProjectAction::View).await?;
            let lines = lines(acting, &visible).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&lines)?);
            } else if lines.is_empty() {
                println!("{key}: no budget lines yet");
            } else {
                println!("{:>5}  {:<32} {:<7} {:>14}", "ID", "LINE", "KIND", "AMOUNT");
                for line in &lines {
                    println!("{}", line_text(line));
                }
            }
        }
        LineCommand::Edit {
            key,
            id,
            kind,
            name,
            amount: text,
            notes,
            if_version,
        } => {
            let visible = budget_project(acting, &key, ProjectAction::Edit).await?;
            let current = find_line(acting, &visible, id).await?;
            let expected = if_version.unwrap_or(current.version);
            let change = LineChange {
                kind,
                name,
                amount: text.as_deref().map(amount).transpose()?,
                notes,
                version: Some(expected),
            };
            let line = budget::update_line(&writer, &visible.project, id, &change, expected)
                .await
                .map_err(versioned_error)?;
            println!("budget line {id} of {key} saved:");
            println!("{}", line_text(&LineView::from(line)));
        }
        LineCommand::Delete {
            key,
            id,
            if_version,
        } => {
            let visible = budget_project(acting, &key, ProjectAction::Edit).await?;
            let current = find_line(acting, &visible, id).await?;
            let expected = if_version.unwrap_or(current.version);
            budget::delete_line(&writer, &visible.project, id, expected)
                .await
                .map_err(versioned_error)?;
            println!("budget line {id} '{}' deleted from {key}", current.name);
        }
    }
    Ok(())
}

/// The project's budget lines as the API lists them.
async fn lines(acting: &Acting, visible: &VisibleProject) -> anyhow::Result<Vec<LineView>> {
    let view = budget::summary(&acting.state.store, &visible.project)
        .await
        .map_err(api_error)?;
    Ok(view.lines)
}

/// Line `id` as just read: its version is the one an edit or delete changes.
async fn find_line(acting: &Acting, visible: &VisibleProject, id: i64) -> anyhow::Result<LineView> {
    lines(acting, visible)
        .await?
        .into_iter()
        .find(|line| line.id == id)
        .ok_or_else(|| api_error(ApiError::not_found("budget line")))
}

/// Runs `tandem expense …`.
pub async fn run_expense(args: ExpenseArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = expense(&acting, args.command).await;
    acting.state.store.close().await;
    result
}

/// The project for an expense command: internal, so client contacts get "not found".
async fn expense_project(
    acting: &Acting,
    key: &str,
    action: ProjectAction,
) -> anyhow::Result<VisibleProject> {
    internal_project(&acting.state, &acting.user, key, action, "expenses")
        .await
        .map_err(api_error)
}

/// The project's expenses as the API lists them.
async fn expenses(acting: &Acting, visible: &VisibleProject) -> anyhow::Result<Vec<ExpenseView>> {
    let expenses = acting
        .state
        .store
        .list_expenses(visible.project.id)
        .await
        .map_err(|e| api_error(e.into()))?;
    Ok(expenses.into_iter().map(ExpenseView::from).collect())
}

/// Expense `id` as just read: its version is the one an edit or delete changes.
async fn find_expense(
    acting: &Acting,
    visible: &VisibleProject,
    id: i64,
) -> anyhow::Result<ExpenseView> {
    expenses(acting, visible)
        .await?
        .into_iter()
        .find(|expense| expense.id == id)
        .ok_or_else(|| api_error(ApiError::not_found("expense")))
}

fn expense_text(expense: &ExpenseView) -> String {
    format!(
        "{:>5}  {}  {:>14.2} {}  {}{}",
        expense.id,
        expense.date,
        expense.amount,
        expense.currency,
        expense.description,
        expense
            .budget_line_name
            .as_deref()
            .map(|name| format!("  [{name}]"))
            .unwrap_or_default()
    )
}

async fn expense(acting: &Acting, command: ExpenseCommand) -> anyhow::Result<()> {
    let writer = acting.writer();
    match command {
        ExpenseCommand::Add {
            key,
            amount: text,
            description,
            date,
            line,
        } => {
            let visible = expense_project(acting, &key, ProjectAction::Edit).await?;
            let amount = amount(&text)?;
            let date = match date {
                Some(date) => date,
                None => tandem_server::clock::today_iso(&acting.state.store)
                    .await
                    .map_err(api_error)?,
            };
            let input = ExpenseInput {
                date,
                amount,
                currency: None,
                description,
                budget_line_id: line,
            };
            let expense = budget::create_expense(&writer, &visible.project, &input)
                .await
                .map_err(api_error)?;
            println!(
                "expense {} recorded: {:.2} {} on {}",
                expense.id,
                amounts::major(expense.amount_minor),
                expense.currency,
                expense.spent_on
            );
        }
        ExpenseCommand::List { key, json } => {
            let visible = expense_project(acting, &key, ProjectAction::View).await?;
            let expenses = expenses(acting, &visible).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&expenses)?);
            } else if expenses.is_empty() {
                println!("{key}: no expenses yet");
            } else {
                println!(
                    "{:>5}  {:<10}  {:>14}      DESCRIPTION",
                    "ID", "DATE", "AMOUNT"
                );
                for expense in &expenses {
                    println!("{}", expense_text(expense));
                }
            }
        }
        ExpenseCommand::Edit {
            key,
            id,
            amount: text,
            date,
            description,
            line,
            no_line,
            if_version,
        } => {
            let visible = expense_project(acting, &key, ProjectAction::Edit).await?;
            let current = find_expense(acting, &visible, id).await?;
            let expected = if_version.unwrap_or(current.version);
            let budget_line_id = if no_line { Some(None) } else { line.map(Some) };
            let change = ExpenseChange {
                date,
                amount: text.as_deref().map(amount).transpose()?,
                description,
                budget_line_id,
                version: Some(expected),
            };
            let expense = budget::update_expense(&writer, &visible.project, id, &change, expected)
                .await
                .map_err(versioned_error)?;
            println!("expense {id} of {key} saved:");
            println!("{}", expense_text(&ExpenseView::from(expense)));
        }
        ExpenseCommand::Delete {
            key,
            id,
            if_version,
        } => {
            let visible = expense_project(acting, &key, ProjectAction::Edit).await?;
            let current = find_expense(acting, &visible, id).await?;
            let expected = if_version.unwrap_or(current.version);
            budget::delete_expense(&writer, &visible.project, id, expected)
                .await
                .map_err(versioned_error)?;
            println!("expense {id} '{}' deleted from {key}", current.description);
        }
    }
    Ok(())
}
