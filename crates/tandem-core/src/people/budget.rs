//! The two kinds of budget line a project manager plans with.

use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum! {
    /// Whether a budget line pays for people's time or for things bought.
    BudgetKind, "kind" {
        /// People's time (hours × rates).
        Labour = "labour",
        /// Licences, hardware, agencies: a fixed cost.
        Fixed = "fixed",
    }
}

impl BudgetKind {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            BudgetKind::Labour => "Labour",
            BudgetKind::Fixed => "Fixed cost",
        }
    }
}
