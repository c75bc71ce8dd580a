//! The overall verdict: the worst severity, which side dominates, and a sentence that names
//! the causes — never just a colour.
//!
//! Ranking puts the planted cause first: by severity, then by the signal's documented weight
//! ([`SignalId::weight`]: root causes before the symptoms they produce), then by how far past
//! its first threshold it is ([`Signal::excess`]). A side dominates when its raised signals
//! weigh more ([`Severity::points`]); on equal weight, the side of the first-ranked signal.

use super::signal::{Severity, Side, Signal};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How many causes the sentence names.
const CAUSES_IN_SENTENCE: usize = 2;

/// The diagnosis of one project.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The worst severity of any signal.
    pub severity: Severity,
    /// The side whose raised signals weigh more (on a tie, the side of the first-ranked
    /// signal); `None` when healthy.
    pub dominant_side: Option<Side>,
    /// Weight of the product side's raised signals.
    pub product_points: u32,
    /// Weight of the delivery side's raised signals.
    pub delivery_points: u32,
    /// "At risk — mainly product: 3 of 4 MVP features rest on untested assumptions; …".
    pub sentence: String,
    /// Every signal, most important first.
    pub signals: Vec<Signal>,
}

/// Orders two signals: the more important first.
pub fn rank(a: &Signal, b: &Signal) -> Ordering {
    b.severity
        .cmp(&a.severity)
        .then_with(|| b.id.weight().cmp(&a.id.weight()))
        .then_with(|| b.excess.total_cmp(&a.excess))
}

impl Verdict {
    /// The verdict on a set of signals.
    pub fn of(mut signals: Vec<Signal>) -> Self {
        signals.sort_by(rank);
        let points = |side: Side| -> u32 {
            signals
                .iter()
                .filter(|signal| signal.side == side)
                .map(|signal| signal.severity.points())
                .sum()
        };
        let (product_points, delivery_points) = (points(Side::Product), points(Side::Delivery));
        let severity = signals
            .first()
            .map_or(Severity::Ok, |signal| signal.severity);
        let dominant_side = match product_points.cmp(&delivery_points) {
            Ordering::Greater => Some(Side::Product),
            Ordering::Less => Some(Side::Delivery),
            Ordering::Equal => signals
                .first()
                .filter(|signal| signal.is_raised())
                .map(|signal| signal.side),
        };
        let sentence = sentence(severity, dominant_side, &signals);
        Self {
            severity,
            dominant_side,
            product_points,
            delivery_points,
            sentence,
            signals,
        }
    }

    /// The raised signals, most important first.
    pub fn raised(&self) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(|signal| signal.is_raised())
    }
}

