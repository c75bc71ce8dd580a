//! Settings, accounts, sessions, API tokens, sign-in failures and clients.

use crate::harness::{conflict, invalid, member, new_user, now_ms, open};
use tandem_core::roles::UserRole;
use tandem_core::values::{Email, Name};
use tandem_store::{AccountChange, NewSession, StoreConfig, StoreError};

pub async fn migrations_settings_and_ping(config: StoreConfig) {
    let store = open(&config).await;
    assert!(["sqlite", "postgres"].contains(&store.backend_name()));
    store.ping().await.unwrap();
    assert_eq!(store.migrate().await.unwrap(), Vec::<String>::new());
    // Reopening an existing database applies nothing and keeps the data.
    store.set_setting("demo_loaded", "yes").await.unwrap();
    store.close().await;
    let store = open(&config).await;
    assert_eq!(
        store.setting("demo_loaded").await.unwrap().as_deref(),
        Some("yes")
    );
    store.set_setting("demo_loaded", "again").await.unwrap();
    assert_eq!(
        store.setting("demo_loaded").await.unwrap().as_deref(),
        Some("again")
    );
    assert_eq!(store.setting("missing").await.unwrap(), None);
}

pub async fn people_live_in_the_workspace_zone_until_they_choose(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let initial = store.workspace_time_zone().await.unwrap();
    assert_eq!((initial.time_zone.as_str(), initial.version), ("UTC", 0));
    assert_eq!(store.time_zone(ada.id).await.unwrap(), "UTC");

    let sydney = store
        .set_workspace_time_zone("Australia/Sydney", 0)
        .await
        .unwrap();
    assert_eq!(sydney.version, 1);
    assert_eq!(store.time_zone(ada.id).await.unwrap(), "Australia/Sydney");
    // A second admin still holding version 0 loses, and is told the current version.
    match store.set_workspace_time_zone("Europe/Paris", 0).await {
        Err(StoreError::VersionConflict { current }) => assert_eq!(current, 1),
        other => panic!("expected a version conflict, got {other:?}"),
    }
    assert_eq!(
        store.workspace_time_zone().await.unwrap().time_zone,
        "Australia/Sydney"
    );

    // Someone's own choice wins over the workspace's, in the session too.
    store.set_time_zone(ada.id, "Europe/Berlin").await.unwrap();
    assert_eq!(store.time_zone(ada.id).await.unwrap(), "Europe/Berlin");
    let now = now_ms();
    store
        .create_session(&NewSession {
            token_hash: "zone-hash".into(),
            user_id: ada.id,
            csrf_token: "csrf".into(),
            created_at: now,
            expires_at: now + 60_000,
        })
        .await
        .unwrap();
    let live = store.session_by_token_hash("zone-hash", now).await.unwrap();
    assert_eq!(
        live.map(|session| session.time_zone).as_deref(),
        Some("Europe/Berlin")
    );
    let bob = member(&store, "bob@example.com").await;
    assert_eq!(store.time_zone(bob.id).await.unwrap(), "Australia/Sydney");
}

pub async fn two_admins_demoting_each_other_leave_one_admin(config: StoreConfig) {
    let store = open(&config).await;
    let mut admins = Vec::new();
    for email in ["ada@example.com", "ben@example.com"] {
        let created = store
            .create_user(&new_user(email, UserRole::Admin, None))
            .await
            .unwrap();
        admins.push(created);
    }
    let as_role = |user: &tandem_store::User, role| AccountChange {
        email: Email::parse(&user.email).unwrap(),
        name: Name::parse("name", &user.name).unwrap(),
        role,
        client_id: None,
    };
    // Each round the only two admins demote each other at once, on two tasks: exactly one
    // may win. The loser is made admin again for the next round.
    for round in 0..20 {
        let demotions = admins.iter().map(|admin| {
            let (store, change, id, version) = (
                store.clone(),
                as_role(admin, UserRole::Member),
                admin.id,
                admin.version,
            );
            tokio::spawn(async move { store.update_account(id, &change, version).await })
        });
        let mut outcomes = Vec::new();
        for demotion in demotions.collect::<Vec<_>>() {
            outcomes.push(demotion.await.unwrap());
        }
        let refused: Vec<_> = outcomes.iter().filter(|outcome| outcome.is_err()).collect();
        assert_eq!(
            refused.len(),
            1,
            "round {round}: exactly one stays admin: {outcomes:?}"
        );
        let demoted = outcomes.into_iter().find_map(Result::ok).unwrap();
        let promoted = store
            .update_account(
                demoted.id,
                &as_role(&demoted, UserRole::Admin),
                demoted.version,
            )
            .await
            .unwrap();
        for admin in &mut admins {
            *admin = store.user_by_id(admin.id).await.unwrap();
        }
        assert_eq!(promoted.role, UserRole::Admin);
    }
    // Nor may the last active admin be deactivated.
    store
        .set_user_active(admins[0].id, false, None)
        .await
        .unwrap();
    let message = invalid(store.set_user_active(admins[1].id, false, None).await);
    assert!(message.starts_with("active: "), "{message}");
}

