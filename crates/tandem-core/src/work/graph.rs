//! Dependency cycles: a new edge `predecessor → successor` closes a cycle exactly when the
//! predecessor can already be reached from the successor.

use std::collections::{HashMap, HashSet};

/// The cycle a new edge `from → to` would close, given the existing `edges`
/// (predecessor → successor): the path `from, to, …, from` (first and last equal), or `None`
/// when the edge is safe. An edge from an item to itself is a cycle of one.
pub fn find_cycle(edges: &[(i64, i64)], from: i64, to: i64) -> Option<Vec<i64>> {
    if from == to {
        return Some(vec![from, from]);
    }
    let mut successors: HashMap<i64, Vec<i64>> = HashMap::new();
    for (pred, succ) in edges {
        successors.entry(*pred).or_default().push(*succ);
    }
    // Depth-first search from `to` looking for `from`, remembering how each node was reached.
    let mut came_from: HashMap<i64, i64> = HashMap::new();
    let mut seen: HashSet<i64> = HashSet::from([to]);
    let mut stack = vec![to];
    while let Some(node) = stack.pop() {
        if node == from {
            // Walk back from `from` to `to`, then read it forwards: from → to → … → from.
            let mut back = vec![from];
            let mut cursor = from;
            while cursor != to {
                cursor = came_from[&cursor];
                back.push(cursor);
            }
            let mut cycle = vec![from];
            cycle.extend(back.into_iter().rev());
            return Some(cycle);
        }
        for next in successors.get(&node).into_iter().flatten() {
            if seen.insert(*next) {
                came_from.insert(*next, node);
                stack.push(*next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_edges_pass() {
        assert_eq!(find_cycle(&[(1, 2), (2, 3)], 1, 3), None);
        assert_eq!(find_cycle(&[], 1, 2), None);
    }

    #[test]
    fn a_closing_edge_names_the_cycle_in_order() {
        // 1 → 2 → 3 exists; adding 3 → 1 closes 3 → 1 → 2 → 3.
        assert_eq!(find_cycle(&[(1, 2), (2, 3)], 3, 1), Some(vec![3, 1, 2, 3]));
        assert_eq!(find_cycle(&[(1, 2)], 2, 1), Some(vec![2, 1, 2]));
        assert_eq!(find_cycle(&[], 5, 5), Some(vec![5, 5]));
    }
}
