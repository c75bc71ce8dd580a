//! What one signal says: its measured value, the threshold it crossed, its severity and side,
//! a sentence with the numbers, the evidence behind it and who should act next.

use crate::roles::ProjectRole;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The half of the project a signal (or a responsibility) belongs to.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Why and what: purpose, audience, concept, scope, feedback, go/no-go.
    Product,
    /// When, who and how much: plan, deadlines, people, budget.
    Delivery,
}

impl Side {
    /// Both sides, product first (the order the UI shows them in).
    pub const ALL: [Side; 2] = [Side::Product, Side::Delivery];

    /// The stable text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Product => "product",
            Side::Delivery => "delivery",
        }
    }

    /// Parses the stable text form.
    pub fn parse(raw: &str) -> Result<Self, crate::ValidationError> {
        match raw.trim() {
            "product" => Ok(Side::Product),
            "delivery" => Ok(Side::Delivery),
            other => Err(crate::ValidationError::new(
                "side",
                format!("'{other}' is not one of: product, delivery"),
            )),
        }
    }

    /// The manager role that owns this side.
    pub fn owner(self) -> ProjectRole {
        match self {
            Side::Product => ProjectRole::ProductManager,
            Side::Delivery => ProjectRole::ProjectManager,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a signal is. Ordered: `Ok < Watch < AtRisk < Critical`.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Within its threshold.
    Ok,
    /// Past the first threshold: keep an eye on it.
    Watch,
    /// Past the second threshold: act this week.
    AtRisk,
    /// Past the last threshold: the project fails unless someone acts now.
    Critical,
}

impl Severity {
    /// The label a person reads ("At risk").
    pub fn label(self) -> &'static str {
        match self {
            Severity::Ok => "Healthy",
            Severity::Watch => "Watch",
            Severity::AtRisk => "At risk",
            Severity::Critical => "Critical",
        }
    }

    /// The stable text form (`at_risk`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Watch => "watch",
            Severity::AtRisk => "at_risk",
            Severity::Critical => "critical",
        }
    }

    /// Points a signal of this severity adds to its side when the verdict weighs the sides:
    /// each step counts three times the one below, so one critical signal outweighs two at-risk
    /// ones.
    pub fn points(self) -> u32 {
        match self {
            Severity::Ok => 0,
            Severity::Watch => 1,
            Severity::AtRisk => 3,
            Severity::Critical => 9,
        }
    }
}

/// Every signal the diagnosis knows (issue 6 §3), with its side and ranking weight.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalId {
    // Product side.
    NoProductManager,
    VisionBoard,
    NoPersonas,
    MvpUntestedHypotheses,
    RiskiestAssumptionsUntested,
    FeedbackUntriaged,
    MissingAcceptanceCriteria,
    ScopeChurn,
    DirectionChangeWithoutDecision,
    MustHaveShare,
    DecisionsOverdue,
    ReleaseReadiness,
    GoalsWithoutFeatures,
    // Delivery side.
    NoProjectManager,
    Spi,
    Cpi,
    ForecastAfterTarget,
    CriticalPathSlip,
    OverdueMilestones,
    BlockedItems,
    OverAllocation,
    BudgetBurn,
    SprintSpillover,
    TimeNotLogged,
}

impl SignalId {
    /// Every signal, product side first.
    pub const ALL: [SignalId; 24] = [
        SignalId::NoProductManager,
        SignalId::VisionBoard,
        SignalId::NoPersonas,
        SignalId::MvpUntestedHypotheses,
        SignalId::RiskiestAssumptionsUntested,
        SignalId::FeedbackUntriaged,
        SignalId::MissingAcceptanceCriteria,
        SignalId::ScopeChurn,
        SignalId::DirectionChangeWithoutDecision,
        SignalId::MustHaveShare,
        SignalId::DecisionsOverdue,
        SignalId::ReleaseReadiness,
        SignalId::GoalsWithoutFeatures,
        SignalId::NoProjectManager,
        SignalId::Spi,
        SignalId::Cpi,
        SignalId::ForecastAfterTarget,
        SignalId::CriticalPathSlip,
        SignalId::OverdueMilestones,
        SignalId::BlockedItems,
        SignalId::OverAllocation,
        SignalId::BudgetBurn,
        SignalId::SprintSpillover,
        SignalId::TimeNotLogged,
    ];

    /// The side the signal is attributed to.
    pub fn side(self) -> Side {
        use SignalId::*;
        match self {
            NoProductManager
            | VisionBoard
            | NoPersonas
            | MvpUntestedHypotheses
            | RiskiestAssumptionsUntested
            | FeedbackUntriaged
            | MissingAcceptanceCriteria
            | ScopeChurn
            | DirectionChangeWithoutDecision
            | MustHaveShare
            | DecisionsOverdue
            | ReleaseReadiness
            | GoalsWithoutFeatures => Side::Product,
            NoProjectManager | Spi | Cpi | ForecastAfterTarget | CriticalPathSlip
            | OverdueMilestones | BlockedItems | OverAllocation | BudgetBurn | SprintSpillover
            | TimeNotLogged => Side::Delivery,
        }
    }

