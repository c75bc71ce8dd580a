//! What a weekly status report says, gathered from both sides at generation time and kept
//! whole (with each artefact's visibility) so the client version can be cut from it later.

use crate::diagnosis::reading::{self as health, SideHealth};
use crate::direction::scope;
use crate::error::ApiError;
use crate::people::roadblocks;
use crate::planning::network::PlanData;
use crate::planning::{evm, schedule, service};
use crate::state::AppState;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tandem_core::days::WorkspaceDays;
use tandem_core::health::{Side, Verdict};
use tandem_core::people::risk;
use tandem_core::product::artefacts::{FeatureStatus, HypothesisStatus};
use tandem_core::product::direction::{DecisionStatus, ReleaseStatus, Visibility};
use tandem_store::direction::DecisionFilter;
use tandem_store::{FeatureFilter, Project, RiskFilter};
use utoipa::ToSchema;

/// How many risks and signals the report names.
const TOP: usize = 5;

/// The period a report covers, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    fn holds(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    fn holds_text(&self, day: Option<&str>) -> bool {
        day.and_then(|d| d.get(..10)?.parse().ok())
            .is_some_and(|d| self.holds(d))
    }

    /// Whether the instant `ms` falls on one of the period's days on the workspace's `days`.
    fn holds_ms(&self, ms: i64, days: &WorkspaceDays) -> bool {
        days.day_of(ms).is_some_and(|day| self.holds(day))
    }
}

/// A line about one artefact, with whether client contacts may read it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Line {
    pub id: i64,
    pub title: String,
    /// Status, readiness or other short fact.
    pub detail: String,
    /// Shared with the client.
    pub shared: bool,
}

/// Product side: what was decided, learned and changed in the period, and release readiness.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductSection {
    /// Decisions decided in the period.
    pub decisions: Vec<Line>,
    /// Hypotheses validated or invalidated in the period.
    pub hypotheses: Vec<Line>,
    /// Features added in the period.
    pub features_added: Vec<Line>,
    /// Features rejected (taken out of scope) in the period.
    pub features_removed: Vec<Line>,
    /// MVP features added or removed in the period, among the above.
    pub mvp_changes: usize,
    /// Features in the MVP now.
    pub mvp_features: usize,
    /// Releases not out yet: date, status and how many of their features are ready.
    pub releases: Vec<Line>,
}

/// Forecast figures.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForecastLine {
    pub p50: String,
    pub p85: String,
    /// Chance of finishing by the target launch date.
    pub target_probability: Option<f64>,
}

/// Budget and earned value (internal: never in the client version).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BudgetLine {
    pub unit: String,
    pub budget_at_completion: f64,
    pub planned_value: f64,
    pub earned_value: f64,
    pub actual_cost: f64,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
    pub eac: Option<f64>,
}

/// A risk, by exposure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RiskLine {
    pub title: String,
    /// probability × impact, 1–25.
    pub exposure: u8,
    pub severity: String,
    pub shared: bool,
}

/// An item held back by a predecessor.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BlockedLine {
    pub key: String,
    pub title: String,
    pub days_blocked: i64,
}

/// Delivery side: schedule, forecast, budget, risks and roadblocks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliverySection {
    pub target_launch_date: Option<String>,
    /// Scheduled finish along the critical path, `YYYY-MM-DD`.
    pub scheduled_finish: Option<String>,
    /// The critical path's open items, `KEY title`.
    pub critical_items: Vec<String>,
    pub forecast: Option<ForecastLine>,
    /// Why a section has no figures (unschedulable plan, nothing to forecast, ...).
    pub notes: Vec<String>,
    /// Internal: absent in the client version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetLine>,
    /// Actual cost over budget (internal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_burn: Option<f64>,
    /// Active risks, highest exposure first.
    pub risks: Vec<RiskLine>,
    pub blocked: Vec<BlockedLine>,
}

/// The diagnosis as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DiagnosisSection {
    /// The verdict sentence.
    pub sentence: String,
    pub product: SideHealth,
    pub delivery: SideHealth,
    /// The top raised signals' sentences, most important first, with their side.
    pub top_signals: Vec<SignalLine>,
    /// The whole verdict, kept so a client version can be worded again without cost signals.
    pub verdict: Verdict,
}

/// A raised signal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SignalLine {
    pub side: String,
    pub severity: String,
    pub explanation: String,
}

