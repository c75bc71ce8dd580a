//! One-click unsubscribe (RFC 2369 `List-Unsubscribe`, RFC 8058 `List-Unsubscribe-Post`):
//! every notification mail links a page that stops that kind of mail for its person without
//! signing in, and mail clients may post to it directly. The link's token is the authority
//! (ADR 0030): `{user_id}.{scope}.{mac}` — the scope is a kind, or `all` for a daily digest —
//! where `mac` is HMAC-SHA256 under a random workspace
//! secret, as hex. The secret is made on first use and kept in the settings table, so every
//! server on the database signs and checks alike; it is never shown or logged.

use crate::audit::{self, Event};
use crate::auth::secret::{constant_time_eq, random_hex, to_hex};
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::state::AppState;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use std::fmt;
use tandem_core::notifications::NotificationKind;
use tandem_store::{NotificationSetting, Store, StoreError, User};

/// The settings key of the secret.
const SECRET_KEY: &str = "mail_unsubscribe_secret";

/// Which e-mails a link stops: one kind's, or all (the link of a digest, which mixes kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Kind(NotificationKind),
    All,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Kind(kind) => kind.as_str(),
            Scope::All => "all",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "all" => Some(Scope::All),
            kind => NotificationKind::parse(kind).ok().map(Scope::Kind),
        }
    }

    /// How the unsubscribe page names it.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Kind(kind) => kind.label(),
            Scope::All => "Any notification",
        }
    }

    /// The kinds it stops.
    fn kinds(self) -> Vec<NotificationKind> {
        match self {
            Scope::Kind(kind) => vec![kind],
            Scope::All => NotificationKind::ALL.to_vec(),
        }
    }
}

/// The workspace's signing secret. Its `Debug` never shows it.
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Secret {
    /// The workspace's secret, made (and stored) on first use.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(Self(
            store.setting_or_insert(SECRET_KEY, &random_hex()).await?,
        ))
    }

    /// The token that stops the mails of `scope` to the person `user_id`.
    pub fn token(&self, user_id: i64, scope: Scope) -> String {
        let claim = format!("{user_id}.{}", scope.as_str());
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(b"tandem unsubscribe\n");
        mac.update(claim.as_bytes());
        format!("{claim}.{}", to_hex(&mac.finalize().into_bytes()))
    }

    /// The person and scope a token names, if this workspace signed it.
    pub fn verify(&self, token: &str) -> Option<(i64, Scope)> {
        let mut parts = token.splitn(3, '.');
        let user_id = parts.next()?.parse().ok()?;
        let scope = Scope::parse(parts.next()?)?;
        parts.next()?;
        constant_time_eq(token, &self.token(user_id, scope)).then_some((user_id, scope))
    }
}

/// The one-click unsubscribe page of `token`.
pub fn url(public_url: &str, token: &str) -> String {
    format!("{public_url}/unsubscribe/{token}")
}

/// Whose e-mail of which scope an unsubscribe link stops.
#[derive(Debug)]
pub struct Target {
    pub user: User,
    pub scope: Scope,
}

/// The target of `token`; a token this workspace did not sign, or one whose person is gone,
/// is 404 `not_found`.
pub async fn target(store: &Store, token: &str) -> Result<Target, ApiError> {
    let not_found = || ApiError::not_found("unsubscribe link");
    let (user_id, scope) = Secret::load(store)
        .await?
        .verify(token)
        .ok_or_else(not_found)?;
    let user = store
        .user_by_id(user_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => not_found(),
            other => other.into(),
        })?;
    Ok(Target { user, scope })
}

/// Turns the target's e-mail off for the kinds of its scope, keeping the in-app choices,
/// and audits it.
pub async fn apply(state: &AppState, meta: &RequestMeta, target: &Target) -> Result<(), ApiError> {
    let current = crate::notifications::settings(&state.store, target.user.id).await?;
    let off: Vec<NotificationSetting> = target
        .scope
        .kinds()
        .into_iter()
        .map(|kind| NotificationSetting {
            kind: kind.as_str().to_owned(),
            in_app: current
                .iter()
                .find(|setting| setting.kind == kind.as_str())
                .is_none_or(|setting| setting.in_app),
            email: false,
        })
        .collect();
    state
        .store
        .save_notification_settings(target.user.id, &off)
        .await?;
    audit::record(
        state,
        meta,
        Event {
            action: "notification_settings.unsubscribe",
            object_type: "user",
            object_id: target.user.id.to_string(),
            details: json!({ "kind": target.scope.as_str(), "email": false, "via": "unsubscribe link" }),
            actor: Some(&target.user),
            actor_label: None,
        },
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_person_and_kind_and_resists_tampering() {
        let secret = Secret("k".repeat(64));
        let mention = Scope::Kind(NotificationKind::Mention);
        let token = secret.token(7, mention);
        assert!(token.starts_with("7.mention."), "{token}");
        assert_eq!(secret.verify(&token), Some((7, mention)));
        let all = secret.token(7, Scope::All);
        assert_eq!(secret.verify(&all), Some((7, Scope::All)));
        assert_eq!(secret.verify(&token.replace("mention", "all")), None);
        let other_person = token.replacen('7', "8", 1);
        assert_eq!(secret.verify(&other_person), None);
        let other_kind = token.replace("mention", "go_no_go");
        assert_eq!(secret.verify(&other_kind), None);
        assert_eq!(Secret("j".repeat(64)).verify(&token), None);
        assert_eq!(secret.verify("7.mention"), None);
        assert_eq!(secret.verify(""), None);
        assert!(!format!("{secret:?}").contains('k'));
    }
}
