//! `/projects/{key}/health`: the diagnosis as a page — the verdict sentence on top, then the
//! product side and the delivery side next to each other, each signal with its severity,
//! value against threshold, explanation, evidence links and next step, and the weekly trend.
//! Staff only, like the API (ADR 0006). Also the one verdict line the overview shows.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::SignedIn;
use super::page;
use crate::diagnosis::{self, Diagnosis};
use crate::people::internal_project;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use tandem_core::access::ProjectAction;
use tandem_core::health::{Evidence, Severity, Side, Signal, SignalId};
use tandem_store::{HealthSnapshot, Project};

/// Weeks the trend shows at most.
const TREND_WEEKS: usize = 12;

/// The verdict as one line: its label, badge class and sentence.
pub struct VerdictLine {
    pub label: &'static str,
    pub class: &'static str,
    pub sentence: String,
}

impl VerdictLine {
    /// The line of a diagnosis.
    pub fn of(diagnosis: &Diagnosis) -> Self {
        Self {
            label: diagnosis.verdict.severity.label(),
            class: badge_class(diagnosis.verdict.severity),
            sentence: diagnosis.verdict.sentence.clone(),
        }
    }
}

/// A record behind a signal, linked to its page when it has one.
pub struct EvidenceLink {
    pub label: String,
    pub href: Option<String>,
}

/// One signal as the page shows it.
pub struct SignalRow {
    pub id: String,
    pub title: &'static str,
    pub label: &'static str,
    pub class: &'static str,
    pub raised: bool,
    pub value: String,
    pub threshold: String,
    pub explanation: String,
    pub evidence: Vec<EvidenceLink>,
    pub action: String,
    pub owner: &'static str,
}

/// One side's column.
pub struct SideColumn {
    pub side: &'static str,
    pub title: &'static str,
    pub owner: &'static str,
    pub points: u32,
    pub raised: usize,
    pub signals: Vec<SignalRow>,
}

/// One week of the trend.
pub struct TrendWeek {
    pub week: String,
    pub label: &'static str,
    pub class: &'static str,
    pub sentence: String,
    /// Bar geometry in the SVG: x, y and height.
    pub x: usize,
    pub y: usize,
    pub height: usize,
    pub fill: &'static str,
}

#[derive(Template)]
#[template(path = "pages/project_health.html")]
struct HealthPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    today: String,
    verdict: VerdictLine,
    columns: Vec<SideColumn>,
    trend: Vec<TrendWeek>,
    trend_width: usize,
}

/// `GET /projects/{key}/health`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let visible =
        internal_project(&state, &user, &key, ProjectAction::ViewInternal, "project").await?;
    let project = visible.project;
    let diagnosis =
        diagnosis::diagnose(&state, &project, crate::clock::today(&state.store).await?).await?;
    let history = diagnosis::history(&state, &project).await?;
    let trend = trend(&history);
    let columns = Side::ALL
        .iter()
        .map(|side| column(*side, &diagnosis, &project))
        .collect();
    let page = HealthPage {
        chrome: Chrome::signed_in(&user, Section::Projects),
        tabs: chrome::project_tabs(&project.key, "/health"),
        verdict: VerdictLine::of(&diagnosis),
        today: diagnosis.today,
        columns,
        trend_width: trend.len() * BAR_STEP,
        trend,
        key: project.key,
        name: project.name,
    };
    Ok(page::render(&page))
}

fn column(side: Side, diagnosis: &Diagnosis, project: &Project) -> SideColumn {
    let signals: Vec<SignalRow> = diagnosis
        .verdict
        .signals
        .iter()
        .filter(|signal| signal.side == side)
        .map(|signal| row(signal, &project.key))
        .collect();
    let (title, points) = match side {
        Side::Product => ("Product side", diagnosis.verdict.product_points),
        Side::Delivery => ("Delivery side", diagnosis.verdict.delivery_points),
    };
    SideColumn {
        side: side.as_str(),
        title,
        owner: side.owner().label(),
        points,
        raised: signals.iter().filter(|s| s.raised).count(),
        signals,
    }
}

fn row(signal: &Signal, key: &str) -> SignalRow {
    let unit = Unit::of(signal.id);
    SignalRow {
        id: id_text(signal.id),
        title: signal.id.title(),
        label: signal.severity.label(),
        class: badge_class(signal.severity),
        raised: signal.is_raised(),
        value: if signal.explanation.starts_with(diagnosis::NOT_MEASURABLE) {
            "not measured".to_owned()
        } else {
            unit.format(signal.value)
        },
        threshold: unit.format(signal.threshold),
        explanation: signal.explanation.clone(),
        evidence: signal
            .evidence
            .iter()
            .map(|evidence| EvidenceLink {
                label: evidence.label.clone(),
                href: href(evidence, key),
            })
            .collect(),
        action: signal.next_step.action.clone(),
        owner: signal.next_step.owner.label(),
    }
}