impl DiagnosisSection {
    /// The section for a verdict.
    pub fn of(verdict: Verdict) -> Self {
        Self {
            sentence: verdict.sentence.clone(),
            product: SideHealth::of(&verdict, Side::Product),
            delivery: SideHealth::of(&verdict, Side::Delivery),
            top_signals: verdict
                .raised()
                .take(TOP)
                .map(|s| SignalLine {
                    side: s.side.as_str().to_owned(),
                    severity: s.severity.label().to_owned(),
                    explanation: s.explanation.clone(),
                })
                .collect(),
            verdict,
        }
    }
}

/// A whole report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportBody {
    pub project_key: String,
    pub project_name: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    pub period_end: String,
    /// The day the figures were measured.
    pub measured_on: String,
    pub product: ProductSection,
    pub delivery: DeliverySection,
    pub diagnosis: DiagnosisSection,
    /// True in the version for client contacts (internal figures and artefacts left out).
    #[serde(default)]
    pub client_version: bool,
}

/// Gathers the full report of `project` for `period`, measured on `today`.
pub async fn gather(
    state: &AppState,
    project: &Project,
    period: Period,
    today: Date,
) -> Result<ReportBody, ApiError> {
    let verdict = health::this_week(state, project, today).await?;
    Ok(ReportBody {
        project_key: project.key.clone(),
        project_name: project.name.clone(),
        period_start: period.start.to_string(),
        period_end: period.end.to_string(),
        measured_on: today.to_string(),
        product: product(state, project.id, period).await?,
        delivery: delivery(state, project, today).await?,
        diagnosis: DiagnosisSection::of(verdict),
        client_version: false,
    })
}

async fn product(
    state: &AppState,
    project_id: i64,
    period: Period,
) -> Result<ProductSection, ApiError> {
    let store = &state.store;
    let days = crate::clock::days(store).await?;
    let shared = |v: Visibility| v == Visibility::Shared;
    let decisions = store
        .list_decisions(project_id, &DecisionFilter::default())
        .await?
        .into_iter()
        .filter(|d| {
            d.status != DecisionStatus::Proposed && period.holds_text(d.decided_on.as_deref())
        })
        .map(|d| Line {
            detail: format!(
                "{} on {}",
                d.status.as_str(),
                d.decided_on.unwrap_or_default()
            ),
            shared: shared(d.visibility),
            id: d.id,
            title: d.title,
        })
        .collect();
    let hypotheses = store
        .list_hypotheses(project_id, false)
        .await?
        .into_iter()
        .filter(|h| {
            matches!(
                h.fields.status,
                HypothesisStatus::Validated | HypothesisStatus::Invalidated
            ) && period.holds_ms(h.provenance.updated_at, &days)
        })
        .map(|h| Line {
            detail: h.fields.status.as_str().to_owned(),
            shared: shared(h.fields.visibility),
            id: h.id,
            title: h.fields.statement,
        })
        .collect();
    let features = store
        .list_features(project_id, &FeatureFilter::default())
        .await?;
    let feature_line = |f: &tandem_store::Feature| Line {
        id: f.id,
        title: f.fields.title.clone(),
        detail: if f.fields.mvp { "MVP" } else { "" }.to_owned(),
        shared: shared(f.fields.visibility),
    };
    let removed = |f: &&tandem_store::Feature| {
        f.fields.status == FeatureStatus::Rejected
            && period.holds_ms(f.provenance.updated_at, &days)
    };
    let added = |f: &&tandem_store::Feature| period.holds_ms(f.provenance.created_at, &days);
    let features_added: Vec<Line> = features.iter().filter(added).map(feature_line).collect();
    let features_removed: Vec<Line> = features.iter().filter(removed).map(feature_line).collect();
    let mvp_changes = features
        .iter()
        .filter(|f| f.fields.mvp && (added(f) || removed(f)))
        .count();
    let mvp_features = features
        .iter()
        .filter(|f| f.fields.mvp && f.fields.status != FeatureStatus::Rejected)
        .count();
    let mut releases = Vec::new();
    for release in store.list_releases(project_id).await? {
        if !matches!(
            release.status,
            ReleaseStatus::Planned | ReleaseStatus::Approved
        ) {
            continue;
        }
        let readiness = scope::scope(store, project_id, release.id, false).await?;
        releases.push(Line {
            detail: format!(
                "{}, {}: {} of {} features ready",
                release.target_date.as_deref().unwrap_or("no date"),
                release.status.as_str(),
                readiness.ready,
                readiness.total
            ),
            shared: shared(release.visibility),
            id: release.id,
            title: release.name,
        });
    }
    Ok(ProductSection {
        decisions,
        hypotheses,
        features_added,
        features_removed,
        mvp_changes,
        mvp_features,
        releases,
    })
}

