//! The product-side signals: one evaluation function per signal, from the plain numbers it
//! needs. Callers (the health service) measure those numbers from stored data; `evidence` are
//! the records behind the numbers (features, hypotheses, feedback, decisions, ...).

use super::bands::{Direction, Grade};
use super::signal::{Evidence, Severity, Signal, SignalId, graded, percent, plural, share};
use super::thresholds::Thresholds;
use crate::roles::ProjectRole;
use std::collections::HashSet;

use Direction::{HigherIsWorse, LowerIsWorse};

/// A grade that is at least `floor` (a rule that overrides the bands, e.g. any invalidated
/// hypothesis under the MVP is at least at risk).
pub(crate) fn at_least(mut grade: Grade, floor: Severity, threshold: f64) -> Grade {
    if grade.severity < floor {
        grade.severity = floor;
        grade.threshold = threshold;
        grade.excess = grade.excess.max(1.0);
    }
    grade
}

/// A role that must be held: critical when nobody holds it.
pub(crate) fn role_coverage(id: SignalId, holder: Option<&str>, role: &str) -> Signal {
    let (value, grade, explanation) = match holder {
        Some(name) => (
            1.0,
            Grade {
                severity: Severity::Ok,
                threshold: 1.0,
                excess: 0.0,
            },
            format!("{name} is the {role}"),
        ),
        None => (
            0.0,
            Grade {
                severity: Severity::Critical,
                threshold: 1.0,
                excess: 1.0,
            },
            format!("Nobody is the {role} of this project"),
        ),
    };
    let mut signal = graded(
        id,
        value,
        grade,
        explanation,
        Vec::new(),
        &format!("Name a {role} on the project's members"),
    );
    // The other manager (or an admin) names the missing one.
    signal.next_step.owner = match id.side() {
        super::Side::Product => ProjectRole::ProjectManager,
        super::Side::Delivery => ProjectRole::ProductManager,
    };
    signal
}

/// Product manager coverage: critical when the project has none.
pub fn no_product_manager(holder: Option<&str>) -> Signal {
    role_coverage(SignalId::NoProductManager, holder, "product manager")
}

/// The vision board as measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisionInput {
    /// Sections with content (purpose, audience, needs, product, business goals).
    pub filled_sections: u32,
    /// Sections the board has.
    pub total_sections: u32,
    /// Days since the vision last changed; `None` when it never was written.
    pub days_since_change: Option<u32>,
    /// Scope churn since the baseline (see [`ScopeChange::share`]); 0 when not measurable.
    pub scope_churn_share: f64,
}

/// Vision board incomplete, or unchanged for long while the scope churns.
pub fn vision_board(
    input: VisionInput,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let completeness = share(input.filled_sections, input.total_sections);
    let mut grade = thresholds
        .vision_completeness
        .grade(completeness, LowerIsWorse);
    let churning = input.scope_churn_share > thresholds.scope_churn_share.watch;
    let stale = input
        .days_since_change
        .filter(|days| f64::from(*days) > thresholds.vision_stale_days && churning);
    let mut explanation = format!(
        "The vision board has {} of {} sections filled ({}; threshold {})",
        input.filled_sections,
        input.total_sections,
        percent(completeness),
        percent(grade.threshold)
    );
    if let Some(days) = stale {
        grade = at_least(grade, Severity::Watch, thresholds.vision_stale_days);
        explanation = format!(
            "The vision has not changed for {days} days while the scope churned {} (threshold {} days)",
            percent(input.scope_churn_share),
            thresholds.vision_stale_days
        );
    }
    graded(
        SignalId::VisionBoard,
        completeness,
        grade,
        explanation,
        evidence,
        "Complete the vision board with the client and check the scope still serves it",
    )
}

/// No personas: the audience is a guess. At risk when there are none (not configurable: one
/// persona is the minimum, more is a judgement call).
pub fn no_personas(personas: u32, evidence: Vec<Evidence>) -> Signal {
    let grade = if personas == 0 {
        Grade {
            severity: Severity::AtRisk,
            threshold: 1.0,
            excess: 1.0,
        }
    } else {
        Grade {
            severity: Severity::Ok,
            threshold: 1.0,
            excess: 0.0,
        }
    };
    graded(
        SignalId::NoPersonas,
        f64::from(personas),
        grade,
        if personas == 0 {
            "The project has no persona: nobody has written down who it is for".to_owned()
        } else {
            format!(
                "The project describes {}",
                plural(personas, "persona", "personas")
            )
        },
        evidence,
        "Write the primary persona from discovery interviews",
    )
}