pub async fn users_round_trip(config: StoreConfig) {
    let store = open(&config).await;
    assert_eq!(store.count_users().await.unwrap(), 0);
    let ada = member(&store, "Ada@Example.com").await;
    assert_eq!(ada.email, "ada@example.com");
    assert_eq!(ada.role, UserRole::Member);
    assert!(ada.active);
    assert_eq!(ada.version, 1);
    assert_eq!(store.count_users().await.unwrap(), 1);
    assert_eq!(store.user_by_id(ada.id).await.unwrap().email, ada.email);
    let secret = store
        .user_by_email("ada@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(secret.user.id, ada.id);
    assert_eq!(secret.password_hash, "hash-of-Ada@Example.com");
    assert!(
        store
            .user_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        store.user_by_id(ada.id + 100).await,
        Err(StoreError::NotFound)
    ));

    let taken = store
        .create_user(&new_user("ada@example.com", UserRole::Admin, None))
        .await;
    assert_eq!(conflict(taken), "users.email");
    let orphan = new_user("orphan@example.com", UserRole::Client, Some(999));
    assert_eq!(
        invalid(store.create_user(&orphan).await),
        "client_id: no such client"
    );

    let acme = store.create_client("Acme").await.unwrap();
    let contact = store
        .create_user(&new_user(
            "contact@acme.test",
            UserRole::Client,
            Some(acme.id),
        ))
        .await
        .unwrap();
    assert_eq!(contact.client_id, Some(acme.id));
    let listed: Vec<_> = store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(listed, vec![ada.id, contact.id]);
}

pub async fn first_admin_is_created_once(config: StoreConfig) {
    let store = open(&config).await;
    let attempts = (0..4).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            let admin = new_user(&format!("admin{i}@example.com"), UserRole::Admin, None);
            store.create_first_admin(&admin).await
        })
    });
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(user) => {
                assert_eq!(user.role, UserRole::Admin);
                created += 1;
            }
            refused => assert_eq!(conflict(refused), "users.first_admin"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(store.count_users().await.unwrap(), 1);
}

pub async fn deactivation_checks_version_and_ends_sessions(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let now = now_ms();
    store
        .create_session(&NewSession {
            token_hash: "session-hash".into(),
            user_id: ada.id,
            csrf_token: "csrf".into(),
            created_at: now,
            expires_at: now + 60_000,
        })
        .await
        .unwrap();
    let stale = store
        .set_user_active(ada.id, false, Some(ada.version + 1))
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionConflict { current: 1 })),
        "{stale:?}"
    );
    let off = store
        .set_user_active(ada.id, false, Some(ada.version))
        .await
        .unwrap();
    assert!(!off.active);
    assert_eq!(off.version, 2);
    let on = store.set_user_active(ada.id, true, None).await.unwrap();
    assert!(on.active);
    assert_eq!(on.version, 3);
    // The session ended with the deactivation and does not come back.
    assert!(
        store
            .session_by_token_hash("session-hash", now)
            .await
            .unwrap()
            .is_none()
    );
    let missing = store.set_user_active(ada.id + 100, false, None).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

pub async fn sessions_expire_and_end(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let now = now_ms();
    let session = NewSession {
        token_hash: "session-hash".into(),
        user_id: ada.id,
        csrf_token: "csrf-token".into(),
        created_at: now,
        expires_at: now + 60_000,
    };
    store.create_session(&session).await.unwrap();
    assert_eq!(
        conflict(store.create_session(&session).await),
        "sessions.token_hash"
    );
    let orphan = NewSession {
        token_hash: "other".into(),
        user_id: ada.id + 100,
        ..session.clone()
    };
    assert_eq!(
        invalid(store.create_session(&orphan).await),
        "user_id: no such user"
    );

    // Until it expires the session answers with its user and CSRF token.
    let live = store
        .session_by_token_hash("session-hash", now + 30_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.user.id, ada.id);
    assert_eq!(live.csrf_token, "csrf-token");
    assert_eq!(live.expires_at, now + 60_000);
    assert!(
        store
            .session_by_token_hash("session-hash", now + 60_000)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session_by_token_hash("unknown", now)
            .await
            .unwrap()
            .is_none()
    );

    store.delete_session("session-hash").await.unwrap();
    assert!(
        store
            .session_by_token_hash("session-hash", now)
            .await
            .unwrap()
            .is_none()
    );
    store.delete_session("session-hash").await.unwrap();
}

