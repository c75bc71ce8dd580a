//! `tandem project`: list, create and show projects from the shell, through the same service
//! functions as `/api/v1/projects` — the same permissions (only staff create projects, a
//! client contact sees only their own client's projects), the same validation and audit.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::api::projects::{create_visible, view, visible_projects};
use tandem_server::api::views::{PersonRef, ProjectView};
use tandem_server::guard;
use tandem_server::projects::{BudgetInput, PersonInput, ProjectInput};

/// Arguments of `tandem project`.
#[derive(Debug, clap::Args)]
pub struct ProjectArgs {
    #[command(subcommand)]
    pub command: ProjectCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with projects.
#[derive(Debug, clap::Subcommand)]
pub enum ProjectCommand {
    /// The projects you may see, by key.
    List {
        /// Include archived projects.
        #[arg(long)]
        archived: bool,
        /// Print JSON (as the API answers it).
        #[arg(long)]
        json: bool,
    },
    /// Create a project; name its product manager and project manager (a project without
    /// both is flagged with a role gap).
    Create {
        /// Project key: 2–10 upper-case letters or digits, e.g. ACME.
        key: String,
        /// Project name.
        name: String,
        /// What the project is about.
        #[arg(long)]
        description: Option<String>,
        /// Start date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Target launch date (YYYY-MM-DD), not before the start.
        #[arg(long, value_name = "DATE")]
        launch: Option<String>,
        /// The client's id.
        #[arg(long, value_name = "ID")]
        client: Option<i64>,
        /// The product manager: e-mail or user id.
        #[arg(long, value_name = "PERSON")]
        product_manager: Option<String>,
        /// The project manager: e-mail or user id.
        #[arg(long, value_name = "PERSON")]
        project_manager: Option<String>,
        /// Budget amount (at most two decimals); needs --currency.
        #[arg(long, value_name = "AMOUNT", requires = "currency")]
        budget: Option<f64>,
        /// Budget currency (ISO 4217, e.g. EUR); needs --budget.
        #[arg(long, value_name = "CODE", requires = "budget")]
        currency: Option<String>,
    },
    /// One project: dates, managers, role gaps, your roles (the budget for the team only).
    Show {
        /// Project key.
        key: String,
        /// Print JSON (as the API answers it).
        #[arg(long)]
        json: bool,
    },
}

/// Runs `tandem project …`.
pub async fn run(args: ProjectArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        ProjectCommand::List { archived, json } => {
            let views = visible_projects(&acting.state, &acting.user, archived)
                .await
                .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                print_list(&views);
            }
        }
        ProjectCommand::Create {
            key,
            name,
            description,
            start,
            launch,
            client,
            product_manager,
            project_manager,
            budget,
            currency,
        } => {
            let input = ProjectInput {
                key,
                name,
                client_id: client,
                product_manager: product_manager.as_deref().map(person),
                project_manager: project_manager.as_deref().map(person),
                start_date: start,
                target_launch_date: launch,
                budget: budget
                    .zip(currency)
                    .map(|(amount, currency)| BudgetInput { amount, currency }),
                description,
            };
            let visible = create_visible(&acting.state, &acting.meta, &acting.user, &input)
                .await
                .map_err(api_error)?;
            let created = view(visible, &acting.user);
            println!("created project {} \"{}\"", created.key, created.name);
            print_gaps(&created);
        }
        ProjectCommand::Show { key, json } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let shown = view(visible, &acting.user);
            if json {
                println!("{}", serde_json::to_string_pretty(&shown)?);
            } else {
                print_project(&shown);
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}

/// A person given on the command line: digits are a user id, anything else an e-mail.
fn person(raw: &str) -> PersonInput {
    match raw.trim().parse() {
        Ok(id) => PersonInput::Id(id),
        Err(_) => PersonInput::Email(raw.to_owned()),
    }
}

fn name_of(person: Option<&PersonRef>) -> &str {
    person.map_or("-", |p| p.name.as_str())
}

fn print_list(views: &[ProjectView]) {
    println!(
        "{:<10}  {:<10}  {:<10}  {:<20}  {:<20}  NAME",
        "KEY", "START", "LAUNCH", "PRODUCT MANAGER", "PROJECT MANAGER"
    );
    for project in views {
        println!(
            "{:<10}  {:<10}  {:<10}  {:<20.20}  {:<20.20}  {}{}",
            project.key,
            project.start_date.as_deref().unwrap_or("-"),
            project.target_launch_date.as_deref().unwrap_or("-"),
            name_of(project.product_manager.as_ref()),
            name_of(project.project_manager.as_ref()),
            project.name,
            if project.archived { " (archived)" } else { "" }
        );
    }
}

fn print_project(project: &ProjectView) {
    println!(
        "{} \"{}\"{}",
        project.key,
        project.name,
        if project.archived { " (archived)" } else { "" }
    );
    if !project.description.is_empty() {
        println!("{}", project.description);
    }
    if let Some(client) = &project.client_name {
        println!("client: {client}");
    }
    println!(
        "start: {}, target launch: {}",
        project.start_date.as_deref().unwrap_or("-"),
        project.target_launch_date.as_deref().unwrap_or("-")
    );
    for (label, person) in [
        ("product manager", &project.product_manager),
        ("project manager", &project.project_manager),
    ] {
        match person {
            Some(p) => println!("{label}: {} <{}>", p.name, p.email),
            None => println!("{label}: not named"),
        }
    }
    if let Some(budget) = &project.budget {
        println!("budget: {:.2} {}", budget.amount, budget.currency);
    }
    let roles: Vec<&str> = project.my_roles.iter().map(|r| r.as_str()).collect();
    if !roles.is_empty() {
        println!("your roles: {}", roles.join(", "));
    }
    print_gaps(project);
}

/// The role gaps and warnings, one line each: what the bridge between the two roles flags.
fn print_gaps(project: &ProjectView) {
    for gap in project.role_gaps.iter().chain(&project.role_warnings) {
        println!("warning: {}", gap.replace('_', " "));
    }
}
