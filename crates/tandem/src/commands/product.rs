//! `tandem feature`, `tandem hypothesis` and `tandem persona`: the product backlog from the
//! shell, through the same service functions (permissions, validation, audit) as the API.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_server::acting::Acting;
use tandem_server::product::input::{
    CriterionChange, FeatureChange, FeatureInput, HypothesisChange, HypothesisInput, PersonaInput,
    ScoreInputs,
};
use tandem_server::product::scope::ProductScope;
use tandem_server::product::scores::SortModel;
use tandem_server::product::service;
use tandem_server::product::views::{FeatureView, HypothesisView};

/// Arguments of `tandem feature`.
#[derive(Debug, clap::Args)]
pub struct FeatureArgs {
    #[command(subcommand)]
    pub command: FeatureCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Scoring inputs shared by `feature add` and `feature score`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScoreFlags {
    /// RICE reach (people or events per quarter).
    #[arg(long)]
    pub reach: Option<f64>,
    /// RICE impact: 0.25, 0.5, 1, 2 or 3.
    #[arg(long)]
    pub impact: Option<f64>,
    /// RICE confidence in percent: 50, 80 or 100 (omit to derive it from hypotheses).
    #[arg(long)]
    pub confidence: Option<i64>,
    /// RICE effort in person-months.
    #[arg(long)]
    pub effort: Option<f64>,
    /// WSJF business value (1, 2, 3, 5, 8, 13, 20).
    #[arg(long)]
    pub business_value: Option<i64>,
    /// WSJF time criticality (1, 2, 3, 5, 8, 13, 20).
    #[arg(long)]
    pub time_criticality: Option<i64>,
    /// WSJF risk reduction (1, 2, 3, 5, 8, 13, 20).
    #[arg(long)]
    pub risk_reduction: Option<i64>,
    /// WSJF job size (1, 2, 3, 5, 8, 13, 20).
    #[arg(long)]
    pub job_size: Option<i64>,
    /// Value for value/effort (1–10).
    #[arg(long)]
    pub value: Option<f64>,
    /// Effort for value/effort (1–10).
    #[arg(long)]
    pub effort_score: Option<f64>,
    /// Estimated effort in person-days (MVP sums).
    #[arg(long)]
    pub estimate_days: Option<f64>,
}

/// What to do with features.
#[derive(Debug, clap::Subcommand)]
pub enum FeatureCommand {
    /// The ranked backlog.
    List {
        /// Project key.
        key: String,
        /// Ranking model: rice, wsjf, value-effort or manual.
        #[arg(long, default_value = "rice")]
        sort: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a feature.
    Add {
        /// Project key.
        key: String,
        /// Title.
        #[arg(long)]
        title: String,
        /// The user problem it solves.
        #[arg(long, default_value = "")]
        problem: String,
        #[command(flatten)]
        scores: ScoreFlags,
    },
    /// One feature: scores, links and readiness (criteria, linked items, blocking bugs).
    Show {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Link a work item to a feature (its progress then counts in readiness).
    Link {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        /// Item key, e.g. NWSHOP-12.
        item: String,
    },
    /// Unlink a work item from a feature.
    Unlink {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        /// Item key, e.g. NWSHOP-12.
        item: String,
    },
    /// Set scoring inputs of a feature (only the flags given change).
    Score {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        #[command(flatten)]
        scores: ScoreFlags,
    },
    /// Change a feature: status, MoSCoW, MVP cut, roadmap horizon, release, sharing (only
    /// the flags given change).
    Set {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        #[command(flatten)]
        fields: FeatureFlags,
    },
    /// List a feature's acceptance criteria.
    Criteria {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
    },
    /// Add an acceptance criterion to a feature.
    Criterion {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        /// What must hold for the feature to be accepted.
        text: String,
    },
    /// Tick an acceptance criterion as met (or, with --unmet, untick it).
    Check {
        /// Project key.
        key: String,
        /// Feature id.
        id: i64,
        /// Criterion id (see `feature criteria`).
        criterion: i64,
        /// Mark it not met.
        #[arg(long)]
        unmet: bool,
    },
}

/// The fields `feature set` changes; "none" clears a clearable one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FeatureFlags {
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// The user problem it solves.
    #[arg(long)]
    pub problem: Option<String>,
    /// idea, discovery, validated, planned, in_delivery, ready, released or rejected.
    #[arg(long)]
    pub status: Option<String>,
    /// must, should, could, wont, or none.
    #[arg(long)]
    pub moscow: Option<String>,
    /// in or out of the MVP.
    #[arg(long, value_parser = ["in", "out"])]
    pub mvp: Option<String>,
    /// Roadmap horizon: now, next, later, or none.
    #[arg(long)]
    pub horizon: Option<String>,
    /// Release id, or none.
    #[arg(long)]
    pub release: Option<String>,
    /// internal or shared (with the client).
    #[arg(long)]
    pub visibility: Option<String>,
}

/// Arguments of `tandem hypothesis`.
#[derive(Debug, clap::Args)]
pub struct HypothesisArgs {
    #[command(subcommand)]
    pub command: HypothesisCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with hypotheses.
#[derive(Debug, clap::Subcommand)]
pub enum HypothesisCommand {
    /// Add a hypothesis.
    Add {
        /// Project key.
        key: String,
        /// "We believe that …"
        #[arg(long)]
        statement: String,
        /// desirability, viability or feasibility.
        #[arg(long, default_value = "desirability")]
        kind: String,
        /// 1 (minor) to 5 (the concept fails without it).
        #[arg(long, default_value_t = 3)]
        importance: i64,
        /// none, weak, moderate or strong.
        #[arg(long, default_value = "none")]
        evidence: String,
        /// A persona it is about, by id (repeat for several; see `tandem persona list`).
        #[arg(long = "persona", value_name = "ID")]
        personas: Vec<i64>,
    },
    /// Change a hypothesis (only the flags given change).
    Set {
        /// Project key.
        key: String,
        /// Hypothesis id.
        id: i64,
        /// New statement.
        #[arg(long)]
        statement: Option<String>,
        /// 1 (minor) to 5 (the concept fails without it).
        #[arg(long)]
        importance: Option<i64>,
        /// none, weak, moderate or strong.
        #[arg(long)]
        evidence: Option<String>,
        /// untested, testing, validated or invalidated.
        #[arg(long)]
        status: Option<String>,
        /// The personas it is about, by id, replacing the current ones (repeat for several).
        #[arg(long = "persona", value_name = "ID", conflicts_with = "no_personas")]
        personas: Vec<i64>,
        /// Unlink every persona.
        #[arg(long)]
        no_personas: bool,
    },
    /// List hypotheses, riskiest first.
    List {
        /// Project key.
        key: String,
        /// Only the hypotheses about this persona (its id; see `tandem persona list`).
        #[arg(long, value_name = "ID")]
        persona: Option<i64>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Arguments of `tandem persona`.
#[derive(Debug, clap::Args)]
pub struct PersonaArgs {
    #[command(subcommand)]
    pub command: PersonaCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with personas.
#[derive(Debug, clap::Subcommand)]
pub enum PersonaCommand {
    /// Add a persona.
    Add {
        /// Project key.
        key: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// Who they are.
        #[arg(long, default_value = "")]
        description: String,
        /// What they want to achieve.
        #[arg(long, default_value = "")]
        goals: String,
        /// What gets in their way.
        #[arg(long, default_value = "")]
        pains: String,
    },
    /// List personas.
    List {
        /// Project key.
        key: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

impl ScoreFlags {
    fn inputs(&self) -> ScoreInputs {
        ScoreInputs {
            reach: self.reach,
            impact: self.impact,
            confidence: self.confidence,
            effort_months: self.effort,
            business_value: self.business_value,
            time_criticality: self.time_criticality,
            risk_reduction: self.risk_reduction,
            job_size: self.job_size,
            value_score: self.value,
            effort_score: self.effort_score,
            estimate_days: self.estimate_days,
        }
    }

    fn change(&self) -> FeatureChange {
        FeatureChange {
            reach: self.reach.map(Some),
            impact: self.impact.map(Some),
            confidence: self.confidence.map(Some),
            effort_months: self.effort.map(Some),
            business_value: self.business_value.map(Some),
            time_criticality: self.time_criticality.map(Some),
            risk_reduction: self.risk_reduction.map(Some),
            job_size: self.job_size.map(Some),
            value_score: self.value.map(Some),
            effort_score: self.effort_score.map(Some),
            estimate_days: self.estimate_days.map(Some),
            ..FeatureChange::default()
        }
    }
}

impl FeatureFlags {
    fn change(&self) -> anyhow::Result<FeatureChange> {
        let release = match cleared(&self.release) {
            Some(Some(id)) => Some(Some(id.parse::<i64>().map_err(|_| {
                super::refuse(
                    "validation_failed",
                    "--release must be a release id or none",
                )
            })?)),
            Some(None) => Some(None),
            None => None,
        };
        Ok(FeatureChange {
            title: self.title.clone(),
            problem: self.problem.clone(),
            status: self.status.clone(),
            moscow: cleared(&self.moscow),
            mvp: self.mvp.as_deref().map(|mvp| mvp == "in"),
            horizon: cleared(&self.horizon),
            release_id: release,
            visibility: self.visibility.clone(),
            ..FeatureChange::default()
        })
    }
}

/// A clearable flag: absent leaves it, "none" clears it, anything else sets it.
fn cleared(flag: &Option<String>) -> Option<Option<String>> {
    flag.as_ref()
        .map(|value| (value != "none").then(|| value.clone()))
}

/// A score with two decimals, or `-` when its inputs are missing (backlog and roadmap tables).
pub fn score_text(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

fn print_feature(f: &FeatureView) {
    let source = match f.scores.confidence_source {
        Some(tandem_core::product::scoring::ConfidenceSource::Entered) => "entered".to_owned(),
        Some(tandem_core::product::scoring::ConfidenceSource::Hypotheses) => {
            format!("{} hypotheses", f.scores.confidence_hypotheses)
        }
        None => "-".to_owned(),
    };
    println!(
        "{:>3}  {:>5}  {:>9}  {:>6}  {:>6}  {:>4}%  {:<13}  {:<11}  {}",
        f.position,
        f.id,
        score_text(f.scores.rice),
        score_text(f.scores.wsjf),
        score_text(f.scores.value_effort),
        f.scores
            .confidence
            .map_or("-".to_owned(), |c| c.to_string()),
        source,
        f.status,
        f.title
    );
}

fn print_readiness(f: &FeatureView) {
    let r = &f.readiness;
    println!(
        "readiness: {} (criteria {}/{}, linked items done {}/{}, open blocking bugs {})",
        if r.ready { "ready" } else { "not ready" },
        r.criteria_met,
        r.criteria_total,
        r.items_done,
        r.items_total,
        r.open_blocking_bugs
    );
    for gap in &r.gaps {
        println!("  - {gap}");
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Runs `tandem feature …`.
pub async fn run_feature(args: FeatureArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        FeatureCommand::List { key, sort, json } => {
            let Some(sort) = SortModel::parse(&sort) else {
                return Err(super::refuse(
                    "validation_failed",
                    "--sort must be rice, wsjf, value-effort or manual",
                ));
            };
            let scope = read(&acting, &key).await?;
            let backlog = service::backlog(&acting.state, &scope, sort)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&backlog);
            }
            println!(
                "{:>3}  {:>5}  {:>9}  {:>6}  {:>6}  {:>5}  {:<13}  {:<11}  TITLE",
                "#", "ID", "RICE", "WSJF", "V/E", "CONF", "SOURCE", "STATUS"
            );
            for feature in &backlog.features {
                print_feature(feature);
            }
        }
        FeatureCommand::Add {
            key,
            title,
            problem,
            scores,
        } => {
            let scope = write(&acting, &key).await?;
            let input = FeatureInput {
                title,
                problem,
                scores: scores.inputs(),
                ..FeatureInput::default()
            };
            let feature = service::create_feature(&acting.writer(), &scope, &input)
                .await
                .map_err(api_error)?;
            println!(
                "created feature {} \"{}\" (RICE {}, WSJF {}, value/effort {})",
                feature.id,
                feature.title,
                score_text(feature.scores.rice),
                score_text(feature.scores.wsjf),
                score_text(feature.scores.value_effort)
            );
        }
        FeatureCommand::Show { key, id, json } => {
            let scope = read(&acting, &key).await?;
            let feature = service::feature(&acting.state, &scope, id)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&feature);
            }
            println!(
                "feature {} \"{}\" ({})",
                feature.id, feature.title, feature.status
            );
            println!(
                "RICE {}, WSJF {}, value/effort {}; feedback {} (weight {})",
                score_text(feature.scores.rice),
                score_text(feature.scores.wsjf),
                score_text(feature.scores.value_effort),
                feature.feedback.count,
                feature.feedback.weight
            );
            print_readiness(&feature);
        }
        FeatureCommand::Link { key, id, item } => {
            let scope = write(&acting, &key).await?;
            let items = service::link_item(&acting.writer(), &scope, id, &item)
                .await
                .map_err(api_error)?;
            println!(
                "linked {item} to feature {id} ({} linked items)",
                items.len()
            );
        }
        FeatureCommand::Unlink { key, id, item } => {
            let scope = write(&acting, &key).await?;
            service::unlink_item(&acting.writer(), &scope, id, &item)
                .await
                .map_err(api_error)?;
            println!("unlinked {item} from feature {id}");
        }
        FeatureCommand::Score { key, id, scores } => {
            let feature = change_feature(&acting, &key, id, &scores.change()).await?;
            println!(
                "scored feature {} \"{}\": RICE {}, WSJF {}, value/effort {}",
                feature.id,
                feature.title,
                score_text(feature.scores.rice),
                score_text(feature.scores.wsjf),
                score_text(feature.scores.value_effort)
            );
        }
        FeatureCommand::Set { key, id, fields } => {
            let feature = change_feature(&acting, &key, id, &fields.change()?).await?;
            println!(
                "feature {} \"{}\": {}, MoSCoW {}, MVP {}, horizon {}, release {}",
                feature.id,
                feature.title,
                feature.status,
                feature.moscow.as_deref().unwrap_or("-"),
                if feature.mvp { "in" } else { "out" },
                feature.horizon.as_deref().unwrap_or("-"),
                feature
                    .release_id
                    .map_or_else(|| "-".to_owned(), |id| id.to_string()),
            );
        }
        FeatureCommand::Criteria { key, id } => {
            let scope = read(&acting, &key).await?;
            let criteria = service::criteria(&acting.state, &scope, id)
                .await
                .map_err(api_error)?;
            println!("{:>5}  {:<4}  TEXT", "ID", "MET");
            for criterion in criteria {
                println!(
                    "{:>5}  {:<4}  {}",
                    criterion.id,
                    if criterion.met { "yes" } else { "no" },
                    criterion.text
                );
            }
        }
        FeatureCommand::Criterion { key, id, text } => {
            let scope = write(&acting, &key).await?;
            let criterion = service::add_criterion(&acting.writer(), &scope, id, &text)
                .await
                .map_err(api_error)?;
            println!("added criterion {} to feature {id}", criterion.id);
        }
        FeatureCommand::Check {
            key,
            id,
            criterion,
            unmet,
        } => {
            let scope = write(&acting, &key).await?;
            let criteria = service::criteria(&acting.state, &scope, id)
                .await
                .map_err(api_error)?;
            let Some(current) = criteria.iter().find(|c| c.id == criterion) else {
                return Err(super::refuse(
                    "not_found",
                    format!("feature {id} has no criterion {criterion}"),
                ));
            };
            let change = CriterionChange {
                met: Some(!unmet),
                ..CriterionChange::default()
            };
            let ticked = service::update_criterion(
                &acting.writer(),
                &scope,
                id,
                criterion,
                &change,
                current.version,
            )
            .await
            .map_err(api_error)?;
            println!(
                "criterion {} of feature {id} is {}",
                ticked.id,
                if ticked.met { "met" } else { "not met" }
            );
        }
    }
    Ok(())
}

/// Applies `change` to feature `id` at the version just read, so a change someone made in
/// between is refused rather than overwritten.
async fn change_feature(
    acting: &Acting,
    key: &str,
    id: i64,
    change: &FeatureChange,
) -> anyhow::Result<FeatureView> {
    let scope = write(acting, key).await?;
    let current = service::feature(&acting.state, &scope, id)
        .await
        .map_err(api_error)?;
    service::update_feature(&acting.writer(), &scope, id, change, current.meta.version)
        .await
        .map_err(api_error)
}

/// Runs `tandem hypothesis …`.
pub async fn run_hypothesis(args: HypothesisArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        HypothesisCommand::Add {
            key,
            statement,
            kind,
            importance,
            evidence,
            personas,
        } => {
            let scope = write(&acting, &key).await?;
            let input = HypothesisInput {
                statement,
                kind,
                importance,
                evidence: Some(evidence),
                persona_ids: personas,
                ..HypothesisInput::default()
            };
            let h = service::create_hypothesis(&acting.writer(), &scope, &input)
                .await
                .map_err(api_error)?;
            println!(
                "created hypothesis {} ({}, importance {}, {}){}",
                h.id,
                h.kind,
                h.importance,
                h.quadrant_label(),
                about_personas(&h)
            );
        }
        HypothesisCommand::Set {
            key,
            id,
            statement,
            importance,
            evidence,
            status,
            personas,
            no_personas,
        } => {
            let scope = write(&acting, &key).await?;
            let current = service::hypothesis(&acting.state, &scope, id)
                .await
                .map_err(api_error)?;
            let change = HypothesisChange {
                statement,
                importance,
                evidence,
                status,
                persona_ids: (no_personas || !personas.is_empty()).then_some(personas),
                ..HypothesisChange::default()
            };
            let h = service::update_hypothesis(
                &acting.writer(),
                &scope,
                id,
                &change,
                current.meta.version,
            )
            .await
            .map_err(api_error)?;
            println!(
                "hypothesis {} is {} ({} evidence, {}){}",
                h.id,
                h.status,
                h.evidence,
                h.quadrant_label(),
                about_personas(&h)
            );
        }
        HypothesisCommand::List { key, persona, json } => {
            let scope = read(&acting, &key).await?;
            let map = service::assumption_map(&acting.state, &scope)
                .await
                .map_err(api_error)?;
            let mut riskiest_first = map.riskiest_first;
            if let Some(persona) = persona {
                service::persona(&acting.state, &scope, persona)
                    .await
                    .map_err(api_error)?;
                riskiest_first.retain(|h| h.personas.iter().any(|p| p.id == persona));
            }
            if json {
                return print_json(&riskiest_first);
            }
            println!(
                "{:>5}  {:>3}  {:<8}  {:<11}  {:<10}  STATEMENT",
                "ID", "IMP", "EVIDENCE", "STATUS", "QUADRANT"
            );
            for h in &riskiest_first {
                println!(
                    "{:>5}  {:>3}  {:<8}  {:<11}  {:<10}  {}",
                    h.id,
                    h.importance,
                    h.evidence,
                    h.status,
                    h.quadrant_label(),
                    h.statement
                );
            }
        }
    }
    Ok(())
}

/// " about personas 2, 5" for a hypothesis with persona links, else nothing.
fn about_personas(h: &HypothesisView) -> String {
    if h.personas.is_empty() {
        return String::new();
    }
    let names: Vec<String> = h
        .personas
        .iter()
        .map(|p| format!("{} \"{}\"", p.id, p.label))
        .collect();
    format!(" about persona {}", names.join(", "))
}

/// Runs `tandem persona …`.
pub async fn run_persona(args: PersonaArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    match args.command {
        PersonaCommand::Add {
            key,
            name,
            description,
            goals,
            pains,
        } => {
            let scope = write(&acting, &key).await?;
            let input = PersonaInput {
                name,
                description,
                goals,
                pains,
                ..PersonaInput::default()
            };
            let p = service::create_persona(&acting.writer(), &scope, &input)
                .await
                .map_err(api_error)?;
            println!("created persona {} \"{}\"", p.id, p.name);
        }
        PersonaCommand::List { key, json } => {
            let scope = read(&acting, &key).await?;
            let list = service::personas(&acting.state, &scope)
                .await
                .map_err(api_error)?;
            if json {
                return print_json(&list);
            }
            println!("{:>5}  {:<10}  NAME", "ID", "VISIBILITY");
            for p in &list {
                println!("{:>5}  {:<10}  {}", p.id, p.visibility, p.name);
            }
        }
    }
    Ok(())
}

async fn read(acting: &Acting, key: &str) -> anyhow::Result<ProductScope> {
    ProductScope::read(&acting.state, &acting.user, key)
        .await
        .map_err(api_error)
}

async fn write(acting: &Acting, key: &str) -> anyhow::Result<ProductScope> {
    ProductScope::write(&acting.state, &acting.user, key)
        .await
        .map_err(api_error)
}
