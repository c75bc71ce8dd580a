//! Regret-based biased random sampling (Drexl, 1991): random precedence-feasible
//! activity lists that still lean towards a priority rule, the usual seed of a
//! population of good and diverse schedules.

use rand::Rng;

use super::problem::Problem;

/// Draws an activity list: at each step an eligible activity is chosen with a
/// probability proportional to one plus its regret (how much better its key is than the
/// worst eligible key).
pub(crate) fn biased_random_list(
    problem: &Problem,
    keys: &[i64],
    rng: &mut impl Rng,
) -> Vec<usize> {
    let mut waiting: Vec<usize> = (0..problem.len())
        .map(|a| problem.predecessors(a).len())
        .collect();
    let mut eligible: Vec<usize> = (0..problem.len()).filter(|&a| waiting[a] == 0).collect();
    let mut weights: Vec<u64> = Vec::with_capacity(eligible.len());
    let mut list = Vec::with_capacity(problem.len());
    while !eligible.is_empty() {
        let worst = eligible.iter().map(|&a| keys[a]).max().unwrap_or(0);
        weights.clear();
        weights.extend(
            eligible
                .iter()
                .map(|&a| worst.abs_diff(keys[a]).saturating_add(1)),
        );
        let index = weighted_index(&weights, rng);
        let activity = eligible.swap_remove(index);
        list.push(activity);
        for arc in problem.successors(activity) {
            waiting[arc.activity] -= 1;
            if waiting[arc.activity] == 0 {
                eligible.push(arc.activity);
            }
        }
    }
    list
}

fn weighted_index(weights: &[u64], rng: &mut impl Rng) -> usize {
    let total: u64 = weights.iter().sum();
    let mut ticket = rng.random_range(0..total.max(1));
    for (index, &weight) in weights.iter().enumerate() {
        if ticket < weight {
            return index;
        }
        ticket -= weight;
    }
    weights.len() - 1
}
