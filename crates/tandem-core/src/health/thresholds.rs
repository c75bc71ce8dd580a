//! The workspace's thresholds for every signal, with documented defaults.
//!
//! Shares are fractions (0.6 = 60 %), days are calendar days, indices are plain ratios. The
//! defaults follow common practice: earned-value indices under 0.95 deserve a look, under 0.9
//! action, under 0.8 escalation; feedback older than two weeks untriaged is a product smell;
//! Must-haves above 60 % of a release's effort leave no room to descope (DSDM's rule).

use super::bands::{Bands, Direction};
use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// Thresholds per signal. Missing fields take their default when read from JSON, so an
/// older stored value keeps working when a signal is added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Share of the vision board's sections filled (lower is worse). Default 1.0 / 0.8 / 0.4.
    pub vision_completeness: Bands,
    /// Days the vision may stay unchanged while scope churns past its watch threshold.
    /// Default 60.
    pub vision_stale_days: f64,
    /// Share of MVP features resting on untested or invalidated hypotheses. Default
    /// 0.25 / 0.5 / 0.75.
    pub mvp_untested_share: Bands,
    /// Riskiest assumptions (high importance, little evidence) still untested. Default 0 / 2 / 4.
    pub riskiest_untested: Bands,
    /// Age in days of the oldest untriaged feedback. Default 14 / 28 / 56.
    pub feedback_untriaged_days: Bands,
    /// Share of features in delivery without acceptance criteria. Default 0 / 0.2 / 0.5.
    pub missing_acceptance_share: Bands,
    /// Features added plus removed since the baseline, as a share of the baseline. Default
    /// 0.1 / 0.25 / 0.5.
    pub scope_churn_share: Bands,
    /// Direction changes without a decision record. Default 0 / 0 / 2 (one is already at risk).
    pub direction_changes_without_decision: Bands,
    /// Share of a release's effort on Must-haves. Default 0.6 / 0.7 / 0.85.
    pub must_have_share: Bands,
    /// Decisions past their due date. Default 0 / 2 / 4.
    pub decisions_overdue: Bands,
    /// Readiness (share of go/no-go criteria met) of a release due within the window (lower is
    /// worse). Default 0.9 / 0.75 / 0.5.
    pub release_readiness: Bands,
    /// How many days before its date a release's readiness starts to count. Default 14.
    pub release_window_days: f64,
    /// Goals with no linked feature. Default 0 / 1 / 3.
    pub goals_without_features: Bands,
    /// Schedule performance index (lower is worse). Default 0.95 / 0.9 / 0.8.
    pub spi: Bands,
    /// Cost performance index (lower is worse). Default 0.95 / 0.9 / 0.8.
    pub cpi: Bands,
    /// Days the P85 forecast lies after the target date. Default 0 / 10 / 30.
    pub forecast_late_days: Bands,
    /// Working days the critical path finishes later than in the baseline. Default 0 / 5 / 15.
    pub critical_path_slip_days: Bands,
    /// Milestones past their date and not done. Default 0 / 1 / 3.
    pub overdue_milestones: Bands,
    /// Items blocked longer than `blocked_days`. Default 0 / 3 / 10.
    pub blocked_items: Bands,
    /// How long an item may stay blocked before it counts. Default 5.
    pub blocked_days: f64,
    /// Peak load of the most loaded person, as a share of capacity. Default 1.0 / 1.2 / 1.5.
    pub peak_allocation: Bands,
    /// Budget spent minus work done, both as shares (0.1 = ten points ahead). Default
    /// 0.05 / 0.1 / 0.2.
    pub budget_burn_gap: Bands,
    /// Average share of committed work spilling over, last three sprints. Default
    /// 0.15 / 0.25 / 0.4.
    pub sprint_spillover_share: Bands,
    /// Share of expected hours not logged last week. Default 0.2 / 0.4 / 0.6.
    pub time_not_logged_share: Bands,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            vision_completeness: Bands::new(1.0, 0.8, 0.4),
            vision_stale_days: 60.0,
            mvp_untested_share: Bands::new(0.25, 0.5, 0.75),
            riskiest_untested: Bands::new(0.0, 2.0, 4.0),
            feedback_untriaged_days: Bands::new(14.0, 28.0, 56.0),
            missing_acceptance_share: Bands::new(0.0, 0.2, 0.5),
            scope_churn_share: Bands::new(0.1, 0.25, 0.5),
            direction_changes_without_decision: Bands::new(0.0, 0.0, 2.0),
            must_have_share: Bands::new(0.6, 0.7, 0.85),
            decisions_overdue: Bands::new(0.0, 2.0, 4.0),
            release_readiness: Bands::new(0.9, 0.75, 0.5),
            release_window_days: 14.0,
            goals_without_features: Bands::new(0.0, 1.0, 3.0),
            spi: Bands::new(0.95, 0.9, 0.8),
            cpi: Bands::new(0.95, 0.9, 0.8),
            forecast_late_days: Bands::new(0.0, 10.0, 30.0),
            critical_path_slip_days: Bands::new(0.0, 5.0, 15.0),
            overdue_milestones: Bands::new(0.0, 1.0, 3.0),
            blocked_items: Bands::new(0.0, 3.0, 10.0),
            blocked_days: 5.0,
            peak_allocation: Bands::new(1.0, 1.2, 1.5),
            budget_burn_gap: Bands::new(0.05, 0.1, 0.2),
            sprint_spillover_share: Bands::new(0.15, 0.25, 0.4),
            time_not_logged_share: Bands::new(0.2, 0.4, 0.6),
        }
    }
}

