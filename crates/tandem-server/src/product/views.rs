//! What the product endpoints send back. Links to artefacts a client may not see are left
//! out of a client's view.

use super::scores::{FeatureScores, SortModel};
use crate::api::views::timestamp;
use serde::Serialize;
use tandem_core::product::assumptions::{self, Quadrant};
use tandem_core::product::moscow::{self, MUST_SHARE_LIMIT};
use tandem_core::product::readiness::{Readiness, ReadinessInput, readiness};
use tandem_store::direction::FeatureFeedback;
use tandem_store::{Criterion, Experiment, Feature, FeatureItem, Hypothesis, Persona, Provenance};
use utoipa::ToSchema;

/// Creation details and version of an artefact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

impl From<&Provenance> for Meta {
    fn from(p: &Provenance) -> Self {
        Self {
            created_by: p.created_by,
            created_at: timestamp(p.created_at),
            updated_at: timestamp(p.updated_at),
            version: p.version,
        }
    }
}

/// A persona.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonaView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub goals: String,
    pub pains: String,
    pub quotes: Vec<String>,
    /// internal or shared.
    pub visibility: String,
    pub workshop_id: Option<i64>,
    #[serde(flatten)]
    pub meta: Meta,
}

impl From<&Persona> for PersonaView {
    fn from(p: &Persona) -> Self {
        let f = &p.fields;
        Self {
            id: p.id,
            name: f.name.clone(),
            description: f.description.clone(),
            goals: f.goals.clone(),
            pains: f.pains.clone(),
            quotes: f.quotes.clone(),
            visibility: f.visibility.as_str().to_owned(),
            workshop_id: f.workshop_id,
            meta: (&p.provenance).into(),
        }
    }
}

/// A hypothesis with its place on the assumption map.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HypothesisView {
    pub id: i64,
    pub statement: String,
    /// desirability, viability, feasibility.
    pub kind: String,
    pub importance: u8,
    /// none, weak, moderate, strong.
    pub evidence: String,
    /// untested, testing, validated, invalidated.
    pub status: String,
    /// test_first, proceed, test_later, safe.
    #[schema(value_type = String)]
    pub quadrant: Quadrant,
    pub experiment_count: i64,
    /// The personas it is about, by name (clients see shared ones only).
    pub personas: Vec<LinkView>,
    pub visibility: String,
    pub workshop_id: Option<i64>,
    #[serde(flatten)]
    pub meta: Meta,
}

impl From<&Hypothesis> for HypothesisView {
    fn from(h: &Hypothesis) -> Self {
        let f = &h.fields;
        Self {
            id: h.id,
            statement: f.statement.clone(),
            kind: f.kind.as_str().to_owned(),
            importance: f.importance.value(),
            evidence: f.evidence.as_str().to_owned(),
            status: f.status.as_str().to_owned(),
            quadrant: assumptions::quadrant(f.importance, f.evidence),
            experiment_count: h.experiment_count,
            personas: h
                .personas
                .iter()
                .map(|p| LinkView {
                    id: p.id,
                    label: p.name.clone(),
                    evidence: None,
                    status: None,
                })
                .collect(),
            visibility: f.visibility.as_str().to_owned(),
            workshop_id: f.workshop_id,
            meta: (&h.provenance).into(),
        }
    }
}

impl HypothesisView {
    /// The quadrant in words, for tables.
    pub fn quadrant_label(&self) -> &'static str {
        match self.quadrant {
            Quadrant::TestFirst => "test first",
            Quadrant::Proceed => "proceed",
            Quadrant::TestLater => "test later",
            Quadrant::Safe => "safe",
        }
    }
}

/// An experiment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExperimentView {
    pub id: i64,
    pub hypothesis_id: i64,
    pub title: String,
    pub method: String,
    pub success_criterion: String,
    /// True once the criterion can no longer change (started or has a result).
    pub criterion_locked: bool,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub result: String,
    /// validated, invalidated, inconclusive; null until recorded.
    pub outcome: Option<String>,
    pub visibility: String,
    pub workshop_id: Option<i64>,
    #[serde(flatten)]
    pub meta: Meta,
}

