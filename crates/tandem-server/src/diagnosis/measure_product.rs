//! The product side measured from stored data: vision board, personas, hypotheses under the
//! MVP, the riskiest assumptions, the feedback inbox, acceptance criteria, scope churn since
//! the baseline, direction changes, the Must-have share, overdue decisions, the next release
//! and goals.

use std::collections::{HashMap, HashSet};

use super::evidence::{capped, days_between, not_measurable, record};
use crate::direction::scope::{self, ScopeView};
use crate::error::ApiError;
use crate::planning::baselines;
use jiff::civil::Date;
use tandem_core::days::WorkspaceDays;
use tandem_core::health::product::ScopeChange;
use tandem_core::health::{Evidence, Signal, SignalId, Thresholds, product};
use tandem_core::product::artefacts::{FeatureStatus, HypothesisStatus};
use tandem_core::product::assumptions::{Quadrant, quadrant};
use tandem_core::product::direction::{
    FeedbackStatus, Importance, ReleaseStatus, decision_overdue,
};
use tandem_store::direction::{
    Decision, DecisionFilter, Feedback, FeedbackFilter, GoNoGo, Objective, Release, VisionBoard,
    VisionRevision,
};
use tandem_store::{
    Baseline, BaselineFeature, Feature, FeatureFilter, Hypothesis, Persona, Project, Store,
};

/// Why scope churn cannot be measured when the project has no baseline at all.
const NO_BASELINE: &str = "no baseline of the scope was saved to compare the features with";

/// Why scope churn cannot be measured when every baseline was saved before baselines recorded
/// the feature scope (migration 0012): their scope is unknown, not empty.
const BASELINE_PREDATES_SCOPE: &str = "the latest baseline predates scope tracking; save a new one";

/// The baseline scope churn is measured against: the latest one saved with a scope.
struct ScopeBaseline {
    baseline: Baseline,
    features: Vec<BaselineFeature>,
}

impl ScopeBaseline {
    /// The latest baseline of project `id` that has a scope, or why there is none.
    async fn latest(store: &Store, id: i64) -> Result<Result<Self, &'static str>, ApiError> {
        let saved = store.list_baselines(id).await?;
        let Some(baseline) = saved.iter().find(|b| b.feature_count.is_some()) else {
            return Ok(Err(if saved.is_empty() {
                NO_BASELINE
            } else {
                BASELINE_PREDATES_SCOPE
            }));
        };
        Ok(Ok(Self {
            features: store.baseline_features(baseline.id).await?,
            baseline: baseline.clone(),
        }))
    }

    /// How the scope `features` stand now differs from this baseline's.
    fn change(&self, features: &[Feature]) -> ScopeChange {
        let then: Vec<i64> = self.features.iter().map(|f| f.feature_id).collect();
        let now: Vec<i64> = baselines::scope(features)
            .iter()
            .map(|f| f.feature_id)
            .collect();
        ScopeChange::between(&then, &now)
    }

    /// How the explanation names it: `"Plan v1" of 2026-11-02` (the day on `days`).
    fn label(&self, days: &WorkspaceDays) -> String {
        let name = &self.baseline.name;
        match days.day_of(self.baseline.created_at) {
            Some(day) => format!("\"{name}\" of {day}"),
            None => format!("\"{name}\""),
        }
    }
}

/// The release the readiness and Must-have signals look at, with its checklist and scope.
struct NextRelease {
    release: Release,
    go_no_go: Option<GoNoGo>,
    scope: ScopeView,
}

/// Everything the product signals read, loaded once.
pub(super) struct ProductFacts {
    features: Vec<Feature>,
    hypotheses: Vec<Hypothesis>,
    personas: Vec<Persona>,
    board: VisionBoard,
    revisions: Vec<VisionRevision>,
    feedback: Vec<Feedback>,
    decisions: Vec<Decision>,
    next_release: Option<NextRelease>,
    objectives: Vec<Objective>,
    /// The baseline scope churn is measured against, or why it cannot be.
    scope_baseline: Result<ScopeBaseline, &'static str>,
    /// The workspace's days, which ages and "on" dates count.
    days: WorkspaceDays,
}

