//! Due dates a release delay moved: the assignee of each moved item learns of it, once per
//! release and new date, with the items and their new dates — their plan changed under them
//! by someone else's decision (ADR 0044).

use super::{Raise, raise_after_write};
use crate::audit::Writer;
use crate::guard::VisibleProject;
use std::collections::BTreeMap;
use tandem_core::notifications::NotificationKind;
use tandem_store::direction::{DueDateShift, Release};

/// Most items one notification names; the rest are counted.
const NAMED: usize = 5;

/// Tells every assignee of a moved item (except the decider) which of their items moved and
/// to which dates, after the decision was written.
pub async fn moved_by_delay(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    release: &Release,
    moved: &[DueDateShift],
) {
    let store = &writer.state.store;
    let mut by_assignee: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for shift in moved {
        if let Some(assignee) = shift.assignee_id.filter(|id| *id != writer.actor.id) {
            by_assignee
                .entry(assignee)
                .or_default()
                .push(format!("{} now {}", shift.item_key, shift.to));
        }
    }
    let new_date = release.target_date.clone().unwrap_or_default();
    for (user_id, items) in by_assignee {
        raise_after_write(
            store,
            Raise {
                kind: NotificationKind::DueDateMoved,
                user_id,
                project_id: Some(visible.project.id),
                link: format!("/projects/{}/releases/{}", visible.project.key, release.id),
                label: release.name.clone(),
                text: sentence(&writer.actor.name, &release.name, &new_date, &items),
                condition: format!("{}:{user_id}:{new_date}", release.id),
            },
        )
        .await;
    }
}

/// "Paula Product delayed 1.0 Launch to 2026-12-15; your items' due dates moved with it:
/// SHOP-4 now 2026-12-04, …".
fn sentence(decider: &str, release: &str, new_date: &str, items: &[String]) -> String {
    let named = items[..items.len().min(NAMED)].join(", ");
    let more = items.len().saturating_sub(NAMED);
    let rest = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!(
        "{decider} delayed {release} to {new_date}; your items' due dates moved with it: {named}{rest}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_names_five_items_and_counts_the_rest() {
        let items: Vec<String> = (1..=7)
            .map(|n| format!("SHOP-{n} now 2026-12-0{n}"))
            .collect();
        assert_eq!(
            sentence("Paula", "1.0", "2026-12-15", &items[..1]),
            "Paula delayed 1.0 to 2026-12-15; your items' due dates moved with it: SHOP-1 now 2026-12-01."
        );
        let text = sentence("Paula", "1.0", "2026-12-15", &items);
        assert!(
            text.ends_with("SHOP-5 now 2026-12-05 and 2 more."),
            "{text}"
        );
        assert!(!text.contains("SHOP-6"), "{text}");
    }
}