pub async fn api_tokens_authenticate_until_revoked(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let bob = member(&store, "bob@example.com").await;
    let token = store
        .create_api_token(ada.id, "ci", "hash-1", "tdm_abcd")
        .await
        .unwrap();
    assert_eq!(
        (token.name.as_str(), token.prefix.as_str()),
        ("ci", "tdm_abcd")
    );
    assert_eq!((token.last_used_at, token.revoked_at), (None, None));
    let duplicate = store
        .create_api_token(bob.id, "x", "hash-1", "tdm_abcd")
        .await;
    assert_eq!(conflict(duplicate), "api_tokens.token_hash");
    let orphan = store
        .create_api_token(bob.id + 100, "x", "hash-2", "tdm_efgh")
        .await;
    assert_eq!(invalid(orphan), "user_id: no such user");

    let now = now_ms();
    let owner = store
        .user_by_api_token_hash("hash-1", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(owner.id, ada.id);
    let listed = store.list_api_tokens(ada.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, Some(now));
    assert!(store.list_api_tokens(bob.id).await.unwrap().is_empty());
    assert!(
        store
            .user_by_api_token_hash("unknown", now)
            .await
            .unwrap()
            .is_none()
    );

    // A deactivated owner's token stops working, and works again on reactivation.
    store.set_user_active(ada.id, false, None).await.unwrap();
    assert!(
        store
            .user_by_api_token_hash("hash-1", now)
            .await
            .unwrap()
            .is_none()
    );
    store.set_user_active(ada.id, true, None).await.unwrap();
    assert!(
        store
            .user_by_api_token_hash("hash-1", now)
            .await
            .unwrap()
            .is_some()
    );

    let not_bobs = store.revoke_api_token(bob.id, token.id).await;
    assert!(matches!(not_bobs, Err(StoreError::NotFound)));
    store.revoke_api_token(ada.id, token.id).await.unwrap();
    store.revoke_api_token(ada.id, token.id).await.unwrap();
    assert!(
        store
            .user_by_api_token_hash("hash-1", now)
            .await
            .unwrap()
            .is_none()
    );
    let listed = store.list_api_tokens(ada.id).await.unwrap();
    assert!(listed[0].revoked_at.is_some());
}

pub async fn login_failures_are_counted_per_email_and_ip(config: StoreConfig) {
    let store = open(&config).await;
    let now = now_ms();
    store
        .record_login_failure("ada@example.com", "10.0.0.1", now - 3_600_000)
        .await
        .unwrap();
    for _ in 0..3 {
        store
            .record_login_failure("ada@example.com", "10.0.0.1", now)
            .await
            .unwrap();
    }
    store
        .record_login_failure("bob@example.com", "10.0.0.1", now)
        .await
        .unwrap();
    store
        .record_login_failure("ada@example.com", "10.0.0.2", now)
        .await
        .unwrap();
    let since = now - 60_000;
    let counts = store
        .login_failures_since("ada@example.com", "10.0.0.1", since)
        .await
        .unwrap();
    assert_eq!(counts, (4, 4));
    store.clear_login_failures("ada@example.com").await.unwrap();
    let counts = store
        .login_failures_since("ada@example.com", "10.0.0.1", since)
        .await
        .unwrap();
    assert_eq!(counts, (0, 1));
}

pub async fn clients_round_trip(config: StoreConfig) {
    let store = open(&config).await;
    let globex = store.create_client("Globex").await.unwrap();
    let acme = store.create_client("Acme").await.unwrap();
    assert_eq!(acme.version, 1);
    assert_eq!(conflict(store.create_client("Acme").await), "clients.name");
    let names: Vec<_> = store
        .list_clients()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Acme", "Globex"]);
    assert_eq!(store.client_by_id(globex.id).await.unwrap().name, "Globex");
    assert!(matches!(
        store.client_by_id(globex.id + acme.id).await,
        Err(StoreError::NotFound)
    ));
}
