//! Whether a project has its two managers, read from the role gaps and warnings the API
//! computes (`api::views::ProjectView`), so the UI flags exactly what the API reports.

use crate::api::views::ProjectView;

/// The badges a project's manager roles earn.
#[derive(Debug, Clone, Copy)]
pub struct RoleCoverage {
    pub missing_product_manager: bool,
    pub missing_project_manager: bool,
    /// One person holds both roles: allowed, but the two perspectives then never meet.
    pub one_person_both: bool,
}

impl RoleCoverage {
    /// The coverage the API reported for `view`.
    pub fn of(view: &ProjectView) -> Self {
        let gap = |code: &str| view.role_gaps.iter().any(|gap| gap == code);
        Self {
            missing_product_manager: gap("missing_product_manager"),
            missing_project_manager: gap("missing_project_manager"),
            one_person_both: view
                .role_warnings
                .iter()
                .any(|warning| warning == "same_person_holds_both_manager_roles"),
        }
    }

    /// True when any badge applies.
    pub fn needs_attention(&self) -> bool {
        self.missing_product_manager || self.missing_project_manager || self.one_person_both
    }
}
