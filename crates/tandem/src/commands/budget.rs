//! `tandem budget show KEY` and `tandem expense add KEY AMOUNT`: the internal budget from the
//! shell (acting as `--as EMAIL`; client contacts are refused like on the API).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts;
use tandem_server::people::budget::{self, ExpenseInput};
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
}

/// Runs `tandem budget …`.
pub async fn run_budget(args: BudgetArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let BudgetCommand::Show { key } = args.command;
    let visible = internal_project(
        &acting.state,
        &acting.user,
        &key,
        ProjectAction::View,
        "budget",
    )
    .await
    .map_err(api_error)?;
    let view = budget::summary(&acting.state.store, &visible.project)
        .await
        .map_err(api_error)?;
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
    acting.state.store.close().await;
    Ok(())
}

/// Runs `tandem expense …`.
pub async fn run_expense(args: ExpenseArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let ExpenseCommand::Add {
        key,
        amount,
        description,
        date,
        line,
    } = args.command;
    let visible = internal_project(
        &acting.state,
        &acting.user,
        &key,
        ProjectAction::Edit,
        "expenses",
    )
    .await
    .map_err(api_error)?;
    let minor = amounts::parse_amount("amount", &amount).map_err(|e| api_error(e.into()))?;
    let date = match date {
        Some(date) => date,
        None => tandem_server::clock::today_iso(&acting.state.store)
            .await
            .map_err(api_error)?,
    };
    let input = ExpenseInput {
        date,
        amount: amounts::major(minor),
        currency: None,
        description,
        budget_line_id: line,
    };
    let expense = budget::create_expense(&acting.writer(), &visible.project, &input)
        .await
        .map_err(api_error)?;
    println!(
        "expense {} recorded: {:.2} {} on {}",
        expense.id,
        amounts::major(expense.amount_minor),
        expense.currency,
        expense.spent_on
    );
    acting.state.store.close().await;
    Ok(())
}
