//! `tandem risk add|list|show|set|delete|heatmap|roadblocks KEY`: the risk register from the
//! shell, through the same service functions as the API (acting as `--as EMAIL`).

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::guard::{self, VisibleProject};
use tandem_server::people::risks::{self, RiskChange, RiskInput, RiskView};
use tandem_server::people::roadblocks;
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
        /// What could happen and why.
        #[arg(long, default_value = "")]
        description: String,
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
    /// Show one risk with all its fields, linked items and origin.
    Show {
        /// Project key.
        key: String,
        /// Risk id.
        id: i64,
        /// Print the API's JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Change a risk (only the fields given).
    Set {
        /// Project key.
        key: String,
        /// Risk id.
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// 1 (rare) to 5 (almost certain).
        #[arg(long, value_name = "N")]
        probability: Option<i64>,
        /// 1 (negligible) to 5 (severe).
        #[arg(long, value_name = "N")]
        impact: Option<i64>,
        /// E-mail of the owner (a member of the project), or `none`.
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
        #[arg(long)]
        mitigation: Option<String>,
        /// open, mitigating, closed or occurred.
        #[arg(long)]
        status: Option<String>,
        /// When to review it (YYYY-MM-DD), or `none`.
        #[arg(long, value_name = "DATE")]
        review_date: Option<String>,
        /// internal or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// Key of a linked item (repeat for more; replaces the linked items).
        #[arg(long = "item", value_name = "KEY", conflicts_with = "no_items")]
        items: Vec<String>,
        /// Unlink all items.
        #[arg(long)]
        no_items: bool,
        /// The risk version you read; refused if it changed since.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
    /// Delete a risk (managers).
    Delete {
        /// Project key.
        key: String,
        /// Risk id.
        id: i64,
        /// The risk version you read; refused if it changed since.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
    /// The 5×5 heat map of the active risks (impact rows, probability columns).
    Heatmap {
        /// Project key.
        key: String,
    },
    /// Open items held back by a predecessor, longest blocked first.
    Roadblocks {
        /// Project key.
        key: String,
        /// Print the API's JSON instead.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `tandem risk …`.
pub async fn run(args: RiskArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        RiskCommand::Add {
            key,
            title,
            description,
            probability,
            impact,
            owner,
            mitigation,
            shared,
            items,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let input = RiskInput {
                title,
                description,
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
            let visible = viewable(&acting, &key).await?;
            let filter = RiskFilter {
                active_only: active,
                ..RiskFilter::default()
            };
            let found = risks::visible(
                &acting.state.store,
                visible.project.id,
                filter,
                internal(&acting, &visible),
            )
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
                    "{:>4}  {:>3}  {:<8}  {:<10}  {:<20}  {}{}{}",
                    view.id,
                    view.exposure,
                    view.severity,
                    view.status,
                    owner,
                    view.title,
                    origin(&view),
                    linked(&view)
                );
            }
        }
        RiskCommand::Show { key, id, json } => {
            let visible = viewable(&acting, &key).await?;
            let risk = risks::find(
                &acting.state.store,
                visible.project.id,
                id,
                internal(&acting, &visible),
            )
            .await
            .map_err(api_error)?;
            let view = risks::view(&acting.state.store, visible.project.id, risk)
                .await
                .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print_risk(&view);
            }
        }
        RiskCommand::Set {
            key,
            id,
            title,
            description,
            probability,
            impact,
            owner,
            mitigation,
            status,
            review_date,
            visibility,
            items,
            no_items,
            if_version,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let expected = match if_version {
                Some(version) => version,
                None => current_version(&acting, &visible, id).await?,
            };
            let change = RiskChange {
                title,
                description,
                probability,
                impact,
                owner: owner.map(|o| none_or(o).map(PersonInput::Email)),
                mitigation,
                status,
                review_date: review_date.map(none_or),
                visibility,
                item_keys: if no_items {
                    Some(Vec::new())
                } else if items.is_empty() {
                    None
                } else {
                    Some(items)
                },
                version: Some(expected),
            };
            let view = risks::update(&acting.writer(), &visible.project, id, &change, expected)
                .await
                .map_err(api_error)?;
            println!(
                "risk {} saved in {key}: exposure {} ({}), {}, version {}{}",
                view.id,
                view.exposure,
                view.severity,
                view.status,
                view.version,
                linked(&view)
            );
        }
        RiskCommand::Delete {
            key,
            id,
            if_version,
        } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::Edit)
                .await
                .map_err(api_error)?;
            let expected = match if_version {
                Some(version) => version,
                None => current_version(&acting, &visible, id).await?,
            };
            risks::delete(&acting.writer(), &visible.project, id, expected)
                .await
                .map_err(api_error)?;
            println!("risk {id} deleted from {key}");
        }
        RiskCommand::Heatmap { key } => {
            let visible = viewable(&acting, &key).await?;
            let filter = RiskFilter {
                active_only: true,
                ..RiskFilter::default()
            };
            let found = risks::visible(
                &acting.state.store,
                visible.project.id,
                filter,
                internal(&acting, &visible),
            )
            .await
            .map_err(api_error)?;
            let map = risks::heat_map(&found);
            println!("impact \\ probability   1   2   3   4   5");
            for (row, cells) in map.cells.iter().enumerate().rev() {
                let counts: Vec<String> = cells.iter().map(|n| format!("{n:>3}")).collect();
                println!("{:>20}  {}", row + 1, counts.join(" "));
            }
            println!("{} active risks", map.total);
        }
        RiskCommand::Roadblocks { key, json } => {
            let visible = viewable(&acting, &key).await?;
            let now = tandem_server::clock::now_ms();
            let blocked = roadblocks::roadblocks(&acting.state.store, visible.project.id, now)
                .await
                .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&blocked)?);
            } else if blocked.is_empty() {
                println!("no roadblocks in {key}");
            } else {
                println!(
                    "{:<12}  {:>4}  {:<10}  {:<20}  TITLE",
                    "KEY", "DAYS", "SINCE", "WAITING FOR"
                );
                for b in blocked {
                    println!(
                        "{:<12}  {:>4}  {:<10}  {:<20}  {}",
                        b.key,
                        b.days_blocked,
                        b.blocked_since.get(..10).unwrap_or(&b.blocked_since),
                        b.blocked_by.join(", "),
                        b.title
                    );
                }
            }
        }
    }
    acting.state.store.close().await;
    Ok(())
}

