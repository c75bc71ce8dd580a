//! The closed vocabularies and small rules of the product's direction: vision board, decision
//! log, discovery workshops, feedback inbox, releases and their go/no-go. Stored, sent and
//! parsed as the text forms below, so the database, the API and the CLI agree.

use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who may see an artefact: shared with the product cockpit's other artefacts.
pub use super::artefacts::Visibility;

text_enum! {
    /// What kind of discovery workshop it was.
    WorkshopKind, "kind" {
        /// Project kick-off with the client.
        Kickoff = "kickoff",
        /// Vision workshop (fills the vision board).
        Vision = "vision",
        /// User story mapping.
        StoryMapping = "story_mapping",
        /// Design sprint.
        DesignSprint = "design_sprint",
        /// Sprint or release review.
        Review = "review",
        /// Retrospective.
        Retrospective = "retrospective",
        /// Anything else.
        Other = "other",
    }
}

text_enum! {
    /// Where a workshop stands.
    WorkshopStatus, "status" {
        /// Scheduled.
        Planned = "planned",
        /// Took place.
        Held = "held",
        /// Called off.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// The life of a decision record (ADR statuses).
    DecisionStatus, "status" {
        /// Open: still to be decided.
        Proposed = "proposed",
        /// Decided and in force.
        Accepted = "accepted",
        /// Decided against.
        Rejected = "rejected",
        /// Replaced by a later decision.
        Superseded = "superseded",
    }
}

text_enum! {
    /// Where a piece of feedback came from.
    FeedbackSource, "source" {
        /// The client organisation.
        Client = "client",
        /// A user of the product.
        EndUser = "end_user",
        /// The support desk.
        Support = "support",
        /// Someone in the team.
        Internal = "internal",
        /// Said in a workshop.
        Workshop = "workshop",
    }
}

text_enum! {
    /// How much a piece of feedback matters to the person who gave it.
    Importance, "importance" {
        /// Would be nice.
        NiceToHave = "nice_to_have",
        /// Matters.
        Important = "important",
        /// Blocks them.
        Critical = "critical",
    }
}

text_enum! {
    /// Where a piece of feedback is in triage.
    FeedbackStatus, "status" {
        /// Not looked at yet.
        New = "new",
        /// Read and judged, not tied to a feature.
        Triaged = "triaged",
        /// Tied to at least one feature.
        Linked = "linked",
        /// Put aside.
        Archived = "archived",
    }
}

text_enum! {
    /// Where a release stands.
    ReleaseStatus, "status" {
        /// Being scoped and built.
        Planned = "planned",
        /// Go decided: shipping.
        Approved = "approved",
        /// Out.
        Released = "released",
        /// Abandoned.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// The go/no-go outcome of a release.
    Outcome, "outcome" {
        /// Ship on the date.
        Go = "go",
        /// Move the date.
        Delay = "delay",
        /// Ship on the date without some features.
        Descope = "descope",
    }
}

text_enum! {
    /// What a decision record may point at.
    LinkKind, "kind" {
        /// A product feature.
        Feature = "feature",
        /// A delivery work item.
        Item = "item",
        /// A release.
        Release = "release",
        /// A revision of the vision board (a direction change).
        VisionRevision = "vision_revision",
    }
}

/// The weight of one piece of feedback by importance: 1, 3, 9. Each step is "three times as
/// much", so one critical voice counts as three important ones or nine nice-to-haves; a
/// feature's feedback weight is the sum over the feedback linked to it.
pub fn importance_weight(importance: Importance) -> u32 {
    match importance {
        Importance::NiceToHave => 1,
        Importance::Important => 3,
        Importance::Critical => 9,
    }
}

/// True when an open decision is past its due date: still `proposed`, due strictly before
/// `today` (ISO dates compare as text).
pub fn decision_overdue(status: DecisionStatus, due_on: Option<&str>, today: &str) -> bool {
    status == DecisionStatus::Proposed && due_on.is_some_and(|due| due < today)
}

/// The five boxes of Roman Pichler's product vision board.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisionBoxes {
    /// Why the product exists: the change it brings about.
    pub vision: String,
    /// Who it is for.
    pub target_group: String,
    /// What problem it solves, what benefit it gives.
    pub needs: String,
    /// What it is: the three to five features that set it apart.
    pub product: String,
    /// How it benefits the company.
    pub business_goals: String,
}

impl VisionBoxes {
    /// Box names and their contents, in board order.
    pub fn fields(&self) -> [(&'static str, &str); 5] {
        [
            ("vision", &self.vision),
            ("target_group", &self.target_group),
            ("needs", &self.needs),
            ("product", &self.product),
            ("business_goals", &self.business_goals),
        ]
    }

    /// True when going from `self` to `next` changes the product's direction: the vision or
    /// the target group changed (an empty board being filled for the first time does not).
    pub fn is_direction_change(&self, next: &VisionBoxes) -> bool {
        let changed = |before: &str, after: &str| !before.trim().is_empty() && before != after;
        changed(&self.vision, &next.vision) || changed(&self.target_group, &next.target_group)
    }
}

/// One line of a go/no-go checklist as the template holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionTemplate {
    /// product, quality, operations or customer (free text for custom areas).
    pub area: String,
    /// What must hold.
    pub text: String,
}

/// Tandem's default go/no-go checklist, per issue 5: product (scope complete or an explicit
/// cut list, no blocking bugs), quality (QA sign-off), operations (monitoring, rollback plan),
/// customer (docs, support ready). A project may replace it with its own.
pub fn default_criteria() -> Vec<CriterionTemplate> {
    [
        ("product", "Scope complete, or an explicit cut list agreed"),
        ("product", "No open blocking bugs"),
        ("quality", "QA sign-off"),
        ("operations", "Monitoring in place"),
        ("operations", "Rollback plan tested"),
        ("customer", "Documentation ready"),
        ("customer", "Support briefed and ready"),
    ]
    .into_iter()
    .map(|(area, text)| CriterionTemplate {
        area: area.to_owned(),
        text: text.to_owned(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_triple_per_step() {
        assert_eq!(importance_weight(Importance::NiceToHave), 1);
        assert_eq!(importance_weight(Importance::Important), 3);
        assert_eq!(importance_weight(Importance::Critical), 9);
        // Two critical + one nice-to-have = 19.
        let total: u32 = [
            Importance::Critical,
            Importance::Critical,
            Importance::NiceToHave,
        ]
        .into_iter()
        .map(importance_weight)
        .sum();
        assert_eq!(total, 19);
    }

    #[test]
    fn only_open_decisions_are_overdue() {
        let today = "2026-11-25";
        assert!(decision_overdue(
            DecisionStatus::Proposed,
            Some("2026-11-24"),
            today
        ));
        assert!(!decision_overdue(
            DecisionStatus::Proposed,
            Some("2026-11-25"),
            today
        ));
        assert!(!decision_overdue(
            DecisionStatus::Accepted,
            Some("2026-01-01"),
            today
        ));
        assert!(!decision_overdue(DecisionStatus::Proposed, None, today));
    }

    #[test]
    fn direction_changes_are_vision_or_target_group_edits() {
        let empty = VisionBoxes::default();
        let first = VisionBoxes {
            vision: "Shopping in two taps".into(),
            target_group: "Busy parents".into(),
            ..VisionBoxes::default()
        };
        assert!(
            !empty.is_direction_change(&first),
            "first fill is not a change"
        );
        let needs_only = VisionBoxes {
            needs: "Less time at checkout".into(),
            ..first.clone()
        };
        assert!(!first.is_direction_change(&needs_only));
        let new_group = VisionBoxes {
            target_group: "Small businesses".into(),
            ..first.clone()
        };
        assert!(first.is_direction_change(&new_group));
    }

    #[test]
    fn default_checklist_covers_the_four_areas() {
        let areas: Vec<String> = default_criteria().into_iter().map(|c| c.area).collect();
        for area in ["product", "quality", "operations", "customer"] {
            assert!(areas.iter().any(|a| a == area), "{area}");
        }
        assert_eq!(Outcome::parse("delay").unwrap(), Outcome::Delay);
        assert_eq!(Visibility::parse("public").unwrap_err().field, "visibility");
    }
}
