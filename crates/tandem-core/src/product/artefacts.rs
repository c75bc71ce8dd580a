//! The vocabulary of the product cockpit's artefacts: who may see them, what kind of
//! hypothesis or experiment they are, where a feature stands. Stable text forms shared by the
//! database, the API and the CLI.

use super::assumptions::Evidence;
use super::moscow::Moscow;
use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum! {
    /// Who sees an artefact: the agency team only, or also the project's client contacts.
    Visibility, "visibility" {
        /// Only staff (the default: nothing leaks to the client by accident).
        Internal = "internal",
        /// Also the client contacts of the project.
        Shared = "shared",
    }
}

text_enum! {
    /// What a hypothesis is about (the three lenses of product risk).
    HypothesisKind, "kind" {
        /// People want it.
        Desirability = "desirability",
        /// It pays off for the business.
        Viability = "viability",
        /// We can build it.
        Feasibility = "feasibility",
    }
}

text_enum! {
    /// Where a hypothesis stands in its test cycle.
    HypothesisStatus, "status" {
        /// Nothing planned yet.
        Untested = "untested",
        /// An experiment is planned or running.
        Testing = "testing",
        /// An experiment confirmed it.
        Validated = "validated",
        /// An experiment refuted it.
        Invalidated = "invalidated",
    }
}

text_enum! {
    /// How an experiment tests its hypothesis.
    ExperimentMethod, "method" {
        /// Customer or user interviews.
        Interview = "interview",
        /// Users try a clickable prototype.
        PrototypeTest = "prototype_test",
        /// A landing page measures interest before anything is built.
        LandingPage = "landing_page",
        /// Two variants compared on live traffic.
        AbTest = "ab_test",
        /// A time-boxed technical investigation.
        Spike = "spike",
        /// A questionnaire.
        Survey = "survey",
        /// The service delivered by hand before it is automated.
        Concierge = "concierge",
        /// The product faked behind the scenes ("Wizard of Oz").
        WizardOfOz = "wizard_of_oz",
        /// Anything else, described in the result.
        Other = "other",
    }
}

text_enum! {
    /// What an experiment showed, measured against its success criterion.
    ExperimentOutcome, "outcome" {
        /// The criterion was met.
        Validated = "validated",
        /// The criterion was clearly missed.
        Invalidated = "invalidated",
        /// Neither: the signal was too weak to decide.
        Inconclusive = "inconclusive",
    }
}

text_enum! {
    /// A feature's life cycle, from an idea to released (or rejected).
    FeatureStatus, "status" {
        /// Captured, not yet examined.
        Idea = "idea",
        /// Being researched: hypotheses under test.
        Discovery = "discovery",
        /// Worth building: its hypotheses hold.
        Validated = "validated",
        /// Scheduled for delivery.
        Planned = "planned",
        /// Being built.
        InDelivery = "in_delivery",
        /// Built and accepted, waiting for a release.
        Ready = "ready",
        /// In users' hands.
        Released = "released",
        /// Decided against.
        Rejected = "rejected",
    }
}

impl FeatureStatus {
    /// Whether a feature in this status belongs to the project's scope: everything the team
    /// still means to build or has built, from an idea to released. Only a rejected feature is
    /// out (features have no archived or parked state; a deleted one is gone altogether).
    /// Baselines save this scope and the health diagnosis counts the churn against it, so
    /// both read the same rule.
    pub fn in_scope(self) -> bool {
        self != FeatureStatus::Rejected
    }
}

text_enum! {
    /// The roadmap column of a feature: outcome-oriented horizons instead of dates.
    Horizon, "horizon" {
        /// Being worked on now.
        Now = "now",
        /// Up next, once "now" is done.
        Next = "next",
        /// Later: direction, not commitment.
        Later = "later",
    }
}

/// Generates the stable text form of an enum that lives elsewhere in the product rules.
macro_rules! text_forms {
    ($name:ident, $field:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form used in the database, the API and the CLI.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stable text form.
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                match raw {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ValidationError::new(
                        $field,
                        format!("'{raw}' is not one of: {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_forms!(Evidence, "evidence" {
    None = "none",
    Weak = "weak",
    Moderate = "moderate",
    Strong = "strong",
});

text_forms!(Moscow, "moscow" {
    Must = "must",
    Should = "should",
    Could = "could",
    Wont = "wont",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for status in FeatureStatus::ALL {
            assert_eq!(FeatureStatus::parse(status.as_str()).unwrap(), *status);
        }
        for evidence in Evidence::ALL {
            assert_eq!(Evidence::parse(evidence.as_str()).unwrap(), *evidence);
        }
        assert_eq!(Moscow::parse("wont").unwrap(), Moscow::Wont);
        let out: Vec<_> = FeatureStatus::ALL
            .iter()
            .filter(|s| !s.in_scope())
            .collect();
        assert_eq!(
            out,
            [&FeatureStatus::Rejected],
            "only rejected features leave the scope"
        );
        assert_eq!(ExperimentMethod::PrototypeTest.as_str(), "prototype_test");
        let error = Horizon::parse("soon").unwrap_err();
        assert_eq!(error.field, "horizon");
        assert_eq!(error.message, "'soon' is not one of: now, next, later");
    }
}