/// Project `key` as the acting user may view it.
async fn viewable(acting: &Acting, key: &str) -> anyhow::Result<VisibleProject> {
    guard::project(&acting.state, &acting.user, key, ProjectAction::View)
        .await
        .map_err(api_error)
}

/// Whether the acting user sees internal risks (staff) or the shared ones only.
fn internal(acting: &Acting, visible: &VisibleProject) -> bool {
    acting
        .user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal)
}

/// The version of risk `id` as stored now (what `--if-version` defaults to).
async fn current_version(
    acting: &Acting,
    visible: &VisibleProject,
    id: i64,
) -> anyhow::Result<i64> {
    let risk = risks::find(
        &acting.state.store,
        visible.project.id,
        id,
        internal(acting, visible),
    )
    .await
    .map_err(api_error)?;
    Ok(risk.version)
}

/// `None` for the word `none` (clears the field), the value otherwise.
fn none_or(raw: String) -> Option<String> {
    (!raw.trim().eq_ignore_ascii_case("none")).then_some(raw)
}

/// Every field of a risk, one per line.
fn print_risk(view: &RiskView) {
    println!("risk {}: {}", view.id, view.title);
    println!("probability: {}", view.probability);
    println!("impact:      {}", view.impact);
    println!("exposure:    {} ({})", view.exposure, view.severity);
    println!("status:      {}", view.status);
    println!(
        "owner:       {}",
        view.owner.as_ref().map_or("-", |o| o.name.as_str())
    );
    println!(
        "review date: {}",
        view.review_date.as_deref().unwrap_or("-")
    );
    println!("visibility:  {}", view.visibility);
    match view.workshop_id {
        Some(workshop) => println!("origin:      workshop {workshop}"),
        None => println!("origin:      -"),
    }
    if view.items.is_empty() {
        println!("items:       -");
    } else {
        println!("items:");
        for item in &view.items {
            println!("  {}  {}", item.key, item.title);
        }
    }
    println!("version:     {}", view.version);
    if !view.description.is_empty() {
        println!("description: {}", view.description);
    }
    if !view.mitigation.is_empty() {
        println!("mitigation:  {}", view.mitigation);
    }
}

/// ` (from workshop 3)` for a risk that came out of a workshop, or nothing.
fn origin(view: &RiskView) -> String {
    view.workshop_id
        .map(|id| format!(" (from workshop {id})"))
        .unwrap_or_default()
}

/// `, linked to SHOP-1, SHOP-2`, or nothing for a risk without items.
fn linked(view: &RiskView) -> String {
    if view.items.is_empty() {
        return String::new();
    }
    let keys: Vec<&str> = view.items.iter().map(|item| item.key.as_str()).collect();
    format!(", linked to {}", keys.join(", "))
}