impl ProductFacts {
    /// Loads the project's product records (internal ones included: the diagnosis is staff
    /// only).
    pub(super) async fn load(store: &Store, project: &Project) -> Result<Self, ApiError> {
        let id = project.id;
        let releases = store.list_releases(id).await?;
        let next_release = match next_release(releases) {
            Some(release) => Some(NextRelease {
                go_no_go: store.go_no_go(release.id).await?,
                scope: scope::scope(store, id, release.id, false).await?,
                release,
            }),
            None => None,
        };
        Ok(Self {
            features: store.list_features(id, &FeatureFilter::default()).await?,
            hypotheses: store.list_hypotheses(id, false).await?,
            personas: store.list_personas(id, false).await?,
            board: store.vision_board(id).await?,
            revisions: store.vision_revisions(id).await?,
            feedback: store.list_feedback(id, &FeedbackFilter::default()).await?,
            decisions: store.list_decisions(id, &DecisionFilter::default()).await?,
            next_release,
            objectives: store.list_objectives(id).await?,
            scope_baseline: ScopeBaseline::latest(store, id).await?,
            days: crate::clock::days(store).await?,
        })
    }

    /// Every product signal but role coverage.
    pub(super) fn signals(&self, thresholds: &Thresholds, today: Date) -> Vec<Signal> {
        let churn = self
            .scope_baseline
            .as_ref()
            .map(|saved| (saved, saved.change(&self.features)))
            .map_err(|reason| *reason);
        // Unknown churn never counts as churning.
        let churn_share = churn.as_ref().map_or(0.0, |(_, change)| change.share());
        vec![
            self.vision(thresholds, today, churn_share),
            self.personas(),
            self.mvp(thresholds),
            self.riskiest(thresholds),
            self.feedback(thresholds, today),
            self.acceptance(thresholds),
            self.scope_churn(churn, thresholds),
            self.direction_changes(thresholds),
            self.must_haves(thresholds),
            self.decisions(thresholds, today),
            self.release(thresholds, today),
            self.goals(thresholds),
        ]
    }

