//! What a person brings to a project: their discipline.

use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum! {
    /// A project member's craft, used to group the team and the workload view.
    Discipline, "discipline" {
        /// Writes and reviews code.
        Developer = "developer",
        /// UX, UI and visual design.
        Designer = "designer",
        /// Testing and quality assurance.
        Qa = "qa",
        /// Product management and ownership.
        Product = "product",
        /// Infrastructure, deployment and operations.
        Devops = "devops",
        /// Business or data analysis.
        Analyst = "analyst",
        /// Anything else (project management, content, ...).
        Other = "other",
    }
}

impl Discipline {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Discipline::Developer => "Developer",
            Discipline::Designer => "Designer",
            Discipline::Qa => "QA",
            Discipline::Product => "Product",
            Discipline::Devops => "DevOps",
            Discipline::Analyst => "Analyst",
            Discipline::Other => "Other",
        }
    }
}