impl ExperimentView {
    /// The view as of `today` (`YYYY-MM-DD`, for the criterion lock).
    pub fn new(e: &Experiment, today: &str) -> Self {
        let f = &e.fields;
        Self {
            id: e.id,
            hypothesis_id: e.hypothesis_id,
            title: f.title.clone(),
            method: f.method.as_str().to_owned(),
            success_criterion: f.success_criterion.clone(),
            criterion_locked: e.criterion_locked(today),
            starts_on: f.starts_on.clone(),
            ends_on: f.ends_on.clone(),
            result: e.result.clone(),
            outcome: e.outcome.map(|o| o.as_str().to_owned()),
            visibility: f.visibility.as_str().to_owned(),
            workshop_id: f.workshop_id,
            meta: (&e.provenance).into(),
        }
    }
}

/// A recorded result with the hypothesis it updated.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordedView {
    pub experiment: ExperimentView,
    pub hypothesis: HypothesisView,
}

/// A quadrant of the assumption map.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuadrantView {
    #[schema(value_type = String)]
    pub quadrant: Quadrant,
    /// What to do with these.
    pub advice: &'static str,
    /// Riskiest first.
    pub hypotheses: Vec<HypothesisView>,
}

/// Hypotheses by importance × evidence, riskiest quadrant and riskiest hypothesis first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssumptionMapView {
    pub quadrants: Vec<QuadrantView>,
    /// All hypotheses, riskiest first.
    pub riskiest_first: Vec<HypothesisView>,
}

impl AssumptionMapView {
    /// Builds the map with core's quadrant and risk-rank rules.
    pub fn new(hypotheses: &[Hypothesis]) -> Self {
        let mut ordered: Vec<&Hypothesis> = hypotheses.iter().collect();
        ordered.sort_by_key(|h| {
            (
                assumptions::risk_rank(h.fields.importance, h.fields.evidence),
                h.id,
            )
        });
        let riskiest_first: Vec<HypothesisView> =
            ordered.iter().map(|h| HypothesisView::from(*h)).collect();
        let quadrants = [
            (
                Quadrant::TestFirst,
                "Important and barely known: test these first.",
            ),
            (
                Quadrant::TestLater,
                "Minor and barely known: test when cheap.",
            ),
            (
                Quadrant::Proceed,
                "Important and well supported: proceed, keep watching.",
            ),
            (
                Quadrant::Safe,
                "Minor and well supported: no action needed.",
            ),
        ]
        .into_iter()
        .map(|(quadrant, advice)| QuadrantView {
            quadrant,
            advice,
            hypotheses: riskiest_first
                .iter()
                .filter(|h| h.quadrant == quadrant)
                .cloned()
                .collect(),
        })
        .collect();
        Self {
            quadrants,
            riskiest_first,
        }
    }
}

/// A linked persona or hypothesis.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkView {
    pub id: i64,
    /// Persona name or hypothesis statement.
    pub label: String,
    /// For hypotheses: their evidence and status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A feature's readiness by core's rule: all acceptance criteria met, every linked work item
/// done, no open bug marked blocking.
pub fn feature_readiness(f: &Feature) -> Readiness {
    readiness(ReadinessInput {
        criteria_met: f.criteria_met,
        criteria_total: f.criteria_total,
        items_done: f.items.done,
        items_total: f.items.total,
        open_blocking_bugs: f.items.open_blocking_bugs,
    })
}

/// Whether a feature may be released, and why not.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadinessView {
    pub ready: bool,
    pub criteria_met: u32,
    pub criteria_total: u32,
    /// Linked work items in a done status.
    pub items_done: u32,
    /// Linked work items in total.
    pub items_total: u32,
    /// Linked bugs marked blocking that are not done.
    pub open_blocking_bugs: u32,
    /// Share of readiness conditions that hold, 0–1.
    pub score: f64,
    /// What is missing, in words.
    pub gaps: Vec<String>,
}

impl ReadinessView {
    /// The readiness of a stored feature.
    pub fn of(f: &Feature) -> Self {
        let r = feature_readiness(f);
        Self {
            ready: r.ready,
            criteria_met: f.criteria_met,
            criteria_total: f.criteria_total,
            items_done: f.items.done,
            items_total: f.items.total,
            open_blocking_bugs: f.items.open_blocking_bugs,
            score: r.score,
            gaps: r.gaps,
        }
    }

