//! Generated projects for the health diagnosis suite (issue 6 §4): each one is healthy in
//! every respect except one planted cause (or two, one dominant), so the suite can check that
//! the diagnosis names the planted cause first and puts it on the right side.
//!
//! A [`Scenario`] is a [`Plant`] and a seed. [`generate`] builds the project through the public
//! HTTP API: both managers, a complete vision, personas, validated hypotheses under the MVP,
//! estimated and linked features with acceptance criteria, triaged feedback, decisions taken,
//! estimated items with dependencies and windows that fit the people's capacity, a budget
//! with headroom, and last week's time logged. The seed varies every size and number, so the
//! projects are generated, not hand-written. Then it plants the cause. Only the age of a
//! blockage cannot be written through the API (it is the time the dependency was recorded);
//! that one fact is moved back in the database, see [`build::Project::backdate_blockers`].

mod build;
mod product;
mod report;
mod rng;

pub use build::{Agency, agency, generate};
pub use report::{Outcome, confusion_report};
pub use rng::Rng;

use tandem_core::health::{Side, SignalId};

/// What is wrong with a generated project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plant {
    /// Nothing.
    Healthy,
    /// One cause, planted clearly past its threshold.
    Cause(SignalId),
    /// Two causes: `dominant` planted strongly, `secondary` (other side) mildly.
    Mixture {
        dominant: SignalId,
        secondary: SignalId,
    },
}

/// How hard a cause is planted: strongly enough to put the project at risk, or mildly, just
/// past the first threshold (a secondary cause of a mixture).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Mild,
}

/// The causes the suite plants alone (issue 6 §4 and the scenario brief).
pub const CAUSES: [SignalId; 24] = [
    SignalId::MvpUntestedHypotheses,
    SignalId::NoProductManager,
    SignalId::VisionBoard,
    SignalId::NoPersonas,
    SignalId::RiskiestAssumptionsUntested,
    SignalId::FeedbackUntriaged,
    SignalId::MissingAcceptanceCriteria,
    SignalId::DirectionChangeWithoutDecision,
    SignalId::MustHaveShare,
    SignalId::DecisionsOverdue,
    SignalId::ReleaseReadiness,
    SignalId::GoalsWithoutFeatures,
    SignalId::ScopeChurn,
    SignalId::NoProjectManager,
    SignalId::ForecastAfterTarget,
    SignalId::OverAllocation,
    SignalId::BlockedItems,
    SignalId::TimeNotLogged,
    SignalId::OverdueMilestones,
    SignalId::Spi,
    SignalId::CriticalPathSlip,
    SignalId::SprintSpillover,
    SignalId::BudgetBurn,
    SignalId::Cpi,
];

/// Mixtures: a dominant cause planted strongly and a cause of the other side planted mildly.
pub const MIXTURES: [(SignalId, SignalId); 9] = [
    (SignalId::MvpUntestedHypotheses, SignalId::TimeNotLogged),
    (SignalId::NoProductManager, SignalId::ForecastAfterTarget),
    (SignalId::OverAllocation, SignalId::MustHaveShare),
    (SignalId::NoProjectManager, SignalId::NoPersonas),
    (SignalId::DecisionsOverdue, SignalId::OverdueMilestones),
    (SignalId::BlockedItems, SignalId::DecisionsOverdue),
    (
        SignalId::ForecastAfterTarget,
        SignalId::RiskiestAssumptionsUntested,
    ),
    (SignalId::TimeNotLogged, SignalId::VisionBoard),
    (SignalId::ReleaseReadiness, SignalId::OverdueMilestones),
];

/// One generated project: what is planted and the seed that sizes everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    pub plant: Plant,
    pub seed: u64,
}

impl Scenario {
    /// The cause the diagnosis should rank first (`None` when healthy).
    pub fn expected(&self) -> Option<SignalId> {
        match self.plant {
            Plant::Healthy => None,
            Plant::Cause(id) | Plant::Mixture { dominant: id, .. } => Some(id),
        }
    }

    /// The side the verdict should say dominates (`None` when healthy).
    pub fn expected_side(&self) -> Option<Side> {
        self.expected().map(SignalId::side)
    }

    /// Every cause planted, with its strength.
    pub fn planted(&self) -> Vec<(SignalId, Strength)> {
        match self.plant {
            Plant::Healthy => Vec::new(),
            Plant::Cause(id) => vec![(id, Strength::Strong)],
            Plant::Mixture {
                dominant,
                secondary,
            } => vec![(dominant, Strength::Strong), (secondary, Strength::Mild)],
        }
    }

    /// Every signal the diagnosis must raise: the planted causes and the symptoms a cause is
    /// planted with (over-allocation comes with the overtime that overruns the budget, and a
    /// burning budget with spending that earns nothing, so cost performance drops too, but
    /// ranks after its cause).
    pub fn must_raise(&self) -> Vec<SignalId> {
        let mut ids = Vec::new();
        for (id, strength) in self.planted() {
            ids.push(id);
            // Money spent without progress lowers cost performance too.
            let costly = matches!(id, SignalId::OverAllocation | SignalId::BudgetBurn);
            if costly && strength == Strength::Strong {
                ids.push(SignalId::Cpi);
            }
        }
        ids
    }

    /// A row label for the confusion table, e.g. `mvp_untested_hypotheses` or
    /// `mix: no_product_manager + forecast_after_target`.
    pub fn case(&self) -> String {
        match self.plant {
            Plant::Healthy => "healthy".to_owned(),
            Plant::Cause(id) => signal_name(id),
            Plant::Mixture {
                dominant,
                secondary,
            } => format!(
                "mix: {} + {}",
                signal_name(dominant),
                signal_name(secondary)
            ),
        }
    }
}

/// The stable name of a signal, as the API serializes it.
pub fn signal_name(id: SignalId) -> String {
    serde_json::to_value(id)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{id:?}"))
}

/// Every scenario of the suite: healthy, each cause alone and each mixture, `seeds` times
/// each with different seeds.
pub fn catalogue(seeds: u64) -> Vec<Scenario> {
    let plants = std::iter::once(Plant::Healthy)
        .chain(CAUSES.iter().map(|&id| Plant::Cause(id)))
        .chain(
            MIXTURES
                .iter()
                .map(|&(dominant, secondary)| Plant::Mixture {
                    dominant,
                    secondary,
                }),
        );
    plants
        .enumerate()
        .flat_map(|(case, plant)| {
            (0..seeds).map(move |n| Scenario {
                plant,
                seed: 1_000 * (case as u64 + 1) + n * 7919,
            })
        })
        .collect()
}
