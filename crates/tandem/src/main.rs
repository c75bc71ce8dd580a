//! The `tandem` binary: serves the web UI and API, and drives everything from the shell.

mod commands;
mod logging;
mod memory;
mod pipes;

use clap::{Parser, Subcommand};

/// Tandem — product and project management, run by a product manager and a project manager
/// in tandem.
#[derive(Debug, Parser)]
#[command(name = "tandem", version)]
struct Cli {
    /// Log format: text or json.
    #[arg(long, env = "TANDEM_LOG_FORMAT", default_value = "text", global = true)]
    log_format: logging::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web UI and the JSON API.
    Serve(commands::serve::ServeArgs),
    /// Apply pending database migrations.
    Migrate(commands::migrate::MigrateArgs),
    /// Create the first admin of a new workspace.
    Init(commands::init::InitArgs),
    /// Manage user accounts.
    User(commands::user::UserArgs),
    /// Manage API tokens.
    Token(commands::token::TokenArgs),
    /// Read the audit log.
    Audit(commands::audit::AuditArgs),
    /// Load the demo workspace.
    Demo(commands::demo::DemoArgs),
    /// Projects: list, create, show.
    Project(commands::project::ProjectArgs),
    /// Work items: add, list, show, set, move, delete, history, link, comment(s).
    Item(commands::item::ItemArgs),
    /// The ranked feature backlog: list, add, score.
    Feature(commands::product::FeatureArgs),
    /// Product hypotheses: add, list riskiest first.
    Hypothesis(commands::product::HypothesisArgs),
    /// Personas: add, list.
    Persona(commands::product::PersonaArgs),
    /// Experiments that test a hypothesis: add, list, record the result.
    Experiment(commands::experiment::ExperimentArgs),
    /// Goals as OKRs: list with grades, add, record progress.
    Goal(commands::goal::GoalArgs),
    /// Discovery workshops: list, show, add, change (status, notes), create what they produced.
    Workshop(commands::workshop::WorkshopArgs),
    /// Schedule an MS Project XML (MSPDI) file with the critical path method.
    Schedule(commands::schedule::ScheduleArgs),
    /// A project's schedule: dates, float, critical path (--level, --from a status date).
    Plan(commands::plan::PlanArgs),
    /// Forecast a project's finish with a Monte Carlo simulation.
    Forecast(commands::forecast::ForecastArgs),
    /// Diagnose a project's health: which side, product or delivery, puts it at risk.
    Health(commands::health::HealthArgs),
    /// Show a project's vision board.
    Vision(commands::vision::VisionArgs),
    /// Add and list feedback in a project's inbox.
    Feedback(commands::feedback::FeedbackArgs),
    /// Record and list decisions in a project's decision log.
    Decision(commands::decision::DecisionArgs),
    /// List releases and record their go/no-go decisions.
    Release(commands::release::ReleaseArgs),
    /// A project's roadmap: now / next / later features and the release timeline.
    Roadmap(commands::roadmap::RoadmapArgs),
    /// Level a PSPLIB resource-constrained scheduling instance.
    Level(commands::level::LevelArgs),
    /// Show and edit a project's responsibility matrix (RACI).
    Raci(commands::raci::RaciArgs),
    /// The two manager roles side by side: what each owns, decided lately and has pending.
    Roles(commands::roles::RolesArgs),
    /// A project member's discipline, capacity and rate (set); their time off (time-off).
    Member(commands::member::MemberArgs),
    /// Allocated work against capacity per person and week.
    Workload(commands::member::WorkloadArgs),
    /// The project budget (internal): show it, add/list/edit/delete its lines.
    Budget(commands::budget::BudgetArgs),
    /// Record project expenses (internal).
    Expense(commands::budget::ExpenseArgs),
    /// The risk register.
    Risk(commands::risk::RiskArgs),
    /// Your notifications: list, mark read, choose in-app/e-mail per kind (settings).
    Notifications(commands::notifications::NotificationsArgs),
    /// Your profile: name, e-mail, role and time zone; --name and --time-zone change them.
    Profile(commands::profile::ProfileArgs),
    /// The workspace's settings: its time zone (--time-zone changes it; admins).
    Workspace(commands::workspace::WorkspaceArgs),
    /// Schedule baselines: save the current plan, list saved ones.
    Baseline(commands::baseline::BaselineArgs),
    /// Import a plan into a project (import msproject FILE --project KEY).
    Import(commands::msproject::ImportArgs),
    /// Export a project's plan (export msproject KEY -o FILE).
    Export(commands::msproject::ExportArgs),
    /// A project's workflow: statuses, WIP limits, transition rules; add, rename, remove…
    Workflow(commands::workflow::WorkflowArgs),
    /// A project's working calendar: work week, holidays; set-week, add/remove-holiday.
    Calendar(commands::calendar::CalendarArgs),
    /// Earned value at a status date: PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC (internal).
    Evm(commands::evm::EvmArgs),
    /// Your saved views of a project's item list: list, save, delete.
    View(commands::view::ViewArgs),
    /// Sprints: plan, start, complete; burndown, burn-up, velocity, cumulative flow.
    Sprint(commands::sprint::SprintArgs),
    /// Time tracking: log, list a week, report, edit, delete, export as CSV.
    Time(commands::time::TimeArgs),
    /// Your timer: start on an item, stop (logs the time).
    Timer(commands::time::TimerArgs),
    /// Every project you may see, product and delivery health side by side.
    Portfolio(commands::portfolio::PortfolioArgs),
    /// Generate a weekly status report (or list the kept ones: report list KEY).
    Report(commands::report::ReportArgs),
    /// A project's status report: schedule, budget (internal), scope, risks, roadblocks.
    Status(commands::status::StatusArgs),
}

