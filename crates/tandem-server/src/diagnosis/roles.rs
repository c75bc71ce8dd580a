//! Role coverage: who is the product manager and who is the project manager.

use tandem_core::health::{Signal, delivery, product};
use tandem_store::Project;

/// Both role-coverage signals, from the project row's named managers.
pub(super) fn signals(project: &Project) -> [Signal; 2] {
    let name = |manager: &Option<tandem_store::UserRef>| manager.as_ref().map(|m| m.name.clone());
    [
        product::no_product_manager(name(&project.product_manager).as_deref()),
        delivery::no_project_manager(name(&project.project_manager).as_deref()),
    ]
}
