//! Roll-ups: what a parent (an epic, a story with tasks) adds up to.
//!
//! Rules: a leaf's own values count; a parent's values are the sum over its children (its own
//! estimate, if any, is replaced by the children's as soon as it has children). Estimate and
//! points are sums. Progress is the done share weighted by estimate (minutes): done estimate ÷
//! total estimate over the leaves below; when no leaf below is estimated, it is the share of
//! done leaves by count. Dates span the children: earliest start, latest due date.

use super::StatusCategory;
use std::collections::HashMap;

/// What a roll-up needs to know about one item.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupNode {
    /// The item id.
    pub id: i64,
    /// Its parent, if any.
    pub parent_id: Option<i64>,
    /// Its status category.
    pub category: StatusCategory,
    /// Its own estimate, minutes.
    pub estimate_minutes: Option<i64>,
    /// Its own story points.
    pub story_points: Option<i64>,
    /// Its pinned start, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Its due date, `YYYY-MM-DD`.
    pub due_date: Option<String>,
}

/// The rolled-up figures of a parent item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rollup {
    /// Direct children.
    pub children: i64,
    /// Leaves below (any depth).
    pub leaves: i64,
    /// Leaves below that are done.
    pub done_leaves: i64,
    /// Sum of the leaves' estimates, minutes.
    pub estimate_minutes: i64,
    /// Sum of the done leaves' estimates, minutes.
    pub done_minutes: i64,
    /// Sum of the leaves' story points.
    pub story_points: i64,
    /// Done share, 0.0 to 1.0 (see the module rules).
    pub progress: f64,
    /// Earliest start date below.
    pub start_date: Option<String>,
    /// Latest due date below.
    pub due_date: Option<String>,
}

/// Roll-ups for every item that has children, by item id. Children whose parent is not in
/// `nodes` are ignored; parent chains are followed iteratively, and a (corrupt) cycle ends the
/// walk instead of looping.
pub fn rollup(nodes: &[RollupNode]) -> HashMap<i64, Rollup> {
    let by_id: HashMap<i64, &RollupNode> = nodes.iter().map(|node| (node.id, node)).collect();
    let mut has_children: HashMap<i64, i64> = HashMap::new();
    for node in nodes {
        if let Some(parent) = node.parent_id.filter(|parent| by_id.contains_key(parent)) {
            *has_children.entry(parent).or_default() += 1;
        }
    }
    let mut result: HashMap<i64, Rollup> = has_children
        .iter()
        .map(|(id, children)| {
            (
                *id,
                Rollup {
                    children: *children,
                    leaves: 0,
                    done_leaves: 0,
                    estimate_minutes: 0,
                    done_minutes: 0,
                    story_points: 0,
                    progress: 0.0,
                    start_date: None,
                    due_date: None,
                },
            )
        })
        .collect();
    for leaf in nodes
        .iter()
        .filter(|node| !has_children.contains_key(&node.id))
    {
        let done = leaf.category == StatusCategory::Done;
        let estimate = leaf.estimate_minutes.unwrap_or(0);
        let mut cursor = leaf.parent_id;
        let mut steps = 0;
        while let Some(parent) = cursor.filter(|_| steps <= nodes.len()) {
            let Some(sum) = result.get_mut(&parent) else {
                break;
            };
            sum.leaves += 1;
            sum.done_leaves += i64::from(done);
            sum.estimate_minutes += estimate;
            sum.done_minutes += if done { estimate } else { 0 };
            sum.story_points += leaf.story_points.unwrap_or(0);
            widen(&mut sum.start_date, leaf.start_date.as_deref(), |a, b| {
                b < a
            });
            widen(&mut sum.due_date, leaf.due_date.as_deref(), |a, b| b > a);
            cursor = by_id.get(&parent).and_then(|node| node.parent_id);
            steps += 1;
        }
    }
    for sum in result.values_mut() {
        sum.progress = if sum.estimate_minutes > 0 {
            sum.done_minutes as f64 / sum.estimate_minutes as f64
        } else if sum.leaves > 0 {
            sum.done_leaves as f64 / sum.leaves as f64
        } else {
            0.0
        };
    }
    result
}

/// Replaces `current` by `candidate` when there is none yet or `better(current, candidate)`.
fn widen(current: &mut Option<String>, candidate: Option<&str>, better: fn(&str, &str) -> bool) {
    if let Some(candidate) = candidate
        && current.as_deref().is_none_or(|now| better(now, candidate))
    {
        *current = Some(candidate.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusCategory::*;

    fn node(
        id: i64,
        parent: Option<i64>,
        category: StatusCategory,
        hours: Option<i64>,
    ) -> RollupNode {
        RollupNode {
            id,
            parent_id: parent,
            category,
            estimate_minutes: hours.map(|h| h * 60),
            story_points: Some(1),
            start_date: None,
            due_date: None,
        }
    }

    #[test]
    fn parents_add_up_their_leaves_at_any_depth() {
        // Epic 1 ← story 2 (tasks 3: 6h done, 4: 2h todo) and story 5 (leaf, 4h, in progress).
        let nodes = [
            node(1, None, Todo, Some(100)),
            node(2, Some(1), InProgress, Some(50)),
            node(3, Some(2), Done, Some(6)),
            node(4, Some(2), Todo, Some(2)),
            RollupNode {
                due_date: Some("2026-03-01".into()),
                start_date: Some("2026-02-01".into()),
                ..node(5, Some(1), InProgress, Some(4))
            },
        ];
        let sums = rollup(&nodes);
        let story = &sums[&2];
        assert_eq!(
            (story.children, story.leaves, story.estimate_minutes),
            (2, 2, 480)
        );
        assert_eq!(story.progress, 0.75);
        let epic = &sums[&1];
        assert_eq!(
            (epic.children, epic.leaves, epic.estimate_minutes),
            (2, 3, 720)
        );
        assert_eq!(epic.done_minutes, 360);
        assert_eq!(epic.progress, 0.5);
        assert_eq!(epic.story_points, 3);
        assert_eq!(epic.start_date.as_deref(), Some("2026-02-01"));
        assert_eq!(epic.due_date.as_deref(), Some("2026-03-01"));
        assert!(!sums.contains_key(&3));
    }

    #[test]
    fn unestimated_children_count_by_number() {
        let nodes = [
            node(1, None, Todo, None),
            node(2, Some(1), Done, None),
            node(3, Some(1), Todo, None),
            node(4, Some(1), Todo, None),
            node(5, Some(1), Done, None),
        ];
        assert_eq!(rollup(&nodes)[&1].progress, 0.5);
    }

    #[test]
    fn a_corrupt_cycle_does_not_hang() {
        let nodes = [
            node(1, Some(2), Todo, Some(1)),
            node(2, Some(1), Todo, Some(1)),
        ];
        assert_eq!(rollup(&nodes).len(), 2);
    }
}