async fn delivery(
    state: &AppState,
    project: &Project,
    today: Date,
) -> Result<DeliverySection, ApiError> {
    let store = &state.store;
    let data = PlanData::load(store, project.clone()).await?;
    let mut notes = Vec::new();
    let (scheduled_finish, critical_items) = match schedule::compute(&data, today) {
        Ok(view) => {
            let titles: std::collections::HashMap<&str, (&str, bool)> = view
                .items
                .iter()
                .map(|i| (i.key.as_str(), (i.title.as_str(), i.done)))
                .collect();
            let critical = view
                .critical_paths
                .first()
                .into_iter()
                .flatten()
                .filter_map(|key| {
                    let (title, done) = titles.get(key.as_str())?;
                    (!done).then(|| format!("{key} {title}"))
                })
                .collect();
            (view.finish.get(..10).map(str::to_owned), critical)
        }
        Err(error) => {
            notes.push(format!("Schedule: {error}"));
            (None, Vec::new())
        }
    };
    let (saved, spending) = service::evm_context(store, project).await?;
    let evm = evm::compute(&data, today, today, saved.as_ref(), &spending).ok();
    let forecast =
        match service::run_delivery_forecast(state, data, service::DEFAULT_SIMULATION).await {
            Ok(view) => Some(ForecastLine {
                p50: view.finish.p50.get(..10).unwrap_or_default().to_owned(),
                p85: view.finish.p85.get(..10).unwrap_or_default().to_owned(),
                target_probability: view.target_probability,
            }),
            Err(error) => {
                notes.push(format!("Forecast: {}", error.message));
                None
            }
        };
    let filter = RiskFilter {
        active_only: true,
        ..RiskFilter::default()
    };
    let mut risks: Vec<RiskLine> = store
        .list_risks(project.id, &filter)
        .await?
        .into_iter()
        .map(|r| {
            let exposure = risk::exposure(r.probability, r.impact);
            RiskLine {
                title: r.title,
                exposure,
                severity: risk::severity(exposure).as_str().to_owned(),
                shared: r.visibility == risk::Visibility::Shared,
            }
        })
        .collect();
    risks.sort_by_key(|risk| std::cmp::Reverse(risk.exposure));
    risks.truncate(TOP);
    let blocked = roadblocks::roadblocks(store, project.id, crate::clock::now_ms())
        .await?
        .into_iter()
        .map(|r| BlockedLine {
            key: r.key,
            title: r.title,
            days_blocked: r.days_blocked,
        })
        .collect();
    Ok(DeliverySection {
        target_launch_date: project.target_launch_date.clone(),
        scheduled_finish,
        critical_items,
        forecast,
        notes,
        budget: evm.map(|e| BudgetLine {
            unit: e.unit,
            budget_at_completion: e.budget_at_completion,
            planned_value: e.planned_value,
            earned_value: e.earned_value,
            actual_cost: e.actual_cost,
            spi: e.spi,
            cpi: e.cpi,
            eac: e.eac,
        }),
        budget_burn: crate::portfolio::row::burn(state, project).await?,
        risks,
        blocked,
    })
}

impl ReportBody {
    /// The version for client contacts: no budget or earned value, only shared artefacts and
    /// risks, and the diagnosis worded again without cost signals.
    pub fn for_client(mut self) -> Self {
        let keep = |lines: &mut Vec<Line>| lines.retain(|line| line.shared);
        keep(&mut self.product.decisions);
        keep(&mut self.product.hypotheses);
        keep(&mut self.product.features_added);
        keep(&mut self.product.features_removed);
        keep(&mut self.product.releases);
        self.delivery.budget = None;
        self.delivery.budget_burn = None;
        self.delivery.risks.retain(|risk| risk.shared);
        self.diagnosis = DiagnosisSection::of(health::for_reader(self.diagnosis.verdict, false));
        self.client_version = true;
        self
    }
}
