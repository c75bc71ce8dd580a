//! Three thresholds that grade a measured value into a [`Severity`].

use super::signal::Severity;
use serde::{Deserialize, Serialize};

/// Which way a value gets worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Counts, days late, shares of bad things: above a threshold is worse.
    HigherIsWorse,
    /// Indices and completeness: below a threshold is worse.
    LowerIsWorse,
}

/// The three thresholds of one signal. A value strictly past `watch` is watch, strictly past
/// `at_risk` at risk, strictly past `critical` critical ("past" is above or below depending on
/// the [`Direction`]). Equal thresholds are allowed (a single direction change without a
/// decision can go straight to at risk).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bands {
    /// First threshold.
    pub watch: f64,
    /// Second threshold.
    pub at_risk: f64,
    /// Last threshold.
    pub critical: f64,
}

/// The outcome of grading a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grade {
    /// The severity reached.
    pub severity: Severity,
    /// The threshold crossed (the watch threshold when none was).
    pub threshold: f64,
    /// How far past the watch threshold, relative to it (0 when ok).
    pub excess: f64,
}

impl Bands {
    /// Bands from three thresholds.
    pub const fn new(watch: f64, at_risk: f64, critical: f64) -> Self {
        Self {
            watch,
            at_risk,
            critical,
        }
    }

    /// Grades `value`.
    pub fn grade(&self, value: f64, direction: Direction) -> Grade {
        let past = |threshold: f64| match direction {
            Direction::HigherIsWorse => value > threshold,
            Direction::LowerIsWorse => value < threshold,
        };
        let (severity, threshold) = if past(self.critical) {
            (Severity::Critical, self.critical)
        } else if past(self.at_risk) {
            (Severity::AtRisk, self.at_risk)
        } else if past(self.watch) {
            (Severity::Watch, self.watch)
        } else {
            (Severity::Ok, self.watch)
        };
        let excess = if severity == Severity::Ok {
            0.0
        } else {
            let distance = match direction {
                Direction::HigherIsWorse => value - self.watch,
                Direction::LowerIsWorse => self.watch - value,
            };
            distance / self.watch.abs().max(1.0)
        };
        Grade {
            severity,
            threshold,
            excess,
        }
    }

    /// Checks the thresholds are finite, not negative and ordered for `direction`; the error
    /// is a sentence naming what is wrong.
    pub fn check(&self, direction: Direction) -> Result<(), String> {
        let all = [self.watch, self.at_risk, self.critical];
        if all.iter().any(|t| !t.is_finite()) {
            return Err("every threshold must be a number".to_owned());
        }
        if all.iter().any(|t| *t < 0.0) {
            return Err("thresholds cannot be negative".to_owned());
        }
        let ordered = match direction {
            Direction::HigherIsWorse => self.watch <= self.at_risk && self.at_risk <= self.critical,
            Direction::LowerIsWorse => self.watch >= self.at_risk && self.at_risk >= self.critical,
        };
        if !ordered {
            return Err(match direction {
                Direction::HigherIsWorse => {
                    "watch ≤ at risk ≤ critical: each threshold must be at least the one before"
                }
                Direction::LowerIsWorse => {
                    "watch ≥ at risk ≥ critical: each threshold must be at most the one before"
                }
            }
            .to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_both_directions_strictly_past_the_threshold() {
        let spi = Bands::new(0.95, 0.9, 0.8);
        assert_eq!(
            spi.grade(0.95, Direction::LowerIsWorse).severity,
            Severity::Ok
        );
        assert_eq!(
            spi.grade(0.94, Direction::LowerIsWorse).severity,
            Severity::Watch
        );
        let at_risk = spi.grade(0.85, Direction::LowerIsWorse);
        assert_eq!(at_risk.severity, Severity::AtRisk);
        assert_eq!(at_risk.threshold, 0.9);
        assert!((at_risk.excess - 0.1).abs() < 1e-9);
        assert_eq!(
            spi.grade(0.7, Direction::LowerIsWorse).severity,
            Severity::Critical
        );

        let days = Bands::new(14.0, 28.0, 56.0);
        assert_eq!(
            days.grade(14.0, Direction::HigherIsWorse).severity,
            Severity::Ok
        );
        let late = days.grade(21.0, Direction::HigherIsWorse);
        assert_eq!(late.severity, Severity::Watch);
        assert!((late.excess - 0.5).abs() < 1e-9);
    }

    #[test]
    fn equal_thresholds_jump_straight_to_the_higher_grade() {
        let bands = Bands::new(0.0, 0.0, 2.0);
        assert_eq!(
            bands.grade(1.0, Direction::HigherIsWorse).severity,
            Severity::AtRisk
        );
        assert_eq!(
            bands.grade(3.0, Direction::HigherIsWorse).severity,
            Severity::Critical
        );
    }

    #[test]
    fn nonsense_is_refused() {
        assert!(
            Bands::new(-1.0, 2.0, 3.0)
                .check(Direction::HigherIsWorse)
                .is_err()
        );
        assert!(
            Bands::new(3.0, 2.0, 1.0)
                .check(Direction::HigherIsWorse)
                .is_err()
        );
        assert!(
            Bands::new(0.95, 0.9, 0.8)
                .check(Direction::LowerIsWorse)
                .is_ok()
        );
        assert!(
            Bands::new(0.8, 0.9, 0.95)
                .check(Direction::LowerIsWorse)
                .is_err()
        );
        assert!(
            Bands::new(f64::NAN, 1.0, 2.0)
                .check(Direction::HigherIsWorse)
                .is_err()
        );
    }
}