    fn vision(&self, thresholds: &Thresholds, today: Date, scope_churn_share: f64) -> Signal {
        let fields = self.board.boxes.fields();
        let empty: Vec<&str> = fields
            .iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(name, _)| *name)
            .collect();
        let changed = self.revisions.iter().map(|r| r.edited_at).max();
        let input = product::VisionInput {
            filled_sections: (fields.len() - empty.len()) as u32,
            total_sections: fields.len() as u32,
            days_since_change: changed
                .and_then(|at| self.days.day_of(at))
                .map(|day| days_between(day, today).max(0) as u32),
            scope_churn_share,
        };
        let label = |name: &str| format!("Vision board: {} is empty", name.replace('_', " "));
        let evidence = capped(
            empty
                .iter()
                .map(|name| tandem_core::health::Evidence::new("vision", *name, label(name))),
        );
        product::vision_board(input, thresholds, evidence)
    }

    fn personas(&self) -> Signal {
        let evidence = capped(
            self.personas
                .iter()
                .map(|p| record("persona", p.id, &p.fields.name)),
        );
        product::no_personas(self.personas.len() as u32, evidence)
    }

    fn mvp(&self, thresholds: &Thresholds) -> Signal {
        let mvp: Vec<&Feature> = self
            .features
            .iter()
            .filter(|f| f.fields.mvp && f.fields.status != FeatureStatus::Rejected)
            .collect();
        let invalidated: Vec<&Feature> = mvp
            .iter()
            .copied()
            .filter(|f| rests_on(f, &[HypothesisStatus::Invalidated]))
            .collect();
        let untested: Vec<&Feature> = mvp
            .iter()
            .copied()
            .filter(|f| !invalidated.iter().any(|i| i.id == f.id))
            .filter(|f| rests_on(f, &[HypothesisStatus::Untested, HypothesisStatus::Testing]))
            .collect();
        let input = product::MvpInput {
            mvp_features: mvp.len() as u32,
            untested: untested.len() as u32,
            invalidated: invalidated.len() as u32,
        };
        let evidence = capped(
            invalidated
                .iter()
                .chain(&untested)
                .map(|f| record("feature", f.id, &f.fields.title)),
        );
        product::mvp_untested_hypotheses(input, thresholds, evidence)
    }

    fn riskiest(&self, thresholds: &Thresholds) -> Signal {
        let riskiest: Vec<&Hypothesis> = self
            .hypotheses
            .iter()
            .filter(|h| quadrant(h.fields.importance, h.fields.evidence) == Quadrant::TestFirst)
            .filter(|h| {
                !matches!(
                    h.fields.status,
                    HypothesisStatus::Validated | HypothesisStatus::Invalidated
                )
            })
            .collect();
        let untested: Vec<&&Hypothesis> = riskiest
            .iter()
            .filter(|h| h.experiment_count == 0)
            .collect();
        let evidence = capped(
            untested
                .iter()
                .map(|h| record("hypothesis", h.id, &h.fields.statement)),
        );
        product::riskiest_assumptions_untested(
            untested.len() as u32,
            riskiest.len() as u32,
            thresholds,
            evidence,
        )
    }

    fn feedback(&self, thresholds: &Thresholds, today: Date) -> Signal {
        let age = |f: &Feedback| {
            self.days
                .day_of(f.created_at)
                .map_or(0, |d| days_between(d, today))
        };
        let mut untriaged: Vec<&Feedback> = self
            .feedback
            .iter()
            .filter(|f| f.status == FeedbackStatus::New)
            .collect();
        untriaged.sort_by_key(|f| f.created_at);
        let critical: Vec<&Feedback> = self
            .feedback
            .iter()
            .filter(|f| f.importance == Importance::Critical && f.feature_ids.is_empty())
            .filter(|f| f.status != FeedbackStatus::Archived)
            .collect();
        let input = product::FeedbackInput {
            untriaged: untriaged.len() as u32,
            oldest_untriaged_days: untriaged.first().map(|f| age(f).max(0) as u32),
            critical_unlinked: critical.len() as u32,
        };
        let evidence = capped(
            critical
                .iter()
                .chain(
                    untriaged
                        .iter()
                        .filter(|f| !critical.iter().any(|c| c.id == f.id)),
                )
                .map(|f| record("feedback", f.id, &summary(&f.text))),
        );
        product::feedback_untriaged(input, thresholds, evidence)
    }

    fn acceptance(&self, thresholds: &Thresholds) -> Signal {
        let in_delivery: Vec<&Feature> = self
            .features
            .iter()
            .filter(|f| f.fields.status == FeatureStatus::InDelivery)
            .collect();
        let without: Vec<&&Feature> = in_delivery
            .iter()
            .filter(|f| f.criteria_total == 0)
            .collect();
        let evidence = capped(
            without
                .iter()
                .map(|f| record("feature", f.id, &f.fields.title)),
        );
        product::missing_acceptance_criteria(
            without.len() as u32,
            in_delivery.len() as u32,
            thresholds,
            evidence,
        )
    }

    /// Features added and removed since the latest baseline with a scope; the evidence names
    /// each (a deleted feature by the title the baseline kept, without a link).
    fn scope_churn(
        &self,
        churn: Result<(&ScopeBaseline, ScopeChange), &'static str>,
        thresholds: &Thresholds,
    ) -> Signal {
        let (saved, change) = match churn {
            Ok(measured) => measured,
            Err(reason) => {
                return not_measurable(
                    SignalId::ScopeChurn,
                    thresholds.scope_churn_share,
                    reason,
                    "Save a baseline when the scope is agreed, so churn can be measured",
                );
            }
        };
        let current: HashMap<i64, &Feature> = self.features.iter().map(|f| (f.id, f)).collect();
        let removed: HashSet<i64> = change.removed.iter().copied().collect();
        let added = change
            .added
            .iter()
            .filter_map(|id| current.get(id))
            .map(|f| record("feature", f.id, &format!("{} (added)", f.fields.title)));
        let dropped = saved
            .features
            .iter()
            .filter(|f| removed.contains(&f.feature_id))
            .map(|f| match current.get(&f.feature_id) {
                Some(now) => record(
                    "feature",
                    now.id,
                    &format!("{} ({})", now.fields.title, now.fields.status),
                ),
                None => Evidence::new(
                    "deleted_feature",
                    f.feature_id.to_string(),
                    format!("{} (deleted)", f.title),
                ),
            });
        product::scope_churn(
            &saved.label(&self.days),
            &change,
            thresholds,
            capped(added.chain(dropped)),
        )
    }

    fn direction_changes(&self, thresholds: &Thresholds) -> Signal {
        let undecided: Vec<&VisionRevision> = self
            .revisions
            .iter()
            .filter(|r| r.direction_change && r.decision_id.is_none())
            .collect();
        let evidence = capped(undecided.iter().map(|r| {
            let who = r.edited_by_name.as_deref().unwrap_or("someone");
            let when = self
                .days
                .day_of(r.edited_at)
                .map_or_else(String::new, |d| format!(" on {d}"));
            record(
                "vision_revision",
                r.id,
                &format!("Vision changed by {who}{when}"),
            )
        }));
        product::direction_change_without_decision(undecided.len() as u32, thresholds, evidence)
    }

    fn must_haves(&self, thresholds: &Thresholds) -> Signal {
        let (name, share, features): (String, _, Vec<&Feature>) = match &self.next_release {
            Some(next) => (
                next.release.name.clone(),
                next.scope.must_share,
                self.features
                    .iter()
                    .filter(|f| f.fields.release_id == Some(next.release.id))
                    .collect(),
            ),
            None => {
                let mvp: Vec<&Feature> = self.features.iter().filter(|f| f.fields.mvp).collect();
                let planned: Vec<_> = mvp
                    .iter()
                    .filter_map(|f| Some((f.fields.moscow?, f.fields.estimate_days.unwrap_or(0.0))))
                    .collect();
                (
                    "the MVP".to_owned(),
                    tandem_core::product::moscow::must_share(&planned),
                    mvp,
                )
            }
        };
        let evidence = capped(
            features
                .iter()
                .filter(|f| f.fields.moscow == Some(tandem_core::product::moscow::Moscow::Must))
                .map(|f| record("feature", f.id, &f.fields.title)),
        );
        // `+ 0.0` turns an empty sum's -0 into 0 for the explanation.
        product::must_have_share(
            &name,
            share.must_effort + 0.0,
            share.total_effort + 0.0,
            thresholds,
            evidence,
        )
    }

    fn decisions(&self, thresholds: &Thresholds, today: Date) -> Signal {
        let day = today.to_string();
        let mut overdue: Vec<(&Decision, i64)> = self
            .decisions
            .iter()
            .filter(|d| decision_overdue(d.status, d.due_on.as_deref(), &day))
            .filter_map(|d| {
                let due = d.due_on.as_deref()?.parse::<Date>().ok()?;
                Some((d, days_between(due, today)))
            })
            .collect();
        overdue.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        let oldest = overdue.first().map_or(0, |(_, days)| *days).max(0) as u32;
        let evidence = capped(
            overdue
                .iter()
                .map(|(d, _)| record("decision", d.id, &d.title)),
        );
        product::decisions_overdue(overdue.len() as u32, oldest, thresholds, evidence)
    }

    fn release(&self, thresholds: &Thresholds, today: Date) -> Signal {
        let Some(next) = &self.next_release else {
            return product::release_readiness(None, thresholds, Vec::new());
        };
        let criteria = next.go_no_go.as_ref().map_or(&[][..], |g| &g.criteria[..]);
        // The go/no-go checklist when it has one, else the share of its features that are
        // ready; a release with neither has shown nothing that makes it ready.
        let readiness = if !criteria.is_empty() {
            criteria.iter().filter(|c| c.met).count() as f64 / criteria.len() as f64
        } else if next.scope.total > 0 {
            next.scope.ready as f64 / next.scope.total as f64
        } else {
            0.0
        };
        let days_until = next
            .release
            .target_date
            .as_deref()
            .and_then(|raw| raw.parse::<Date>().ok())
            .map_or(i64::MAX, |date| days_between(today, date));
        let input = product::ReleaseInput {
            name: next.release.name.clone(),
            days_until,
            readiness,
        };
        let mut evidence = vec![record("release", next.release.id, &next.release.name)];
        evidence.extend(
            next.scope
                .features
                .iter()
                .filter(|f| !f.readiness.ready)
                .map(|f| record("feature", f.id, &f.title)),
        );
        product::release_readiness(Some(&input), thresholds, capped(evidence))
    }

    fn goals(&self, thresholds: &Thresholds) -> Signal {
        let without: Vec<&Objective> = self
            .objectives
            .iter()
            .filter(|o| o.feature_ids.is_empty())
            .collect();
        let evidence = capped(without.iter().map(|o| record("goal", o.id, &o.title)));
        product::goals_without_features(
            without.len() as u32,
            self.objectives.len() as u32,
            thresholds,
            evidence,
        )
    }
}

/// Whether a feature rests on at least one hypothesis in one of `statuses`.
fn rests_on(feature: &Feature, statuses: &[HypothesisStatus]) -> bool {
    feature
        .hypotheses
        .iter()
        .any(|h| statuses.contains(&h.status))
}

/// The open release due soonest (a planned or approved release with a date; overdue ones
/// first, since they have not shipped).
fn next_release(releases: Vec<Release>) -> Option<Release> {
    releases
        .into_iter()
        .filter(|r| matches!(r.status, ReleaseStatus::Planned | ReleaseStatus::Approved))
        .filter(|r| r.target_date.is_some())
        .min_by(|a, b| a.target_date.cmp(&b.target_date).then(a.id.cmp(&b.id)))
}

/// The first words of a text, for a label.
fn summary(text: &str) -> String {
    const WORDS: usize = 12;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > WORDS {
        format!("{} …", words[..WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_cut_long_feedback() {
        assert_eq!(summary("short  text"), "short text");
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert!(summary(long).ends_with("twelve …"));
    }
}
