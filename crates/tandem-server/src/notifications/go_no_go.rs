//! A release's go/no-go record waiting for its decider: raised when the checklist is saved
//! while no outcome is recorded, once when it opens and once more when every criterion is met.

use super::{Raise, raise_after_write};
use crate::audit::Writer;
use crate::guard::VisibleProject;
use tandem_core::notifications::NotificationKind;
use tandem_store::direction::{GoNoGo, Release};

/// Tells the decider (unless they saved it themselves) that the go/no-go waits for them.
pub async fn awaiting_decider(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    release: &Release,
    record: &GoNoGo,
) {
    let Some(decider) = record.decider_id else {
        return;
    };
    if record.outcome.is_some() || decider == writer.actor.id {
        return;
    }
    let met = record.criteria.iter().filter(|c| c.met).count();
    let total = record.criteria.len();
    let ready = total > 0 && met == total;
    let text = if ready {
        format!(
            "Every go/no-go criterion of {} is met: it is ready for your decision.",
            release.name
        )
    } else {
        format!(
            "The go/no-go of {} is open and waits for your decision ({met} of {total} criteria met).",
            release.name
        )
    };
    raise_after_write(
        &writer.state.store,
        Raise {
            kind: NotificationKind::GoNoGo,
            user_id: decider,
            project_id: Some(visible.project.id),
            link: format!("/projects/{}/releases/{}", visible.project.key, release.id),
            label: release.name.clone(),
            text,
            condition: format!(
                "{}:{decider}:{}",
                release.id,
                if ready { "ready" } else { "open" }
            ),
        },
    )
    .await;
}