fn main() -> std::process::ExitCode {
    memory::return_large_blocks_to_the_system();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        pipes::end_quietly_when_the_reader_leaves();
    }
    logging::init(cli.log_format);
    let result = match cli.command {
        Command::Schedule(args) => commands::schedule::run(args),
        Command::Level(args) => commands::level::run(args),
        Command::Serve(args) => block_on(commands::serve::run(args)),
        Command::Migrate(args) => block_on(commands::migrate::run(args)),
        Command::Init(args) => block_on(commands::init::run(args)),
        Command::User(args) => block_on(commands::user::run(args)),
        Command::Token(args) => block_on(commands::token::run(args)),
        Command::Audit(args) => block_on(commands::audit::run(args)),
        Command::Demo(args) => block_on(commands::demo::run(args)),
        Command::Raci(args) => block_on(commands::raci::run(args)),
        Command::Roles(args) => block_on(commands::roles::run(args)),
        Command::Project(args) => block_on(commands::project::run(args)),
        Command::Item(args) => block_on(commands::item::run(args)),
        Command::Forecast(args) => block_on(commands::forecast::run(args)),
        Command::Health(args) => block_on(commands::health::run(args)),
        Command::Member(args) => block_on(commands::member::run_member(args)),
        Command::Workload(args) => block_on(commands::member::run_workload(args)),
        Command::Budget(args) => block_on(commands::budget::run_budget(args)),
        Command::Expense(args) => block_on(commands::budget::run_expense(args)),
        Command::Risk(args) => block_on(commands::risk::run(args)),
        Command::Baseline(args) => block_on(commands::baseline::run(args)),
        Command::Import(args) => block_on(commands::msproject::run_import(args)),
        Command::Export(args) => block_on(commands::msproject::run_export(args)),
        Command::Workflow(args) => block_on(commands::workflow::run(args)),
        Command::Calendar(args) => block_on(commands::calendar::run(args)),
        Command::Evm(args) => block_on(commands::evm::run(args)),
        Command::View(args) => block_on(commands::view::run(args)),
        Command::Sprint(args) => block_on(commands::sprint::run(args)),
        Command::Time(args) => block_on(commands::time::run_time(args)),
        Command::Timer(args) => block_on(commands::time::run_timer(args)),
        Command::Feature(args) => block_on(commands::product::run_feature(args)),
        Command::Hypothesis(args) => block_on(commands::product::run_hypothesis(args)),
        Command::Persona(args) => block_on(commands::product::run_persona(args)),
        Command::Experiment(args) => block_on(commands::experiment::run(args)),
        Command::Goal(args) => block_on(commands::goal::run(args)),
        Command::Workshop(args) => block_on(commands::workshop::run(args)),
        Command::Plan(args) => block_on(commands::plan::run(args)),
        Command::Vision(args) => block_on(commands::vision::run(args)),
        Command::Feedback(args) => block_on(commands::feedback::run(args)),
        Command::Decision(args) => block_on(commands::decision::run(args)),
        Command::Release(args) => block_on(commands::release::run(args)),
        Command::Roadmap(args) => block_on(commands::roadmap::run(args)),
        Command::Notifications(args) => block_on(commands::notifications::run(args)),
        Command::Profile(args) => block_on(commands::profile::run(args)),
        Command::Workspace(args) => block_on(commands::workspace::run(args)),
        Command::Portfolio(args) => block_on(commands::portfolio::run(args)),
        Command::Report(args) => block_on(commands::report::run(args)),
        Command::Status(args) => block_on(commands::status::run(args)),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", commands::refusal::error_line(error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs an async command on a fresh multi-threaded runtime (the engine commands need none).
fn block_on(command: impl std::future::Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(command)
}
