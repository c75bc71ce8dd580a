//! `tandem risk add|list KEY`: the risk register from the shell, through the same rules as
//! the API (acting as `--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::guard;
use tandem_server::people::risks::{self, RiskInput, RiskView};
use tandem_server::projects::PersonInput;
use tandem_store::RiskFilter;

/// Arguments of `tandem risk`.
#[derive(Debug, clap::Args)]
pub struct RiskArgs {
    #[command(subcommand)]
    pub command: RiskCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Risk commands.
#[derive(Debug, clap::Subcommand)]
pub enum RiskCommand {
    /// Register a risk.
    Add {
        /// Project key, e.g. NWSHOP.
        key: String,
        #[arg(long)]
        title: String,
        /// 1 (rare) to 5 (almost certain).
        #[arg(long)]
        probability: i64,
        /// 1 (negligible) to 5 (severe).
        #[arg(long)]
        impact: i64,
        /// E-mail of the owner (a member of the project).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, default_value = "")]
        mitigation: String,
        /// Show it to the client's contacts too.
        #[arg(long)]
        shared: bool,
        /// Key of an item of the project the risk is linked to (repeat for more).
        #[arg(long = "item", value_name = "KEY")]
        items: Vec<String>,
    },
    /// List the register, highest exposure first.
    List {
        /// Project key.
        key: String,
        /// Only open and mitigating risks.
        #[arg(long)]
        active: bool,
    },
}

/// Runs `tandem risk …`.
pub async fn run(args: RiskArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        RiskCommand::Add {
            key,
            title,
            probability,
            impact,
            owner,
            mitigation,
            shared,
            items,
        } => {
            let visible =
                guard::project(&acting.state, &acting.user, &key, ProjectAction::Contribute)
                    .await
                    .map_err(api_error)?;
            let input = RiskInput {
                title,
                description: String::new(),
                probability,
                impact,
                owner: owner.map(PersonInput::Email),
                mitigation,
                status: None,
                review_date: None,
                visibility: Some(if shared { "shared" } else { "internal" }.to_owned()),
                item_keys: items,
            };
            let view = risks::create(&acting.writer(), &visible.project, &input)
                .await
                .map_err(api_error)?;
            println!(
                "risk {} added: exposure {} ({}){}",
                view.id,
                view.exposure,
                view.severity,
                linked(&view)
            );
        }
        RiskCommand::List { key, active } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let internal = acting
                .user
                .actor()
                .may_on(&visible.access, ProjectAction::ViewInternal);
            let filter = RiskFilter {
                active_only: active,
                ..RiskFilter::default()
            };
            let found = risks::visible(&acting.state.store, visible.project.id, filter, internal)
                .await
                .map_err(api_error)?;
            let views = risks::views(&acting.state.store, visible.project.id, found)
                .await
                .map_err(api_error)?;
            println!(
                "{:>4}  {:>3}  {:<8}  {:<10}  {:<20}  TITLE",
                "ID", "EXP", "SEVERITY", "STATUS", "OWNER"
            );
            for view in views {
                let owner = view.owner.as_ref().map_or("-", |o| o.name.as_str());
                println!(
                    "{:>4}  {:>3}  {:<8}  {:<10}  {:<20}  {}{}",
                    view.id,
                    view.exposure,
                    view.severity,
                    view.status,
                    owner,
                    view.title,
                    linked(&view)
                );
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}

/// `, linked to SHOP-1, SHOP-2`, or nothing for a risk without items.
fn linked(view: &RiskView) -> String {
    if view.items.is_empty() {
        return String::new();
    }
    let keys: Vec<&str> = view.items.iter().map(|item| item.key.as_str()).collect();
    format!(", linked to {}", keys.join(", "))
}
