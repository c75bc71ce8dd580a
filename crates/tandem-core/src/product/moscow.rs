//! DSDM's MoSCoW guard: Must-haves should be at most 60 % of a release's estimated effort, so
//! the Shoulds and Coulds leave room to absorb surprises without missing the date.

use serde::{Deserialize, Serialize};

/// MoSCoW priority of a feature in a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moscow {
    /// Must have: the release is pointless without it.
    Must,
    /// Should have: important, not vital.
    Should,
    /// Could have: nice to have.
    Could,
    /// Won't have this time.
    Wont,
}

/// The Must-have share above which the guard warns.
pub const MUST_SHARE_LIMIT: f64 = 0.6;

/// The Must-have effort and its share of the release's effort (Won'ts excluded).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MustShare {
    /// Effort of the Must-haves.
    pub must_effort: f64,
    /// Effort of everything planned (Must + Should + Could).
    pub total_effort: f64,
    /// must_effort ÷ total_effort, or 0 for an empty release.
    pub share: f64,
    /// True when the share is above [`MUST_SHARE_LIMIT`].
    pub over_limit: bool,
}

/// Computes the guard over (priority, estimated effort) pairs.
pub fn must_share(features: &[(Moscow, f64)]) -> MustShare {
    let planned = features.iter().filter(|(p, _)| *p != Moscow::Wont);
    let total_effort: f64 = planned.clone().map(|(_, e)| e.max(0.0)).sum();
    let must_effort: f64 = planned
        .filter(|(p, _)| *p == Moscow::Must)
        .map(|(_, e)| e.max(0.0))
        .sum();
    let share = if total_effort > 0.0 {
        must_effort / total_effort
    } else {
        0.0
    };
    MustShare {
        must_effort,
        total_effort,
        share,
        over_limit: share > MUST_SHARE_LIMIT + 1e-9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_percent_rule() {
        // Musts 30 of 50 planned days = 60 %: at the limit, no warning. Won'ts do not count.
        let at = must_share(&[
            (Moscow::Must, 30.0),
            (Moscow::Should, 15.0),
            (Moscow::Could, 5.0),
            (Moscow::Wont, 40.0),
        ]);
        assert!((at.share - 0.6).abs() < 1e-9);
        assert!(!at.over_limit);
        // Musts 31 of 50 = 62 %: warn.
        let over = must_share(&[(Moscow::Must, 31.0), (Moscow::Should, 19.0)]);
        assert!(over.over_limit);
        assert_eq!(must_share(&[]).share, 0.0);
    }
}
