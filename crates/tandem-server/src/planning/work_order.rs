//! The forecast with the team's capacity (`level=true`, ADR 0032).
//!
//! The plain forecast starts every open item as soon as its dependencies allow, as if each
//! person could work on all of their items at once, so for a busy team it is optimistic.
//! Levelling the plan (the Gantt's "Level resources") gives each person an order for their
//! open items. The levelled forecast adds that order to the simulated network as
//! finish-to-start links — a person's next item starts when their previous one finishes —
//! and simulates as before: the order is fixed, the durations vary, as risk tools do when
//! they honour a levelled sequence. As in levelling, a person who gives the project less
//! than full days (a weekly capacity under 40 h) takes proportionally longer for each item:
//! its estimate is scaled by a full day over their day.
//!
//! A link that would close a loop with the dependencies (possible only through
//! start-to-finish links and leads, where the levelled order and the logic disagree) is left
//! out: every added link follows one topological order of the network, built to prefer the
//! levelled order, so the network stays acyclic.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tandem_core::work::StatusCategory;
use tandem_engine::forecast::{NetworkTask, Relation, RelationKind, RelationLag, TaskState};
use tandem_store::{Item, MemberProfile};

use super::forecast::ForecastFailure;
use super::levelling;
use super::network::{MINUTES_PER_DAY, PlanData};
use super::schedule::ScheduleView;

/// Each person's open items in the order the levelled plan starts them.
#[derive(Debug, Clone, Default)]
pub struct WorkOrder {
    /// Every open item's place in the levelled plan (by start, then outline order).
    rank: HashMap<i64, usize>,
    /// (before, after): consecutive open items of one person.
    pairs: Vec<(i64, i64)>,
    /// Open items of people who do not give full days, with the factor their estimate takes.
    stretch: HashMap<i64, f64>,
}

impl WorkOrder {
    /// The order of `view`, the plan levelled over `profiles` (rows in [`PlanData::items`]
    /// order); [`super::levelled_memo`] keeps it with the schedule.
    pub fn of_schedule(data: &PlanData, profiles: &[MemberProfile], view: &ScheduleView) -> Self {
        let mut started: Vec<(&str, usize, &Item)> = data
            .items
            .iter()
            .zip(&view.items)
            .enumerate()
            .filter(|(_, (item, row))| !row.summary && !row.milestone && is_open(item))
            .map(|(outline, (item, row))| (row.start.as_str(), outline, item))
            .collect();
        started.sort_unstable_by_key(|&(start, outline, _)| (start, outline));
        let rank = started
            .iter()
            .enumerate()
            .map(|(rank, (_, _, item))| (item.id, rank))
            .collect();
        let daily = levelling::daily_capacity(profiles);
        let mut last_of: HashMap<i64, i64> = HashMap::new();
        let mut pairs = Vec::new();
        let mut stretch = HashMap::new();
        for (_, _, item) in &started {
            let Some(person) = item.assignee.as_ref().map(|a| a.id) else {
                continue;
            };
            if let Some(before) = last_of.insert(person, item.id) {
                pairs.push((before, item.id));
            }
            if let Some(&minutes) = daily.get(&person).filter(|&&m| m != MINUTES_PER_DAY) {
                stretch.insert(item.id, MINUTES_PER_DAY as f64 / minutes as f64);
            }
        }
        Self {
            rank,
            pairs,
            stretch,
        }
    }

    /// Applies the order to the network of `items`' tasks (task `i` is `items[i]`): scales
    /// the estimates of part-time people's open items and adds each person's chain of links.
    pub fn apply(
        &self,
        items: &[&Item],
        tasks: &mut [NetworkTask],
        relations: &mut Vec<Relation>,
    ) -> Result<(), ForecastFailure> {
        for (item, task) in items.iter().zip(tasks.iter_mut()) {
            let Some(&factor) = self.stretch.get(&item.id) else {
                continue;
            };
            let estimate = match &mut task.state {
                TaskState::Planned(estimate) => estimate,
                TaskState::InProgress { remaining, .. } => remaining,
                TaskState::Done { .. } | TaskState::Closed => continue,
            };
            *estimate = estimate
                .scaled(factor)
                .map_err(|error| ForecastFailure::BadEstimate {
                    key: item.key.clone(),
                    reason: error.to_string(),
                })?;
        }
        self.link(items, relations);
        Ok(())
    }

