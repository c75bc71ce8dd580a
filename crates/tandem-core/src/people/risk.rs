//! Risk register rules: 1–5 ratings, exposure = probability × impact, severity bands and the
//! 5×5 heat map.

use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A probability or impact rating from 1 (very low) to 5 (very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

impl Rating {
    /// Accepts 1 to 5 for `field`.
    pub fn parse(field: &'static str, value: i64) -> Result<Self, ValidationError> {
        match u8::try_from(value) {
            Ok(rating @ 1..=5) => Ok(Self(rating)),
            _ => Err(ValidationError::new(
                field,
                "must be a whole number from 1 to 5",
            )),
        }
    }

    /// The rating as a number.
    pub fn value(self) -> u8 {
        self.0
    }
}

text_enum! {
    /// Where a risk stands.
    RiskStatus, "status" {
        /// Identified, nothing done yet.
        Open = "open",
        /// Mitigation under way.
        Mitigating = "mitigating",
        /// No longer a threat.
        Closed = "closed",
        /// It happened: now an issue to handle.
        Occurred = "occurred",
    }
}

impl RiskStatus {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Mitigating => "Mitigating",
            RiskStatus::Closed => "Closed",
            RiskStatus::Occurred => "Occurred",
        }
    }

    /// True while the risk still threatens the project (counted in the heat map).
    pub fn is_active(self) -> bool {
        matches!(self, RiskStatus::Open | RiskStatus::Mitigating)
    }
}

text_enum! {
    /// Who may read a risk: the agency only, or also the client's contacts.
    Visibility, "visibility" {
        /// Staff only (the default).
        Internal = "internal",
        /// Also shown to the project's client contacts.
        Shared = "shared",
    }
}

text_enum! {
    /// How serious a risk's exposure is, for colours and sorting.
    Severity, "severity" {
        /// Exposure 1–4.
        Low = "low",
        /// Exposure 5–9.
        Medium = "medium",
        /// Exposure 10–16.
        High = "high",
        /// Exposure 20–25.
        Critical = "critical",
    }
}

/// Exposure of a risk: probability × impact, 1 to 25.
pub fn exposure(probability: Rating, impact: Rating) -> u8 {
    probability.0 * impact.0
}

/// The band of an exposure: 1–4 low, 5–9 medium, 10–16 high, 17–25 critical (that is 20 and
/// 25: a likely and severe risk, or a near-certain major one).
pub fn severity(exposure: u8) -> Severity {
    match exposure {
        0..=4 => Severity::Low,
        5..=9 => Severity::Medium,
        10..=16 => Severity::High,
        _ => Severity::Critical,
    }
}

/// Counts per cell of the 5×5 heat map: `cells[impact - 1][probability - 1]`.
pub fn heat_map(ratings: impl IntoIterator<Item = (Rating, Rating)>) -> [[u32; 5]; 5] {
    let mut cells = [[0; 5]; 5];
    for (probability, impact) in ratings {
        cells[usize::from(impact.0 - 1)][usize::from(probability.0 - 1)] += 1;
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(value: i64) -> Rating {
        Rating::parse("rating", value).unwrap()
    }

    #[test]
    fn ratings_are_one_to_five() {
        for bad in [0, 6, -1, 256] {
            assert!(Rating::parse("probability", bad).is_err(), "{bad}");
        }
        assert_eq!(r(3).value(), 3);
    }

    #[test]
    fn exposure_and_bands() {
        assert_eq!(exposure(r(4), r(5)), 20);
        let cases = [
            (1, Severity::Low),
            (4, Severity::Low),
            (5, Severity::Medium),
            (9, Severity::Medium),
            (10, Severity::High),
            (16, Severity::High),
            (20, Severity::Critical),
            (25, Severity::Critical),
        ];
        for (value, band) in cases {
            assert_eq!(severity(value), band, "{value}");
        }
    }

    #[test]
    fn heat_map_counts_by_impact_then_probability() {
        let cells = heat_map([(r(4), r(5)), (r(4), r(5)), (r(1), r(2))]);
        assert_eq!(cells[4][3], 2);
        assert_eq!(cells[1][0], 1);
        assert_eq!(cells.iter().flatten().sum::<u32>(), 3);
    }
}
