//! The product side of a generated project: vision, personas, hypotheses, the release and its
//! features, goals, feedback and decisions; healthy unless a product cause is planted.

use super::build::{Plan, Project, strength};
use super::rng::Rng;
use super::{Scenario, Strength};
use jiff::ToSpan;
use reqwest::Method;
use serde_json::{Value, json};
use tandem_core::health::SignalId;

/// Kinds of hypotheses, cycled.
const KINDS: [&str; 3] = ["desirability", "viability", "feasibility"];

/// Vision sections a planted incomplete board leaves empty (never the vision or the target
/// group, whose changes are direction changes).
const OPTIONAL_SECTIONS: [&str; 3] = ["needs", "product", "business_goals"];

/// Stores the product side of `plan`.
pub(super) async fn product(
    project: &Project<'_>,
    plan: &Plan<'_>,
    scenario: &Scenario,
    rng: &mut Rng,
) {
    let side = ProductSide {
        project,
        plan,
        scenario,
    };
    side.vision(rng).await;
    let personas = side.personas(rng).await;
    let hypotheses = side.hypotheses(rng).await;
    let features = side.features(&personas, &hypotheses, rng).await;
    side.goals(&features, rng).await;
    side.feedback(&features, rng).await;
    side.decisions(rng).await;
}

struct ProductSide<'p> {
    project: &'p Project<'p>,
    plan: &'p Plan<'p>,
    scenario: &'p Scenario,
}