/// MVP features and the state of the hypotheses they rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MvpInput {
    /// Features in the MVP.
    pub mvp_features: u32,
    /// Of those, resting on at least one untested hypothesis (and none invalidated).
    pub untested: u32,
    /// Of those, resting on at least one invalidated hypothesis.
    pub invalidated: u32,
}

/// MVP features resting on untested or invalidated hypotheses; any invalidated one is at
/// least at risk (the team builds on something known to be false).
pub fn mvp_untested_hypotheses(
    input: MvpInput,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let shaky = input.untested + input.invalidated;
    let value = share(shaky, input.mvp_features);
    let bands = thresholds.mvp_untested_share;
    let mut grade = bands.grade(value, HigherIsWorse);
    if input.invalidated > 0 {
        grade = at_least(grade, Severity::AtRisk, bands.at_risk);
    }
    let mut explanation = format!(
        "{shaky} of {} MVP features rest on untested or invalidated assumptions ({}; threshold {})",
        input.mvp_features,
        percent(value),
        percent(grade.threshold)
    );
    if input.invalidated > 0 {
        explanation.push_str(&format!(
            ", {} on invalidated ones",
            plural(input.invalidated, "feature", "features")
        ));
    }
    graded(
        SignalId::MvpUntestedHypotheses,
        value,
        grade,
        explanation,
        evidence,
        "Test the riskiest hypothesis under the MVP before building more on it",
    )
}

/// The riskiest assumptions (high importance, little evidence) still untested.
pub fn riskiest_assumptions_untested(
    untested: u32,
    riskiest: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .riskiest_untested
        .grade(f64::from(untested), HigherIsWorse);
    graded(
        SignalId::RiskiestAssumptionsUntested,
        f64::from(untested),
        grade,
        format!(
            "{untested} of the {riskiest} riskiest assumptions have no experiment yet (threshold {})",
            grade.threshold
        ),
        evidence,
        "Plan an experiment for the riskiest untested assumption",
    )
}

/// The feedback inbox as measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackInput {
    /// Feedback not yet triaged.
    pub untriaged: u32,
    /// Age in days of the oldest untriaged feedback (`None` when there is none).
    pub oldest_untriaged_days: Option<u32>,
    /// Feedback marked critical that is linked to no feature.
    pub critical_unlinked: u32,
}

/// Feedback untriaged for more than N days, or critical feedback linked to nothing (at least
/// at risk).
pub fn feedback_untriaged(
    input: FeedbackInput,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let days = f64::from(input.oldest_untriaged_days.unwrap_or(0));
    let bands = thresholds.feedback_untriaged_days;
    let mut grade = bands.grade(days, HigherIsWorse);
    let mut explanation = format!(
        "{} untriaged, the oldest {} days old (threshold {} days)",
        plural(
            input.untriaged,
            "piece of feedback is",
            "pieces of feedback are"
        ),
        days,
        grade.threshold
    );
    if input.critical_unlinked > 0 {
        grade = at_least(grade, Severity::AtRisk, bands.at_risk);
        explanation.push_str(&format!(
            "; {} linked to no feature",
            plural(
                input.critical_unlinked,
                "critical one is",
                "critical ones are"
            )
        ));
    }
    graded(
        SignalId::FeedbackUntriaged,
        days,
        grade,
        explanation,
        evidence,
        "Triage the feedback inbox and link critical feedback to features",
    )
}

/// Features in delivery without acceptance criteria.
pub fn missing_acceptance_criteria(
    without: u32,
    in_delivery: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let value = share(without, in_delivery);
    let grade = thresholds
        .missing_acceptance_share
        .grade(value, HigherIsWorse);
    graded(
        SignalId::MissingAcceptanceCriteria,
        value,
        grade,
        format!(
            "{without} of {in_delivery} features in delivery have no acceptance criteria ({}; threshold {})",
            percent(value),
            percent(grade.threshold)
        ),
        evidence,
        "Write acceptance criteria before the team starts on these features",
    )
}

/// How the feature scope changed since a baseline, by feature id: added are in scope now but
/// were not then, removed were in scope then but are not now (rejected or deleted since).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeChange {
    /// Features in scope when the baseline was saved.
    pub baseline: u32,
    /// Added since, in the order of the current scope.
    pub added: Vec<i64>,
    /// Removed since, in the order of the baseline's scope.
    pub removed: Vec<i64>,
}

