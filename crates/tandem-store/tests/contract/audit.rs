//! The audit log: newest first, or oldest first after an id; filtered by action prefix.

use crate::harness::{now_ms, open};
use serde_json::json;
use tandem_store::{AuditFilter, NewAuditEntry, StoreConfig};

pub async fn audit_log_orders_and_filters(config: StoreConfig) {
    let store = open(&config).await;
    let at = now_ms();
    let actions = [
        "session.create",
        "project.create",
        "session.failed",
        "project.update",
        "session.delete",
    ];
    for (i, action) in actions.iter().enumerate() {
        store
            .append_audit(&NewAuditEntry {
                at: at + i as i64,
                actor_user_id: (i % 2 == 0).then_some(7),
                actor: "ada@example.com".into(),
                action: (*action).into(),
                object_type: "project".into(),
                object_id: format!("P{i}"),
                request_id: Some(format!("req-{i}")),
                ip: None,
                details: json!({ "step": i, "note": "ünïcode" }),
            })
            .await
            .unwrap();
    }
    let newest = store
        .list_audit(&AuditFilter {
            after_id: None,
            limit: 3,
            action_prefix: None,
        })
        .await
        .unwrap();
    let listed: Vec<_> = newest.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        listed,
        ["session.delete", "project.update", "session.failed"]
    );
    let first = &newest[2];
    assert_eq!(first.details, json!({ "step": 2, "note": "ünïcode" }));
    assert_eq!(first.actor_user_id, Some(7));
    assert_eq!(
        (first.request_id.as_deref(), first.ip.as_deref()),
        (Some("req-2"), None)
    );
    assert_eq!(
        (
            first.at,
            first.object_type.as_str(),
            first.object_id.as_str()
        ),
        (at + 2, "project", "P2")
    );

    let sessions = store
        .list_audit(&AuditFilter {
            after_id: None,
            limit: 100,
            action_prefix: Some("session.".into()),
        })
        .await
        .unwrap();
    let listed: Vec<_> = sessions.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        listed,
        ["session.delete", "session.failed", "session.create"]
    );

    // Following the log: everything after an id, oldest first.
    let after = store
        .list_audit(&AuditFilter {
            after_id: Some(first.id),
            limit: 100,
            action_prefix: None,
        })
        .await
        .unwrap();
    let listed: Vec<_> = after.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(listed, ["project.update", "session.delete"]);
    let projects_after = store
        .list_audit(&AuditFilter {
            after_id: Some(first.id),
            limit: 100,
            action_prefix: Some("project.".into()),
        })
        .await
        .unwrap();
    assert_eq!(projects_after.len(), 1);
}