/// What unit a threshold is in, for validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A fraction between 0 and 1.
    Share,
    /// A whole number of things.
    Count,
    /// Days (at most ten years).
    Days,
    /// A ratio such as SPI (at most 10).
    Index,
}

impl Thresholds {
    /// Every banded threshold with its field name, direction and unit.
    fn bands(&self) -> [(&'static str, &Bands, Direction, Unit); 21] {
        use Direction::{HigherIsWorse as Up, LowerIsWorse as Down};
        [
            (
                "vision_completeness",
                &self.vision_completeness,
                Down,
                Unit::Share,
            ),
            (
                "mvp_untested_share",
                &self.mvp_untested_share,
                Up,
                Unit::Share,
            ),
            (
                "riskiest_untested",
                &self.riskiest_untested,
                Up,
                Unit::Count,
            ),
            (
                "feedback_untriaged_days",
                &self.feedback_untriaged_days,
                Up,
                Unit::Days,
            ),
            (
                "missing_acceptance_share",
                &self.missing_acceptance_share,
                Up,
                Unit::Share,
            ),
            (
                "scope_churn_share",
                &self.scope_churn_share,
                Up,
                Unit::Index,
            ),
            (
                "direction_changes_without_decision",
                &self.direction_changes_without_decision,
                Up,
                Unit::Count,
            ),
            ("must_have_share", &self.must_have_share, Up, Unit::Share),
            (
                "decisions_overdue",
                &self.decisions_overdue,
                Up,
                Unit::Count,
            ),
            (
                "release_readiness",
                &self.release_readiness,
                Down,
                Unit::Share,
            ),
            (
                "goals_without_features",
                &self.goals_without_features,
                Up,
                Unit::Count,
            ),
            ("spi", &self.spi, Down, Unit::Index),
            ("cpi", &self.cpi, Down, Unit::Index),
            (
                "forecast_late_days",
                &self.forecast_late_days,
                Up,
                Unit::Days,
            ),
            (
                "critical_path_slip_days",
                &self.critical_path_slip_days,
                Up,
                Unit::Days,
            ),
            (
                "overdue_milestones",
                &self.overdue_milestones,
                Up,
                Unit::Count,
            ),
            ("blocked_items", &self.blocked_items, Up, Unit::Count),
            ("peak_allocation", &self.peak_allocation, Up, Unit::Index),
            ("budget_burn_gap", &self.budget_burn_gap, Up, Unit::Share),
            (
                "sprint_spillover_share",
                &self.sprint_spillover_share,
                Up,
                Unit::Share,
            ),
            (
                "time_not_logged_share",
                &self.time_not_logged_share,
                Up,
                Unit::Share,
            ),
        ]
    }

    /// Checks every threshold is sensible: finite, not negative, ordered, shares at most 1,
    /// days at most ten years, counts whole. The error names the first offending field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        for (field, bands, direction, unit) in self.bands() {
            bands
                .check(direction)
                .map_err(|message| ValidationError::new(field, message))?;
            for value in [bands.watch, bands.at_risk, bands.critical] {
                check_unit(field, value, unit)?;
            }
        }
        for (field, days) in [
            ("vision_stale_days", self.vision_stale_days),
            ("release_window_days", self.release_window_days),
            ("blocked_days", self.blocked_days),
        ] {
            if !days.is_finite() || days < 1.0 {
                return Err(ValidationError::new(field, "must be at least one day"));
            }
            check_unit(field, days, Unit::Days)?;
        }
        Ok(())
    }
}

fn check_unit(field: &'static str, value: f64, unit: Unit) -> Result<(), ValidationError> {
    let refused = match unit {
        Unit::Share if value > 1.0 => Some("a share is between 0 and 1 (0.6 means 60 %)"),
        Unit::Days if value > 3650.0 => Some("at most 3650 days"),
        Unit::Days | Unit::Count if value.fract() != 0.0 => Some("must be a whole number"),
        Unit::Index if value > 10.0 => Some("at most 10"),
        _ => None,
    };
    refused.map_or(Ok(()), |message| Err(ValidationError::new(field, message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip_through_json() {
        let defaults = Thresholds::default();
        defaults.validate().unwrap();
        let json = serde_json::to_string(&defaults).unwrap();
        assert_eq!(serde_json::from_str::<Thresholds>(&json).unwrap(), defaults);
        // A stored value from before a signal existed keeps the new signal's default.
        let partial: Thresholds = serde_json::from_str(r#"{"blocked_days": 7}"#).unwrap();
        assert_eq!(partial.blocked_days, 7.0);
        assert_eq!(partial.spi, defaults.spi);
    }

    #[test]
    fn nonsense_names_its_field() {
        let negative = Thresholds {
            feedback_untriaged_days: Bands::new(-3.0, 28.0, 56.0),
            ..Thresholds::default()
        };
        assert_eq!(
            negative.validate().unwrap_err().field,
            "feedback_untriaged_days"
        );

        let share = Thresholds {
            must_have_share: Bands::new(60.0, 70.0, 85.0),
            ..Thresholds::default()
        };
        let error = share.validate().unwrap_err();
        assert_eq!(error.field, "must_have_share");
        assert!(error.message.contains("between 0 and 1"));

        let reversed = Thresholds {
            spi: Bands::new(0.8, 0.9, 0.95),
            ..Thresholds::default()
        };
        assert_eq!(reversed.validate().unwrap_err().field, "spi");

        let zero_days = Thresholds {
            blocked_days: 0.0,
            ..Thresholds::default()
        };
        assert_eq!(zero_days.validate().unwrap_err().field, "blocked_days");
    }
}