    /// How strongly the signal points at a root cause rather than a symptom, 1–100. It breaks
    /// ties between signals of the same severity, so the cause is named before its effects:
    /// a missing manager and a concept built on untested or invalidated assumptions come before
    /// the schedule and cost indices they eventually move; the indices come before bookkeeping
    /// signals such as unlogged time.
    pub fn weight(self) -> u32 {
        use SignalId::*;
        match self {
            NoProductManager | NoProjectManager => 100,
            MvpUntestedHypotheses => 90,
            DirectionChangeWithoutDecision => 85,
            OverAllocation => 80,
            CriticalPathSlip => 78,
            RiskiestAssumptionsUntested => 75,
            ScopeChurn => 72,
            ForecastAfterTarget => 70,
            BudgetBurn => 68,
            ReleaseReadiness => 66,
            MustHaveShare => 64,
            Spi => 60,
            Cpi => 58,
            VisionBoard => 55,
            BlockedItems => 52,
            OverdueMilestones => 50,
            DecisionsOverdue => 48,
            FeedbackUntriaged => 45,
            MissingAcceptanceCriteria => 42,
            NoPersonas => 40,
            SprintSpillover => 38,
            GoalsWithoutFeatures => 35,
            TimeNotLogged => 20,
        }
    }

    /// A short title for lists ("MVP on untested assumptions").
    pub fn title(self) -> &'static str {
        use SignalId::*;
        match self {
            NoProductManager => "No product manager",
            VisionBoard => "Vision board",
            NoPersonas => "Personas",
            MvpUntestedHypotheses => "MVP on untested assumptions",
            RiskiestAssumptionsUntested => "Riskiest assumptions untested",
            FeedbackUntriaged => "Feedback triage",
            MissingAcceptanceCriteria => "Acceptance criteria",
            ScopeChurn => "Scope churn",
            DirectionChangeWithoutDecision => "Direction changes without a decision",
            MustHaveShare => "Must-have share",
            DecisionsOverdue => "Decisions past due",
            ReleaseReadiness => "Release readiness",
            GoalsWithoutFeatures => "Goals without features",
            NoProjectManager => "No project manager",
            Spi => "Schedule performance (SPI)",
            Cpi => "Cost performance (CPI)",
            ForecastAfterTarget => "Forecast vs target date",
            CriticalPathSlip => "Critical path slip",
            OverdueMilestones => "Overdue milestones",
            BlockedItems => "Blocked items",
            OverAllocation => "Over-allocated people",
            BudgetBurn => "Budget burn vs progress",
            SprintSpillover => "Sprint spillover",
            TimeNotLogged => "Time logging",
        }
    }
}

/// Something stored that a signal rests on, so a person can open it: a feature, an item, a
/// decision, a release, ...
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What kind of record, e.g. `feature`, `item`, `decision`, `milestone`, `person`.
    pub kind: String,
    /// Its id or key, as its page addresses it.
    pub id: String,
    /// What to show, e.g. the feature's title.
    pub label: String,
}

impl Evidence {
    /// Evidence of `kind` with `id` and `label`.
    pub fn new(kind: &str, id: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            id: id.into(),
            label: label.into(),
        }
    }
}

/// What should happen next, and which role owns it.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    /// An imperative sentence ("Run an experiment on …").
    pub action: String,
    /// The role expected to do it.
    #[cfg_attr(feature = "utoipa", schema(value_type = String, example = "product_manager"))]
    pub owner: ProjectRole,
}

/// One graded signal.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// Which signal.
    pub id: SignalId,
    /// Product or delivery.
    pub side: Side,
    /// What was measured (a ratio, a count or days; the explanation says which).
    pub value: f64,
    /// The threshold it is compared with: the one it crossed, or the first one when it is ok.
    pub threshold: f64,
    /// The grade.
    pub severity: Severity,
    /// One sentence with the numbers.
    pub explanation: String,
    /// The records behind it.
    pub evidence: Vec<Evidence>,
    /// What to do and who does it.
    pub next_step: NextStep,
    /// How far past its first threshold, relative to it (0 when ok); ranks signals of equal
    /// severity and weight.
    pub excess: f64,
}

impl Signal {
    /// True when the signal is past a threshold.
    pub fn is_raised(&self) -> bool {
        self.severity > Severity::Ok
    }
}

/// Builds a signal from a grade: the side comes from the id, the owner of the next step is the
/// manager of that side unless `owner` says otherwise.
pub(crate) fn graded(
    id: SignalId,
    value: f64,
    grade: super::bands::Grade,
    explanation: String,
    evidence: Vec<Evidence>,
    action: &str,
) -> Signal {
    Signal {
        id,
        side: id.side(),
        value,
        threshold: grade.threshold,
        severity: grade.severity,
        explanation,
        evidence,
        next_step: NextStep {
            action: action.to_owned(),
            owner: id.side().owner(),
        },
        excess: grade.excess,
    }
}

/// `part` of `whole` as a rounded percentage, for explanations.
pub(crate) fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// `n thing` or `n things`.
pub(crate) fn plural(count: u32, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("1 {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// `part / whole`, 0 when there is nothing.
pub(crate) fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}
