//! Projects, their two managers, members and optimistic concurrency.

use crate::harness::{conflict, invalid, member, open};
use tandem_core::roles::ProjectRole;
use tandem_core::values::{Money, Name, ProjectKey};
use tandem_store::{NewProject, ProjectFilter, ProjectPatch, Store, StoreConfig, StoreError};

/// A project to create with nothing optional set.
fn bare(key: &str) -> NewProject {
    NewProject {
        key: ProjectKey::parse(key).unwrap(),
        name: Name::parse("name", &format!("Project {key}")).unwrap(),
        client_id: None,
        description: String::new(),
        start_date: None,
        target_launch_date: None,
        budget: None,
        product_manager_id: None,
        project_manager_id: None,
        created_by: None,
    }
}

fn roles_of(members: &[tandem_store::Member]) -> Vec<(String, ProjectRole)> {
    members.iter().map(|m| (m.email.clone(), m.role)).collect()
}

pub async fn project_is_created_with_its_managers(config: StoreConfig) {
    let store = open(&config).await;
    let acme = store.create_client("Acme").await.unwrap();
    let product = member(&store, "product@example.com").await;
    let delivery = member(&store, "delivery@example.com").await;
    let creator = member(&store, "creator@example.com").await;
    let budget = Money::parse(120_000.5, "EUR").unwrap();
    let project = store
        .create_project(&NewProject {
            client_id: Some(acme.id),
            description: "Shop relaunch".into(),
            start_date: Some("2026-01-05".into()),
            target_launch_date: Some("2026-06-30".into()),
            budget: Some(budget.clone()),
            product_manager_id: Some(product.id),
            project_manager_id: Some(delivery.id),
            created_by: Some(creator.id),
            ..bare("ACME")
        })
        .await
        .unwrap();
    assert_eq!(project.key, "ACME");
    assert_eq!(project.name, "Project ACME");
    assert_eq!(project.client_name.as_deref(), Some("Acme"));
    assert_eq!(project.description, "Shop relaunch");
    assert_eq!(project.start_date.as_deref(), Some("2026-01-05"));
    assert_eq!(project.target_launch_date.as_deref(), Some("2026-06-30"));
    assert_eq!(project.budget, Some(budget));
    assert!(!project.archived);
    assert_eq!(project.version, 1);
    assert_eq!(
        project.product_manager.as_ref().map(|u| u.id),
        Some(product.id)
    );
    assert_eq!(
        project.project_manager.as_ref().map(|u| &u.email),
        Some(&delivery.email)
    );
    let read = store.project_by_key("ACME").await.unwrap();
    assert_eq!((read.id, read.version), (project.id, 1));
    let members = store.list_members(project.id).await.unwrap();
    assert_eq!(
        roles_of(&members),
        [
            (product.email.clone(), ProjectRole::ProductManager),
            (delivery.email.clone(), ProjectRole::ProjectManager),
            (creator.email.clone(), ProjectRole::Member),
        ]
    );

    // A creator who is one of the managers is not added a second time; one person may hold
    // both manager roles.
    let solo = store
        .create_project(&NewProject {
            product_manager_id: Some(product.id),
            project_manager_id: Some(product.id),
            created_by: Some(product.id),
            ..bare("SOLO")
        })
        .await
        .unwrap();
    assert_eq!(store.list_members(solo.id).await.unwrap().len(), 2);
    let roles = store.membership_roles(solo.id, product.id).await.unwrap();
    assert_eq!(
        roles,
        [ProjectRole::ProductManager, ProjectRole::ProjectManager]
    );
    assert!(
        store
            .membership_roles(solo.id, creator.id)
            .await
            .unwrap()
            .is_empty()
    );

    let gaps = store.create_project(&bare("GAPS")).await.unwrap();
    assert!(gaps.product_manager.is_none() && gaps.project_manager.is_none());
    assert!(matches!(
        store.project_by_key("NOPE").await,
        Err(StoreError::NotFound)
    ));
}

