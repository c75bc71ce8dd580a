//! Product direction in the store: vision revisions in the save's transaction, decisions that
//! cover a direction change, feedback weights, and a go/no-go outcome that is all or nothing.

use crate::harness::{invalid, member, open};
use tandem_core::product::direction::{
    DecisionStatus, FeedbackSource, Importance, LinkKind, Outcome, ReleaseStatus, Visibility,
    VisionBoxes, default_criteria,
};
use tandem_core::values::{Name, ProjectKey};
use tandem_store::direction::{
    Criterion, DecideInput, DecisionInput, DecisionLink, FeedbackFilter, FeedbackInput,
    ReleaseInput, VisionSave,
};
use tandem_store::{NewProject, StoreConfig, StoreError};

async fn project(store: &tandem_store::Store) -> i64 {
    store
        .create_project(&NewProject {
            key: ProjectKey::parse("DIR").unwrap(),
            name: Name::parse("name", "Direction").unwrap(),
            client_id: None,
            description: String::new(),
            start_date: None,
            target_launch_date: None,
            budget: None,
            product_manager_id: None,
            project_manager_id: None,
            created_by: None,
        })
        .await
        .unwrap()
        .id
}

fn decision(title: &str, links: Vec<DecisionLink>) -> DecisionInput {
    DecisionInput {
        title: title.into(),
        status: DecisionStatus::Proposed,
        context: String::new(),
        options: vec!["A".into(), "B".into()],
        decision: String::new(),
        rationale: String::new(),
        decider_id: None,
        consulted: Vec::new(),
        decided_on: None,
        due_on: Some("2020-01-01".into()),
        consequence_scope: String::new(),
        consequence_time: String::new(),
        consequence_cost: String::new(),
        revisit_on: None,
        superseded_by: None,
        visibility: Visibility::Internal,
        workshop_id: None,
        links,
    }
}

pub async fn vision_saves_record_revisions_and_decisions_cover_direction_changes(
    config: StoreConfig,
) {
    let store = open(&config).await;
    let pm = member(&store, "pm@example.com").await;
    let id = project(&store).await;
    assert_eq!(store.vision_board(id).await.unwrap().version, 0);
    let first = VisionBoxes {
        vision: "V".into(),
        target_group: "Parents".into(),
        ..VisionBoxes::default()
    };
    let save = |boxes: VisionBoxes| VisionSave {
        boxes,
        visibility: Visibility::Shared,
        editor: pm.id,
    };
    let (board, revision) = store
        .save_vision_board(id, &save(first.clone()), 0)
        .await
        .unwrap();
    assert_eq!(board.version, 1);
    assert!(!revision.unwrap().direction_change);
    // A second save from version 0 is stale and writes nothing.
    let stale = store.save_vision_board(id, &save(first.clone()), 0).await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionConflict { current: 1 })
    ));
    // Only the visibility changed: no revision.
    let (_, none) = store
        .save_vision_board(id, &save(first.clone()), 1)
        .await
        .unwrap();
    assert!(none.is_none());
    let changed = VisionBoxes {
        target_group: "Offices".into(),
        ..first
    };
    let (_, revision) = store
        .save_vision_board(id, &save(changed), 2)
        .await
        .unwrap();
    let revision = revision.unwrap();
    assert!(revision.direction_change);
    assert_eq!(revision.previous.target_group, "Parents");
    assert_eq!(store.vision_revisions(id).await.unwrap().len(), 2);

    let link = DecisionLink {
        kind: LinkKind::VisionRevision,
        id: revision.id,
    };
    let bad = DecisionLink {
        kind: LinkKind::VisionRevision,
        id: revision.id + 100,
    };
    let refused = store
        .create_decision(id, &decision("x", vec![bad]), pm.id)
        .await;
    assert!(invalid(refused).starts_with("links"));
    let recorded = store
        .create_decision(id, &decision("Offices first", vec![link]), pm.id)
        .await
        .unwrap();
    assert_eq!(recorded.options, vec!["A", "B"]);
    let covered = store.vision_revision(id, revision.id).await.unwrap();
    assert_eq!(covered.decision_id, Some(recorded.id));
    let overdue = store
        .list_decisions(
            id,
            &tandem_store::direction::DecisionFilter {
                overdue_on: Some("2026-01-01".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(overdue.len(), 1);
}

pub async fn go_no_go_outcome_is_one_transaction(config: StoreConfig) {
    let store = open(&config).await;
    let pm = member(&store, "pm@example.com").await;
    let id = project(&store).await;
    let release = store
        .create_release(
            id,
            &ReleaseInput {
                name: "1.0".into(),
                target_date: Some("2026-12-01".into()),
                status: ReleaseStatus::Planned,
                description: String::new(),
                visibility: Visibility::Internal,
            },
            pm.id,
        )
        .await
        .unwrap();
    let criteria: Vec<Criterion> = default_criteria()
        .into_iter()
        .map(Criterion::from)
        .collect();
    let input = |outcome, descope: Vec<i64>| DecideInput {
        outcome,
        new_date: Some("2026-12-20".into()),
        descope,
        rationale: "why".into(),
        decider_id: pm.id,
        decision: decision(
            "Go/no-go",
            vec![DecisionLink {
                kind: LinkKind::Release,
                id: release.id,
            }],
        ),
        criteria: criteria.clone(),
    };
    // Descoping a feature that is not in the release fails and leaves nothing behind.
    let failed = store
        .decide_release(
            id,
            release.id,
            &input(Outcome::Descope, vec![999]),
            release.version,
        )
        .await;
    assert!(invalid(failed).starts_with("features"));
    assert!(store.go_no_go(release.id).await.unwrap().is_none());
    assert!(
        store
            .list_decisions(id, &Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.release(id, release.id).await.unwrap().version, 1);

    let stale = store
        .decide_release(id, release.id, &input(Outcome::Delay, Vec::new()), 7)
        .await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionConflict { current: 1 })
    ));
    let delayed = store
        .decide_release(id, release.id, &input(Outcome::Delay, Vec::new()), 1)
        .await
        .unwrap();
    assert_eq!(delayed.release.target_date.as_deref(), Some("2026-12-20"));
    assert_eq!(delayed.go_no_go.outcome, Some(Outcome::Delay));
    assert_eq!(delayed.go_no_go.decision_id, Some(delayed.decision_id));
    assert_eq!(
        store
            .list_decisions(id, &Default::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn feedback_weights_count_by_importance(config: StoreConfig) {
    let store = open(&config).await;
    let id = project(&store).await;
    for (importance, features) in [
        (Importance::Critical, vec![1, 2]),
        (Importance::NiceToHave, vec![1]),
        (Importance::Important, Vec::new()),
    ] {
        store
            .create_feedback(
                id,
                &FeedbackInput {
                    source: FeedbackSource::Support,
                    contact: String::new(),
                    text: "t".into(),
                    persona_id: None,
                    importance,
                    submitted_by: None,
                    workshop_id: None,
                    feature_ids: features,
                },
            )
            .await
            .unwrap();
    }
    let weights = store.feedback_by_feature(id).await.unwrap();
    assert_eq!((weights[&1].count, weights[&1].weight), (2, 10));
    assert_eq!((weights[&2].count, weights[&2].weight), (1, 9));
    let linked = store
        .list_feedback(
            id,
            &FeedbackFilter {
                feature_id: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(linked.len(), 2);
    assert!(linked.iter().all(|f| f.status.as_str() == "linked"));
}
