//! The parallel schedule generation scheme: walks forward in time and, at each decision
//! point, starts every eligible activity that fits, best priority first.

use super::problem::{Problem, Time};
use super::profile::Profile;
use super::schedule::Schedule;

/// Builds a non-delay schedule, preferring activities with smaller `keys`.
pub(crate) fn parallel_schedule(problem: &Problem, keys: &[i64]) -> Schedule {
    let mut profile = Profile::new(problem);
    profile.clear();
    let mut starts = vec![0; problem.len()];
    let mut ready_at: Vec<Time> = (0..problem.len()).map(|a| problem.release(a)).collect();
    let mut waiting: Vec<usize> = (0..problem.len())
        .map(|a| problem.predecessors(a).len())
        .collect();
    let mut eligible: Vec<usize> = (0..problem.len()).filter(|&a| waiting[a] == 0).collect();
    let mut finishes: Vec<Time> = Vec::new();
    let mut time = 0;
    let mut remaining = problem.len();
    while remaining > 0 {
        eligible.sort_unstable_by_key(|&a| (keys[a], a));
        while let Some(index) = eligible
            .iter()
            .position(|&a| ready_at[a] <= time && profile.fits(problem, a, time))
        {
            let activity = eligible.remove(index);
            profile.reserve(problem, activity, time);
            starts[activity] = time;
            finishes.push(time + problem.duration(activity));
            remaining -= 1;
            for arc in problem.successors(activity) {
                let successor = arc.activity;
                ready_at[successor] = ready_at[successor].max(arc.earliest_after(time));
                waiting[successor] -= 1;
                if waiting[successor] == 0 {
                    eligible.push(successor);
                    eligible.sort_unstable_by_key(|&a| (keys[a], a));
                }
            }
        }
        time = next_decision_point(
            problem,
            time,
            &finishes,
            eligible.iter().map(|&a| ready_at[a]),
        );
    }
    Schedule::new(problem, starts)
}

/// The next time something can change: an activity finishes, one becomes ready, or
/// (while capacity still varies) the next period starts.
fn next_decision_point(
    problem: &Problem,
    time: Time,
    finishes: &[Time],
    ready: impl Iterator<Item = Time>,
) -> Time {
    let capacity_change = (time < problem.capacity_settles_at()).then_some(time + 1);
    finishes
        .iter()
        .copied()
        .chain(ready)
        .filter(|&t| t > time)
        .chain(capacity_change)
        .min()
        .unwrap_or(time + 1)
}
