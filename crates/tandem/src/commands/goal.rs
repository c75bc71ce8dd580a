//! `tandem goal`: a project's objectives and key results (OKRs) from the shell — list them
//! with grades and colour bands, add one with its key results, record progress (new current
//! values), change one and the releases that deliver it — through the same service and
//! permissions as the API.

use super::acting::ActingArgs;
use crate::commands::api_error;
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_server::direction::goals::{self, KeyResultBody, ObjectiveBody, ObjectiveView};
use tandem_server::guard;

/// Arguments of `tandem goal`.
#[derive(Debug, clap::Args)]
pub struct GoalArgs {
    #[command(subcommand)]
    pub command: GoalCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with a project's goals.
#[derive(Debug, clap::Subcommand)]
pub enum GoalCommand {
    /// Objectives with their key results, grades (0–1) and bands.
    List {
        /// Project key.
        key: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add an objective with key results.
    Add {
        /// Project key.
        key: String,
        /// The objective.
        #[arg(long)]
        title: String,
        /// A key result as METRIC:BASELINE:TARGET[:UNIT], e.g. "Weekly orders:120:300:orders"
        /// (repeat for several).
        #[arg(long = "kr")]
        key_results: Vec<String>,
        /// Due date (YYYY-MM-DD).
        #[arg(long)]
        due: Option<String>,
        /// internal (default) or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// A release that delivers it, by id (repeat for several; see `tandem release list`).
        #[arg(long = "release", value_name = "ID")]
        releases: Vec<i64>,
    },
    /// Change an objective (only the flags given change).
    Edit {
        /// Project key.
        key: String,
        /// The objective id.
        objective: i64,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        /// New due date (YYYY-MM-DD).
        #[arg(long)]
        due: Option<String>,
        /// internal or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// The releases that deliver it, by id, replacing the current ones (repeat for
        /// several).
        #[arg(long = "release", value_name = "ID", conflicts_with = "no_releases")]
        releases: Vec<i64>,
        /// Unlink every release.
        #[arg(long)]
        no_releases: bool,
    },
    /// Record progress: new current values of an objective's key results.
    Progress {
        /// Project key.
        key: String,
        /// The objective id.
        objective: i64,
        /// KR_ID=VALUE (repeat for several); see `tandem goal list`.
        #[arg(long = "set", required = true)]
        values: Vec<String>,
    },
}

/// Runs `tandem goal …`.
pub async fn run(args: GoalArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let writer = acting.writer();
    match args.command {
        GoalCommand::List { key, json } => {
            let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let views =
                goals::visible_objectives(&acting.state.store, visible.project.id, &acting.user)
                    .await
                    .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                views.iter().for_each(print_objective);
            }
        }
        GoalCommand::Add {
            key,
            title,
            key_results,
            due,
            visibility,
            releases,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let body = ObjectiveBody {
                title,
                description: None,
                due_on: due,
                visibility,
                workshop_id: None,
                key_results: key_results
                    .iter()
                    .map(|raw| key_result(raw))
                    .collect::<anyhow::Result<_>>()?,
                feature_ids: Vec::new(),
                release_ids: Some(releases),
                version: None,
            };
            let created = goals::create(&writer, &visible, &body)
                .await
                .map_err(api_error)?;
            print_objective(&ObjectiveView::from(created));
        }
        GoalCommand::Edit {
            key,
            objective,
            title,
            due,
            visibility,
            releases,
            no_releases,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let current = acting
                .state
                .store
                .objective(visible.project.id, objective)
                .await
                .map_err(|e| api_error(e.into()))?;
            let kept = goals::with_progress(&current, &HashMap::new());
            let body = ObjectiveBody {
                title: title.unwrap_or(kept.title.clone()),
                due_on: due.or(kept.due_on.clone()),
                visibility: visibility.or(kept.visibility.clone()),
                release_ids: (no_releases || !releases.is_empty()).then_some(releases),
                ..kept
            };
            let saved = goals::update(&writer, &visible, objective, &body, current.version)
                .await
                .map_err(api_error)?;
            print_objective(&ObjectiveView::from(saved));
        }
        GoalCommand::Progress {
            key,
            objective,
            values,
        } => {
            let visible = super::contributable(&acting, &key).await?;
            let current = acting
                .state
                .store
                .objective(visible.project.id, objective)
                .await
                .map_err(|e| api_error(e.into()))?;
            let mut wanted = HashMap::new();
            for raw in &values {
                let (id, value) = raw
                    .split_once('=')
                    .and_then(|(id, v)| Some((id.trim().parse::<i64>().ok()?, number(v).ok()?)))
                    .ok_or_else(|| {
                        super::refuse(
                            "validation_failed",
                            format!("--set takes KR_ID=VALUE, not “{raw}”"),
                        )
                    })?;
                if !current.key_results.iter().any(|kr| kr.id == id) {
                    return Err(super::refuse(
                        "not_found",
                        format!("objective {objective} has no key result {id}"),
                    ));
                }
                wanted.insert(id, value);
            }
            let body = goals::with_progress(&current, &wanted);
            let saved = goals::update(&writer, &visible, objective, &body, current.version)
                .await
                .map_err(api_error)?;
            print_objective(&ObjectiveView::from(saved));
        }
    }
    acting.state.store.close().await;
    Ok(())
}

fn number(raw: &str) -> anyhow::Result<f64> {
    raw.trim().replace(',', ".").parse().map_err(|_| {
        super::refuse(
            "validation_failed",
            format!("“{}” is not a number", raw.trim()),
        )
    })
}

/// `METRIC:BASELINE:TARGET[:UNIT]` as a key result.
fn key_result(raw: &str) -> anyhow::Result<KeyResultBody> {
    let parts: Vec<&str> = raw.split(':').collect();
    let [metric, baseline, target, rest @ ..] = parts.as_slice() else {
        return Err(super::refuse(
            "validation_failed",
            format!("--kr takes METRIC:BASELINE:TARGET[:UNIT], not “{raw}”"),
        ));
    };
    Ok(KeyResultBody {
        metric: metric.trim().to_owned(),
        unit: rest.first().map(|unit| unit.trim().to_owned()),
        baseline: number(baseline)?,
        target: number(target)?,
        current: None,
        due_on: None,
    })
}

fn print_objective(view: &ObjectiveView) {
    let grade = view.grade.map_or("-".to_owned(), |g| format!("{g:.2}"));
    println!(
        "objective {}: {} — grade {grade} ({}){}",
        view.id,
        view.title,
        view.band_name(),
        view.due_on
            .as_deref()
            .map_or(String::new(), |due| format!(", due {due}"))
    );
    if !view.release_ids.is_empty() {
        let ids: Vec<String> = view.release_ids.iter().map(i64::to_string).collect();
        println!("  delivered by release {}", ids.join(", "));
    }
    for kr in &view.key_results {
        println!(
            "  kr {}: {} {} → {} {} (now {}), grade {:.2} ({})",
            kr.id,
            kr.metric,
            kr.baseline,
            kr.target,
            kr.unit,
            kr.current,
            kr.grade,
            kr.band.as_str()
        );
    }
}
