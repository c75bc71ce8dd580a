//! Variation operators on activity lists (Hartmann, 1998). Both keep lists
//! precedence-feasible, so every child decodes without repair.

use rand::Rng;

use super::problem::Problem;

/// Two-point crossover: the child takes the mother's head, then the father's next
/// activities up to the second cut, then the mother's remaining ones, each in its
/// parent's relative order.
pub(crate) fn two_point_crossover(
    mother: &[usize],
    father: &[usize],
    rng: &mut impl Rng,
) -> Vec<usize> {
    let len = mother.len();
    let mut cuts = [rng.random_range(0..=len), rng.random_range(0..=len)];
    cuts.sort_unstable();
    let [first, second] = cuts;
    let mut taken = vec![false; len];
    let mut child = Vec::with_capacity(len);
    let mut take = |activity: usize, child: &mut Vec<usize>| {
        if !taken[activity] {
            taken[activity] = true;
            child.push(activity);
        }
    };
    for &activity in &mother[..first] {
        take(activity, &mut child);
    }
    for &activity in father {
        if child.len() == second {
            break;
        }
        take(activity, &mut child);
    }
    for &activity in mother {
        take(activity, &mut child);
    }
    child
}

/// Moves each activity, with probability `rate`, to a random position between its last
/// predecessor and its first successor in the list.
pub(crate) fn shift_mutation(
    problem: &Problem,
    list: &mut Vec<usize>,
    rate: f64,
    rng: &mut impl Rng,
) {
    let mut position = vec![0; list.len()];
    for index in 0..list.len() {
        if !rng.random_bool(rate) {
            continue;
        }
        for (at, &activity) in list.iter().enumerate() {
            position[activity] = at;
        }
        let activity = list[index];
        let lowest = problem
            .predecessors(activity)
            .iter()
            .map(|arc| position[arc.activity] + 1)
            .max()
            .unwrap_or(0);
        let highest = problem
            .successors(activity)
            .iter()
            .map(|arc| position[arc.activity] - 1)
            .min()
            .unwrap_or(list.len() - 1);
        let target = rng.random_range(lowest..=highest);
        list.remove(index);
        list.insert(target, activity);
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    use super::*;
    use crate::rcpsp::problem::{Activity, Capacity, Relation, RelationKind};
    use crate::rcpsp::serial::check_activity_list;

    /// A diamond 0 -> {1, 2} -> 3 and two free activities 4 and 5.
    fn problem() -> Problem {
        let relations: Vec<Relation> = [(0, 1), (0, 2), (1, 3), (2, 3)]
            .into_iter()
            .map(|(predecessor, successor)| Relation {
                predecessor,
                successor,
                kind: RelationKind::FinishToStart,
                lag: 0,
            })
            .collect();
        let activity = Activity {
            duration: 1,
            demands: vec![1],
            release: 0,
        };
        Problem::new(vec![Capacity::Constant(1)], vec![activity; 6], &relations).unwrap()
    }

    #[test]
    fn children_stay_precedence_feasible() {
        let problem = problem();
        let mother = vec![4, 0, 1, 2, 3, 5];
        let father = vec![0, 2, 5, 1, 3, 4];
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..200 {
            let mut child = two_point_crossover(&mother, &father, &mut rng);
            check_activity_list(&problem, &child).unwrap();
            shift_mutation(&problem, &mut child, 0.5, &mut rng);
            check_activity_list(&problem, &child).unwrap();
        }
    }

    #[test]
    fn crossover_of_identical_parents_is_the_parent() {
        let list = vec![0, 1, 2, 3, 4, 5];
        let mut rng = SmallRng::seed_from_u64(1);
        assert_eq!(two_point_crossover(&list, &list, &mut rng), list);
    }
}