impl ProductSide<'_> {
    fn days_ago(&self, n: i64) -> String {
        (self.plan.dates.today - n.days()).to_string()
    }

    fn days_ahead(&self, n: i64) -> String {
        (self.plan.dates.today + n.days()).to_string()
    }

    fn planted(&self, id: SignalId) -> Option<Strength> {
        strength(self.scenario, id)
    }

    async fn post(&self, tail: &str, body: Value) -> Value {
        self.project.post(tail, body).await
    }

    async fn put_vision(&self, version: i64, body: &Value) -> i64 {
        let writer = self.project.writer;
        let saved = writer
            .expect_json(
                writer
                    .request(Method::PUT, &self.project.path("vision"))
                    .header("If-Match", format!("\"{version}\""))
                    .json(body),
                200,
            )
            .await;
        saved["version"].as_i64().expect("vision version")
    }

    /// The vision board; half the seeds record a direction change properly. Planted: empty
    /// sections, or direction changes nobody decided.
    async fn vision(&self, rng: &mut Rng) {
        let mut vision = json!({
            "vision": format!("Groceries for {} in two taps", self.plan.key),
            "target_group": "Busy parents in cities",
            "needs": "Less time shopping",
            "product": "Mobile shop",
            "business_goals": format!("Grow online revenue {} %", rng.range(10, 40)),
        });
        let empty = match self.planted(SignalId::VisionBoard) {
            Some(Strength::Strong) => rng.count(2, 3),
            Some(Strength::Mild) => 1,
            None => 0,
        };
        for section in OPTIONAL_SECTIONS.iter().take(empty) {
            vision[*section] = json!("");
        }
        let mut version = self.put_vision(0, &vision).await;
        if rng.chance(0.5) {
            vision["target_group"] = json!("Busy parents and seniors in cities");
            version = self.put_vision(version, &vision).await;
            let revision = self.pending_revision().await;
            self.post(
                "decisions",
                json!({
                    "title": "Serve seniors too", "status": "accepted",
                    "decider": self.project.decider,
                    "rationale": "Interviews showed the same pain", "decided_on": self.days_ago(3),
                    "links": [{ "kind": "vision_revision", "id": revision }],
                }),
            )
            .await;
        }
        let changes = match self.planted(SignalId::DirectionChangeWithoutDecision) {
            Some(Strength::Strong) => rng.range(1, 3),
            Some(Strength::Mild) => 1,
            None => 0,
        };
        for n in 0..changes {
            vision["vision"] = json!(format!("Pivot {n}: meal kits for {}", self.plan.key));
            version = self.put_vision(version, &vision).await;
        }
    }

    /// The id of the vision revision waiting for a decision.
    async fn pending_revision(&self) -> i64 {
        let revisions = self
            .project
            .writer
            .get_json(&self.project.path("vision/revisions"))
            .await;
        let list = revisions
            .as_array()
            .or_else(|| revisions["revisions"].as_array())
            .expect("revisions list");
        list.iter()
            .find(|r| r["direction_change"] == true && r["decision_id"].is_null())
            .and_then(|r| r["id"].as_i64())
            .expect("a pending direction change")
    }

    async fn personas(&self, rng: &mut Rng) -> Vec<i64> {
        if self.planted(SignalId::NoPersonas).is_some() {
            return Vec::new();
        }
        let mut ids = Vec::new();
        for n in 0..rng.count(1, 3) {
            let persona = self
                .post(
                    "personas",
                    json!({ "name": format!("Persona {n}"), "goals": "Shop fast",
                            "pains": "No time", "description": "Works full time" }),
                )
                .await;
            ids.push(persona["id"].as_i64().expect("persona id"));
        }
        ids
    }

    /// One hypothesis under each feature, validated with strong evidence; planted: some under
    /// the MVP left untested or invalidated by an experiment, or important assumptions nobody
    /// plans to test.
    async fn hypotheses(&self, rng: &mut Rng) -> Vec<i64> {
        let mvp_count = self.plan.features.iter().filter(|f| f.mvp).count();
        let planted = self.planted(SignalId::MvpUntestedHypotheses);
        let shaky = match planted {
            Some(Strength::Strong) => {
                let share = rng.real(0.55, 1.0);
                ((mvp_count as f64 * share).ceil() as usize).clamp(1, mvp_count)
            }
            Some(Strength::Mild) => (mvp_count * 4 / 10).max(1).min(mvp_count / 2),
            None => 0,
        };
        let invalidated = match planted {
            Some(Strength::Strong) => rng.count(0, shaky),
            _ => 0,
        };
        let mut ids = Vec::new();
        for (n, feature) in self.plan.features.iter().enumerate() {
            let status = if !feature.mvp || n >= shaky {
                "validated"
            } else if n < invalidated {
                "invalidated"
            } else {
                "untested"
            };
            let evidence = if status == "untested" {
                "none"
            } else {
                "strong"
            };
            let statement = format!("Customers want {}", feature.title);
            let kind = KINDS[n % KINDS.len()];
            let id = self
                .hypothesis(&statement, kind, rng.range(3, 5), status, evidence)
                .await;
            ids.push(id);
        }
        let risky = match self.planted(SignalId::RiskiestAssumptionsUntested) {
            Some(Strength::Strong) => rng.range(3, 6),
            Some(Strength::Mild) => rng.range(1, 2),
            None => 0,
        };
        for n in 0..risky {
            let statement = format!("Shops will pay a monthly fee ({n})");
            let evidence = *rng.pick(&["none", "weak"]);
            self.hypothesis(
                &statement,
                "viability",
                rng.range(4, 5),
                "untested",
                evidence,
            )
            .await;
        }
        ids
    }

    async fn hypothesis(
        &self,
        statement: &str,
        kind: &str,
        importance: i64,
        status: &str,
        evidence: &str,
    ) -> i64 {
        let created = self
            .post(
                "hypotheses",
                json!({ "statement": statement, "kind": kind, "importance": importance,
                        "status": status, "evidence": evidence }),
            )
            .await;
        created["id"].as_i64().expect("hypothesis id")
    }

    /// Release R1 and its features with their criteria. Planted: a release due within the
    /// readiness window with its features not ready, or features in delivery without
    /// acceptance criteria.
    async fn features(&self, personas: &[i64], hypotheses: &[i64], rng: &mut Rng) -> Vec<i64> {
        let days = match self.planted(SignalId::ReleaseReadiness) {
            Some(_) => rng.range(4, 12),
            None => rng.range(45, 80),
        };
        let release = self
            .post(
                "releases",
                json!({ "name": "R1", "target_date": self.days_ahead(days), "status": "planned" }),
            )
            .await["id"]
            .as_i64()
            .expect("release id");
        let count = self.plan.features.len();
        let without_criteria = match self.planted(SignalId::MissingAcceptanceCriteria) {
            Some(Strength::Strong) => (count as f64 * rng.real(0.3, 0.7)).ceil() as usize,
            Some(Strength::Mild) => 1,
            None => 0,
        };
        let mut ids = Vec::new();
        for (n, feature) in self.plan.features.iter().enumerate() {
            let moscow = if feature.must {
                "must"
            } else {
                *rng.pick(&["should", "could"])
            };
            let persona_ids: Vec<i64> = personas.iter().take(1 + n % 2).copied().collect();
            let created = self
                .post(
                    "features",
                    json!({
                        "title": feature.title, "problem": "Customers lose time",
                        "status": "in_delivery", "moscow": moscow, "mvp": feature.mvp,
                        "horizon": "now", "release_id": release,
                        "estimate_days": feature.estimate_days,
                        "hypothesis_ids": [hypotheses[n]], "persona_ids": persona_ids,
                    }),
                )
                .await;
            let id = created["id"].as_i64().expect("feature id");
            let criteria = if n < without_criteria {
                0
            } else {
                rng.count(1, 3)
            };
            for c in 0..criteria {
                self.post(
                    &format!("features/{id}/criteria"),
                    json!({ "text": format!("{} works on mobile ({c})", feature.title) }),
                )
                .await;
            }
            ids.push(id);
        }
        ids
    }

    /// Goals served by features; planted: goals no feature serves.
    async fn goals(&self, features: &[i64], rng: &mut Rng) {
        let orphans = match self.planted(SignalId::GoalsWithoutFeatures) {
            Some(Strength::Strong) => rng.count(2, 4),
            Some(Strength::Mild) => 1,
            None => 0,
        };
        let served = rng.count(1, 2);
        for n in 0..served + orphans {
            let linked: Vec<i64> = if n < served {
                features.iter().skip(n).step_by(2).copied().collect()
            } else {
                Vec::new()
            };
            self.post(
                "goals",
                json!({ "title": format!("Goal {n}: more repeat customers"),
                        "feature_ids": linked, "due_on": self.days_ahead(120) }),
            )
            .await;
        }
    }

    /// Feedback linked to features; planted: critical feedback linked to none.
    async fn feedback(&self, features: &[i64], rng: &mut Rng) {
        for n in 0..rng.count(2, 4) {
            let importance = *rng.pick(&["nice_to_have", "important", "critical"]);
            let about = self.plan.features[n % self.plan.features.len()].title;
            self.post(
                "feedback",
                json!({ "text": format!("Feedback {n} about {about}"), "source": "client",
                        "importance": importance, "feature_ids": [features[n % features.len()]] }),
            )
            .await;
        }
        if self.planted(SignalId::FeedbackUntriaged).is_some() {
            for n in 0..rng.range(1, 3) {
                self.post(
                    "feedback",
                    json!({ "text": format!("Checkout crashes on step {n}"),
                            "source": "end_user", "importance": "critical" }),
                )
                .await;
            }
        }
    }

    /// Decisions taken and one open with a future date; planted: open decisions past due.
    async fn decisions(&self, rng: &mut Rng) {
        for n in 0..rng.range(1, 2) {
            self.post(
                "decisions",
                json!({ "title": format!("Decision {n}: payment provider"), "status": "accepted",
                        "decider": self.project.decider, "rationale": "Fees and coverage",
                        "decided_on": self.days_ago(rng.range(2, 20)) }),
            )
            .await;
        }
        if rng.chance(0.6) {
            self.post(
                "decisions",
                json!({ "title": "Delivery partner", "options": ["In-house", "Courier"],
                        "due_on": self.days_ahead(rng.range(5, 30)) }),
            )
            .await;
        }
        let overdue = match self.planted(SignalId::DecisionsOverdue) {
            Some(Strength::Strong) => rng.range(3, 6),
            Some(Strength::Mild) => rng.range(1, 2),
            None => 0,
        };
        for n in 0..overdue {
            self.post(
                "decisions",
                json!({ "title": format!("Open question {n}"), "options": ["Yes", "No"],
                        "due_on": self.days_ago(rng.range(3, 30)) }),
            )
            .await;
        }
    }
}
