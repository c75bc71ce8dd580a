//! Double justification (Valls, Ballestín & Quintanilla, 2005), also known as
//! forward–backward improvement: shift every activity as far right as it goes, then
//! as far left. Neither pass can lengthen the schedule, and together they often close
//! gaps a single forward pass leaves.

use super::problem::{Problem, ProblemError};
use super::schedule::Schedule;
use super::serial::SerialDecoder;

/// Number of serial decodings one double justification costs.
pub(crate) const JUSTIFICATION_PASSES: u64 = 2;

/// Returns the double justification of a feasible `schedule`: never longer.
///
/// # Errors
/// [`ProblemError::NotFinishToStart`] when a relation lets a successor start before its
/// predecessor finishes: shifting by finish times would then break it.
pub fn double_justification(
    problem: &Problem,
    schedule: &Schedule,
) -> Result<Schedule, ProblemError> {
    problem.require_finish_to_start()?;
    Ok(justify(&mut SerialDecoder::new(problem), problem, schedule))
}

pub(crate) fn justify(
    decoder: &mut SerialDecoder,
    problem: &Problem,
    schedule: &Schedule,
) -> Schedule {
    // Taking activities by non-increasing finish keeps each one's current slot free, so
    // the right pass always succeeds within the current makespan.
    let right_order = schedule.finish_order_descending(problem);
    let Some(right) = decoder.backward(problem, &right_order, schedule.makespan()) else {
        return schedule.clone();
    };
    // Symmetrically, by non-decreasing start the left pass only moves activities left.
    let left = decoder.forward(problem, &right.start_order(problem));
    if left.makespan() <= schedule.makespan() {
        left
    } else {
        schedule.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcpsp::problem::{Activity, Capacity};
    use crate::rcpsp::serial::serial_schedule;

    /// Capacity 2, four independent activities of demand 1 lasting 3, 2, 1 and 3.
    fn problem() -> Problem {
        let activity = |duration| Activity {
            duration,
            demands: vec![1],
            release: 0,
        };
        Problem::new(
            vec![Capacity::Constant(2)],
            vec![activity(3), activity(2), activity(1), activity(3)],
            &[],
        )
        .unwrap()
    }

    #[test]
    fn shortens_a_schedule_with_a_gap() {
        let problem = problem();
        // The short activity 2 takes the unit freed at period 2, so 3 waits until 3.
        let forward = serial_schedule(&problem, &[0, 1, 2, 3]).unwrap();
        assert_eq!(forward.starts(), &[0, 0, 2, 3]);
        let justified = double_justification(&problem, &forward).unwrap();
        assert_eq!(justified.makespan(), 5);
        crate::rcpsp::schedule::verify(&problem, justified.starts()).unwrap();
    }

    #[test]
    fn never_lengthens_an_optimal_schedule() {
        let problem = problem();
        let forward = serial_schedule(&problem, &[3, 1, 0, 2]).unwrap();
        let justified = double_justification(&problem, &forward).unwrap();
        assert!(justified.makespan() <= forward.makespan());
    }
}
