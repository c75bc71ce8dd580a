//! When is an item blocked by its predecessors?
//!
//! A dependency constrains the successor only until the predecessor has reached the point the
//! dependency names: for finish-based kinds (FS, FF) the predecessor must be done; for
//! start-based kinds (SS, SF) it must have started (in progress or done). An item is blocked
//! while at least one of its dependencies still constrains it. Lag is a scheduling matter and
//! does not count here. A finished successor is never shown as blocked.

use super::{DependencyKind, StatusCategory};

/// True when a predecessor in `predecessor` category still holds back its successor.
pub fn blocks(kind: DependencyKind, predecessor: StatusCategory) -> bool {
    match kind {
        DependencyKind::FinishToStart | DependencyKind::FinishToFinish => {
            predecessor != StatusCategory::Done
        }
        DependencyKind::StartToStart | DependencyKind::StartToFinish => {
            predecessor == StatusCategory::Todo
        }
    }
}

/// True when an item in category `own` is blocked by any of its `(kind, predecessor
/// category)` dependencies.
pub fn is_blocked(
    own: StatusCategory,
    predecessors: impl IntoIterator<Item = (DependencyKind, StatusCategory)>,
) -> bool {
    own != StatusCategory::Done
        && predecessors
            .into_iter()
            .any(|(kind, category)| blocks(kind, category))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DependencyKind::*;
    use StatusCategory::*;

    #[test]
    fn finish_kinds_wait_for_done_start_kinds_for_started() {
        assert!(blocks(FinishToStart, Todo));
        assert!(blocks(FinishToStart, InProgress));
        assert!(!blocks(FinishToStart, Done));
        assert!(blocks(FinishToFinish, InProgress));
        assert!(blocks(StartToStart, Todo));
        assert!(!blocks(StartToStart, InProgress));
        assert!(!blocks(StartToFinish, Done));
    }

    #[test]
    fn done_items_and_items_without_predecessors_are_not_blocked() {
        assert!(!is_blocked(Todo, []));
        assert!(is_blocked(
            Todo,
            [(StartToStart, Done), (FinishToStart, InProgress)]
        ));
        assert!(!is_blocked(Done, [(FinishToStart, Todo)]));
    }
}
