//! Release readiness of a feature: all acceptance criteria met, every linked work item done,
//! and no open bug marked blocking. Each part is reported, so "not ready" says why.

use serde::Serialize;

/// The facts readiness is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadinessInput {
    /// Acceptance criteria checked off.
    pub criteria_met: u32,
    /// Acceptance criteria in total.
    pub criteria_total: u32,
    /// Linked work items that are done.
    pub items_done: u32,
    /// Linked work items in total.
    pub items_total: u32,
    /// Open bugs marked blocking, linked to the feature.
    pub open_blocking_bugs: u32,
}

/// Readiness with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// All three conditions hold.
    pub ready: bool,
    /// All criteria met (false when there are none: a feature without criteria is not ready).
    pub criteria_met: bool,
    /// All linked items done (true when none are linked).
    pub items_done: bool,
    /// No open blocking bug.
    pub no_blocking_bugs: bool,
    /// Share of the three conditions that hold, 0–1, for progress bars.
    pub score: f64,
    /// Human-readable gaps, e.g. "2 of 5 acceptance criteria open".
    pub gaps: Vec<String>,
}

/// Computes readiness.
pub fn readiness(input: ReadinessInput) -> Readiness {
    let criteria_met = input.criteria_total > 0 && input.criteria_met >= input.criteria_total;
    let items_done = input.items_done >= input.items_total;
    let no_blocking_bugs = input.open_blocking_bugs == 0;
    let mut gaps = Vec::new();
    if input.criteria_total == 0 {
        gaps.push("no acceptance criteria written".to_owned());
    } else if !criteria_met {
        let open = input.criteria_total - input.criteria_met.min(input.criteria_total);
        gaps.push(format!(
            "{open} of {} acceptance criteria open",
            input.criteria_total
        ));
    }
    if !items_done {
        let open = input.items_total - input.items_done;
        gaps.push(format!(
            "{open} of {} linked work items not done",
            input.items_total
        ));
    }
    if !no_blocking_bugs {
        gaps.push(format!("{} open blocking bug(s)", input.open_blocking_bugs));
    }
    let held = [criteria_met, items_done, no_blocking_bugs]
        .iter()
        .filter(|&&c| c)
        .count();
    Readiness {
        ready: held == 3,
        criteria_met,
        items_done,
        no_blocking_bugs,
        score: held as f64 / 3.0,
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_when_all_three_hold() {
        let ready = readiness(ReadinessInput {
            criteria_met: 3,
            criteria_total: 3,
            items_done: 4,
            items_total: 4,
            open_blocking_bugs: 0,
        });
        assert!(ready.ready);
        assert!(ready.gaps.is_empty());
        let gaps = readiness(ReadinessInput {
            criteria_met: 3,
            criteria_total: 5,
            items_done: 1,
            items_total: 4,
            open_blocking_bugs: 1,
        });
        assert!(!gaps.ready);
        assert_eq!(gaps.score, 0.0);
        assert_eq!(
            gaps.gaps,
            vec![
                "2 of 5 acceptance criteria open",
                "3 of 4 linked work items not done",
                "1 open blocking bug(s)"
            ]
        );
        let none = readiness(ReadinessInput::default());
        assert!(!none.ready);
        assert!((none.score - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(none.gaps, vec!["no acceptance criteria written"]);
    }
}