    /// Linked items done as a whole percentage (100 when none are linked).
    pub fn items_percent(&self) -> u32 {
        (self.items_done * 100)
            .checked_div(self.items_total)
            .unwrap_or(100)
    }
}

/// A feature with its scores, links and readiness.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureView {
    pub id: i64,
    /// Position in the list as returned (1-based).
    pub position: usize,
    /// Manual order (smaller first).
    pub rank: i64,
    pub title: String,
    pub problem: String,
    pub status: String,
    pub moscow: Option<String>,
    pub mvp: bool,
    pub horizon: Option<String>,
    pub release_id: Option<i64>,
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    /// The confidence entered (null: derived from hypotheses, see `scores`).
    pub confidence: Option<u32>,
    pub effort_months: Option<f64>,
    pub business_value: Option<i64>,
    pub time_criticality: Option<i64>,
    pub risk_reduction: Option<i64>,
    pub job_size: Option<i64>,
    pub value_score: Option<f64>,
    pub effort_score: Option<f64>,
    pub estimate_days: Option<f64>,
    pub scores: FeatureScores,
    pub personas: Vec<LinkView>,
    pub hypotheses: Vec<LinkView>,
    pub readiness: ReadinessView,
    /// Linked feedback (archived excluded): how many and the importance weight (1/3/9).
    pub feedback: FeedbackWeight,
    pub visibility: String,
    pub workshop_id: Option<i64>,
    #[serde(flatten)]
    pub meta: Meta,
}

impl FeatureView {
    /// The view of a scored feature; `internal` keeps links to internal artefacts.
    pub fn new(
        f: &Feature,
        scores: FeatureScores,
        position: usize,
        internal: bool,
        feedback: FeatureFeedback,
    ) -> Self {
        let x = &f.fields;
        let shown = |v: tandem_core::product::artefacts::Visibility| {
            internal || v == tandem_core::product::artefacts::Visibility::Shared
        };
        Self {
            id: f.id,
            position,
            rank: f.rank,
            title: x.title.clone(),
            problem: x.problem.clone(),
            status: x.status.as_str().to_owned(),
            moscow: x.moscow.map(|m| m.as_str().to_owned()),
            mvp: x.mvp,
            horizon: x.horizon.map(|h| h.as_str().to_owned()),
            release_id: x.release_id,
            reach: x.reach,
            impact: x.impact.map(|i| i.factor()),
            confidence: x.confidence.map(|c| (c.fraction() * 100.0).round() as u32),
            effort_months: x.effort_months,
            business_value: x.business_value,
            time_criticality: x.time_criticality,
            risk_reduction: x.risk_reduction,
            job_size: x.job_size,
            value_score: x.value_score,
            effort_score: x.effort_score,
            estimate_days: x.estimate_days,
            scores,
            personas: f
                .personas
                .iter()
                .filter(|p| shown(p.visibility))
                .map(|p| LinkView {
                    id: p.id,
                    label: p.name.clone(),
                    evidence: None,
                    status: None,
                })
                .collect(),
            hypotheses: f
                .hypotheses
                .iter()
                .filter(|h| shown(h.visibility))
                .map(|h| LinkView {
                    id: h.id,
                    label: h.statement.clone(),
                    evidence: Some(h.evidence.as_str().to_owned()),
                    status: Some(h.status.as_str().to_owned()),
                })
                .collect(),
            readiness: ReadinessView::of(f),
            feedback: FeedbackWeight {
                count: feedback.count,
                weight: feedback.weight,
            },
            visibility: x.visibility.as_str().to_owned(),
            workshop_id: x.workshop_id,
            meta: (&f.provenance).into(),
        }
    }
}

/// How much feedback points at a feature.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct FeedbackWeight {
    pub count: u32,
    /// Sum of importance weights: nice-to-have 1, important 3, critical 9.
    pub weight: u32,
}

/// A work item linked to a feature.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureItemView {
    pub id: i64,
    /// e.g. `ACME-42`.
    pub key: String,
    pub title: String,
    /// epic, story, task, bug, milestone.
    pub item_type: String,
    /// Status name.
    pub status: String,
    /// In a done status.
    pub done: bool,
    /// A bug marked as blocking the release.
    pub blocking: bool,
}

