//! Feature priority scores: RICE, WSJF and value/effort.

use super::assumptions::Evidence;
use crate::ValidationError;
use serde::Serialize;

/// RICE impact: Intercom's fixed scale, so scores stay comparable across features.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Impact {
    /// 0.25 — minimal.
    Minimal,
    /// 0.5 — low.
    Low,
    /// 1 — medium.
    Medium,
    /// 2 — high.
    High,
    /// 3 — massive.
    Massive,
}

impl Impact {
    /// The multiplier of this impact level.
    pub fn factor(self) -> f64 {
        match self {
            Impact::Minimal => 0.25,
            Impact::Low => 0.5,
            Impact::Medium => 1.0,
            Impact::High => 2.0,
            Impact::Massive => 3.0,
        }
    }

    /// Parses the multiplier as entered (0.25, 0.5, 1, 2 or 3).
    pub fn from_factor(value: f64) -> Result<Self, ValidationError> {
        [
            Impact::Minimal,
            Impact::Low,
            Impact::Medium,
            Impact::High,
            Impact::Massive,
        ]
        .into_iter()
        .find(|impact| (impact.factor() - value).abs() < 1e-9)
        .ok_or_else(|| ValidationError::new("impact", "must be one of 0.25, 0.5, 1, 2, 3"))
    }
}

/// RICE confidence: 50 %, 80 % or 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Confidence {
    /// 50 % — a guess or weak evidence.
    Low,
    /// 80 % — moderate evidence.
    Medium,
    /// 100 % — strong evidence.
    High,
}

impl Confidence {
    /// The confidence as a fraction.
    pub fn fraction(self) -> f64 {
        match self {
            Confidence::Low => 0.5,
            Confidence::Medium => 0.8,
            Confidence::High => 1.0,
        }
    }

    /// Parses a percentage as entered (50, 80 or 100).
    pub fn from_percent(value: u32) -> Result<Self, ValidationError> {
        match value {
            50 => Ok(Confidence::Low),
            80 => Ok(Confidence::Medium),
            100 => Ok(Confidence::High),
            _ => Err(ValidationError::new(
                "confidence",
                "must be 50, 80 or 100 (percent)",
            )),
        }
    }

    /// Confidence earned by evidence rather than guessed: a feature is as certain as its
    /// least-supported hypothesis. Strong → 100 %, moderate → 80 %, weak or none → 50 %;
    /// an invalidated hypothesis also gives 50 %. `None` when no hypothesis is linked.
    pub fn from_hypotheses(evidence: &[(Evidence, bool)]) -> Option<Self> {
        evidence
            .iter()
            .map(|&(evidence, invalidated)| match (evidence, invalidated) {
                (_, true) | (Evidence::None | Evidence::Weak, false) => Confidence::Low,
                (Evidence::Moderate, false) => Confidence::Medium,
                (Evidence::Strong, false) => Confidence::High,
            })
            .min_by(|a, b| a.fraction().total_cmp(&b.fraction()))
    }
}

/// Where a RICE confidence came from, shown next to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceSource {
    /// Entered by the product manager.
    Entered,
    /// Derived from the evidence of the linked hypotheses.
    Hypotheses,
}

/// RICE = reach × impact × confidence ÷ effort. Effort (person-months) must be positive and
/// reach non-negative.
pub fn rice(
    reach: f64,
    impact: Impact,
    confidence: Confidence,
    effort: f64,
) -> Result<f64, ValidationError> {
    if !reach.is_finite() || reach < 0.0 {
        return Err(ValidationError::new("reach", "must be zero or more"));
    }
    if !effort.is_finite() || effort <= 0.0 {
        return Err(ValidationError::new("effort", "must be more than zero"));
    }
    Ok(reach * impact.factor() * confidence.fraction() / effort)
}

/// WSJF = (business value + time criticality + risk reduction) ÷ job size — SAFe's cost of
/// delay over duration. Every input must be positive.
pub fn wsjf(
    business_value: f64,
    time_criticality: f64,
    risk_reduction: f64,
    job_size: f64,
) -> Result<f64, ValidationError> {
    for (field, value) in [
        ("business_value", business_value),
        ("time_criticality", time_criticality),
        ("risk_reduction", risk_reduction),
    ] {
        if !value.is_finite() || value < 0.0 {
            return Err(ValidationError::new(field, "must be zero or more"));
        }
    }
    if !job_size.is_finite() || job_size <= 0.0 {
        return Err(ValidationError::new("job_size", "must be more than zero"));
    }
    Ok((business_value + time_criticality + risk_reduction) / job_size)
}

/// Value ÷ effort, the simplest ranking.
pub fn value_per_effort(value: f64, effort: f64) -> Result<f64, ValidationError> {
    if !value.is_finite() || value < 0.0 {
        return Err(ValidationError::new("value", "must be zero or more"));
    }
    if !effort.is_finite() || effort <= 0.0 {
        return Err(ValidationError::new("effort", "must be more than zero"));
    }
    Ok(value / effort)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rice_hand_worked() {
        // 2,000 customers a quarter × high impact (2) × 80 % ÷ 4 person-months = 800.
        let score = rice(2000.0, Impact::High, Confidence::Medium, 4.0).unwrap();
        assert!((score - 800.0).abs() < 1e-9);
        // 500 × 0.25 × 50 % ÷ 0.5 = 125.
        let score = rice(500.0, Impact::Minimal, Confidence::Low, 0.5).unwrap();
        assert!((score - 125.0).abs() < 1e-9);
        assert!(rice(10.0, Impact::Medium, Confidence::High, 0.0).is_err());
        assert!(Impact::from_factor(1.5).is_err());
        assert_eq!(Impact::from_factor(0.25).unwrap(), Impact::Minimal);
        assert!(Confidence::from_percent(70).is_err());
    }

    #[test]
    fn confidence_follows_the_weakest_hypothesis() {
        use Evidence::{Moderate, Strong, Weak};
        assert_eq!(Confidence::from_hypotheses(&[]), None);
        assert_eq!(
            Confidence::from_hypotheses(&[(Strong, false)]),
            Some(Confidence::High)
        );
        assert_eq!(
            Confidence::from_hypotheses(&[(Strong, false), (Moderate, false)]),
            Some(Confidence::Medium)
        );
        assert_eq!(
            Confidence::from_hypotheses(&[(Strong, false), (Weak, false)]),
            Some(Confidence::Low)
        );
        // Strong evidence that the hypothesis is false does not make the feature certain.
        assert_eq!(
            Confidence::from_hypotheses(&[(Strong, true)]),
            Some(Confidence::Low)
        );
    }

    #[test]
    fn wsjf_hand_worked() {
        // (8 + 5 + 3) ÷ 4 = 4.
        assert!((wsjf(8.0, 5.0, 3.0, 4.0).unwrap() - 4.0).abs() < 1e-9);
        // (13 + 1 + 1) ÷ 20 = 0.75.
        assert!((wsjf(13.0, 1.0, 1.0, 20.0).unwrap() - 0.75).abs() < 1e-9);
        assert_eq!(wsjf(1.0, 1.0, 1.0, 0.0).unwrap_err().field, "job_size");
        assert!((value_per_effort(9.0, 3.0).unwrap() - 3.0).abs() < 1e-9);
    }
}
