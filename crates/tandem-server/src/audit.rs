//! Writing the audit log: who did what to which object, when, from which request.

use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::state::AppState;
use serde_json::Value;
use tandem_store::{NewAuditEntry, User};

/// One audit event, described by the handler that caused it.
pub struct Event<'a> {
    /// Dotted action name, e.g. `project.update`.
    pub action: &'static str,
    /// Kind of object, e.g. `project`.
    pub object_type: &'static str,
    /// The object's id or key.
    pub object_id: String,
    /// Extra facts (changed fields, ...).
    pub details: Value,
    /// Who did it; `None` for the system or an unknown caller.
    pub actor: Option<&'a User>,
    /// Label when there is no user (e.g. the e-mail a failed sign-in tried).
    pub actor_label: Option<String>,
}

/// Appends an event. A failure to audit is logged, not returned: the write it describes has
/// already happened and the caller must learn that it did.
pub async fn record(state: &AppState, meta: &RequestMeta, event: Event<'_>) {
    let entry = NewAuditEntry {
        at: crate::clock::now_ms(),
        actor_user_id: event.actor.map(|user| user.id),
        actor: event
            .actor
            .map(|user| user.email.clone())
            .or(event.actor_label)
            .unwrap_or_else(|| "system".to_owned()),
        action: event.action.to_owned(),
        object_type: event.object_type.to_owned(),
        object_id: event.object_id,
        request_id: meta.request_id.clone(),
        ip: Some(meta.ip.clone()),
        details: event.details,
    };
    if let Err(error) = state.store.append_audit(&entry).await {
        tracing::error!(%error, action = entry.action, "could not write audit entry");
    }
}

/// Shorthand for the common case: a signed-in user changed an object.
pub async fn write(
    state: &AppState,
    meta: &RequestMeta,
    actor: &User,
    action: &'static str,
    object_type: &'static str,
    object_id: impl Into<String>,
    details: Value,
) {
    record(
        state,
        meta,
        Event {
            action,
            object_type,
            object_id: object_id.into(),
            details,
            actor: Some(actor),
            actor_label: None,
        },
    )
    .await;
}

/// Who is writing, in which request: what every audited write needs. Shared service functions
/// take one, do the write and record it, so the API and the web UI cannot forget the audit.
pub struct Writer<'a> {
    /// Application state.
    pub state: &'a AppState,
    /// The request.
    pub meta: &'a RequestMeta,
    /// The signed-in user doing the write.
    pub actor: &'a User,
}

impl<'a> Writer<'a> {
    /// The writer of a request by the signed-in `user`.
    pub fn new(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Self {
        Self {
            state,
            meta,
            actor: &user.user,
        }
    }

    /// Records `action` on an object on behalf of the actor.
    pub async fn record(
        &self,
        action: &'static str,
        object_type: &'static str,
        object_id: impl Into<String>,
        details: Value,
    ) {
        write(
            self.state,
            self.meta,
            self.actor,
            action,
            object_type,
            object_id,
            details,
        )
        .await;
    }
}