fn sentence(severity: Severity, dominant: Option<Side>, ranked: &[Signal]) -> String {
    let Some(side) = dominant.filter(|_| severity > Severity::Ok) else {
        return "Healthy — every signal is within its threshold.".to_owned();
    };
    let raised = || ranked.iter().filter(|signal| signal.is_raised());
    let causes: Vec<&str> = raised()
        .filter(|signal| signal.side == side)
        .take(CAUSES_IN_SENTENCE)
        .map(|signal| signal.explanation.as_str())
        .collect();
    let mut text = format!(
        "{} — mainly {side}: {}",
        severity.label(),
        causes.join("; ")
    );
    let mut named = causes.len();
    if let Some(other) = raised().find(|signal| signal.side != side) {
        text.push_str(&format!("; {} also: {}", other.side, other.explanation));
        named += 1;
    }
    let others = raised().count() - named;
    if others > 0 {
        text.push_str(&format!(
            "; and {others} more signal{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::signal::{NextStep, SignalId};
    use crate::health::{Thresholds, delivery, product};
    use crate::roles::ProjectRole;

    fn signal(id: SignalId, severity: Severity, excess: f64, explanation: &str) -> Signal {
        Signal {
            id,
            side: id.side(),
            value: 0.0,
            threshold: 0.0,
            severity,
            explanation: explanation.to_owned(),
            evidence: Vec::new(),
            next_step: NextStep {
                action: "act".into(),
                owner: ProjectRole::ProductManager,
            },
            excess,
        }
    }

    #[test]
    fn healthy_says_so_in_words() {
        let verdict = Verdict::of(vec![
            signal(SignalId::Spi, Severity::Ok, 0.0, "SPI is 1.00"),
            signal(SignalId::ScopeChurn, Severity::Ok, 0.0, "no churn"),
        ]);
        assert_eq!(verdict.severity, Severity::Ok);
        assert_eq!(verdict.dominant_side, None);
        assert_eq!(
            verdict.sentence,
            "Healthy — every signal is within its threshold."
        );
    }

    #[test]
    fn severity_then_weight_then_excess() {
        let verdict = Verdict::of(vec![
            signal(SignalId::TimeNotLogged, Severity::AtRisk, 5.0, "time"),
            signal(SignalId::Spi, Severity::Watch, 9.0, "spi"),
            signal(
                SignalId::MvpUntestedHypotheses,
                Severity::AtRisk,
                0.1,
                "mvp",
            ),
            signal(SignalId::Cpi, Severity::AtRisk, 0.2, "cpi a"),
            signal(SignalId::Cpi, Severity::AtRisk, 0.4, "cpi b"),
        ]);
        let order: Vec<&str> = verdict
            .signals
            .iter()
            .map(|s| s.explanation.as_str())
            .collect();
        assert_eq!(order, ["mvp", "cpi b", "cpi a", "time", "spi"]);
    }

    #[test]
    fn the_dominant_side_and_its_causes_make_the_sentence() {
        let verdict = Verdict::of(vec![
            signal(
                SignalId::MvpUntestedHypotheses,
                Severity::AtRisk,
                2.0,
                "3 of 4 MVP features rest on untested assumptions",
            ),
            signal(SignalId::NoPersonas, Severity::AtRisk, 1.0, "no persona"),
            signal(SignalId::Spi, Severity::Watch, 0.1, "SPI is 0.93"),
        ]);
        assert_eq!(verdict.dominant_side, Some(Side::Product));
        assert_eq!((verdict.product_points, verdict.delivery_points), (6, 1));
        assert_eq!(
            verdict.sentence,
            "At risk — mainly product: 3 of 4 MVP features rest on untested assumptions; no persona; delivery also: SPI is 0.93."
        );
    }

    #[test]
    fn on_equal_weight_the_first_ranked_side_dominates() {
        let verdict = Verdict::of(vec![
            signal(SignalId::Spi, Severity::Watch, 0.1, "spi"),
            signal(SignalId::ScopeChurn, Severity::Watch, 0.2, "churn"),
            signal(SignalId::Cpi, Severity::Ok, 0.0, "cpi"),
            signal(SignalId::TimeNotLogged, Severity::Watch, 0.3, "time"),
            signal(
                SignalId::GoalsWithoutFeatures,
                Severity::Watch,
                0.3,
                "goals",
            ),
        ]);
        assert_eq!(verdict.dominant_side, Some(Side::Product));
        assert_eq!(
            verdict.sentence,
            "Watch — mainly product: churn; goals; delivery also: spi; and 1 more signal."
        );
    }

    /// A project as the numbers a health service would measure, on both sides.
    struct Scenario {
        name: &'static str,
        mvp: product::MvpInput,
        churn: (u32, u32, u32),
        spi: f64,
        cpi: f64,
        peak_load: f64,
        burn: (f64, f64),
        product_manager: Option<&'static str>,
    }

    const HEALTHY: Scenario = Scenario {
        name: "healthy",
        mvp: product::MvpInput {
            mvp_features: 8,
            untested: 1,
            invalidated: 0,
        },
        churn: (20, 1, 0),
        spi: 1.0,
        cpi: 1.02,
        peak_load: 0.9,
        burn: (0.5, 0.5),
        product_manager: Some("Paula"),
    };

    /// A baseline of `baseline` features, `added` of them added since and `removed` dropped.
    fn churn((baseline, added, removed): (u32, u32, u32)) -> product::ScopeChange {
        let (baseline, added, removed) =
            (i64::from(baseline), i64::from(added), i64::from(removed));
        let then: Vec<i64> = (0..baseline).collect();
        let now: Vec<i64> = (removed..baseline + added).collect();
        product::ScopeChange::between(&then, &now)
    }

    fn evaluate(s: &Scenario) -> Verdict {
        let t = Thresholds::default();
        Verdict::of(vec![
            product::no_product_manager(s.product_manager),
            product::mvp_untested_hypotheses(s.mvp, &t, Vec::new()),
            product::scope_churn("\"Plan\" of 2026-11-02", &churn(s.churn), &t, Vec::new()),
            delivery::no_project_manager(Some("Jonas")),
            delivery::spi(Some(s.spi), &t, Vec::new()),
            delivery::cpi(Some(s.cpi), &t, Vec::new()),
            delivery::over_allocation(s.peak_load, u32::from(s.peak_load > 1.0), &t, Vec::new()),
            delivery::budget_burn(s.burn.0, s.burn.1, &t, Vec::new()),
        ])
    }

    #[test]
    fn scenarios_name_the_planted_cause_first_and_on_its_side() {
        let table: [(Scenario, Option<(SignalId, Side)>); 6] = [
            (HEALTHY, None),
            (
                // On time and on budget, but building on invalidated hypotheses.
                Scenario {
                    name: "product: invalidated hypotheses",
                    mvp: product::MvpInput {
                        mvp_features: 8,
                        untested: 2,
                        invalidated: 3,
                    },
                    ..HEALTHY
                },
                Some((SignalId::MvpUntestedHypotheses, Side::Product)),
            ),
            (
                // Clear product, but over-allocation drives cost and schedule down.
                Scenario {
                    name: "delivery: over-allocation",
                    peak_load: 1.6,
                    spi: 0.88,
                    cpi: 0.86,
                    burn: (0.7, 0.55),
                    ..HEALTHY
                },
                Some((SignalId::OverAllocation, Side::Delivery)),
            ),
            (
                Scenario {
                    name: "product: no product manager",
                    product_manager: None,
                    ..HEALTHY
                },
                Some((SignalId::NoProductManager, Side::Product)),
            ),
            (
                // Mixture: heavy churn (product) slows delivery a little.
                Scenario {
                    name: "mixture: churn with a late schedule",
                    churn: (20, 9, 3),
                    spi: 0.93,
                    ..HEALTHY
                },
                Some((SignalId::ScopeChurn, Side::Product)),
            ),
            (
                // Mixture: an invalidated MVP and a budget overrun; both at risk, the root
                // cause (the concept) outranks the symptom (the burn).
                Scenario {
                    name: "mixture: invalid concept and overrun",
                    mvp: product::MvpInput {
                        mvp_features: 8,
                        untested: 0,
                        invalidated: 2,
                    },
                    burn: (0.65, 0.5),
                    ..HEALTHY
                },
                Some((SignalId::MvpUntestedHypotheses, Side::Product)),
            ),
        ];
        for (scenario, planted) in table {
            let verdict = evaluate(&scenario);
            match planted {
                None => assert_eq!(verdict.severity, Severity::Ok, "{}", scenario.name),
                Some((id, side)) => {
                    let first = &verdict.signals[0];
                    assert_eq!(first.id, id, "{}: {}", scenario.name, verdict.sentence);
                    assert_eq!(first.side, side, "{}", scenario.name);
                    assert_eq!(verdict.dominant_side, Some(side), "{}", scenario.name);
                    assert!(
                        verdict.sentence.contains(&first.explanation),
                        "{}",
                        scenario.name
                    );
                }
            }
        }
    }
}