/// The stable id of a signal (`mvp_untested_hypotheses`), for anchors and tests.
fn id_text(id: SignalId) -> String {
    serde_json::to_value(id)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The page that shows an evidence record, when there is one.
pub fn href(evidence: &Evidence, key: &str) -> Option<String> {
    let id = super::percent_encode(&evidence.id);
    Some(match evidence.kind.as_str() {
        "item" => format!("/items/{id}"),
        "feature" => format!("/projects/{key}/features/{id}"),
        "hypothesis" => format!("/projects/{key}/hypotheses/{id}"),
        "persona" => format!("/projects/{key}/personas/{id}"),
        "sprint" => format!("/projects/{key}/sprints/{id}"),
        "decision" => format!("/projects/{key}/decisions#decision-{id}"),
        "feedback" => format!("/projects/{key}/feedback#feedback-{id}"),
        "release" => format!("/projects/{key}/releases/{id}"),
        "goal" => format!("/projects/{key}/goals#objective-{id}"),
        "vision" | "vision_revision" => format!("/projects/{key}/vision"),
        "person" => format!("/projects/{key}/team"),
        "budget" => format!("/projects/{key}/budget"),
        "evm" => format!("/projects/{key}/evm"),
        _ => return None,
    })
}

fn badge_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok => "badge-ok",
        Severity::Watch => "badge-caution",
        Severity::AtRisk => "badge-warning",
        Severity::Critical => "badge-critical",
    }
}

/// How a signal's value reads.
#[derive(Clone, Copy)]
enum Unit {
    Share,
    Count,
    Days,
    Index,
    Named,
}

impl Unit {
    fn of(id: SignalId) -> Self {
        use SignalId::*;
        match id {
            NoProductManager | NoProjectManager => Unit::Named,
            VisionBoard
            | MvpUntestedHypotheses
            | MissingAcceptanceCriteria
            | ScopeChurn
            | MustHaveShare
            | ReleaseReadiness
            | OverAllocation
            | BudgetBurn
            | SprintSpillover
            | TimeNotLogged => Unit::Share,
            FeedbackUntriaged | ForecastAfterTarget | CriticalPathSlip => Unit::Days,
            Spi | Cpi => Unit::Index,
            NoPersonas
            | RiskiestAssumptionsUntested
            | DirectionChangeWithoutDecision
            | DecisionsOverdue
            | GoalsWithoutFeatures
            | OverdueMilestones
            | BlockedItems => Unit::Count,
        }
    }

    fn format(self, value: f64) -> String {
        match self {
            Unit::Share => format!("{:.0} %", value * 100.0),
            Unit::Count => format!("{value:.0}"),
            Unit::Days => format!("{value:.0} d"),
            Unit::Index => format!("{value:.2}"),
            Unit::Named if value >= 1.0 => "named".to_owned(),
            Unit::Named => "nobody".to_owned(),
        }
    }
}

/// Horizontal distance between two bars of the trend, in SVG units.
const BAR_STEP: usize = 22;
/// Height of the trend chart.
const CHART_HEIGHT: usize = 48;

/// The last [`TREND_WEEKS`] snapshots, oldest first, as bars whose height grows with severity.
fn trend(history: &[HealthSnapshot]) -> Vec<TrendWeek> {
    let mut weeks: Vec<&HealthSnapshot> = history.iter().take(TREND_WEEKS).collect();
    weeks.reverse();
    weeks
        .into_iter()
        .enumerate()
        .map(|(index, snapshot)| {
            let severity = snapshot
                .verdict
                .get("severity")
                .and_then(|s| serde_json::from_value::<Severity>(s.clone()).ok())
                .unwrap_or(Severity::Ok);
            let height = CHART_HEIGHT * (severity as usize + 1) / 4;
            TrendWeek {
                week: snapshot.week.clone(),
                label: severity.label(),
                class: badge_class(severity),
                sentence: snapshot
                    .verdict
                    .get("sentence")
                    .and_then(|s| s.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                x: index * BAR_STEP + 4,
                y: CHART_HEIGHT - height,
                height,
                fill: match severity {
                    Severity::Ok => "#2f9e5b",
                    Severity::Watch => "#8a63d2",
                    Severity::AtRisk => "#d98a1a",
                    Severity::Critical => "#c0352b",
                },
            }
        })
        .collect()
}
