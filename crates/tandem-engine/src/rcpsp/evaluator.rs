//! Turns activity lists into justified schedules while counting every serial decoding
//! against the schedule budget: the one place where the budget is spent.

use super::justify::{JUSTIFICATION_PASSES, justify};
use super::problem::{Problem, Time};
use super::schedule::Schedule;
use super::serial::SerialDecoder;

/// An activity list with the makespan it decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Individual {
    /// Precedence-feasible list; after evaluation, the start order of its justified
    /// schedule, so decoding it again gives that schedule directly.
    pub(crate) list: Vec<usize>,
    pub(crate) makespan: Time,
}

/// Decodes and justifies lists, keeps the best schedule seen and the count of schedules
/// generated.
pub(crate) struct Evaluator<'a> {
    problem: &'a Problem,
    decoder: SerialDecoder,
    budget: u64,
    used: u64,
    best: Option<Schedule>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(problem: &'a Problem, budget: u64) -> Self {
        Self {
            problem,
            decoder: SerialDecoder::new(problem),
            budget,
            used: 0,
            best: None,
        }
    }

    /// Whether another list can still be decoded.
    pub(crate) fn has_budget(&self) -> bool {
        self.used < self.budget
    }

    /// Schedules generated so far.
    pub(crate) fn used(&self) -> u64 {
        self.used
    }

    /// The shortest schedule generated so far.
    pub(crate) fn best(&self) -> Option<&Schedule> {
        self.best.as_ref()
    }

    /// Decodes `list` with the serial scheme (one schedule) and, if its makespan is below
    /// `justify_below` and the budget allows, double-justifies the result (two more).
    pub(crate) fn evaluate(&mut self, list: &[usize], justify_below: Time) -> Individual {
        let mut schedule = self.decoder.forward(self.problem, list);
        self.used += 1;
        let remaining = self.budget - self.used.min(self.budget);
        if schedule.makespan() < justify_below && remaining >= JUSTIFICATION_PASSES {
            schedule = justify(&mut self.decoder, self.problem, &schedule);
            self.used += JUSTIFICATION_PASSES;
        }
        let individual = Individual {
            list: schedule.start_order(self.problem),
            makespan: schedule.makespan(),
        };
        if self
            .best
            .as_ref()
            .is_none_or(|best| schedule.makespan() < best.makespan())
        {
            self.best = Some(schedule);
        }
        individual
    }
}