    /// Adds the order to `relations` between `items`' tasks (task `i` is `items[i]`), each
    /// link only where it keeps the network acyclic (see the module's doc).
    fn link(&self, items: &[&Item], relations: &mut Vec<Relation>) {
        let index: HashMap<i64, usize> = items
            .iter()
            .enumerate()
            .map(|(task, item)| (item.id, task))
            .collect();
        let ranks: Vec<usize> = items
            .iter()
            .map(|item| self.rank.get(&item.id).copied().unwrap_or(usize::MAX))
            .collect();
        let pairs: Vec<(usize, usize)> = self
            .pairs
            .iter()
            .filter_map(|(before, after)| Some((*index.get(before)?, *index.get(after)?)))
            .collect();
        chain(&ranks, &pairs, relations);
    }
}

/// Adds a finish-to-start link for each pair (before, after) of tasks that comes in that
/// order in a topological order of `relations` — the one that takes, among the tasks ready
/// next, the lowest of `ranks` — and leaves out the others, which would close a loop.
fn chain(ranks: &[usize], pairs: &[(usize, usize)], relations: &mut Vec<Relation>) {
    let position = topological_positions(ranks, relations);
    for &(before, after) in pairs {
        if position[before] < position[after] {
            relations.push(Relation {
                predecessor: before,
                successor: after,
                kind: RelationKind::FinishToStart,
                lag: RelationLag::Working(0.0),
            });
        }
    }
}

/// Each task's position in the topological order of `relations` that prefers low `ranks`;
/// tasks on a loop (which the engine refuses anyway) come last.
fn topological_positions(ranks: &[usize], relations: &[Relation]) -> Vec<usize> {
    let mut waiting_on = vec![0_usize; ranks.len()];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); ranks.len()];
    for relation in relations {
        waiting_on[relation.successor] += 1;
        successors[relation.predecessor].push(relation.successor);
    }
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..ranks.len())
        .filter(|&task| waiting_on[task] == 0)
        .map(|task| Reverse((ranks[task], task)))
        .collect();
    let mut position = vec![usize::MAX; ranks.len()];
    let mut next = 0;
    while let Some(Reverse((_, task))) = ready.pop() {
        position[task] = next;
        next += 1;
        for &successor in &successors[task] {
            waiting_on[successor] -= 1;
            if waiting_on[successor] == 0 {
                ready.push(Reverse((ranks[successor], successor)));
            }
        }
    }
    position
}

fn is_open(item: &Item) -> bool {
    item.status.category != StatusCategory::Done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(predecessor: usize, successor: usize, kind: RelationKind) -> Relation {
        Relation {
            predecessor,
            successor,
            kind,
            lag: RelationLag::Working(0.0),
        }
    }

    fn ends(relations: &[Relation]) -> Vec<(usize, usize)> {
        relations
            .iter()
            .map(|r| (r.predecessor, r.successor))
            .collect()
    }

    #[test]
    fn a_persons_items_follow_each_other_in_the_levelled_order() {
        // Levelled: task 1, then 2, then 0, all one person's, no dependencies.
        let mut relations = Vec::new();
        chain(&[2, 0, 1], &[(1, 2), (2, 0)], &mut relations);
        assert_eq!(ends(&relations), [(1, 2), (2, 0)]);
        assert!(
            relations.iter().all(
                |r| r.kind == RelationKind::FinishToStart && r.lag == RelationLag::Working(0.0)
            )
        );
    }

    #[test]
    fn a_link_against_the_logic_is_left_out() {
        // 1 must finish after 0 starts, yet levelling started 1 first: 1 → 0 would close a
        // loop with the dependency and is left out; the unrelated 2 still follows 1.
        let mut relations = vec![link(0, 1, RelationKind::StartToFinish)];
        chain(&[1, 0, 2], &[(1, 0), (1, 2)], &mut relations);
        assert_eq!(ends(&relations), [(0, 1), (1, 2)]);
    }

    #[test]
    fn the_order_prefers_the_levelled_start_among_ready_tasks() {
        let positions =
            topological_positions(&[2, 0, 1, 3], &[link(1, 3, RelationKind::FinishToStart)]);
        assert_eq!(positions, [2, 0, 1, 3]);
    }
}
