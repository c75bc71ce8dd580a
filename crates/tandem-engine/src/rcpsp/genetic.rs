//! The metaheuristic: an activity-list genetic algorithm (Hartmann, 1998) whose every
//! child is decoded by the serial scheme and double-justified (Valls, Ballestín &
//! Quintanilla, 2005), with the justified start order written back into the child.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::bounds::critical_path_bound;
use super::evaluator::{Evaluator, Individual};
use super::operators::{shift_mutation, two_point_crossover};
use super::priority::{PriorityRule, priority_list};
use super::problem::{Problem, ProblemError, Time};
use super::sampling::biased_random_list;
use super::schedule::Schedule;

/// How long to search and from which random seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Maximum number of schedules to generate; every serial decoding counts, including
    /// each of the two passes of a justification. At least one schedule is always made.
    pub schedule_budget: u64,
    /// Seed of the random generator: the same seed gives the same result.
    pub seed: u64,
}

impl Default for Options {
    /// The budget of the usual benchmark comparisons.
    fn default() -> Self {
        Self {
            schedule_budget: 5_000,
            seed: 0,
        }
    }
}

/// The best schedule found and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// The shortest feasible schedule found.
    pub schedule: Schedule,
    /// Schedules generated to find it (never more than the budget, but at least one).
    pub schedules_used: u64,
    /// The critical-path lower bound: a schedule this long is optimal.
    pub lower_bound: Time,
}

/// Bounds of the population size, which grows with the schedules available per
/// activity: small instances with a large budget profit from diversity, large ones from
/// more generations.
const POPULATION_RANGE: (u64, u64) = (30, 120);
/// Expected number of activities the mutation moves in each child.
const MOVES_PER_CHILD: f64 = 5.0;
/// Children whose forward schedule is more than this fraction longer than the worst
/// individual are not worth two more schedules of justification.
const JUSTIFY_MARGIN: f64 = 0.05;

/// Levels `problem`: finds a short schedule that respects every precedence and capacity.
///
/// Deterministic for a given `options.seed`. Stops early once the critical-path lower
/// bound is reached, since nothing shorter exists. Release dates are honoured.
///
/// # Errors
/// [`ProblemError::NotFinishToStart`] when a relation is not finish-to-start with a
/// non-negative lag: every child is justified, which cannot keep such relations.
/// [`priority_rule_schedule`](super::priority_rule_schedule) schedules those problems.
pub fn solve(problem: &Problem, options: &Options) -> Result<Solution, ProblemError> {
    problem.require_finish_to_start()?;
    let lower_bound = critical_path_bound(problem);
    let mut evaluator = Evaluator::new(problem, options.schedule_budget.max(1));
    let mut rng = SmallRng::seed_from_u64(options.seed);
    let activities = u64::try_from(problem.len().max(1)).unwrap_or(u64::MAX);
    let (fewest, most) = POPULATION_RANGE;
    let population_size = (options.schedule_budget / activities).clamp(fewest, most) as usize;
    let mut search = Search {
        problem,
        lower_bound,
        evaluator: &mut evaluator,
        rng: &mut rng,
        population: Vec::with_capacity(population_size),
        population_size,
        mutation_rate: (MOVES_PER_CHILD / problem.len().max(1) as f64).min(1.0),
    };
    search.seed_population();
    search.evolve();
    let schedules_used = evaluator.used();
    let schedule = evaluator
        .best()
        .cloned()
        .unwrap_or_else(|| Schedule::new(problem, vec![0; problem.len()]));
    Ok(Solution {
        schedule,
        schedules_used,
        lower_bound,
    })
}

struct Search<'p, 'e> {
    problem: &'p Problem,
    lower_bound: Time,
    evaluator: &'e mut Evaluator<'p>,
    rng: &'e mut SmallRng,
    population: Vec<Individual>,
    population_size: usize,
    mutation_rate: f64,
}

impl Search<'_, '_> {
    fn should_continue(&self) -> bool {
        self.evaluator.has_budget()
            && self
                .evaluator
                .best()
                .is_none_or(|best| best.makespan() > self.lower_bound)
    }

    /// The latest-finish-time list, then biased random samples around it.
    fn seed_population(&mut self) {
        let keys = PriorityRule::LatestFinishTime.keys(self.problem);
        let first = priority_list(self.problem, &keys);
        let individual = self.evaluator.evaluate(&first, Time::MAX);
        self.population.push(individual);
        while self.population.len() < self.population_size && self.should_continue() {
            let list = biased_random_list(self.problem, &keys, self.rng);
            let individual = self.evaluator.evaluate(&list, Time::MAX);
            self.population.push(individual);
        }
    }

    /// Steady-state evolution: two parents by tournament, two children, each replacing
    /// the worst individual when better and new.
    fn evolve(&mut self) {
        while self.should_continue() {
            let mother = self.tournament();
            let father = self.tournament();
            for (first, second) in [(mother, father), (father, mother)] {
                if !self.should_continue() {
                    return;
                }
                let mut child = two_point_crossover(
                    &self.population[first].list,
                    &self.population[second].list,
                    self.rng,
                );
                shift_mutation(self.problem, &mut child, self.mutation_rate, self.rng);
                let child = self
                    .evaluator
                    .evaluate(&child, self.justification_threshold());
                self.admit(child);
            }
        }
    }

    /// Makespan below which a child's schedule is justified.
    fn justification_threshold(&self) -> Time {
        let worst = self
            .population
            .iter()
            .map(|member| member.makespan)
            .max()
            .unwrap_or(Time::MAX);
        let margin = (f64::from(worst) * JUSTIFY_MARGIN) as Time;
        worst.saturating_add(margin).saturating_add(1)
    }

    /// Index of the shorter of two random individuals.
    fn tournament(&mut self) -> usize {
        let a = self.rng.random_range(0..self.population.len());
        let b = self.rng.random_range(0..self.population.len());
        if self.population[b].makespan < self.population[a].makespan {
            b
        } else {
            a
        }
    }

    fn admit(&mut self, child: Individual) {
        if self
            .population
            .iter()
            .any(|member| member.list == child.list)
        {
            return;
        }
        let Some((worst, _)) = self
            .population
            .iter()
            .enumerate()
            .max_by_key(|(_, member)| member.makespan)
        else {
            return;
        };
        if child.makespan <= self.population[worst].makespan {
            self.population[worst] = child;
        }
    }
}
