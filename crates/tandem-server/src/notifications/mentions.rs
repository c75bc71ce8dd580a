//! `@name` / `@email` mentions of project members in Markdown bodies (item comments,
//! decisions, feedback): each person mentioned is notified once per text that names them.

use super::{Raise, raise_after_write};
use crate::audit::Writer;
use crate::guard::VisibleProject;
use tandem_core::notifications::{Mentionable, NotificationKind, mentioned};
use tandem_core::roles::UserRole;

/// Where the mention was written.
pub struct Place<'a> {
    /// Path of the page that shows the text.
    pub link: String,
    /// Its name, e.g. "ACME-4 Sign-up form".
    pub label: String,
    /// What it is, for the sentence: "a comment on ACME-4".
    pub what: &'a str,
    /// The text's identity, e.g. `comment:12` (one notification per person and text).
    pub source: String,
    /// Internal texts never notify client contacts, who could not open them.
    pub internal: bool,
}

/// Notifies the project members `text` mentions (never the writer), after the write.
pub async fn notify(writer: &Writer<'_>, visible: &VisibleProject, place: Place<'_>, text: &str) {
    if !text.contains('@') {
        return;
    }
    let store = &writer.state.store;
    let members = match store.list_members(visible.project.id).await {
        Ok(members) => members,
        Err(error) => {
            tracing::error!(%error, "could not load members to resolve mentions");
            return;
        }
    };
    let people: Vec<Mentionable<'_>> = members
        .iter()
        .filter(|member| !(place.internal && member.user_role == UserRole::Client))
        .map(|member| Mentionable {
            user_id: member.user_id,
            name: &member.name,
            email: &member.email,
        })
        .collect();
    for user_id in mentioned(text, &people) {
        if user_id == writer.actor.id {
            continue;
        }
        raise_after_write(
            store,
            Raise {
                kind: NotificationKind::Mention,
                user_id,
                project_id: Some(visible.project.id),
                link: place.link.clone(),
                label: place.label.clone(),
                text: format!("{} mentioned you in {}.", writer.actor.name, place.what),
                condition: place.source.clone(),
            },
        )
        .await;
    }
}
