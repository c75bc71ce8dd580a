//! What an experiment does to its hypothesis. The rules are deliberately simple so a product
//! manager can predict them:
//!
//! - Planning an experiment on an untested hypothesis puts it under test (`testing`).
//! - A *validated* outcome marks the hypothesis validated, an *invalidated* one invalidated;
//!   either way the evidence becomes `strong`, since an experiment result is hard data
//!   (see [`Evidence::Strong`]).
//! - An *inconclusive* outcome keeps the hypothesis under test (`testing`, also when it had
//!   been decided before: the new result reopens the question) and raises its evidence to at
//!   least `weak`: a signal, not proof.
//! - The success criterion is decided before the experiment: once the experiment has started
//!   (its start date is today or earlier) or has a result, it can no longer be changed, so
//!   nobody moves the goalposts after seeing the data.

use super::artefacts::{ExperimentOutcome, HypothesisStatus};
use super::assumptions::Evidence;

/// A hypothesis's status after an experiment on it is planned.
pub fn after_planning(status: HypothesisStatus) -> HypothesisStatus {
    match status {
        HypothesisStatus::Untested => HypothesisStatus::Testing,
        other => other,
    }
}

/// A hypothesis's status and evidence after an experiment on it recorded `outcome`.
pub fn after_outcome(
    evidence: Evidence,
    outcome: ExperimentOutcome,
) -> (HypothesisStatus, Evidence) {
    match outcome {
        ExperimentOutcome::Validated => (HypothesisStatus::Validated, Evidence::Strong),
        ExperimentOutcome::Invalidated => (HypothesisStatus::Invalidated, Evidence::Strong),
        ExperimentOutcome::Inconclusive => {
            (HypothesisStatus::Testing, evidence.max(Evidence::Weak))
        }
    }
}

/// True when the success criterion may no longer change: the experiment has started
/// (`starts_on` ≤ `today`, both `YYYY-MM-DD`) or already has a result or outcome.
pub fn criterion_locked(starts_on: Option<&str>, today: &str, has_result: bool) -> bool {
    has_result || starts_on.is_some_and(|start| start <= today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planning_puts_an_untested_hypothesis_under_test() {
        assert_eq!(
            after_planning(HypothesisStatus::Untested),
            HypothesisStatus::Testing
        );
        assert_eq!(
            after_planning(HypothesisStatus::Validated),
            HypothesisStatus::Validated
        );
    }

    #[test]
    fn outcomes_decide_the_hypothesis() {
        assert_eq!(
            after_outcome(Evidence::None, ExperimentOutcome::Validated),
            (HypothesisStatus::Validated, Evidence::Strong)
        );
        assert_eq!(
            after_outcome(Evidence::Moderate, ExperimentOutcome::Invalidated),
            (HypothesisStatus::Invalidated, Evidence::Strong)
        );
        assert_eq!(
            after_outcome(Evidence::None, ExperimentOutcome::Inconclusive),
            (HypothesisStatus::Testing, Evidence::Weak)
        );
        assert_eq!(
            after_outcome(Evidence::Moderate, ExperimentOutcome::Inconclusive),
            (HypothesisStatus::Testing, Evidence::Moderate)
        );
    }

    #[test]
    fn the_criterion_locks_on_the_start_day_or_with_a_result() {
        assert!(!criterion_locked(None, "2026-03-10", false));
        assert!(!criterion_locked(Some("2026-03-11"), "2026-03-10", false));
        assert!(criterion_locked(Some("2026-03-10"), "2026-03-10", false));
        assert!(criterion_locked(Some("2026-03-01"), "2026-03-10", false));
        assert!(criterion_locked(Some("2026-04-01"), "2026-03-10", true));
    }
}
