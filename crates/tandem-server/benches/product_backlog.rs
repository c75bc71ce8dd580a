//! The product cockpit of a 2,000-feature project, timed end to end over HTTP on a local
//! server (SQLite): `cargo bench -p tandem-server --bench product_backlog`. Every feature is
//! scored; most rest on hypotheses (derived confidence), have acceptance criteria, and some
//! have linked work items (readiness). The product budget is under 50 ms server-side for the
//! ranked backlog page.

mod common;

use common::Bench;
use std::time::Instant;
use tandem_core::product::artefacts::{HypothesisKind, HypothesisStatus, Visibility};
use tandem_core::product::assumptions::{Evidence, Importance};
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::Impact;
use tandem_core::work::ItemType;
use tandem_store::{FeatureFields, HypothesisFields, NewFeature, NewHypothesis, NewItem};

const FEATURES: usize = 2_000;
const HYPOTHESES: usize = 100;
const FIBONACCI: [i64; 7] = [1, 2, 3, 5, 8, 13, 20];
const IMPACTS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 3.0];

fn main() {
    common::run(run);
}

async fn run() {
    let bench = Bench::start("PERF", "Two thousand features").await;
    let (store, project) = (&bench.store, &bench.project);
    let started = Instant::now();
    let evidences = [
        Evidence::None,
        Evidence::Weak,
        Evidence::Moderate,
        Evidence::Strong,
    ];
    let mut hypotheses = Vec::new();
    for index in 0..HYPOTHESES {
        let hypothesis = store
            .create_hypothesis(&NewHypothesis {
                project_id: project.id,
                created_by: None,
                fields: HypothesisFields {
                    statement: format!("We believe assumption {index} holds"),
                    kind: HypothesisKind::Desirability,
                    importance: Importance::new((index % 5) as u8 + 1).expect("1 to 5"),
                    evidence: evidences[index % evidences.len()],
                    status: HypothesisStatus::Untested,
                    visibility: Visibility::Internal,
                    workshop_id: None,
                },
            })
            .await
            .expect("a hypothesis");
        hypotheses.push(hypothesis.id);
    }
    let workflow = store.workflow(project.id).await.expect("workflow");
    for index in 0..FEATURES {
        let fib = |shift: usize| FIBONACCI[(index + shift) % FIBONACCI.len()];
        let feature = store
            .create_feature(&NewFeature {
                project_id: project.id,
                created_by: None,
                fields: FeatureFields {
                    reach: Some((index % 97) as f64 * 10.0 + 5.0),
                    impact: Some(Impact::from_factor(IMPACTS[index % 5]).expect("an impact")),
                    effort_months: Some((index % 6) as f64 + 0.5),
                    business_value: Some(fib(0)),
                    time_criticality: Some(fib(2)),
                    risk_reduction: Some(fib(4)),
                    job_size: Some(fib(1)),
                    value_score: Some((index % 10) as f64 + 1.0),
                    effort_score: Some((index % 7) as f64 + 1.0),
                    estimate_days: Some((index % 20) as f64 + 1.0),
                    moscow: Some(Moscow::ALL[index % 4]),
                    mvp: index % 10 == 0,
                    ..FeatureFields::idea(format!("Feature number {index}"))
                },
                persona_ids: Vec::new(),
                hypothesis_ids: if index % 4 == 0 {
                    Vec::new()
                } else {
                    vec![
                        hypotheses[index % HYPOTHESES],
                        hypotheses[(index * 7) % HYPOTHESES],
                    ]
                },
            })
            .await
            .expect("a feature");
        for n in 0..(index % 3) {
            store
                .add_criterion(project.id, feature.id, &format!("Criterion {n}"))
                .await
                .expect("a criterion");
        }
        if index % 4 == 1 {
            let status = &workflow.statuses[index % workflow.statuses.len()];
            store
                .create_item(&NewItem {
                    status_id: Some(status.id),
                    feature_id: Some(feature.id),
                    blocking: index % 8 == 1,
                    ..NewItem::new(
                        project.id,
                        ItemType::Bug,
                        format!("Item of feature {index}"),
                    )
                })
                .await
                .expect("an item");
        }
    }
    println!("created {FEATURES} features in {:.1?}", started.elapsed());
    for (name, path) in [
        ("product page by RICE", "/projects/PERF/product"),
        ("product page by WSJF", "/projects/PERF/product?sort=wsjf"),
        ("API backlog by RICE", "/api/v1/projects/PERF/features"),
        ("API MVP", "/api/v1/projects/PERF/mvp"),
        ("feature page", "/projects/PERF/features/2"),
    ] {
        bench.time(name, path).await;
    }
}