impl ScopeChange {
    /// The change from the scope `then` (the baseline's feature ids) to the scope `now`.
    pub fn between(then: &[i64], now: &[i64]) -> Self {
        let before: HashSet<i64> = then.iter().copied().collect();
        let after: HashSet<i64> = now.iter().copied().collect();
        Self {
            baseline: before.len() as u32,
            added: now
                .iter()
                .copied()
                .filter(|id| !before.contains(id))
                .collect(),
            removed: then
                .iter()
                .copied()
                .filter(|id| !after.contains(id))
                .collect(),
        }
    }

    /// Features added plus removed, as a share of the baseline's scope. An empty baseline
    /// counts as one feature, so adding features to it still registers as churn instead of
    /// dividing by zero.
    pub fn share(&self) -> f64 {
        share(self.changed(), self.baseline.max(1))
    }

    /// Features added plus removed.
    fn changed(&self) -> u32 {
        (self.added.len() + self.removed.len()) as u32
    }
}

/// Scope churn since the baseline `baseline` (how a person names it, e.g. `"Plan v1" of
/// 2026-11-02`): a scope that keeps moving means the product side has not settled what to
/// build, whatever the schedule says.
pub fn scope_churn(
    baseline: &str,
    change: &ScopeChange,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let value = change.share();
    let grade = thresholds.scope_churn_share.grade(value, HigherIsWorse);
    let (added, removed) = (change.added.len(), change.removed.len());
    let what = if change.baseline == 0 {
        format!("Baseline {baseline} held no feature; {added} added since")
    } else {
        format!(
            "{} of {} features changed since baseline {baseline}: {added} added, {removed} removed",
            change.changed(),
            change.baseline
        )
    };
    graded(
        SignalId::ScopeChurn,
        value,
        grade,
        format!(
            "{what} ({} churn; threshold {})",
            percent(value),
            percent(grade.threshold)
        ),
        evidence,
        "Re-baseline the scope in a recorded decision, or stop adding features",
    )
}

/// Direction changes (scope, audience, goal) that have no decision record.
pub fn direction_change_without_decision(
    count: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .direction_changes_without_decision
        .grade(f64::from(count), HigherIsWorse);
    graded(
        SignalId::DirectionChangeWithoutDecision,
        f64::from(count),
        grade,
        format!(
            "{} without a decision record (threshold {})",
            plural(
                count,
                "direction change happened",
                "direction changes happened"
            ),
            grade.threshold
        ),
        evidence,
        "Record each direction change as a decision with its rationale and consequences",
    )
}

/// Must-haves' share of a release's effort (DSDM: at most 60 %).
pub fn must_have_share(
    release: &str,
    must_effort: f64,
    total_effort: f64,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let value = if total_effort > 0.0 {
        must_effort / total_effort
    } else {
        0.0
    };
    let grade = thresholds.must_have_share.grade(value, HigherIsWorse);
    graded(
        SignalId::MustHaveShare,
        value,
        grade,
        format!(
            "Must-haves take {} of the effort of {release} ({must_effort} of {total_effort} points; threshold {})",
            percent(value),
            percent(grade.threshold)
        ),
        evidence,
        "Move features to Should or Could so the release keeps room to descope",
    )
}

/// Decisions past their due date.
pub fn decisions_overdue(
    count: u32,
    oldest_days_overdue: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .decisions_overdue
        .grade(f64::from(count), HigherIsWorse);
    let explanation = if count == 0 {
        "No decision is past its due date".to_owned()
    } else {
        format!(
            "{} past due, the oldest by {oldest_days_overdue} days (threshold {})",
            plural(count, "decision is", "decisions are"),
            grade.threshold
        )
    };
    graded(
        SignalId::DecisionsOverdue,
        f64::from(count),
        grade,
        explanation,
        evidence,
        "Take the overdue decisions or give them a new date with a reason",
    )
}

/// The next release and its readiness.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseInput {
    /// Its name.
    pub name: String,
    /// Days until its date (negative when the date passed and it has not shipped).
    pub days_until: i64,
    /// Share of its go/no-go criteria met.
    pub readiness: f64,
}

