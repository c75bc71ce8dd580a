//! Responsibility matrices, the template, health snapshots, compare-and-set settings and a
//! person's recent audited writes on a project.

use crate::harness::{member, now_ms, open};
use tandem_core::health::Side;
use tandem_core::raci::{Letter, default_template};
use tandem_core::roles::ProjectRole;
use tandem_core::values::{Name, ProjectKey};
use tandem_store::{
    NewAuditEntry, NewProject, NewRaciActivity, NewRaciAssignment, RaciHolder, StoreConfig,
    StoreError,
};

fn activity(name: &str, cells: &[(RaciHolder, Letter)]) -> NewRaciActivity {
    NewRaciActivity {
        name: name.to_owned(),
        description: String::new(),
        side: Side::Product,
        assignments: cells
            .iter()
            .map(|(holder, letter)| NewRaciAssignment {
                holder: *holder,
                letter: *letter,
            })
            .collect(),
    }
}

pub async fn raci_matrix_is_copied_once_and_versioned(config: StoreConfig) {
    let store = open(&config).await;
    let person = member(&store, "paula@example.com").await;
    let project = store
        .create_project(&NewProject {
            key: ProjectKey::parse("ACME").unwrap(),
            name: Name::parse("name", "Acme").unwrap(),
            client_id: None,
            description: String::new(),
            start_date: None,
            target_launch_date: None,
            budget: None,
            product_manager_id: Some(person.id),
            project_manager_id: None,
            created_by: None,
        })
        .await
        .unwrap();
    assert!(store.raci_matrix(project.id).await.unwrap().is_none());
    let pm = RaciHolder::Role(ProjectRole::ProductManager);
    let template = [
        activity("Vision", &[(pm, Letter::A)]),
        activity("Budget", &[]),
    ];
    let first = store
        .ensure_raci_matrix(project.id, &template)
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.activities.len(), 2);
    // A second copy is a no-op.
    let again = store
        .ensure_raci_matrix(project.id, &template)
        .await
        .unwrap();
    assert_eq!(again, first);

    let vision = first.activities[0].id;
    let cells = [
        NewRaciAssignment {
            holder: pm,
            letter: Letter::R,
        },
        NewRaciAssignment {
            holder: RaciHolder::User(person.id),
            letter: Letter::A,
        },
    ];
    let changed = store
        .set_raci_assignments(project.id, vision, 1, &cells)
        .await
        .unwrap();
    assert_eq!(changed.version, 2);
    assert_eq!(changed.activities[0].assignments.len(), 2);
    // The old version is refused.
    assert!(matches!(
        store
            .set_raci_assignments(project.id, vision, 1, &cells)
            .await,
        Err(StoreError::VersionConflict { current: 2 })
    ));
    // The unique index refuses a second A even if a caller skipped the check.
    let two_as = [
        NewRaciAssignment {
            holder: pm,
            letter: Letter::A,
        },
        NewRaciAssignment {
            holder: RaciHolder::User(person.id),
            letter: Letter::A,
        },
    ];
    match store
        .set_raci_assignments(project.id, vision, 2, &two_as)
        .await
    {
        Err(StoreError::Conflict { constraint }) => {
            assert_eq!(constraint, "raci_assignments.one_accountable")
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let (added, id) = store
        .add_raci_activity(project.id, 2, &activity("Timeline", &[]), None)
        .await
        .unwrap();
    assert_eq!(added.activities.last().unwrap().id, id);
    assert!(matches!(
        store
            .add_raci_activity(project.id, 3, &activity("timeline", &[]), None)
            .await,
        Ok(_) | Err(StoreError::Conflict { .. })
    ));
    let current = store.raci_matrix(project.id).await.unwrap().unwrap();
    let deleted = store
        .delete_raci_activity(project.id, id, current.version)
        .await
        .unwrap();
    assert!(deleted.activities.iter().all(|a| a.id != id));
    assert!(matches!(
        store
            .delete_raci_activity(project.id, id, deleted.version)
            .await,
        Err(StoreError::NotFound)
    ));
}

pub async fn raci_template_round_trips_with_its_version(config: StoreConfig) {
    let store = open(&config).await;
    assert!(store.raci_template().await.unwrap().is_none());
    let saved = store
        .save_raci_template(&default_template(), 0)
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
    assert!(matches!(
        store.save_raci_template(&default_template(), 0).await,
        Err(StoreError::VersionConflict { current: 1 })
    ));
    let read = store.raci_template().await.unwrap().unwrap();
    assert_eq!(read.activities, default_template());
    assert_eq!(store.save_raci_template(&[], 1).await.unwrap().version, 2);
}

pub async fn health_snapshots_settings_and_recent_writes(config: StoreConfig) {
    let store = open(&config).await;
    let person = member(&store, "jonas@example.com").await;
    let project = store
        .create_project(&NewProject {
            key: ProjectKey::parse("ACME").unwrap(),
            name: Name::parse("name", "Acme").unwrap(),
            client_id: None,
            description: String::new(),
            start_date: None,
            target_launch_date: None,
            budget: None,
            product_manager_id: None,
            project_manager_id: Some(person.id),
            created_by: None,
        })
        .await
        .unwrap();
    let verdict = serde_json::json!({ "severity": "watch" });
    store
        .save_health_snapshot(project.id, "2026-11-16", &verdict)
        .await
        .unwrap();
    store
        .save_health_snapshot(project.id, "2026-11-23", &verdict)
        .await
        .unwrap();
    let replaced = serde_json::json!({ "severity": "at_risk" });
    store
        .save_health_snapshot(project.id, "2026-11-23", &replaced)
        .await
        .unwrap();
    let snapshots = store.health_snapshots(project.id, 10).await.unwrap();
    assert_eq!(snapshots.len(), 2);
    assert_eq!(snapshots[0].week, "2026-11-23");
    assert_eq!(snapshots[0].verdict, replaced);

    assert!(store.swap_setting("k", None, "1").await.unwrap());
    assert!(!store.swap_setting("k", None, "2").await.unwrap());
    assert!(!store.swap_setting("k", Some("0"), "2").await.unwrap());
    assert!(store.swap_setting("k", Some("1"), "2").await.unwrap());
    assert_eq!(store.setting("k").await.unwrap().as_deref(), Some("2"));

    for (object_id, at) in [
        ("ACME", now_ms()),
        ("ACME-12", now_ms()),
        ("ACMEX", now_ms()),
    ] {
        store
            .append_audit(&NewAuditEntry {
                at,
                actor_user_id: Some(person.id),
                actor: person.email.clone(),
                action: "project.update".into(),
                object_type: "project".into(),
                object_id: object_id.into(),
                request_id: None,
                ip: None,
                details: serde_json::json!({}),
            })
            .await
            .unwrap();
    }
    let recent = store
        .recent_project_audit_by("ACME", person.id, 0, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = recent.iter().map(|e| e.object_id.as_str()).collect();
    assert_eq!(ids, ["ACME-12", "ACME"]);
}
