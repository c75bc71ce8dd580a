//! The product cockpit's artefacts: personas, hypotheses with experiments, features with
//! links, criteria and optimistic concurrency.

use crate::harness::{invalid, member, open};
use tandem_core::product::artefacts::{
    ExperimentMethod, ExperimentOutcome, FeatureStatus, Horizon, HypothesisKind, HypothesisStatus,
    Visibility,
};
use tandem_core::product::assumptions::{Evidence, Importance};
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::{Confidence, Impact};
use tandem_core::values::{Name, ProjectKey};
use tandem_store::{
    CriterionPatch, ExperimentFields, ExperimentPatch, FeatureFields, FeatureFilter, FeaturePatch,
    HypothesisFields, HypothesisPatch, NewExperiment, NewFeature, NewHypothesis, NewPersona,
    NewProject, PersonaFields, PersonaPatch, ReleaseFilter, Store, StoreConfig, StoreError,
};

async fn project(store: &Store, key: &str) -> i64 {
    store
        .create_project(&NewProject {
            key: ProjectKey::parse(key).unwrap(),
            name: Name::parse("name", key).unwrap(),
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

fn persona_fields(name: &str, visibility: Visibility) -> PersonaFields {
    PersonaFields {
        name: name.to_owned(),
        description: "Two kids, orders on the bus".to_owned(),
        goals: "Reorder the weekly basket in a minute".to_owned(),
        pains: "Checkout forgets her address".to_owned(),
        quotes: vec![
            "I just want last week's basket again.".to_owned(),
            "  ".to_owned(),
        ],
        visibility,
        workshop_id: None,
    }
}

fn hypothesis_fields(statement: &str, importance: u8, evidence: Evidence) -> HypothesisFields {
    HypothesisFields {
        statement: statement.to_owned(),
        kind: HypothesisKind::Desirability,
        importance: Importance::new(importance).unwrap(),
        evidence,
        status: HypothesisStatus::Untested,
        visibility: Visibility::Internal,
        workshop_id: None,
    }
}

/// The day the experiments below are judged on: after 2020, long before 2999.
const TODAY: &str = "2026-06-01";

fn experiment_fields(starts_on: Option<&str>) -> ExperimentFields {
    ExperimentFields {
        title: "Five parent interviews".to_owned(),
        method: ExperimentMethod::Interview,
        success_criterion: "4 of 5 reorder weekly".to_owned(),
        starts_on: starts_on.map(str::to_owned),
        ends_on: None,
        visibility: Visibility::Internal,
        workshop_id: None,
    }
}

fn version_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> i64 {
    match result {
        Err(StoreError::VersionConflict { current }) => current,
        other => panic!("expected a version conflict, got {other:?}"),
    }
}

pub async fn personas_round_trip_with_visibility_and_versions(config: StoreConfig) {
    let store = open(&config).await;
    let author = member(&store, "pm@example.com").await;
    let shop = project(&store, "SHOP").await;
    let other = project(&store, "OTHER").await;
    let anna = store
        .create_persona(&NewPersona {
            project_id: shop,
            created_by: Some(author.id),
            fields: persona_fields("Anna, busy parent", Visibility::Shared),
        })
        .await
        .unwrap();
    assert_eq!(
        anna.fields.quotes,
        vec!["I just want last week's basket again."]
    );
    assert_eq!(anna.provenance.version, 1);
    assert_eq!(anna.provenance.created_by, Some(author.id));
    store
        .create_persona(&NewPersona {
            project_id: shop,
            created_by: None,
            fields: persona_fields("Bert, bargain hunter", Visibility::Internal),
        })
        .await
        .unwrap();
    let names = |list: Vec<tandem_store::Persona>| {
        list.into_iter().map(|p| p.fields.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.list_personas(shop, false).await.unwrap()),
        ["Anna, busy parent", "Bert, bargain hunter"]
    );
    assert_eq!(
        names(store.list_personas(shop, true).await.unwrap()),
        ["Anna, busy parent"]
    );
    assert!(matches!(
        store.persona(other, anna.id).await,
        Err(StoreError::NotFound)
    ));

    let patch = PersonaPatch {
        pains: Some("Delivery slots are gone by Tuesday".to_owned()),
        workshop_id: Some(Some(42)),
        ..PersonaPatch::default()
    };
    let updated = store
        .update_persona(shop, anna.id, &patch, 1)
        .await
        .unwrap();
    assert_eq!(updated.fields.pains, "Delivery slots are gone by Tuesday");
    assert_eq!(updated.fields.goals, anna.fields.goals);
    assert_eq!(updated.fields.workshop_id, Some(42));
    assert_eq!(updated.provenance.version, 2);
    assert_eq!(
        version_conflict(store.update_persona(shop, anna.id, &patch, 1).await),
        2
    );
    assert!(matches!(
        store.update_persona(other, anna.id, &patch, 2).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        version_conflict(store.delete_persona(shop, anna.id, 1).await),
        2
    );
    store.delete_persona(shop, anna.id, 2).await.unwrap();
    assert!(matches!(
        store.persona(shop, anna.id).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn experiments_drive_their_hypothesis(config: StoreConfig) {
    let store = open(&config).await;
    let shop = project(&store, "SHOP").await;
    let other = project(&store, "OTHER").await;
    let hypothesis = store
        .create_hypothesis(&NewHypothesis {
            project_id: shop,
            created_by: None,
            fields: hypothesis_fields("Parents reorder weekly", 5, Evidence::None),
        })
        .await
        .unwrap();
    assert_eq!(hypothesis.fields.status, HypothesisStatus::Untested);
    assert_eq!(hypothesis.experiment_count, 0);

    // Another project's hypothesis cannot be tested from here.
    let foreign = store
        .create_experiment(&NewExperiment {
            project_id: other,
            hypothesis_id: hypothesis.id,
            created_by: None,
            fields: experiment_fields(None),
        })
        .await;
    assert!(matches!(foreign, Err(StoreError::NotFound)));

    let planned = store
        .create_experiment(&NewExperiment {
            project_id: shop,
            hypothesis_id: hypothesis.id,
            created_by: None,
            fields: experiment_fields(Some("2999-01-01")),
        })
        .await
        .unwrap();
    let testing = store.hypothesis(shop, hypothesis.id).await.unwrap();
    assert_eq!(testing.fields.status, HypothesisStatus::Testing);
    assert_eq!(testing.experiment_count, 1);
    assert_eq!(testing.provenance.version, 2);

    // Not started yet: the criterion may still change.
    let sharper = ExperimentPatch {
        success_criterion: Some("5 of 5 reorder weekly".to_owned()),
        ..ExperimentPatch::default()
    };
    let planned = store
        .update_experiment(shop, planned.id, &sharper, 1, TODAY)
        .await
        .unwrap();
    assert_eq!(planned.fields.success_criterion, "5 of 5 reorder weekly");

    // Started: it is frozen, other plan details are not.
    let started = store
        .create_experiment(&NewExperiment {
            project_id: shop,
            hypothesis_id: hypothesis.id,
            created_by: None,
            fields: experiment_fields(Some("2020-01-01")),
        })
        .await
        .unwrap();
    let message = invalid(
        store
            .update_experiment(shop, started.id, &sharper, 1, TODAY)
            .await,
    );
    assert!(message.starts_with("success_criterion: "), "{message}");
    let renamed = ExperimentPatch {
        title: Some("Six interviews".to_owned()),
        success_criterion: Some(started.fields.success_criterion.clone()),
        ..ExperimentPatch::default()
    };
    let started = store
        .update_experiment(shop, started.id, &renamed, 1, TODAY)
        .await
        .unwrap();
    assert_eq!(started.fields.title, "Six interviews");

    // A stale recording loses; an inconclusive result keeps it under test with weak evidence.
    assert_eq!(
        version_conflict(
            store
                .record_experiment_result(shop, started.id, "x", None, 1)
                .await
        ),
        2
    );
    let recorded = store
        .record_experiment_result(
            shop,
            started.id,
            "3 of 5 would",
            Some(ExperimentOutcome::Inconclusive),
            2,
        )
        .await
        .unwrap();
    assert_eq!(
        recorded.experiment.outcome,
        Some(ExperimentOutcome::Inconclusive)
    );
    assert_eq!(recorded.experiment.result, "3 of 5 would");
    assert_eq!(recorded.hypothesis.fields.status, HypothesisStatus::Testing);
    assert_eq!(recorded.hypothesis.fields.evidence, Evidence::Weak);

    // A validated outcome decides it, with strong evidence.
    let recorded = store
        .record_experiment_result(
            shop,
            planned.id,
            "5 of 5 reorder weekly",
            Some(ExperimentOutcome::Validated),
            planned.provenance.version,
        )
        .await
        .unwrap();
    assert_eq!(
        recorded.hypothesis.fields.status,
        HypothesisStatus::Validated
    );
    assert_eq!(recorded.hypothesis.fields.evidence, Evidence::Strong);
    // With a result, the criterion is frozen even before the start date.
    let message = invalid(
        store
            .update_experiment(
                shop,
                planned.id,
                &ExperimentPatch {
                    success_criterion: Some("anything".to_owned()),
                    ..ExperimentPatch::default()
                },
                recorded.experiment.provenance.version,
                TODAY,
            )
            .await,
    );
    assert!(message.starts_with("success_criterion: "), "{message}");

    let listed = store.list_experiments(hypothesis.id, false).await.unwrap();
    assert_eq!(
        listed.iter().map(|e| e.id).collect::<Vec<_>>(),
        [planned.id, started.id]
    );
    assert!(
        store
            .list_experiments(hypothesis.id, true)
            .await
            .unwrap()
            .is_empty()
    );

    // Hypotheses: patch, list order, delete with experiments.
    let minor = store
        .create_hypothesis(&NewHypothesis {
            project_id: shop,
            created_by: None,
            fields: hypothesis_fields("Couriers accept 2-hour slots", 2, Evidence::Moderate),
        })
        .await
        .unwrap();
    let minor = store
        .update_hypothesis(
            shop,
            minor.id,
            &HypothesisPatch {
                kind: Some(HypothesisKind::Feasibility),
                visibility: Some(Visibility::Shared),
                ..HypothesisPatch::default()
            },
            1,
        )
        .await
        .unwrap();
    assert_eq!(minor.fields.kind, HypothesisKind::Feasibility);
    let all = store.list_hypotheses(shop, false).await.unwrap();
    assert_eq!(
        all.iter().map(|h| h.id).collect::<Vec<_>>(),
        [hypothesis.id, minor.id]
    );
    let shared = store.list_hypotheses(shop, true).await.unwrap();
    assert_eq!(shared.iter().map(|h| h.id).collect::<Vec<_>>(), [minor.id]);
    let current = store.hypothesis(shop, hypothesis.id).await.unwrap();
    store
        .delete_hypothesis(shop, hypothesis.id, current.provenance.version)
        .await
        .unwrap();
    assert!(matches!(
        store.experiment(shop, planned.id).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn features_keep_links_criteria_and_order(config: StoreConfig) {
    let store = open(&config).await;
    let shop = project(&store, "SHOP").await;
    let other = project(&store, "OTHER").await;
    let anna = store
        .create_persona(&NewPersona {
            project_id: shop,
            created_by: None,
            fields: persona_fields("Anna", Visibility::Internal),
        })
        .await
        .unwrap();
    let strong = store
        .create_hypothesis(&NewHypothesis {
            project_id: shop,
            created_by: None,
            fields: hypothesis_fields("Parents reorder weekly", 5, Evidence::Strong),
        })
        .await
        .unwrap();
    let weak = store
        .create_hypothesis(&NewHypothesis {
            project_id: shop,
            created_by: None,
            fields: hypothesis_fields("They trust saved payment", 4, Evidence::Weak),
        })
        .await
        .unwrap();
    let foreign = store
        .create_hypothesis(&NewHypothesis {
            project_id: other,
            created_by: None,
            fields: hypothesis_fields("Elsewhere", 3, Evidence::None),
        })
        .await
        .unwrap();

    let reorder = store
        .create_feature(&NewFeature {
            project_id: shop,
            created_by: None,
            fields: FeatureFields {
                problem: "Weekly basket takes 15 minutes".to_owned(),
                moscow: Some(Moscow::Must),
                mvp: true,
                horizon: Some(Horizon::Now),
                reach: Some(4000.0),
                impact: Some(Impact::High),
                effort_months: Some(2.0),
                business_value: Some(13),
                estimate_days: Some(20.0),
                ..FeatureFields::idea("One-tap reorder")
            },
            persona_ids: vec![anna.id, anna.id],
            hypothesis_ids: vec![weak.id, strong.id],
        })
        .await
        .unwrap();
    assert_eq!(reorder.rank, 1);
    assert_eq!(reorder.fields.impact, Some(Impact::High));
    assert_eq!(reorder.fields.confidence, None);
    assert_eq!(reorder.personas.len(), 1);
    assert_eq!(
        reorder.hypotheses.iter().map(|h| h.id).collect::<Vec<_>>(),
        [strong.id, weak.id]
    );
    assert_eq!(
        reorder.hypothesis_evidence(),
        [(Evidence::Strong, false), (Evidence::Weak, false)]
    );

    let message = invalid(
        store
            .create_feature(&NewFeature {
                project_id: shop,
                created_by: None,
                fields: FeatureFields::idea("Sneaky"),
                persona_ids: vec![],
                hypothesis_ids: vec![foreign.id],
            })
            .await,
    );
    assert_eq!(
        message,
        format!(
            "hypothesis_ids: no hypothesis {} in this project",
            foreign.id
        )
    );
    let wishlist = store
        .create_feature(&NewFeature {
            project_id: shop,
            created_by: None,
            fields: FeatureFields {
                visibility: Visibility::Shared,
                confidence: Some(Confidence::Medium),
                ..FeatureFields::idea("Wishlist")
            },
            persona_ids: vec![],
            hypothesis_ids: vec![],
        })
        .await
        .unwrap();
    // The failed creation left nothing behind, so the rank continues at 2.
    assert_eq!(wishlist.rank, 2);
    assert_eq!(wishlist.fields.confidence, Some(Confidence::Medium));

    // Criteria.
    let first = store
        .add_criterion(shop, reorder.id, "Reorder works from the order history")
        .await
        .unwrap();
    let second = store
        .add_criterion(shop, reorder.id, "Out-of-stock items are flagged")
        .await
        .unwrap();
    assert_eq!((first.position, second.position), (1, 2));
    assert!(matches!(
        store.add_criterion(other, reorder.id, "x").await,
        Err(StoreError::NotFound)
    ));
    let ticked = store
        .update_criterion(
            shop,
            reorder.id,
            first.id,
            &CriterionPatch {
                met: Some(true),
                ..CriterionPatch::default()
            },
            1,
        )
        .await
        .unwrap();
    assert!(ticked.met);
    assert_eq!(ticked.text, first.text);
    assert_eq!(
        version_conflict(
            store
                .update_criterion(shop, reorder.id, first.id, &CriterionPatch::default(), 1)
                .await
        ),
        2
    );
    let loaded = store.feature(shop, reorder.id).await.unwrap();
    assert_eq!((loaded.criteria_met, loaded.criteria_total), (1, 2));
    store
        .delete_criterion(shop, reorder.id, second.id, 1)
        .await
        .unwrap();
    let criteria = store.list_criteria(shop, reorder.id).await.unwrap();
    assert_eq!(criteria.len(), 1);

    // Patch: scores, status, links, rank.
    let patch = FeaturePatch {
        status: Some(FeatureStatus::Planned),
        confidence: Some(Some(Confidence::High)),
        horizon: Some(None),
        release_id: Some(Some(7)),
        rank: Some(3),
        hypothesis_ids: Some(vec![strong.id]),
        ..FeaturePatch::default()
    };
    let updated = store
        .update_feature(shop, reorder.id, &patch, 1)
        .await
        .unwrap();
    assert_eq!(updated.fields.status, FeatureStatus::Planned);
    assert_eq!(updated.fields.confidence, Some(Confidence::High));
    assert_eq!(updated.fields.horizon, None);
    assert_eq!(updated.fields.release_id, Some(7));
    assert_eq!(updated.fields.reach, Some(4000.0));
    assert_eq!(updated.hypotheses.len(), 1);
    assert_eq!(updated.personas.len(), 1);
    assert_eq!(updated.provenance.version, 2);
    assert_eq!(
        version_conflict(store.update_feature(shop, reorder.id, &patch, 1).await),
        2
    );
    // A failed link change rolls the whole patch back.
    let bad = FeaturePatch {
        title: Some("Renamed".to_owned()),
        persona_ids: Some(vec![999_999]),
        ..FeaturePatch::default()
    };
    let message = invalid(store.update_feature(shop, reorder.id, &bad, 2).await);
    assert_eq!(message, "persona_ids: no persona 999999 in this project");
    assert_eq!(
        store.feature(shop, reorder.id).await.unwrap().fields.title,
        "One-tap reorder"
    );

    let titles = |list: Vec<tandem_store::Feature>| {
        list.into_iter().map(|f| f.fields.title).collect::<Vec<_>>()
    };
    let all = FeatureFilter::default();
    assert_eq!(
        titles(store.list_features(shop, &all).await.unwrap()),
        ["Wishlist", "One-tap reorder"]
    );
    let shared = FeatureFilter {
        shared_only: true,
        ..all
    };
    assert_eq!(
        titles(store.list_features(shop, &shared).await.unwrap()),
        ["Wishlist"]
    );
    // Every other condition on its own, then together (AND).
    let cases = [
        (
            FeatureFilter {
                mvp: Some(true),
                ..all
            },
            vec!["One-tap reorder"],
        ),
        (
            FeatureFilter {
                mvp: Some(false),
                ..all
            },
            vec!["Wishlist"],
        ),
        (
            FeatureFilter {
                release: Some(ReleaseFilter::Release(7)),
                ..all
            },
            vec!["One-tap reorder"],
        ),
        (
            FeatureFilter {
                release: Some(ReleaseFilter::NoRelease),
                ..all
            },
            vec!["Wishlist"],
        ),
        (
            FeatureFilter {
                shared_only: true,
                release: Some(ReleaseFilter::NoRelease),
                ..all
            },
            vec!["Wishlist"],
        ),
        (
            FeatureFilter {
                moscow: Some(Moscow::Must),
                ..all
            },
            vec!["One-tap reorder"],
        ),
        (
            FeatureFilter {
                moscow: Some(Moscow::Could),
                ..all
            },
            vec![],
        ),
        (
            FeatureFilter {
                persona_id: Some(anna.id),
                ..all
            },
            vec!["One-tap reorder"],
        ),
        (
            FeatureFilter {
                persona_id: Some(anna.id),
                moscow: Some(Moscow::Must),
                mvp: Some(true),
                release: Some(ReleaseFilter::Release(7)),
                ..all
            },
            vec!["One-tap reorder"],
        ),
        (
            FeatureFilter {
                persona_id: Some(anna.id),
                mvp: Some(false),
                ..all
            },
            vec![],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            titles(store.list_features(shop, &filter).await.unwrap()),
            expected,
            "{filter:?}"
        );
    }
    assert!(store.list_features(other, &all).await.unwrap().is_empty());

    // Deleting a hypothesis or persona drops the links; deleting the feature drops criteria.
    store
        .delete_hypothesis(shop, strong.id, strong.provenance.version)
        .await
        .unwrap();
    store.delete_persona(shop, anna.id, 1).await.unwrap();
    let loaded = store.feature(shop, reorder.id).await.unwrap();
    assert!(loaded.hypotheses.is_empty() && loaded.personas.is_empty());
    assert_eq!(
        version_conflict(store.delete_feature(shop, reorder.id, 1).await),
        2
    );
    store.delete_feature(shop, reorder.id, 2).await.unwrap();
    assert!(matches!(
        store.list_criteria(shop, reorder.id).await,
        Err(StoreError::NotFound)
    ));
}
