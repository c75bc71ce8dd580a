//! Helpers shared by the network forecast tests.

use std::num::NonZeroU32;

use tandem_engine::forecast::{Relation, RelationKind, RelationLag, SimulationSettings};

pub fn settings(trials: u32, seed: u64) -> SimulationSettings {
    SimulationSettings {
        trials: NonZeroU32::new(trials).expect("tests use a positive trial count"),
        seed,
    }
}

/// A relation with a lag in working minutes.
pub fn link(predecessor: usize, successor: usize, kind: RelationKind, lag: f64) -> Relation {
    Relation {
        predecessor,
        successor,
        kind,
        lag: RelationLag::Working(lag),
    }
}

/// A relation whose lag is `percent` of the predecessor's duration.
pub fn percent_link(
    predecessor: usize,
    successor: usize,
    kind: RelationKind,
    percent: f64,
) -> Relation {
    Relation {
        lag: RelationLag::Percent(percent),
        ..link(predecessor, successor, kind, 0.0)
    }
}
