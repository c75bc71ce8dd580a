//! The product manager's arithmetic: priority scores (RICE, WSJF, value/effort), OKR grading,
//! the assumption map, the MoSCoW guard and release readiness. Pure functions with the exact
//! rules written down, so every figure the product cockpit shows can be checked by hand.

pub mod artefacts;
pub mod assumptions;
pub mod direction;
pub mod experiments;
pub mod moscow;
pub mod okr;
pub mod readiness;
pub mod scoring;
pub mod text_diff;