pub async fn failed_project_creation_leaves_nothing(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    store.create_project(&bare("ACME")).await.unwrap();
    assert_eq!(
        conflict(store.create_project(&bare("ACME")).await),
        "projects.key"
    );
    let bad_client = NewProject {
        client_id: Some(999),
        ..bare("BAD")
    };
    assert_eq!(
        invalid(store.create_project(&bad_client).await),
        "client_id: no such client"
    );
    let bad_manager = NewProject {
        product_manager_id: Some(ada.id),
        project_manager_id: Some(ada.id + 100),
        ..bare("BAD")
    };
    let message = invalid(store.create_project(&bad_manager).await);
    assert_eq!(message, "project_manager: no such user");
    // The project row of the failed attempt was rolled back with its memberships.
    assert!(matches!(
        store.project_by_key("BAD").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .list_projects(&ProjectFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn projects_are_listed_by_visibility(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let bob = member(&store, "bob@example.com").await;
    for key in ["ZETA", "ALPHA", "MID"] {
        store.create_project(&bare(key)).await.unwrap();
    }
    let zeta = store.project_by_key("ZETA").await.unwrap();
    let alpha = store.project_by_key("ALPHA").await.unwrap();
    store
        .add_member(zeta.id, ada.id, ProjectRole::Member)
        .await
        .unwrap();
    store
        .add_member(alpha.id, ada.id, ProjectRole::Viewer)
        .await
        .unwrap();
    store
        .add_member(alpha.id, ada.id, ProjectRole::Client)
        .await
        .unwrap();
    let archive = ProjectPatch {
        archived: Some(true),
        ..ProjectPatch::default()
    };
    store
        .update_project("ZETA", &archive, zeta.version)
        .await
        .unwrap();

    let keys = |projects: Vec<tandem_store::Project>| -> Vec<String> {
        projects.into_iter().map(|p| p.key).collect()
    };
    let all = ProjectFilter {
        visible_to: None,
        include_archived: true,
    };
    assert_eq!(
        keys(store.list_projects(&all).await.unwrap()),
        ["ALPHA", "MID", "ZETA"]
    );
    let active = ProjectFilter::default();
    assert_eq!(
        keys(store.list_projects(&active).await.unwrap()),
        ["ALPHA", "MID"]
    );
    let adas = ProjectFilter {
        visible_to: Some(ada.id),
        include_archived: true,
    };
    assert_eq!(
        keys(store.list_projects(&adas).await.unwrap()),
        ["ALPHA", "ZETA"]
    );
    let adas_active = ProjectFilter {
        include_archived: false,
        ..adas
    };
    assert_eq!(
        keys(store.list_projects(&adas_active).await.unwrap()),
        ["ALPHA"]
    );
    let bobs = ProjectFilter {
        visible_to: Some(bob.id),
        include_archived: true,
    };
    assert!(store.list_projects(&bobs).await.unwrap().is_empty());
}

pub async fn updates_are_checked_against_the_version(config: StoreConfig) {
    let store = open(&config).await;
    let acme = store.create_client("Acme").await.unwrap();
    let created = store
        .create_project(&NewProject {
            client_id: Some(acme.id),
            budget: Some(Money::parse(10.0, "EUR").unwrap()),
            start_date: Some("2026-01-05".into()),
            ..bare("ACME")
        })
        .await
        .unwrap();
    let patch = ProjectPatch {
        name: Some("Renamed".into()),
        description: Some("New words".into()),
        client_id: Some(None),
        start_date: Some(None),
        target_launch_date: Some(Some("2026-12-01".into())),
        budget: Some(Some(Money::parse(99.99, "USD").unwrap())),
        archived: None,
    };
    let updated = store
        .update_project("ACME", &patch, created.version)
        .await
        .unwrap();
    assert_eq!(updated.version, created.version + 1);
    assert_eq!(updated.name, "Renamed");
    assert_eq!(updated.description, "New words");
    assert_eq!((updated.client_id, updated.client_name), (None, None));
    assert_eq!(updated.start_date, None);
    assert_eq!(updated.target_launch_date.as_deref(), Some("2026-12-01"));
    assert_eq!(updated.budget, Some(Money::parse(99.99, "USD").unwrap()));
    assert!(updated.updated_at >= created.updated_at);

    // An empty patch changes nothing but the version; a cleared budget is gone.
    let same = store
        .update_project("ACME", &ProjectPatch::default(), 2)
        .await
        .unwrap();
    assert_eq!((same.name.as_str(), same.version), ("Renamed", 3));
    let no_budget = ProjectPatch {
        budget: Some(None),
        ..ProjectPatch::default()
    };
    assert_eq!(
        store
            .update_project("ACME", &no_budget, 3)
            .await
            .unwrap()
            .budget,
        None
    );

    let stale = store.update_project("ACME", &patch, created.version).await;
    assert!(
        matches!(stale, Err(StoreError::VersionConflict { current: 4 })),
        "{stale:?}"
    );
    let missing = store.update_project("NOPE", &patch, 1).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
    let bad_client = ProjectPatch {
        client_id: Some(Some(999)),
        ..ProjectPatch::default()
    };
    let message = invalid(store.update_project("ACME", &bad_client, 4).await);
    assert_eq!(message, "client_id: no such client");
    assert_eq!(store.project_by_key("ACME").await.unwrap().version, 4);
}

pub async fn concurrent_updates_lose_nothing(config: StoreConfig) {
    let store = open(&config).await;
    let project = store.create_project(&bare("RACE")).await.unwrap();
    let writers = (0..8).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            let patch = ProjectPatch {
                name: Some(format!("Writer {i}")),
                ..ProjectPatch::default()
            };
            store.update_project("RACE", &patch, 1).await
        })
    });
    let mut winners = Vec::new();
    for writer in writers {
        match writer.await.unwrap() {
            Ok(project) => winners.push(project.name),
            Err(StoreError::VersionConflict { current }) => assert_eq!(current, 2),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(winners.len(), 1);
    let stored = store.project_by_key("RACE").await.unwrap();
    assert_eq!(
        (stored.name, stored.version),
        (winners.remove(0), project.version + 1)
    );
}

/// Adds a role and checks the answer describes it.
async fn add(store: &Store, project_id: i64, user_id: i64, role: ProjectRole) {
    let added = store.add_member(project_id, user_id, role).await.unwrap();
    assert_eq!((added.user_id, added.role), (user_id, role));
}

pub async fn members_and_manager_replacement(config: StoreConfig) {
    let store = open(&config).await;
    let ada = member(&store, "ada@example.com").await;
    let bob = member(&store, "bob@example.com").await;
    let cy = member(&store, "cy@example.com").await;
    let project = store
        .create_project(&NewProject {
            project_manager_id: Some(ada.id),
            ..bare("TEAM")
        })
        .await
        .unwrap();
    add(&store, project.id, bob.id, ProjectRole::Member).await;
    let twice = store
        .add_member(project.id, bob.id, ProjectRole::Member)
        .await;
    assert_eq!(conflict(twice), "project_members.pk");

    // Naming a new project manager replaces Ada; Bob keeps his member role as well.
    add(&store, project.id, bob.id, ProjectRole::ProjectManager).await;
    let again = store
        .add_member(project.id, bob.id, ProjectRole::ProjectManager)
        .await;
    assert_eq!(conflict(again), "project_members.pk");
    add(&store, project.id, cy.id, ProjectRole::ProductManager).await;
    let members = store.list_members(project.id).await.unwrap();
    assert_eq!(
        roles_of(&members),
        [
            (cy.email.clone(), ProjectRole::ProductManager),
            (bob.email.clone(), ProjectRole::ProjectManager),
            (bob.email.clone(), ProjectRole::Member),
        ]
    );
    assert_eq!(members[0].user_role, tandem_core::roles::UserRole::Member);
    assert_eq!(members[0].name, "cy at example.com");
    let read = store.project_by_key("TEAM").await.unwrap();
    assert_eq!(read.project_manager.map(|u| u.id), Some(bob.id));
    assert_eq!(read.product_manager.map(|u| u.id), Some(cy.id));
    assert!(
        store
            .membership_roles(project.id, ada.id)
            .await
            .unwrap()
            .is_empty()
    );
    let bobs = store.membership_roles(project.id, bob.id).await.unwrap();
    assert_eq!(bobs, [ProjectRole::ProjectManager, ProjectRole::Member]);

    let unknown_user = store
        .add_member(project.id, cy.id + 100, ProjectRole::Viewer)
        .await;
    assert_eq!(invalid(unknown_user), "user_id: no such user");
    let unknown_project = store
        .add_member(project.id + 100, cy.id, ProjectRole::Viewer)
        .await;
    assert!(matches!(unknown_project, Err(StoreError::NotFound)));

    store
        .remove_member(project.id, bob.id, Some(ProjectRole::Member))
        .await
        .unwrap();
    assert_eq!(
        store.membership_roles(project.id, bob.id).await.unwrap(),
        [ProjectRole::ProjectManager]
    );
    add(&store, project.id, bob.id, ProjectRole::Viewer).await;
    store.remove_member(project.id, bob.id, None).await.unwrap();
    assert!(
        store
            .membership_roles(project.id, bob.id)
            .await
            .unwrap()
            .is_empty()
    );
    let nothing = store.remove_member(project.id, bob.id, None).await;
    assert!(matches!(nothing, Err(StoreError::NotFound)));

    let before = store.project_by_key("TEAM").await.unwrap();
    store.touch_project(project.id).await.unwrap();
    let after = store.project_by_key("TEAM").await.unwrap();
    assert_eq!(after.version, before.version + 1);
    assert!(after.updated_at >= before.updated_at);
    let missing = store.touch_project(project.id + 100).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}