impl From<&FeatureItem> for FeatureItemView {
    fn from(i: &FeatureItem) -> Self {
        Self {
            id: i.id,
            key: i.key.clone(),
            title: i.title.clone(),
            item_type: i.item_type.clone(),
            status: i.status.clone(),
            done: i.done,
            blocking: i.blocking,
        }
    }
}

/// The ranked backlog.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BacklogView {
    /// The model the list is ordered by.
    pub sort: SortModel,
    pub features: Vec<FeatureView>,
}

/// An acceptance criterion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionView {
    pub id: i64,
    pub feature_id: i64,
    pub text: String,
    pub met: bool,
    pub position: i64,
    pub version: i64,
}

impl From<&Criterion> for CriterionView {
    fn from(c: &Criterion) -> Self {
        Self {
            id: c.id,
            feature_id: c.feature_id,
            text: c.text.clone(),
            met: c.met,
            position: c.position,
            version: c.version,
        }
    }
}

/// Estimated person-days of one MoSCoW priority.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MoscowDays {
    /// must, should, could, wont or unprioritised.
    pub moscow: &'static str,
    pub days: f64,
}

/// How many features have one status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: String,
    pub count: usize,
}

/// The MVP cut: what is in, how much it costs, where it stands, and the MoSCoW guard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MvpView {
    pub features: Vec<FeatureView>,
    /// Estimated person-days of all MVP features.
    pub total_days: f64,
    /// MVP features without an estimate (their effort is unknown).
    pub unestimated: usize,
    /// Person-days per MoSCoW priority (`unprioritised` for none).
    pub days_by_moscow: Vec<MoscowDays>,
    /// Number of MVP features per status.
    pub status_mix: Vec<StatusCount>,
    /// Must-have person-days.
    pub must_days: f64,
    /// Must-have share of the Must/Should/Could effort, 0–1.
    pub must_share: f64,
    /// The DSDM limit (0.6).
    pub must_share_limit: f64,
    /// A warning when Must-haves exceed the limit.
    pub warning: Option<String>,
}

impl MvpView {
    /// Sums the MVP features (all given features are in the MVP).
    pub fn new(features: Vec<FeatureView>) -> Self {
        let days = |f: &FeatureView| f.estimate_days.unwrap_or(0.0);
        let total_days = features.iter().map(days).sum();
        let unestimated = features
            .iter()
            .filter(|f| f.estimate_days.is_none())
            .count();
        let mut days_by_moscow = Vec::new();
        for key in ["must", "should", "could", "wont", "unprioritised"] {
            let sum: f64 = features
                .iter()
                .filter(|f| f.moscow.as_deref().unwrap_or("unprioritised") == key)
                .map(days)
                .sum();
            days_by_moscow.push(MoscowDays {
                moscow: key,
                days: sum,
            });
        }
        let mut status_mix: Vec<StatusCount> = Vec::new();
        for f in &features {
            match status_mix.iter_mut().find(|c| c.status == f.status) {
                Some(count) => count.count += 1,
                None => status_mix.push(StatusCount {
                    status: f.status.clone(),
                    count: 1,
                }),
            }
        }
        let pairs: Vec<(moscow::Moscow, f64)> = features
            .iter()
            .filter_map(|f| {
                let m = tandem_core::product::moscow::Moscow::parse(f.moscow.as_deref()?).ok()?;
                Some((m, days(f)))
            })
            .collect();
        let share = moscow::must_share(&pairs);
        let warning = share.over_limit.then(|| {
            format!(
                "Must-haves are {:.0} % of the estimated MVP effort (limit {:.0} %): \
                 there is no room left to absorb surprises. Move some to Should or Could.",
                share.share * 100.0,
                MUST_SHARE_LIMIT * 100.0
            )
        });
        Self {
            features,
            total_days,
            unestimated,
            days_by_moscow,
            status_mix,
            must_days: share.must_effort,
            must_share: (share.share * 1000.0).round() / 1000.0,
            must_share_limit: MUST_SHARE_LIMIT,
            warning,
        }
    }
}

/// A roadmap column.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HorizonView {
    /// now, next, later.
    pub horizon: String,
    pub features: Vec<FeatureView>,
}

/// The now/next/later roadmap.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoadmapView {
    pub columns: Vec<HorizonView>,
    /// Features not placed on the roadmap yet (rejected and released ones excluded).
    pub unplaced: Vec<FeatureView>,
}
