//! `tandem roadmap`: the product roadmap from the shell — the now / next / later columns of
//! features and the release timeline — read through the same service functions as
//! `GET /api/v1/projects/{key}/roadmap` and `…/roadmap/releases`, so a client contact sees
//! exactly the shared items the API shows them. The filters are the API's query parameters,
//! checked by the same code.

use super::acting::ActingArgs;
use super::product::score_text;
use super::release::print_releases;
use crate::commands::api_error;
use serde::Serialize;
use tandem_server::direction::releases::{self, ReleaseView};
use tandem_server::product::filter::RoadmapQuery;
use tandem_server::product::scope::ProductScope;
use tandem_server::product::service;
use tandem_server::product::views::{FeatureView, RoadmapView};

/// Arguments of `tandem roadmap`.
#[derive(Debug, clap::Args)]
pub struct RoadmapArgs {
    /// Project key.
    pub key: String,
    /// Print JSON: `roadmap` as the roadmap API answers it, `releases` as the release
    /// timeline API answers it.
    #[arg(long)]
    pub json: bool,
    /// Only features linked to this persona (id).
    #[arg(long, value_name = "ID")]
    pub persona: Option<String>,
    /// Only features planned into this release (id), or `none`: into no release.
    #[arg(long, value_name = "ID|none")]
    pub release: Option<String>,
    /// Only features with this MoSCoW priority: must, should, could or wont.
    #[arg(long, value_name = "PRIORITY")]
    pub moscow: Option<String>,
    /// `in`: only features in the MVP; `out`: only those outside it.
    #[arg(long, value_name = "in|out")]
    pub mvp: Option<String>,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What `--json` prints: the two API answers side by side, each in the server's own type, so
/// a script can read the CLI and the API alike.
#[derive(Serialize)]
struct RoadmapJson<'a> {
    roadmap: &'a RoadmapView,
    releases: &'a [ReleaseView],
}

/// Runs `tandem roadmap KEY`.
pub async fn run(args: RoadmapArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let scope = ProductScope::read(&acting.state, &acting.user, &args.key)
        .await
        .map_err(api_error)?;
    let filters = RoadmapQuery {
        persona: args.persona,
        release: args.release,
        moscow: args.moscow,
        mvp: args.mvp,
    };
    let filter = filters
        .filter(&acting.state, &scope)
        .await
        .map_err(api_error)?;
    let roadmap = service::roadmap(&acting.state, &scope, filter)
        .await
        .map_err(api_error)?;
    let timeline = releases::timeline(&acting.state.store, &scope.visible, &acting.user)
        .await
        .map_err(api_error)?;
    if args.json {
        let json = RoadmapJson {
            roadmap: &roadmap,
            releases: &timeline,
        };
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        for column in &roadmap.columns {
            print_features(&heading(&column.horizon), &column.features);
        }
        if !roadmap.unplaced.is_empty() {
            print_features("Not on the roadmap yet", &roadmap.unplaced);
        }
        println!("Releases");
        print_releases(&timeline);
    }
    acting.state.store.close().await;
    Ok(())
}

/// `now` → `Now`: the API's horizon names as section headings.
fn heading(horizon: &str) -> String {
    let mut chars = horizon.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One section: its heading, then each feature with its MoSCoW priority and RICE score.
fn print_features(heading: &str, features: &[FeatureView]) {
    println!("{heading}");
    if features.is_empty() {
        println!("  (none)");
        return;
    }
    println!(
        "{:>5}  {:<6}  {:>9}  {:<11}  TITLE",
        "ID", "MOSCOW", "RICE", "STATUS"
    );
    for feature in features {
        println!(
            "{:>5}  {:<6}  {:>9}  {:<11}  {}",
            feature.id,
            feature.moscow.as_deref().unwrap_or("-"),
            score_text(feature.scores.rice),
            feature.status,
            feature.title
        );
    }
}