/// A release near its date (within the window) with readiness gaps.
pub fn release_readiness(
    next: Option<&ReleaseInput>,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let action = "Close the readiness gaps or decide now to delay or descope the release";
    let Some(release) = next else {
        let grade = thresholds.release_readiness.grade(1.0, LowerIsWorse);
        return graded(
            SignalId::ReleaseReadiness,
            1.0,
            grade,
            "No release is planned".to_owned(),
            evidence,
            action,
        );
    };
    let near = (release.days_until as f64) <= thresholds.release_window_days;
    let measured = if near { release.readiness } else { 1.0 };
    let grade = thresholds.release_readiness.grade(measured, LowerIsWorse);
    let explanation = if near {
        format!(
            "{} is due in {} days and {} ready (threshold {})",
            release.name,
            release.days_until,
            percent(release.readiness),
            percent(grade.threshold)
        )
    } else {
        format!(
            "{} is due in {} days, outside the {}-day readiness window",
            release.name, release.days_until, thresholds.release_window_days
        )
    };
    graded(
        SignalId::ReleaseReadiness,
        release.readiness,
        grade,
        explanation,
        evidence,
        action,
    )
}

/// Goals with no linked feature: work nobody does, or goals nobody pursues.
pub fn goals_without_features(
    without: u32,
    goals: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .goals_without_features
        .grade(f64::from(without), HigherIsWorse);
    graded(
        SignalId::GoalsWithoutFeatures,
        f64::from(without),
        grade,
        format!(
            "{without} of {goals} goals have no linked feature (threshold {})",
            grade.threshold
        ),
        evidence,
        "Link features to each goal, or drop the goal in a recorded decision",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Thresholds {
        Thresholds::default()
    }

    #[test]
    fn mvp_on_untested_assumptions_explains_itself_with_the_numbers() {
        let input = MvpInput {
            mvp_features: 4,
            untested: 3,
            invalidated: 0,
        };
        let signal = mvp_untested_hypotheses(input, &defaults(), Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert_eq!(signal.side, super::super::Side::Product);
        assert_eq!(signal.value, 0.75);
        assert_eq!(
            signal.explanation,
            "3 of 4 MVP features rest on untested or invalidated assumptions (75 %; threshold 50 %)"
        );
        assert_eq!(signal.next_step.owner, ProjectRole::ProductManager);
    }

    #[test]
    fn one_invalidated_hypothesis_is_at_least_at_risk() {
        let input = MvpInput {
            mvp_features: 10,
            untested: 0,
            invalidated: 1,
        };
        let signal = mvp_untested_hypotheses(input, &defaults(), Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert!(signal.explanation.contains("1 feature on invalidated ones"));
    }

    #[test]
    fn a_missing_product_manager_is_critical_and_the_other_manager_acts() {
        let signal = no_product_manager(None);
        assert_eq!(signal.severity, Severity::Critical);
        assert_eq!(signal.next_step.owner, ProjectRole::ProjectManager);
        assert_eq!(no_product_manager(Some("Paula")).severity, Severity::Ok);
    }

    #[test]
    fn feedback_older_than_fourteen_days_or_critical_and_unlinked() {
        let fresh = FeedbackInput {
            untriaged: 2,
            oldest_untriaged_days: Some(10),
            critical_unlinked: 0,
        };
        assert_eq!(
            feedback_untriaged(fresh, &defaults(), Vec::new()).severity,
            Severity::Ok
        );
        let old = FeedbackInput {
            oldest_untriaged_days: Some(20),
            ..fresh
        };
        assert_eq!(
            feedback_untriaged(old, &defaults(), Vec::new()).severity,
            Severity::Watch
        );
        let critical = FeedbackInput {
            critical_unlinked: 1,
            ..fresh
        };
        let signal = feedback_untriaged(critical, &defaults(), Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert!(
            signal
                .explanation
                .contains("1 critical one is linked to no feature")
        );
    }

    #[test]
    fn must_haves_over_sixty_percent() {
        let ok = must_have_share("R1", 60.0, 100.0, &defaults(), Vec::new());
        assert_eq!(ok.severity, Severity::Ok);
        let heavy = must_have_share("R1", 80.0, 100.0, &defaults(), Vec::new());
        assert_eq!(heavy.severity, Severity::AtRisk);
        assert!(
            heavy
                .explanation
                .starts_with("Must-haves take 80 % of the effort of R1")
        );
    }

    #[test]
    fn a_release_outside_the_window_is_not_judged_on_readiness() {
        let far = ReleaseInput {
            name: "R2".into(),
            days_until: 40,
            readiness: 0.2,
        };
        assert_eq!(
            release_readiness(Some(&far), &defaults(), Vec::new()).severity,
            Severity::Ok
        );
        let near = ReleaseInput {
            days_until: 5,
            ..far
        };
        let signal = release_readiness(Some(&near), &defaults(), Vec::new());
        assert_eq!(signal.severity, Severity::Critical);
        assert_eq!(
            signal.explanation,
            "R2 is due in 5 days and 20 % ready (threshold 50 %)"
        );
    }

    #[test]
    fn a_stale_vision_while_scope_churns_is_watched() {
        let input = VisionInput {
            filled_sections: 5,
            total_sections: 5,
            days_since_change: Some(90),
            scope_churn_share: 0.3,
        };
        let signal = vision_board(input, &defaults(), Vec::new());
        assert_eq!(signal.severity, Severity::Watch);
        assert!(signal.explanation.contains("90 days"));
        let calm = VisionInput {
            scope_churn_share: 0.0,
            ..input
        };
        assert_eq!(
            vision_board(calm, &defaults(), Vec::new()).severity,
            Severity::Ok
        );
        let empty = VisionInput {
            filled_sections: 1,
            ..calm
        };
        assert_eq!(
            vision_board(empty, &defaults(), Vec::new()).severity,
            Severity::Critical
        );
    }

    #[test]
    fn other_product_signals_grade_their_counts() {
        let t = defaults();
        assert_eq!(no_personas(0, Vec::new()).severity, Severity::AtRisk);
        assert_eq!(no_personas(2, Vec::new()).severity, Severity::Ok);
        assert_eq!(
            riskiest_assumptions_untested(3, 5, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            missing_acceptance_criteria(1, 10, &t, Vec::new()).severity,
            Severity::Watch
        );
        assert_eq!(
            direction_change_without_decision(1, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            decisions_overdue(0, 0, &t, Vec::new()).severity,
            Severity::Ok
        );
        assert_eq!(
            decisions_overdue(3, 9, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            goals_without_features(1, 4, &t, Vec::new()).severity,
            Severity::Watch
        );
    }

    #[test]
    fn scope_change_counts_added_and_removed_features() {
        let change = ScopeChange::between(&[1, 2, 3, 4], &[5, 2, 4, 6]);
        assert_eq!(change.baseline, 4);
        assert_eq!(change.added, [5, 6]);
        assert_eq!(change.removed, [1, 3]);
        assert_eq!(change.share(), 1.0);
        let same = ScopeChange::between(&[1, 2], &[2, 1]);
        assert_eq!(same.share(), 0.0);
        assert!(same.added.is_empty() && same.removed.is_empty());
        // An empty baseline counts as one feature: three added are 300 %.
        assert_eq!(ScopeChange::between(&[], &[7, 8, 9]).share(), 3.0);
        assert_eq!(ScopeChange::between(&[], &[]).share(), 0.0);
    }

    #[test]
    fn scope_churn_explains_itself_with_the_numbers() {
        let t = defaults();
        let then: Vec<i64> = (1..=20).collect();
        let now: Vec<i64> = (2..=23).collect();
        let signal = scope_churn(
            "\"Plan v1\" of 2026-11-02",
            &ScopeChange::between(&then, &now),
            &t,
            Vec::new(),
        );
        assert_eq!(signal.value, 0.2);
        assert_eq!(signal.severity, Severity::Watch);
        assert_eq!(
            signal.explanation,
            "4 of 20 features changed since baseline \"Plan v1\" of 2026-11-02: 3 added, 1 removed \
             (20 % churn; threshold 10 %)"
        );
        assert_eq!(signal.next_step.owner, ProjectRole::ProductManager);
        let heavy = ScopeChange::between(&then, &(7..=28).collect::<Vec<_>>());
        assert_eq!(
            scope_churn("X", &heavy, &t, Vec::new()).severity,
            Severity::Critical,
            "6 removed and 8 added of 20 is 70 %"
        );
        let calm = ScopeChange::between(&then, &then);
        assert_eq!(
            scope_churn("X", &calm, &t, Vec::new()).severity,
            Severity::Ok
        );
        let empty = scope_churn(
            "\"Kick-off\" of 2026-11-02",
            &ScopeChange::between(&[], &[1, 2]),
            &t,
            Vec::new(),
        );
        assert_eq!(empty.severity, Severity::Critical);
        assert_eq!(
            empty.explanation,
            "Baseline \"Kick-off\" of 2026-11-02 held no feature; 2 added since (200 % churn; threshold 50 %)"
        );
    }
}
