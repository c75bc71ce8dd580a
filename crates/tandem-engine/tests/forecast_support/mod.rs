//! Helpers shared by the network forecast tests.

use std::num::NonZeroU32;

use tandem_engine::forecast::{Relation, RelationKind, SimulationSettings};

pub fn settings(trials: u32, seed: u64) -> SimulationSettings {
    SimulationSettings {
        trials: NonZeroU32::new(trials).expect("tests use a positive trial count"),
        seed,
    }
}

pub fn link(predecessor: usize, successor: usize, kind: RelationKind, lag: f64) -> Relation {
    Relation {
        predecessor,
        successor,
        kind,
        lag,
    }
}
